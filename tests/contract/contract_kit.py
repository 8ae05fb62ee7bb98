"""Plain helpers of the contract suite: an HTTP client for the Sunnsteel API and assertions on its shapes.

Only httpx talks to the backend; nothing here imports the local backend or the web app, so the suite can be
pointed at any deployment (see conftest.py for the environment variables).
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx

MUSCLE_GROUPS = {
    "PECTORAL",
    "LATISSIMUS_DORSI",
    "TRAPEZIUS",
    "REAR_DELTOIDS",
    "ERECTOR_SPINAE",
    "TERES_MAJOR_MINOR",
    "ANTERIOR_DELTOIDS",
    "MEDIAL_DELTOIDS",
    "BICEPS",
    "FOREARMS",
    "TRICEPS",
    "QUADRICEPS",
    "HAMSTRINGS",
    "GLUTES",
    "CALVES",
    "CORE",
    "ADDUCTOR",
}
PROGRESSION_SCHEMES = {"NONE", "DOUBLE_PROGRESSION", "DYNAMIC_DOUBLE_PROGRESSION"}
DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
THROTTLED = "ThrottlerException: Too Many Requests"
NIL_UUID = "00000000-0000-0000-0000-000000000000"

# Exact key sets, read from contract-samples.md.
ROUTINE_KEYS = {
    "id",
    "userId",
    "name",
    "description",
    "isPeriodized",
    "isFavorite",
    "isCompleted",
    "days",
    "createdAt",
    "updatedAt",
}
ROUTINE_DAY_KEYS = {"id", "dayOfWeek", "order", "exercises"}
ROUTINE_EXERCISE_KEYS = {
    "id",
    "order",
    "restSeconds",
    "note",
    "progressionScheme",
    "minWeightIncrement",
    "exercise",
    "sets",
}
ROUTINE_SET_KEYS = {"setNumber", "repType", "reps", "minReps", "maxReps", "weight", "rir"}
START_KEYS = {"id", "routineId", "routineDayId", "status", "startedAt", "endedAt", "reused"}
SESSION_KEYS = {
    "id",
    "userId",
    "routineId",
    "routineDayId",
    "status",
    "startedAt",
    "endedAt",
    "durationSec",
    "notes",
    "lastActivityAt",
    "routine",
    "routineDay",
}
SESSION_EXERCISE_KEYS = {
    "id",
    "order",
    "restSeconds",
    "progressionScheme",
    "minWeightIncrement",
    "exercise",
    "sets",
}
SESSION_SET_KEYS = {"id", "setNumber", "repType", "reps", "minReps", "maxReps", "weight"}
SET_LOG_KEYS = {
    "id",
    "sessionId",
    "routineExerciseId",
    "exerciseId",
    "setNumber",
    "reps",
    "weight",
    "rpe",
    "isCompleted",
    "completedAt",
    "createdAt",
    "updatedAt",
}
SUMMARY_REQUIRED_KEYS = {"id", "status", "startedAt", "endedAt", "routine"}
SUMMARY_OPTIONAL_KEYS = {"durationSec", "notes", "totalVolume", "totalSets", "totalExercises"}
EXERCISE_KEYS = {"id", "name", "primaryMuscles", "secondaryMuscles", "equipment", "createdAt", "updatedAt"}

_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")


class Api:
    """One user's view of the backend: the base URL, an optional bearer token, nothing else.

    ``pace`` (used against remote deployments, whose limit is 100 requests a minute per client) waits out a
    429 and repeats the request, so a long suite run does not fail on the shared budget. The rate-limit tests
    use ``raw`` requests, which never wait.
    """

    def __init__(self, http: httpx.Client, api_url: str, token: str | None = None, *, pace: bool = False):
        self.http = http
        self.api_url = api_url.rstrip("/")
        self.api_prefix = urlsplit(self.api_url).path.rstrip("/")
        self.token = token
        self.pace = pace

    def with_token(self, token: str | None) -> Api:
        return Api(self.http, self.api_url, token, pace=self.pace)

    # --- transport -------------------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Any = None,
        headers: dict[str, str] | None = None,
        raw: bool = False,
        content: bytes | None = None,
    ) -> httpx.Response:
        all_headers = {"Accept": "application/json"}
        if self.token is not None:
            all_headers["Authorization"] = f"Bearer {self.token}"
        all_headers.update(headers or {})
        url = self.api_url + path
        for attempt in range(4):
            response = self.http.request(
                method, url, json=json, params=params, headers=all_headers, content=content
            )
            # Cookies (ss_session) are checked on the response; never send them back.
            self.http.cookies.clear()
            if response.status_code != 429 or raw or not self.pace or attempt == 3:
                return response
            time.sleep(_retry_delay(response))
        raise AssertionError("unreachable")

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.request("POST", path, json=json, **kw)

    def put(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.request("PUT", path, json=json, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.request("PATCH", path, json=json, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", path, **kw)

    # --- resources the tests keep using ---------------------------------------------------------------------
    def ok(
        self,
        method: str,
        path: str,
        json: Any = None,
        *,
        status: int | tuple[int, ...] = 200,
        params: Any = None,
    ) -> Any:
        response = self.request(method, path, json=json, params=params)
        expected = (status,) if isinstance(status, int) else status
        assert response.status_code in expected, (
            f"{method} {path} -> {response.status_code} {response.text[:500]}"
        )
        return response.json() if response.content else None

    def exercises(self) -> list[dict]:
        return self.ok("GET", "/exercises")

    def create_routine(self, body: dict) -> dict:
        return self.ok("POST", "/routines", body, status=201)

    def routine(self, routine_id: str) -> dict:
        return self.ok("GET", f"/routines/{routine_id}")

    def start(self, routine: dict, day_index: int = 0, notes: str | None = None) -> dict:
        body: dict[str, Any] = {"routineId": routine["id"], "routineDayId": routine["days"][day_index]["id"]}
        if notes is not None:
            body["notes"] = notes
        return self.ok("POST", "/workouts/sessions/start", body, status=(200, 201))

    def session(self, session_id: str) -> dict:
        return self.ok("GET", f"/workouts/sessions/{session_id}")

    def finish(self, session_id: str, status: str = "COMPLETED", notes: str | None = None) -> dict:
        body: dict[str, Any] = {"status": status}
        if notes is not None:
            body["notes"] = notes
        return self.ok("PATCH", f"/workouts/sessions/{session_id}/finish", body)

    def log_set(self, session_id: str, routine_exercise: dict, set_number: int, **fields: Any) -> dict:
        body = {
            "routineExerciseId": routine_exercise["id"],
            "exerciseId": routine_exercise["exercise"]["id"],
            "setNumber": set_number,
            **fields,
        }
        return self.ok("PUT", f"/workouts/sessions/{session_id}/set-logs", body)

    def active_session(self) -> dict | None:
        """The in-progress session, or None (200 with an empty/null body, or 404: both mean none)."""
        response = self.get("/workouts/sessions/active")
        if response.status_code == 404:
            return None
        assert response.status_code == 200, response.text
        if not response.content.strip():
            return None
        return response.json()

    def abort_active_session(self) -> None:
        active = self.active_session()
        if active is not None:
            self.finish(active["id"], "ABORTED")

    def list_sessions(self, **params: Any) -> dict:
        return self.ok("GET", "/workouts/sessions", params=params)

    def list_all_sessions(self, **params: Any) -> list[dict]:
        """Follows nextCursor to the end; fails on a page that repeats an id."""
        items: list[dict] = []
        cursor = None
        for _ in range(200):
            query = dict(params)
            if cursor is not None:
                query["cursor"] = cursor
            page = self.list_sessions(**query)
            items.extend(page["items"])
            if "nextCursor" not in page:
                return items
            cursor = page["nextCursor"]
            assert cursor == page["items"][-1]["id"], "nextCursor must be the last item's id"
        raise AssertionError("paging did not end after 200 pages")


def _retry_delay(response: httpx.Response) -> float:
    for name in ("Retry-After-long", "Retry-After", "X-RateLimit-Reset-long"):
        value = response.headers.get(name)
        if value:
            try:
                return min(max(float(value), 1.0), 61.0)
            except ValueError:
                pass
    return 61.0


# --- assertions -----------------------------------------------------------------------------------


def is_iso(value: Any) -> bool:
    return isinstance(value, str) and bool(_ISO_RE.match(value))


def parse_iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def iso_ms(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def midpoint(a: str, b: str) -> str:
    """An ISO instant strictly between two instants at least 2 ms apart."""
    start, end = parse_iso(a), parse_iso(b)
    assert end - start >= timedelta(milliseconds=2), f"{a} and {b} are too close to bound between"
    return iso_ms(start + (end - start) / 2)


def is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def assert_error(
    response: httpx.Response,
    status: int,
    message: str | None = None,
    *,
    contains: str | tuple[str, ...] = (),
    path: str | None = None,
) -> dict:
    """The production error body: {statusCode, message, timestamp, path[, code, params]}."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    body = response.json()
    assert isinstance(body, dict), body
    assert body["statusCode"] == status, body
    assert isinstance(body["message"], str) and body["message"], body
    assert is_iso(body["timestamp"]), body
    assert isinstance(body["path"], str), body
    if path is not None:
        assert body["path"] == path, body
    else:
        assert (
            body["path"] == response.request.url.raw_path.decode().split("?")[0]
            or body["path"] == response.request.url.raw_path.decode()
        ), body
    assert set(body) <= {"statusCode", "message", "code", "params", "timestamp", "path"}, body
    if "params" in body:
        assert isinstance(body["params"], dict), body
    if message is not None:
        assert body["message"] == message, body
    for fragment in (contains,) if isinstance(contains, str) else contains:
        assert fragment in body["message"], body
    return body


