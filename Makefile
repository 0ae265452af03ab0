# Trivsel: `make demo` sets everything up and starts the demo; `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/trivsel
DEMO_CHILDREN ?= 2000
BENCH_CHILDREN ?= 100000

.PHONY: demo setup venv npm static messages test test-sqlite test-postgres lint bench bench-sqlite bench-postgres \
	bench-effect bench-effect-sqlite bench-effect-postgres bench-reviews bench-reviews-sqlite bench-reviews-postgres \
	bench-transitions bench-transitions-sqlite bench-transitions-postgres \
	bench-guide bench-guide-sqlite bench-guide-postgres

# The background worker (reminders) runs beside the web server and stops with it.
demo: setup
	$(PY) manage.py seed_demo --children $(DEMO_CHILDREN) --if-empty
	$(PY) manage.py schedule_jobs
	$(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; $(PY) manage.py runserver 127.0.0.1:8000

setup: venv npm messages static
	$(PY) manage.py migrate --no-input -v0

venv: $(VENV)/.installed
$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements/base.txt -r requirements/dev.txt
	touch $@

npm: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages:
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

static:
	$(PY) manage.py collectstatic --no-input -v0

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy src
	$(PY) manage.py makemigrations --check --dry-run -v0

test: setup lint test-sqlite test-postgres

test-sqlite:
	$(PY) -m pytest -q -n 2

test-postgres:
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -n 2

bench: bench-sqlite bench-postgres

# One database per size, so that `make bench BENCH_CHILDREN=10000` and the default can be compared.
bench-sqlite: setup
	TRIVSEL_VAR_DIR=var/bench-$(BENCH_CHILDREN) $(PY) manage.py bench --children $(BENCH_CHILDREN)

bench-postgres: setup
	psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'trivsel_bench_$(BENCH_CHILDREN)'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c 'create database trivsel_bench_$(BENCH_CHILDREN)'
	DATABASE_URL=$(PG_URL)_bench_$(BENCH_CHILDREN) $(PY) manage.py bench --children $(BENCH_CHILDREN)

# The effect dashboard and bulk scoring (issue 5), on databases of their own (26 rounds, questionnaires).
bench-effect: bench-effect-sqlite bench-effect-postgres

bench-effect-sqlite: setup
	TRIVSEL_VAR_DIR=var/effect-$(BENCH_CHILDREN) $(PY) manage.py bench_effect --children $(BENCH_CHILDREN)

bench-effect-postgres: setup
	psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'trivsel_effect_$(BENCH_CHILDREN)'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c 'create database trivsel_effect_$(BENCH_CHILDREN)'
	DATABASE_URL=$(PG_URL)_effect_$(BENCH_CHILDREN) $(PY) manage.py bench_effect --children $(BENCH_CHILDREN)

# The case review's case file and results pages (issue 6), on databases of their own.
bench-reviews: bench-reviews-sqlite bench-reviews-postgres

bench-reviews-sqlite: setup
	TRIVSEL_VAR_DIR=var/reviews $(PY) manage.py bench_reviews

bench-reviews-postgres: setup
	psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'trivsel_reviews'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c 'create database trivsel_reviews'
	DATABASE_URL=$(PG_URL)_reviews $(PY) manage.py bench_reviews

# The leader's transition overview for a school's whole intake (issue 7), on databases of their own.
bench-transitions: bench-transitions-sqlite bench-transitions-postgres

bench-transitions-sqlite: setup
	TRIVSEL_VAR_DIR=var/transitions $(PY) manage.py bench_transitions

bench-transitions-postgres: setup
	psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'trivsel_transitions'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c 'create database trivsel_transitions'
	DATABASE_URL=$(PG_URL)_transitions $(PY) manage.py bench_transitions

# The collaboration guide's search over 1,000 pages (issue 7), on databases of their own.
bench-guide: bench-guide-sqlite bench-guide-postgres

bench-guide-sqlite: setup
	TRIVSEL_VAR_DIR=var/guide $(PY) manage.py bench_guide

bench-guide-postgres: setup
	psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname = 'trivsel_guide'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c 'create database trivsel_guide'
	DATABASE_URL=$(PG_URL)_guide $(PY) manage.py bench_guide
