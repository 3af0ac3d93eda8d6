"""What a store keeps of an article is what ``vankien extract`` reports of it: ``delta_of``
reads the extraction's facts directly (it no longer builds the JSON record first), so every
value it writes is checked here against the record, on every real gold article."""

from __future__ import annotations

from typing import Any

import pytest

from graph.build.delta import delta_of
from loaders.extract import extract_paths
from ontology.records import Extraction, to_record
from tests.conftest import DATA, need_shared

# record key → node property, per record list
_DOCUMENT = {"kind": "doc_kind", "system": "system", "number": "number", "symbol": "symbol", "issuer": "issuer",
             "scope": "scope", "issued": "issued", "year": "year", "term": "term", "plenum": "plenum",
             "congress": "congress", "title": "title", "candidates": "candidates", "basis": "basis"}
_MEETING = {"name": "name", "kind": "meeting_kind", "date": "date", "year": "year", "location": "location",
            "period": "period"}
_BODY = {"name": "name", "kind": "body_kind", "parent": "parent", "province": "province"}


def _extractions() -> list[Extraction]:
    shared = need_shared()
    paths = [str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl"), str(shared / "corpus" / "dev2.jsonl"),
             str(DATA / "qa" / "qa.jsonl")]
    return [x for x in extract_paths(paths) if isinstance(x, Extraction)]


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    return _extractions()


def _same(got: dict[str, Any], rec: dict[str, Any], keys: dict[str, str], where: str) -> None:
    for key, prop in keys.items():
        want = rec[key]
        if want in (None, "", [], ()):
            assert prop not in got, f"{where}: {prop} = {got.get(prop)!r}, the record has none"
        else:
            assert got.get(prop) == want, f"{where}: {prop} = {got.get(prop)!r}, the record says {want!r}"


def test_the_rows_of_an_article_say_what_its_record_says(extractions: list[Extraction]) -> None:
    assert len(extractions) >= 130
    for x in extractions:
        rec, d = to_record(x), delta_of(x)
        nodes = {n.id: n.props for n in d.nodes}
        for doc in rec["documents"]:
            _same(nodes[doc["id"]], doc, _DOCUMENT, doc["id"])
            assert nodes[doc["id"]]["resolved"] is bool(doc["resolved"])
        for m in rec["meetings"]:
            _same(nodes[m["id"]], m, _MEETING, m["id"])
            assert nodes[m["id"]].get("online") is (True if m["online"] else None)
        for b in rec["bodies"]:
            _same(nodes[b["id"]], b, _BODY, b["id"])
        for p in rec["persons"]:
            assert nodes[p["id"]]["name"] == p["name"]
            assert {t["id"] for t in p["posts"]} <= set(nodes)
        stated = {(r["source"], r["type"], r["target"], r["evidence"]["start"], r["evidence"]["end"])
                  for r in rec["relations"]}
        kept = {(e.source, e.type.value, e.target, e.evidence["start"], e.evidence["end"]) for e in d.edges}
        assert stated == kept, f"{x.source.id}: {sorted(stated ^ kept)[:3]}"
        said = {(m["start"], m["end"], m["text"]) for k in ("documents", "meetings", "persons")
                for n in rec[k] for m in n["mentions"]}
        assert said == {(m.start, m.end, m.text) for m in d.mentions}, x.source.id
