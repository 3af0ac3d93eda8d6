"""Shared fixtures: paths to ../shared, and a store of every backend (the contract suite)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import Store, create_store

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
