"""``/documents``: the list with filters, and one document with its aliases, relations and mentions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from api.entity_schemas import DocumentDetail, DocumentPage
from api.routers.common import ID_ERRORS, READ_ERRORS, Paging, StoreDep, read
from graph.query import entities
from ontology.vocab import DocKind, NodeKind

router = APIRouter(prefix="/documents", tags=["documents"])

DOC_ID = Path(max_length=300, description="A document id.", openapi_examples={"ct39": {"value": "doc:ct-tw-39-xi"},
                                                               "kh126": {"value": "doc:kh-tu-dong-thap-126-2015-2020"}})


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
    where = entities.filters(doc_kind=kind.value if kind else None, issuer=issuer, year=year,
                    term=term.upper() if term else None, province=province, q=q)
    items, total = await read(request, store, entities.list_nodes, NodeKind.DOCUMENT, where, paging.limit, paging.offset)
    return paging.page(items, total)


@router.get("/{doc_id}", response_model=DocumentDetail, responses=ID_ERRORS, summary="One document")
async def get_document(request: Request, store: StoreDep, doc_id: Annotated[str, DOC_ID]) -> Any:
    """A document, whether a recorded document replaced or repealed it, the partial references merged into it,
    its relations with evidence, the sources that name it, and where it is named."""
    return await read(request, store, entities.document_detail, doc_id)
