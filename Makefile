# conflictnews: `make run` and `make test` are all a newcomer needs; each sets up .venv itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]-*.ipynb))

.DEFAULT_GOAL := help
.PHONY: help setup run test test-lib test-notebooks lint format notebooks lab extract fuzz bench ner-cv clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (conflictnews)" >/dev/null
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the project with pinned dependencies

run: setup ## execute every notebook headlessly and write offline HTML reports to reports/
	$(BIN)/conflictnews run --out reports

test: setup ## lint, library tests, then nbval over every notebook
	$(BIN)/ruff check lib tests scripts fuzz benchmarks
	$(BIN)/pytest tests
	$(BIN)/pytest -p no:cacheprovider --nbval-lax --nbval-sanitize-with notebooks/sanitize.cfg $(NOTEBOOKS)

test-lib: setup ## library tests only
	$(BIN)/pytest tests

test-notebooks: setup ## nbval over every notebook only
	$(BIN)/pytest -p no:cacheprovider --nbval-lax --nbval-sanitize-with notebooks/sanitize.cfg $(NOTEBOOKS)

lint: setup ## ruff
	$(BIN)/ruff check lib tests scripts fuzz benchmarks

format: setup ## ruff format + import sorting
	$(BIN)/ruff check --fix lib tests scripts fuzz benchmarks

notebooks: setup ## regenerate notebooks/*.ipynb from their .py pairs, executed, outputs kept clean
	$(BIN)/python scripts/build_notebooks.py

lab: setup ## open JupyterLab on the notebooks with the project's kernel
	$(BIN)/jupyter lab notebooks

extract: setup ## extract the tables for the default corpus into out/
	$(BIN)/conflictnews extract seeds/000_ee0862778b20c500.txt data/fakes/FA-KES-Dataset.csv --out out

FUZZ_SECONDS ?= 60
fuzz: setup ## fuzz loaders, cleaner, number grammar and claim extractor with atheris (FUZZ_SECONDS each)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[fuzz]"
	mkdir -p fuzz/artifacts
	for target in loaders cleaner numbers claims; do \
	  $(BIN)/python fuzz/fuzz_targets.py $$target -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
	    -artifact_prefix=fuzz/artifacts/$$target- || exit 1; \
	done

bench: setup ## benchmark extraction (raw spaCy vs cold/warm cache, scaling, profile) into benchmarks/RESULTS.md
	$(BIN)/python benchmarks/bench_extract.py $(BENCH_ARGS)

ner-cv: setup ## 2-fold CV on dev: does fine-tuning the NER on the dev gold help? into benchmarks/NER_FINETUNE.md
	$(BIN)/python benchmarks/ner_finetune_cv.py $(NER_CV_ARGS)

clean: ## remove .venv, reports and caches
	rm -rf $(VENV) reports out .pytest_cache .ruff_cache .hypothesis
