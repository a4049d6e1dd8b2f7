# The quick start is two commands: `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
DB ?= wirewatch.db
BENCH ?= ../shared/bench

.PHONY: demo test install install-dev lint bench gate clean

$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c requirements.lock -e ".[serve,parquet,peers]"
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -c requirements.lock -e ".[serve,parquet,peers,dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(VENV)/bin/wirewatch --db $(DB) add examples/articles/
	$(VENV)/bin/wirewatch --db $(DB) process
	$(VENV)/bin/wirewatch --db $(DB) brief

test: install-dev
	bash scripts/test-system-deps.sh
	$(VENV)/bin/python -m pytest -q

lint: install-dev
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

bench: install-dev
	$(VENV)/bin/python benchmarks/bench_pipeline.py --data $(BENCH)/bbc --workers 1 2 --memory --startup
	$(VENV)/bin/python benchmarks/bench_ingest.py --data $(BENCH)/bbc
	$(VENV)/bin/python benchmarks/bench_link.py

gate: install-dev
	$(VENV)/bin/wirewatch eval all --data $(BENCH)

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .mypy_cache .ruff_cache
