"""Import an RDF export of vankien into an empty store: ``vankien import-rdf``.

The export says, for each source, what it stated (``<src> schema:mentions <node>``),
where it named each node (spans that ``schema:mentions`` the node) and, through the
assertion nodes, every evidence of every relation. That is enough to rebuild one
``SourceDelta`` per source; writing them gives back the same graph, so that a second
export is isomorphic to the first (tested). Node properties are exported merged, so
every source that states a node gets the merged properties as its claim.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from rdflib import OWL, PROV, RDF, SDO, Dataset, Literal, URIRef
from rdflib.term import Node as RdfNode

from graph.build.delta import EdgeRow, MentionRow, NodeRow, SourceDelta, series_key
from graph.export.rdf import FORMATS, check_format
from graph.store.protocol import Store, WriteSummary
from ontology.errors import ExportError, InvalidRequestError
from ontology.rdf import MULTI_VALUED, OA, PROP_VALUES, VK, Iris, ValueKind, member_of, term
from ontology.vocab import NodeKind, Prop, RelationType, Rule

IMPORT_SOURCE = "src:rdf-import"
_PARSERS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml", "trig": "trig"}
_SOURCE_PROPS = {term(p): p for p in (Prop.TITLE, Prop.URL, Prop.PATH, Prop.PUBLISHED)}


def guess_format(path: str | Path) -> str:
    """The format of a file from its extension (.ttl, .nt, .jsonld, .rdf/.xml/.owl, .trig)."""
    ext = Path(path).suffix.lower()
    for fmt, (_, e, _) in FORMATS.items():
        if ext == e:
            return fmt
    if ext in (".xml", ".owl"):
        return "xml"
    if ext == ".json":
        return "jsonld"
    raise InvalidRequestError(f"cannot tell the RDF format of {path}: give --format ({', '.join(FORMATS)})")


def parse(data: str | bytes | IO[bytes] | Path, fmt: str) -> Dataset:
    """Parse an export (any of the formats) into a dataset whose default graph is the union."""
    check_format(fmt)
    ds = Dataset(default_union=True)
    try:
        if isinstance(data, Path):
            ds.parse(source=str(data), format=_PARSERS[fmt])
        elif isinstance(data, str | bytes):
            ds.parse(data=data, format=_PARSERS[fmt])
        else:
            ds.parse(source=data, format=_PARSERS[fmt])
    except Exception as e:  # rdflib raises many kinds of parse errors
        raise ExportError(f"cannot parse the {fmt} input: {e}") from e
    return ds


@dataclass
class _Rebuilt:
    """What the RDF says, per source."""

    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    nodes: dict[str, NodeRow] = field(default_factory=dict)
    claims: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    edges: dict[str, list[EdgeRow]] = field(default_factory=lambda: defaultdict(list))
    mentions: dict[str, list[MentionRow]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[str, str] = field(default_factory=dict)


class _Reader:
    """Reads ids, values and spans out of a parsed export."""

    def __init__(self, graph: Dataset) -> None:
        self.g = graph
        self.ids: dict[RdfNode, str] = {s: str(o) for s, o in graph.subject_objects(VK.id)}
        self.iris = Iris(self._base())

    def _base(self) -> str | None:
        for s in self.g.subjects(RDF.type, PROV.SoftwareAgent):
            if str(s).endswith(Iris.AGENT):
                return str(s)[: -len(Iris.AGENT)]
        return None

    def id_of(self, node: RdfNode) -> str:
        found = self.ids.get(node) or (self.iris.entity_id(str(node)) if isinstance(node, URIRef) else None)
        if found is None:
            raise ExportError(f"{node} has no vk:id and is not an IRI of this export")
        return found

    def one(self, s: RdfNode, p: URIRef) -> RdfNode | None:
        return next(iter(sorted(self.g.objects(s, p), key=str)), None)

    def span(self, seg: RdfNode) -> tuple[str, int, int, str | None]:
        src = self.one(seg, PROV.wasQuotedFrom)
        start, end = self.one(seg, OA.start), self.one(seg, OA.end)
        if src is None or start is None or end is None:
            raise ExportError(f"the span {seg} lacks prov:wasQuotedFrom, oa:start or oa:end")
        text = self.one(seg, PROV.value)
        return self.id_of(src), int(str(start)), int(str(end)), str(text) if text is not None else None

    def value(self, prop: Prop, o: RdfNode) -> Any:
        kind = PROP_VALUES[prop]
        if kind is ValueKind.REF:
            return self.id_of(o)
        if kind is ValueKind.CONCEPT:
            m = member_of(str(o))
            if m is None:
                raise ExportError(f"{o} is not a concept of the vocabulary")
            return m.value
        if not isinstance(o, Literal):
            raise ExportError(f"{prop.value}: expected a literal, not {o}")
        s = str(o)
        if kind in (ValueKind.INTEGER, ValueKind.YEAR):
            return int(s)
        if kind is ValueKind.BOOLEAN:
            return s in ("true", "1")
        if kind is ValueKind.DECIMAL:
            return float(s)
        return s


def rebuild(graph: Dataset) -> tuple[list[SourceDelta], dict[str, str]]:
    """One delta per source, and the merge aliases, from a parsed export."""
    r = _Reader(graph)
    out = _Rebuilt()
    g = graph
    for s in sorted(g.subjects(RDF.type, VK.Source), key=str):
        sid = r.id_of(s)
        src: dict[str, Any] = {"id": sid, "key": sid.removeprefix("src:"), "sha256": None, "text": None}
        for p, prop in _SOURCE_PROPS.items():
            v = r.one(s, p)
            if v is not None:
                src[prop.value] = str(v)
        for act in g.subjects(PROV.used, s):
            ended = r.one(act, PROV.endedAtTime)
            src["ingested"] = str(ended) if ended is not None else None
        out.sources[sid] = src
    for kind in NodeKind:
        if kind is NodeKind.SOURCE:
            continue
        for s in sorted(g.subjects(RDF.type, term(kind)), key=str):
            _read_node(r, out, s, kind)
    for st in sorted(g.subjects(RDF.type, RDF.Statement), key=str):
        _read_statement(r, out, st)
    for s, o in g.subject_objects(OWL.sameAs):
        out.aliases[r.id_of(s)] = r.id_of(o)
    _check_relations(r, out)
    return _deltas(out), out.aliases


def _read_node(r: _Reader, out: _Rebuilt, s: RdfNode, kind: NodeKind) -> None:
    nid = r.id_of(s)
    props: dict[str, Any] = {}
    for p, o in r.g.predicate_objects(s):
        prop = member_of(str(p))
        if not isinstance(prop, Prop) or prop in (Prop.ID, Prop.KIND):
            continue
        v = r.value(prop, o)
        if prop in MULTI_VALUED:
            props.setdefault(prop.value, []).append(v)
        else:
            props[prop.value] = v
    for v in props.values():
        if isinstance(v, list):
            v.sort()
    if isinstance(props.get(Prop.NUMBER.value), int):  # written as a symbol writes it: two digits at least
        n = props[Prop.NUMBER.value]
        props[Prop.NUMBER.value] = f"{n:02d}" if props.get(Prop.SYMBOL.value) else str(n)
    if kind is NodeKind.DOCUMENT and (series := series_key(props)) is not None:
        props["series"] = series  # derived, not exported: the store finds series by it
    out.nodes[nid] = NodeRow(nid, kind, props)
    for who in r.g.subjects(SDO.mentions, s):
        if (who, RDF.type, VK.Source) in r.g:
            out.claims[r.id_of(who)].add(nid)
        else:
            src, start, end, text = r.span(who)
            out.mentions[src].append(MentionRow(nid, start, end, text or ""))


def _read_statement(r: _Reader, out: _Rebuilt, st: RdfNode) -> None:
    subj, pred, obj = r.one(st, RDF.subject), r.one(st, RDF.predicate), r.one(st, RDF.object)
    seg, rule = r.one(st, PROV.wasDerivedFrom), r.one(st, VK.rule)
    rel = member_of(str(pred)) if pred is not None else None
    if subj is None or obj is None or seg is None or rule is None or not isinstance(rel, RelationType):
        raise ExportError(f"the assertion {st} lacks its subject, relation, object, span or rule")
    rule_member = member_of(str(rule))
    if not isinstance(rule_member, Rule):
        raise ExportError(f"{rule} is not an extraction rule of the vocabulary")
    src, start, end, text = r.span(seg)
    conf = r.one(st, VK.confidence)
    out.edges[src].append(EdgeRow(r.id_of(subj), rel, r.id_of(obj), {
        "source": src, "start": start, "end": end, "text": text, "rule": rule_member.value,
        "confidence": float(str(conf)) if conf is not None else None}))


def _check_relations(r: _Reader, out: _Rebuilt) -> None:
    """Every relation triple must come with at least one assertion (the store keeps no
    relation without evidence)."""
    have = {(e.source, e.type, e.target) for rows in out.edges.values() for e in rows}
    missing = []
    for rel in RelationType:
        for s, o in r.g.subject_objects(term(rel)):
            key = (r.id_of(s), rel, r.id_of(o))
            if key not in have:
                missing.append(key)
    if missing:
        shown = ", ".join(f"{s} {t.value} {o}" for s, t, o in missing[:5])
        raise ExportError(f"{len(missing)} relations have no provenance (no rdf:Statement): {shown}")


def _deltas(out: _Rebuilt) -> list[SourceDelta]:
    claimed = {n for ns in out.claims.values() for n in ns}
    orphans = sorted(set(out.nodes) - claimed)
    if orphans:
        out.claims[IMPORT_SOURCE].update(orphans)
    used = set(out.claims) | set(out.edges) | set(out.mentions)
    for sid in sorted(used - set(out.sources)):
        out.sources[sid] = {"id": sid, "key": sid.removeprefix("src:"), "sha256": None, "text": None}
    deltas = []
    for sid in sorted(out.sources):
        nodes = tuple(out.nodes[n] for n in sorted(out.claims.get(sid, ())) if n in out.nodes)
        edges = tuple(sorted(out.edges.get(sid, []), key=lambda e: (e.source, e.type.value, e.target,
                                                                   e.evidence["start"], e.evidence["rule"])))
        mentions = tuple(sorted(out.mentions.get(sid, []), key=lambda m: (m.node, m.start, m.end)))
        deltas.append(SourceDelta(out.sources[sid], nodes, edges, mentions))
    return deltas


def _is_empty(store: Store) -> bool:
    return not store.list_sources(limit=1) and store.count_nodes() == 0


def import_rdf(store: Store, data: str | bytes | IO[bytes] | Path, fmt: str) -> WriteSummary:
    """Load an export into an empty store (InvalidRequestError if it is not empty)."""
    if not _is_empty(store):
        raise InvalidRequestError("import-rdf loads into an empty store only; this one has data")
    deltas, aliases = rebuild(parse(data, fmt))
    summary = store.write(deltas)
    if aliases:
        store.add_aliases(aliases)
    return summary

