"""Read-only SPARQL over the graph: SELECT, ASK, CONSTRUCT and DESCRIBE, with a time limit
and a result limit. Updates (INSERT, DELETE, LOAD, CLEAR …), SERVICE and FROM are refused.

Queries run on an rdflib graph built from the export of the whole store (the same
triples as ``vankien export``) plus the ontology, rebuilt when ``store.generation()``
changes. The time limit is enforced inside the evaluation: every triple pattern lookup
checks the deadline, so a runaway join stops with ``QueryLimitError``.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from pyparsing import ParseException
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result, ResultRow

from graph.rdf_export import data_prefixes, quads
from graph.rdf_syntax import to_graph
from graph.store import Store
from ontology.errors import InvalidRequestError, QueryLimitError, VankienError
from ontology.rdf import ONTOLOGY_PATH, base_iri

DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 60.0
DEFAULT_LIMIT = 10_000
MAX_LIMIT = 100_000
MAX_QUERY_CHARS = 20_000

#: media types of results, by query form; the first is the default
RESULT_TYPES: dict[str, dict[str, str]] = {
    "SELECT": {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
               "text/csv": "csv", "text/tab-separated-values": "tsv", "application/json": "json"},
    "ASK": {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
            "application/json": "json"},
    "GRAPH": {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
              "application/rdf+xml": "xml"},
}

_local = threading.local()


class _DeadlineGraph(Graph):
    """A graph whose triple lookups stop the query once its deadline has passed."""

    def triples(self, triple: Any) -> Iterator[Any]:  # type: ignore[override]
        deadline = getattr(_local, "deadline", None)
        if deadline is None:
            yield from super().triples(triple)
            return
        _check(deadline)
        for i, t in enumerate(super().triples(triple)):
            if i & 1023 == 1023:
                _check(deadline)
            yield t


def _check(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise QueryLimitError(f"the query ran past its time limit of {_local.timeout:g} s")


class _GraphCache:
    """One graph per store and base IRI, kept while the store's generation is unchanged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._graphs: weakref.WeakKeyDictionary[Any, dict[str, tuple[int, Graph]]] = weakref.WeakKeyDictionary()

    def get(self, store: Store, base: str) -> Graph:
        gen = store.generation()
        with self._lock:
            per_store = self._graphs.setdefault(store, {})
            hit = per_store.get(base)
            if hit is not None and hit[0] == gen:
                return hit[1]
            graph = to_graph(quads(store, base=base), data_prefixes(base), graph=_DeadlineGraph())
            graph.parse(ONTOLOGY_PATH, format="turtle")
            per_store[base] = (gen, graph)
            return graph


_CACHE = _GraphCache()


def graph_for(store: Store, base: str | None = None) -> Graph:
    """The queryable graph of a store (cached by generation)."""
    return _CACHE.get(store, base_iri(base))


@dataclass
class SparqlResult:
    """The answer to a query: rows, a boolean or a graph; ``truncated`` when the result
    limit cut it."""

    form: str
    vars: list[str]
    rows: list[dict[str, Any]]
    boolean: bool | None
    graph: Graph | None
    truncated: bool

    def serialize(self, media_type: str) -> bytes:
        """The result in a media type of ``RESULT_TYPES``."""
        kind = "GRAPH" if self.graph is not None else self.form
        fmt = RESULT_TYPES[kind].get(media_type)
        if fmt is None:
            raise InvalidRequestError(f"a {self.form} result cannot be given as {media_type}")
        if self.graph is not None:
            return self.graph.serialize(format=fmt, encoding="utf-8")
        res = Result(self.form)
        if self.form == "ASK":
            res.askAnswer = bool(self.boolean)
        else:
            from rdflib import Variable

            res.vars = [Variable(v) for v in self.vars]
            res.bindings = [{Variable(k): v for k, v in row.items()} for row in self.rows]
        return res.serialize(format=fmt, encoding="utf-8") or b""


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list | tuple):
        for v in node:
            yield from _walk(v)


