# 工作报告范本库 — `make help` lists the targets.
# Every target bootstraps .venv from the pinned requirements on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CONFIG ?= mkdocs.yml
SITE   ?= site
ADDR   ?= 127.0.0.1:8000
SIZES  ?= 100,1000
RUNS   ?= 3

# Material prints a long end-of-life banner on every build; the project tracks that in README.
export NO_MKDOCS_2_WARNING := 1
# Without git, GitPython (read by the 最后更新 plugin) would refuse to load and stop the build: let it
# load, and the pages show no date (overrides/hooks/git_dates.py).
export GIT_PYTHON_REFRESH ?= quiet
# A mistake in the data or a page prints one short line; `make build V=1` adds the Python traceback.
ifeq ($(V),1)
export BAOGAO_TRACEBACK := 1
VERBOSE := --verbose
endif

.DEFAULT_GOAL := help
.PHONY: help serve build check test bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

serve: $(STAMP) ## Serve the site at http://127.0.0.1:8000 and rebuild on every change
	$(BIN)/mkdocs serve --strict -f $(CONFIG) -a $(ADDR)

build: $(STAMP) ## Build into site/; a failed build leaves the previous site/ untouched (V=1: tracebacks)
	@rm -rf "$(SITE).new"
	$(BIN)/mkdocs build --strict $(VERBOSE) -f $(CONFIG) -d "$(abspath $(SITE)).new" || { rm -rf "$(SITE).new"; exit 1; }
	@rm -rf "$(SITE).old"; if [ -d "$(SITE)" ]; then mv "$(SITE)" "$(SITE).old"; fi
	@mv "$(SITE).new" "$(SITE)" && rm -rf "$(SITE).old"

check: build ## Fast check while editing: strict build into site/, then the data and built-HTML tests (no browser, nginx or LibreOffice)
	$(BIN)/python -m pytest -m "not full"

test: $(STAMP) ## Run every test: what `make check` runs, the fixture sites, Chromium, nginx, LibreOffice
	$(BIN)/python -m pytest

bench: $(STAMP) ## Benchmark build, page weight and search at scale (SIZES=100,1000 RUNS=3); writes bench/report.json
	$(BIN)/python bench/run.py --sizes $(SIZES) --runs $(RUNS)

clean: ## Remove site/ and the virtualenv
	rm -rf $(SITE) $(SITE).new $(SITE).old $(VENV) .pytest_cache
