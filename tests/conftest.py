"""Shared fixtures: paths to ../shared, a real Neo4j server for the Neo4j legs, a store of
every backend (the contract suite), and the shared articles ingested once for the read-only
RDF and SPARQL tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.build.ingest import ingest_paths
from graph.store.protocol import Store, create_store, open_store

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


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Bolt URI of a real Neo4j for every Neo4j leg: $NEO4J_URI when set, else a local
    Neo4j 5.26 Community started here for the session (graph.store.neo4j_server: Java and Maven
    needed; without them the legs skip, and in CI they fail). Sets NEO4J_URI for the CLI."""
    from api.settings import get_settings
    from graph.store import neo4j_server

    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    if missing := neo4j_server.missing_tools():
        reason = f"no Neo4j: NEO4J_URI is unset and {' and '.join(missing)} (needed to start one) is missing"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    started = time.perf_counter()
    say = lambda line: print(line, file=sys.stderr)  # noqa: E731
    home = get_settings().neo4j_home or neo4j_server.default_home()
    server = neo4j_server.start(home, say=say, folder=tmp_path_factory.mktemp("neo4j"))
    say(f"\nvankien tests: Neo4j {neo4j_server.NEO4J_VERSION} at {server.uri} "
        f"(started in {time.perf_counter() - started:.1f} s)")
    saved = {k: os.environ.pop(k, None) for k in ("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")}
    os.environ["NEO4J_URI"] = server.uri
    get_settings.cache_clear()
    try:
        yield server.uri
    finally:
        del os.environ["NEO4J_URI"]
        os.environ.update({k: v for k, v in saved.items() if v is not None})
        get_settings.cache_clear()
        server.stop()


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``vankien ARGS`` in a subprocess with a bare environment plus ``env`` (no stdin)."""
    base = {"COLUMNS": "200", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run([sys.executable, "-m", "api.cli.main", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=600, env={**base, **env}, stdin=subprocess.DEVNULL)


def neo4j_store(uri: str, prefix: str = "t") -> Store:
    """A new, unopened Neo4j store in a namespace of its own."""
    return create_store("neo4j", uri=uri, namespace=f"{prefix}{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=["embedded", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, open store of each backend (Neo4j: a real server, see ``neo4j_uri``)."""
    if request.param == "neo4j":
        s = neo4j_store(request.getfixturevalue("neo4j_uri"))
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
