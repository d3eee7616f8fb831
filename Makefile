# KDLA Certification Portal. `make run` serves the portal; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format migrations-check install seed bench loadtest audit clean

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
	$(BIN)/python scripts/bench_sweeps.py
	$(BIN)/python scripts/bench_queue.py
	$(BIN)/python scripts/bench_directors.py

clean:
	rm -rf $(VENV) var staticfiles db.sqlite3

# --- h7: security audit and load test ---------------------------------------------------------------------
# bandit + pip-audit; pip-audit needs its vulnerability database online and says INCOMPLETE (exit 3) when not.
audit: $(STAMP)
	BIN=$(BIN) bash scripts/audit.sh

# Seeds PostgreSQL (LOADTEST_DATABASE_URL), serves gunicorn on 127.0.0.1:$${LOADTEST_PORT:-8107}, runs locust.
loadtest: $(STAMP)
	$(BIN)/python scripts/loadtest/run.py
