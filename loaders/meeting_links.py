"""Which documents a meeting carried out, reviewed or discussed.

- In the meeting's name: "Hội nghị sơ kết 5 năm thực hiện Chỉ thị 05" REVIEWS it;
  "Hội nghị quán triệt Quy định số 08-QĐi/TW" IMPLEMENTS it.
- In the text that reports the meeting (its segment): a reference right after "quán
  triệt", "triển khai (thực hiện)" IMPLEMENTS, after "sơ kết", "tổng kết" REVIEWS; any
  other reference there is what the meeting DISCUSSES, with a lower confidence.
"""

from __future__ import annotations

import re

from loaders.find.documents import DocMention
from loaders.find.meetings import MeetingMention
from loaders.text.context import Context
from ontology.vocab import RelationType, Rule

_REVIEW = re.compile(r"(?:so ket|tong ket)(?:\s*,\s*\w+(?:\s+\w+)?)?(?:\s+(?:\d+|mot|hai|ba|bon|nam|muoi)\s+nam)?"
                     r"(?:\s+(?:viec\s+)?(?:thuc hien|trien khai))?(?:\s+(?:cac|mot so))?\s*$")
_IMPLEMENT = re.compile(r"(?:quan triet|trien khai|thuc hien|hoc tap)(?:\s*,\s*|\s+va\s+|\s+)?"
                        r"(?:(?:quan triet|trien khai|thuc hien|hoc tap)(?:\s*,\s*|\s+va\s+|\s+)?)*"
                        r"(?:(?:nghiem|co hieu qua|cac|mot so|noi dung|truc tuyen|truc tiep)\s+)*$")


# English pages: "… a conference to review the five-year implementation of Directive No. 05 …",
# "… to disseminate Resolution No. 57 …"
_EN_REVIEW = re.compile(r"(?<![\w])(?:review(?:ed|ing)?|sum(?:med|ming)? up)\b(?:[^.;]|(?<=no)\.){0,80}$")
_EN_IMPLEMENT = re.compile(r"(?<![\w])(?:disseminat\w*|implement\w*|stud(?:y|ying|ied)|grasp\w*)\b(?:[^.;]|(?<=no)\.){0,40}$")


_LIST_NEXT = re.compile(r"(?:[;,]\s*(?:va\s+)?|\s+va\s+)(?:cac\s+)?$")


def _in_list(ctx: Context, prev_end: int, start: int) -> bool:
    """Whether a reference continues the list of the one before it: within one sentence, after
    that one's modifiers, a comma, a semicolon or "và" and nothing else."""
    gap = ctx.folded[prev_end:start]
    return prev_end <= start and len(gap) < 250 and "." not in gap.replace("no.", "") and _LIST_NEXT.search(gap) is not None
_CLAUSE_CUT = re.compile(r"[;:]|(?<!\bno)\.")  # not the English "No. 05-CT/TW"


def _clause_before(ctx: Context, x: DocMention, floor: int) -> str:
    start = max(floor, x.start - 120)
    text = ctx.folded[start:x.start]
    cut = max((m.start() for m in _CLAUSE_CUT.finditer(text)), default=-1)
    return text[cut + 1:] if cut >= 0 else text


def links(ctx: Context, mt: MeetingMention, mentions: list[DocMention], cued: set[int]
          ) -> list[tuple[RelationType, int, Rule, float]]:
    """(type, mention index, rule, confidence) for every document the meeting relates to,
    A reference that is the target of another document's cue
    ("Kế hoạch số 126 … về thực hiện Chỉ thị 39") is only discussed by the meeting."""
    out: list[tuple[RelationType, int, Rule, float]] = []
    prev: tuple[int, RelationType] | None = None  # the last linked reference: where it ends, its type
    for i, x in enumerate(mentions):
        in_name = mt.start <= x.start < mt.end
        resumed = mt.resumes is not None and mt.resumes[0] <= x.start < mt.resumes[1]
        in_segment = mt.anchor <= x.start < mt.segment_end or resumed
        if not (in_name or in_segment):
            continue
        floor = mt.start if in_name else mt.resumes[0] if resumed else mt.anchor
        before = _clause_before(ctx, x, floor)
        if i in cued:
            t = RelationType.DISCUSSES
        elif _REVIEW.search(before) or _EN_REVIEW.search(before):
            t = RelationType.REVIEWS
        elif _IMPLEMENT.search(before) or _EN_IMPLEMENT.search(before):
            t = RelationType.IMPLEMENTS
        elif prev is not None and _in_list(ctx, prev[0], x.start):
            t = prev[1]  # "quán triệt Nghị quyết số 59 … về …; Nghị quyết số 70 …": a list shares its verb
        else:
            t = RelationType.DISCUSSES
        prev = (x.end, t)
        if in_name:
            out.append((t, i, Rule.MEETING_NAME, 0.9 if t is not RelationType.DISCUSSES else 0.8))
        else:
            out.append((t, i, Rule.MEETING_CONTENT, 0.6 if t is not RelationType.DISCUSSES else 0.5))
    return out
