"""`make bench`: what each page costs, measured in production mode (not part of `make test`).

Starts, on loopback only: Redis, the local backend (demo data), and gunicorn with the repo's gunicorn.conf.py
and SUNNSTEEL_ENV=production (DEBUG off, collectstatic with WhiteNoise's compressed manifest storage, Secure
cookies: the bench speaks https to its own client and plain HTTP on loopback, `X-Forwarded-Proto: https`,
as the TLS-terminating proxy would). One signed-in phone (Accept-Encoding as Chromium's) opens each page.

Prints one table, per page: bytes on the wire (HTML, CSS, JS as the page references them, total, requests),
backend calls on a first load (the answers' cache emptied) and on a reload, and the server time of the
reloads that made no backend call (all of their time is this app's; a page still building the training
index makes some, and those are left out and counted) p50/p95 over `--repeat` requests; then set saves per
second through the web app against the backend alone (the same set rows, interleaved rounds in the same run),
one lifter saving one set at a time (the latency a save adds) and `--lifters` saving at once (the rate the
stack sustains), with each part's CPU time per save (gunicorn, Redis, the backend, the phones); then, if
`lighthouse` is installed, its mobile scores. Bounded: `--repeat` at most 200, `--saves` at most 500,
`--lifters` at most 24.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.phone import Phone, SetRow, session_id_in, set_rows  # noqa: E402
from bench.stack import Stack, start_stack  # noqa: E402

ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r'<script src="([^"]+)"')
START_FIELDS = re.compile(
    r'name="routine_id" value="([^"]+)">\s*<input type="hidden" name="routine_day_id" value="([^"]+)"'
)
ROUTINE_LINK = re.compile(r'href="(/routines/[0-9a-f-]{36})"')
EXERCISE_LINK = re.compile(r'href="(/exercises/[^"]+)"')
INPUT = re.compile(r'name="(weight|reps)"[^>]*value="([^"]*)"')
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
LIGHTHOUSE_PATHS = (shutil.which("lighthouse"), "/work/tools/node_modules/.bin/lighthouse")


class SecureLoopback(httpx.BaseTransport):
    """https to the client (so Secure cookies are kept and sent), plain HTTP on loopback to gunicorn."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme="http")
        request.headers["X-Forwarded-Proto"] = "https"
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@dataclass
class PageCost:
    name: str
    html: int
    css: int
    js: int
    requests: int
    calls_first: int
    calls_reload: int
    p50_ms: float
    p95_ms: float
    timed: int  # reloads that made no backend call (the others, still building an index, are left out)

    @property
    def total(self) -> int:
        return self.html + self.css + self.js


def wire_bytes(phone: Phone, path: str) -> int:
    """The response body's bytes as they crossed the wire (still compressed)."""
    with phone.http.stream("GET", path, headers={"Accept-Encoding": ACCEPT_ENCODING}) as response:
        response.raise_for_status()
        return sum(len(chunk) for chunk in response.iter_raw())


def html_of(phone: Phone, path: str) -> tuple[str, int]:
    """The page's HTML (decoded) and its bytes on the wire (the app compresses HTML with gzip only)."""
    response = phone.http.get(path, headers={"Accept-Encoding": "gzip"})
    response.raise_for_status()
    return response.text, response.num_bytes_downloaded


def calls(stack: Stack) -> int:
    return len(stack.backend.api_calls())


def forget_answers(stack: Stack) -> None:
    """Empties the cached backend answers (CACHE_URL), keeping sessions (STATE_CACHE_URL, another db)."""
    import redis

    redis.Redis.from_url(stack.redis_url).flushdb()


def measure(stack: Stack, phone: Phone, name: str, path: str, repeat: int) -> PageCost:
    forget_answers(stack)
    before = calls(stack)
    page, html = html_of(phone, path)
    first = calls(stack) - before
    before = calls(stack)
    html_of(phone, path)
    reload = calls(stack) - before
    css = sum(wire_bytes(phone, url) for url in STYLESHEET.findall(page))
    js = sum(wire_bytes(phone, url) for url in SCRIPT.findall(page))
    requests = 1 + len(STYLESHEET.findall(page)) + len(SCRIPT.findall(page))
    times = []
    for _ in range(repeat):  # only reloads that made no backend call: all of their time is this app's
        before = calls(stack)
        began = time.perf_counter()
        html_of(phone, path)
        elapsed = (time.perf_counter() - began) * 1000
        if calls(stack) == before:
            times.append(elapsed)
    if not times:
        raise SystemExit(f"{name}: every reload called the backend")
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return PageCost(name, html, css, js, requests, first, reload, statistics.median(times), p95, len(times))


