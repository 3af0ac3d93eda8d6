"""Shared fixtures: paths to ../shared, a store of every backend (the contract suite), and
the shared articles ingested once for the read-only RDF and SPARQL tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.ingest import ingest_paths
from graph.store import Store, create_store, open_store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"
IN_CI = os.environ.get("VANKIEN_CI") == "1"


def need_shared() -> Path:
    """../shared, or skip (in CI it must be there)."""
    if not SHARED.is_dir():
        if IN_CI:
            pytest.fail(f"{SHARED} is missing in CI")
        pytest.skip(f"{SHARED} is not beside the project")
    return SHARED


@pytest.fixture(params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, open store of each backend. The Neo4j leg runs only when NEO4J_URI is set."""
    if request.param == "neo4j":
        if not os.environ.get("NEO4J_URI"):
            pytest.skip("NEO4J_URI is not set: the Neo4j leg runs against a real Neo4j only")
        s = create_store("neo4j", namespace=f"t{uuid.uuid4().hex[:12]}")
    else:
        s = create_store("embedded", data_dir=tmp_path / "store")
    s.open()
    try:
        yield s
    finally:
        wipe = getattr(s, "wipe", None)
        if request.param == "neo4j" and wipe is not None:
            wipe()
        s.close()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The seeds and the dev corpus in one embedded store, for tests that only read it."""
    shared = need_shared()
    store = open_store("embedded", data_dir=tmp_path_factory.mktemp("corpus"))
    ingest_paths(store, [str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl")], workers=1)
    yield store
    store.close()


@pytest.fixture(scope="session")
def rdf_client(corpus: Store) -> Any:
    """The RDF and SPARQL routes alone over ``corpus``."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from api.errors import install
    from api.routers.rdf import router

    app = FastAPI()
    install(app)
    app.include_router(router)
    app.state.store = corpus
    return TestClient(app, raise_server_exceptions=False)
