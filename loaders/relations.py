"""Relations between documents, stated by cue phrases, each with its sentence as evidence.

"<A> … triển khai thực hiện <B>" (IMPLEMENTS), "<A hướng dẫn> thực hiện … <B>" (GUIDES),
"hướng dẫn … <B>" (GUIDES), "sơ kết/tổng kết … <B>" (REVIEWS), "sửa đổi, bổ sung <B>"
(AMENDS), "thay thế <B>" (REPLACES), "bãi bỏ <B>" (REPEALS), "căn cứ <B>" (BASED_ON).
A is the reference right before the cue (only its own modifiers — date, issuer, term —
may stand between), an anaphor ("Quy định này", a bare "Quy định" opening the sentence)
for the latest document of that type, or — in an official text — the text itself
("Thực hiện Quy định số 132-QĐ/TW …, Ban Tổ chức Trung ương hướng dẫn …").
Targets joined by "và" or commas after the first take the same relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.context import Context
from loaders.documents import DocMention
from ontology.vocab import DocKind, RelationType, Rule

_FILLER = r"(?:(?:co hieu luc (?:thi hanh )?(?:ke )?tu ngay \S+|co hieu luc tu ngay ky)\s*,?\s*(?:va\s+)?)?"
_CUES: tuple[tuple[RelationType, re.Pattern[str]], ...] = tuple(
    (t, re.compile(rf"^{_FILLER}{rx}$"))
    for t, rx in (
        (RelationType.GUIDES, r"(?:ve\s+)?(?:viec\s+)?huong dan(?:\s+thuc hien)?(?:\s+(?:mot so|cac)\s+(?:noi dung|dieu|van de))?"
                              r"(?:\s+(?:cua|trong|tai|ve))?"),
        (RelationType.REVIEWS, r"(?:ve\s+)?(?:viec\s+)?(?:so ket|tong ket)(?:\s+\d+\s+nam)?(?:\s+(?:viec\s+)?thuc hien)?"),
        (RelationType.AMENDS, r"(?:ve\s+)?(?:viec\s+)?(?:sua doi(?:\s*,?\s*bo sung)?|bo sung|dieu chinh(?:\s*,?\s*bo sung)?)"
                              r"(?:\s+(?:mot so|cac)\s+(?:dieu|noi dung|quy dinh))?(?:\s+(?:cua|tai|trong))?"),
        (RelationType.REPLACES, r"(?:va\s+)?thay the(?:\s+cho)?"),
        (RelationType.REPEALS, r"(?:va\s+)?bai bo"),
        (RelationType.BASED_ON, r"(?:can cu(?:\s+vao)?|tren co so|theo tinh than|bam sat)"),
        (RelationType.IMPLEMENTS, r"(?:de\s+|ve\s+|nham\s+)?(?:tiep tuc\s+)?(?:lanh dao\s*,?\s*chi dao\s+)?"
                                  r"(?:quan triet\s*,?\s*)?(?:trien khai\s*,?\s*)?(?:to chuc\s+)?(?:thuc hien|trien khai|cu the hoa)"
                                  r"(?:\s+(?:nghiem|co hieu qua))?(?:\s+(?:mot so|cac)\s+(?:dieu|noi dung|nhiem vu))?"
                                  r"(?:\s+(?:trong|cua|tai|theo))?"),
    )
)
_COORD = re.compile(r"^[\s,;]*(?:va\s+|cung nhu\s+)?(?:cac\s+)?$")
_OPENING = re.compile(r"^[\s\-*•+]*(?P<cue>thuc hien|trien khai thuc hien|can cu(?:\s+vao)?|tiep tuc thuc hien)\s+$")
_ANAPHOR = re.compile(r"^[\s\-*•]*(?P<word>quy dinh|nghi quyet|chi thi|ket luan|huong dan|quyet dinh|ke hoach)(?:\s+nay)?(?=\s)")
_ANAPHOR_KINDS = {"quy dinh": DocKind.QUY_DINH, "nghi quyet": DocKind.NGHI_QUYET, "chi thi": DocKind.CHI_THI,
                  "ket luan": DocKind.KET_LUAN, "huong dan": DocKind.HUONG_DAN, "quyet dinh": DocKind.QUYET_DINH,
                  "ke hoach": DocKind.KE_HOACH}
_CONFIDENCE = {Rule.CUE: 0.9, Rule.SELF_DOCUMENT: 0.85}


@dataclass(frozen=True, slots=True)
class DocRelation:
    """A relation found between two mentions (by index) or the source's own document."""

    type: RelationType
    source: int  # mention index, or -1 for the text's own document
    target: int
    sentence: tuple[int, int]
    rule: Rule
    confidence: float


def _cue(gap: str) -> RelationType | None:
    g = " ".join(gap.replace(",", " , ").split()).replace(" ,", ",").strip(" ,")
    for t, rx in _CUES:
        if rx.match(g):
            return t
    return None


def _typed(t: RelationType, source_kind: DocKind | None) -> RelationType:
    if t is RelationType.IMPLEMENTS and source_kind is DocKind.HUONG_DAN:
        return RelationType.GUIDES
    return t


def find_doc_relations(ctx: Context, mentions: list[DocMention], ids: list[str], self_kind: DocKind | None,
                       has_self: bool) -> list[DocRelation]:
    """Document-to-document relations of one text."""
    out: list[DocRelation] = []
    f = ctx.folded
    for j, b in enumerate(mentions):
        s0, s1 = ctx.sentences.at(b.start)
        prev = [i for i in range(j) if mentions[i].start >= s0 and mentions[i].end <= b.start]
        found = False
        if prev:
            i = prev[-1]
            a = mentions[i]
            cut = min(a.chain_end, a.subject_start) if a.subject_start is not None else a.chain_end
            gap = f[max(a.end, cut):b.start]
            t = _cue(gap)
            if t is not None and ids[i] != ids[j]:
                out.append(DocRelation(_typed(t, a.kind), i, j, (s0, s1), Rule.CUE, _CONFIDENCE[Rule.CUE]))
                found = True
            elif _COORD.match(f[max(a.end, a.chain_end):b.start]):
                for r in reversed(out):
                    if r.target == i and r.sentence == (s0, s1):
                        if ids[r.source] != ids[j] if r.source >= 0 else True:
                            out.append(DocRelation(r.type, r.source, j, (s0, s1), r.rule, r.confidence - 0.05))
                        found = True
                        break
        if found:
            continue
        head = f[s0:b.start]
        if not prev:
            opening = _OPENING.match(head)
            if opening and has_self:
                cue = opening["cue"]
                t = RelationType.BASED_ON if cue.startswith("can cu") else _typed(RelationType.IMPLEMENTS, self_kind)
                out.append(DocRelation(t, -1, j, (s0, s1), Rule.SELF_DOCUMENT, _CONFIDENCE[Rule.SELF_DOCUMENT]))
                continue
            ana = _ANAPHOR.match(head)
            if ana:
                t = _cue(head[ana.end():])
                kind = _ANAPHOR_KINDS[ana["word"]]
                earlier = [i for i in range(j) if mentions[i].kind is kind and mentions[i].start < s0]
                if t is not None and earlier and ids[earlier[-1]] != ids[j]:
                    i = earlier[-1]
                    out.append(DocRelation(_typed(t, kind), i, j, (s0, s1), Rule.CUE, 0.8))
    return out
