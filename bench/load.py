"""`make bench-load`: how many lifters one egress address holds, measured (not part of `make test`).

Drives N simulated lifters against gunicorn (the repo's gunicorn.conf.py) + Redis + the local backend
behind a throttle that counts like production (100 calls per 60 s per route, one client address for the
whole server; see bench/stack.py). Each lifter signs in, opens Routines, starts a day, opens the workout,
saves every set one every 60–120 s, finishes, and opens the summary; a few others browse history (a page,
a filter change, a record, the resume bar each minute). Arrivals are spread over half a workout. Time is
compressed by `--scale`: the waits between sets *and* the rate-limit window are divided by it, so the calls
per window are those of real time (the cached answers' freshness times are not compressed,
so reads are, if anything, under-counted; saves, the busiest route, are exact).

Loopback only, bounded in lifters (`--lifters`, at most 400) and time (`--max-seconds`). Prints: lifters
held with 0 refused saves, p50/p95 save latency, backend calls per lifter-minute by route (from the local
backend's request log), and sets lost (acknowledged by the app but missing in the backend: must be 0).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.phone import Phone, session_id_in, set_rows  # noqa: E402
from bench.stack import Stack, start_stack  # noqa: E402

START_FIELDS = re.compile(
    r'name="routine_id" value="([^"]+)">\s*<input type="hidden" name="routine_day_id" value="([^"]+)"'
)
INPUT = re.compile(r'name="(weight|reps)"[^>]*value="([^"]*)"')


@dataclass
class Tally:
    saves: list[float] = field(default_factory=list)  # seconds, acknowledged saves
    refused: Counter[str] = field(default_factory=Counter)  # lifter email -> refused saves
    acknowledged: dict[str, set[tuple[str, int]]] = field(default_factory=dict)  # session -> (slot, set)
    owners: dict[str, dict[str, str]] = field(default_factory=dict)  # session -> account
    problems: Counter[str] = field(default_factory=Counter)
    minutes: float = 0.0  # simulated lifter-minutes
    finished: int = 0
    lifters_left: int = 0  # browsing stops when every lifter is done
    training: int = 0  # lifters between sign-in and finish right now
    peak: int = 0  # the most lifters training at once
    lock: threading.Lock = field(default_factory=threading.Lock)


def lifter(
    stack: Stack, number: int, account: dict[str, str], args: argparse.Namespace, tally: Tally, stop_at: float
) -> None:
    phone = Phone(stack.web_url, address=f"10.1.{number // 250}.{number % 250 + 1}")
    began = time.monotonic()
    try:
        if phone.sign_in(account["email"], account["password"]).status_code != 302:
            tally.problems["sign-in refused"] += 1
            return
        routines = phone.get("/routines/").text
        starts = START_FIELDS.findall(routines)
        if not starts:
            tally.problems["routines page without days"] += 1
            return
        routine_id, day_id = random.choice(starts)
        started = phone.post("/workouts/start", {"routine_id": routine_id, "routine_day_id": day_id})
        session_id = session_id_in(started.headers.get("Location", ""))
        if session_id is None:
            tally.problems[f"start answered {started.status_code}"] += 1
            return
        page = phone.get(f"/workouts/{session_id}").text
        with tally.lock:
            tally.training += 1
            tally.peak = max(tally.peak, tally.training)
        with tally.lock:
            tally.acknowledged[session_id] = set()
            tally.owners[session_id] = account
        for row in set_rows(page):
            time.sleep(random.uniform(60, 120) / args.scale)  # resting between sets
            if time.monotonic() > stop_at:
                tally.problems["run ended mid-workout"] += 1
                return
            row_html = page[page.index(f'id="{row.dom_id}"') :][:4000]
            typed = dict(INPUT.findall(row_html))
            data = {**row.fields, "weight": typed.get("weight") or "20", "reps": typed.get("reps") or "8"}
            for attempt in range(2):  # a refused set stays typed on the phone: Retry after another rest
                response, seconds = phone.timed(phone.post, row.action, {**data, "toggle": "1"}, htmx=True)
                with tally.lock:
                    if response.status_code == 200:
                        tally.saves.append(seconds)
                        tally.acknowledged[session_id].add((row.slot, row.number))
                        break
                    tally.refused[account["email"]] += 1
                    tally.problems[f"save answered {response.status_code}"] += 1
                if attempt == 0:
                    time.sleep(random.uniform(60, 120) / args.scale)
        with tally.lock:
            tally.training -= 1
        finished = phone.post(f"/workouts/{session_id}/finish", {"notes": "", "confirm": "1"})
        if finished.status_code != 302:
            tally.problems[f"finish answered {finished.status_code}"] += 1
            return
        phone.get(finished.headers["Location"])
        with tally.lock:
            tally.finished += 1
    finally:
        with tally.lock:
            tally.lifters_left -= 1
            tally.minutes += (time.monotonic() - began) * args.scale / 60
            tally.refused.setdefault(account["email"], 0)
        phone.close()


def browser(
    stack: Stack, number: int, account: dict[str, str], args: argparse.Namespace, tally: Tally, stop_at: float
) -> None:
    phone = Phone(stack.web_url, address=f"10.2.0.{number + 1}")
    try:
        if phone.sign_in(account["email"], account["password"]).status_code != 302:
            tally.problems["browser sign-in refused"] += 1
            return
        while time.monotonic() < stop_at and tally.lifters_left > 0:
            history = phone.get("/workouts/history")
            if history.status_code != 200:
                tally.problems[f"history answered {history.status_code}"] += 1
            phone.get(f"/workouts/history?status=completed&q=w{random.randint(1, 9)}", htmx=True)
            record = session_id_in(history.text)
            if record:
                phone.get(f"/workouts/{record}")
            phone.get("/workouts/banner", htmx=True)
            time.sleep(60 / args.scale)
    finally:
        phone.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lifters", type=int, default=100)
    parser.add_argument("--browsers", type=int, default=5)
    parser.add_argument("--scale", type=int, default=6, help="time compression (divides 60)")
    parser.add_argument("--max-seconds", type=float, default=480)
    parser.add_argument("--limit", type=int, default=100, help="the backend's calls per route per window")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    if not 1 <= args.lifters <= 400 or 60 % args.scale or args.max_seconds > 900:
        parser.error("--lifters 1..400, --scale a divisor of 60, --max-seconds at most 900")

    window = 60 / args.scale
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        stack = start_stack(
            Path(tmp), limit=args.limit, window=window, workers=args.workers, threads=args.threads
        )
        try:
            return run(stack, args)
        finally:
            stack.stop()


def run(stack: Stack, args: argparse.Namespace) -> int:
    tally = Tally(lifters_left=args.lifters)
    # Accounts (with the demo routines and history) are made before the clock starts: that is set-up.
    with ThreadPoolExecutor(4) as pool:
        accounts = list(pool.map(lambda _: make_account(stack), range(args.lifters + args.browsers)))
    began = time.monotonic()
    stop_at = began + args.max_seconds
    # Lifters arrive over half a workout (about 12 sets at 90 s), so most of them train at the same time.
    arrivals = 12 * 90 / args.scale / 2
    threads = []
    for number in range(args.lifters):
        threads.append(
            threading.Timer(
                random.uniform(0, arrivals), lifter, (stack, number, accounts[number], args, tally, stop_at)
            )
        )
    for number in range(args.browsers):
        threads.append(
            threading.Timer(
                random.uniform(0, arrivals),
                browser,
                (stack, number, accounts[-1 - number], args, tally, stop_at),
            )
        )
    for thread in threads:
        thread.daemon = True
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, stop_at + 60 - time.monotonic()))
    elapsed = time.monotonic() - began

    calls = stack.throttle.calls
    lost = 0
    for session_id, saved in tally.acknowledged.items():
        lost += len(saved - _stored_sets(stack, session_id, tally.owners[session_id]))

    held = sum(1 for refused in tally.refused.values() if refused == 0)
    saves = sorted(tally.saves)
    print(
        f"bench-load: {args.lifters} lifters + {args.browsers} history browsers, time x{args.scale}, "
        f"limit {args.limit}/{60 / args.scale:g} s per route (= {args.limit}/60 s real), "
        f"gunicorn gthread {args.workers}x{args.threads}, Redis, {elapsed:.0f} s"
    )
    print(
        f"lifters held with 0 refused saves: {held}/{args.lifters} (at most {tally.peak} training at once; "
        f"workouts finished: {tally.finished})"
    )
    if saves:
        p95 = saves[min(len(saves) - 1, int(0.95 * len(saves)))]
        print(
            f"set saves: {len(saves)} acknowledged, {sum(tally.refused.values())} refused; "
            f"latency p50 {statistics.median(saves) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
        )
    print(f"sets lost: {lost}")
    print("load average of this machine (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    minutes = max(tally.minutes, 1e-9)
    print(
        f"backend calls per lifter-minute by route ({tally.minutes:.0f} simulated lifter-minutes; "
        "browsers' calls included):"
    )
    for route, count in calls.most_common():
        busiest = stack.throttle.busiest[route]
        print(f"  {count / minutes:7.3f}  {route}  ({count} calls; busiest window {busiest}/{args.limit})")
    refused_by_backend = sum(stack.throttle.refused.values())
    print(f"429s from the backend: {refused_by_backend} {dict(stack.throttle.refused) or ''}")
    if tally.problems:
        print("other outcomes: " + ", ".join(f"{k}: {v}" for k, v in tally.problems.most_common()))
    return 0 if lost == 0 else 1


def make_account(stack: Stack) -> dict[str, Any]:
    return stack.backend.create_user(demo_data=True)


def _stored_sets(stack: Stack, session_id: str, account: dict[str, str]) -> set[tuple[str, int]]:
    """What the backend holds for a session, read straight from it (not through the throttle)."""
    token = stack.backend.sign_in(account["email"], account["password"])
    answer = stack.backend.http.get(
        f"{stack.backend.api_url}/workouts/sessions/{session_id}",
        headers={"Authorization": f"Bearer {token}"},
    )
    answer.raise_for_status()
    return {(log["routineExerciseId"], log["setNumber"]) for log in answer.json().get("setLogs", [])}


if __name__ == "__main__":
    raise SystemExit(main())