def assert_routine_shape(routine: dict, *, with_days: bool = True) -> None:
    expected = ROUTINE_KEYS if with_days else ROUTINE_KEYS - {"days"}
    assert set(routine) == expected, sorted(routine)
    assert is_uuid(routine["id"]) and is_uuid(routine["userId"])
    assert is_iso(routine["createdAt"]) and is_iso(routine["updatedAt"])
    for flag in ("isPeriodized", "isFavorite", "isCompleted"):
        assert isinstance(routine[flag], bool)
    if not with_days:
        return
    for day in routine["days"]:
        assert set(day) == ROUTINE_DAY_KEYS, sorted(day)
        assert 0 <= day["dayOfWeek"] <= 6
        for slot in day["exercises"]:
            assert set(slot) == ROUTINE_EXERCISE_KEYS, sorted(slot)
            assert set(slot["exercise"]) == {"id", "name"}
            assert slot["progressionScheme"] in PROGRESSION_SCHEMES
            for routine_set in slot["sets"]:
                assert set(routine_set) == ROUTINE_SET_KEYS, sorted(routine_set)
                assert routine_set["repType"] in {"FIXED", "RANGE"}


def assert_session_shape(session: dict, *, set_logs: bool) -> None:
    expected = SESSION_KEYS | ({"setLogs"} if set_logs else set())
    assert set(session) == expected, sorted(session)
    assert session["status"] in {"IN_PROGRESS", "COMPLETED", "ABORTED"}
    assert is_iso(session["startedAt"])
    assert set(session["routine"]) == {"id", "name", "description"}
    day = session["routineDay"]
    assert set(day) == {"id", "dayOfWeek", "exercises"}, sorted(day)
    for slot in day["exercises"]:
        assert set(slot) == SESSION_EXERCISE_KEYS, sorted(slot)
        assert set(slot["exercise"]) == {"id", "name", "primaryMuscles"}
        for routine_set in slot["sets"]:
            assert set(routine_set) == SESSION_SET_KEYS, sorted(routine_set)
    if set_logs:
        for log in session["setLogs"]:
            assert_set_log_shape(log)


