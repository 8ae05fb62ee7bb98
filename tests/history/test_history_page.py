"""The history page as a page: paging with the backend's cursor, chips, empty results, htmx regions, a
bookmarked URL without JavaScript, and what it costs in backend calls."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from tests.history.kit import HTMX, Demo, expected_ids, ids_in, next_page_url, text_of


def _url(**params: str) -> str:
    return "/workouts/history" + (f"?{urlencode(params)}" if params else "")


def _routine(demo: Demo, name: str) -> dict:
    return next(routine for routine in demo.routines() if routine["name"] == name)


@pytest.mark.parametrize("htmx", [False, True], ids=["whole pages", "htmx regions"])
def test_paging_through_every_page_has_no_duplicates_or_gaps(
    demo: Demo, monkeypatch: pytest.MonkeyPatch, htmx: bool
) -> None:
    monkeypatch.setattr("workouts.history.PAGE_SIZE", 7)  # several pages out of the ~30 demo sessions
    sessions = demo.sessions()

    pages = demo.walk(_url(status="all"), htmx=htmx)

    listed = [session_id for page in pages for session_id in page]
    assert len(pages) >= 4 and all(len(page) == 7 for page in pages[:-1]) and 1 <= len(pages[-1]) <= 7
    assert len(listed) == len(set(listed))  # no duplicates
    assert listed == expected_ids(sessions, status=None)  # no gaps, in order
    assert sorted(listed) == sorted(s["id"] for s in sessions)  # the whole history


def test_load_more_is_a_link_to_the_next_page_that_htmx_appends_as_it_scrolls_into_view(demo: Demo) -> None:
    page = demo.client.get(_url(status="all", sort="started_asc")).content.decode()
    more = re.search(r'<li id="history-more".*?</li>', page, re.S)

    assert more, "a first page of ~30 sessions has a next page"
    link = more.group(0)
    following = next_page_url(page)
    assert following is not None
    last_id = ids_in(page)[-1]
    assert following == f"/workouts/history?status=all&sort=started_asc&cursor={last_id}"  # the backend's
    assert f'hx-get="{following.replace("&", "&amp;")}"' in link and 'hx-target="#history-more"' in link
    assert 'hx-trigger="click, intersect once"' in link and 'hx-swap="outerHTML"' in link
    assert "You have reached the end of the list." not in page


def test_a_later_page_without_javascript_offers_the_way_back_to_the_first(demo: Demo) -> None:
    first = demo.client.get(_url(status="all")).content.decode()
    following = next_page_url(first)
    assert following

    second = demo.client.get(following).content.decode()

    assert 'href="/workouts/history?status=all">Back to the first page' in second
    assert not set(ids_in(first)) & set(ids_in(second))
    assert "You have reached the end of the list." in second


def test_active_filters_show_as_chips_each_clearing_only_itself(demo: Demo) -> None:
    routine = _routine(demo, "Upper/Lower")
    base = {
        "status": "aborted",
        "routine": routine["id"],
        "from": "2026-01-05",
        "to": "2026-12-31",
        "q": "knee",
        "sort": "started_asc",
    }

    page = demo.client.get(_url(**base)).content.decode()
    chips = dict(
        re.findall(r'<span class="chip__label">(.*?)</span><a class="chip__clear" href="([^"]+)"', page)
    )

    def without(*names: str) -> str:
        return _url(**{k: v for k, v in base.items() if k not in names}).replace("&", "&amp;")

    assert chips == {
        "Status: Aborted": without("status"),
        "Routine: Upper/Lower": without("routine"),
        "From Mon 5 Jan 2026": without("from"),
        "To Thu 31 Dec 2026": without("to"),
        "Notes: “knee”": without("q"),
    }
    assert '<a class="history-chips__all" href="/workouts/history"' in page  # "Clear all": the default


def test_clear_all_returns_to_the_default_list(demo: Demo) -> None:
    sessions = demo.sessions()

    default = demo.client.get("/workouts/history").content.decode()

    assert ids_in(default) == expected_ids(sessions)[:20]
    assert 'class="chip' not in default  # nothing to clear
    assert '<option value="completed" selected>' in default
    assert '<option value="finished_desc" selected>' in default


def test_an_empty_result_says_which_filters_to_loosen(demo: Demo) -> None:
    routine = _routine(demo, "Push Pull Legs")

    url = _url(routine=routine["id"], q="no such words", **{"from": "2026-01-01"})
    page = demo.client.get(url).content.decode()

    hints = re.search(r"<p data-loosen>.*?</p>", page, re.S)

    assert "No workouts match these filters." in text_of(page)
    assert hints and " ".join(re.sub(r"<[^>]+>", "", hints.group(0)).split()) == (
        "Try search all notes, not only “no such words”, or any date, or every routine, or every status."
    )
    assert f'href="/workouts/history?routine={routine["id"]}&amp;from=2026-01-01"' in hints.group(0)
    assert 'id="history-list"' not in page


def test_a_user_without_workouts_is_told_where_they_come_from(lifter) -> None:  # type: ignore[no-untyped-def]
    page = lifter.client.get("/workouts/history").content.decode()

    assert "No completed workouts yet." in text_of(page) and 'href="/routines/"' in page


def test_a_bookmarked_filter_url_renders_the_same_list_without_javascript(demo: Demo) -> None:
    routine = _routine(demo, "Upper/Lower")
    params = {"status": "all", "routine": routine["id"], "from": "2026-01-01", "sort": "finished_asc"}
    # With JavaScript the form's change asked for the results region, and the address bar got this URL.
    as_htmx = demo.client.get(
        _url(**params, q="", to="", tz=""), headers={**HTMX, "HX-Target": "history-results"}
    )
    bookmarked = as_htmx["HX-Push-Url"]

    page = demo.client.get(bookmarked).content.decode()  # a later visit, reload or shared link: no htmx

    assert bookmarked == _url(**params)  # short: only what differs from the defaults
    assert ids_in(page) == ids_in(as_htmx.content.decode()) and ids_in(page)
    assert '<option value="all" selected>' in page and f'<option value="{routine["id"]}" selected>' in page
    assert 'name="from" value="2026-01-01"' in page and '<option value="finished_asc" selected>' in page


def test_the_filter_form_is_a_plain_get_form_that_htmx_enhances(demo: Demo) -> None:
    page = demo.client.get("/workouts/history").content.decode()
    form = re.search(r"<form class=\"history-filters__form\".*?>", page, re.S)

    assert form
    assert 'method="get" action="/workouts/history"' in form.group(0)
    assert 'hx-get="/workouts/history" hx-target="#history-results"' in form.group(0)
    assert 'type="submit"' in page.split("history-filters__form", 1)[1].split("</form>", 1)[0]


def test_one_url_serves_the_page_and_its_regions(demo: Demo) -> None:
    url = _url(status="all")

    page = demo.client.get(url)
    results = demo.client.get(url, headers={**HTMX, "HX-Target": "history-results"})
    region = demo.client.get(url, headers={**HTMX, "HX-Target": "history"})
    restore = demo.client.get(url, headers={**HTMX, "HX-History-Restore-Request": "true"})

    assert "<html" in page.content.decode()
    assert results.content.decode().lstrip().startswith('<section id="history-results"')
    assert region.content.decode().lstrip().startswith('<div id="history"')
    assert "<html" in restore.content.decode()  # htmx restoring history needs the whole page
    assert results["HX-Push-Url"] == region["HX-Push-Url"] == url
    for response in (page, results, region):
        assert "HX-Request" in response["Vary"] and "HX-Target" in response["Vary"]


def test_the_history_page_costs_three_calls_a_filter_change_one_and_load_more_one(demo: Demo) -> None:
    demo.backend.reset()
    demo.client.get("/workouts/history")
    first_load = _page_calls(demo)

    demo.backend.reset()
    demo.client.get(_url(status="all"), headers={**HTMX, "HX-Target": "history-results"})
    filter_change = demo.backend.api_calls()

    page = demo.client.get(_url(status="all")).content.decode()
    demo.backend.reset()
    demo.client.get(next_page_url(page), headers={**HTMX, "HX-Target": "history-more"})  # type: ignore[arg-type]
    load_more = demo.backend.api_calls()

    demo.backend.reset()
    demo.client.get("/workouts/history")
    reload = _page_calls(demo)

    assert sorted(first_load) == [
        "GET /api/routines",
        "GET /api/workouts/sessions",
        "GET /api/workouts/sessions/active",
    ]  # list, routine filter, the bar
    assert filter_change == ["GET /api/workouts/sessions"]
    assert load_more == ["GET /api/workouts/sessions"]
    assert reload == []  # within the freshness times, all cached


def _page_calls(demo: Demo) -> list[str]:
    """The page's own calls: without the training index's bounded step for the twelve-week strip (its list
    page of 50 and the workouts it reads, counted in test_weeks_strip.py)."""
    return [
        f"{r['method']} {r['path']}"
        for r in demo.backend.requests()
        if r["path"].startswith("/api/")
        and not re.fullmatch(r"/api/workouts/sessions/[0-9a-f-]{36}", r["path"])
        and "limit=50" not in str(r["query"])
    ]
