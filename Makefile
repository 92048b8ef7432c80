# Helpdeskhel. `make run` sets everything up and serves the site; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000
WORKERS ?= 2
TRANSLATIONS := complaints/translations
CATALOGUES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run serve setup system-libraries install install-dev test test-full lint translations extract-messages clean help bench

help:
	@echo "make run    set up (venv, dependencies, migrations, translations, demo data) and serve on 127.0.0.1:$(PORT)"
	@echo "make test   lint and run the whole test suite"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# WeasyPrint (the dossier's PDF) draws text with Pango, which Debian provides; installed here when
# it is missing and apt-get can be used (root), else said once.
system-libraries:
	@if ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Pango for the dossier's PDF (Debian: libpango-1.0-0 libpangoft2-1.0-0)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else \
	    echo "The dossier's PDF needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0"; \
	  fi; \
	fi

install: system-libraries $(VENV)/.runtime
install-dev: system-libraries $(VENV)/.dev

%.mo: %.po
	$(BIN)/pybabel -q compile --use-fuzzy -d $(TRANSLATIONS) -l $(notdir $(patsubst %/LC_MESSAGES/messages.po,%,$<))

translations: $(VENV)/.runtime $(COMPILED)

setup: install translations
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) figures refresh

run: setup
	@echo "Helpdeskhel on http://127.0.0.1:$(PORT)"
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile - app:app

# The tests run in TEST_PROCESSES processes (pytest-xdist), each on its own database; the few
# marked `serial` (one stops PostgreSQL) run alone afterwards. Exit 5 is "none collected".
TEST_PROCESSES ?= 2
test: install-dev translations lint
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist worksteal -m "not serial" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m serial $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The exhaustive variants: every hostile string in every field (`make test` sweeps a fixed
# sample of the payload lists, another per engine), on SQLite and, when TEST_DATABASE_URL is
# unset, on postgresql://postgres@127.0.0.1:5432/test.
FULL_DATABASE_URL ?= $(or $(TEST_DATABASE_URL),postgresql://postgres@127.0.0.1:5432/test)
test-full:
	env -u TEST_DATABASE_URL HOSTILE_FULL=1 $(MAKE) --no-print-directory test
	TEST_DATABASE_URL=$(FULL_DATABASE_URL) HOSTILE_FULL=1 $(MAKE) --no-print-directory test

# Static analysis: ruff, the layers of the code (import-linter's contracts in pyproject.toml),
# bandit (no finding of high severity), pip-audit over the pins. bench/ is scanned too: it
# runs processes (apt-get as root, gunicorn, wrk) and builds SQL.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/bandit --quiet --recursive complaints bench tools --severity-level high
	$(BIN)/python tools/audit_requirements.py

# Maintainers: after changing user-facing strings, extract them and update both catalogues
# (`flask translate check` then lists the Dutch entries to translate).
extract-messages: install
	$(FLASK) translate update

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .ruff_cache tests/artifacts

# The benchmark (docs/benchmarks.md): `make bench`, or a smaller one, e.g.
# `make bench BENCH_ARGS="--sizes 10000,100000 --engines sqlite"`; the moderation storm
# alone: `make bench BENCH_ARGS="--only moderation"`.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: requirements-bench.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet -r requirements-bench.txt
	touch $@

bench: install-dev translations $(BENCH_VENV)/.installed
	$(BIN)/python -m bench $(BENCH_ARGS)
