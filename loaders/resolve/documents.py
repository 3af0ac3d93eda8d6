"""Resolve document references to canonical entities, in text order.

- Central series (…/TW, …/BTCTW …) are national; the term (khóa) is part of the key
  because numbers restart with every term. The term comes from the text (a date,
  "khóa XII", a plenum), else from the date of the mentioning text: the latest term in
  which that number already existed (``loaders.resolve.numbering``). A publication date bounds the
  text from above; without one, its latest date bounds it from below only.
- Local series (…/TU, …/HU, …/ĐU, …/CTĐ, …/BCS) belong to their issuing body
  (``loaders.resolve.owners``).
- Short forms ("Chỉ thị 05", "Quy định 213") bind to a full reference in the same text,
  else to the one candidate of the reference facts; plenum forms ("Nghị quyết Trung
  ương 4, khóa XII") to the one resolution of that plenum. When more than one candidate
  remains the reference stays unresolved, with its candidates listed — never guessed.
- Each mention's outcome is a frozen ``facts.Resolution``; ``facts.build_document`` merges
  the mentions of one document into its ``DocumentFact``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TypeVar

from loaders.find.documents import DocMention
from loaders.resolve import numbering
from loaders.resolve.facts import Resolution, build_document
from loaders.resolve.owners import (
    PROVINCIAL_KINDS,
    body_code,
    issuer_name,
    local_owner,
    owner_place,
    state_owner,
)
from loaders.resolve.terms import GRACE, issued_after, series_term, subject_match, term_of_year
from loaders.text.context import Context
from ontology import ids, reference
from ontology.records import BodyFact, DocumentFact
from ontology.reference import term_at
from ontology.text import fold_key
from ontology.vocab import BodyKind, DocKind, DocSystem

__all__ = ["Resolved", "resolve"]



@dataclass
class Resolved:
    """The canonical documents of a source and which one each mention resolved to."""

    documents: list[DocumentFact]
    by_mention: list[str]
    self_document: str | None = None
    warnings: list[str] = field(default_factory=list)


def _central_issuer() -> reference.Issuer:
    """The issuer of a reference whose code names none: the Central Committee's series (TW)."""
    return reference.issuers()["TW"]


def _group_key(ctx: Context, x: DocMention) -> tuple[object, ...]:
    """Mentions with the same key are one document: same series, same number."""
    if x.system is DocSystem.STATE:
        owner = state_owner(ctx, x.issuer_code or "", x) or (
            state_owner(ctx, x.type_code or "", x) if x.kind is DocKind.CONG_VAN else None)
        return ("state", (x.type_code or "").upper(), (x.issuer_code or "").upper(), x.number, x.state_year,
                owner.id if owner else None)
    iss = reference.issuer_for_code(x.issuer_code or "")
    if iss is not None and iss.central:
        return ("central", (x.type_code or "").upper(), (iss.canonical or iss.code).upper(), x.number)
    owner = local_owner(ctx, x.issuer_code or "", x)
    return ("local", (x.type_code or "").upper(), (x.issuer_code or "").upper(), x.number, owner.id if owner else None)


def _local_reading(ctx: Context, x: DocMention) -> DocMention:
    """"TƯ" is Trung ương, but a scanned "TU" (Tỉnh ủy) reads the same: a reference whose
    issuer is a province's committee ("Nghị quyết 13-NQ/TƯ của Tỉnh ủy") is of its series,
    and so is one whose "khóa" the Central Committee had not reached when the text was
    published ("13-NQ/TƯ (khóa XIV)" in 2022: the provincial committee's term)."""
    if x.issuer_code != "TW" or x.form != "full":
        return x
    now = term_at(ctx.published + GRACE) if ctx.published else None
    later = now is not None and x.term_written is not None and x.term_written > now.number
    horn = bool(x.issuer_raw and fold_key(x.issuer_raw) == "tu")
    if horn and (later or x.issuer_body is not None and x.issuer_body.kind in PROVINCIAL_KINDS):
        return replace(x, issuer_code="TU", term=None)
    return replace(x, term=None) if later else x


