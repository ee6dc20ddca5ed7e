# Two commands on a fresh machine: `make run` and `make test`.
# Each creates .venv at the repository root when it is missing and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench eval clean distclean browser

$(BIN)/python:
	@echo "make: creating the virtualenv $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	@echo "make: installing crisisledger and its dependencies (spaCy and its English model) into $(VENV); a few minutes the first time"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# `make run` reads the bundled example reports into crisisledger.db and serves the ledger at
# http://127.0.0.1:8000/ until Ctrl-C (PORT=8080 make run for another port).
PORT ?= 8000
run: $(STAMP)
	$(BIN)/crisisledger ingest examples/ --db crisisledger.db
	$(BIN)/crisisledger serve --db crisisledger.db --port $(PORT)

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The browser tests drive Debian's chromium through Playwright (Playwright's own browser download is not used).
# Installed with apt-get when missing (as root, or through sudo); without it those tests skip and say why.
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "make: installing Debian's chromium for the browser tests (apt-get)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; else SUDO=none; fi; \
		if [ "$$SUDO" = none ]; then \
			echo "make: not root and no sudo: cannot install chromium; the browser tests will be skipped"; \
		else \
			$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null \
				|| echo "make: apt-get could not install chromium; the browser tests will be skipped"; \
		fi; \
	fi

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
