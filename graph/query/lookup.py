"""Find documents from what people type: "nghi quyet 04 khoa XII", "Chỉ thị 05",
"39-CT/TW năm 2014", "kl 21", "nq26", "kế hoạch 58 cao bằng" — without diacritics or case
mattering.

The query is first spelled as an article would write it (type abbreviations in any case,
run together with their number, become ``KL 21``, ``NQ TW4``), then read by the same
extractor as the articles (so every form it knows works here), resolved like a reference
in a text without a date, and matched against the store: the resolved document first,
then others with the same type and number. An explicit symbol (``45-KH/TU``) or a place
named in the query (``… cao bằng``) decides between documents of one number.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any, NamedTuple

from graph.query.lineage import is_central, require, summary
from graph.store.protocol import Node, Store
from loaders.find.documents import find_mentions
from loaders.find.preceding import attach_preceding
from loaders.read.sources import Source
from loaders.resolve import resolve as resolve_mentions
from loaders.text.context import prepare
from ontology import reference
from ontology.errors import InvalidRequestError, NotFoundError
from ontology.ids import PREFIXES
from ontology.text import fold, fold_key
from ontology.vocab import NodeKind

MAX_QUERY = 300


class _Ref(NamedTuple):
    """A reference read from the query: its canonical id, lookup key ('chi_thi|5') and, when
    written out, its symbol ('KH/TU')."""

    id: str
    key: str
    symbol: str | None


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    """The type abbreviations of ``doc_types.yaml`` (NQ, CT, KL, QĐ, QĐi, KH, CTr …) as people
    type them: any case, no diacritics, run together with the number or with 'TW4'."""
    spelled: dict[str, str] = {}
    for t in reference.doc_types():
        for name in t.names:  # the all-capital names introduce a reference as they are ('KL 21')
            if len(name) > 1 and name.isupper():
                spelled[fold(name)] = name
    for t in reference.doc_types():
        for name in (*t.names, *t.codes):  # the others are spelled out ('ctr' → 'Chương trình hành động')
            if name[:2].isupper():
                spelled.setdefault(fold(name), t.label)
    alts = "|".join(sorted(map(re.escape, spelled), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w/.-])(?P<code>{alts})"
                         rf"(?:\s*(?:tw|t\.u)\s*(?P<plenum>\d{{1,2}})|\s*[-.]?\s*(?P<number>\d{{1,4}}))(?![\w/])")
    return pattern, spelled


def spell_query(text: str) -> str:
    """The query with its type abbreviations written as an article writes them:
    'kl 21' → 'KL 21', 'nq26' → 'NQ 26', 'qđ 213' → 'QĐ 213', 'NQTW4' → 'NQ TW4',
    'qđi 8' → 'Quy định 8'."""
    pattern, spelled = _abbreviations()
    out, last = [], 0
    for m in pattern.finditer(fold(text)):  # fold keeps offsets: the match spans the query too
        code = spelled[m["code"]]
        out += [text[last:m.start()], f"{code} TW{m['plenum']}" if m["plenum"] else f"{code} {m['number']}"]
        last = m.end()
    return "".join(out) + text[last:]


@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple[_Ref, ...]:
    """Every reference in the query text (pure: the extractor and the reference data only,
    so answers are kept)."""
    src = Source(id="src:query", key="query", path="query", text=text,
                 sha256=hashlib.sha256(text.encode()).hexdigest())
    ctx = prepare(src)
    mentions = attach_preceding(ctx, find_mentions(ctx))
    if not mentions:
        return ()
    resolved = resolve_mentions(ctx, mentions)
    out = []
    for x, doc_id in zip(mentions, resolved.by_mention, strict=True):
        number = x.number
        if number is None:
            doc = next((d for d in resolved.documents if d.id == doc_id), None)
            number = int(doc.number) if doc and doc.number and doc.number.isdigit() else None
        symbol = f"{x.type_code}/{x.issuer_code}" if x.form == "full" and x.type_code and x.issuer_code else None
        out.append(_Ref(doc_id, f"{x.kind.value}|{number}" if number is not None else "", symbol))
    return tuple(out)


def _place_of(node: Node) -> tuple[str, ...]:
    """The folded names of where a local document belongs: its province, and the capitalised
    words that end its scope and their tails of two words or more ('Đảng ủy xã Ea Tiêu' →
    'ea tieu'; 'Huyện ủy Yên Thành' → 'yen thanh'; 'Thành ủy Huế' → 'hue')."""
    words = str(node.props.get("scope") or "").split()
    run: list[str] = []
    while words and (words[-1][:1].isupper() or words[-1].isdigit()):
        run.insert(0, words.pop())
    places = set()
    if any(w[:1].isupper() for w in run):
        places |= {fold_key(" ".join(run[i:])) for i in range(len(run)) if i == 0 or len(run) - i >= 2}
    if node.props.get("province"):
        places.add(fold_key(str(node.props["province"])))
    return tuple(p for p in places if p)


def _names_place(folded_query: str, node: Node) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", folded_query) for p in _place_of(node))


def resolve_text(store: Store, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Ranked canonical documents for a free-text reference."""
    text = " ".join(text.split())
    if not text:
        raise InvalidRequestError("the query is empty")
    if len(text) > MAX_QUERY:
        raise InvalidRequestError(f"the query is longer than {MAX_QUERY} characters")
    scored = _referenced(store, text)
    if not scored:
        for node in _named(store, fold_key(text), limit, [NodeKind.DOCUMENT]):
            scored[node.id] = (0.3 if is_central(node) else 0.25, node, "name")  # a subject: central first
    folded = fold_key(text)
    placed = {nid for nid, (_, node, _) in scored.items() if _names_place(folded, node)}
    if placed:  # the query names a place: its documents come first, the others lose a fifth
        scored = {nid: (max(s, 0.9), n, f"{why}, place") if nid in placed else (round(s * 0.8, 3), n, why)
                  for nid, (s, n, why) in scored.items()}
    ranked = sorted(scored.values(), key=lambda t: (-t[0], -(t[1].props.get("year") or 0), t[1].label))
    return [{**summary(n), "score": s, "match": why} for s, n, why in ranked[:limit]]


