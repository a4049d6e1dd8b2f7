# The quick start is two commands: `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
DB ?= wirewatch.db
BENCH ?= ../shared/bench
STATIC := src/wirewatch/data/static_minilm.npz
Q8 := src/wirewatch/data/minilm_q8.onnx

.PHONY: demo test install install-dev lint bench gate clean

$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c requirements.lock -e ".[serve,parquet,peers]"
	touch $@

# The static encoder's word-piece vectors (6.9 MB) are built from the installed MiniLM model, not
# committed: deterministic, about 15 s on two cores.
$(STATIC): $(VENV)/.installed scripts/build_static_encoder.py
	$(PY) scripts/build_static_encoder.py --out $@

# MiniLM with int8 matrix products (22.7 MB), quantized from the installed model: 2.3x faster.
$(Q8): $(VENV)/.installed scripts/build_quantized_encoder.py
	$(PY) scripts/build_quantized_encoder.py --out $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -c requirements.lock -e ".[serve,parquet,peers,dev]"
	touch $@

install: $(VENV)/.installed $(STATIC) $(Q8)
install-dev: $(VENV)/.installed-dev $(STATIC) $(Q8)

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
	rm -rf $(VENV) $(STATIC) $(Q8) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .mypy_cache .ruff_cache
