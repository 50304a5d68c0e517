# kb_ext: build the knowledge base, test it, benchmark it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SPHINXOPTS ?=
PORT   ?= 8000

.PHONY: html check fix-positions test serve clean lint live bench browser-deps screenshot import

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build -b html -n $(SPHINXOPTS) docs docs/_build/html

# Every check of a build (sidecars, options, references, quotes, duplicates)
# without writing pages: fails (-W) while any warning is left, as in CI or a
# pre-commit hook. Its own doctrees, so it does not slow the next `make html`.
check: $(STAMP)
	$(BIN)/sphinx-build -b kbcheck -W --keep-going $(SPHINXOPTS) docs docs/_build/check

# Positions whose quote is only in another passage of their source: show the
# fix as a diff; `make fix-positions APPLY=1` writes it to the curated pages.
fix-positions: $(STAMP)
	$(BIN)/python -m kb_ext fix-positions docs $(if $(APPLY),--apply)

# Chromium for the browser tests: Debian's package (Playwright cannot download its own here).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium'" >&2; exit 1; fi; }

test: $(STAMP) browser-deps
	$(BIN)/ruff check kb_ext tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# ruff, and mypy over kb_ext (the settings are in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check kb_ext tests
	$(BIN)/mypy

serve: html
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory docs/_build/html

live: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[live]"
	$(BIN)/sphinx-autobuild docs docs/_build/html --watch seeds --watch kb_ext --port $(PORT)

# The README's picture of the landing page, and the first screen of each page
# kind at 1280 and 390 px in docs/_screenshots/ (headless Chromium).
screenshot: html browser-deps
	$(BIN)/python -m tests.screenshot --out docs/_static/screenshot.png
	$(BIN)/python -m tests.screenshot --all --out-dir docs/_screenshots

# Copy saved pages, PDFs and text into the sources folder with draft sidecars:
#   make import FILES="~/saved/*.html reports/" [ZOTERO=library.json] [TO=seeds]
TO ?= seeds
import: $(STAMP)
	@test -n "$(FILES)" || { echo 'usage: make import FILES="PATH..." [ZOTERO=FILE] [TO=DIR]' >&2; exit 2; }
	$(BIN)/python -m kb_ext import $(FILES) --to $(TO) $(if $(ZOTERO),--zotero $(ZOTERO))

bench: $(STAMP)
	$(BIN)/python -m tests.bench.run $(BENCH_ARGS)

# Page files the build generated (the build's own test, kb_ext.sources.discovery.is_generated);
# authored pages in docs/sources stay.
clean:
	rm -rf docs/_build .pytest_cache .bench
	$(if $(wildcard $(BIN)/python),$(BIN)/python,$(PYTHON)) -m kb_ext.sources.clean_pages docs
