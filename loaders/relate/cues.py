"""The cue phrases that state a relation between documents, read in the text around a
reference, and each rule's confidence.

The phrases are data (``ontology/data/relation_cues.yaml``, compiled by
``loaders.lexicon.relation_cues``): a gap between two references that is wholly a cue
(``cue``, ``passive``), a sentence that opens with one (``opening``), an official text's
closing article (``closing``), a subject that ends with one (``cue_at_end``,
``passive_at_end``). A relation's confidence is its rule's measured precision on the gold
(``ontology/data/rule_precision.yaml``, written by ``bench/rule_precision.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.lexicon import cue_norm, data, normed_cue, relation_cues, whole_cue
from ontology.vocab import DocKind, RelationType, Rule


@lru_cache(maxsize=1)
def _precision() -> dict[str, tuple[int, int]]:
    try:
        raw = data("rule_precision.yaml") or {}
    except FileNotFoundError:
        return {}
    return {str(k): (int(v.get("tp", 0)), int(v.get("fp", 0))) for k, v in (raw.get("rules") or {}).items()}


def confidence(rule: Rule) -> float:
    """A rule's measured precision on the gold, smoothed: (tp + 1) / (tp + fp + 2)."""
    tp, fp = _precision().get(rule.value, (0, 0))
    return round((tp + 1) / (tp + fp + 2), 3)




def cue(gap: str) -> RelationType | None:
    t = whole_cue(gap, relation_cues().active)
    if t is RelationType.IMPLEMENTS and relation_cues().checked.search(cue_norm(gap)):
        return None  # "… yêu cầu rà soát việc thực hiện <B>": B is checked, not carried out
    return t


def passive(gap: str) -> RelationType | None:
    return whole_cue(gap, relation_cues().passive)


def ground(gap: str) -> RelationType | None:
    """BASED_ON, turned round, for "<B> là cơ sở để <body> ban hành <A>" (the gap between B
    and A): A stands on B."""
    return RelationType.BASED_ON if relation_cues().grounds.match(cue_norm(gap)) else None


_BULLET = re.compile(r"^[\s\-*•+]*")


def head_norm(head: str) -> str | None:
    """A sentence's head before its first reference in the form ``opening_of``, ``wrap_of``
    and ``closing_of`` read (its bullet dropped, ``cue_norm``); None when no reference follows
    it after a space (none of them reads such a head)."""
    if not head.endswith((" ", "\n", "\t")):
        return None
    return cue_norm(_BULLET.sub("", head))


def opening(head: str) -> RelationType | None:
    """The cue a sentence opens with, when it stands right before its first reference:
    "Thực hiện", "Để cụ thể hóa", "Căn cứ" (IMPLEMENTS or BASED_ON)."""
    g = head_norm(head)
    return None if g is None else opening_of(g)


def opening_of(g: str) -> RelationType | None:
    """``opening`` of a head in ``head_norm``'s form."""
    if relation_cues().basis_before.match(g):  # "Căn cứ Điều lệ Đảng; <B>"
        return RelationType.BASED_ON
    m = relation_cues().opening.match(g)
    if m:
        return RelationType(next(k for k, v in m.groupdict().items() if v))
    t = normed_cue(g, relation_cues().active)
    return t if t in (RelationType.IMPLEMENTS, RelationType.BASED_ON) else None


def wrap(head: str) -> RelationType | None:
    """The first half of a cue around its object ("(để) đưa <B> vào cuộc sống"): IMPLEMENTS
    when the text before B is wholly that half; the caller checks the half after B."""
    return wrap_of(cue_norm(_BULLET.sub("", head)))


def wrap_of(g: str) -> RelationType | None:
    """``wrap`` of a head in ``head_norm``'s form."""
    return RelationType.IMPLEMENTS if relation_cues().wrap_before.match(g) else None


_ARTICLE = re.compile(r"^dieu\s+\d+\s*[.:]?\s*")
_CLOSING_TYPES = (RelationType.REPLACES, RelationType.REPEALS, RelationType.AMENDS)


def closing_of(g: str) -> RelationType | None:
    """An official text's closing article that opens with its verb, of a head in
    ``head_norm``'s form: "Điều 3. Bãi bỏ <B>", "Sửa đổi, bổ sung một số điều của <B> như sau"."""
    t = cue(_ARTICLE.sub("", g))
    return t if t in _CLOSING_TYPES else None


