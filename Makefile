# The two commands of the README: `make html` and `make test`. Both set up
# everything they need on a fresh machine (.venv, npm packages) on the way.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SPHINXOPTS ?= -W --keep-going
OUT ?= _build

# Marker files: set-up runs again only when its inputs change.
PY_READY := $(VENV)/.installed
NODE_READY := node_modules/.installed

.PHONY: html serve test check pdf bench clean setup

setup: $(PY_READY) $(NODE_READY)

$(PY_READY): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[site,test]'
	touch $@

$(NODE_READY): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

html: setup
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) . $(OUT)/html

serve: setup
	$(BIN)/sphinx-autobuild . $(OUT)/html --host 127.0.0.1 --port 8000

check: setup
	$(BIN)/ilc check

# The handbook as one A4 PDF and every canvas as a one-page A3 landscape PDF,
# printed by chromium (scripts/pdf.py) into $(OUT)/pdf.
pdf: html
	$(BIN)/sphinx-build -b singlehtml $(SPHINXOPTS) . $(OUT)/singlehtml
	$(BIN)/python scripts/pdf.py --html $(OUT)/html --singlehtml $(OUT)/singlehtml --out $(OUT)/pdf

# Build cost of the extension against plain MyST and sphinx-needs, measured side
# by side (benchmarks/README.md). BENCH_SIZE=quick|medium|large; BENCH_RUNS=N
# takes the median of N runs (default per size). Results: benchmarks/out/.
BENCH_SIZE ?= quick
BENCH_RUNS ?=
BENCH_READY := $(VENV)/.bench-installed

$(BENCH_READY): pyproject.toml $(PY_READY)
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

bench: setup $(BENCH_READY)
	$(BIN)/python benchmarks/bench.py --size $(BENCH_SIZE) $(if $(BENCH_RUNS),--runs $(BENCH_RUNS))

test: html
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUT)
