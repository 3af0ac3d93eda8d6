"""The Python vocabulary, the rdflib DefinedNamespaces and the OWL terms of ontology/vankien.ttl
match one for one; the SHACL shapes speak the same vocabulary; IRIs are minted and read back."""

from __future__ import annotations

import inspect
from enum import Enum
from typing import Any, cast

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from graph.build.delta import LABELS_VI
from ontology.errors import InvalidRequestError
from ontology.rdf import (
    BUILTIN_PROPS,
    CONCEPT_SCHEMES,
    ELI,
    NODE_PROPS,
    ONTOLOGY_PATH,
    PROP_CONCEPTS,
    PROP_VALUES,
    PROVENANCE_CLASSES,
    SH,
    SHAPES_PATH,
    VK,
    VK_NS,
    Iris,
    ValueKind,
    base_iri,
    camel,
    local_name,
    member_of,
    scheme_iri,
    term,
)
from ontology.vocab import RELATIONS, NodeKind, Prop, RelationType

VK_ENUMS: tuple[type[Enum], ...] = (NodeKind, RelationType, Prop)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


def members(ns: Any) -> set[str]:
    """The names a DefinedNamespace declares (its own annotations and extras)."""
    return set(inspect.get_annotations(ns)) | set(ns.__dict__.get("_extras", ()))


def expected_vk() -> set[str]:
    return {local_name(m) for e in VK_ENUMS for m in e if not (isinstance(m, Prop) and m in BUILTIN_PROPS)} \
        | set(PROVENANCE_CLASSES)


def in_ns(iri: object, ns: str) -> bool:
    return isinstance(iri, URIRef) and str(iri).startswith(ns) and len(str(iri)) > len(ns)


# ------------------------------------------------------------------ one for one


def test_vk_namespace_members_are_the_enum_members() -> None:
    assert members(VK) == expected_vk()


@pytest.mark.parametrize("enum", list(CONCEPT_SCHEMES), ids=lambda e: e.__name__)
def test_concept_namespace_members_are_the_enum_members(enum: Any) -> None:
    assert members(CONCEPT_SCHEMES[enum]) == {m.value for m in enum}


def test_owl_terms_are_the_enum_members(onto: Graph) -> None:
    declared = {str(s)[len(VK_NS):] for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
                for s in onto.subjects(RDF.type, t) if in_ns(s, VK_NS)}
    assert declared == expected_vk()


def test_no_vk_iri_in_the_ontology_outside_the_vocabulary(onto: Graph) -> None:
    """A typo anywhere (an rdfs:domain vk:Meting) would be an undeclared term."""
    used = {str(x)[len(VK_NS):] for t in onto for x in t if in_ns(x, VK_NS)}
    assert used <= expected_vk()


@pytest.mark.parametrize("enum", list(CONCEPT_SCHEMES), ids=lambda e: e.__name__)
def test_owl_concepts_are_the_enum_members(onto: Graph, enum: Any) -> None:
    ns = str(CONCEPT_SCHEMES[enum]._NS)
    declared = {str(s)[len(ns):] for s in onto.subjects(RDF.type, SKOS.Concept) if in_ns(s, ns)}
    assert declared == {m.value for m in enum}
    for m in enum:
        assert (term(m), SKOS.inScheme, scheme_iri(enum)) in onto
    assert (scheme_iri(enum), RDF.type, SKOS.ConceptScheme) in onto


def test_every_member_round_trips_through_its_term() -> None:
    seen: dict[URIRef, Enum] = {}
    for enum in (*VK_ENUMS, *CONCEPT_SCHEMES):
        for m in enum:
            iri = term(m)
            assert iri not in seen, f"{m!r} and {seen[iri]!r} share {iri}"
            seen[iri] = m
            assert member_of(str(iri)) is m


def test_closed_namespace_refuses_unknown_terms() -> None:
    with pytest.raises(AttributeError):
        VK.Documnet  # noqa: B018


@pytest.mark.parametrize(("value", "expected"), [("ORGANIZED_BY", "organizedBy"), ("doc_kind", "docKind"),
                                                 ("IMPLEMENTS", "implements"), ("id", "id")])
def test_camel(value: str, expected: str) -> None:
    assert camel(value) == expected


# ------------------------------------------------------------------ kinds, labels, definitions


