"""Reading pages and files as sites and scrapers save them: the article, none of the furniture
(tests/data/pages.yaml); files that are no text, named by what they are."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.read.sources import Failure, Source, iter_sources
from loaders.text.normalize import normalize
from tests.conftest import DATA
from tests.encodings import cp1258

PAGES = yaml.safe_load((DATA / "pages.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", PAGES, ids=[c["file"] for c in PAGES])
def test_a_page_reads_as_its_article(case: dict[str, Any]) -> None:
    path = DATA / "pages" / case["file"]
    [item] = list(iter_sources([path]))
    if "error" in case:
        assert isinstance(item, Failure) and item.path == str(path) and case["error"] in item.reason
        return
    assert isinstance(item, Source), item
    text = normalize(item.text)
    assert [k for k in case["keeps"] if k not in text] == []
    assert [d for d in case["drops"] if d in text] == []
    if "published" in case:
        assert item.published == case["published"]
    if "title" in case:
        assert item.title == case["title"]


def test_a_page_inside_a_jsonl_text_is_read_as_a_page(tmp_path: Path) -> None:
    page = (DATA / "pages" / "page_saved_as.txt").read_text(encoding="utf-8")
    rows = [{"id": "page", "text": page}, {"id": "given", "title": "Tiêu đề đã có", "published": "2024-06-10", "text": page},
            {"id": "nav", "text": (DATA / "pages" / "nav_only.html").read_text(encoding="utf-8")}]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    items = list(iter_sources([corpus]))
    [page_src, given, nav] = items
    assert isinstance(page_src, Source) and isinstance(given, Source)
    assert "<" not in page_src.text and "33-KH/HU" not in page_src.text and "Lâm Văn Cường" in page_src.text
    assert page_src.title == "Đảng ủy xã Phong Thạnh kết nạp đảng viên"
    assert (given.title, given.published) == ("Tiêu đề đã có", date(2024, 6, 10))  # the line's own fields first
    assert isinstance(nav, Failure) and nav.line == 3 and "an HTML page that cannot be read" in nav.reason


def test_a_download_cut_inside_its_last_character_is_read(tmp_path: Path) -> None:
    text = "Sáng 5/6, Huyện ủy Tư Nghĩa tổ chức hội nghị quán triệt Chỉ thị số 35-CT/TW. Đồng chí Võ Văn Hưng chủ trì."
    data = text.encode("utf-8")[:-2]  # the last letter's two bytes, and one of the three of 'ì'
    path = tmp_path / "cut.txt"
    path.write_bytes(data)
    [src] = list(iter_sources([path]))
    assert isinstance(src, Source) and src.text == text[:-2]


@pytest.mark.parametrize(("data", "what"), [
    (gzip.compress("<html><body><p>Hội nghị quán triệt</p></body></html>".encode()), "a gzip archive"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256)), "a PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(64), "a ZIP archive or an Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "an old Office document"),
], ids=["gzip", "pdf", "docx", "doc"])
def test_a_file_that_is_no_text_is_named_by_its_kind(tmp_path: Path, data: bytes, what: str) -> None:
    path = tmp_path / "bai.html"
    path.write_bytes(data)
    [failure] = list(iter_sources([path]))
    assert isinstance(failure, Failure) and failure.path == str(path)
    assert failure.reason == f"binary file ({what}, not text: extract its text first)"


# What tests/data/pages/viscii.txt says (iconv -f UTF-8 -t VISCII made it from this).
VISCII_SAYS = ("Sáng 13/9/2023, Ban Thường vụ Huyện ủy Lục Yên tổ chức hội nghị quán triệt Kết luận số 14-KL/TW của "
               "Bộ Chính trị về bảo vệ cán bộ năng động, sáng tạo. Đồng chí Hoàng Văn Thụ, Bí thư Huyện ủy chủ trì hội "
               "nghị và đề nghị các chi bộ thảo luận kỹ để thực hiện.")


def test_viscii_and_windows_1258_are_told_apart(tmp_path: Path) -> None:
    """The same sentences in VISCII (whose bytes read in Latin-1 look like TCVN3's) and in
    Windows-1258 with combining tone marks: each is read as what it is."""
    shutil.copy(DATA / "pages" / "viscii.txt", tmp_path / "viscii.txt")
    (tmp_path / "cp1258.txt").write_bytes(cp1258(VISCII_SAYS))
    texts = {Path(s.path).name: normalize(s.text) for s in iter_sources([tmp_path]) if isinstance(s, Source)}
    assert texts == {"viscii.txt": VISCII_SAYS, "cp1258.txt": VISCII_SAYS}


DOUBLE_SAYS = ("Chiều 19/12/2023, Ban Thường vụ Huyện ủy Ân Thi tổ chức hội nghị tổng kết công tác dân vận năm 2023. "
               "Đồng chí Nguyễn Thị Bích, Bí thư Huyện ủy chủ trì hội nghị. NGÃ BA ĐỒNG LỘC được nhắc đến trong báo cáo.")


def _shown_as_windows_1252(text: str) -> str:
    """UTF-8 bytes as a browser shows them in Windows-1252 (the five bytes it has no letter for
    as the control characters of the same number, as the WHATWG encoding standard reads them)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


@pytest.mark.parametrize("shown_as", ["cp1252", "latin-1"])
def test_utf8_read_as_windows_1252_and_saved_again_is_read_as_written(tmp_path: Path, shown_as: str) -> None:
    path = tmp_path / "bai.txt"
    shown = _shown_as_windows_1252(DOUBLE_SAYS) if shown_as == "cp1252" else DOUBLE_SAYS.encode().decode("latin-1")
    path.write_text(shown, encoding="utf-8")  # "Há»™i" for "Hội"
    [src] = list(iter_sources([path]))
    assert isinstance(src, Source) and src.text == DOUBLE_SAYS


def test_a_double_encoded_text_that_lost_letters_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "bai.txt"  # 'ờ' and 'ề' end in bytes Windows-1252 has no letter for: replaced, lost
    path.write_text(DOUBLE_SAYS.encode("utf-8").decode("cp1252", errors="replace"), encoding="utf-8")
    [failure] = list(iter_sources([path]))
    assert isinstance(failure, Failure) and failure.path == str(path) and "lost on the way" in failure.reason


def test_a_double_encoded_jsonl_line_is_read_as_written_with_its_title(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    rows = [{"id": "a", "title": _shown_as_windows_1252("Hội nghị"), "text": _shown_as_windows_1252(DOUBLE_SAYS)},
            {"id": "b", "title": "Tiêu đề", "text": DOUBLE_SAYS}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert [(s.title, s.text) for s in iter_sources([path]) if isinstance(s, Source)] == [
        ("Hội nghị", DOUBLE_SAYS), ("Tiêu đề", DOUBLE_SAYS)]


def test_a_jsonl_line_without_text_names_the_fields_it_has(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "html": "<p>Hội nghị</p>", "url": "https://x.vn/a"}) + "\n", encoding="utf-8")
    [failure] = list(iter_sources([path]))
    assert isinstance(failure, Failure) and failure.line == 1
    assert failure.reason == "no 'text' field, or it is empty (the line's fields: 'id', 'html', 'url')"
