# vankien — setup, the main job on the embedded store, and the tests.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPUS ?= examples/corpus
# one store per corpus: the project's examples never mix with a store of real articles
DATA ?= $(CURDIR)/.vankien/$(if $(filter examples/corpus,$(strip $(CORPUS))),examples,corpus-$(shell printf '%s' '$(strip $(CORPUS))' | cksum | cut -d' ' -f1))
NEO4J_HOME ?= $(CURDIR)/.neo4j

.PHONY: setup demo test test-setup lint bench clean neo4j neo4j-stop neo4j-jars

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

## neo4j: a local Neo4j for --store neo4j, in the background (Java 17+ and Maven; no Docker)
neo4j: setup
	$(BIN)/vankien neo4j start --background --home $(NEO4J_HOME)

neo4j-stop: setup
	$(BIN)/vankien neo4j stop --home $(NEO4J_HOME)

## neo4j-jars: fetch Neo4j's jars for the tests' server once (skipped without Java and Maven)
neo4j-jars: setup
	@if command -v java >/dev/null && command -v mvn >/dev/null; then \
	  $(BIN)/vankien neo4j fetch --home $(NEO4J_HOME); \
	else echo "make: no java or mvn: the Neo4j test legs will skip (and fail in CI)"; fi

## test: install the test tools and run the whole suite (what CI runs)
test: test-setup neo4j-jars
	$(BIN)/pytest

## lint: ruff on everything, mypy on the packages (the [tool.mypy] settings of pyproject.toml)
lint: test-setup
	$(BIN)/ruff check ontology loaders graph api tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(CURDIR)/.vankien .pytest_cache .neo4j
