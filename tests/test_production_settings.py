"""Production settings fail loudly when incomplete and pass Django's deployment checklist when complete."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import PRODUCTION_ENV, production_subprocess_env
from tests.redis_server import start_redis

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = PRODUCTION_ENV


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    env = production_subprocess_env(**env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_without_a_secret_key_refuses_to_start() -> None:
    result = _run("manage.py", "check", SUNNSTEEL_ENV="production", ALLOWED_HOSTS="app.sunnsteel.example")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start() -> None:
    result = _run("manage.py", "check", SUNNSTEEL_ENV="production", SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_checklist(empty_redis: str, tmp_path: Path) -> None:
    with start_redis(tmp_path, "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru") as answers:
        shared = {"CACHE_URL": answers.url, "STATE_CACHE_URL": empty_redis}  # state: noeviction
        result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, **shared)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_redis_fails_the_deployment_checklist() -> None:
    result = _run("manage.py", "check", "--deploy", **PRODUCTION)
    assert result.returncode != 0
    assert "CACHE_URL must be a redis:// or rediss:// URL in production" in result.stderr
    assert "STATE_CACHE_URL must be a redis:// or rediss:// URL in production" in result.stderr


def test_a_state_cache_that_evicts_fails_the_deployment_checklist(empty_redis: str, tmp_path: Path) -> None:
    with start_redis(tmp_path, "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru") as evicting:
        shared = {"CACHE_URL": empty_redis, "STATE_CACHE_URL": evicting.url}
        result = _run("manage.py", "check", "--deploy", **PRODUCTION, **shared)
    assert result.returncode != 0
    assert "sessions and kept values could be deleted" in result.stderr


def test_the_file_cache_is_refused() -> None:
    result = _run("manage.py", "check", CACHE_URL="file:///tmp/sunnsteel-cache")
    assert result.returncode != 0
    assert "file:// is not supported" in result.stderr


def test_production_turns_debug_off_and_cookies_secure() -> None:
    probe = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SECURE_HSTS_SECONDS > 0, s.SECURE_CONTENT_TYPE_NOSNIFF, s.SECURE_SSL_REDIRECT)"
    )
    result = _run("-c", probe, DJANGO_SETTINGS_MODULE="sunnsteel_web.settings", **PRODUCTION)
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True", "True"]


def test_pages_carry_a_content_security_policy_without_inline_scripts(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/login")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()


def test_production_serves_static_files_compressed_with_far_future_caching(
    production_static_root: Path,
) -> None:
    env = {**PRODUCTION, "STATIC_ROOT": str(production_static_root)}  # as collectstatic writes it
    probe = (
        "import django; django.setup()\n"
        "from django.templatetags.static import static\n"
        "from django.test import Client\n"
        "url = static('css/app.css')\n"
        "host = 'app.sunnsteel.example'\n"
        "r = Client().get(url, HTTP_ACCEPT_ENCODING='gzip, br', secure=True, HTTP_HOST=host)\n"
        "print(url, r.status_code, r.headers.get('Content-Encoding'), r.headers.get('Cache-Control'))"
    )
    result = _run("-c", probe, DJANGO_SETTINGS_MODULE="sunnsteel_web.settings", **env)
    url, status, encoding, cache_control = result.stdout.split(maxsplit=3)
    assert url.startswith("/static/css/app.") and url != "/static/css/app.css"  # content-hashed name
    assert status == "200"
    assert encoding == "br"  # brotli where the browser takes it (the Brotli package is a runtime dependency)
    assert "max-age=315360000" in cache_control and "immutable" in cache_control


def test_collectstatic_writes_a_brotli_copy_of_each_stylesheet_and_script(
    production_static_root: Path,
) -> None:
    manifest = json.loads((production_static_root / "staticfiles.json").read_text())["paths"]
    for name in ("css/app.css", "css/workout.css", "js/app.js", "django_htmx/htmx-2.min.js"):
        hashed = production_static_root / manifest[name]
        brotli = hashed.with_name(hashed.name + ".br")
        assert brotli.exists(), f"no {brotli.name}"
        assert brotli.stat().st_size < hashed.with_name(hashed.name + ".gz").stat().st_size


def test_a_page_comes_back_gzip_compressed_when_the_browser_accepts_it(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/login", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert 'name="csrfmiddlewaretoken"' in html and len(response.content) < len(html) / 2
    # Django's BREACH mitigation: a random-length file name in the gzip header pads every answer.
    assert response.content[3] & 0x08  # FNAME


def test_a_page_comes_back_plain_when_the_browser_does_not_accept_gzip(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/login")
    assert not response.has_header("Content-Encoding")
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