def _referenced(store: Store, text: str) -> dict[str, tuple[float, Node, str]]:
    """The documents the text refers to, scored: the resolved one, then others of its number."""
    parsed = _parse(spell_query(text))
    scored: dict[str, tuple[float, Node, str]] = {}
    exact_ids = [store.canonical_id(r.id) for r in parsed]
    for nid, node in store.get_nodes(exact_ids).items():
        scored[nid] = (1.0, node, "exact")
    symbols = {fold_key(r.symbol) for r in parsed if r.symbol}
    for node in store.documents_by_lookup([r.key for r in parsed if r.key]):
        if node.id in scored:
            continue
        same_symbol = (fold_key(str(node.props.get("symbol") or "")) in symbols
                       or any(node.id.rsplit("-", 1)[0] == i.rsplit("-", 1)[0] for i in exact_ids))
        scored[node.id] = (0.7 if same_symbol else 0.5, node, "same number")
    return scored


def _named(store: Store, key: str, limit: int, kinds: list[NodeKind] | None) -> list[Node]:
    found: list[Node] = []
    for kind in kinds or [None]:  # type: ignore[list-item]
        found += store.find_nodes(kind=kind, where={"q": key}, limit=limit)
    found.sort(key=lambda n: (not fold_key(n.label).startswith(key), len(n.label), n.id))
    return found[:limit]


def search(store: Store, q: str, limit: int = 20, kinds: list[NodeKind] | None = None) -> list[dict[str, Any]]:
    """Nodes whose label, name or title contains the words of ``q`` (diacritics-insensitive);
    the documents ``q`` refers to ('kl 21', 'nq26') come first, as ``resolve`` finds them."""
    key = fold_key(q)
    if not key:
        raise InvalidRequestError("the query is empty")
    if len(key) > MAX_QUERY:
        raise InvalidRequestError(f"the query is longer than {MAX_QUERY} characters")
    found = _named(store, key, limit, kinds)
    if kinds is None or NodeKind.DOCUMENT in kinds:
        refs = sorted(_referenced(store, " ".join(q.split())).values(), key=lambda t: -t[0])
        found = list({n.id: n for n in [n for _, n, _ in refs] + found}.values())[:limit]
    return [summary(n) for n in found]


def resolve_document(store: Store, ref: str, base: str | None = None) -> str:
    """The node id that ``ref`` names: an id ('doc:kl-tw-21-xiii'), one of our IRIs, or free
    text ('Kết luận 21-KL/TW', '39-CT/TW năm 2014') resolved by ``resolve_text``."""
    ref = " ".join(ref.split())
    if not ref:
        raise InvalidRequestError("the document reference is empty")
    if ref.startswith(("http://", "https://")):
        from ontology.rdf import Iris  # rdflib loads only for an IRI, not for every lookup

        node_id = Iris(base).entity_id(ref)
        if node_id is None:
            raise NotFoundError(ref)
        return require(store, node_id).id
    if ref.split(":", 1)[0] in PREFIXES and " " not in ref:
        return require(store, ref).id
    ranked = resolve_text(store, ref)
    if not ranked:
        raise NotFoundError(ref)
    if len(ranked) > 1 and ranked[1]["score"] == ranked[0]["score"]:
        raise NotFoundError(f"{ref} (ambiguous: no single document)", suggestions=ranked[:5])
    return str(ranked[0]["id"])
