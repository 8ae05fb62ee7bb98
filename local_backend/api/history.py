"""GET /workouts/sessions: the filtered, sorted, cursor-paged history.

Ordering is total (the sort time, then id), and a cursor means "after this session in that
order", so pages never repeat or skip items even when sessions are added between requests.
Null times sort as PostgreSQL sorts them: first when descending, last when ascending.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from local_backend.api.routing import app_user
from local_backend.api.serializers import summary_json
from local_backend.api.sessions import abort_idle_sessions
from local_backend.models import WorkoutSession
from local_backend.responses import ApiError, json_response
from local_backend.timeutil import parse_bound
from local_backend.validation import check_query, is_uuid

SORTS = ("finishedAt:desc", "finishedAt:asc", "startedAt:desc", "startedAt:asc")
STATUSES = ("IN_PROGRESS", "COMPLETED", "ABORTED")
QUERY = ("status", "routineId", "from", "to", "q", "cursor", "limit", "sort")

SortKey = tuple[int, float, int]


def _sort_key(sort: str) -> Callable[[WorkoutSession], SortKey]:
    field, direction = sort.split(":")
    attribute = "ended_at" if field == "finishedAt" else "started_at"
    descending = direction == "desc"

    def key(session: WorkoutSession) -> SortKey:
        moment: dt.datetime | None = getattr(session, attribute)
        stamp = moment.timestamp() if moment else 0.0
        ident = uuid.UUID(str(session.id)).int
        if descending:
            return (0 if moment is None else 1, -stamp, -ident)
        return (1 if moment is None else 0, stamp, ident)

    return key


def _parse(params: dict[str, str]) -> dict[str, object]:
    errors: list[str] = []
    status = params.get("status")
    if status is not None and status not in STATUSES:
        errors.append(f"status must be one of the following values: {', '.join(STATUSES)}")
    routine_id = params.get("routineId")
    if routine_id is not None and not is_uuid(routine_id):
        errors.append("routineId must be a UUID")
    bounds = {}
    for name in ("from", "to"):
        if name in params:
            bounds[name] = parse_bound(params[name], end_of_day=name == "to")
            if bounds[name] is None:
                errors.append(f"{name} must be a valid ISO 8601 date string")
    limit = 20
    if "limit" in params:
        raw = params["limit"].strip()
        if not raw.lstrip("-").isdigit():
            errors += ["limit must not be greater than 50", "limit must not be less than 1"]
            errors.append("limit must be an integer number")
        elif not 1 <= int(raw) <= 50:
            errors.append(
                "limit must not be greater than 50" if int(raw) > 50 else "limit must not be less than 1"
            )
        else:
            limit = int(raw)
    sort = params.get("sort", "finishedAt:desc")
    if sort not in SORTS:
        errors.append(f"sort must be one of the following values: {', '.join(SORTS)}")
    cursor = params.get("cursor")
    if cursor is not None and not is_uuid(cursor):
        errors.append("cursor must be a UUID")
    if errors:
        raise ApiError(400, ", ".join(errors))
    return {
        "status": status,
        "routine_id": routine_id,
        "from": bounds.get("from"),
        "to": bounds.get("to"),
        "q": (params.get("q") or "").strip(),
        "cursor": cursor,
        "limit": limit,
        "sort": sort,
    }


def sessions_list(request: HttpRequest) -> HttpResponse:
    """GET /workouts/sessions?status&routineId&from&to&q&cursor&limit&sort -> {items, nextCursor?}"""
    user = app_user(request)
    query = _parse(check_query(request, QUERY))
    abort_idle_sessions(user)
    mine = WorkoutSession.objects.filter(user=user).select_related("routine", "routine_day")
    sessions = mine
    if query["status"]:
        sessions = sessions.filter(status=query["status"])
    if query["routine_id"]:
        sessions = sessions.filter(routine_id=str(query["routine_id"]))
    bound_field = "started_at" if query["status"] == "IN_PROGRESS" else "ended_at"
    if query["from"]:
        sessions = sessions.filter(**{f"{bound_field}__gte": query["from"]})
    if query["to"]:
        sessions = sessions.filter(**{f"{bound_field}__lte": query["to"]})
    rows = list(sessions)
    if query["q"]:
        needle = str(query["q"]).casefold()
        rows = [s for s in rows if s.notes and needle in s.notes.casefold()]
    key = _sort_key(str(query["sort"]))
    rows.sort(key=key)
    if query["cursor"]:
        after = mine.filter(pk=str(query["cursor"])).first()
        rows = [s for s in rows if key(s) > key(after)] if after else []
    limit = int(str(query["limit"]))
    body: dict[str, object] = {"items": [summary_json(s) for s in rows[:limit]]}
    if len(rows) > limit:
        body["nextCursor"] = str(rows[limit - 1].id)
    return json_response(body)
