# Two entry points: `make dev` (run the whole stack locally) and `make test` (every test).
# Everything else here is a step those two depend on.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)

# The first Python >= 3.12 we can find: PATH (python3.13, python3.12, python3), then pyenv's versions.
PYTHON ?= $(shell scripts/find-python)

.PHONY: dev test install backend-setup browser lint clean bench-load

dev: install backend-setup
	$(PY) scripts/dev.py

test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy --config-file local_backend/mypy.ini

install: $(STAMP)

$(STAMP): requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.12+ not found (see README)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

backend-setup: install
	$(PY) -m local_backend setup

# Debian's chromium, driven by Playwright through executable_path (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium

# What `make test` checks after the tests, on its own: ruff, and mypy (strict) over the web app and the local backend.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy --config-file local_backend/mypy.ini

# How many lifters one egress address holds, measured on this machine (bounded, loopback only, a few
# minutes; not part of `make test`): gunicorn + Redis + the local backend at production's rate limit.
# More or fewer: make bench-load BENCH_ARGS="--lifters 140 --scale 6".
bench-load: install
	@command -v redis-server >/dev/null 2>&1 || apt-get install -y redis-server
	$(PY) bench/load.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
