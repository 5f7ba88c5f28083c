# loadwatch: `make demo` runs the demo on the embedded default; `make test` runs every test,
# `make test-fast` the unit and API tests.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: demo serve test test-fast lint typecheck check bench clean messages

$(STAMP): pyproject.toml
	scripts/bootstrap-venv $(VENV)
	rm -f $(VENV)/.installed-*
	touch $@

# Options for the demo, e.g. make demo DEMO_ARGS="--port 8080 --lang nl --verbose"
DEMO_ARGS ?=
demo: $(STAMP)
	$(VENV)/bin/loadwatch demo $(DEMO_ARGS)

serve: $(STAMP)
	$(VENV)/bin/loadwatch serve

# pytest-xdist worker processes. Most tests wait on PostgreSQL, Redis, a server or a worker
# process of their own, so more workers than cores pays; each has its own database. Six: one
# for each long group of tests/support/scheduling.py (browser, generated requests, demo) from
# the start, beside the tests that mostly wait.
TEST_WORKERS ?= 6
FAST_WORKERS ?= 2

test: $(STAMP)
	scripts/ensure-services
	$(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-fast: $(STAMP)
	scripts/ensure-services
	$(VENV)/bin/pytest -n $(FAST_WORKERS) tests/unit tests/api $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check service workers tests bench
	$(VENV)/bin/ruff format --check service workers tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy

check: lint typecheck test

# Refresh the dashboard's message catalogs after changing a text in its templates or code.
I18N := service/dashboard/i18n
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F $(I18N)/babel.cfg --add-location=file --sort-by-file --no-wrap \
		--project=loadwatch --version=0.1.0 --copyright-holder="loadwatch contributors" --msgid-bugs-address="loadwatch contributors" -o $(I18N)/messages.pot service/dashboard
	for locale in en nl; do \
		$(VENV)/bin/pybabel update --no-fuzzy-matching --no-wrap --ignore-obsolete \
			-i $(I18N)/messages.pot -d $(I18N) -l $$locale; \
	done

bench: $(STAMP)
	$(PY) bench/metrics.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache data/demo
