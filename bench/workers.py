"""Which gunicorn worker model keeps `/health` and set saves answering while a slow backend holds pages.

    .venv/bin/python bench/workers.py

For each model: 9 signed-in users open History at once while every backend GET takes 3 s (a page makes 3
of them, so it would take 9 s; the page deadline ends it at BACKEND_PAGE_DEADLINE = 8 s with the outage
page); half a second later `/health` is asked and a lifter saves a set (a PUT, not slowed). Prints how long
each took. Loopback only; about a minute per model.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import START_FIELDS  # noqa: E402
from bench.phone import Phone, session_id_in, set_rows  # noqa: E402
from bench.stack import start_stack  # noqa: E402

MODELS = [("sync", 3, 1), ("gthread", 3, 8)]


def measure(worker_class: str, workers: int, threads: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        stack = start_stack(Path(tmp), workers=workers, threads=threads, worker_class=worker_class)
        try:
            return _scenario(stack)
        finally:
            stack.stop()


def _scenario(stack) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    phones = []
    for number in range(10):
        account = stack.backend.create_user(demo_data=True)
        phone = Phone(stack.web_url, address=f"10.3.0.{number + 1}")
        assert phone.sign_in(account["email"], account["password"]).status_code == 302
        phones.append(phone)
    lifter, browsers = phones[0], phones[1:]
    routine_id, day_id = START_FIELDS.findall(lifter.get("/routines/").text)[0]
    started = lifter.post("/workouts/start", {"routine_id": routine_id, "routine_day_id": day_id})
    session_id = session_id_in(started.headers["Location"])
    row = set_rows(lifter.get(f"/workouts/{session_id}").text)[0]
    stack.backend.add_fault("/api/*", "slow", method="GET", delay=3)

    results: dict[str, list[float]] = {"history (9 at once)": [], "/health": [], "set save": []}
    statuses: dict[str, list[int]] = {key: [] for key in results}

    def timed(name: str, call, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        began = time.monotonic()
        response = call(*args, **kwargs)
        results[name].append(time.monotonic() - began)
        statuses[name].append(response.status_code)

    jobs = [
        threading.Thread(target=timed, args=("history (9 at once)", b.get, "/workouts/history"))
        for b in browsers
    ]
    for job in jobs:
        job.start()
    time.sleep(0.5)
    late = [
        threading.Thread(target=timed, args=("/health", lifter.get, "/health")),
        threading.Thread(
            target=timed,
            args=(
                "set save",
                lifter.post,
                row.action,
                {**row.fields, "weight": "60", "reps": "8", "toggle": "1"},
            ),
            kwargs={"htmx": True},
        ),
    ]
    for job in late:
        job.start()
    for job in jobs + late:
        job.join()
    for phone in phones:
        phone.close()
    return {f"{name} → {sorted(set(statuses[name]))}": values for name, values in results.items()}


def main() -> int:
    for worker_class, workers, threads in MODELS:
        results = measure(worker_class, workers, threads)
        print(f"{worker_class} {workers} workers x {threads} threads:")
        for name, values in results.items():
            print(
                f"  {name:34s} min {min(values):5.1f} s  median {statistics.median(values):5.1f} s"
                f"  max {max(values):5.1f} s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