def _share_issuers(ctx: Context, mentions: list[DocMention]) -> list[DocMention]:
    """References of one local series listed in one sentence share the issuer named after
    the last ("Kế hoạch số 81-KH/ĐUK …; Hướng dẫn số 23-HD/ĐUK … của Đảng ủy Khối …"), when
    no other body is named between them."""
    out = list(mentions)
    for i, x in enumerate(out):
        if x.form != "full" or x.issuer_body is not None or not x.issuer_code:
            continue
        iss = reference.issuer_for_code(x.issuer_code)
        if iss is None or iss.central:
            continue
        s0, s1 = ctx.sentences.at(x.start)
        for y in out[i + 1:]:
            if y.start >= s1 or y.form != "full" or (y.issuer_code or "").upper() != x.issuer_code.upper():
                break
            if ctx.bodies_between(x.end, y.start):
                break
            if y.issuer_body is not None:
                out[i] = replace(x, issuer_body=y.issuer_body)
                break
    return out


_T = TypeVar("_T")


def _given(values: Iterable[_T | None]) -> _T | None:
    """The first value that is not None."""
    return next((v for v in values if v is not None), None)


def _combine(xs: list[DocMention]) -> DocMention:
    """One mention carrying what all mentions of a document say."""
    x0 = xs[0]
    if len(xs) == 1 and x0.subject != "":  # one mention says it all (an empty subject is made None below)
        return x0
    if len(xs) == 1:
        issued, issued_dm, year, term, plenum, issuer = x0.issued, x0.issued_dm, x0.year, x0.term, x0.plenum, x0.issuer_body
        subject, header = x0.subject or None, bool(x0.header)
    else:
        subjects = [x.subject for x in xs if x.subject]
        issued, issued_dm = _given(x.issued for x in xs), _given(x.issued_dm for x in xs)
        year, term, plenum = _given(x.year for x in xs), _given(x.term for x in xs), _given(x.plenum for x in xs)
        issuer = _given(x.issuer_body for x in xs)
        subject, header = max(subjects, key=len) if subjects else None, any(x.header for x in xs)
    # every field named: built directly, not by dataclasses.replace (twice as fast, and this
    # runs for every document); tests/test_loaders_layout.py checks that no field is left out
    return DocMention(start=x0.start, end=x0.end, form=x0.form, kind=x0.kind, system=x0.system,
                      type_code=x0.type_code, issuer_code=x0.issuer_code, number=x0.number,
                      state_year=x0.state_year, issued=issued, issued_dm=issued_dm, year=year, term=term,
                      plenum=plenum, issuer_body=issuer, subject=subject, subject_start=x0.subject_start,
                      chain_end=x0.chain_end, adopted_at=x0.adopted_at, plenum_named=x0.plenum_named,
                      header=header, issuer_raw=x0.issuer_raw, term_written=x0.term_written,
                      congress_of=x0.congress_of)


def _strong_term(x: DocMention) -> str | None:
    """The term a central reference itself fixes (a date, "khóa XII", a year, a subject that
    matches one document of the authority list), or None."""
    if x.term:
        return x.term
    if x.issued is not None:
        t = term_at(x.issued)
        return t.term if t else None
    if x.year is not None:
        iss = reference.issuer_for_code(x.issuer_code or "") or _central_issuer()
        return term_of_year(x.type_code or "", iss.canonical or iss.code, x.number or 0, x.year)
    if x.subject and x.number is not None and x.issuer_code:
        refs = numbering.candidates(x.type_code, (reference.issuer_for_code(x.issuer_code) or _central_issuer()).code,
                                    x.number, x.kind)
        scored = sorted(((subject_match(x.subject, r.subject), r) for r in refs), key=lambda p: -p[0])
        if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1].term
    return None


def _local_term(x: DocMention) -> str | None:
    """The local term a local reference's own date or year fixes, or None."""
    when = x.issued or (date(x.year, 7, 1) if x.year else None)
    return series_label(x.issuer_body, when, exact=x.issued is not None) if when else None


def series_label(owner: BodyFact | None, when: date, exact: bool = True) -> str:
    """The local term of a local series on a day. A province-level committee founded by the
    2025 merger (Tuyên Quang took in Hà Giang on 1-7-2025) numbers its documents from 01 again
    until its congress closes the term (36-HD/VPTW: numbers run per term of a committee): its
    series of those months is "2020-2025-sau-hop-nhat", not the old committee's "2020-2025".
    Only the document's own day says so (not a year, nor the day of the text that cites it)."""
    t = reference.local_term_at(when)
    if (exact and owner is not None and owner.kind is BodyKind.PROVINCIAL_COMMITTEE and owner.province
            and t.start < reference.MERGER_EFFECTIVE <= when < t.end and reference.founded_by_merger(owner.province)):
        return f"{t.label}-sau-hop-nhat"
    return t.label


