"""Export the graph, or one document's neighbourhood, as RDF with the provenance of every relation.

Every relation is written twice: as the plain triple ``<a> vk:implements <b>`` (so that
simple queries stay simple) and, for each of its evidences, as an assertion node — an
``rdf:Statement`` naming the triple — that PROV-O ties to the sentence it was read from
(``prov:wasDerivedFrom``, a span ``…/src/X#char=s,e`` that ``prov:wasQuotedFrom`` the
article and whose ``prov:value`` is the sentence), to the extraction run
(``prov:wasGeneratedBy``), and that records the rule (``vk:rule``, a ``prov:Plan``) and the
confidence. In TriG each article's provenance sits in a named graph of its own.

N-Triples and Turtle are written as streams (memory bounded by the number of distinct
text spans, not of triples); JSON-LD, RDF/XML and TriG go through an rdflib graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import PurePath
from typing import Any, BinaryIO

from rdflib import OWL, PROV, RDF, SDO, XSD, Graph

from graph.export.rdf_syntax import Lit, Quad, Turtle, chunks, nt_lines, to_dataset, to_graph, xml_safe
from graph.query import in_force
from graph.query.lookup import resolve_document
from graph.query.neighbourhood import MAX_NODES, Neighbourhood, check_depth, neighbourhood
from graph.store.protocol import Edge, Node, Store
from ontology.errors import ExportError, InvalidRequestError
from ontology.ids import PREFIXES
from ontology.rdf import ELI, OA, PREFIXES_RDF, PROP_CONCEPTS, PROP_VALUES, VK, Iris, ValueKind, term
from ontology.vocab import NodeKind, Prop, RelationType, Rule

#: format → (media type, file extension, rdflib serializer or None when streamed)
FORMATS: dict[str, tuple[str, str, str | None]] = {
    "ttl": ("text/turtle", ".ttl", None),
    "nt": ("application/n-triples", ".nt", None),
    "jsonld": ("application/ld+json", ".jsonld", "json-ld"),
    "xml": ("application/rdf+xml", ".rdf", "xml"),
    "trig": ("application/trig", ".trig", "trig"),
}
_ALL = 1_000_000_000


def check_format(fmt: str) -> str:
    """The format name, or InvalidRequestError listing the known ones."""
    if fmt not in FORMATS:
        raise InvalidRequestError(f"unknown RDF format {fmt!r}; known: {', '.join(FORMATS)}")
    return fmt


# ------------------------------------------------------------------ what to export


class _Whole:
    """The whole store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def sources(self) -> Iterator[dict[str, Any]]:
        offset = 0
        while page := self.store.list_sources(limit=1000, offset=offset):
            yield from page
            offset += len(page)

    def nodes(self) -> Iterator[Node]:
        return self.store.iter_nodes()

    def edges(self) -> Iterator[tuple[Edge, list[dict[str, Any]]]]:
        return self.store.iter_edges(with_evidence=True)

    def claims(self, node_id: str) -> list[str]:
        return self.store.sources_mentioning([node_id])

    def mentions(self, node_id: str) -> list[dict[str, Any]]:
        return self.store.mentions_of(node_id, limit=_ALL)

    def aliases(self) -> dict[str, str]:
        return self.store.aliases()


class _Neighbourhood(_Whole):
    """A neighbourhood (``graph.query.neighbourhood``): its nodes, the relations among them
    with all their evidence, and the sources that state them."""

    def __init__(self, store: Store, hood: Neighbourhood) -> None:
        super().__init__(store)
        self._nodes = store.get_nodes(list(hood.node_ids))
        evidence = store.evidence([e.key for e in hood.edges], per_edge=_ALL)
        self._edges = [(e, evidence.get(e.key, [])) for e in hood.edges]
        self._claims = {n: store.sources_mentioning([n]) for n in self._nodes}
        self._mentions = {n: store.mentions_of(n, limit=_ALL) for n in self._nodes}
        used = {s for v in self._claims.values() for s in v}
        used |= {m["source"] for v in self._mentions.values() for m in v}
        used |= {ev["source"] for _, evs in self._edges for ev in evs}
        self._sources = [s for s in (store.get_source(i) for i in sorted(used)) if s is not None]
        self._aliases = {k: v for k, v in store.aliases().items() if v in self._nodes}

    def sources(self) -> Iterator[dict[str, Any]]:
        return iter(self._sources)

    def nodes(self) -> Iterator[Node]:
        return iter(self._nodes[k] for k in sorted(self._nodes))

    def edges(self) -> Iterator[tuple[Edge, list[dict[str, Any]]]]:
        return iter(self._edges)

    def claims(self, node_id: str) -> list[str]:
        return self._claims.get(node_id, [])

    def mentions(self, node_id: str) -> list[dict[str, Any]]:
        return self._mentions.get(node_id, [])

    def aliases(self) -> dict[str, str]:
        return self._aliases


