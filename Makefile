PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench eval setup clean

# The package alone for `make run`; its test tools too for `make test`.
$(VENV)/.installed: pyproject.toml setup.py dan_van/nlp/_crfcore.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/danvan analyze seeds/*.txt

# The whole suite with the engine the install built (native where a C compiler was found), then the
# tests that tag text once more with the pure-Python engine, which must give the same results.
test: $(VENV)/.test-installed
	$(BIN)/ruff check dan_van tests benchmarks setup.py
	$(BIN)/pytest -q
	DANVAN_ENGINE=python $(BIN)/pytest -q -m models

lint: $(VENV)/.test-installed
	$(BIN)/ruff check dan_van tests benchmarks setup.py
	$(BIN)/ruff format --check dan_van tests benchmarks setup.py

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench.py

eval: $(VENV)/.installed
	$(BIN)/python benchmarks/eval.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache build dan_van/nlp/_crfcore*.so
