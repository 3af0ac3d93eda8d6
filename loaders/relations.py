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
        (RelationType.REPLACES, r"(?:va\s+)?thay(?:\s+the)?(?:\s+cho)?"),
        (RelationType.REPEALS, r"(?:va\s+)?bai bo"),
        (RelationType.BASED_ON, r"(?:can cu(?:\s+vao)?|tren co so|theo tinh than|bam sat)"),
        (RelationType.IMPLEMENTS, r"(?:de\s+|ve\s+|nham\s+)?(?:tiep tuc\s+)?(?:lanh dao\s*,?\s*chi dao\s+)?"
                                  r"(?:quan triet\s*,?\s*)?(?:trien khai\s*,?\s*)?(?:to chuc\s+)?(?:thuc hien|trien khai|cu the hoa)"
                                  r"(?:\s+(?:nghiem|co hieu qua))?(?:\s+(?:mot so|cac)\s+(?:dieu|noi dung|nhiem vu))?"
                                  r"(?:\s+(?:trong|cua|tai|theo))?"),
    )
)
_COORD = re.compile(r"^[\s,;]*(?:va\s+|cung nhu\s+)?(?:cac\s+)?$")
_COORD_CUE = re.compile(r"^[\s,;]*(?:va|dong thoi|dong thoi)?\s*(?P<rest>.+)$")
_OPENING = re.compile(r"^[\s\-*•+]*(?P<cue>thuc hien|trien khai thuc hien|can cu(?:\s+vao)?|tiep tuc thuc hien|quan triet)\s+$")
_ANAPHOR = re.compile(r"^[\s\-*•]*(?:dieu\s+\d+\s*[.:]?\s*)?(?P<word>quy dinh|nghi quyet|chi thi|ket luan|huong dan|quyet dinh|"
                      r"ke hoach)(?:\s+nay)?(?=\s)")
# "Quy định được ban hành căn cứ Điều lệ Đảng; Quy định số 232-QĐ/TW …": the subject's
# verb, and the statute or a law named before the first reference of a căn cứ list
_ANAPHOR_VERB = re.compile(r"^\s*(?:(?:duoc|da duoc|da)\s+)?(?:ban hanh|xay dung)\s+(?=\S)")
_BASIS_BEFORE = re.compile(r"^(?P<cue>can cu(?:\s+vao)?)\s+(?:dieu le dang|hien phap|luat [^;,.()]{1,60}|"
                           r"quy che lam viec[^;,.()]{0,60})\s*[;,]\s*(?:va\s+)?(?:can cu(?:\s+vao)?\s+)?$")
# "triển khai Kết luận số 01-KL/TW … thông qua Kế hoạch số 60-KH/TU": the plan named after
# the document it carries out
_THROUGH = re.compile(r"^(?:thong qua|qua|bang)(?:\s+viec)?(?:\s+ban hanh)?$")
# "…; căn cứ <B>": the cue repeated after a semicolon has the subject of its first use
_REPEATED_CUE = re.compile(r"^[^;.]*;\s*(?P<rest>.+)$")
_ANAPHOR_KINDS = {"quy dinh": DocKind.QUY_DINH, "nghi quyet": DocKind.NGHI_QUYET, "chi thi": DocKind.CHI_THI,
                  "ket luan": DocKind.KET_LUAN, "huong dan": DocKind.HUONG_DAN, "quyet dinh": DocKind.QUYET_DINH,
                  "ke hoach": DocKind.KE_HOACH}
# "… của Thành ủy thực hiện Nghị quyết," — a cue whose object is a bare type word names the
# latest document of that type
_BARE_TARGET = re.compile(r"[\s,]*(?P<cue>(?:de\s+|nham\s+)?(?:tiep tuc\s+)?(?:trien khai\s+)?thuc hien|huong dan thuc hien)"
                          r"\s+(?P<word>nghi quyet|chi thi|ket luan|quy dinh)(?=\s*[,.;)]|\s+(?:nay|tren|do|cua)\b)")