def _owl_type(member: Enum) -> URIRef:
    if isinstance(member, NodeKind):
        return OWL.Class
    if isinstance(member, RelationType):
        return OWL.ObjectProperty
    assert isinstance(member, Prop)
    object_valued = PROP_VALUES[member] in (ValueKind.REF, ValueKind.CONCEPT)
    return OWL.ObjectProperty if object_valued else OWL.DatatypeProperty


@pytest.mark.parametrize("member", [m for e in VK_ENUMS for m in e if m not in BUILTIN_PROPS], ids=str)
def test_term_kind_labels_and_definitions(onto: Graph, member: Enum) -> None:
    iri = term(member)
    assert set(onto.objects(iri, RDF.type)) == {_owl_type(member)}
    for prop in (RDFS.label, SKOS.definition):
        langs = sorted(str(o.language) for o in onto.objects(iri, prop) if isinstance(o, Literal))
        assert langs == ["en", "vi"], f"{iri} {prop}: {langs}"
    assert (iri, RDFS.isDefinedBy, URIRef(VK_NS.rstrip("#"))) in onto


@pytest.mark.parametrize("member", [m for e in CONCEPT_SCHEMES for m in e], ids=str)
def test_concept_labels_and_definitions(onto: Graph, member: Enum) -> None:
    iri = term(member)
    for prop in (SKOS.prefLabel, SKOS.definition):
        langs = sorted(str(o.language) for o in onto.objects(iri, prop) if isinstance(o, Literal))
        assert langs == ["en", "vi"], f"{iri} {prop}: {langs}"


@pytest.mark.parametrize("rel", list(RelationType), ids=str)
def test_relation_labels_domain_and_range_follow_RELATIONS(onto: Graph, rel: RelationType) -> None:  # noqa: N802
    spec, iri = RELATIONS[rel], term(rel)
    labels = {o.language: str(o) for o in onto.objects(iri, RDFS.label) if isinstance(o, Literal)}
    assert labels == {"vi": spec.label_vi, "en": spec.label_en}

    def classes(axiom: URIRef) -> set[Any]:
        node = onto.value(iri, axiom)
        if isinstance(node, BNode):
            return set(Collection(onto, cast(BNode, onto.value(node, OWL.unionOf))))
        return {node}

    assert classes(RDFS.domain) == {term(k) for k in spec.domain}
    assert classes(RDFS.range) == {term(k) for k in spec.range}


def test_document_type_labels_are_those_of_the_graph(onto: Graph) -> None:
    from ontology.vocab import DocKind

    for kind in DocKind:
        vi = {str(o) for o in onto.objects(term(kind), SKOS.prefLabel) if isinstance(o, Literal) and o.language == "vi"}
        assert vi == {LABELS_VI[kind.value]}


# ------------------------------------------------------------------ alignment: the choices, as a table

