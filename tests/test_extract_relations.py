"""Relations between documents with their evidence (tests/data/extract_relations.yaml)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract_cases import cases, run

CASES = cases("extract_relations.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_relations(case: dict[str, Any]) -> None:
    x, rec = run(case)
    found = {(r["type"], r["source"], r["target"]): r for r in rec["relations"]}
    doc_rels = sorted(k for k in found if k[0] not in ("ISSUED_BY", "PART_OF", "ADOPTED_AT", "HOLDS_POST", "POST_IN"))
    for t, s, g in case.get("relations") or []:
        r = found.get((t, s, g))
        assert r is not None, f"missing {t} {s} -> {g}; got {doc_rels}"
        ev = r["evidence"]
        assert x.text[ev["start"]:ev["end"]] == ev["text"] and ev["text"], "evidence is not the sentence at its offsets"
        assert r["rule"] and 0 < r["confidence"] <= 1
    for t, s, g in case.get("absent") or []:
        assert (t, s, g) not in found, f"{t} {s} -> {g} should not be extracted"
