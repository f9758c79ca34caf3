PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench eval setup clean

# The package alone for `make run`; its test tools and the extras the tests use (parquet, dask) for `make test`.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,parquet,dask]'
	touch $@

setup: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/danvan analyze seeds/*.txt

test: $(VENV)/.test-installed
	$(BIN)/ruff check dan_van tests benchmarks
	$(BIN)/pytest -q

lint: $(VENV)/.test-installed
	$(BIN)/ruff check dan_van tests benchmarks
	$(BIN)/ruff format --check dan_van tests benchmarks

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench.py --store

eval: $(VENV)/.installed
	$(BIN)/python benchmarks/eval.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