# "Thực hiện Kết luận 127, Ban Thường vụ Thành ủy đã ban hành Kế hoạch số 362-KH/TU": the
# document issued carries out the one the sentence opens with
_ISSUES = re.compile(r"(?<![\w])(?:ban hanh|xay dung va ban hanh|ky ban hanh)\s+$")
_NOT_A_CONTINUATION = re.compile(r"gan voi|cung voi|dong thoi|ket hop|song song|ban hanh|\bsau\b|\bqua\b")
_CONFIDENCE = {Rule.CUE: 0.9, Rule.SELF_DOCUMENT: 0.85}
_QD_FAMILY = {DocKind.QUY_DINH, DocKind.QUYET_DINH}


@dataclass(frozen=True, slots=True)
class DocRelation:
    """A relation found between two mentions (by index) or the source's own document."""

    type: RelationType
    source: int  # mention index, or -1 for the text's own document
    target: int
    sentence: tuple[int, int]
    rule: Rule
    confidence: float


def _norm(gap: str) -> str:
    return " ".join(gap.replace(",", " , ").split()).replace(" ,", ",").strip(" ,")


def _cue(gap: str) -> RelationType | None:
    g = _norm(gap)
    for t, rx in _CUES:
        if rx.match(g):
            return t
    return None


def _cue_at_end(gap: str) -> RelationType | None:
    """A cue closing a subject: "về một số chủ trương, giải pháp tiếp tục thực hiện <B>"."""
    g = _norm(gap)
    if not g.startswith("ve ") or _NOT_A_CONTINUATION.search(g):
        return None
    words = g.split()
    for k in range(min(len(words) - 1, 8), 0, -1):  # the longest cue: "sơ kết 2 năm thực hiện"
        t = _cue(" ".join(words[-k:]))
        if t is not None and t is not RelationType.BASED_ON:
            # "… vì lợi ích chung và tình hình triển khai <b>": a coordinated noun phrase
            return None if "va" in words[-k - 4:-k] else t
    return None


def _typed(t: RelationType, source_kind: DocKind | None) -> RelationType:
    if t is RelationType.IMPLEMENTS and source_kind is DocKind.HUONG_DAN:
        return RelationType.GUIDES
    return t


def find_doc_relations(ctx: Context, mentions: list[DocMention], ids: list[str], self_kind: DocKind | None,
                       has_self: bool, topic: dict[DocKind, int] | None = None) -> list[DocRelation]:
    """Document-to-document relations of one text. ``topic`` names, per type, the mention
    an anaphor ("Quy định này", "Quy định có hiệu lực …") stands for."""
    out: list[DocRelation] = []
    f = ctx.folded
    topic = topic or {}

    def add(t: RelationType, i: int, j: int, sent: tuple[int, int], rule: Rule, conf: float) -> None:
        if (ids[i] if i >= 0 else None) != ids[j]:
            out.append(DocRelation(t, i, j, sent, rule, conf))

    for j, b in enumerate(mentions):
        s0, s1 = ctx.sentences.at(b.start)
        prev = [i for i in range(j) if mentions[i].start >= s0 and mentions[i].end <= b.start]
        if prev and _between_documents(ctx, mentions, ids, out, prev[-1], j, (s0, s1), add):
            continue
        head = f[s0:b.start]
        if prev:
            continue
        opening = _OPENING.match(head)
        if opening:
            cue = opening["cue"]
            base = RelationType.BASED_ON if cue.startswith("can cu") else RelationType.IMPLEMENTS
            issued = _issued_later(ctx, mentions, j, s1)
            if issued is not None:
                add(_typed(base, mentions[issued].kind), issued, j, (s0, s1), Rule.CUE, 0.8)
            elif has_self:
                add(_typed(base, self_kind), -1, j, (s0, s1), Rule.SELF_DOCUMENT, _CONFIDENCE[Rule.SELF_DOCUMENT])
            continue
        ana = _ANAPHOR.match(head)
        if ana:
            rest = head[ana.end():]
            verb = _ANAPHOR_VERB.match(rest)
            rest = rest[verb.end():] if verb else rest
            t = RelationType.BASED_ON if _BASIS_BEFORE.match(_norm(rest)) else _cue(rest)
            kind = _ANAPHOR_KINDS[ana["word"]]
            if t is None:
                continue
            family = _QD_FAMILY if kind in _QD_FAMILY else {kind}
            src_kind = next((k for k in family if k in topic), None)
            if src_kind is not None:
                src = topic[src_kind]
            else:
                earlier = [i for i in range(j) if mentions[i].kind in family and mentions[i].start < s0]
                if not earlier:
                    continue
                src = earlier[-1]
            add(_typed(t, kind), src, j, (s0, s1), Rule.CUE, 0.8)
    out += _bare_targets(ctx, mentions, ids)
    return out


