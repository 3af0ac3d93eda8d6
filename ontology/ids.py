"""Canonical ids: deterministic, URL-safe, readable. Derived from content, never random.

Every id is ``<prefix>:<slug>`` where the prefix names the node kind:

==============  =======================================  ==================================
prefix          built from                                example
==============  =======================================  ==================================
``doc:``        type code, issuer code, number, term     ``doc:ct-tw-39-xi`` (Chỉ thị 39-CT/TW, khóa XI)
``doc:``        … local series: the owner body's place   ``doc:kh-tu-dong-thap-126-2015-2020``
``doc:``        … State series: number and year          ``doc:nq-cp-8-2014``
``doc:``        plenum named without a number            ``doc:nq-tw-plenum-xii-6``
``doc:``        congress resolution                      ``doc:nq-dai-hoi-xiii``
``doc:``        … a province's congress                  ``doc:nq-dai-hoi-dang-bo-tinh-binh-dinh-xx``
``doc:``        reference that cannot leave its source   ``doc:kh-3~dev-012``
``mtg:``        date, organiser and kind                 ``mtg:2019-01-02-ban-to-chuc-trung-uong-giao-ban``
``mtg:``        a Central Committee plenum               ``mtg:plenum-xii-4``
``body:``       canonical name                           ``body:tinh-uy-dong-thap``
``person:``     name                                     ``person:nguyen-quang-duong``
``post:``       title and body                           ``post:pho-truong-ban--ban-to-chuc-trung-uong``
``src:``        JSONL id, or file name                   ``src:dev-001``
==============  =======================================  ==================================

Central document numbers restart with every congress term, so the term (khóa) — not
the year — is part of a central document's id; local series restart with every local
term (2015-2020 …). A reference whose term cannot be fixed gets the id without it and
is merged into the canonical entity by the store once exactly one candidate exists.
"""

from __future__ import annotations

import hashlib

from ontology.text import slug

PREFIXES = ("doc", "mtg", "body", "person", "post", "src")


def _num(number: str | int) -> str:
    s = str(number).lstrip("0")
    return s or "0"


def document_id(
    type_code: str,
    issuer_code: str,
    number: str | int,
    *,
    term: str | None = None,
    scope: str | None = None,
    local_term: str | None = None,
) -> str:
    """Id of a numbered Party document; ``scope`` (the owner body) for local series."""
    parts = [slug(type_code), slug(issuer_code)]
    if scope:
        parts.append(slug(scope))
    parts.append(_num(number))
    if term:
        parts.append(term.lower())
    elif local_term:
        parts.append(local_term)
    return "doc:" + "-".join(parts)


def state_document_id(type_code: str, issuer_code: str, number: str | int, year: int | None) -> str:
    """Id of a State document (numbered per year): ``doc:nd-cp-114-2014``."""
    tail = f"-{year}" if year else ""
    return f"doc:{slug(type_code)}-{slug(issuer_code)}-{_num(number)}{tail}"


def plenum_document_id(type_code: str, term: str, plenum: int) -> str:
    """Id of a plenum's resolution named without its number (stays unresolved when ambiguous)."""
    return f"doc:{slug(type_code)}-tw-plenum-{term.lower()}-{plenum}"


def congress_document_id(term: str) -> str:
    """Id of a national congress's resolution (Nghị quyết Đại hội XIII)."""
    return f"doc:nq-dai-hoi-{term.lower()}"


def local_congress_document_id(congress: str) -> str:
    """Id of a province's congress resolution, from the congress's canonical name ("Đại hội
    Đảng bộ tỉnh Bình Định lần thứ XX" → ``doc:nq-dai-hoi-dang-bo-tinh-binh-dinh-xx``)."""
    return "doc:nq-" + slug(congress.replace(" lần thứ", ""))


def source_scoped_document_id(type_code: str, number: str | int, source: str) -> str:
    """Id of a reference that names no issuer: it stays with its source."""
    return f"doc:{slug(type_code)}-{_num(number)}~{source.removeprefix('src:')}"


def meeting_id(date_iso: str | None, organizer: str | None, kind: str | None, name: str, source: str) -> str:
    """Id of a meeting: dated ones are shared across sources, undated ones stay with their source."""
    if date_iso and organizer:
        return f"mtg:{date_iso}-{organizer.removeprefix('body:')}-{slug(kind or 'hoi-nghi')}"
    if date_iso:
        return f"mtg:{date_iso}-{slug(name)[:60].rstrip('-')}"
    return f"mtg:{source.removeprefix('src:')}-{slug(name)[:50].rstrip('-')}"


def plenum_meeting_id(term: str, plenum: int) -> str:
    """Id of a Central Committee plenum: ``mtg:plenum-xii-4``."""
    return f"mtg:plenum-{term.lower()}-{plenum}"


def body_id(name: str) -> str:
    """Id of a body from its canonical name."""
    return "body:" + slug(name)


def person_id(name: str) -> str:
    """Id of a person from their name."""
    return "person:" + slug(name)


def post_id(title: str, body: str | None) -> str:
    """Id of a post: its title and, when known, its body."""
    tail = f"--{body.removeprefix('body:')}" if body else ""
    return f"post:{slug(title)}{tail}"


def source_id(key: str) -> str:
    """Id of a source from its JSONL id or file name. A key without a Latin letter or digit
    (a Chinese or Khmer title, punctuation only) is named by a hash of it, so that two such
    keys do not share the bare 'src:'."""
    readable = slug(key)
    return "src:" + (readable or "h" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])
