# The two commands of the README: `make html` and `make test`. Both set up
# everything they need on a fresh machine on the way: .venv for both, and the
# npm packages the tests use (axe-core, the Nu HTML checker) for `make test`.

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

# The warnings go to a file beside the site too, so that the tests can reuse this
# build (tests/conftest.py: site_build) instead of building the site again. The
# doctrees go beside it as well, not into the site that is published.
html: $(PY_READY)
	mkdir -p $(OUT)
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) -d $(OUT)/doctrees -w $(OUT)/html.warnings . $(OUT)/html

serve: $(PY_READY)
	$(BIN)/sphinx-autobuild -d $(OUT)/doctrees . $(OUT)/html --host 127.0.0.1 --port 8000

check: $(PY_READY)
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

bench: $(BENCH_READY)
	$(BIN)/python benchmarks/bench.py --size $(BENCH_SIZE) $(if $(BENCH_RUNS),--runs $(BENCH_RUNS))

test: html $(NODE_READY)
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUT)
