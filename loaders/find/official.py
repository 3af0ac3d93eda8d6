"""An official Party document's own text: its header, its signature blocks and its "Nơi nhận".

The layout is fixed by the Party's rules on document format (Hướng dẫn 36-HD/VPTW; see
../shared/reference/conventions.md §1): a header whose left column names the issuing body
under its superior ("BAN CHẤP HÀNH TRUNG ƯƠNG / BAN TỔ CHỨC", "ĐẢNG BỘ TỈNH … / ĐẢNG ỦY XÃ …")
above "Số 09-KH/ĐU" (with or without a colon), whose right column holds the motto
"ĐẢNG CỘNG SẢN VIỆT NAM" and "<Place>, ngày 24 tháng 11 năm 2020"; then the kind in
capitals ("KẾ HOẠCH") and the trích yếu; the preamble and its enacting clause ("Bộ Chính
trị quy định …"); at the end a signature block ("T/M BAN THƯỜNG VỤ / BÍ THƯ / <name>",
"K/T …", "T/L …") and the list of recipients ("Nơi nhận:" or, at the top, "Kính gửi:").
Copied onto web pages the columns are flattened in any order, sometimes on one line, and
degraded copies lose words: each part is found on its own, and a header needs its "Số"
line plus the motto or the place-and-date line.

``read`` is the one verb: it finds these parts in a prepared source (the header through
``loaders.find.header``, the closing through ``loaders.find.closing``) and returns them
with the source's document references, the header's own reference marked and completed so
that resolution gives the source's own document its canonical id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from loaders.find.closing import Recipient, Signature, read_closing
from loaders.find.documents import DocMention
from loaders.find.header import Header, cased, compose, read_header
from loaders.lexicon import CENTRAL_KINDS, COMMITTEE_KINDS, central_body
from loaders.text.bodies import BodyMention
from loaders.text.context import Context
from ontology import reference
from ontology.records import BodyFact, DocumentFact
from ontology.vocab import BodyKind

# the verbs of an enacting clause: "Bộ Chính trị quy định …", "Ban Bí thư ban hành Quy chế …"
_ENACTING = re.compile(r"\s+(?:quy dinh|ban hanh|quyet dinh|chi thi|ket luan|huong dan|thong bao|xay dung|"
                       r"de ra|yeu cau|giao)(?![\w])")



@dataclass(frozen=True, slots=True)
class OfficialText:
    """What an official text says about itself, and the source's references (the header's
    own reference marked as the source's document)."""

    mentions: list[DocMention]
    header: Header | None = None
    own: tuple[int, int] | None = None
    issuer: BodyFact | None = None
    signatures: tuple[Signature, ...] = ()
    recipients: tuple[Recipient, ...] = ()

    def document(self, d: DocumentFact) -> DocumentFact:
        """The source's own document completed from its header: kind, date, place, issuer, title."""
        h = self.header
        if h is None:
            return d
        issuer = self.issuer
        return replace(
            d,
            kind=h.kind or d.kind,
            issued=h.issued or d.issued,
            year=h.issued.year if h.issued else d.year,
            issuer=issuer.id if issuer else d.issuer,
            issuer_name=issuer.name if issuer else d.issuer_name,
            title=h.title or d.title,
            place=h.place or d.place,
            basis="text",
        )


