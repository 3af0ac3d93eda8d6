"""RDF terms of vankien: the closed vocabulary as rdflib ``DefinedNamespace``\\ s, how each
Python enum member maps to its term, the value type of each property, and IRIs minted
from canonical ids (and back).

The ontology namespace is fixed (``VK_NS``); the data IRIs live under a base that each
deployment chooses (``VANKIEN_BASE_IRI``, default ``DEFAULT_BASE``)::

    doc:ct-tw-39-xi   ⟷  {base}doc/ct-tw-39-xi
    src:dev-012       ⟷  {base}src/dev-012
    a sentence         →  {base}src/dev-012#char=120,260          (RFC 5147 fragment)
    an evidence        →  {base}stmt/<hash of the evidence key>
"""

from __future__ import annotations

import hashlib
import os
import re
from enum import Enum, StrEnum
from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote

from rdflib import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from ontology.errors import InvalidRequestError
from ontology.ids import PREFIXES
from ontology.vocab import BodyKind, DocKind, DocSystem, MeetingKind, NodeKind, Prop, RelationType, Rule

VK_NS = "https://vankien.example.org/ns#"
CONCEPTS_NS = "https://vankien.example.org/ns/"
DEFAULT_BASE = "https://vankien.example.org/"
ONTOLOGY_IRI = "https://vankien.example.org/ns"
ONTOLOGY_PATH = Path(__file__).with_name("vankien.ttl")
SHAPES_PATH = Path(__file__).with_name("shapes.ttl")

ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")


class VK(DefinedNamespace):
    """The vankien ontology: a class per ``NodeKind``, an object property per ``RelationType``,
    a property per ``Prop`` (except ``kind`` → rdf:type and ``label`` → rdfs:label)."""

    _NS = Namespace(VK_NS)
    _fail = True
    # NodeKind
    Document: URIRef
    Meeting: URIRef
    Body: URIRef
    Person: URIRef
    Post: URIRef
    Source: URIRef
    # the provenance of every fact (not node kinds: no store holds them)
    Span: URIRef
    Extraction: URIRef
    # RelationType
    implements: URIRef
    basedOn: URIRef
    guides: URIRef
    reviews: URIRef
    amends: URIRef
    replaces: URIRef
    repeals: URIRef
    discusses: URIRef
    adoptedAt: URIRef
    issuedBy: URIRef
    organizedBy: URIRef
    chairedBy: URIRef
    attendedBy: URIRef
    holdsPost: URIRef
    postIn: URIRef
    partOf: URIRef
    signedBy: URIRef
    sentTo: URIRef
    # Prop
    id: URIRef
    name: URIRef
    aliases: URIRef
    docKind: URIRef
    system: URIRef
    number: URIRef
    symbol: URIRef
    issuer: URIRef
    scope: URIRef
    issued: URIRef
    year: URIRef
    term: URIRef
    plenum: URIRef
    congress: URIRef
    title: URIRef
    resolved: URIRef
    candidates: URIRef
    province: URIRef
    meetingKind: URIRef
    date: URIRef
    location: URIRef
    online: URIRef
    period: URIRef
    bodyKind: URIRef
    parent: URIRef
    url: URIRef
    path: URIRef
    published: URIRef
    confidence: URIRef
    rule: URIRef


#: classes of the provenance the RDF export writes beside the graph: the span of a source's
#: text a fact was read from, and the extraction run that read it
PROVENANCE_CLASSES = ("Span", "Extraction")


class DOC_KIND(DefinedNamespace):  # noqa: N801  (named like rdflib's own namespaces)
    """Concepts of the document-type scheme (``DocKind``)."""

    _NS = Namespace(CONCEPTS_NS + "doc-kind/")
    _fail = True
    nghi_quyet: URIRef
    chi_thi: URIRef
    ket_luan: URIRef
    quy_dinh: URIRef
    quyet_dinh: URIRef
    ke_hoach: URIRef
    huong_dan: URIRef
    thong_bao: URIRef
    chuong_trinh: URIRef
    de_an: URIRef
    quy_che: URIRef
    thong_tri: URIRef
    bao_cao: URIRef
    cong_van: URIRef
    to_trinh: URIRef
    nghi_dinh: URIRef
    thong_tu: URIRef
    van_ban: URIRef