def _view(store: Store, document: str | None, depth: int, base: str | None, max_nodes: int) -> _Whole:
    if document is None:
        return _Whole(store)
    check_depth(depth)
    return _Neighbourhood(store, neighbourhood(store, resolve_document(store, document, base), depth, max_nodes))


# ------------------------------------------------------------------ quads

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{4}-\d{2}$|^\d{4}$")


class _Terms:
    """Every IRI the quads use, as a plain string, looked up once per export."""

    def __init__(self) -> None:
        self.type, self.statement = str(RDF.type), str(RDF.Statement)
        self.subject, self.predicate, self.object = str(RDF.subject), str(RDF.predicate), str(RDF.object)
        self.entity, self.activity, self.agent = str(PROV.Entity), str(PROV.Activity), str(PROV.SoftwareAgent)
        self.span, self.extraction = str(VK.Span), str(VK.Extraction)
        self.used, self.associated, self.ended = str(PROV.used), str(PROV.wasAssociatedWith), str(PROV.endedAtTime)
        self.quoted, self.value, self.derived = str(PROV.wasQuotedFrom), str(PROV.value), str(PROV.wasDerivedFrom)
        self.generated, self.start, self.end = str(PROV.wasGeneratedBy), str(OA.start), str(OA.end)
        self.mentions, self.name, self.same = str(SDO.mentions), str(SDO.name), str(OWL.sameAs)
        self.id, self.rule, self.confidence, self.source = str(VK.id), str(VK.rule), str(VK.confidence), str(VK.Source)
        self.kinds = {k: str(term(k)) for k in NodeKind}
        self.relations = {t: str(term(t)) for t in RelationType}
        self.props = {p.value: (p, str(term(p)), PROP_VALUES[p]) for p in Prop if p not in (Prop.ID, Prop.KIND)}
        self.rules = {r.value: str(term(r)) for r in Rule}
        self.concepts = {p: {m.value: str(term(m)) for m in e} for p, e in PROP_CONCEPTS.items()}
        self.xsd = {k: str(XSD[k]) for k in ("integer", "gYear", "boolean", "date", "gYearMonth", "dateTime",
                                            "decimal", "anyURI", "nonNegativeInteger")}
        self.dates = {10: self.xsd["date"], 7: self.xsd["gYearMonth"], 4: self.xsd["gYear"]}
        self.in_force, self.not_in_force = str(ELI.in_force), str(ELI["InForce-notInForce"])
        self.no_longer_in_force = str(ELI.date_no_longer_in_force)


def _decimal(x: float) -> str:
    return format(Decimal(repr(float(x))), "f")


