# Two commands: `make run` (set up and serve on SQLite) and `make test` (the whole suite).
# Both install the locked versions (requirements*.lock); `make lock` refreshes the locks from the
# ranges in pyproject.toml.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000
# What the locks are resolved for: the Python and platform production and CI run.
LOCK_TARGET := --python-version 3.11 --python-platform linux
# Databases the benchmarks fill (README, "Figures at a glance"); each is created when missing.
BENCH_SQLITE ?= /tmp/us_bench.sqlite3
BENCH_API_DATABASE_URL ?= sqlite:////tmp/us_api_bench.sqlite3

.PHONY: run setup test lint format lock bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

setup: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py import_statements fixtures/seeds/*.txt
	DJANGO_DEBUG=1 $(PY) manage.py ensure_local_admin

run: setup
	@echo "Undersigned runs at http://$(HOST):$(PORT)/  (staff admin: http://$(HOST):$(PORT)/admin/)"
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_SETTINGS_MODULE=registry.settings_test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# uv resolves the locks; it is a tool, not a dependency of the project, so it is not locked.
$(UV): | $(PY)
	$(PY) -m pip install --quiet "uv>=0.4,<1"

# A lock with merge-conflict markers is dropped and resolved afresh; otherwise uv keeps the
# pinned versions that still satisfy pyproject.toml (UPGRADE=1 moves everything to the newest).
# The dev lock is constrained by the runtime lock: both install the same runtime versions.
lock: $(UV)
	@for lock in requirements.lock requirements-dev.lock; do \
	  if grep -qsE '^(<<<<<<<|=======|>>>>>>>)' $$lock; then \
	    echo "$$lock has merge-conflict markers: resolving it afresh"; rm -f $$lock; fi; \
	done
	$(UV) pip compile pyproject.toml --quiet $(LOCK_TARGET) $(if $(UPGRADE),--upgrade) \
	  --custom-compile-command "make lock" -o requirements.lock
	$(UV) pip compile pyproject.toml --quiet $(LOCK_TARGET) $(if $(UPGRADE),--upgrade) \
	  --extra dev -c requirements.lock --custom-compile-command "make lock" \
	  -o requirements-dev.lock

# Every benchmark under benchmarks/, run with the command the README documents for it.
# Long (the public one alone takes about 6 minutes) and not part of `make test`.
bench: $(VENV)/.installed-dev
	$(PY) benchmarks/dedup_benchmark.py
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) DJANGO_DEBUG=1 $(PY) manage.py migrate -v0
	DATABASE_URL=sqlite:///$(BENCH_SQLITE) DJANGO_DEBUG=1 $(PY) benchmarks/csv_import_benchmark.py
	DATABASE_URL=$(BENCH_API_DATABASE_URL) $(PY) benchmarks/api_reconcile.py
	$(PY) benchmarks/public_benchmark.py
