# vankien — setup, the main job on the embedded store, and the tests.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= examples/corpus
# one store per corpus: the project's examples never mix with a store of real articles
DATA ?= $(CURDIR)/.vankien/$(if $(filter examples/corpus,$(strip $(CORPUS))),examples,corpus-$(shell printf '%s' '$(strip $(CORPUS))' | cksum | cut -d' ' -f1))

.PHONY: setup demo test test-setup lint bench clean

$(BIN)/vankien: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

setup: $(BIN)/vankien

## demo: set up, ingest the corpus into the embedded store, answer two lineage questions
demo: setup
	$(BIN)/vankien ingest $(CORPUS) --data-dir $(DATA)
	$(BIN)/vankien trace "Kế hoạch 248-KH/TU" --data-dir $(DATA)
	$(BIN)/vankien implementations "Chỉ thị 39-CT/TW năm 2014" --data-dir $(DATA)

test-setup: setup
	$(BIN)/pip install -q -e '.[test]'
	cd .ci/cypher && npm ci --no-audit --no-fund --loglevel=error

## test: install the test tools and run the whole suite (what CI runs)
test: test-setup
	$(BIN)/pytest

lint: test-setup
	$(BIN)/ruff check ontology loaders graph api tests bench

clean:
	rm -rf $(VENV) $(CURDIR)/.vankien .pytest_cache