def new_phone(stack: Stack) -> Phone:
    secure_url = stack.web_url.replace("http://", "https://", 1)
    return Phone(secure_url, address="10.9.0.1", transport=SecureLoopback())


def start_workout(phone: Phone) -> str:
    routines = phone.get("/routines/").text
    routine_id, day_id = START_FIELDS.findall(routines)[0]
    started = phone.post("/workouts/start", {"routine_id": routine_id, "routine_day_id": day_id})
    session_id = session_id_in(started.headers.get("Location", ""))
    if session_id is None:
        raise SystemExit(f"could not start a workout: {started.status_code}")
    return session_id


@dataclass
class Lifter:
    """One signed-in phone in a started workout, and the same account's token for the backend alone."""

    phone: Phone
    session_id: str
    rows: list[SetRow]
    backend: httpx.Client
    exercise_of: dict[str, str]

    def save_through_web(self, i: int) -> float:
        row = self.rows[i % len(self.rows)]
        data = {**row.fields, "weight": str(20 + i % 7), "reps": "8", "completed": "1"}
        began = time.perf_counter()
        response = self.phone.post(row.action, data, htmx=True)
        if response.status_code != 200:
            raise SystemExit(f"a save answered {response.status_code}")
        return (time.perf_counter() - began) * 1000

    def save_to_backend(self, i: int) -> float:
        row = self.rows[i % len(self.rows)]
        body = {
            "routineExerciseId": row.slot,
            "exerciseId": self.exercise_of[row.slot],
            "setNumber": row.number,
            "reps": 8,
            "weight": 20 + i % 7,
            "isCompleted": True,
        }
        began = time.perf_counter()
        self.backend.put(f"/workouts/sessions/{self.session_id}/set-logs", json=body).raise_for_status()
        return (time.perf_counter() - began) * 1000


def lifter(stack: Stack, phone: Phone, account: dict[str, str], session_id: str) -> Lifter:
    rows = set_rows(phone.get(f"/workouts/{session_id}").text)
    token = stack.backend.sign_in(account["email"], account["password"])
    backend = httpx.Client(
        base_url=stack.backend.api_url, timeout=60, headers={"Authorization": f"Bearer {token}"}
    )
    return Lifter(phone, session_id, rows, backend, _exercise_ids(backend, session_id))


def new_lifter(stack: Stack) -> Lifter:
    account: dict[str, Any] = stack.backend.create_user(demo_data=True)
    phone = new_phone(stack)
    if phone.sign_in(account["email"], account["password"]).status_code != 302:
        raise SystemExit("sign-in failed")
    return lifter(stack, phone, account, start_workout(phone))


@dataclass
class SaveRates:
    web: float  # saves per second through the web app
    backend: float  # saves per second straight to the backend
    web_p50_ms: float
    cpu_ms: dict[str, dict[str, float]]  # way -> part -> CPU milliseconds per save

    @property
    def ratio(self) -> float:
        return self.web / self.backend