class DOC_SYSTEM(DefinedNamespace):  # noqa: N801
    """Concepts of the document-system scheme (``DocSystem``)."""

    _NS = Namespace(CONCEPTS_NS + "doc-system/")
    _fail = True
    party: URIRef
    state: URIRef


class MEETING_KIND(DefinedNamespace):  # noqa: N801
    """Concepts of the meeting-kind scheme (``MeetingKind``)."""

    _NS = Namespace(CONCEPTS_NS + "meeting-kind/")
    _fail = True
    plenum: URIRef
    congress: URIRef
    giao_ban: URIRef
    so_ket: URIRef
    tong_ket: URIRef
    quan_triet: URIRef
    working_session: URIRef
    training: URIRef
    conference: URIRef


class BODY_KIND(DefinedNamespace):  # noqa: N801
    """Concepts of the body-kind scheme (``BodyKind``)."""

    _NS = Namespace(CONCEPTS_NS + "body-kind/")
    _fail = True
    central_committee: URIRef
    politburo: URIRef
    secretariat: URIRef
    central_agency: URIRef
    provincial_committee: URIRef
    district_committee: URIRef
    party_committee: URIRef
    standing_committee: URIRef
    committee_agency: URIRef
    department: URIRef
    state_body: URIRef
    emulation_cluster: URIRef
    other: URIRef


class RULE(DefinedNamespace):  # noqa: N801
    """Extraction rules (``Rule``): SKOS concepts and PROV plans."""

    _NS = Namespace(CONCEPTS_NS + "rule/")
    _fail = True
    _extras = ["self-document", "meeting-name", "meeting-content", "issuer-phrase", "issuer-symbol",
               "concluding-speaker", "post-apposition", "plenum-adoption",
               "cue-list", "cue-second-verb", "cue-fronted", "cue-anaphor", "cue-passive", "cue-through",
               "cue-subject", "cue-purpose", "cue-bare-target", "cue-including", "cue-elided",
               "cue-headline"]
    cue: URIRef
    organizer: URIRef
    chair: URIRef
    participant: URIRef
    hierarchy: URIRef
    reference: URIRef


#: each concept enum, its DefinedNamespace, and the IRI of its SKOS concept scheme
CONCEPT_SCHEMES: dict[type[StrEnum], type[DefinedNamespace]] = {
    DocKind: DOC_KIND, DocSystem: DOC_SYSTEM, MeetingKind: MEETING_KIND, BodyKind: BODY_KIND, Rule: RULE,
}

#: the two properties that are RDF built-ins rather than vankien terms
BUILTIN_PROPS: dict[Prop, URIRef] = {Prop.KIND: RDF.type, Prop.LABEL: RDFS.label}

#: prefixes bound in every serialisation
PREFIXES_RDF: dict[str, str] = {
    "vk": VK_NS, "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD), "skos": str(SKOS),
    "dcterms": str(DCTERMS), "prov": str(PROV), "oa": str(OA), "schema": str(SDO), "org": str(ORG),
    "foaf": str(FOAF), "eli": str(ELI), "dockind": str(DOC_KIND._NS), "docsystem": str(DOC_SYSTEM._NS),
    "meetingkind": str(MEETING_KIND._NS), "bodykind": str(BODY_KIND._NS), "rule": str(RULE._NS),
}


class ValueKind(StrEnum):
    """How a property's value is written in RDF."""

    TEXT = "text"          # Vietnamese text: "…"@vi
    STRING = "string"      # code or identifier: xsd:string
    INTEGER = "integer"    # xsd:integer
    YEAR = "year"          # xsd:gYear (an int in Python)
    BOOLEAN = "boolean"    # xsd:boolean
    DATE = "date"          # xsd:date, or xsd:gYearMonth / xsd:gYear when only those are known
    DATETIME = "datetime"  # xsd:dateTime
    DECIMAL = "decimal"    # xsd:decimal (a float in Python)
    URI = "uri"            # xsd:anyURI literal (external web address)
    REF = "ref"            # a node id → the node's IRI
    CONCEPT = "concept"    # an enum value → its SKOS concept


