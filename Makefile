# Integration Journal: the two commands are `make run` (set up everything, demo data, serve)
# and `make test` (the whole suite). Everything else here is a helper for those two.
SHELL := /bin/bash
.DEFAULT_GOAL := run
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode
	touch $@

.PHONY: setup
setup: .venv/.synced catalogues  ## install the locked dependencies into .venv, compile the translations

# The .mo files are built, not committed: pure Python (polib), no GNU gettext needed.
.PHONY: catalogues
catalogues: .venv/.synced  ## compile locale/*/LC_MESSAGES/*.po into .mo files (only those that changed)
	SECRET_KEY=build $(PY) manage.py compile_catalogues

# For developers, after marking strings: needs GNU gettext (xgettext, msgmerge), see README
# "Languages". File names only in the references, so a moved line does not touch the catalogue.
LOCALES ?= es
.PHONY: messages
messages: setup  ## update locale/*/LC_MESSAGES/django.po from the marked strings (needs GNU gettext)
	SECRET_KEY=build $(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) --add-location file \
		--ignore '.venv/*' --ignore '.tools/*' --ignore 'node_modules/*' --ignore 'staticfiles/*' \
		--ignore 'tests/*' --ignore 'bench/*'

.PHONY: run
run: setup  ## set up a local SQLite database with demo data and serve on http://127.0.0.1:8000
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# In parallel, one worker per core (pytest-xdist); each worker has its own test database, live
# server and browser. Work stealing keeps both cores busy while the long browser tests run.
PYTEST := $(PY) -m pytest -n auto --dist worksteal

.PHONY: test
test: setup  ## run the whole test suite in parallel (SQLite, unless DATABASE_URL is set)
	$(PYTEST)

.PHONY: test-postgres
test-postgres: setup  ## the same suite on the local PostgreSQL server
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/integration_journal} $(PYTEST)

.PHONY: fuzz
fuzz: setup  ## fuzz the importer with many generated archives (HYPOTHESIS_EXAMPLES=2000 per property)
	HYPOTHESIS_PROFILE=long $(PY) -m pytest tests/mydata/test_import_fuzz.py -p no:cacheprovider -q

.PHONY: lint
lint: setup  ## ruff lint + format check, and migrations up to date
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	SECRET_KEY=lint $(PY) manage.py makemigrations --check --dry-run

.PHONY: browsers
browsers:  ## install Debian's Chromium for the browser tests
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

BENCH_PG ?= postgres://postgres@127.0.0.1:5432/integration_journal_bench

.PHONY: bench
bench: setup  ## regenerate docs/performance.md: 1x and 10x data, SQLite and PostgreSQL (slow)
	DATABASE_URL_BENCH=$${DATABASE_URL_BENCH:-$(BENCH_PG)} $(PY) bench/run.py --scale 1,10 --db sqlite,postgres

.PHONY: bench-quick
bench-quick: setup  ## a smoke run of the benchmark (1x, SQLite, few samples) into bench/out/
	BENCH_SAMPLES=$${BENCH_SAMPLES:-10} BENCH_WARM_UP=$${BENCH_WARM_UP:-2} BENCH_SECONDS=$${BENCH_SECONDS:-3} \
	BENCH_PDF_SAMPLES=$${BENCH_PDF_SAMPLES:-1} $(PY) bench/run.py --scale 1 --db sqlite --out bench/out/performance.md

.PHONY: restore-drill
restore-drill: setup  ## back up the (demo) database, restore it into a fresh one, compare, serve it, sign in
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) scripts/restore_drill.py

.PHONY: bench-batch
bench-batch: setup  ## a clinic's batch of 200 reports with 1 and 2 workers, and a PDF against bare WeasyPrint (docs/performance.md)
	$(PY) bench/batch.py

.PHONY: bench-attachments
bench-attachments: setup  ## adding a 12-megapixel photo and the entry page with 10 attachments (docs/performance.md)
	$(PY) bench/attachments.py

# BENCH_LANGUAGES_SCALE=1 (or `--scale 1` when run by hand) for the small data set.
.PHONY: bench-languages
bench-languages: setup  ## the main pages in English and in Spanish side by side (p50/p95), 10x data, SQLite and PostgreSQL (docs/performance.md)
	DATABASE_URL_BENCH=$${DATABASE_URL_BENCH:-$(BENCH_PG)} $(PY) bench/languages.py --scale $${BENCH_LANGUAGES_SCALE:-10} --db sqlite,postgres

.PHONY: bench-notifications
bench-notifications: setup  ## the notification sender over 10,000 people with a follow-up due, SQLite and PostgreSQL (docs/performance.md)
	$(PY) bench/notifications.py
	BENCH_NOTIFICATIONS_DB=postgres $(PY) bench/notifications.py

.PHONY: cluster-check
cluster-check: setup  ## two app servers behind haproxy and two workers on PostgreSQL: sign-in, drafts, a conflict, rate limits, kills mid-report
	scripts/cluster-check

.PHONY: faults
faults: setup  ## cause faults for real on loopback (killed workers, a PostgreSQL restart, 20 writers) and check nothing is lost
	$(PY) scripts/faults.py
