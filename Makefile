# paperfeed: `make site` builds the site from content/, `make test` runs every test.
# The virtualenv is (re)installed only when pyproject.toml changes, so builds after setup need
# no network.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test

.PHONY: site serve test test-fast check offline bench lint clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TESTSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# Build into a fresh folder and swap it in, so a failed build never leaves site/ half-written.
site: $(STAMP)
	@rm -rf site.new
	$(BIN)/mkdocs build --strict --quiet --site-dir site.new
	@rm -rf site.old; if [ -d site ]; then mv site site.old; fi; mv site.new site; rm -rf site.old
	@echo "site built in $(CURDIR)/site (open site/index.html through 'make serve')"

serve: $(STAMP)
	$(BIN)/mkdocs serve

check: $(STAMP)
	$(BIN)/paperfeed check

test: $(TESTSTAMP)
	$(BIN)/python -m pytest -n 2

test-fast: $(TESTSTAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow"

lint: $(TESTSTAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf docs site site.new site.old site-offline