def read(ctx: Context, mentions: list[DocMention]) -> OfficialText:
    """The header, signature blocks and recipients of an official text in a source (nothing
    when the source has no Party document header)."""
    header = read_header(ctx, mentions)
    if header is None:
        return OfficialText(mentions)
    committee = _committee_of(ctx, header.issuer, header.superior)
    closing = read_closing(ctx, header.start, header.end, committee, header.issuer,
                           lambda label, parent: cased(compose(ctx, label, parent)))
    signatures = closing.signatures
    enacting = _enacting(ctx, header.end)
    behalf = next((s.behalf for s in signatures if s.behalf is not None and s.mode in ("T/M", "T/L")), None)
    issuer = behalf or header.named or enacting or header.issuer
    end = closing.end or len(ctx.text)  # the closing's end, else the text's
    ctx.revise_bodies(lambda bm: _revised(ctx, bm, header, signatures))
    x = mentions[header.mention]
    code = x.issuer_code
    # only the ambiguous 'TƯ' ('Trung ương' or a 'Tỉnh ủy' with its marks): a written 'TW' stays
    # central, as under a provincial site's banner above a reprinted central resolution
    written_tw = "TW" in ctx.text[x.start:x.end].upper()
    if issuer is not None and issuer.kind not in CENTRAL_KINDS and (code or "").upper() in ("TW", "TƯ") \
            and not written_tw:
        owner = _committee_of(ctx, issuer, header.superior)
        # the series code a local committee's own documents carry ("Số 445-KL/TƯ" under "TỈNH ỦY …"
        # is …/TU): the first local code of its kind in issuers.yaml
        if owner is not None and owner.kind in COMMITTEE_KINDS:
            code = reference.issuer_lexicon().by_kind.get(owner.kind, code)
    if written_tw and issuer is not None and issuer.kind not in CENTRAL_KINDS:
        issuer = None  # a local banner does not issue a …/TW document: its issuer comes from the reference
    marked = replace(x, header=True, issued=x.issued or header.issued, issuer_code=code,
                     issuer_body=issuer or x.issuer_body)
    out = [marked if i == header.mention else (replace(m, header=False) if m.header else m)
           for i, m in enumerate(mentions)]
    return OfficialText(out, header, (header.start, end), issuer, signatures, closing.recipients)


def _revised(ctx: Context, bm: BodyMention, header: Header, signatures: tuple[Signature, ...]) -> BodyMention | None:
    """A body mention as the layout shows it: a letterhead's name in the case of its canonical
    name; none read across the lines of a signature block ("T/M ĐẢNG ỦY / PHÓ BÍ THƯ")."""
    if any(s.start <= bm.start < s.end for s in signatures) and "\n" in ctx.text[bm.start:bm.end]:
        return None
    if header.start <= bm.start < header.end or any(s.start <= bm.start < s.end for s in signatures):
        return replace(bm, body=cased(bm.body) or bm.body, parent=cased(bm.parent))
    return bm


# ---------------------------------------------------------------- who issued and signed


def _committee_of(ctx: Context, body: BodyFact | None, superior: BodyFact | None) -> BodyFact | None:
    """The Party committee a body belongs to: itself, or the parent of a standing committee or
    an agency (the header's superior line, a body the text names, or the Central Committee)."""
    if body is None:
        return None
    if body.kind in COMMITTEE_KINDS or body.kind in CENTRAL_KINDS and body.kind is not BodyKind.CENTRAL_AGENCY:
        return body
    if body.parent is None:
        return superior
    known = [superior, *(bm.body for bm in ctx.bodies), *(bm.parent for bm in ctx.bodies)]
    parent = next((c for c in known if c is not None and c.id == body.parent), None)
    if parent is None and body.kind is BodyKind.CENTRAL_AGENCY:
        parent = central_body("Ban Chấp hành Trung ương")
    return parent or superior


def _enacting(ctx: Context, pos: int) -> BodyFact | None:
    """The body of the enacting clause after the header: "…, Bộ Chính trị quy định", "Ban
    Bí thư ban hành Quy chế …", "BAN CHẤP HÀNH TRUNG ƯƠNG QUY ĐỊNH …" — a body that is the
    subject of its clause (at the head of a line or after a comma) followed by the verb."""
    limit = min(len(ctx.text), pos + 2500)
    for bm in ctx.bodies_between(pos, limit):
        if not _ENACTING.match(ctx.folded, bm.end):
            continue
        line_a = ctx.text.rfind("\n", 0, bm.start) + 1
        lead = ctx.text[line_a:bm.start].strip()
        if not lead or lead.endswith((",", ":")):
            return bm.body
    return None


