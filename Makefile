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

test: html
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUT)
