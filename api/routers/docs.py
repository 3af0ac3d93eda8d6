"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) from assets served here, not from a CDN: the
assets come with the ``fastapi-offline`` package and are served under ``/docs-assets``; the
pages load no inline script (Swagger UI is started by ``/static/docs.js``)."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS_URL = "/docs-assets"

router = APIRouter(include_in_schema=False)

_HEAD = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
         '<meta name="viewport" content="width=device-width, initial-scale=1">'
         f'<link rel="icon" href="{ASSETS_URL}/favicon.png">')


@router.get("/docs")
async def swagger_ui() -> HTMLResponse:
    """Swagger UI over ``/openapi.json``."""
    return HTMLResponse(f'{_HEAD}<title>vankien — Swagger UI</title>'
                        f'<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css"></head><body>'
                        '<div id="swagger-ui" data-openapi="/openapi.json"></div>'
                        f'<script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>'
                        '<script src="/static/docs.js"></script></body></html>')


@router.get("/redoc")
async def redoc() -> HTMLResponse:
    """ReDoc over ``/openapi.json``."""
    return HTMLResponse(f'{_HEAD}<title>vankien — ReDoc</title></head><body>'
                        '<redoc spec-url="/openapi.json"></redoc>'
                        f'<script src="{ASSETS_URL}/redoc.standalone.js"></script></body></html>')
