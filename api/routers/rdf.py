"""RDF routes: ``GET /export`` (the graph or a document's neighbourhood as RDF) and
``GET``/``POST /sparql`` (read-only SPARQL 1.1 protocol: the query as the ``query``
parameter, a form field or an ``application/sparql-query`` body; results as SPARQL
JSON/XML/CSV/TSV or, for graphs, Turtle/JSON-LD/N-Triples/RDF-XML, by ``Accept``).

Errors are raised as ``ontology.errors`` exceptions; the app maps them to problem+json.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from api.deps import get_store
from api.routers.common import RWLock, lock_of, read, settings_of
from graph.export.rdf import FORMATS, export, media_type
from graph.export.sparql import MAX_LIMIT, MAX_TIMEOUT, SparqlResult, negotiate, run_query
from graph.store.protocol import Store
from ontology.errors import InvalidRequestError, QueryLimitError

router = APIRouter(tags=["rdf"])

_FORMAT_HELP = ", ".join(f"{k} ({v[0]})" for k, v in FORMATS.items())
Format = Literal["ttl", "nt", "jsonld", "xml", "trig"]
_PROBLEM: dict[str, Any] = {"application/problem+json": {}}
StoreDep = Annotated[Store, Depends(get_store)]
Timeout = Annotated[float | None, Query(gt=0, le=MAX_TIMEOUT, description="Seconds before the query is stopped.")]
Limit = Annotated[int | None, Query(gt=0, le=MAX_LIMIT, description="Most rows or triples returned.")]


def _responses(ok: str, media: list[str], *statuses: int) -> dict[int | str, dict[str, Any]]:
    why = {404: "No document is recorded under this reference (`suggestions` lists candidates).",
           422: "A parameter is invalid, the query is refused, or it went past its limits."}
    out: dict[int | str, dict[str, Any]] = {200: {"description": ok, "content": {m: {} for m in media}}}
    out.update({s: {"description": why[s], "content": _PROBLEM} for s in statuses})
    return out


@router.get("/export", summary="The graph, or one document's neighbourhood, as RDF with provenance",
            response_class=Response,
            responses=_responses("The RDF, in the asked format.", [v[0] for v in FORMATS.values()], 404, 422))
async def export_rdf(
    request: Request,
    store: StoreDep,
    format: Annotated[Format, Query(description=f"One of {_FORMAT_HELP}.")] = "ttl",  # noqa: A002
    document: Annotated[str | None, Query(min_length=1, max_length=300, pattern=r"\S",
                                          description="A document id, IRI or reference ('Kết luận 21-KL/TW'); "
                                                      "omit for the whole graph.")] = None,
    depth: Annotated[int, Query(ge=0, le=6, description="Hops around the document (either direction); a "
                                "neighbourhood of more nodes than the server's VANKIEN_MAX_EXPORT_NODES is refused "
                                "(422), never cut short.")] = 1,
) -> Response:
    """Stream N-Triples and Turtle; serialise the other formats in one piece (in memory, so
    the whole graph is given in those formats only up to the server's export bound)."""
    if format not in ("nt", "ttl") and document is None:
        bound = settings_of(request).max_export_nodes
        if await read(request, store, lambda s: s.count_nodes()) > bound:
            raise QueryLimitError(f"the graph has more than {bound} nodes: export it as nt or ttl (streamed), "
                                  "or export one document's neighbourhood")
    headers = {"Content-Disposition": f'inline; filename="vankien{FORMATS[format][1]}"'}
    options: dict[str, Any] = {"document": document, "depth": depth,
                               "max_nodes": settings_of(request).max_export_nodes}
    if format in ("nt", "ttl"):
        chunks = _locked(lock_of(request), export(store, format, **options))
        return StreamingResponse(chunks, media_type=f"{media_type(format)}; charset=utf-8", headers=headers)
    body = await read(request, store, lambda s: b"".join(export(s, format, **options)))
    return Response(body, media_type=media_type(format), headers=headers)


def _locked(lock: RWLock, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """A stream whose every chunk is read under the store's read lock: a write may come
    between two chunks, never in the middle of one."""
    it = iter(chunks)
    while True:
        with lock.read():
            chunk = next(it, None)
        if chunk is None:
            return
        yield chunk


def _answer(result: SparqlResult, accept: str | None) -> Response:
    mt = negotiate(accept, result.form)
    headers = {"X-Vankien-Truncated": "true" if result.truncated else "false", "Vary": "Accept"}
    return Response(result.serialize(mt), media_type=mt, headers=headers)


_RESULTS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
            "text/tab-separated-values", "text/turtle", "application/ld+json", "application/n-triples",
            "application/rdf+xml"]


@router.get("/sparql", summary="Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)",
            response_class=Response, responses=_responses("The results, in the format `Accept` asks for.", _RESULTS, 422))
async def sparql_get(
    request: Request,
    query: Annotated[str, Query(min_length=1, pattern=r"\S", description="The SPARQL query.")],
    store: StoreDep,
    timeout: Timeout = None,
    limit: Limit = None,
) -> Response:
    """SPARQL protocol, query via GET."""
    result = await read(request, store, run_query, query, timeout=timeout, limit=limit)
    return _answer(result, request.headers.get("accept"))


@router.post("/sparql", summary="Run a read-only SPARQL query sent as a form or as application/sparql-query",
             response_class=Response,
             responses=_responses("The results, in the format `Accept` asks for.", _RESULTS, 422),
             openapi_extra={"requestBody": {"content": {
                 "application/sparql-query": {"schema": {"type": "string", "minLength": 1, "pattern": r"\S"}},
                 "application/x-www-form-urlencoded": {"schema": {
                     "type": "object", "properties": {"query": {"type": "string", "minLength": 1, "pattern": r"\S"}},
                     "required": ["query"]}}}, "required": True}})
async def sparql_post(
    request: Request,
    store: StoreDep,
    timeout: Timeout = None,
    limit: Limit = None,
) -> Response:
    """SPARQL protocol, query via POST (updates are refused)."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        body = (await request.body()).decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidRequestError("the request body is not UTF-8") from e
    if ctype == "application/sparql-query":
        text = body
    elif ctype == "application/x-www-form-urlencoded":
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            raise InvalidRequestError("SPARQL updates are refused: this endpoint is read-only")
        if "query" not in form:
            raise InvalidRequestError("the form has no 'query' field")
        text = form["query"][0]
    elif ctype == "application/sparql-update":
        raise InvalidRequestError("SPARQL updates are refused: this endpoint is read-only")
    else:
        raise InvalidRequestError("send the query as application/sparql-query or as a form field 'query' "
                                  f"(application/x-www-form-urlencoded), not {ctype or 'no content type'}")
    if not text.strip():
        raise InvalidRequestError("the SPARQL query is empty")
    result = await read(request, store, run_query, text, timeout=timeout, limit=limit)
    return _answer(result, request.headers.get("accept"))