def assert_set_log_shape(log: dict, *, put_answer: bool = False) -> None:
    """A set log as a session's GET shows it; `put_answer`: as `PUT …/set-logs` answers it, where production
    leaves `reps` null when it was never sent (a quirk: the session's GET shows 0)."""
    assert set(log) == SET_LOG_KEYS, sorted(log)
    assert is_uuid(log["id"])
    assert isinstance(log["reps"], int) or (put_answer and log["reps"] is None), log
    assert isinstance(log["isCompleted"], bool)
    assert is_iso(log["createdAt"]) and is_iso(log["updatedAt"])
    assert log["completedAt"] is None or is_iso(log["completedAt"])


def assert_summary_shape(item: dict) -> None:
    assert SUMMARY_REQUIRED_KEYS <= set(item) <= SUMMARY_REQUIRED_KEYS | SUMMARY_OPTIONAL_KEYS, sorted(item)
    assert set(item["routine"]) == {"id", "name", "dayName"}
    assert item["routine"]["dayName"] in DAY_NAMES
    for key in SUMMARY_OPTIONAL_KEYS & set(item):
        assert item[key] is not None, f"absent optional fields are left out, not null: {key}"


def jwt_claims(token: str) -> dict:
    """The unverified payload of a JWT (the suite only reads sub and email from it)."""
    payload = token.split(".")[1]
    payload += "=" * (-len(payload) % 4)
    return json.loads(base64.urlsafe_b64decode(payload))