class _Quads:
    """Turns a view into quads."""

    def __init__(self, view: _Whole, iris: Iris) -> None:
        self.view = view
        self.iris = iris
        self.t = _Terms()
        self.seen_spans: set[tuple[str, int, int]] = set()
        self.agent = iris.agent()

    def __iter__(self) -> Iterator[Quad]:
        t = self.t
        yield self.agent, t.type, t.agent, None
        yield self.agent, t.name, Lit("vankien"), None
        for src in self.view.sources():
            yield from self.source(src)
        for node in self.view.nodes():
            yield from self.node(node)
        for edge, evidence in self.view.edges():
            yield from self.edge(edge, evidence)
        for partial, canonical in sorted(self.view.aliases().items()):
            if partial == canonical:  # a partial reference standing alone (its series has two documents)
                continue
            yield self.iris.node(partial), t.same, self.iris.node(canonical), None

    def literal(self, kind: ValueKind, v: Any) -> Lit:
        """A property value as a literal of the datatype its kind says."""
        x = self.t.xsd
        if kind is ValueKind.TEXT:
            return Lit(str(v), None, "vi")
        if kind is ValueKind.INTEGER:
            if not str(v).strip().isdigit():
                raise ExportError(f"{v!r} is not a whole number")
            return Lit(str(int(v)), x["integer"])  # "09" (as a symbol writes it) is 9
        if kind is ValueKind.YEAR:
            return Lit(f"{int(v):04d}", x["gYear"])
        if kind is ValueKind.BOOLEAN:
            return Lit("true" if v else "false", x["boolean"])
        if kind is ValueKind.DATE:
            s = str(v)
            return Lit(s, self.t.dates[len(s)]) if _DATE.match(s) else Lit(s)
        if kind is ValueKind.DATETIME:
            return Lit(str(v), x["dateTime"])
        if kind is ValueKind.DECIMAL:
            return Lit(_decimal(v), x["decimal"])
        if kind is ValueKind.URI:
            return Lit(str(v), x["anyURI"])
        return Lit(str(v))

    def value(self, node_id: str, prop: Prop, kind: ValueKind, v: Any) -> str | Lit:
        if kind is ValueKind.REF:
            try:
                return self.iris.node(str(v))
            except InvalidRequestError as e:
                raise ExportError(f"{node_id}: {prop.value} = {v!r} is not an id") from e
        if kind is ValueKind.CONCEPT:
            found = self.t.concepts[prop].get(str(v))
            if found is None:
                raise ExportError(f"{node_id}: {prop.value} = {v!r} is outside the vocabulary")
            return found
        return self.literal(kind, v)

    def source(self, src: dict[str, Any]) -> Iterator[Quad]:
        t, sid = self.t, str(src["id"])
        s, g, act = self.iris.node(sid), self.iris.graph(sid), self.iris.activity(sid)
        yield s, t.type, t.source, None
        yield s, t.id, Lit(sid), None
        for prop in (Prop.TITLE, Prop.URL, Prop.PATH, Prop.PUBLISHED):
            if src.get(prop.value):
                _, p, kind = t.props[prop.value]
                value = src[prop.value]
                if prop is Prop.PATH:  # the file's name: where it lay on the ingesting machine is nobody's business
                    value = PurePath(str(value)).name
                yield s, p, self.value(sid, prop, kind, value), None
        yield act, t.type, t.activity, g
        yield act, t.type, t.extraction, g
        yield act, t.used, s, g
        yield act, t.associated, self.agent, g
        if src.get("ingested"):
            yield act, t.ended, self.literal(ValueKind.DATETIME, src["ingested"]), g

    def span(self, source: str, start: int, end: int, text: str | None) -> Iterator[Quad]:
        key = (source, start, end)
        if key in self.seen_spans:
            return
        self.seen_spans.add(key)
        t = self.t
        seg, g = self.iris.segment(source, start, end), self.iris.graph(source)
        yield seg, t.type, t.entity, g
        yield seg, t.type, t.span, g
        yield seg, t.quoted, self.iris.node(source), g
        if text is not None:
            yield seg, t.value, Lit(text, None, "vi"), g
        yield seg, t.start, Lit(str(start), t.xsd["nonNegativeInteger"]), g
        yield seg, t.end, Lit(str(end), t.xsd["nonNegativeInteger"]), g

    def node(self, node: Node) -> Iterator[Quad]:
        t, iris = self.t, self.iris
        s = iris.node(node.id)
        yield s, t.type, t.kinds[node.kind], None
        yield s, t.id, Lit(node.id), None
        for key in sorted(node.props):
            spec = t.props.get(key)
            if spec is None:
                continue  # derived keys (series, basis …) have no term
            prop, p, kind = spec
            raw = node.props[key]
            for v in dict.fromkeys(raw) if isinstance(raw, list) else (raw,):
                if v is not None and v != "":
                    yield s, p, self.value(node.id, prop, kind, v), None
        if node.kind is NodeKind.DOCUMENT:
            yield from self.force(s, node.id)
        for src in self.view.claims(node.id):
            yield iris.node(src), t.mentions, s, iris.graph(src)
        for m in self.view.mentions(node.id):
            src, start, end = m["source"], int(m["start"]), int(m["end"])
            yield from self.span(src, start, end, m.get("text"))
            yield iris.segment(src, start, end), t.mentions, s, iris.graph(src)

    def force(self, s: str, doc_id: str) -> Iterator[Quad]:
        """ELI's in-force status of a document a recorded document replaces or repeals, and
        since when (the earliest such document's day). Nothing is said of the others: the
        graph does not know that they are in force."""
        ended = in_force.superseded(self.view.store, [doc_id]).get(doc_id)
        if not ended:
            return
        yield s, self.t.in_force, self.t.not_in_force, None
        since = ended[0].since
        if since and len(since) == 10:
            yield s, self.t.no_longer_in_force, Lit(since, self.t.xsd["date"]), None

    def edge(self, edge: Edge, evidence: list[dict[str, Any]]) -> Iterator[Quad]:
        t, iris = self.t, self.iris
        s, o, p = iris.node(edge.source), iris.node(edge.target), t.relations[edge.type]
        yield s, p, o, None
        for ev in evidence:
            src, start, end = str(ev["source"]), int(ev["start"]), int(ev["end"])
            rule = t.rules.get(str(ev["rule"]))
            if rule is None:
                raise ExportError(f"{edge.key}: rule {ev['rule']!r} is not in the vocabulary")
            st = iris.statement(edge.source, edge.type.value, edge.target, src, start, str(ev["rule"]))
            g = iris.graph(src)
            yield st, t.type, t.statement, g
            yield st, t.subject, s, g
            yield st, t.predicate, p, g
            yield st, t.object, o, g
            yield st, t.derived, iris.segment(src, start, end), g
            yield st, t.generated, iris.activity(src), g
            yield st, t.rule, rule, g
            if ev.get("confidence") is not None:
                yield st, t.confidence, Lit(_decimal(ev["confidence"]), t.xsd["decimal"]), g
            yield from self.span(src, start, end, ev.get("text"))


