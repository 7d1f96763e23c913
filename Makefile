# Two commands for a newcomer: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PYTHON ?= python3
# Two workers: the machines here have two cores.
PYTEST_ARGS ?= -n 2
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test setup python-check messages migrate demo lint fmt clean bench

python-check:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "Samverkan needs Python 3.12 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
	  echo "With pyenv the repository's .python-version selects 3.12; or run: make PYTHON=python3.12 ..."; \
	  exit 1; }

$(VENV)/.installed: pyproject.toml | python-check
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $@

setup: $(VENV)/.installed

messages: setup
	$(PY) manage.py compilemessages --ignore=.venv -v0

migrate: setup
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py loaddemo

run: messages demo
	@echo "Samverkan runs on http://$(HOST)/ (stop with Ctrl-C)"
	$(PY) manage.py runserver $(HOST)

test: messages
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

# Performance figures (issue 14) on a PostgreSQL database of the bench's own, which it
# empties: 50 agreements × 10 years, query counts and times per page, a gunicorn load run.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench

bench: messages
	$(PY) -m bench.createdb $(BENCH_DATABASE_URL)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench

lint: setup
	$(PY) -m ruff check .

fmt: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
