"""Whose series a document's symbol belongs to: the body that owns a local or State series.

- Local series (…/TU, …/HU, …/ĐU, …/CTĐ, …/BCS) belong to their issuing body: the body
  named ("của Ban Thường vụ Tỉnh ủy", once for a list of one series), else a body of the
  series' kind in the sentence, else the article's province or unit. The State series of a
  province's bodies (…/QĐ-UBND) take the province too.
- Which body's series a code is, and which code a body writes, come from one lexicon read
  from ``ontology/data/issuers.yaml`` (``reference.issuer_lexicon``).
"""

from __future__ import annotations

import re

from loaders.find.documents import DocMention
from loaders.lexicon import central_body, committee_of, nearby_province
from loaders.text.bodies import BodyMention
from loaders.text.context import Context
from ontology import reference
from ontology.ids import body_id
from ontology.records import BodyFact
from ontology.text import fold_key
from ontology.vocab import BodyKind

PROVINCIAL_KINDS = {BodyKind.PROVINCIAL_COMMITTEE, BodyKind.STANDING_COMMITTEE, BodyKind.COMMITTEE_AGENCY}
_LOCAL_PARTY = {BodyKind.PARTY_COMMITTEE, BodyKind.DISTRICT_COMMITTEE, BodyKind.EMULATION_CLUSTER}


def _district_code(name: str) -> str:
    """The code of a district committee's series from its name ("Quận ủy Quận 3" → QU)."""
    lex = reference.issuer_lexicon()
    return lex.districts.get(fold_key(" ".join(name.split()[:2])), lex.by_kind[BodyKind.DISTRICT_COMMITTEE])


def body_code(body: BodyFact | None) -> tuple[str | None, BodyFact | None]:
    """The issuer code of a body's series, and the body that owns the series (None for a
    central series)."""
    if body is None:
        return None, None
    lex = reference.issuer_lexicon()
    central = lex.central.get(fold_key(body.name))
    if central is not None:
        return central, None
    provincial = lex.by_kind[BodyKind.PROVINCIAL_COMMITTEE]
    if body.kind is BodyKind.PROVINCIAL_COMMITTEE:
        return provincial, body
    if body.kind is BodyKind.STANDING_COMMITTEE and body.parent:
        # a standing committee issues in its committee's series: "Ban Thường vụ Huyện ủy Cư Kuin" → …/HU
        name = body.name.removeprefix("Ban Thường vụ ")
        if name.startswith(("Tỉnh ủy", "Thành ủy")):
            return provincial, BodyFact(body.parent, name, BodyKind.PROVINCIAL_COMMITTEE, None, body.province)
        return _district_code(name), BodyFact(body.parent, name, BodyKind.DISTRICT_COMMITTEE, None, body.province)
    if body.kind is BodyKind.COMMITTEE_AGENCY:
        folded = fold_key(body.name)
        for label, code in sorted(lex.agencies.items(), key=lambda kv: -len(kv[0])):
            if folded.startswith(label + " "):
                return code, body
    if body.kind is BodyKind.DISTRICT_COMMITTEE:
        return _district_code(body.name), body
    if body.kind is BodyKind.EMULATION_CLUSTER:
        return lex.by_kind[BodyKind.EMULATION_CLUSTER], body
    return None, None


