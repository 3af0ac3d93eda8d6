"""Writes: ``POST /sources`` ingests an article, ``DELETE /sources/{id}`` removes one; both need the bearer token.

With no ``VANKIEN_API_TOKEN`` configured, writes are off (403) and the API is read-only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.routers.common import (
    ID_ERRORS,
    INVALID,
    UNAVAILABLE,
    Responses,
    StoreDep,
    problem_response,
    settings_of,
    write,
)
from api.routers.sources import SOURCE_ID
from api.schemas import IngestOut, SourceIn
from graph.build.ingest import ingest_sources
from graph.store.protocol import Store
from loaders.read.meta import title_from_text
from loaders.read.sources import Source
from ontology.errors import InvalidRequestError, NotFoundError
from ontology.ids import source_id

router = APIRouter(prefix="/sources", tags=["writes"])
bearer = HTTPBearer(auto_error=False, description="The server's VANKIEN_API_TOKEN.")

AUTH_ERRORS: Responses = {
    401: problem_response("No bearer token, or not the right one."),
    403: problem_response("Writes are off on this server (no VANKIEN_API_TOKEN configured)."),
    413: problem_response("The request body is larger than the server accepts."),
}


def require_token(request: Request,
                  creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Let the request through only with the configured bearer token."""
    settings = settings_of(request)
    if not settings.writes_enabled or settings.api_token is None:
        raise HTTPException(403, "writes are off on this server: set VANKIEN_API_TOKEN to turn them on")
    given = creds.credentials if creds is not None else ""
    if not hmac.compare_digest(given.encode(), settings.api_token.get_secret_value().encode()):
        raise HTTPException(401, "a valid bearer token is required to write", headers={"WWW-Authenticate": "Bearer"})


def to_source(body: SourceIn) -> Source:
    """The request as a ``Source``, exactly as a line of a JSONL corpus would be read."""
    if not body.text.strip():
        raise InvalidRequestError("'text' is empty")
    obj = body.model_dump(mode="json", exclude_none=True)
    return Source(id=source_id(body.id), key=body.id, path="api", text=body.text,
                  title=body.title or title_from_text(body.text), published=body.published, url=body.url,
                  sha256=hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest())


def _ingest(store: Store, source: Source) -> dict[str, Any]:
    report = ingest_sources(store, [source], workers=1)
    if report.failures:
        raise InvalidRequestError(str(report.failures[0]))
    s = report.summary
    status = "unchanged" if report.unchanged else "replaced" if s.sources_replaced else "added"
    return {"source": source.id, "status": status, **{k: v for k, v in vars(s).items() if k.startswith(("nodes_", "edges_"))},
            "merged": s.merged}


@router.post("", response_model=IngestOut, status_code=201, dependencies=[Depends(require_token)],
             responses={200: {"description": "The source was already there (unchanged or replaced).", "model": IngestOut},
                        **AUTH_ERRORS, **INVALID, **UNAVAILABLE}, summary="Ingest an article")
async def post_source(request: Request, response: Response, store: StoreDep, body: SourceIn) -> Any:
    """Extract the article's documents, meetings, bodies, persons and relations and write them to the store.
    201 when the source is new, 200 when it was already there (unchanged, or replaced by this version)."""
    source = to_source(body)
    out = await write(request, store, _ingest, source)
    if out["status"] != "added":
        response.status_code = 200
    response.headers["Location"] = f"/sources/{source.id}"
    return out


def _remove(store: Store, sid: str) -> dict[str, Any]:
    s = store.remove_sources([sid])
    if not s.sources_removed:
        raise NotFoundError(sid)
    return {"source": sid, "status": "removed", **{k: v for k, v in vars(s).items() if k.startswith(("nodes_", "edges_"))}}


@router.delete("/{source_id}", response_model=IngestOut, dependencies=[Depends(require_token)],
               responses={**AUTH_ERRORS, **ID_ERRORS}, summary="Remove a source and what only it said")
async def delete_source(request: Request, store: StoreDep, source_id: Annotated[str, SOURCE_ID]) -> Any:
    """Remove a source; facts other sources also state stay."""
    return await write(request, store, _remove, source_id)
