"""RDF syntaxes for vankien's quads: N-Triples and Turtle written as streams of text,
the other formats through an rdflib graph or dataset.

A quad is ``(subject IRI, predicate IRI, object, graph IRI or None)`` where the object is
an IRI string or a ``Lit``; plain strings keep the writers fast (no rdflib term per triple).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from rdflib import RDF, Dataset, Graph, Literal, URIRef

from ontology.rdf import PREFIXES_RDF

CHUNK = 1 << 16


class Lit(NamedTuple):
    """A literal: lexical form, datatype IRI (None for xsd:string) and language tag."""

    lex: str
    dt: str | None = None
    lang: str | None = None


#: subject, predicate, object (an IRI string or a Lit), named graph (None: the default graph)
Quad = tuple[str, str, "str | Lit", "str | None"]


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(s: str) -> str:
    if not _NEEDS_ESCAPE.search(s):
        return s
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m[0]) or f"\\u{ord(m[0]):04X}", s)


def _nt_literal(o: Lit) -> str:
    if o.lang:
        return f'"{_escape(o.lex)}"@{o.lang}'
    if o.dt:
        return f'"{_escape(o.lex)}"^^<{o.dt}>'
    return f'"{_escape(o.lex)}"'


def chunks(lines: Iterable[str]) -> Iterator[bytes]:
    buf: list[str] = []
    size = 0
    for line in lines:
        buf.append(line)
        size += len(line)
        if size >= CHUNK:
            yield "".join(buf).encode()
            buf, size = [], 0
    if buf:
        yield "".join(buf).encode()


def nt_lines(qs: Iterable[Quad]) -> Iterator[str]:
    for s, p, o, _ in qs:
        obj = _nt_literal(o) if isinstance(o, Lit) else f"<{o}>"
        yield f"<{s}> <{p}> {obj} .\n"


_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")


class Turtle:
    """Writes prefixed names where a namespace is known and the local part is plain."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self.by_ns = {ns: p for p, ns in prefixes.items()}
        self.cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = self.by_ns.get(iri[:cut])
        local = iri[cut:]
        if prefix is not None and _LOCAL.match(local):
            return f"{prefix}:{local}"
        return f"<{iri}>"

    def literal(self, o: Lit) -> str:
        if o.lang:
            return f'"{_escape(o.lex)}"@{o.lang}'
        if o.dt:
            dt = self.cache.get(o.dt) or self.cache.setdefault(o.dt, self.iri(o.dt))
            return f'"{_escape(o.lex)}"^^{dt}'
        return f'"{_escape(o.lex)}"'

    def lines(self, qs: Iterable[Quad]) -> Iterator[str]:
        for p, ns in self.prefixes.items():
            yield f"@prefix {p}: <{ns}> .\n"
        prev = None
        preds: dict[str, str] = {str(RDF.type): "a"}
        for s, p, o, _ in qs:
            pred = preds.get(p) or preds.setdefault(p, self.iri(p))
            obj = self.literal(o) if isinstance(o, Lit) else self.iri(o)
            if s == prev:
                yield f" ;\n    {pred} {obj}"
            else:
                yield f"{' .' if prev is not None else ''}\n\n{self.iri(s)} {pred} {obj}"
                prev = s
        if prev is not None:
            yield " .\n"


def _rdflib_term(o: str | Lit) -> URIRef | Literal:
    if isinstance(o, Lit):
        return Literal(o.lex, lang=o.lang, datatype=URIRef(o.dt) if o.dt else None)
    return URIRef(o)


def to_graph(qs: Iterable[Quad], prefixes: dict[str, str] | None = None, graph: Graph | None = None) -> Graph:
    """The quads as one rdflib graph (named graphs merged), in ``graph`` when given."""
    g = Graph() if graph is None else graph
    for p, ns in (prefixes or PREFIXES_RDF).items():
        g.bind(p, ns, override=True)
    uris: dict[str, URIRef] = {}
    for s, p, o, _ in qs:
        g.add((uris.get(s) or uris.setdefault(s, URIRef(s)), uris.get(p) or uris.setdefault(p, URIRef(p)),
               _rdflib_term(o)))
    return g


def to_dataset(qs: Iterable[Quad], prefixes: dict[str, str] | None = None) -> Dataset:
    """The quads as an rdflib dataset: the entities in the default graph, each source's
    provenance in its named graph."""
    ds = Dataset()
    for p, ns in (prefixes or PREFIXES_RDF).items():
        ds.bind(p, ns, override=True)
    graphs: dict[str | None, Graph] = {None: ds.default_graph}
    for s, p, o, gname in qs:
        g = graphs.get(gname)
        if g is None:
            g = graphs[gname] = ds.graph(URIRef(str(gname)))
        g.add((URIRef(s), URIRef(p), _rdflib_term(o)))
    return ds


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(qs: Iterable[Quad]) -> Iterator[Quad]:
    """RDF/XML cannot carry the characters XML 1.0 forbids (C0 controls but tab and line
    ends, U+FFFE, U+FFFF), not even escaped: they become U+FFFD, visibly, in RDF/XML only."""
    for s, p, o, g in qs:
        if isinstance(o, Lit) and _NOT_XML.search(o.lex):
            o = o._replace(lex=_NOT_XML.sub("\ufffd", o.lex))
        yield s, p, o, g