def quads(store: Store, *, document: str | None = None, depth: int = 1, base: str | None = None,
          max_nodes: int = MAX_NODES) -> Iterator[Quad]:
    """The quads of the whole graph, or of a document's neighbourhood (at most ``max_nodes`` nodes)."""
    iris = Iris(base)
    return iter(_Quads(_view(store, document, depth, iris.base, max_nodes), iris))


def data_prefixes(base: str | None = None) -> dict[str, str]:
    """Prefixes for the data namespaces under the base ('doc:' → '{base}doc/' …) and the
    vocabularies."""
    b = Iris(base).base
    return {**PREFIXES_RDF, **{p: f"{b}{p}/" for p in PREFIXES}, "stmt": f"{b}stmt/"}


def export(store: Store, fmt: str = "ttl", *, document: str | None = None, depth: int = 1,
           base: str | None = None, max_nodes: int = MAX_NODES) -> Iterator[bytes]:
    """The serialisation in chunks: streamed for nt and ttl, in one piece for the others.
    Errors in the arguments (format, document, depth, base) are raised before the first chunk."""
    check_format(fmt)
    qs = quads(store, document=document, depth=depth, base=base, max_nodes=max_nodes)
    prefixes = data_prefixes(base)
    if fmt == "nt":
        return chunks(nt_lines(qs))
    if fmt == "ttl":
        return chunks(Turtle(prefixes).lines(qs))
    serializer = FORMATS[fmt][2]
    assert serializer is not None
    if fmt == "xml":
        qs = xml_safe(qs)
    graph: Graph = to_dataset(qs, prefixes) if fmt == "trig" else to_graph(qs, prefixes)
    kwargs: dict[str, Any] = {"context": prefixes, "auto_compact": True} if fmt == "jsonld" else {}
    return iter([graph.serialize(format=serializer, encoding="utf-8", **kwargs)])


def write_export(store: Store, out: BinaryIO, fmt: str = "ttl", **options: Any) -> None:
    """Write an export to a binary stream."""
    for chunk in export(store, fmt, **options):
        out.write(chunk)


def media_type(fmt: str) -> str:
    """The media type of a format."""
    return FORMATS[check_format(fmt)][0]

