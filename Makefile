# Two commands do all the set-up on a fresh machine:
#   make run   create .venv, install newsfuse, print the brief of the bundled example
#   make test  the same set-up, then the test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
EXAMPLE := examples/varnholm-flood

.PHONY: run test bench bench-scale install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,eval]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/newsfuse brief $(EXAMPLE)

test: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,eval,bench]'
	$(PY) benchmarks/bench_brief.py
	$(PY) benchmarks/sentence_split.py

bench-scale: $(STAMP)
	$(PY) benchmarks/scale.py --sizes 100,300,1000

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .hypothesis