#: value kind of every property (KIND is rdf:type and is written apart)
PROP_VALUES: dict[Prop, ValueKind] = {
    Prop.ID: ValueKind.STRING, Prop.LABEL: ValueKind.TEXT, Prop.NAME: ValueKind.TEXT,
    Prop.ALIASES: ValueKind.TEXT, Prop.DOC_KIND: ValueKind.CONCEPT, Prop.SYSTEM: ValueKind.CONCEPT,
    Prop.NUMBER: ValueKind.INTEGER, Prop.SYMBOL: ValueKind.STRING, Prop.ISSUER: ValueKind.REF,
    Prop.SCOPE: ValueKind.TEXT, Prop.ISSUED: ValueKind.DATE, Prop.YEAR: ValueKind.YEAR,
    Prop.TERM: ValueKind.STRING, Prop.PLENUM: ValueKind.INTEGER, Prop.CONGRESS: ValueKind.STRING,
    Prop.TITLE: ValueKind.TEXT,
    Prop.RESOLVED: ValueKind.BOOLEAN, Prop.CANDIDATES: ValueKind.REF, Prop.PROVINCE: ValueKind.TEXT,
    Prop.MEETING_KIND: ValueKind.CONCEPT, Prop.DATE: ValueKind.DATE, Prop.LOCATION: ValueKind.TEXT,
    Prop.ONLINE: ValueKind.BOOLEAN, Prop.PERIOD: ValueKind.TEXT, Prop.BODY_KIND: ValueKind.CONCEPT,
    Prop.PARENT: ValueKind.REF, Prop.URL: ValueKind.URI, Prop.PATH: ValueKind.STRING,
    Prop.PUBLISHED: ValueKind.DATE, Prop.CONFIDENCE: ValueKind.DECIMAL, Prop.RULE: ValueKind.CONCEPT,
}

#: the concept scheme of each CONCEPT-valued property
PROP_CONCEPTS: dict[Prop, type[StrEnum]] = {
    Prop.DOC_KIND: DocKind, Prop.SYSTEM: DocSystem, Prop.MEETING_KIND: MeetingKind, Prop.BODY_KIND: BodyKind,
    Prop.RULE: Rule,
}

#: properties that hold a list in Python (repeated triples in RDF)
MULTI_VALUED: frozenset[Prop] = frozenset({Prop.ALIASES, Prop.CANDIDATES})

#: properties written on nodes (the rest describe sources or evidence)
NODE_PROPS: frozenset[Prop] = frozenset(p for p in Prop if p not in (
    Prop.KIND, Prop.URL, Prop.PATH, Prop.PUBLISHED, Prop.CONFIDENCE, Prop.RULE))


def camel(value: str) -> str:
    """'ORGANIZED_BY' → 'organizedBy', 'doc_kind' → 'docKind'."""
    head, *rest = value.lower().split("_")
    return head + "".join(p.capitalize() for p in rest)


def local_name(member: Enum) -> str:
    """The local name of a vankien term for an enum member."""
    if isinstance(member, NodeKind):
        return member.value
    if isinstance(member, RelationType | Prop):
        return camel(member.value)
    if type(member) in CONCEPT_SCHEMES:
        return str(member.value)
    raise TypeError(f"{member!r} has no RDF term")


def term(member: Enum) -> URIRef:
    """The IRI of an enum member: a class, property or concept of the closed vocabulary."""
    if isinstance(member, Prop) and member in BUILTIN_PROPS:
        return BUILTIN_PROPS[member]
    ns = CONCEPT_SCHEMES.get(type(member), VK)  # type: ignore[arg-type]
    return ns[local_name(member)]


def scheme_iri(enum: type[StrEnum]) -> URIRef:
    """The SKOS concept scheme of a concept enum: '…/ns/doc-kind'."""
    return URIRef(str(CONCEPT_SCHEMES[enum]._NS).rstrip("/"))