def _between_documents(ctx: Context, mentions: list[DocMention], ids: list[str], out: list[DocRelation],
                       i: int, j: int, sent: tuple[int, int], add) -> bool:  # type: ignore[no-untyped-def]
    """A relation stated between two references of a sentence (``i`` before ``j``)."""
    f = ctx.folded
    a, b = mentions[i], mentions[j]
    cut = min(a.chain_end, a.subject_start) if a.subject_start is not None else a.chain_end
    gap = f[max(a.end, cut):b.start]
    after = f[max(a.end, a.chain_end):b.start]
    earlier = next((r for r in reversed(out) if r.target == i and r.sentence == sent), None)
    if earlier is not None:
        coord = _COORD_CUE.match(after)
        t2 = _cue(coord["rest"]) if coord else None
        if t2 is not None and re.match(r"^[\s,;]*(?:va|dong thoi)\b", after):
            # "thay thế <A> … và bãi bỏ <B>": the second verb has the first one's subject
            kind = mentions[earlier.source].kind if earlier.source >= 0 else None
            add(_typed(t2, kind), earlier.source, j, sent, earlier.rule, earlier.confidence - 0.05)
            return True
    repeated = _REPEATED_CUE.match(after)
    t = _cue(repeated["rest"]) if repeated else None
    first = next((r for r in reversed(out) if r.type is t and r.sentence == sent), None) if t else None
    if first is not None:
        add(first.type, first.source, j, sent, first.rule, first.confidence - 0.05)
        return True
    t = _cue(gap)
    if t is not None:
        add(_typed(t, a.kind), i, j, sent, Rule.CUE, _CONFIDENCE[Rule.CUE])
        return True
    if _THROUGH.match(_norm(gap)) and _implements_before(ctx.folded[sent[0]:a.start]):
        add(_typed(RelationType.IMPLEMENTS, b.kind), j, i, sent, Rule.CUE, 0.8)
        return True
    if earlier is not None and _COORD.match(after):
        add(earlier.type, earlier.source, j, sent, earlier.rule, earlier.confidence - 0.05)
        return True
    # the cue closes a's own subject, which runs up to b: "về … tiếp tục thực hiện <b>"
    t = _cue_at_end(gap) if a.chain_end >= b.start - 2 and not re.search(r"[;:.()]", gap) else None
    if t is not None:
        add(_typed(t, a.kind), i, j, sent, Rule.CUE, 0.8)
        return True
    return False


def _implements_before(head: str) -> bool:
    """Whether ``head`` ends with an implementing verb: "Tỉnh ủy tiếp tục triển khai"."""
    words = _norm(head).split()
    return any(_cue(" ".join(words[-k:])) is RelationType.IMPLEMENTS for k in range(min(len(words), 6), 0, -1))


def _issued_later(ctx: Context, mentions: list[DocMention], j: int, s1: int) -> int | None:
    """The first reference issued ("… đã ban hành <X>") later in the sentence opened by ``j``."""
    for k in range(j + 1, len(mentions)):
        if mentions[k].start >= s1:
            break
        if _ISSUES.search(ctx.folded, max(mentions[j].end, mentions[k].start - 30), mentions[k].start):
            return k
    return None


def _bare_targets(ctx: Context, mentions: list[DocMention], ids: list[str]) -> list[DocRelation]:
    out = []
    for i, a in enumerate(mentions):
        m = _BARE_TARGET.match(ctx.folded, max(a.end, a.chain_end))
        if not m or not ctx.text[m.start("word")].isupper():
            continue
        kind = _ANAPHOR_KINDS[m["word"]]
        earlier = [k for k in range(i) if mentions[k].kind is kind and ids[k] != ids[i]]
        if earlier:
            s0, s1 = ctx.sentences.at(a.start)
            out.append(DocRelation(_typed(RelationType.IMPLEMENTS, a.kind), i, earlier[-1], (s0, s1), Rule.CUE, 0.7))
    return out
