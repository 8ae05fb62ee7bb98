"""`python -m local_backend setup | serve [--host H] [--port P] | <any Django command>`.

Always runs the local backend's own Django project: DJANGO_SETTINGS_MODULE is forced, because a
parent process (a pytest run of the web app, say) may have exported the web app's settings.
"""

from __future__ import annotations

import argparse
import os
import sys


def _django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "local_backend.settings"
    import django
    from django.conf import settings

    settings.DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    django.setup()


def setup() -> None:
    """Migrate and seed; idempotent and quiet (a second run changes nothing)."""
    from django.core.management import call_command

    from local_backend import seed

    call_command("migrate", verbosity=0, interactive=False)
    seed.ensure_catalog()
    seed.ensure_demo_user()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    if command in {"help", "-h", "--help"}:
        print(__doc__.strip())
        return 0
    from local_backend.config import ConfigError

    try:
        _django()
        if command == "setup":
            setup()
            return 0
        if command == "serve":
            parser = argparse.ArgumentParser(prog="python -m local_backend serve")
            parser.add_argument("--host", default="127.0.0.1")
            parser.add_argument("--port", type=int, default=4000)
            args = parser.parse_args(argv[1:])
            setup()  # a fresh database works without a separate setup step
            from local_backend import serve

            serve.run(args.host, args.port)
            return 0
    except ConfigError as exc:
        print(f"local_backend: {exc}", file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line

    execute_from_command_line(["python -m local_backend", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
