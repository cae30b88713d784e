# The two quick-start commands are `make demo` and `make test`; see README.md.
PYTHON ?= python3
# Port for `make demo` (`make demo PORT=8123`); a taken port is swapped for a free one.
PORT   ?= 8000
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test check lint format bench bench-web clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[server,pdf]'
	touch $@

$(BIN)/.dev-installed: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $@

## demo: install into .venv, seed a demo client and therapist (throw-away SQLite) and serve the web app (PORT=8123 to choose the port)
demo: $(BIN)/.installed
	$(BIN)/midweek demo --web --port $(PORT)

## test: install the dev dependencies and run the whole suite (lint, types, tests on SQLite and PostgreSQL, coverage)
test: $(BIN)/.dev-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	scripts/with-postgres $(BIN)/python -m pytest -n auto --dist worksteal --cov --cov-report=term -q

## format: apply ruff's formatting and safe fixes
format: $(BIN)/.dev-installed
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

## bench: measure start-up and command times; writes BENCHMARKS.md (BENCH_ARGS=--with-jrnl to compare with jrnl)
bench: $(BIN)/.dev-installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## bench-web: load-test the web app over loopback next to a bare FastAPI floor; writes BENCHMARKS-WEB.md (WEB_BENCH_ARGS=--requests 500)
bench-web: $(BIN)/.dev-installed
	$(BIN)/python bench/web_load.py $(WEB_BENCH_ARGS)
	$(BIN)/python bench/web_pages.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov bench/.work
