"""Load the table-driven extraction cases of tests/data and run the extractor on them."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from loaders.extract import extract_source
from loaders.read.sources import Source
from ontology.records import Extraction, to_record

DATA = Path(__file__).resolve().parent / "data"


def cases(name: str) -> list[dict[str, Any]]:
    """The cases of one data file."""
    return list(yaml.safe_load((DATA / name).read_text(encoding="utf-8")))


def run(case: dict[str, Any]) -> tuple[Extraction, dict[str, Any]]:
    """Extract a case's text as a source named 'case'."""
    text = str(case["text"])
    published = case.get("published")
    if isinstance(published, str):
        published = date.fromisoformat(published)
    source = Source(id="src:case", key="case", path="case.txt", text=text, title=case.get("title"),
                    published=published, url=case.get("url"), sha256=hashlib.sha256(text.encode()).hexdigest())
    x = extract_source(source)
    return x, to_record(x)


def matches(item: dict[str, Any], expected: dict[str, Any]) -> bool:
    """Whether an extracted record item has every expected field value."""
    for k, v in expected.items():
        got = item.get(k)
        if isinstance(v, list):
            if sorted(got or []) != sorted(v):
                return False
        elif isinstance(v, str) and isinstance(got, str) and k in ("title", "name", "post"):
            if v not in got:
                return False
        elif got != v:
            return False
    return True
