# frontwatch: `make demo` and `make test` are the whole quickstart (see README.md).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
DEMO_DB ?= frontwatch.db

.PHONY: demo test lint data web bench clean help

help:
	@echo "make demo   - create .venv, build derived data (gazetteer, English and multilingual classifiers), ingest examples/ into $(DEMO_DB), print a summary"
	@echo "make test   - create/update .venv and run lint + the test suite"
	@echo "make bench  - accuracy and speed benchmarks over ../shared (writes bench/out/)"

# torch first, as the CPU build on this disk: anything else pulls a multi-GB CUDA build
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

web: $(STAMP)
	$(BIN)/python scripts/build_web_assets.py

data: $(STAMP)
	$(BIN)/python scripts/build_gazetteer.py
	$(BIN)/python scripts/train_classifier.py
	$(BIN)/python scripts/train_multilingual.py

demo: data web
	$(BIN)/frontwatch ingest examples/demo.jsonl --db sqlite:///$(DEMO_DB)
	@echo
	$(BIN)/frontwatch summary --db sqlite:///$(DEMO_DB)
	@echo
	@echo "Database: $(abspath $(DEMO_DB))"
	@echo "Next:  $(BIN)/frontwatch events --db sqlite:///$(DEMO_DB) --format json"
	@echo "       $(BIN)/frontwatch control --db sqlite:///$(DEMO_DB)"
	@echo "       $(BIN)/frontwatch serve --db sqlite:///$(DEMO_DB)    # then open http://127.0.0.1:8000/"

lint: $(STAMP)
	$(BIN)/ruff check frontwatch tests bench scripts
	$(BIN)/ruff format --check frontwatch tests bench scripts

test: lint web
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: data
	$(BIN)/python bench/pipeline.py
	$(BIN)/python bench/geoparse.py
	$(BIN)/python bench/classify.py
	$(BIN)/python bench/dedup.py

clean:
	rm -rf $(VENV) bench/out .pytest_cache .ruff_cache .mypy_cache .hypothesis
