"""Read-only SPARQL over the graph: SELECT, ASK, CONSTRUCT and DESCRIBE, with a time limit
and a result limit. Updates (INSERT, DELETE, LOAD, CLEAR …), SERVICE and FROM are refused.

Queries run on an rdflib graph built from the export of the whole store (the same
triples as ``vankien export``) plus the ontology, rebuilt when ``store.generation()``
changes. Each query is evaluated in a forked child process that shares that graph: the
child checks the deadline at every triple lookup (a clean ``QueryLimitError``), and the
parent kills it when the deadline passes whatever it is doing (a cross product of VALUES,
a backtracking REGEX, an ORDER BY over millions of rows) and bounds its memory, so one
query can never hold a core, the read lock or gigabytes after its answer was given up.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pyparsing import ParseException
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result, ResultRow

from graph.export.rdf import data_prefixes, quads
from graph.export.rdf_syntax import to_graph
from graph.store.protocol import Store
from ontology.errors import InvalidRequestError, QueryLimitError, VankienError
from ontology.rdf import ONTOLOGY_PATH, base_iri

KILL_GRACE = 1.0  # seconds past the deadline before the child is killed
MAX_MEMORY = 1 << 30  # bytes a query may allocate
_CAN_FORK = "fork" in multiprocessing.get_all_start_methods() and Path("/proc/self/status").exists()
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
    if not _CAN_FORK:
        return _bounded_here(graph, q, most, seconds)
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(graph, q, most, seconds, sender), daemon=True,
                        name="vankien-sparql")
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds + KILL_GRACE):
            raise QueryLimitError(f"the query ran past its time limit of {seconds:g} s")
        try:
            kind, payload = receiver.recv()
        except EOFError:  # the child died without answering: killed by the system, out of memory
            raise QueryLimitError(f"the query was stopped: it needed more than {MAX_MEMORY >> 20} MB") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if kind == "error":
        raise payload
    return _unpack(payload)


def _bounded_here(graph: Graph, q: Query, most: int, seconds: float) -> SparqlResult:
    """Evaluate in this process with the deadline checked at every triple lookup."""
    _local.deadline, _local.timeout = time.monotonic() + seconds, seconds
    try:
        return _evaluate(graph, q, most)
    except VankienError:
        raise
    except MemoryError:
        raise QueryLimitError(f"the query was stopped: it needed more than {MAX_MEMORY >> 20} MB") from None
    except Exception as e:  # rdflib's evaluation errors (type errors in expressions, unsupported features)
        raise InvalidRequestError(f"the query cannot be evaluated: {type(e).__name__}: {e}") from e
    finally:
        _local.deadline = None


def _child(graph: Graph, q: Query, most: int, seconds: float, sender: Any) -> None:
    """The forked evaluator: memory bounded, the answer sent back as plain data."""
    try:
        _limit_memory()
        answer: tuple[str, Any] = ("ok", _pack(_bounded_here(graph, q, most, seconds)))
    except VankienError as e:
        answer = ("error", e)
    except BaseException as e:  # noqa: BLE001  (anything else is reported, never raised in a fork)
        answer = ("error", InvalidRequestError(f"the query cannot be evaluated: {type(e).__name__}: {e}"))
    try:
        sender.send(answer)
    finally:
        os._exit(0)  # no cleanup of the parent's state (threads, open files) inherited by the fork


def _limit_memory() -> None:
    """Let the child grow by MAX_MEMORY beyond what it shares with the parent at the fork."""
    try:
        import resource

        size = int(next(line.split()[1] for line in Path("/proc/self/status").read_text().splitlines()
                        if line.startswith("VmSize:"))) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size + MAX_MEMORY, size + MAX_MEMORY))
    except (ImportError, OSError, StopIteration, ValueError):
        pass


def _pack(r: SparqlResult) -> tuple[Any, ...]:
    graph = r.graph.serialize(format="nt", encoding="utf-8") if r.graph is not None else None
    return r.form, r.vars, r.rows, r.boolean, graph, r.truncated, dict(r.graph.namespaces()) if r.graph else {}


def _unpack(payload: tuple[Any, ...]) -> SparqlResult:
    form, vars_, rows, boolean, nt, truncated, namespaces = payload
    graph = None
    if nt is not None:
        graph = Graph()
        for prefix, ns in namespaces.items():
            graph.bind(prefix, ns, override=True)
        graph.parse(data=nt, format="nt")
    return SparqlResult(form, vars_, rows, boolean, graph, truncated)


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