def save_rates(stack: Stack, lifters: list[Lifter], saves: int) -> SaveRates:
    """Set saves per second through the web app and straight to the backend, the lifters saving at once
    (one thread each, each its own sets), `saves` each way in all, in interleaved rounds; and each part's
    CPU time per save (this process's is the phones')."""
    seconds = {"web": 0.0, "backend": 0.0}
    cpu: dict[str, Counter[str]] = {"web": Counter(), "backend": Counter()}
    web_times: list[float] = []
    rounds = 5
    per_lifter = max(1, saves // rounds // len(lifters))
    done = 0
    with ThreadPoolExecutor(len(lifters)) as pool:
        for _ in range(rounds):
            for way in ("backend", "web"):
                began, cpu_before = time.perf_counter(), _cpu(stack)

                def run(one: Lifter, way: str = way, first: int = done) -> list[float]:
                    save = one.save_to_backend if way == "backend" else one.save_through_web
                    return [save(first + i) for i in range(per_lifter)]

                timings = [t for ts in pool.map(run, lifters) for t in ts]
                seconds[way] += time.perf_counter() - began
                cpu[way].update({part: used - cpu_before[part] for part, used in _cpu(stack).items()})
                if way == "web":
                    web_times += timings
            done += per_lifter
    total = done * len(lifters)
    per_save = {way: {part: ms * 1000 / total for part, ms in used.items()} for way, used in cpu.items()}
    return SaveRates(
        total / seconds["web"], total / seconds["backend"], statistics.median(web_times), per_save
    )


def save_lines(alone: SaveRates, together: SaveRates, saves: int, lifters: int) -> list[str]:
    lines = [f"set saves per second, {saves} each way, through the web against the backend alone:"]
    for label, rates in (
        ("one lifter, one save at a time", alone),
        (f"{lifters} lifters saving at once", together),
    ):
        lines.append(
            f"  {label + ':':<34}web {rates.web:5.1f}, backend {rates.backend:5.1f}, ratio {rates.ratio:.2f}"
            f" (web save p50 {rates.web_p50_ms:.1f} ms)"
        )
    parts = list(alone.cpu_ms["web"])
    lines.append(f"  {'CPU ms per save, one at a time:':<34}" + "".join(f"{part:>9}" for part in parts))
    for way, label in (("backend", "backend alone"), ("web", "through the web")):
        lines.append(f"    {label:<32}" + "".join(f"{alone.cpu_ms[way][part]:>9.2f}" for part in parts))
    return lines


def _cpu(stack: Stack) -> dict[str, float]:
    return {**stack.cpu_seconds(), "phones": time.process_time()}


def _exercise_ids(backend: httpx.Client, session_id: str) -> dict[str, str]:
    session = backend.get(f"/workouts/sessions/{session_id}").json()
    routine = backend.get(f"/routines/{session['routineId']}").json()
    return {
        exercise["id"]: exercise["exercise"]["id"]
        for day in routine.get("days", [])
        for exercise in day.get("exercises", [])
    }


@contextlib.contextmanager
def debuggable_chromium() -> Iterator[int]:
    """Chromium with a fresh profile and a DevTools port, for Lighthouse to attach to (`--port`): its
    cookie jar lasts from one audit to the next, as a phone's does; Lighthouse resets the rest each time."""
    binary = CHROMIUM
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="bench-chromium-") as profile:
        flags = ["--headless=new", "--no-sandbox", "--no-first-run", f"--user-data-dir={profile}"]
        browser = subprocess.Popen(
            [binary, *flags, f"--remote-debugging-port={port}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(200):  # until its DevTools port answers (at most 10 s)
                try:
                    httpx.get(f"http://127.0.0.1:{port}/json/version", timeout=1).raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.05)
            yield port
        finally:
            browser.terminate()
            browser.wait(timeout=10)


def sign_in_browser(port: int, web_url: str, account: dict[str, str]) -> None:
    """Signs the audited browser in through the login page, as a person would (its cookies: the session,
    and the time zone that timezone.js writes)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        page = browser.contexts[0].new_page()
        page.set_extra_http_headers({"X-Forwarded-Proto": "https"})
        page.goto(f"{web_url}/login")
        page.get_by_label("Email").fill(account["email"])
        page.get_by_label("Password", exact=True).fill(account["password"])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{web_url}/")
        page.wait_for_load_state("load")
        page.close()


def lighthouse(
    stack: Stack, account: dict[str, str], pages: list[tuple[str, str]], reports: Path | None = None
) -> list[str]:
    """Lighthouse mobile on each page, in one browser: the sign-in page first, signed out; then the others
    signed in (through the login page), cold each time (Lighthouse empties the cache and storage)."""
    binary = next((path for path in LIGHTHOUSE_PATHS if path and os.access(path, os.X_OK)), None)
    if binary is None:
        return ["Lighthouse: not installed (lighthouse on PATH or /work/tools/node_modules/.bin/lighthouse)"]
    if not os.access(CHROMIUM, os.X_OK):
        return [f"Lighthouse: no Chromium at {CHROMIUM} (make browser installs it; or set CHROME_PATH)"]
    lines = ["Lighthouse mobile (simulated throttling): performance, TBT, total bytes"]
    headers = json.dumps({"X-Forwarded-Proto": "https"})
    signed_in = False
    with debuggable_chromium() as port:
        for name, path in pages:
            if path != "/login" and not signed_in:
                sign_in_browser(port, stack.web_url, account)
                signed_in = True
            with tempfile.NamedTemporaryFile(suffix=".json") as out:
                result = subprocess.run(
                    [
                        binary,
                        stack.web_url + path,
                        f"--port={port}",
                        "--quiet",
                        "--only-categories=performance",
                        "--output=json",
                        f"--output-path={out.name}",
                        f"--extra-headers={headers}",
                    ],
                    capture_output=True,
                    timeout=240,
                )
                if result.returncode != 0:
                    lines.append(f"  {name:<14} failed: {result.stderr.decode()[-200:].strip()}")
                    continue
                report = json.loads(Path(out.name).read_text())
                if reports is not None:
                    reports.mkdir(parents=True, exist_ok=True)
                    shutil.copy(out.name, reports / f"{name}.json")
            score = report["categories"]["performance"]["score"] * 100
            tbt = report["audits"]["total-blocking-time"]["numericValue"]
            weight = report["audits"]["total-byte-weight"]["numericValue"] / 1024
            lines.append(f"  {name:<14} {score:5.0f}  TBT {tbt:4.0f} ms  {weight:6.1f} KiB")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40, help="reloads timed per page (at least 30)")
    parser.add_argument("--saves", type=int, default=500, help="set saves timed each way (150 swing by 0.1)")
    parser.add_argument("--lifters", type=int, default=8, help="lifters saving at once, for the rate")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--reports", type=Path, help="keep each page's Lighthouse report (JSON) here")
    args = parser.parse_args()
    if not 30 <= args.repeat <= 200 or not 10 <= args.saves <= 500 or not 2 <= args.lifters <= 24:
        parser.error("--repeat 30..200, --saves 10..500, --lifters 2..24")
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        stack = start_stack(Path(tmp), throttled=False, production=True)
        try:
            return run(stack, args)
        finally:
            stack.stop()


def run(stack: Stack, args: argparse.Namespace) -> int:
    account: dict[str, Any] = stack.backend.create_user(demo_data=True)
    phone = new_phone(stack)
    costs = [measure(stack, phone, "login", "/login", args.repeat)]
    if phone.sign_in(account["email"], account["password"]).status_code != 302:
        raise SystemExit("sign-in failed")
    session_id = start_workout(phone)
    routines = phone.get("/routines/").text
    routine_path = ROUTINE_LINK.findall(routines)[0]
    exercise_path = EXERCISE_LINK.findall(phone.get(routine_path).text)[0]
    live = f"/workouts/{session_id}"
    sets = len(set_rows(phone.get(live).text))
    pages = [
        ("home", "/"),
        (f"live ({sets} sets)", live),
        ("history", "/workouts/history"),
        ("routines", "/routines/"),
        ("exercise", exercise_path),
    ]
    costs += [measure(stack, phone, name, path, args.repeat) for name, path in pages]
    health = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        phone.get("/health")
        health.append((time.perf_counter() - began) * 1000)
    alone = save_rates(stack, [lifter(stack, phone, account, session_id)], args.saves)
    together = save_rates(stack, [new_lifter(stack) for _ in range(args.lifters)], args.saves)

    print(
        "make bench: production mode (gunicorn gthread, WhiteNoise, DEBUG off, Redis), loopback, "
        f"Accept-Encoding: {ACCEPT_ENCODING}"
    )
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    print(
        f"{'page':<16}{'HTML':>8}{'CSS':>8}{'JS':>8}{'total':>8}{'reqs':>6}"
        f"{'calls 1st':>11}{'reload':>8}{'server p50':>12}{'p95':>9}"
    )
    for cost in costs:
        print(
            f"{cost.name:<16}{cost.html:>8}{cost.css:>8}{cost.js:>8}{cost.total:>8}{cost.requests:>6}"
            f"{cost.calls_first:>11}{cost.calls_reload:>8}{cost.p50_ms:>9.1f} ms{cost.p95_ms:>6.1f} ms"
            + (f"  ({cost.timed} of {args.repeat} reloads made no call)" if cost.timed < args.repeat else "")
        )
    print(
        f"(bytes on the wire, compressed as sent; server time of a reload that made no backend call, "
        f"over {args.repeat} requests; /health p50 {statistics.median(health):.1f} ms is the floor)"
    )
    print()
    print("\n".join(save_lines(alone, together, args.saves, args.lifters)))
    if not args.no_lighthouse:
        print()
        audited = [("login", "/login"), ("home", "/"), ("live", live), ("history", "/workouts/history")]
        for line in lighthouse(stack, account, audited, args.reports):
            print(line)
    phone.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
