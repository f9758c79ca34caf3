PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DEV := $(SHARED)/data/CP_Vietnamese-UNC/dev

.PHONY: run test lint bench eval setup clean

$(BIN)/danvan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/danvan

run: setup
	$(BIN)/danvan analyze seeds/*.txt

test: setup
	$(BIN)/ruff check dan_van tests benchmarks
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check dan_van tests benchmarks
	$(BIN)/ruff format --check dan_van tests benchmarks

bench: setup
	$(BIN)/python benchmarks/bench.py

eval: setup
	$(BIN)/python benchmarks/eval.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
