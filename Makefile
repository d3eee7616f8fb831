# KDLA Certification Portal. `make run` serves the portal; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format migrations-check install seed bench bench-smoke loadtest audit clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

# run_dev.py seeds the demo accounts, prints them with the URL, and runs the server + Celery worker/beat.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_catalog
	PORT=$(PORT) $(BIN)/python scripts/run_dev.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r accounts courses credentials credit_requests reviews directors portal -ll -x '*/migrations/*'
	$(BIN)/lint-imports --no-logo --no-cache
	$(BIN)/djlint --lint --quiet templates */templates
	$(BIN)/mypy


format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

# pytest's own exit code is the result: 1 for a failure, 5 when no test was collected (both fail the target).
test: $(STAMP) lint migrations-check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_request_user.py
	$(BIN)/python scripts/bench_sweeps.py
	$(BIN)/python scripts/bench_certifications.py
	$(BIN)/python scripts/bench_queue.py
	$(BIN)/python scripts/bench_admin.py
	$(BIN)/python scripts/bench_directors.py

# Every benchmark and the load test at a smoke size (seconds each, no figure judged), so a schema change that
# breaks one fails CI (.ci/run). PostgreSQL on 127.0.0.1 (the sweeps, queue and load-test scripts need it) and
# Redis for the load test's cache; each script uses a throwaway database of its own.
bench-smoke: $(STAMP)
	BENCH_SMOKE=1 $(BIN)/python scripts/bench.py
	BENCH_SMOKE=1 DATABASE_URL=$${BENCH_SWEEPS_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kdla_bench_smoke} \
	  $(BIN)/python scripts/bench_sweeps.py
	BENCH_SMOKE=1 $(BIN)/python scripts/bench_queue.py --db kdla_bench_queue_smoke
	BENCH_SMOKE=1 $(BIN)/python scripts/loadtest/run.py
	BENCH_REQUESTS=20 $(BIN)/python scripts/bench_request_user.py
	DATABASE_URL=$${BENCH_CERT_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kdla_bench_cert_smoke} \
	  $(BIN)/python scripts/bench_certifications.py --rows 1000 --repeat 1
	BENCH_IMPORT_ROWS=200 BENCH_REQUESTS=2 $(BIN)/python scripts/bench_admin.py
	BENCH_STAFF=300 BENCH_REQUESTS=2 $(BIN)/python scripts/bench_directors.py

clean:
	rm -rf $(VENV) var staticfiles db.sqlite3

# --- h7: security audit and load test ---------------------------------------------------------------------
# bandit + pip-audit; pip-audit needs its vulnerability database online and says INCOMPLETE (exit 3) when not.
audit: $(STAMP)
	BIN=$(BIN) bash scripts/audit.sh

# Seeds PostgreSQL (LOADTEST_DATABASE_URL), serves gunicorn on 127.0.0.1:$${LOADTEST_PORT:-8107}, runs locust.
loadtest: $(STAMP)
	$(BIN)/python scripts/loadtest/run.py