def cue_at_end(gap: str) -> RelationType | None:
    """A cue closing a subject: "về một số chủ trương, giải pháp tiếp tục thực hiện <B>"."""
    g = cue_norm(gap)
    if not g.startswith("ve ") or relation_cues().not_a_continuation.search(g):
        return None
    words = g.split()
    for k in range(min(len(words) - 1, 8), 0, -1):  # the longest cue: "sơ kết 2 năm thực hiện"
        t = cue(" ".join(words[-k:]))
        if t is RelationType.BASED_ON and (not _BASIS_AT_END.match(" ".join(words[-k:])) or words[-k - 1].endswith(",")):
            # "về sinh hoạt chi bộ theo tinh thần <b>": a topic may name b ("…, trên cơ sở <b>": a clause apart)
            continue
        if t is not None:
            # "… vì lợi ích chung và tình hình triển khai <b>": a coordinated noun phrase
            return None if "va" in words[-k - 4:-k] else t
    return None


# the basis named after a subject, which no topic names so: "<A> về công tác cán bộ trên cơ sở <B>"
_BASIS_AT_END = re.compile(r"^(?:tren co so|can cu)(?:\s+vao)?$")


def purpose_at_end(gap: str) -> bool:
    """Whether the cue closing a subject is a purpose clause ("về tổ chức học tập để thực
    hiện"): the aim of issuing the document, which the documents issued with it share."""
    words = cue_norm(gap).split()
    return any(relation_cues().purpose.match(words[-k] + " ") and cue(" ".join(words[-k:])) is not None
               for k in range(min(len(words) - 1, 9), 1, -1))


# a guidance's subject line that ends by naming what it is done by: "về việc tổ chức đại hội chi
# bộ theo <B>", "về tuyên truyền đại hội đảng bộ các cấp theo (tinh thần) <B>" (no clause of its own),
# also after its verb: "hướng dẫn (một số nội dung) về đại hội theo <B>"
_GUIDANCE_PER = re.compile(r"^(?:huong dan\s+(?:(?:mot so|cac)\s+(?:noi dung|van de)\s+)?)?"
                           r"ve\s[^;:.()]{3,160}\stheo(?:\s+(?:dung|tinh than|dung tinh than))?$")
# a guidance's subject line that is the propaganda for a document: "Hướng dẫn số 152-HD/BTGTW
# (về) tuyên truyền <B>", "… về công tác tuyên truyền <B>"
_GUIDANCE_ON = re.compile(r"^(?:ve\s+)?(?:viec\s+|cong tac\s+)?tuyen truyen\s*$")


def guidance_per(gap: str, source_kind: DocKind | None) -> RelationType | None:
    """GUIDES for a guidance whose subject line closes with "theo <B>": "Hướng dẫn số 10-HD/BTCTU
    về việc tổ chức đại hội chi bộ theo <B>" guides B (any other document "về … theo <B>" says
    nothing of B)."""
    if source_kind is not DocKind.HUONG_DAN:
        return None
    g = cue_norm(gap)
    if not _GUIDANCE_PER.match(g) or relation_cues().not_a_continuation.search(g):
        return None
    return RelationType.GUIDES


def guidance_per_verb(gap: str, source_kind: DocKind | None) -> RelationType | None:
    """``guidance_per`` of a guidance that restates its verb: "Hướng dẫn số 20-HD/BTCTU hướng
    dẫn một số nội dung về đại hội theo <B>"."""
    return guidance_per(gap, source_kind) if cue_norm(gap).startswith("huong dan ") else None


def guidance_on(gap: str, source_kind: DocKind | None) -> RelationType | None:
    """GUIDES for a guidance whose subject line is the propaganda for the next reference:
    "Hướng dẫn số 152-HD/BTGTW (về) tuyên truyền <B>" (what a plan "về tuyên truyền <B>" says
    of B is left to the cues)."""
    if source_kind is not DocKind.HUONG_DAN:
        return None
    return RelationType.GUIDES if _GUIDANCE_ON.match(cue_norm(gap)) else None


def cue_after_comma(gap: str) -> RelationType | None:
    """A cue that is a clause of its own after a subject line's comma: "về việc ban hành Quy
    định về tiếp công dân, thay thế <B>", "về Quy chế làm việc, thay thế Quy chế … ban hành
    kèm theo <B>" (the longest such clause; not BASED_ON, which a topic may name)."""
    if not cue_norm(gap).startswith("ve "):
        return None
    for m in re.finditer(",", gap):
        t = cue(gap[m.end():])
        if t is not None:
            return None if t is RelationType.BASED_ON else t
    return None


def including(gap: str) -> str | None:
    """What stands before ", trong đó có" (", nhất là" …) closing a gap, or None: the members
    of what it names follow."""
    g = cue_norm(gap)
    m = relation_cues().including.search(g)
    return g[:m.start()] if m else None


