"""Facts stated before a reference or around an official text's number line: "Ngày
06/7/2022, Bộ Chính trị ban hành Quy định số 69-QĐ/TW", "thay mặt Bộ Chính trị, đồng chí …
ký ban hành …", the place-and-date line of a heading, the local body of a letterhead."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from loaders.find.documents import DocMention, place_date_after
from loaders.text.bodies import BodyMention
from loaders.text.context import Context
from loaders.text.dates import DateMention
from ontology import reference
from ontology.records import BodyFact
from ontology.text import fold_key
from ontology.vocab import BodyKind, DocSystem

_PLACE_DATE = re.compile(r",\s*ngay\s*$")
# The verb right before a reference that makes the body before it the reference's issuer:
# "Bộ Chính trị ban hành Quy định …", "… được Huyện ủy X cụ thể hóa bằng Kế hoạch …",
# "Tỉnh ủy triển khai thông qua Chương trình hành động …"; a match ends with one of
# ``_VERB_ENDS`` and a space.
_ISSUING = re.compile(r"(?:(?:ky\s+)?(?:ban hanh|ky)|cu the hoa\s+(?:bang|thanh)|trien khai\s+(?:bang|thong qua))"
                      r"\s+(?:(?:cac|mot so)\s+)?$")
_VERB_ENDS = ("ky", "ban hanh", "cac", "mot so", "bang", "thanh", "thong qua")


def _place_date(ctx: Context, x: DocMention) -> date | None:
    """The date of an official text's heading line ("Hà Nội, ngày 30 tháng 10 năm 2020")."""
    for d in ctx.dates_between(max(0, x.start - 400), x.end + 400):
        if d.kind == "full" and _PLACE_DATE.search(ctx.folded[max(0, d.start - 14):d.start]):
            return d.as_date()
    return None


_LOCAL_LETTERHEAD = {BodyKind.PROVINCIAL_COMMITTEE, BodyKind.STANDING_COMMITTEE, BodyKind.COMMITTEE_AGENCY,
                     BodyKind.DISTRICT_COMMITTEE, BodyKind.PARTY_COMMITTEE}


def _local_symbol(x: DocMention) -> bool:
    """Whether a Party symbol may be a local series': a local code, or "TƯ" (a scanned TU)."""
    if x.system is not DocSystem.PARTY:
        return False
    if x.issuer_raw and fold_key(x.issuer_raw) == "tu":
        return True
    iss = reference.issuer_for_code(x.issuer_code or "")
    return iss is not None and not iss.central


def _letterhead(ctx: Context, x: DocMention) -> BodyFact | None:
    """The local body an official text's letterhead names above its "Số …" line ("TỈNH ỦY
    THỪA THIÊN HUẾ … Số 445-KL/TƯ"). Every central letterhead reads "BAN CHẤP HÀNH TRUNG
    ƯƠNG" whichever of its organs signs, so only a local one says who issued the text."""
    bodies = [b.body for b in ctx.bodies_between(max(0, x.start - 300), x.start)]
    return bodies[-1] if bodies and bodies[-1].kind in _LOCAL_LETTERHEAD else None


def attach_preceding(ctx: Context, mentions: list[DocMention]) -> list[DocMention]:
    """Facts stated before a reference: "Ngày 06/7/2022, Bộ Chính trị ban hành Quy định số
    69-QĐ/TW", "thay mặt Bộ Chính trị, đồng chí … ký ban hành Quy định số 213-QĐ/TW"."""
    out = []
    f = ctx.folded
    for x in mentions:
        if x.header and x.issued is None:
            x = replace(x, issued=place_date_after(ctx, x.end) or _place_date(ctx, x))
        if x.header and x.issuer_body is None and _local_symbol(x):
            x = replace(x, issuer_body=_letterhead(ctx, x))
        s0, _ = ctx.sentences.at(x.start)
        before = f[s0:x.start]
        # (the words it ends with first: a plain test that rules out most sentences)
        verb = _ISSUING.search(before) if before[-1:].isspace() and before.rstrip().endswith(_VERB_ENDS) else None
        if verb is None or x.form not in ("full", "short", "state"):
            out.append(x)
            continue
        issued, issued_dm, issuer = x.issued, x.issued_dm, x.issuer_body
        lead: DateMention | None = next((d for d in ctx.dates_between(s0, x.start) if d.kind in ("full", "day_month")), None)
        between = [s for s in ctx.doc_starts if lead is not None and lead.start < s < x.start]
        if lead is not None and not between and lead.start < s0 + verb.start() and len(f[s0:lead.start].split()) <= 4:
            if lead.kind == "full" and issued is None:
                issued = lead.as_date()
            elif lead.kind == "day_month" and issued is None and issued_dm is None and lead.day and lead.month:
                issued_dm = (lead.day, lead.month)
        if issuer is None and x.system is DocSystem.PARTY:  # a State text's issuer is in its symbol
            behalf = re.search(r"thay mat\s+", before)
            cand: BodyMention | None = None
            if behalf:
                cand = ctx.body_at(s0 + behalf.end())
            if cand is None:
                bodies = [b for b in ctx.bodies_between(s0, s0 + verb.start()) if b.body.kind is not BodyKind.STATE_BODY]
                cand = bodies[-1] if bodies else None
            if cand is not None:
                issuer = cand.body
        out.append(replace(x, issued=issued, issued_dm=issued_dm, issuer_body=issuer))
    return out