def _split_by_term(groups: dict[tuple[object, ...], list[DocMention]]) -> dict[int, tuple[object, ...]]:
    """Mentions of one number that fix different terms are different documents ("Chỉ thị
    35-CT/TW … tiến tới Đại hội XIV" and "Chỉ thị 35-CT/TW ngày 30/5/2019" in one article;
    a Tỉnh ủy's "Kế hoạch số 12-KH/TU ngày 2/2/2021" and its "Kế hoạch số 12-KH/TU ngày
    3/3/2016", numbered in two local terms). A mention that fixes nothing follows the
    nearest one before it that does."""
    keys: dict[int, tuple[object, ...]] = {}
    for key, xs in groups.items():
        if key[0] == "central":
            strong = [_strong_term(x) for x in xs]
        elif key[0] == "local":
            strong = [_local_term(x) for x in xs]
        else:
            continue
        if len({t for t in strong if t}) < 2:
            continue
        current = next(t for t in strong if t)
        for x, t in zip(xs, strong, strict=True):
            current = t or current
            keys[id(x)] = (*key, current)
    return keys


def resolve(ctx: Context, mentions: list[DocMention]) -> Resolved:
    """Canonical documents for the mentions of one source."""
    mentions = _share_issuers(ctx, [_local_reading(ctx, x) for x in mentions])
    groups: dict[tuple[object, ...], list[DocMention]] = {}
    keys: dict[int, tuple[object, ...]] = {}  # each full reference's key, read once
    for x in mentions:
        if x.form in ("full", "state"):
            key = keys[id(x)] = _group_key(ctx, x)
            groups.setdefault(key, []).append(x)
    split = _split_by_term(groups)
    if split:
        regrouped: dict[tuple[object, ...], list[DocMention]] = {}
        for key, xs in groups.items():
            for x in xs:
                regrouped.setdefault(split.get(id(x), key), []).append(x)
        groups = regrouped

    def key_of(x: DocMention) -> tuple[object, ...]:
        return split.get(id(x)) or keys[id(x)]

    combined = {k: _combine(xs) for k, xs in groups.items()}
    by_key = {k: _resolve_full(ctx, merged) for k, merged in combined.items()}
    full_index: dict[tuple[DocKind, int], set[str]] = {}
    plenum_index: dict[tuple[DocKind, str, int], set[str]] = {}
    central_kinds: dict[DocKind, set[bool]] = {}
    self_doc: str | None = None
    for k, merged in combined.items():
        res = by_key[k]
        if merged.number is not None:
            full_index.setdefault((merged.kind, merged.number), set()).add(res.doc_id)
        if merged.plenum and res.term:
            plenum_index.setdefault((merged.kind, res.term, merged.plenum), set()).add(res.doc_id)
        if merged.header and self_doc is None:
            self_doc = res.doc_id
        if k[0] != "state":
            central_kinds.setdefault(merged.kind, set()).add(k[0] == "central" and k[2] == "TW")
    out: list[tuple[DocMention, Resolution]] = []
    for x in mentions:
        if x.form in ("full", "state"):
            res = by_key[key_of(x)]
        elif x.form == "short":
            res = _resolve_short(ctx, x, full_index, central_kinds.get(x.kind) == {True})
        elif x.form == "plenum":
            res = _resolve_plenum(ctx, x, plenum_index, mentions)
        elif x.form == "local_congress":
            res = Resolution(ids.local_congress_document_id(x.congress_of or ""), owner=x.issuer_body)
        else:
            res = Resolution(ids.congress_document_id(x.term or ""), term=x.term, congress=x.term)
        out.append((x, res))
    return _merge(ctx, out, self_doc)


