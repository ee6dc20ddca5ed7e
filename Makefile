# Two commands on a fresh machine: `make run` and `make test`.
# Each creates .venv at the repository root when it is missing and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench eval clean distclean

$(BIN)/python:
	@echo "make: creating the virtualenv $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	@echo "make: installing crisisledger and its dependencies (spaCy and its English model) into $(VENV); a few minutes the first time"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/crisisledger ingest examples/ --db crisisledger.db
	$(BIN)/crisisledger ledger --db crisisledger.db

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

bench: $(STAMP)
	$(BIN)/python bench/ingest.py

# The quality gate (docs/quality.md): scores against gold data; fails below a floor. `make eval ARGS=--errors`
eval: $(STAMP)
	$(BIN)/python -m crisisledger.evaluation $(ARGS)

# `make clean` removes the store `make run` writes and the tools' caches, and keeps .venv; `make distclean` removes
# .venv too.
clean:
	rm -rf crisisledger.db .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
