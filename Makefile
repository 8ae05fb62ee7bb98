# Two entry points: `make dev` (run the whole stack locally) and `make test` (every test; `make test-fast`
# leaves out the browser and contract tiers).
# Everything else here is a step those two depend on.

VENV := .venv
PY := $(VENV)/bin/python
# Runtime (requirements.lock, all production installs) and development tools (requirements-dev.lock).
LOCKS := requirements.lock requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cat $(LOCKS) | sha1sum | cut -c1-12)

# The first Python >= 3.12 we can find: PATH (python3.13, python3.12, python3), then pyenv's versions.
PYTHON ?= $(shell scripts/find-python)

.PHONY: dev test test-fast install backend-setup browser redis lint hooks clean bench-load bench bench-cpu

dev: install backend-setup
	$(PY) scripts/dev.py

# The suite in parallel (pytest-xdist), TEST_WORKERS processes (see below); TEST_WORKERS=0 runs it in this
# process. `make lint` (ruff, mypy twice) runs alongside it, its output held in var/lint.log and shown after
# the tests'; make test fails when either does.
# Browser tests record no trace (it costs time); when the run fails, the failed browser tests run once more
# with tracing on, for their traces (scripts/trace-failures.py), and make test fails all the same.
TEST_WORKERS ?= auto
CHECK_ALONGSIDE = mkdir -p var; $(MAKE) --no-print-directory lint >var/lint.log 2>&1 & lint=$$!; status=0
CHECK_RESULT = wait $$lint || status=1; cat var/lint.log; exit $$status

test: install browser redis
	@$(CHECK_ALONGSIDE); \
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS) || { $(PY) scripts/trace-failures.py; status=1; }; \
	$(CHECK_RESULT)

# The quick loop while coding: everything but the browser and contract tiers, with the same checks.
test-fast: install redis
	@$(CHECK_ALONGSIDE); \
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not browser and not contract" $(PYTEST_ARGS) || status=1; \
	$(CHECK_RESULT)

install: $(STAMP)

# uv (pinned in the development lock, installed by pip) installs the locks: about 17 s on a clean clone
# where pip takes 30-36. It compiles their bytecode, as pip does: where PYTHONDONTWRITEBYTECODE is set (as on
# this machine) nothing is compiled later, and each of a run's ~60 Python processes would compile Django and
# the rest from source again (about 1 s each). Where uv cannot install the locks (its own index settings, not
# pip's), pip does.
UV := $(shell grep -m1 '^uv==' requirements-dev.lock)
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check

$(STAMP): $(LOCKS)
	@test -n "$(PYTHON)" || { echo "Python 3.12+ not found (see README)"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing $(LOCKS) into $(VENV) (uv)"
	@$(PIP_INSTALL) $(UV) && $(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) $(addprefix -r ,$(LOCKS)) \
		|| { echo "uv could not install the locks; pip installs them."; $(PIP_INSTALL) $(addprefix -r ,$(LOCKS)); }
	@rm -f $(VENV)/.installed-*
	@touch $@

backend-setup: install
	$(PY) -m local_backend setup

# Debian's chromium, driven by Playwright through executable_path (Playwright cannot download browsers here):
# the tests run its headless shell (chromium-headless-shell), and the full browser for what only it does.
# Where the shell cannot be installed but chromium is there, the tests run in chromium alone (slower).
browser:
	@command -v chromium >/dev/null 2>&1 && command -v chromium-headless-shell >/dev/null 2>&1 \
		|| scripts/install-chromium \
		|| { command -v chromium >/dev/null 2>&1 && echo "Running the browser tests in chromium alone."; }

# Debian's redis-server: the tests start their own on free ports (tests/redis_server.py).
redis:
	@command -v redis-server >/dev/null 2>&1 || test -x /usr/bin/redis-server || scripts/install-redis

# What `make test` checks after the tests, on its own: ruff (lint and format), and mypy (strict) over the web app and the local backend.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy --config-file local_backend/mypy.ini

# ruff and mypy before each commit (.pre-commit-config.yaml), once per clone.
hooks: install
	$(VENV)/bin/pre-commit install

# How many lifters one egress address holds, measured on this machine (bounded, loopback only, a few
# minutes; not part of `make test`): gunicorn + Redis + the local backend at production's rate limit.
# More or fewer: make bench-load BENCH_ARGS="--lifters 140 --scale 6".
bench-load: install redis
	$(PY) bench/load.py $(BENCH_ARGS)

# What each page costs in production mode (bounded, loopback only, about two minutes; not part of `make test`):
# bytes on the wire, backend calls, server time, set saves through the web against the backend alone, and
# Lighthouse mobile when it is installed. Without Lighthouse: make bench BENCH_ARGS=--no-lighthouse.
bench: install redis browser
	$(PY) bench/pages.py $(BENCH_ARGS)

# This app's CPU per page in one process with production settings (bounded, loopback only, a minute; not
# part of `make test`): CPU ms and Python function calls per reload, which the machine's load barely moves.
# A page's profile: make bench-cpu BENCH_ARGS="--profile history".
bench-cpu: install redis
	$(PY) bench/cpu.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