def prepare(text: str) -> Query:
    """Parse a read-only query, refusing updates, SERVICE and FROM with InvalidRequestError."""
    if not text or not text.strip():
        raise InvalidRequestError("the SPARQL query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidRequestError(f"the SPARQL query is longer than {MAX_QUERY_CHARS} characters")
    try:
        q = prepareQuery(text)
    except ParseException as e:
        try:
            parseUpdate(text)
        except Exception:  # not an update either (rdflib raises several kinds)
            raise InvalidRequestError(f"malformed SPARQL query: {e}") from e
        raise InvalidRequestError("SPARQL updates (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP …) are refused: "
                                  "this endpoint is read-only") from None
    except Exception as e:  # rdflib raises plain exceptions for some semantic errors
        raise InvalidRequestError(f"malformed SPARQL query: {e}") from e
    if getattr(q.algebra, "datasetClause", None):
        raise InvalidRequestError("FROM and FROM NAMED are refused: queries run on the vankien graph only")
    if any(getattr(n, "name", None) == "ServiceGraphPattern" for n in _walk(q.algebra)):
        raise InvalidRequestError("SERVICE is refused: this endpoint does not federate")
    return q


def _bounded(value: float | int | None, default: float | int, maximum: float | int, what: str) -> float | int:
    if value is None:
        return default
    if not 0 < value <= maximum:
        raise InvalidRequestError(f"{what} must be above 0 and at most {maximum:g}, not {value}")
    return value


def run_query(store: Store, text: str, *, timeout: float | None = None, limit: int | None = None,
              base: str | None = None) -> SparqlResult:
    """Run a read-only query on the store's graph."""
    q = prepare(text)
    seconds = float(_bounded(timeout, DEFAULT_TIMEOUT, MAX_TIMEOUT, "timeout"))
    most = int(_bounded(limit, DEFAULT_LIMIT, MAX_LIMIT, "limit"))
    graph = graph_for(store, base)
    _local.deadline, _local.timeout = time.monotonic() + seconds, seconds
    try:
        return _evaluate(graph, q, most)
    except VankienError:
        raise
    except Exception as e:  # rdflib's evaluation errors (type errors in expressions, unsupported features)
        raise InvalidRequestError(f"the query cannot be evaluated: {type(e).__name__}: {e}") from e
    finally:
        _local.deadline = None


def _evaluate(graph: Graph, q: Query, most: int) -> SparqlResult:
    """Run a prepared query and cut its result at ``most`` rows or triples."""
    res = graph.query(q)
    form = str(res.type)
    if form == "ASK":
        return SparqlResult(form, [], [], bool(res.askAnswer), None, False)
    if form == "SELECT":
        rows: list[dict[str, Any]] = []
        truncated = False
        for row in res:
            if len(rows) == most:
                truncated = True
                break
            rows.append({str(k): v for k, v in cast(ResultRow, row).asdict().items()})
        return SparqlResult(form, [str(v) for v in res.vars or []], rows, None, None, truncated)
    out = Graph()
    for p, ns in graph.namespaces():
        out.bind(p, ns, override=True)
    truncated = False
    for i, t in enumerate(res):
        if i == most:
            truncated = True
            break
        out.add(t)  # type: ignore[arg-type]
    return SparqlResult(form, [], [], None, out, truncated)


def negotiate(accept: str | None, form: str) -> str:
    """The media type to answer with, from an Accept header (q-values and wildcards honoured;
    the form's default when nothing acceptable is offered)."""
    offered = list(RESULT_TYPES["GRAPH" if form in ("CONSTRUCT", "DESCRIBE") else form])
    best, best_q = offered[0], 0.0
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        mt, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        match = [o for o in offered if mt in (o, "*/*") or (mt.endswith("/*") and o.startswith(mt[:-1]))]
        if match and q > best_q:
            best, best_q = match[0], q
    return best