def local_owner(ctx: Context, code: str, x: DocMention) -> BodyFact | None:
    """The body whose local series a symbol belongs to: the issuer named, else a body of the
    series' kind named in the sentence, else the text's (or its province's) committee."""
    _, owner = body_code(x.issuer_body)
    if owner is not None:
        return owner
    spec = reference.issuer_for_code(code)
    if spec is None or spec.central:
        return None
    key = spec.code.upper()
    prefix = reference.issuer_lexicon().prefixes.get(key, "")
    if x.issuer_body is not None and x.issuer_body.kind is spec.kind and fold_key(x.issuer_body.name).startswith(prefix):
        return x.issuer_body  # "Kế hoạch số 81-KH/ĐUK … của Đảng ủy Khối Doanh nghiệp Trung ương"
    if spec.kind in _LOCAL_PARTY:
        def owners(found: list[BodyMention]) -> list[BodyFact]:
            """The bodies whose series is the code's: a standing committee ("Ban Thường vụ
            Huyện ủy Tân Phước") stands for its committee, whose series it writes in."""
            out = []
            for b in found:
                o = body_code(b.body)[1] or b.body
                if o.kind is spec.kind and fold_key(o.name).startswith(prefix):
                    out.append(o)
            return out

        s0, s1 = ctx.sentences.at(x.start)
        before = owners([b for b in ctx.bodies if b.start < x.start])
        in_sentence = owners(ctx.bodies_between(s0, x.start))
        after = owners(ctx.bodies_between(x.end, s1))
        if in_sentence:
            return in_sentence[-1]
        if after:  # "Kế hoạch số 81-KH/ĐUK ngày …; Hướng dẫn số 23-HD/ĐUK … của Đảng ủy Khối …"
            return after[0]
        if spec.kind is BodyKind.EMULATION_CLUSTER:
            found = before or owners(list(ctx.bodies))
            return found[-1] if found else None
        return before[-1] if before else None
    if key in reference.issuer_lexicon().provincial:
        s0, _ = ctx.sentences.at(x.start)
        near = [b.body for b in ctx.bodies_between(s0, x.start) if b.body.kind is BodyKind.PROVINCIAL_COMMITTEE]
        if near:  # "Tỉnh ủy Hà Giang tiếp tục triển khai … thông qua Kế hoạch số 60-KH/TU"
            return near[-1]
        province = nearby_province(ctx.text, ctx.folded, s0, x.start) or ctx.province
        if province is not None:
            return committee_of(province, ctx.reference_date)
        named = [reference.province_by_name(b.body.province) for b in ctx.bodies
                 if b.start < x.start and b.body.province and b.body.kind in PROVINCIAL_KINDS]
        if named and named[-1] is not None:  # the province whose bodies the text last named
            return committee_of(named[-1], ctx.reference_date)
    return None


_ISSUER_AFTER = re.compile(r"[\s,]*(?:ngay\s+[\d/.-]+\s*)?(?:cua|do)\s+(?:ubnd|hdnd|uy ban nhan dan|hoi dong nhan dan|so\s+[\w ]{2,40}?)"
                           r"\s+(?:tinh|thanh pho)\s+[^\W\d_]+(?:\s+[^\W\d_]+){0,3}")


def state_owner(ctx: Context, code: str, x: DocMention) -> BodyFact | None:
    """The provincial State body whose series a State symbol belongs to ("742/QĐ-UBND" of the
    province the text names), or None for a national series (…/NĐ-CP)."""
    key = fold_key(code)
    label = reference.issuer_lexicon().state_local.get(key)
    if label is None and not (key.startswith("s") and key not in reference.state_issuers()):
        return None  # a national series; an unlisted "S…" code is a provincial department (Sở)
    s0, s1 = ctx.sentences.at(x.start)
    # the province named with the issuer ("… của HĐND tỉnh Phú Yên"), else before it in the
    # sentence ("UBND tỉnh Nghệ An đã ban hành …"), else the article's
    after = _ISSUER_AFTER.match(ctx.folded, max(x.end, x.chain_end) if x.chain_end <= x.end + 60 else x.end, s1)
    province = (nearby_province(ctx.text, ctx.folded, after.start(), after.end()) if after else None) or \
        nearby_province(ctx.text, ctx.folded, s0, x.start) or ctx.province
    if province is None:
        return None
    level = "thành phố" if reference.committee_word(province, ctx.reference_date) == "Thành ủy" else "tỉnh"
    name = f"{label or code} {level} {province.name}"
    return BodyFact(body_id(name), name, BodyKind.STATE_BODY, None, province.name)


def owner_place(owner: BodyFact) -> str:
    """How a local series' owner appears in ids: the province for its committee, else the
    owner's id (which carries its province: 'dang-uy-xa-thanh-binh-hai-duong')."""
    if owner.kind in PROVINCIAL_KINDS and owner.province:
        return owner.province  # the code names the agency (…/BTCTU): the place is the province
    return owner.id.removeprefix("body:")


def issuer_name(code: str) -> BodyFact | None:
    iss = reference.issuer_for_code(code)
    if iss is None or not iss.central or code.upper() in ("TW", "TƯ"):
        return None
    return central_body(iss.body)
