"""`make bench-cpu`: this app's CPU per page, in one process, load-independent (not part of `make test`).

`make bench`'s server times are wall-clock over loopback through gunicorn, and swing with the machine's
load. This runs the same production settings (SUNNSTEEL_ENV=production, Redis for both caches, the local
backend with demo data) with the WSGI application in this process, driven through httpx's WSGI transport as
one signed-in phone, and measures for each page the reloads that made no backend call: CPU time per request
(`time.process_time`, this process only: Redis and the backend run in their own) and Python function calls
per request (cProfile). `--profile NAME` prints the page's cProfile (top functions by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.phone import Phone  # noqa: E402
from bench.stack import _production_env, start_redis  # noqa: E402
from tests.localbackend import REPO_ROOT, LocalBackend, start_local_backend  # noqa: E402

ROUTINE_LINK = re.compile(r'href="(/routines/[0-9a-f-]{36})"')
EXERCISE_LINK = re.compile(r'href="(/exercises/[^"]+)"')
START_FIELDS = re.compile(
    r'name="routine_id" value="([^"]+)">\s*<input type="hidden" name="routine_day_id" value="([^"]+)"'
)


def configure(workdir: Path, backend: LocalBackend, redis_url: str) -> None:
    env = {
        **_production_env(workdir, redis_url),
        "CACHE_URL": redis_url,
        "LOG_LEVEL": "WARNING",
        "SUNNSTEEL_API_URL": f"{backend.root_url}/api",
        "SUPABASE_URL": backend.root_url,
        "SUPABASE_ANON_KEY": backend.anon_key,
        "ALLOWED_HOSTS": "testserver",
    }
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sunnsteel_web.settings"
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(collect, cwd=REPO_ROOT, env=os.environ, check=True)


class Timed:
    """The WSGI application, with the CPU time of its last request (the body read out included) and, when
    given a profiler, that request profiled; the client's own work (httpx) stays outside."""

    def __init__(self, app: Any) -> None:
        self.app, self.cpu = app, 0.0
        self.profiler: cProfile.Profile | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if self.profiler is not None:
            self.profiler.enable()
        began = time.process_time()
        result = self.app(environ, start_response)
        body = list(result)
        if hasattr(result, "close"):
            result.close()
        self.cpu = time.process_time() - began
        if self.profiler is not None:
            self.profiler.disable()
        return body


def per_request(
    phone: Phone, app: Timed, backend: LocalBackend, path: str, repeat: int
) -> tuple[float, float, int, int]:
    """CPU ms p50 and mean, function calls per reload that made no backend call, and how many reloads."""
    for _ in range(3):  # warm: templates compiled, answers cached, URL lookups memoised
        phone.get(path).raise_for_status()
    times: list[float] = []
    for _ in range(repeat):
        before = len(backend.api_calls())
        phone.get(path).raise_for_status()
        if len(backend.api_calls()) == before:
            times.append(app.cpu * 1000)
    app.profiler = cProfile.Profile(time.process_time)
    phone.get(path).raise_for_status()
    stats = pstats.Stats(app.profiler)
    app.profiler = None
    calls = sum(int(entry[1]) for entry in stats.stats.values())  # type: ignore[attr-defined]
    if not times:
        return float("nan"), float("nan"), calls, 0
    return statistics.median(times), statistics.fmean(times), calls, len(times)


def profile(phone: Phone, app: Timed, path: str, repeat: int, top: int, dump: Path | None = None) -> str:
    app.profiler = profiler = cProfile.Profile(time.process_time)
    for _ in range(repeat):
        phone.get(path)
    app.profiler = None
    if dump is not None:
        dump.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(dump)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=100, help="reloads per page (10..1000)")
    parser.add_argument("--profile", action="append", default=[], help="a page to print cProfile for")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--dump", type=Path, help="write each profiled page's stats here (NAME.prof)")
    args = parser.parse_args()
    if not 10 <= args.repeat <= 1000:
        parser.error("--repeat 10..1000")
    with tempfile.TemporaryDirectory(prefix="bench-cpu-") as tmp:
        workdir = Path(tmp)
        redis, redis_url = start_redis(workdir)
        backend = start_local_backend(workdir, LOCAL_BACKEND_RATE_LIMIT="0")
        try:
            configure(workdir, backend, redis_url)
            return run(backend, args)
        finally:
            redis.terminate()
            redis.wait(timeout=15)
            backend.stop()


def run(backend: LocalBackend, args: argparse.Namespace) -> int:
    import django

    django.setup()
    from sunnsteel_web.wsgi import application

    app = Timed(application)
    transport = httpx.WSGITransport(app=app, wsgi_errors=sys.stderr)
    phone = Phone("https://testserver", address="10.9.0.1", transport=transport)
    account: dict[str, Any] = backend.create_user(demo_data=True)
    pages: list[tuple[str, str]] = [("health", "/health"), ("login", "/login")]
    signed_out = {path: per_request(phone, app, backend, path, args.repeat) for _, path in pages}
    login_profile = ""
    if "login" in args.profile:  # signed out, as a visitor sees it
        login_profile = profile(phone, app, "/login", args.repeat, args.top, _dump(args, "login"))
    if phone.sign_in(account["email"], account["password"]).status_code != 302:
        raise SystemExit("sign-in failed")
    routines = phone.get("/routines/").text
    routine_path = ROUTINE_LINK.findall(routines)[0]
    exercise_path = EXERCISE_LINK.findall(phone.get(routine_path).text)[0]
    pages += [
        ("home", "/"),
        ("routines", "/routines/"),
        ("history", "/workouts/history"),
        ("exercise", exercise_path),
    ]
    print(f"bench-cpu: production settings, one process, load {os.getloadavg()[0]:.1f}")
    print(f"{'page':<12}{'CPU p50 ms':>12}{'mean':>8}{'calls/req':>11}  reloads timed")
    for name, path in pages:
        measured = signed_out.get(path) or per_request(phone, app, backend, path, args.repeat)
        p50, mean, calls, counted = measured
        print(f"{name:<12}{p50:>12.2f}{mean:>8.2f}{calls:>11}  {counted} of {args.repeat}")
    for name in args.profile:
        path = dict(pages)[name]
        print(f"\n=== {name} ({path}) ===")
        if name == "login":
            print(login_profile)
        else:
            print(profile(phone, app, path, args.repeat, args.top, _dump(args, name)))
    phone.close()
    return 0


def _dump(args: argparse.Namespace, name: str) -> Path | None:
    return args.dump / f"{name}.prof" if args.dump else None


if __name__ == "__main__":
    raise SystemExit(main())