def _resolve_full(ctx: Context, x: DocMention) -> Resolution:
    code, issuer, number = x.type_code or "", x.issuer_code or "", x.number or 0
    if x.system is DocSystem.STATE:
        year = x.state_year or (x.issued.year if x.issued else x.year)
        if not issuer:  # "Nghị quyết số 202/2025": numbered within its year, issuer not in the symbol
            return Resolution(ids.source_scoped_document_id(f"{code}-{year}" if year else code, number, ctx.source.id),
                              resolved=False, year=year, note="a State text named without its issuer's code")
        owner = state_owner(ctx, issuer, x) or (state_owner(ctx, code, x) if x.kind is DocKind.CONG_VAN else None)
        place = f"{issuer}-{owner.province}" if owner is not None and owner.province else issuer
        return Resolution(ids.state_document_id(code, place, number, year), symbol=f"{code}-{issuer}", year=year,
                          owner=owner)
    iss = reference.issuer_for_code(issuer)
    if iss is not None and iss.central:
        canon = iss.canonical or iss.code
        refs = numbering.candidates(code, canon, number, x.kind)
        term, ref, basis = series_term(code, canon, number, x, ctx, refs)
        symbol, default = f"{code}/{canon}", issuer_name(canon)
        if term is None:
            return Resolution(ids.document_id(code, canon, number), basis, False, symbol, ref=ref, issuer_default=default,
                              candidates=tuple(ids.document_id(r.type_code, r.issuer_code, r.number, term=r.term)
                                               for r in refs))
        return Resolution(ids.document_id(code, canon, number, term=term), basis, True, symbol, term, ref,
                          issuer_default=default)
    owner = local_owner(ctx, issuer, x)
    when = x.issued or (date(x.year, 7, 1) if x.year else None) or ctx.reference_date
    local_term = series_label(owner, when, exact=x.issued is not None) if when else None
    symbol = f"{code}/{issuer}"
    note = None if local_term else "the local term is unknown (no date in the text)"
    if owner is None:
        return Resolution(ids.source_scoped_document_id(f"{code}-{issuer}", number, ctx.source.id), resolved=False,
                          symbol=symbol, local_term=local_term, note=note)
    return Resolution(ids.document_id(code, issuer, number, scope=owner_place(owner), local_term=local_term),
                      resolved=local_term is not None, symbol=symbol, owner=owner, local_term=local_term, note=note)


def _resolve_short(ctx: Context, x: DocMention, full_index: dict[tuple[DocKind, int], set[str]],
                   central_kind: bool) -> Resolution:
    """A number named with its type only ("Chỉ thị 05", "Quy định 29 ngày 25/7/2016"): the full
    reference of the same text, else the series of the issuer named, else the central series
    when the authority list knows the number or the text cites that type only from /TW."""
    number = x.number or 0
    if x.system is DocSystem.STATE:  # "Nghị quyết 18 của Chính phủ": never a Party document of that number
        return _resolve_full(ctx, replace(x, issuer_code=None))
    code, owner = body_code(x.issuer_body)
    same = full_index.get((x.kind, number), set())
    if len(same) == 1:
        return Resolution(next(iter(same)))
    if code is None and not same:
        refs = numbering.candidates(None, "TW", number, x.kind)
        dated = bool(x.plenum or x.term or x.issued or x.year or ctx.reference_date)
        if refs and (dated or len(refs) == 1) or central_kind and _fits_central(x, number):
            code = "TW"
    if code is None:
        return Resolution(ids.source_scoped_document_id(x.type_code or x.kind.value, number, ctx.source.id),
                          "unresolved", False, note="no issuer and no full reference in the text")
    type_code = x.type_code or reference.default_code(x.kind) or ""
    synthetic = replace(x, type_code=type_code, issuer_code=code, form="full")
    if owner is not None and not (reference.issuer_for_code(code) or _central_issuer()).central:
        synthetic = replace(synthetic, issuer_body=owner if owner.kind is not BodyKind.COMMITTEE_AGENCY else x.issuer_body)
    if code == "TW":
        refs = numbering.candidates(None, "TW", number, x.kind)
        if refs and not any(r.type_code == type_code for r in refs):
            synthetic = replace(synthetic, type_code=refs[0].type_code)
    return _resolve_full(ctx, synthetic)


