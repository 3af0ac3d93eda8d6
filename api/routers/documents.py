"""``/documents``: the list with filters, and one document with its aliases, relations and mentions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from api.entity_schemas import DocumentDetail, DocumentPage
from api.routers.common import (
    ID_ERRORS,
    READ_ERRORS,
    Paging,
    StoreDep,
    aliases_of,
    entity,
    mentions,
    public,
    read,
    relations,
)
from graph.store import Store
from ontology import reference
from ontology.vocab import DocKind, NodeKind

router = APIRouter(prefix="/documents", tags=["documents"])

DOC_ID = Path(max_length=300, description="A document id.", openapi_examples={"ct39": {"value": "doc:ct-tw-39-xi"},
                                                               "kh126": {"value": "doc:kh-tu-dong-thap-126-2015-2020"}})


def province_name(value: str | None) -> str | None:
    """A province as typed ('dong thap') to its recorded name ('Đồng Tháp')."""
    if not value:
        return None
    p = reference.province_by_name(value)
    return p.name if p else value


def _list(store: Store, where: dict[str, Any], limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    nodes = store.find_nodes(NodeKind.DOCUMENT, where=where, limit=limit, offset=offset)
    return [public(n) for n in nodes], store.count_nodes(NodeKind.DOCUMENT, where=where)


@router.get("", response_model=DocumentPage, responses=READ_ERRORS, summary="List documents")
async def list_documents(
    request: Request, store: StoreDep, paging: Annotated[Paging, Depends()],
    kind: Annotated[DocKind | None, Query(description="Type of document.", openapi_examples={"ct": {"value": "chi_thi"}})] = None,
    issuer: Annotated[str | None, Query(max_length=200, description="Issuing body id.",
                                        openapi_examples={"bct": {"value": "body:bo-chinh-tri"}})] = None,
    year: Annotated[int | None, Query(ge=1930, le=2100, openapi_examples={"y": {"value": 2014}})] = None,
    term: Annotated[str | None, Query(max_length=10, pattern=r"^[IVXLivxl]+$", description="Congress term (khóa).",
                                      openapi_examples={"xi": {"value": "XI"}})] = None,
    province: Annotated[str | None, Query(max_length=100, description="Province, with or without diacritics.",
                                          openapi_examples={"dt": {"value": "Đồng Tháp"}})] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words of the label or title.",
                                   openapi_examples={"w": {"value": "bao ve chinh tri"}})] = None,
) -> Any:
    """Documents, filtered by type, issuer, year, term, province and words, in id order."""
    where: dict[str, Any] = {}
    if kind:
        where["doc_kind"] = kind.value
    if issuer:
        where["issuer"] = issuer
    if year is not None:
        where["year"] = year
    if term:
        where["term"] = term.upper()
    if province:
        where["province"] = province_name(province)
    if q and q.strip():
        where["q"] = q
    items, total = await read(request, store, _list, where, paging.limit, paging.offset)
    return paging.page(items, total)


def _detail(store: Store, doc_id: str) -> dict[str, Any]:
    node = entity(store, doc_id, NodeKind.DOCUMENT)
    return {"document": public(node), "aliases": aliases_of(store, node), "relations": relations(store, node),
            "mentions": mentions(store, node.id)}


@router.get("/{doc_id}", response_model=DocumentDetail, responses=ID_ERRORS, summary="One document")
async def get_document(request: Request, store: StoreDep, doc_id: Annotated[str, DOC_ID]) -> Any:
    """A document, the partial references merged into it, its relations with evidence, and where it is named."""
    return await read(request, store, _detail, doc_id)
