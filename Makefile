# backprep: two commands matter. `make run` starts the app on SQLite; `make test` runs the tests.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# The first Python >= 3.12 we can find: python3.12 on PATH, then python3, then pyenv's 3.12.
PYTHON ?= $(shell for c in python3.12 python3 python; do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$c; exit 0; fi; \
	done; \
	if command -v pyenv >/dev/null 2>&1; then v=$$(pyenv versions --bare 2>/dev/null | grep -E '^3\.12' | tail -n 1); \
	  [ -n "$$v" ] && echo "$$(pyenv root)/versions/$$v/bin/python3"; fi)

STAMP := $(VENV)/.installed
STAMP_DEV := $(VENV)/.installed-dev

.PHONY: help run test install lint format typecheck check-migrations snapshots clean

help:
	@echo "make run   - create .venv, install, migrate, load content and serve on http://$(HOST):$(PORT) (SQLite)"
	@echo "make test  - install the dev tools and run the whole test suite"

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "backprep needs Python 3.12 or newer (python3.12 was not found)"; exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(STAMP_DEV): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev,semantic]"
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(BIN)/backprep migrate --no-input
	$(BIN)/backprep content load
	$(BIN)/backprep serve --host $(HOST) --port $(PORT)

test: $(STAMP_DEV)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP_DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP_DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(STAMP_DEV)
	$(BIN)/mypy backprep config

check-migrations: $(STAMP_DEV)
	$(BIN)/backprep manage makemigrations --check --dry-run

snapshots: $(STAMP_DEV)
	$(BIN)/backprep manage export_schemas

clean:
	rm -rf $(VENV) staticfiles
