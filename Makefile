# seuranta: the two commands a new user needs are `make appendices` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make appendices PROGRAMME=<id>` cleans and renders one programme; empty: every programme
# under data/raw/. LANGS=fi,sv narrows the languages; empty: those each programme publishes.
PROGRAMME ?=
LANGS ?=
# The lock files pin every package, for this platform and Python (README, "Reproducibility").
LOCK_FOR := --python-version 3.11 --python-platform x86_64-unknown-linux-gnu
LOCK_ARGS := $(LOCK_FOR) --quiet --custom-compile-command "make lock"

.DEFAULT_GOAL := help
.PHONY: help appendices fetch second-year clean-data status test test-fast lint lab bench clean lock upgrade-lock

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("The lock files are for Python 3.11, found " + sys.version.split()[0] + ": run make PYTHON=python3.11 ...") if sys.version_info[:2] != (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exactly the locked versions; the library itself adds nothing (--no-deps).
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@# Bytecode for the library, as pip writes for every other package: a machine with
	@# PYTHONDONTWRITEBYTECODE set would otherwise compile it again on every command.
	$(BIN)/python -m compileall -q lib >/dev/null
	$(BIN)/python -m ipykernel install --sys-prefix --name seuranta --display-name "seuranta (Python 3)" >/dev/null
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	@touch $@

appendices: $(VENV)/.installed ## Set up, clean and render the latest year's appendices (PROGRAMME=<id>, LANGS=fi,sv)
	$(BIN)/seuranta clean $(if $(PROGRAMME),--programme $(PROGRAMME))
	$(BIN)/seuranta render $(if $(PROGRAMME),--programme $(PROGRAMME)) $(if $(LANGS),--lang $(LANGS)) \
		$$($(BIN)/python -c "$$PDF_IF_CHROMIUM")

# The index links each language's PDF book: print it where Chromium is found; elsewhere
# say that the link waits for `seuranta render --pdf` (README, "PDF books").
define PDF_IF_CHROMIUM
import sys
from seuranta.render.pdf import missing_requirement
why = missing_requirement()
print("" if why else "--pdf")
if why: print(f"No PDF books: {why} The index links them once printed.", file=sys.stderr)
endef
export PDF_IF_CHROMIUM

# A second report year to look at: the made-up 2023 test year beside the real data, in a
# copy of the project under build/ (never in data/raw).
SECOND := build/second-year
second-year: $(VENV)/.installed ## Render 2022 and a made-up 2023 year in build/second-year (README)
	rm -rf $(SECOND) && mkdir -p $(SECOND)/data
	cp -r data/raw $(SECOND)/data/raw && cp -r notebooks $(SECOND)/notebooks
	cp -r tests/fixtures/raw/elinvoimainen-espoo/2023 $(SECOND)/data/raw/elinvoimainen-espoo/2023
	SEURANTA_ROOT=$(CURDIR)/$(SECOND) $(BIN)/seuranta clean
	SEURANTA_ROOT=$(CURDIR)/$(SECOND) $(BIN)/seuranta render --programme elinvoimainen-espoo --year 2022
	SEURANTA_ROOT=$(CURDIR)/$(SECOND) $(BIN)/seuranta render --programme elinvoimainen-espoo --year 2023

clean-data: $(VENV)/.installed ## Only rebuild data/processed from data/raw
	$(BIN)/seuranta clean

fetch: $(VENV)/.installed ## Download the year's declared statistics into its sources/ (YEAR=<year>, PROGRAMME=<id>)
	$(BIN)/seuranta fetch --programme $(or $(PROGRAMME),elinvoimainen-espoo) --year $(or $(YEAR),$(error YEAR is required, e.g. make fetch YEAR=2023))

status: $(VENV)/.installed ## Print the progress of each indicator (latest report year)
	$(BIN)/seuranta status --programme $(or $(PROGRAMME),elinvoimainen-espoo) --year $$(ls data/raw/$(or $(PROGRAMME),elinvoimainen-espoo) | grep -E '^[0-9]{4}$$' | tail -1)

# The fast layer: parsing, schemas, readers, the method, page blocks; nothing that cleans a
# project tree, renders its pages, runs the command in a subprocess or opens a browser
# (the markers are assigned in tests/conftest.py).
FAST := not slow and not browser

test: $(VENV)/.installed-dev ## Set up with the dev tools, then run ruff, the import layers check and every test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

test-fast: $(VENV)/.installed-dev ## Run only the fast tests: no project clean, page set or browser (under a minute)
	$(BIN)/python -m pytest -q -m "$(FAST)"

lint: $(VENV)/.installed-dev ## Fix what ruff can fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lab: $(VENV)/.installed ## Open JupyterLab on the project's kernel
	$(BIN)/jupyter lab notebooks/ --MultiKernelManager.default_kernel_name=seuranta

bench: $(VENV)/.installed-dev ## Run the benchmarks and print their figures
	$(BIN)/python benchmarks/bench_pcaxis.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_loop.py
	$(BIN)/python benchmarks/bench_scale.py

lock: $(VENV)/.installed-dev ## Re-solve requirements*.lock after editing pyproject.toml (other pins kept)
	$(BIN)/uv pip compile pyproject.toml $(LOCK_ARGS) $(UPGRADE) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev -c requirements.lock $(LOCK_ARGS) $(UPGRADE) \
		-o requirements-dev.lock

upgrade-lock: ## Move requirements*.lock to the newest versions allowed (re-renders every page)
	$(MAKE) lock UPGRADE=--upgrade

clean: ## Remove data/processed and outputs (both are rebuilt by `make appendices`)
	rm -rf data/processed/*/ outputs/*/
