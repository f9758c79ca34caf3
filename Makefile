PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench eval setup clean browser screenshot

# The package alone for `make run`; its test tools and the extras the tests use (parquet, dask) for `make test`.
$(VENV)/.installed: pyproject.toml setup.py dan_van/nlp/_crfcore.c
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

# The HTML report's browser test drives Debian's Chromium (never a browser Playwright downloads): installed
# here where it is missing and apt can; where it cannot, that test skips and says why.
browser:
	@test -x /usr/bin/chromium || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "make: Debian's chromium could not be installed; the browser test will skip"

# The whole suite with the engine the install built (native where a C compiler was found), then the
# tests that tag text once more with the pure-Python engine, which must give the same results.
test: $(VENV)/.test-installed browser
	$(BIN)/ruff check dan_van tests benchmarks setup.py
	$(BIN)/pytest -q
	DANVAN_ENGINE=python $(BIN)/pytest -q -m models

# docs/report.png: the HTML report of the seed corpus as Chromium shows it.
screenshot: $(VENV)/.test-installed browser
	$(BIN)/danvan report seeds/*.txt --summary --html docs/report.html > /dev/null
	$(BIN)/python docs/screenshot.py docs/report.html docs/report.png
	rm docs/report.html

lint: $(VENV)/.test-installed
	$(BIN)/ruff check dan_van tests benchmarks setup.py
	$(BIN)/ruff format --check dan_van tests benchmarks setup.py

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/bench.py --store

eval: $(VENV)/.installed
	$(BIN)/python benchmarks/eval.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache build dan_van/nlp/_crfcore*.so