def cue_on_documents(g: str) -> RelationType | None:
    """A cue whose object names documents without a reference, of a gap in ``cue_norm``'s
    form: "triển khai các văn bản của Trung ương", "thực hiện các nghị quyết, kết luận"."""
    words = g.split()
    kinds = relation_cues().anaphor_kinds
    for k in range(min(len(words) - 1, 10), 0, -1):
        t = cue(" ".join(words[:k]))
        if t is None or t is RelationType.BASED_ON:
            continue
        rest = " ".join(words[k:]).replace(",", " ")
        if any(re.search(rf"(?<!\w){w}(?!\w)", rest) for w in kinds):
            return t
    return None


@lru_cache(maxsize=1)
def _named_object() -> re.Pattern[str]:
    """A type name standing for the object of a cue, at its end: "… thực hiện (các) Nghị quyết
    (này|trên)"."""
    return re.compile(rf"\s+{_OBJECT}$".format(words=_kind_words()))


@lru_cache(maxsize=1)
def _kind_words() -> str:
    return "|".join(sorted((re.escape(k) for k in relation_cues().anaphor_kinds), key=len, reverse=True))


def ends_with_kind(g: str) -> bool:
    """Whether a folded text ends with a document type's name ("… rà soát các văn bản", "… các
    quy định"): what a participle after it is said of."""
    return re.search(rf"(?<!\w)(?:{_kind_words()})\s*$", g) is not None


# a type name as an object, with its determiner and demonstrative ("các nghị quyết trên")
_OBJECT = r"(?:(?P<plural>cac|nhung)\s+)?(?P<word>{words})(?P<this>\s+(?:nay|tren|neu tren|noi tren))?"


@lru_cache(maxsize=1)
def _wrapped_object() -> re.Pattern[str]:
    """A type name between the halves of a cue around its object: "(nhằm) đưa (các) Nghị quyết
    (này) vào cuộc sống"."""
    return re.compile(rf"\s+{_OBJECT}(?=[\s,])".format(words=_kind_words()))


@dataclass(frozen=True, slots=True)
class Elided:
    """A cue of IMPLEMENTS whose object is left out or named by its type only."""

    type: RelationType
    word: str | None  # the type named ("nghi quyet"), if any
    one: bool  # the type named alone, with no determiner or demonstrative: "thực hiện nghị quyết"


def elided(g: str) -> Elided | None:
    """A cue of IMPLEMENTS without a reference for its object, of a clause in ``cue_norm``'s
    form ("để triển khai", "để cụ thể hóa nghị quyết này", "nhằm đưa Nghị quyết vào cuộc
    sống"), with the type it names, if any."""
    named = _named_object().search(g)
    t = cue(g[:named.start()] if named else g)
    if t is None and named is None:
        # "(Nhằm) đưa Nghị quyết vào cuộc sống": the halves of a cue around the type's name
        named = _wrapped_object().search(g)
        after = relation_cues().wrap_after.match(g, named.end()) if named else None
        if named is None or after is None or after.end() != len(g) or wrap_of(g[:named.start()]) is None:
            return None
        t = RelationType.IMPLEMENTS
    if t is not RelationType.IMPLEMENTS:
        return None
    if named is None:
        return Elided(t, None, False)
    return Elided(t, named["word"], not named["plural"] and not named["this"])


def passive_at_end(gap: str) -> RelationType | None:
    """A passive closing a subject: "về … được Tỉnh ủy cụ thể hóa bằng <B>"."""
    g = cue_norm(gap[-160:])
    if not cue_norm(gap).startswith("ve ") or relation_cues().not_a_continuation.search(g):
        return None
    for t, rx in relation_cues().passive_tails:
        if rx.search(g):
            return t
    return None


# the results of carrying a document out, which a report gives: "(về / đánh giá) kết quả (việc)
# (triển khai) thực hiện <B>" (with a span of time, "kết quả 5 năm thực hiện", the cue data says so)
_RESULTS = re.compile(r"^(?:(?:ve|de|nham)\s+)?(?:viec\s+)?(?:(?:danh gia|bao cao|tong hop)\s+)?(?:ve\s+)?ket qua\s+"
                      r"(?:(?:viec|cong tac)\s+)?(?:(?:trien khai|to chuc)\s+)?(?:thuc hien|trien khai|thi hanh)$")


def report_results(gap: str, source_kind: DocKind | None) -> RelationType | None:
    """REVIEWS for a report on the results of carrying a document out: "Báo cáo số 210-BC/TU
    … về kết quả thực hiện <B>", "Báo cáo … đánh giá kết quả thực hiện <B>" (a report does not
    carry B out; another document "đánh giá kết quả thực hiện <B>" is read by the cue data)."""
    if source_kind is not DocKind.BAO_CAO:
        return None
    return RelationType.REVIEWS if _RESULTS.match(cue_norm(gap)) else None


def typed(t: RelationType, source_kind: DocKind | None) -> RelationType:
    if t is RelationType.IMPLEMENTS and source_kind is DocKind.HUONG_DAN:
        return RelationType.GUIDES
    return t
