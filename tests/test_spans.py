"""The span invariant: every offset refers to the normalised text and text[start:end] == text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.extract import extract_source
from loaders.read.sources import Source, iter_sources
from ontology.records import to_record
from tests.conftest import need_shared

FRAGMENTS = [
    "Ngày 23-12-2016, Ban Tổ chức Tỉnh uỷ Đồng Tháp tổ chức Hội nghị tổng kết công tác năm 2016.",
    "Đồng chí Nguyễn Văn An, Phó Bí thư Thường trực Tỉnh ủy chủ trì hội nghị.",
    "Kế hoạch số 126-KH/TU của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 39-CT/TW của Bộ Chính trị.",
    "các Nghị quyết Trung ương 4, 6, 7, 8 (khoá XII) và Nghị quyết Trung ương 4 (khóa XI, XII)",
    "Chỉ thị 05 của Bộ Chính trị", "Sáng 13/01, ", "Chiều cùng ngày, ", "Nghị quyết số 168/NQ-CP",
    "Quy định này thay thế Quy định số 115-QĐ/TW ngày 7/12/2007.", "Tin cùng chuyên mục\n", "\n\n", " ",
    "Toàn cảnh Hội nghị.\nToàn cảnh Hội nghị.\n", "Nghi\u0323 quyê\u0301t 37-NQ/TƯ", "hoà, khoá, uỷ", "Số: 16 -\nHD/BTCTW",
]


def _spans(rec: dict[str, Any]) -> list[dict[str, Any]]:
    out = [m for d in rec["documents"] for m in d["mentions"]]
    out += [m for d in rec["meetings"] for m in d["mentions"]]
    out += [m for d in rec["persons"] for m in d["mentions"]]
    out += [r["evidence"] for r in rec["relations"]]
    return out


def _dangling(rec: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Relations with an end the record does not hold (a store would get an edge to nothing)."""
    held = {e["id"] for k in ("documents", "meetings", "bodies", "persons") for e in rec[k]}
    held |= {t["id"] for p in rec["persons"] for t in p["posts"]}
    return [(r["type"], r["source"], r["target"]) for r in rec["relations"]
            if r["source"] not in held or r["target"] not in held]


def _check(text: str, key: str = "t") -> None:
    x = extract_source(Source(id="src:t", key=key, path="t.txt", text=text))
    rec = to_record(x)
    assert _dangling(rec) == []
    for span in _spans(rec):
        assert x.text[span["start"]:span["end"]] == span["text"], span
        assert 0 <= span["start"] < span["end"] <= len(x.text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=12).map("".join))
def test_span_invariant_on_generated_text(text: str) -> None:
    if text.strip():
        _check(text)


def test_span_invariant_on_the_shared_articles() -> None:
    shared = need_shared()
    n = 0
    for src in iter_sources([shared / "seeds", shared / "corpus" / "dev.jsonl"]):
        assert isinstance(src, Source), src
        rec = to_record(extract_source(src), with_text=True)
        for span in _spans(rec):
            assert rec["text"][span["start"]:span["end"]] == span["text"]
        json.dumps(rec, ensure_ascii=False)
        n += 1
    assert n == 35


def test_every_relation_ends_at_an_entity_of_its_record() -> None:
    """No edge to a body, document or person the extraction does not hold: once "Ban Thường vụ
    Huyện ủy Cầu Ngang" gave Huyện ủy Cầu Ngang PART_OF a Tỉnh ủy Trà Vinh nobody added."""
    shared = need_shared()
    root = Path(__file__).resolve().parent.parent
    paths = [shared / "seeds", shared / "corpus" / "dev.jsonl", shared / "corpus" / "dev2.jsonl",
             root / "tests" / "data" / "qa" / "qa.jsonl", root / "examples" / "corpus"]
    n = 0
    for src in iter_sources(paths):
        assert isinstance(src, Source), src
        assert _dangling(to_record(extract_source(src))) == [], src.id
        n += 1
    assert n > 130
