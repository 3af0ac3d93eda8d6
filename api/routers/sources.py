"""``/sources``: the articles read, each as normalised text with its evidence and mention spans marked."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.entity_schemas import SourceDetail, SourcePage
from api.routers.common import ID_ERRORS, READ_ERRORS, Paging, StoreDep, read
from graph.query import sources

router = APIRouter(prefix="/sources", tags=["sources"])

SOURCE_ID = Path(max_length=300, description="A source id.", openapi_examples={"s": {"value": "src:002-f9a59b69b065816b"}})


@router.get("", response_model=SourcePage, responses=READ_ERRORS, summary="List sources")
async def list_sources(request: Request, store: StoreDep, paging: Annotated[Paging, Depends()]) -> Any:
    """Sources in id order (``total`` is not counted; follow ``next_offset``)."""
    items = await read(request, store, sources.page, paging.limit, paging.offset)
    return paging.page(items, None)


@router.get("/{source_id}", response_model=SourceDetail, responses=ID_ERRORS, summary="One source with its spans")
async def get_source(request: Request, store: StoreDep, source_id: Annotated[str, SOURCE_ID]) -> Any:
    """The normalised text of a source, and every evidence sentence and mention in it with offsets into that text."""
    return await read(request, store, sources.detail, source_id)


def render(detail: dict[str, Any], focus: tuple[int, int] | None) -> str:
    """The source as an HTML page: evidence sentences and mentions marked, the focused span scrolled to."""
    text: str = detail["text"]
    ranges = {(s["start"], s["end"], s["kind"]) for s in detail["spans"] if 0 <= s["start"] < s["end"] <= len(text)}
    if focus and 0 <= focus[0] < focus[1] <= len(text):
        ranges.add((focus[0], focus[1], "focus"))
    # a sweep over the cuts: each range opens its kind at its start and closes it at its end,
    # so the page costs O(n log n) in the spans, however many overlap
    events: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for a, b, k in ranges:
        events[a].append((k, 1))
        events[b].append((k, -1))
    cuts = sorted({0, len(text)} | set(events))
    open_kinds: Counter[str] = Counter()
    parts: list[str] = []
    focus_done = False
    for a, b in zip(cuts, cuts[1:], strict=False):
        for k, step in events.get(a, ()):
            open_kinds[k] += step
        kinds = sorted(k for k, n in open_kinds.items() if n > 0)
        chunk = html.escape(text[a:b])
        if not kinds:
            parts.append(chunk)
            continue
        anchor = ""
        if "focus" in kinds and not focus_done:
            anchor, focus_done = ' id="focus"', True
        parts.append(f'<span class="{" ".join("span-" + k for k in kinds)}"{anchor}>{chunk}</span>')
    title = html.escape(detail.get("title") or detail["id"])
    url = detail.get("url")
    link = ""
    if url:  # only a web address is a link: a stored 'javascript:' or 'data:' URL is shown as text
        shown = html.escape(url)
        safe = urlsplit(url.strip()).scheme.lower() in ("http", "https")
        link = (f'<p class="src-url"><a href="{shown}" rel="noopener noreferrer">{shown}</a></p>' if safe
                else f'<p class="src-url">{shown}</p>')
    badge = '<p class="badge example">ví dụ / example</p>' if detail.get("example") else ""
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/app.css"></head><body class="source-view">'
            f'<header><a href="/">← vankien</a>{badge}<h1>{title}</h1><p class="src-id">{html.escape(detail["id"])}'
            f'{" · " + html.escape(detail["published"]) if detail.get("published") else ""}</p>{link}</header>'
            f'<main><pre class="source-text">{"".join(parts)}</pre></main>'
            '<script src="/static/source-view.js" defer></script></body></html>')


@router.get("/{source_id}/view", response_class=HTMLResponse, responses={
    **ID_ERRORS, 200: {"description": "The source as a readable page.",
                       "content": {"text/html": {"example": '<pre class="source-text">… <span class="span-evidence '
                                                             'span-focus" id="focus">Triển khai …</span></pre>'}}}},
            summary="A source as a page, one span highlighted")
async def view_source(request: Request, store: StoreDep, source_id: Annotated[str, SOURCE_ID],
                      start: Annotated[int | None, Query(ge=0, le=50_000_000, description="Start of the span to highlight.")] = None,
                      end: Annotated[int | None, Query(ge=0, le=50_000_000, description="End of the span to highlight.")] = None
                      ) -> HTMLResponse:
    """The normalised text with every evidence sentence and mention marked; ``start``/``end`` pick the one to show."""
    detail = await read(request, store, sources.detail, source_id)
    focus = (start, end) if start is not None and end is not None else None
    return HTMLResponse(await run_in_threadpool(render, detail, focus))  # never on the event loop
