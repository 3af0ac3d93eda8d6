"""A meeting the text reports, as found, and its kind by the head of its name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from loaders.find.persons import PersonMention
from loaders.text.bodies import BodyMention
from ontology.records import BodyFact
from ontology.vocab import MeetingKind

_KINDS = ((r"^(?:buoi|phien) lam viec", MeetingKind.WORKING_SESSION),
          (r"^hoi nghi (?:lan thu \w+ )?(?:ban chap hanh )?trung uong|^hoi nghi tw", MeetingKind.PLENUM),
          # a congress, but not "Hội nghị sơ kết giữa nhiệm kỳ Đại hội …", "Buổi giao ban … chuẩn bị đại hội": one about it
          (r"^(?!hoi nghi\b|buoi\b).*\bdai hoi\b", MeetingKind.CONGRESS), (r"giao ban", MeetingKind.GIAO_BAN),
          (r"so ket", MeetingKind.SO_KET), (r"tong ket", MeetingKind.TONG_KET),
          (r"quan triet|trien khai(?! (?:nhiem vu|phuong huong))", MeetingKind.QUAN_TRIET),
          (r"tap huan|boi duong|khai giang", MeetingKind.TRAINING), (r"lam viec", MeetingKind.WORKING_SESSION))


@dataclass
class MeetingMention:
    """A meeting reported by the article."""

    start: int
    end: int
    name: str
    kind: MeetingKind
    anchor: int
    segment_end: int = 0
    resumes: tuple[int, int] | None = None  # the report goes on after a flashback to an earlier meeting
    date: date | None = None
    year: int | None = None
    organizers: tuple[BodyFact, ...] = ()
    chair: PersonMention | None = None
    chair_rule: str = ""
    chair_via: str = ""  # before | after | lead-in | co-chair-first | bridge | concluding (for counting rules)
    co_chairs: tuple[PersonMention, ...] = ()  # who chaired with the chair ("A và B đồng chủ trì")
    participants: tuple[PersonMention, ...] = ()
    participant_bodies: tuple[BodyMention, ...] = ()
    online: bool = False
    period: str | None = None
    location: str | None = None
    from_title: bool = False
    continues: bool = False  # "… tiếp tục phiên họp hội nghị …": a meeting reported elsewhere goes on
    via: str = "intro"  # the construction that reported it: intro | meets | title | chair_verb | subject | study | attends | at


def meeting_kind(folded_name: str) -> MeetingKind:
    """The kind of a meeting from the head of its name (before any document it names, and before a
    draft it discusses: "Hội nghị cho ý kiến về dự thảo báo cáo tổng kết …" is a conference, not a review)."""
    head = re.split(r"\b(?:nghi quyet|ket luan|chi thi|quy dinh|ke hoach|huong dan|cho y kien|gop y|du thao)\b",
                    folded_name)[0]
    for rx, kind in _KINDS:
        if re.search(rx, head):
            return kind
    return MeetingKind.CONFERENCE
