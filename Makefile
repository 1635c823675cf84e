# Two commands: `make demo` serves the demo on http://127.0.0.1:8000, `make test` runs the tests.
# Both set up everything first (virtual environment, packages, compiled translations).

VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin
DEMO_ENV = LAYANAN_DEMO=1

.PHONY: setup demo test lint translations

setup: $(VENV)/.installed translations

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d core/translations

demo: setup
	$(DEMO_ENV) $(BIN)/layanan db upgrade
	$(DEMO_ENV) $(BIN)/layanan demo load
	$(DEMO_ENV) $(BIN)/layanan serve --host 127.0.0.1 --port $${PORT:-8000}

test: setup
	@# axe-core for the browser tests, when npm is there (they skip without it locally).
	@if command -v npm >/dev/null 2>&1 && [ ! -d tests/browser/node_modules ]; then \
		cd tests/browser && npm ci --no-audit --no-fund --silent; fi
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