@cache
def _reverse() -> dict[str, Enum]:
    out: dict[str, Enum] = {}
    enums: list[type[Enum]] = [NodeKind, RelationType, Prop, *CONCEPT_SCHEMES]
    for enum in enums:
        for member in enum:
            out[str(term(member))] = member
    return out


def member_of(iri: str) -> Enum | None:
    """The enum member whose term is ``iri`` (None for other IRIs)."""
    return _reverse().get(str(iri))


# ---------------------------------------------------------------- IRIs of the data

_BASE_OK = re.compile(r"^https?://[^\s<>\"{}|\\^`]+[/#]$")
_PLAIN = re.compile(r"[A-Za-z0-9._~-]+")
_SEGMENT = re.compile(r"#char=(\d+),(\d+)$")


def base_iri(override: str | None = None) -> str:
    """The base of the data IRIs: ``override``, else $VANKIEN_BASE_IRI, else DEFAULT_BASE.
    It must be an absolute http(s) IRI ending with '/' or '#'."""
    base = override or os.environ.get("VANKIEN_BASE_IRI") or DEFAULT_BASE
    if not base.endswith(("/", "#")):
        base += "/"
    if not _BASE_OK.match(base):
        raise InvalidRequestError(f"base IRI {base!r} is not an absolute http(s) IRI")
    return base


class Iris:
    """Mints the IRIs of one export from canonical ids, and reads ids back from IRIs."""

    AGENT = "agent/vankien"

    def __init__(self, base: str | None = None) -> None:
        self.base = base_iri(base)
        self._cut = len(self.base)
        self._minted: dict[str, str] = {}

    def node(self, entity_id: str) -> str:
        """'doc:ct-tw-39-xi' → '{base}doc/ct-tw-39-xi' (characters outside [A-Za-z0-9._~-]
        percent-encoded)."""
        iri = self._minted.get(entity_id)
        if iri is not None:
            return iri
        prefix, sep, rest = entity_id.partition(":")
        if not sep or prefix not in PREFIXES or not rest:
            raise InvalidRequestError(f"{entity_id!r} is not a vankien id")
        iri = f"{self.base}{prefix}/{rest if _PLAIN.fullmatch(rest) else quote(rest, safe='-._~')}"
        if len(self._minted) >= 1 << 16:  # bounded: a cache, not an index of the graph
            self._minted.clear()
        self._minted[entity_id] = iri
        return iri

    def entity_id(self, iri: str) -> str | None:
        """The id a node IRI was minted from, or None."""
        if not iri.startswith(self.base):
            return None
        prefix, sep, rest = iri[self._cut:].partition("/")
        if not sep or prefix not in PREFIXES or not rest or "#" in rest or "/" in rest:
            return None
        return f"{prefix}:{unquote(rest)}"

    def segment(self, source_id: str, start: int, end: int) -> str:
        """A span of a source's normalised text (RFC 5147 fragment)."""
        return f"{self.node(source_id)}#char={start},{end}"

    def activity(self, source_id: str) -> str:
        """The extraction run that read a source (a prov:Activity)."""
        return f"{self.node(source_id)}#extraction"

    def graph(self, source_id: str) -> str:
        """The named graph that holds a source's provenance (TriG)."""
        return f"{self.node(source_id)}#provenance"

    def agent(self) -> str:
        """vankien as a prov:SoftwareAgent."""
        return self.base + self.AGENT

    def statement(self, s: str, type_: str, t: str, source: str, start: int, rule: str) -> str:
        """One evidence of one relation: named by a hash of the evidence's key, so stable."""
        key = "\x1f".join((s, type_, t, source, str(start), rule))
        return f"{self.base}stmt/{hashlib.sha256(key.encode()).hexdigest()[:24]}"

    @staticmethod
    def span(segment_iri: str) -> tuple[int, int] | None:
        """(start, end) of a segment IRI."""
        m = _SEGMENT.search(segment_iri)
        return (int(m[1]), int(m[2])) if m else None
