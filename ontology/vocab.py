"""The closed vocabulary of vankien: node kinds, relation types, properties, kinds of things.

Every other package imports these names; nothing spells a label, a relation type or
a property by hand. The OWL ontology (``ontology/vankien.ttl``) declares one term for
each member here, and a test checks that the two match one for one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class NodeKind(StrEnum):
    """The kinds of nodes in the graph (OWL classes)."""

    DOCUMENT = "Document"
    MEETING = "Meeting"
    BODY = "Body"
    PERSON = "Person"
    POST = "Post"
    SOURCE = "Source"


class RelationType(StrEnum):
    """The kinds of edges in the graph (OWL object properties)."""

    IMPLEMENTS = "IMPLEMENTS"
    BASED_ON = "BASED_ON"
    GUIDES = "GUIDES"
    REVIEWS = "REVIEWS"
    AMENDS = "AMENDS"
    REPLACES = "REPLACES"
    REPEALS = "REPEALS"
    DISCUSSES = "DISCUSSES"
    ADOPTED_AT = "ADOPTED_AT"
    ISSUED_BY = "ISSUED_BY"
    ORGANIZED_BY = "ORGANIZED_BY"
    CHAIRED_BY = "CHAIRED_BY"
    ATTENDED_BY = "ATTENDED_BY"
    HOLDS_POST = "HOLDS_POST"
    POST_IN = "POST_IN"
    PART_OF = "PART_OF"
    SIGNED_BY = "SIGNED_BY"
    SENT_TO = "SENT_TO"


@dataclass(frozen=True, slots=True)
class RelationSpec:
    """What a relation type connects, and whether it carries lineage."""

    domain: frozenset[NodeKind]
    range: frozenset[NodeKind]
    lineage: bool
    label_vi: str
    label_en: str


_D, _M, _B, _P, _T = NodeKind.DOCUMENT, NodeKind.MEETING, NodeKind.BODY, NodeKind.PERSON, NodeKind.POST


def _spec(domain: set[NodeKind], range_: set[NodeKind], lineage: bool, vi: str, en: str) -> RelationSpec:
    return RelationSpec(frozenset(domain), frozenset(range_), lineage, vi, en)


RELATIONS: dict[RelationType, RelationSpec] = {
    RelationType.IMPLEMENTS: _spec({_D, _M}, {_D}, True, "thực hiện", "implements"),
    RelationType.BASED_ON: _spec({_D}, {_D}, True, "căn cứ", "based on"),
    RelationType.GUIDES: _spec({_D}, {_D}, True, "hướng dẫn thực hiện", "guides"),
    RelationType.REVIEWS: _spec({_D, _M}, {_D}, True, "sơ kết, tổng kết", "reviews"),
    RelationType.AMENDS: _spec({_D}, {_D}, True, "sửa đổi, bổ sung", "amends"),
    RelationType.REPLACES: _spec({_D}, {_D}, True, "thay thế", "replaces"),
    RelationType.REPEALS: _spec({_D}, {_D}, True, "bãi bỏ", "repeals"),
    RelationType.DISCUSSES: _spec({_M}, {_D}, True, "quán triệt, thảo luận", "discusses"),
    RelationType.ADOPTED_AT: _spec({_D}, {_M}, False, "được thông qua tại", "adopted at"),
    RelationType.ISSUED_BY: _spec({_D}, {_B}, False, "do … ban hành", "issued by"),
    RelationType.ORGANIZED_BY: _spec({_M}, {_B}, False, "do … tổ chức", "organized by"),
    RelationType.CHAIRED_BY: _spec({_M}, {_P}, False, "do … chủ trì", "chaired by"),
    RelationType.ATTENDED_BY: _spec({_M}, {_P, _B}, False, "có sự tham dự của", "attended by"),
    RelationType.HOLDS_POST: _spec({_P}, {_T}, False, "giữ chức vụ", "holds post"),
    RelationType.POST_IN: _spec({_T}, {_B}, False, "chức vụ thuộc", "post in"),
    RelationType.PART_OF: _spec({_B}, {_B}, False, "trực thuộc", "part of"),
    RelationType.SIGNED_BY: _spec({_D}, {_P}, False, "do … ký", "signed by"),
    RelationType.SENT_TO: _spec({_D}, {_B}, False, "gửi đến (nơi nhận)", "sent to"),
}

#: relations that carry a document's lineage (what implements, reviews, changes what)
LINEAGE: frozenset[RelationType] = frozenset(t for t, s in RELATIONS.items() if s.lineage)


class DocKind(StrEnum):
    """Types of documents (thể loại văn bản), Party and State."""

    NGHI_QUYET = "nghi_quyet"
    CHI_THI = "chi_thi"
    KET_LUAN = "ket_luan"
    QUY_DINH = "quy_dinh"
    QUYET_DINH = "quyet_dinh"
    KE_HOACH = "ke_hoach"
    HUONG_DAN = "huong_dan"
    THONG_BAO = "thong_bao"
    CHUONG_TRINH = "chuong_trinh"
    DE_AN = "de_an"
    QUY_CHE = "quy_che"
    THONG_TRI = "thong_tri"
    BAO_CAO = "bao_cao"
    CONG_VAN = "cong_van"
    TO_TRINH = "to_trinh"
    NGHI_DINH = "nghi_dinh"
    THONG_TU = "thong_tu"
    VAN_BAN = "van_ban"


class DocSystem(StrEnum):
    """Whose document it is: the Party's (văn kiện Đảng) or the State's."""

    PARTY = "party"
    STATE = "state"


class MeetingKind(StrEnum):
    """Kinds of meetings and events that carry documents out."""

    PLENUM = "plenum"
    CONGRESS = "congress"
    GIAO_BAN = "giao_ban"
    SO_KET = "so_ket"
    TONG_KET = "tong_ket"
    QUAN_TRIET = "quan_triet"
    WORKING_SESSION = "working_session"
    TRAINING = "training"
    CONFERENCE = "conference"


class BodyKind(StrEnum):
    """Kinds of bodies (cơ quan, tổ chức)."""

    CENTRAL_COMMITTEE = "central_committee"
    POLITBURO = "politburo"
    SECRETARIAT = "secretariat"
    CENTRAL_AGENCY = "central_agency"
    PROVINCIAL_COMMITTEE = "provincial_committee"
    DISTRICT_COMMITTEE = "district_committee"
    PARTY_COMMITTEE = "party_committee"
    STANDING_COMMITTEE = "standing_committee"
    COMMITTEE_AGENCY = "committee_agency"
    DEPARTMENT = "department"
    STATE_BODY = "state_body"
    EMULATION_CLUSTER = "emulation_cluster"
    OTHER = "other"


class Prop(StrEnum):
    """Node and edge properties shared by the stores, the API and RDF."""

    ID = "id"
    KIND = "kind"
    LABEL = "label"
    NAME = "name"
    ALIASES = "aliases"
    DOC_KIND = "doc_kind"
    SYSTEM = "system"
    NUMBER = "number"
    SYMBOL = "symbol"
    ISSUER = "issuer"
    SCOPE = "scope"
    ISSUED = "issued"
    YEAR = "year"
    TERM = "term"
    PLENUM = "plenum"
    CONGRESS = "congress"
    TITLE = "title"
    RESOLVED = "resolved"
    CANDIDATES = "candidates"
    PROVINCE = "province"
    MEETING_KIND = "meeting_kind"
    DATE = "date"
    LOCATION = "location"
    ONLINE = "online"
    PERIOD = "period"
    BODY_KIND = "body_kind"
    PARENT = "parent"
    URL = "url"
    PATH = "path"
    PUBLISHED = "published"
    CONFIDENCE = "confidence"
    RULE = "rule"


class Rule(StrEnum):
    """Names of the extraction rules that produce relations (kept with every evidence)."""

    CUE = "cue"
    SELF_DOCUMENT = "self-document"
    MEETING_NAME = "meeting-name"
    MEETING_CONTENT = "meeting-content"
    ISSUER_PHRASE = "issuer-phrase"
    ISSUER_SYMBOL = "issuer-symbol"
    ORGANIZER = "organizer"
    CHAIR = "chair"
    CONCLUDING_SPEAKER = "concluding-speaker"
    PARTICIPANT = "participant"
    POST_APPOSITION = "post-apposition"
    PLENUM_ADOPTION = "plenum-adoption"
    HIERARCHY = "hierarchy"
    REFERENCE = "reference"
    # document-to-document cue rules (loaders/relate/stated.py), one name per construction so
    # that bench/rule_precision.py can count each one's right and wrong links
    CUE_LIST = "cue-list"
    CUE_SECOND_VERB = "cue-second-verb"
    CUE_FRONTED = "cue-fronted"
    CUE_ANAPHOR = "cue-anaphor"
    CUE_PASSIVE = "cue-passive"
    CUE_THROUGH = "cue-through"
    CUE_SUBJECT = "cue-subject"
    CUE_PURPOSE = "cue-purpose"
    CUE_BARE_TARGET = "cue-bare-target"
    CUE_INCLUDING = "cue-including"
    CUE_ELIDED = "cue-elided"
    CUE_HEADLINE = "cue-headline"
