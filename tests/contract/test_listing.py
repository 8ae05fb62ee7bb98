"""GET /workouts/sessions: summaries, filters (status, routineId, from/to, q), sorts and cursor paging."""

from datetime import timedelta

import pytest

from tests.contract.contract_kit import assert_error, assert_summary_shape, iso_ms, midpoint, parse_iso

pytestmark = pytest.mark.contract

SORTS = {
    "finishedAt:desc": ("endedAt", True),
    "finishedAt:asc": ("endedAt", False),
    "startedAt:desc": ("startedAt", True),
    "startedAt:asc": ("startedAt", False),
}


def _finished(api, routine, *, day_index=0, status="COMPLETED", notes=None):
    started = api.start(routine, day_index=day_index)
    assert started["reused"] is False
    return api.finish(started["id"], status, notes=notes)


def _ids(items):
    return [item["id"] for item in items]


def _assert_sorted(items, sort):
    field, descending = SORTS[sort]
    moments = [parse_iso(item[field]) for item in items]
    assert moments == sorted(moments, reverse=descending), (sort, [item[field] for item in items])


@pytest.fixture
def three_finished(api_a, make_routine, unique):
    """A routine with three finished sessions, oldest first, notes tagged with one search token."""
    routine = make_routine()
    token = unique("tag").replace(" ", "")
    sessions = [
        _finished(api_a, routine, notes=f"first {token}"),
        _finished(api_a, routine, day_index=1, status="ABORTED", notes=f"second {token}"),
        _finished(api_a, routine, notes=f"third {token}"),
    ]
    return routine, token, sessions


def test_the_list_summarises_finished_sessions(api_a, make_routine, unique):
    routine = make_routine()
    token = unique("strong").replace(" ", "")
    finished = _finished(api_a, routine, notes=f"felt strong {token}")

    page = api_a.list_sessions(q=token)

    assert set(page) == {"items"}, "nextCursor is left out when there is no further page"
    [item] = page["items"]
    assert_summary_shape(item)
    assert item["id"] == finished["id"]
    assert item["status"] == "COMPLETED"
    assert (item["startedAt"], item["endedAt"]) == (finished["startedAt"], finished["endedAt"])
    assert item["durationSec"] == finished["durationSec"]
    assert item["notes"] == f"felt strong {token}"
    assert item["routine"] == {"id": routine["id"], "name": routine["name"], "dayName": "Monday"}


def test_a_session_without_notes_leaves_notes_out(api_a, make_routine):
    routine = make_routine()
    finished = _finished(api_a, routine, day_index=1, status="ABORTED")

    [item] = api_a.list_sessions(routineId=routine["id"])["items"]

    assert item["id"] == finished["id"]
    assert "notes" not in item
    assert item["status"] == "ABORTED"
    assert item["routine"]["dayName"] == "Thursday"


def test_status_filters_the_list(api_a, three_finished):
    routine, _, sessions = three_finished

    completed = api_a.list_sessions(routineId=routine["id"], status="COMPLETED")["items"]
    aborted = api_a.list_sessions(routineId=routine["id"], status="ABORTED")["items"]

    assert set(_ids(completed)) == {sessions[0]["id"], sessions[2]["id"]}
    assert _ids(aborted) == [sessions[1]["id"]]


def test_routine_id_filters_the_list(api_a, make_routine, three_finished):
    routine, _, sessions = three_finished
    other = make_routine()
    elsewhere = _finished(api_a, other)

    mine = api_a.list_sessions(routineId=routine["id"])["items"]
    theirs = api_a.list_sessions(routineId=other["id"])["items"]

    assert set(_ids(mine)) == {s["id"] for s in sessions}
    assert _ids(theirs) == [elsewhere["id"]]


def test_in_progress_status_lists_the_active_session(api_a, make_routine):
    routine = make_routine()
    started = api_a.start(routine)

    items = api_a.list_sessions(status="IN_PROGRESS")["items"]

    assert _ids(items) == [started["id"]]
    assert items[0]["endedAt"] is None
    assert "durationSec" not in items[0]


def test_in_progress_from_and_to_bound_the_start_time(api_a, make_routine):
    routine = make_routine()
    started = api_a.start(routine)
    before = iso_ms(parse_iso(started["startedAt"]) - timedelta(seconds=1))
    after = iso_ms(parse_iso(started["startedAt"]) + timedelta(seconds=1))

    assert _ids(api_a.list_sessions(status="IN_PROGRESS", **{"from": before})["items"]) == [started["id"]]
    assert _ids(api_a.list_sessions(status="IN_PROGRESS", to=after)["items"]) == [started["id"]]
    assert api_a.list_sessions(status="IN_PROGRESS", **{"from": after})["items"] == []
    assert api_a.list_sessions(status="IN_PROGRESS", to=before)["items"] == []


def test_q_searches_session_notes_case_insensitively(api_a, three_finished):
    _, token, sessions = three_finished

    everything = api_a.list_sessions(q=token.upper())["items"]
    one = api_a.list_sessions(q=f"SECOND {token}")["items"]
    none = api_a.list_sessions(q=f"fourth {token}")["items"]

    assert set(_ids(everything)) == {s["id"] for s in sessions}
    assert _ids(one) == [sessions[1]["id"]]
    assert none == []


