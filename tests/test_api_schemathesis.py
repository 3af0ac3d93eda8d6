"""Schemathesis over the app's own OpenAPI schema, in-process: no server errors, every response conforms.

Deterministic (derandomised Hypothesis, no example database) and bounded in time: a fixed
number of examples per operation, positive and negative, over a store built from the shared
articles. Writes are exercised with the bearer token (and without it by the auth checks).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import positive_data_acceptance  # noqa: E402

from api.app import create_app  # noqa: E402
from api.settings import Settings  # noqa: E402
from graph.build.ingest import ingest_paths  # noqa: E402
from graph.store.protocol import Store, open_store  # noqa: E402
from tests.conftest import need_shared  # noqa: E402

TOKEN = "schemathesis-token"
EXAMPLES = int(os.environ.get("VANKIEN_SCHEMATHESIS_EXAMPLES", "40"))


@pytest.fixture(scope="module")
def api_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    shared = need_shared()
    store = open_store("embedded", data_dir=tmp_path_factory.mktemp("schemathesis-store"))
    ingest_paths(store, [str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl")], workers=1)
    yield store
    store.close()


@schemathesis.serializer("application/sparql-query")
def _sparql_text(ctx: object, value: object) -> bytes:
    """A SPARQL query body is plain text (the RDF router accepts it)."""
    return (value if isinstance(value, str) else str(value)).encode("utf-8", "surrogatepass")


# The app is built at collection (it does no I/O) so that schemathesis can list the operations;
# its store is set by the fixture below before any request is made.
APP = create_app(Settings(api_token=TOKEN, query_time_limit=30.0))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(autouse=True)
def _store(api_store: Store) -> Iterator[None]:
    APP.state.store = api_store
    yield
    APP.state.store = None


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    """Every response is documented, of the declared type and shape, and never a 5xx."""
    headers = {"Authorization": f"Bearer {TOKEN}"} if case.method.upper() in ("POST", "DELETE") else None
    # whether a string is a valid SPARQL query cannot be said in JSON Schema: a schema-valid query may be refused
    excluded = [positive_data_acceptance] if case.path == "/sparql" else None
    case.call_and_validate(headers=headers, excluded_checks=excluded)


def test_the_schema_lists_the_lineage_routes() -> None:
    """A guard against an empty parametrisation."""
    paths = set(schema.raw_schema["paths"])
    assert {"/documents/{doc_id}/implementations", "/documents/{doc_id}/trace", "/resolve", "/sources"} <= paths