def tampered(token: str) -> str:
    """The same JWT with a signature that no longer matches."""
    header, payload, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{header}.{payload}.{flipped}"


def weights(routine_or_session: dict, day_index: int | None = None) -> list[list[float | None]]:
    """[[set weights] per exercise] of a routine day (routine) or of a session's routineDay."""
    if "routineDay" in routine_or_session:
        day = routine_or_session["routineDay"]
    else:
        day = routine_or_session["days"][day_index or 0]
    return [[s["weight"] for s in slot["sets"]] for slot in day["exercises"]]


def name_sort_keys():
    """Orders a Postgres collation may produce for ``ORDER BY name``: byte order, case-insensitive, or a
    locale's first level (punctuation and case ignored)."""
    return (
        lambda name: name,
        lambda name: name.casefold(),
        lambda name: "".join(ch for ch in name.casefold() if ch.isalnum()),
        lambda name: "".join(ch for ch in name.casefold() if ch.isalnum() or ch == " "),
    )


# --- request-body builders ------------------------------------------------------------------------


def fixed_set(number: int, reps: int, weight: float | None, **extra: Any) -> dict:
    return {"setNumber": number, "repType": "FIXED", "reps": reps, "weight": weight, **extra}


def range_set(number: int, low: int, high: int, weight: float | None, **extra: Any) -> dict:
    return {
        "setNumber": number,
        "repType": "RANGE",
        "minReps": low,
        "maxReps": high,
        "weight": weight,
        **extra,
    }


def exercise_slot(
    exercise_id: str,
    sets: list[dict],
    *,
    scheme: str = "NONE",
    increment: float = 2.5,
    rest: int = 60,
    order: int | None = None,
    note: str | None = None,
) -> dict:
    slot: dict[str, Any] = {
        "exerciseId": exercise_id,
        "restSeconds": rest,
        "progressionScheme": scheme,
        "minWeightIncrement": increment,
        "sets": sets,
    }
    if order is not None:
        slot["order"] = order
    if note is not None:
        slot["note"] = note
    return slot


def routine_body(name: str, days: list[dict], *, description: str | None = None) -> dict:
    body: dict[str, Any] = {"name": name, "isPeriodized": False, "days": days}
    if description is not None:
        body["description"] = description
    return body


def push_pull_body(name: str, bench_id: str, curl_id: str) -> dict:
    """Exactly the routine of contract-samples.md 10_create_routine (with another name)."""
    return {
        "name": name,
        "description": "test routine",
        "isPeriodized": False,
        "days": [
            {
                "dayOfWeek": 1,
                "order": 0,
                "exercises": [
                    {
                        "exerciseId": bench_id,
                        "order": 0,
                        "restSeconds": 120,
                        "note": "pause first rep",
                        "progressionScheme": "DOUBLE_PROGRESSION",
                        "minWeightIncrement": 2.5,
                        "sets": [
                            {
                                "setNumber": 1,
                                "repType": "RANGE",
                                "minReps": 8,
                                "maxReps": 12,
                                "weight": 60,
                                "rir": 2,
                            },
                            {"setNumber": 2, "repType": "FIXED", "reps": 10, "weight": 60},
                        ],
                    },
                    {
                        "exerciseId": curl_id,
                        "order": 1,
                        "restSeconds": 90,
                        "progressionScheme": "NONE",
                        "minWeightIncrement": 1.25,
                        "sets": [{"setNumber": 1, "repType": "FIXED", "reps": 12, "weight": 20}],
                    },
                ],
            },
            {
                "dayOfWeek": 4,
                "order": 1,
                "exercises": [
                    {
                        "exerciseId": curl_id,
                        "restSeconds": 60,
                        "progressionScheme": "DYNAMIC_DOUBLE_PROGRESSION",
                        "minWeightIncrement": 1,
                        "sets": [
                            {"setNumber": 1, "repType": "RANGE", "minReps": 10, "maxReps": 15, "weight": 15}
                        ],
                    },
                ],
            },
        ],
    }
