# kgen: `make demo` trains an example project, `make test` runs every test.
# Each target creates .venv first when it is missing or older than pyproject.toml.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# pytest-xdist workers; `make test WORKERS=0` runs in one process. On 2 cores, 2 workers halve the
# wall time: unit tests 17 s -> 7 s, e2e tests 7m20s -> 3m40s.
WORKERS ?= 2
XDIST = $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS))
LINTED := kgen tests benchmarks scripts

DEMO_DATA := demo/data/digits
DEMO_PROJECT := demo/digits
DEMO_EPOCHS ?= 5

.PHONY: help venv .venv demo test test-fast test-e2e lint format bench clean

help: ## Show the targets and what they do
	@echo "usage: make TARGET"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_. -]+:.*## / {printf "  %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv .venv: $(INSTALLED) ## Create .venv with kgen and its dev tools (again when pyproject.toml changes)

demo: $(INSTALLED) ## Render the digits example, train it for a few epochs and print its test accuracy
	@if [ ! -d $(DEMO_DATA) ]; then \
		rm -rf $(DEMO_DATA).partial; \
		$(BIN)/python scripts/write_digits.py images $(DEMO_DATA).partial; \
		mv $(DEMO_DATA).partial $(DEMO_DATA); \
	fi
	@# The flag names the data relative to here, whatever the answers file's folder is.
	$(BIN)/kgen new $(DEMO_PROJECT) --answers examples/digits.yml --data-path $(DEMO_DATA) --defaults --force
	$(BIN)/pip install --quiet -e $(DEMO_PROJECT) --no-deps
	cd $(DEMO_PROJECT) && TF_CPP_MIN_LOG_LEVEL=2 ../../$(BIN)/python -m digits.train --epochs $(DEMO_EPOCHS) --verbose 2
	cd $(DEMO_PROJECT) && TF_CPP_MIN_LOG_LEVEL=2 ../../$(BIN)/python -m digits.evaluate
	@echo
	@$(BIN)/python -c 'import json, sys; r = json.load(open(sys.argv[1])); \
		print("test accuracy: %.4f (baseline: %.4f)" % (r["model"]["accuracy"], r["baseline"]["accuracy"]))' \
		$(DEMO_PROJECT)/runs/latest/test_metrics.json
	@echo "history plot:  $(DEMO_PROJECT)/runs/latest/history.png"

# The end-to-end tests install projects on JAX and torch into a cached venv per backend, outside
# .venv: ${KGEN_E2E_CACHE:-~/.cache/kgen-e2e}/venvs. A cold first run builds them: about
# 10 minutes more on 2 cores (JAX 2 min, TensorFlow 5, torch 6); later runs reuse them.
test: $(INSTALLED) ## Run the unit tests, then the end-to-end tests; a cold first run builds backend venvs, +10 min
	$(MAKE) test-fast
	$(MAKE) test-e2e

test-fast: $(INSTALLED) ## Run the unit tests only (seconds; no TensorFlow)
	$(BIN)/pytest -m "not e2e" $(XDIST)

test-e2e: $(INSTALLED) ## Render projects, install one, run their own tests (minutes)
	$(BIN)/pytest -m e2e $(XDIST)

lint: $(INSTALLED) ## Check style: ruff check and ruff format --check
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

format: $(INSTALLED) ## Format the code with ruff and apply its safe fixes
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

bench: $(INSTALLED) ## Time kgen against copier, generated training against plain Keras, forecasts and images against naive ones, the backends against each other
	$(BIN)/python benchmarks/bench_cli.py
	TF_CPP_MIN_LOG_LEVEL=2 $(BIN)/python benchmarks/bench_train.py
	TF_CPP_MIN_LOG_LEVEL=2 $(BIN)/python benchmarks/bench_tables.py
	TF_CPP_MIN_LOG_LEVEL=2 $(BIN)/python benchmarks/bench_text.py
	TF_CPP_MIN_LOG_LEVEL=2 $(BIN)/python benchmarks/bench_series.py
	TF_CPP_MIN_LOG_LEVEL=2 $(BIN)/python benchmarks/bench_images.py
	TF_CPP_MIN_LOG_LEVEL=2 $(BIN)/python benchmarks/bench_backends.py

clean: ## Remove the demo and benchmark outputs (keeps .venv)
	rm -rf demo .bench