def test_from_and_to_bound_the_end_time(api_a, three_finished):
    routine, _, (first, second, third) = three_finished
    between_first_and_second = midpoint(first["endedAt"], second["endedAt"])
    between_second_and_third = midpoint(second["endedAt"], third["endedAt"])

    since = api_a.list_sessions(routineId=routine["id"], **{"from": between_first_and_second})["items"]
    until = api_a.list_sessions(routineId=routine["id"], to=between_second_and_third)["items"]
    window = api_a.list_sessions(
        routineId=routine["id"], **{"from": between_first_and_second}, to=between_second_and_third
    )["items"]

    assert set(_ids(since)) == {second["id"], third["id"]}
    assert set(_ids(until)) == {first["id"], second["id"]}
    assert _ids(window) == [second["id"]]


def test_the_default_sort_is_most_recently_finished_first(api_a, three_finished):
    routine, _, (first, second, third) = three_finished

    default = api_a.list_sessions(routineId=routine["id"])["items"]
    explicit = api_a.list_sessions(routineId=routine["id"], sort="finishedAt:desc")["items"]

    assert _ids(default) == [third["id"], second["id"], first["id"]]
    assert explicit == default


@pytest.mark.parametrize("sort", SORTS)
def test_each_sort_orders_by_its_field(api_a, three_finished, sort):
    routine, _, (first, second, third) = three_finished
    _, descending = SORTS[sort]

    items = api_a.list_sessions(routineId=routine["id"], sort=sort)["items"]

    expected = [first["id"], second["id"], third["id"]]
    assert _ids(items) == (expected[::-1] if descending else expected)
    _assert_sorted(items, sort)


@pytest.mark.parametrize("sort", SORTS)
def test_cursor_paging_has_no_duplicates_and_no_gaps(api_a, make_routine, unique, sort):
    routine = make_routine()
    made = [_finished(api_a, routine, day_index=i % 2, notes=f"page {i}") for i in range(5)]
    unpaged = api_a.list_sessions(routineId=routine["id"], sort=sort, limit=50)["items"]

    pages = []
    cursor = None
    while True:
        query = {"routineId": routine["id"], "sort": sort, "limit": 2}
        if cursor:
            query["cursor"] = cursor
        page = api_a.list_sessions(**query)
        pages.append(page)
        if "nextCursor" not in page:
            break
        assert page["nextCursor"] == page["items"][-1]["id"]
        cursor = page["nextCursor"]
        assert len(pages) < 10

    assert [len(page["items"]) for page in pages] == [2, 2, 1]
    paged = [item for page in pages for item in page["items"]]
    assert _ids(paged) == _ids(unpaged)
    assert sorted(_ids(paged)) == sorted(s["id"] for s in made)
    _assert_sorted(paged, sort)


def test_a_full_last_page_has_no_next_cursor(api_a, make_routine):
    routine = make_routine()
    _finished(api_a, routine)
    _finished(api_a, routine)

    first = api_a.list_sessions(routineId=routine["id"], limit=1)
    second = api_a.list_sessions(routineId=routine["id"], limit=1, cursor=first["nextCursor"])
    exact = api_a.list_sessions(routineId=routine["id"], limit=2)

    assert "nextCursor" in first
    assert "nextCursor" not in second and len(second["items"]) == 1
    assert "nextCursor" not in exact and len(exact["items"]) == 2


def test_the_default_page_holds_twenty_sessions(api_a, make_routine):
    everything = api_a.list_all_sessions(limit=50)
    if len(everything) <= 20:
        routine = make_routine()
        for i in range(21 - len(everything)):
            _finished(api_a, routine, day_index=i % 2, status="ABORTED")
        everything = api_a.list_all_sessions(limit=50)

    page = api_a.list_sessions()

    assert len(page["items"]) == 20
    assert _ids(page["items"]) == _ids(everything[:20])
    assert page["nextCursor"] == page["items"][-1]["id"]
    assert len(set(_ids(everything))) == len(everything)


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 51}, {"sort": "name:asc"}],
    ids=["limit=0", "limit=51", "sort=name:asc"],
)
def test_out_of_contract_list_parameters_are_400(api_a, params):
    [name] = params

    assert_error(api_a.get("/workouts/sessions", params=params), 400, contains=name)


def test_paging_a_demo_history_has_no_duplicates_and_no_gaps(local, anon, unique):
    user = local.create_user(email=unique("demo").replace(" ", "-") + "@example.test", demo_data=True)
    api = anon.with_token(local.sign_in(user["email"], user["password"]))

    for sort in SORTS:
        whole = api.list_all_sessions(sort=sort, limit=50)
        small_pages = api.list_all_sessions(sort=sort, limit=3)

        assert whole, "a demoData user has a finished-session history"
        assert _ids(small_pages) == _ids(whole), sort
        assert len(set(_ids(whole))) == len(whole), sort
        finished = [item for item in whole if item["status"] != "IN_PROGRESS"]
        _assert_sorted(finished, sort)
        for item in whole:
            assert_summary_shape(item)