ALIGNMENT = [
    (VK.Document, SKOS.closeMatch, ELI.LegalResource),
    (VK.Meeting, RDFS.subClassOf, URIRef("https://schema.org/Event")),
    (VK.Body, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")),
    (VK.Post, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Post")),
    (VK.Person, RDFS.subClassOf, URIRef("http://xmlns.com/foaf/0.1/Person")),
    (VK.implements, SKOS.closeMatch, ELI.ensures_implementation_of),
    (VK.basedOn, RDFS.subPropertyOf, ELI.based_on),
    (VK.amends, RDFS.subPropertyOf, ELI.amends),
    (VK.repeals, RDFS.subPropertyOf, ELI.repeals),
    (VK.replaces, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/replaces")),
    (VK.issuedBy, SKOS.closeMatch, ELI.passed_by),
    (VK.issued, SKOS.closeMatch, ELI.date_document),
    (VK.holdsPost, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#holds")),
    (VK.postIn, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#postIn")),
    (VK.partOf, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/org#subOrganizationOf")),
    (VK.adoptedAt, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy")),
    (VK.signedBy, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasAttributedTo")),
    (VK.sentTo, SKOS.closeMatch, URIRef("https://schema.org/recipient")),
]


@pytest.mark.parametrize(("s", "p", "o"), ALIGNMENT, ids=lambda x: str(x).rsplit("/", 1)[-1])
def test_alignment(onto: Graph, s: URIRef, p: URIRef, o: URIRef) -> None:
    assert (s, p, o) in onto


def test_deprecated_eli_implements_is_not_used(onto: Graph) -> None:
    assert not any(ELI.implements in t for t in onto)


def test_a_weak_alignment_is_never_also_strong(onto: Graph) -> None:
    for s, o in onto.subject_objects(SKOS.closeMatch):
        assert (s, RDFS.subClassOf, o) not in onto and (s, RDFS.subPropertyOf, o) not in onto


# ------------------------------------------------------------------ shapes speak the same vocabulary


def _sh_in(shapes: Graph, path: URIRef) -> set[URIRef]:
    found: set[URIRef] = set()
    for ps in shapes.subjects(SH.path, path):
        lst = shapes.value(ps, SH["in"])
        if lst is not None:
            found |= set(Collection(shapes, lst))  # type: ignore[arg-type]
    return found


@pytest.mark.parametrize("prop", list(PROP_CONCEPTS), ids=str)
def test_shapes_list_every_concept(shapes: Graph, prop: Prop) -> None:
    assert _sh_in(shapes, term(prop)) == {term(m) for m in PROP_CONCEPTS[prop]}


def test_shapes_list_every_relation_for_assertions(shapes: Graph) -> None:
    assert _sh_in(shapes, RDF.predicate) == {term(t) for t in RelationType}


def test_shapes_use_only_vocabulary_terms(shapes: Graph) -> None:
    used = {str(x)[len(VK_NS):] for t in shapes for x in t if in_ns(x, VK_NS)}
    assert used <= expected_vk()


def test_every_node_property_has_a_shape(shapes: Graph) -> None:
    paths = set(shapes.objects(None, SH.path))
    assert {term(p) for p in NODE_PROPS} <= paths


@pytest.mark.parametrize("rel", list(RelationType), ids=str)
def test_every_relation_is_allowed_on_its_domain(shapes: Graph, rel: RelationType) -> None:
    for kind in RELATIONS[rel].domain:
        shape = next(shapes.subjects(SH.targetClass, term(kind)))
        paths = {shapes.value(ps, SH.path) for ps in shapes.objects(shape, SH.property)}
        assert term(rel) in paths, f"{kind.value} shape lacks {rel.value}"


# ------------------------------------------------------------------ IRIs

IDS = ["doc:ct-tw-39-xi", "doc:kh-tu-dong-thap-126-2015-2020", "doc:kh-3~dev-012", "mtg:plenum-xii-4",
       "body:tinh-uy-dong-thap", "person:nguyen-quang-duong", "post:pho-truong-ban--ban-to-chuc-trung-uong",
       "src:dev-001", "doc:lạ có dấu/và gạch chéo"]


@pytest.mark.parametrize("entity_id", IDS)
def test_iri_round_trip(entity_id: str) -> None:
    base = "https://kb.example.com/vk/"
    iris = Iris(base)
    iri = iris.node(entity_id)
    head = f"{base}{entity_id.split(':')[0]}/"
    assert iri.startswith(head)
    rest = iri[len(head):]
    assert rest and not set(rest) & set(' /#<>"'), iri
    assert iris.entity_id(iri) == entity_id


@pytest.mark.parametrize("bad", ["nope", "zzz:x", "doc:", ":x"])
def test_bad_ids_are_refused(bad: str) -> None:
    with pytest.raises(InvalidRequestError):
        Iris().node(bad)


@pytest.mark.parametrize(("given", "expected"), [(None, "https://vankien.example.org/"),
                                                 ("https://kb.example.com/x", "https://kb.example.com/x/"),
                                                 ("http://kb.example.com/x#", "http://kb.example.com/x#")])
def test_base_iri(given: str | None, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VANKIEN_BASE_IRI", raising=False)
    assert base_iri(given) == expected


def test_base_iri_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANKIEN_BASE_IRI", "https://env.example.com/kb/")
    assert Iris().node("doc:x") == "https://env.example.com/kb/doc/x"


@pytest.mark.parametrize("bad", ["ftp://x/", "not an iri", "https://with space/", "https://x/<y>/"])
def test_bad_base_is_refused(bad: str) -> None:
    with pytest.raises(InvalidRequestError):
        base_iri(bad)