def _fits_central(x: DocMention, number: int) -> bool:
    """Whether a short form's own date fits the central series' numbering: "Quy định 29 ngày
    25/7/2016" (the 29th of khóa XII falls about then), not "Quy định 29 ngày 3/3/2024"."""
    when = x.issued or (date(x.year, 7, 1) if x.year else None)
    code = reference.default_code(x.kind) or ""
    if when is None or (t := term_at(when)) is None or not numbering.has_anchors(code, "TW"):
        return False
    slack = timedelta(days=120 if x.issued else 200)
    return abs(numbering.estimate(code, "TW", number, t) - when) <= slack


def _plenum_term(ctx: Context, x: DocMention, mentions: list[DocMention]) -> tuple[str | None, str]:
    """The term of a plenum named without one ("Nghị quyết Trung ương 4"): the term the same
    text gives that plenum elsewhere, else the subject, else the latest term whose plenum of
    that number had met by the text's date."""
    in_text = {m.term for m in mentions if m.plenum == x.plenum and m.term and m is not x}
    if len(in_text) == 1:
        return next(iter(in_text)), "text"
    # (a text does not cite a resolution issued after it: "Nghị quyết Trung ương 4 về xây dựng, chỉnh
    # đốn Đảng" in 2013 is khóa XI's, whatever the subject of khóa XII's)
    refs = [r for r in reference.central_documents() if r.kind == x.kind and r.plenum == x.plenum
            and not issued_after(r, ctx.published)]
    if x.subject:
        scored = sorted(((subject_match(x.subject, r.subject), r) for r in refs), key=lambda p: -p[0])
        if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1].term, "subject"
    day = ctx.reference_date
    if day is None:
        return None, "unresolved"
    met = [(term, month) for (term, n), month in reference.plenum_months().items()
           if n == x.plenum and month <= day.isoformat()[:7]]
    if not met:
        return None, "unresolved"
    return max(met, key=lambda tm: tm[1])[0], "date"


def _resolve_plenum(ctx: Context, x: DocMention, plenum_index: dict[tuple[DocKind, str, int], set[str]],
                    mentions: list[DocMention]) -> Resolution:
    code = x.type_code or reference.default_code(x.kind) or "NQ"
    term, basis = (x.term, "plenum") if x.term else _plenum_term(ctx, x, mentions)
    if term is None:
        return Resolution(
            ids.source_scoped_document_id(f"{code}-tw-plenum-{x.plenum}", 0, ctx.source.id).replace("-0~", "~"),
            "unresolved", False, plenum=x.plenum, note="plenum named without its term")
    cands = set(plenum_index.get((x.kind, term, x.plenum or 0), set()))
    refs = {ids.document_id(r.type_code, r.issuer_code, r.number, term=r.term): r for r in reference.central_documents()
            if r.kind == x.kind and r.term == term and r.plenum == x.plenum}
    cands |= set(refs)
    if len(cands) > 1 and x.subject:  # "Nghị quyết TW6 khóa XIII về … Nhà nước pháp quyền" → 27-NQ/TW
        scored = sorted(((subject_match(x.subject, r.subject), i) for i, r in refs.items()), key=lambda p: -p[0])
        if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            cands = {scored[0][1]}
    if len(cands) == 1:
        doc_id = next(iter(cands))
        ref = refs.get(doc_id)
        return Resolution(doc_id, basis, symbol=ref.symbol if ref else None, term=term, ref=ref, plenum=x.plenum)
    note = f"{len(cands)} documents of this plenum" if cands else "no known document of this plenum"
    return Resolution(ids.plenum_document_id(code, term, x.plenum or 0), basis, False, term=term, plenum=x.plenum,
                      candidates=tuple(sorted(cands)), note=note)


def _merge(ctx: Context, out: list[tuple[DocMention, Resolution]], self_doc: str | None) -> Resolved:
    order: list[str] = []
    groups: dict[str, list[tuple[DocMention, Resolution]]] = {}
    for x, res in out:
        if res.doc_id not in groups:
            order.append(res.doc_id)
            groups[res.doc_id] = []
        groups[res.doc_id].append((x, res))
    documents = [build_document(ctx, doc_id, groups[doc_id]) for doc_id in order]
    warnings = [f"unresolved reference {d.id}: {d.note or 'several candidates'}" for d in documents if not d.resolved]
    return Resolved(documents, [res.doc_id for _, res in out], self_doc, warnings)
