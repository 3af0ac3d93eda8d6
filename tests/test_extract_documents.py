"""Document references in every form (tests/data/extract_documents.yaml)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract_cases import cases, matches, run

CASES = cases("extract_documents.yaml")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_document_forms(case: dict[str, Any]) -> None:
    _, rec = run(case)
    docs = rec["documents"]
    for expected in case.get("documents") or []:
        assert any(matches(d, expected) for d in docs), (
            f"no document with {expected}; got {[{k: d[k] for k in ('id', 'symbol', 'number', 'year', 'issued', 'term', 'plenum', 'scope', 'resolved')} for d in docs]}")
    for absent in case.get("absent") or []:
        assert all(d["id"] != absent for d in docs), f"{absent} should not be extracted"
    if case.get("none"):
        assert docs == [], f"expected no document, got {[d['id'] for d in docs]}"
