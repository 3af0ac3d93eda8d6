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
    for expected in case.get("bodies") or []:  # the bodies a reference's issuer or owner is read from
        assert any(matches(b, expected) for b in rec["bodies"]), f"no body with {expected}; got {rec['bodies']}"
    for absent in case.get("absent_bodies") or []:
        assert all(b["id"] != absent for b in rec["bodies"]), f"{absent} should not be extracted"


@pytest.mark.parametrize(("text", "province"), [
    # a province's name inside a person's name is no evidence of where the article is
    ("Phát biểu tại hội nghị, đồng chí Nguyễn Nam Đình nhấn mạnh yêu cầu đổi mới công tác cán bộ trong năm tới.\n"
     "Tổng kết hội nghị, đồng chí Lê Văn Nam Định đề nghị các cấp ủy tập trung lãnh đạo.\n"
     "Tỉnh ủy Nghệ An đã chỉ đạo sâu sát.\nTỉnh ủy Nghệ An kiểm tra việc thực hiện.", "Nghệ An"),
    ("Ban Thường vụ Tỉnh ủy Hà Nam họp phiên thường kỳ tháng Ba.\nTỉnh ủy Hà Nam chỉ đạo các cấp ủy thực hiện.",
     "Hà Nam"),
])
def test_the_articles_province_ignores_names_of_persons(text: str, province: str) -> None:
    from loaders.text.bodies import article_province
    from ontology.text import fold

    found = article_province(text, fold(text), None, None)
    assert found is not None and found.name == province


@pytest.mark.parametrize(("text", "province"), [
    # news places a district or a commune by its province in brackets: that is the article's
    ("Sáng 9/5, Huyện ủy Bình Sơn (Quảng Ngãi) tổ chức hội nghị sơ kết. Ban Thường vụ Tỉnh ủy đã ban hành kế hoạch.",
     "Quảng Ngãi"),
    ("Sáng 9/5, Đảng ủy xã Ea Tul (huyện Cư M'gar, tỉnh Đắk Lắk) tổ chức hội nghị sơ kết.", "Đắk Lắk"),
    # a venue's city in brackets is no evidence of where the article is
    ("Sáng 9/5, tại Hội trường Diên Hồng (Hà Nội), Ban Tổ chức Trung ương tổ chức hội nghị.", None),
])
def test_the_articles_province_from_a_unit_placed_in_brackets(text: str, province: str | None) -> None:
    from loaders.text.bodies import article_province
    from ontology.text import fold

    found = article_province(text, fold(text), None, None)
    assert (found.name if found else None) == province
