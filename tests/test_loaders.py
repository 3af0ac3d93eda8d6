"""Reading sources: normalisation, metadata, decoding and every kind of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders.read.meta import published_from_text
from loaders.read.sources import Failure, Source, iter_sources
from loaders.text.normalize import normalize
from loaders.text.sentences import split as split_sentences
from ontology.errors import NormalizationError
from tests.conftest import DATA, need_shared
from tests.encodings import cp1258

NORMALIZE = yaml.safe_load((DATA / "normalize.yaml").read_text(encoding="utf-8"))
PUBLISHED = yaml.safe_load((DATA / "published.yaml").read_text(encoding="utf-8"))
SENTENCES = yaml.safe_load((DATA / "sentences.yaml").read_text(encoding="utf-8"))
VIET = "Hội nghị tổng kết công tác xây dựng Đảng năm 2016 của Tỉnh ủy Đồng Tháp, khóa XII."


@pytest.mark.parametrize("case", NORMALIZE, ids=[c["id"] for c in NORMALIZE])
def test_normalize(case: dict[str, str]) -> None:
    assert normalize(case["input"]) == case["output"]


@pytest.mark.parametrize("case", SENTENCES, ids=[c["id"] for c in SENTENCES])
def test_sentences(case: dict[str, Any]) -> None:
    text = case["text"]
    assert [text[a:b] for a, b in split_sentences(text)] == case["sentences"]


def test_unknown_normalisation_step_names_the_valid_ones() -> None:
    with pytest.raises(NormalizationError, match="valid: .*tones"):
        normalize("x", ["nfc", "lowercase"])


@pytest.mark.parametrize("case", PUBLISHED, ids=[c["id"] for c in PUBLISHED])
def test_published_from_header_lines(case: dict[str, Any]) -> None:
    expected = date.fromisoformat(case["published"]) if case["published"] else None
    assert published_from_text(case["text"]) == expected


def _read(path: Path) -> list[Source | Failure]:
    return list(iter_sources([path]))


GOOD_ENCODINGS = {
    "utf8.txt": VIET.encode("utf-8"),
    "utf8-bom.txt": b"\xef\xbb\xbf" + VIET.encode("utf-8"),
    "utf16le-bom.txt": VIET.encode("utf-16"),
    "utf16be-bom.txt": b"\xfe\xff" + VIET.encode("utf-16-be"),
    "nfd.txt": __import__("unicodedata").normalize("NFD", VIET).encode("utf-8"),
    "cp1258.txt": cp1258(VIET),
}


@pytest.mark.parametrize("name", sorted(GOOD_ENCODINGS))
def test_encodings_decode_to_the_same_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(GOOD_ENCODINGS[name])
    [src] = _read(path)
    assert isinstance(src, Source)
    assert normalize(src.text) == normalize(VIET)


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\n \t", "empty file"),
    "binary.txt": (bytes(range(256)) * 8, "binary"),
    "png.txt": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary"),
    "latin1-garbage.txt": (bytes([0xE9, 0xE8, 0xFC, 0x20, 0x41]) * 50 + b"\xff\xfe\x81" * 40, "cannot decode"),
    "bad-bom.txt": (b"\xff\xfe" + b"\x00\xd8" * 3, "not valid utf-16"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gives_a_clear_error_naming_the_file(tmp_path: Path, name: str) -> None:
    data, reason = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    [failure] = _read(path)
    assert isinstance(failure, Failure)
    assert str(path) in str(failure) and reason in failure.reason.lower()


def test_huge_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import loaders.read.decode

    monkeypatch.setattr(loaders.read.decode, "MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text(VIET * 100, encoding="utf-8")
    [failure] = _read(path)
    assert isinstance(failure, Failure) and "too large" in failure.reason


def test_jsonl_huge_or_undecodable_lines_fail_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import loaders.read.decode

    monkeypatch.setattr(loaders.read.decode, "MAX_BYTES", 1000)
    path = tmp_path / "corpus.jsonl"
    good = json.dumps({"id": "ok", "text": VIET}, ensure_ascii=False).encode("utf-8")
    huge = json.dumps({"id": "big", "text": VIET * 100}, ensure_ascii=False).encode("utf-8")
    latin = (
        json.dumps({"id": "cp", "text": "Hội nghị"}, ensure_ascii=False).encode("utf-8").replace("ộ".encode(), b"\xf4")
    )
    path.write_bytes(b"\n".join([huge, latin, good]) + b"\n")
    items = _read(path)
    assert [i.key for i in items if isinstance(i, Source)] == ["ok"]
    bad = [i for i in items if isinstance(i, Failure)]
    assert [f.line for f in bad] == [1, 2]
    assert "too large" in bad[0].reason and "not UTF-8" in bad[1].reason


def test_jsonl_malformed_lines_are_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps(
            {"id": "a1", "title": "T", "text": VIET, "url": "https://baodongthap.vn/a", "published": "2016-12-23"}
        ),
        '{"id": "a2", "text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a4", "title": "no text"}),
        json.dumps({"id": "a5", "text": VIET, "published": "not a date"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    good = [i for i in items if isinstance(i, Source)]
    bad = [i for i in items if isinstance(i, Failure)]
    assert [s.key for s in good] == ["a1"]
    assert good[0].published == date(2016, 12, 23)
    assert [(f.line, f.path) for f in bad] == [(2, str(path)), (3, str(path)), (4, str(path)), (5, str(path))]
    assert "malformed JSON" in bad[0].reason and "'published' must be a date" in bad[3].reason


JSONL_FIELDS = [  # (fields besides the text, the key it is read under, or the reason it is refused)
    ({"id": "bai-1"}, "bai-1", None),
    ({"id": 0}, "0", None),  # a zero is an id, not a missing one
    ({"id": 17}, "17", None),
    ({"id": None}, "corpus-1", None),  # absent or null: the file's stem and the line
    ({}, "corpus-1", None),
    ({"id": {"n": 1}}, None, "'id' must be a string or a whole number, not dict"),
    ({"id": ["a"]}, None, "'id' must be a string or a whole number, not list"),
    ({"id": True}, None, "'id' must be a string or a whole number, not bool"),
    ({"id": 1.5}, None, "'id' must be a string or a whole number, not float"),
    ({"id": "x", "url": ["https://a.vn"]}, None, "'url' must be a string, not list"),
    ({"id": "x", "title": 12}, None, "'title' must be a string, not int"),
    ({"id": "x", "published": "23/12/2016"}, None, "'published' must be a date as YYYY-MM-DD"),
    ({"id": "x", "published": "2016-02-30"}, None, "'published' must be a date as YYYY-MM-DD"),
    ({"id": "x", "published": None}, "x", None),
]


@pytest.mark.parametrize(("fields", "key", "reason"), JSONL_FIELDS, ids=[json.dumps(c[0]) for c in JSONL_FIELDS])
def test_jsonl_fields_are_taken_as_given_or_refused_by_name(tmp_path: Path, fields: dict[str, Any], key: str | None,
                                                             reason: str | None) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps({**fields, "text": VIET}, ensure_ascii=False) + "\n", encoding="utf-8")
    [item] = _read(path)
    if reason is None:
        assert isinstance(item, Source) and item.key == key
    else:
        assert isinstance(item, Failure) and item.line == 1 and reason in item.reason and str(path) in str(item)


def test_fifos_and_sockets_are_named_not_passed_over(tmp_path: Path) -> None:
    import socket

    (tmp_path / "a.txt").write_text(VIET, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock"))
        items = list(iter_sources([tmp_path]))
        named = list(iter_sources([tmp_path / "pipe.txt", tmp_path / "sock", tmp_path / "missing.txt"]))
    reasons = {Path(f.path).name: f.reason for f in items if isinstance(f, Failure)}
    assert [s.key for s in items if isinstance(s, Source)] == ["a.txt"]
    assert reasons == {"pipe.txt": "skipped: not a regular file (a FIFO)", "sock": "skipped: not a regular file (a socket)"}
    assert [f.reason for f in named] == ["not a regular file (a FIFO)", "not a regular file (a socket)",
                                         "no such file or folder"]


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import loaders.read.decode

    monkeypatch.setattr(loaders.read.decode, "MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_text(VIET * 100, encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    [failure] = _read(path)
    assert isinstance(failure, Failure) and "file too large" in failure.reason


def test_html_nested_deeper_than_libxml2_reads_keeps_its_text(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    body = "<p>Hội nghị quán triệt Chỉ thị số 05-CT/TW của Bộ Chính trị đã diễn ra sáng nay.</p>"
    path.write_text(f"<html><head><title>Tin</title></head><body><nav>Trang chủ</nav>{'<div>' * 400}{body}"
                    f"{'</div>' * 400}<footer>Bản quyền</footer></body></html>", encoding="utf-8")
    [src] = _read(path)
    assert isinstance(src, Source)
    assert "quán triệt Chỉ thị số 05-CT/TW" in src.text and "Trang chủ" not in src.text and "Bản quyền" not in src.text


def test_html_keeps_the_article_and_drops_the_furniture(tmp_path: Path) -> None:
    page = f"""<!doctype html><html><head><title>Hội nghị tổng kết</title>
    <link rel="canonical" href="https://baonghean.vn/hoi-nghi.html"></head><body>
    <nav><a href="/">Trang chủ</a> <a href="/x">Thời sự</a></nav>
    <article><h1>Hội nghị tổng kết công tác tổ chức xây dựng Đảng</h1>
    <p>Sáng ngày 02/7/2020, Ban Tổ chức Tỉnh ủy tổ chức hội nghị trực tuyến sơ kết công tác tổ chức xây dựng Đảng.
    Đồng chí Hồ Phúc Hợp, Trưởng Ban Tổ chức Tỉnh ủy chủ trì hội nghị. {VIET}</p></article>
    <aside><h3>Tin cùng chuyên mục</h3><ul><li>Bí thư Tỉnh ủy Thái Thanh Quý tiếp công dân</li></ul></aside>
    <footer>Bản quyền</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [src] = _read(path)
    assert isinstance(src, Source)
    assert "Hồ Phúc Hợp" in src.text and "Thái Thanh Quý" not in src.text and "Trang chủ" not in src.text


@pytest.mark.parametrize(("head", "header_line", "published"), [
    ("", "", None),  # no date where pages state one: none, not the date of a document in the text
    ('<meta property="article:published_time" content="2024-09-11T08:00:00+07:00">', "", date(2024, 9, 11)),
    ("", "<p>Thứ Tư, 11/09/2024 08:00 (GMT+7)</p>", date(2024, 9, 11)),
], ids=["none", "meta-tag", "header-line"])
def test_html_date_is_the_page_s_not_a_document_s(tmp_path: Path, head: str, header_line: str,
                                                  published: date | None) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"""<!doctype html><html><head><title>Huyện ủy quán triệt Quy định 144</title>{head}</head>
    <body><article><h1>Huyện ủy quán triệt Quy định 144</h1>{header_line}<p>Sáng 10/9, Huyện ủy tổ chức Hội nghị
    quán triệt Quy định số 144-QĐ/TW, ngày 09/5/2024 của Bộ Chính trị về chuẩn mực đạo đức cách mạng. {VIET}</p>
    </article></body></html>""", encoding="utf-8")
    [src] = _read(path)
    assert isinstance(src, Source) and src.published == published


def test_folders_are_read_recursively_and_bad_files_do_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(VIET, encoding="utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text(VIET, encoding="utf-8")
    (tmp_path / "a" / "b" / "bad.txt").write_bytes(b"")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG")
    items = list(iter_sources([tmp_path / "a", tmp_path / "missing"]))
    assert sorted(i.key for i in items if isinstance(i, Source)) == ["one.txt", "two.txt"]
    assert sorted(Path(f.path).name for f in items if isinstance(f, Failure)) == ["bad.txt", "missing"]


def test_cli_exit_status_and_messages(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(VIET, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "api.cli.main", "extract", str(good), str(bad)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert f"{bad}: binary" in proc.stderr
    [record] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert record["source"]["id"] == "good.txt"


def test_ingesting_bad_input_loses_nothing_already_stored(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "plan.txt").write_text(
        "Tiêu đề về kế hoạch của tỉnh\n\nNgày 10-3-2017, Ban Thường vụ Tỉnh ủy Bình Định ban hành Kế hoạch số 45-KH/TU "
        "về thực hiện Chỉ thị số 39-CT/TW ngày 18-8-2014 của Bộ Chính trị.\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "broken.jsonl").write_text('{"id": "x", "text": \n', encoding="utf-8")
    data = tmp_path / "store"
    cli = [sys.executable, "-m", "api.cli.main"]
    assert subprocess.run([*cli, "ingest", str(good), "--data-dir", str(data), "--workers", "1"]).returncode == 0
    before = subprocess.run([*cli, "stats", "--data-dir", str(data), "--json"], capture_output=True, text=True).stdout
    proc = subprocess.run(
        [*cli, "ingest", str(bad), "--data-dir", str(data), "--workers", "1"], capture_output=True, text=True
    )
    assert proc.returncode == 1 and "empty.txt: empty file" in proc.stderr and "broken.jsonl:1" in proc.stderr
    after = subprocess.run([*cli, "stats", "--data-dir", str(data), "--json"], capture_output=True, text=True).stdout
    strip = lambda s: {k: v for k, v in json.loads(s).items() if k != "generation"}  # noqa: E731
    assert strip(before) == strip(after)


def test_an_unreadable_subfolder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(VIET, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(VIET, encoding="utf-8")
    real = os.scandir

    def scandir(path: Any = ".") -> Any:  # as root, chmod cannot lock a folder: refuse it here
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_sources([tmp_path]))
    assert [s.key for s in items if isinstance(s, Source)] == ["a.txt"]
    [failure] = [f for f in items if isinstance(f, Failure)]
    assert failure.path == str(tmp_path / "locked") and "cannot read the folder: Permission denied" in failure.reason


# Sentences of our own as the legacy 8-bit Vietnamese fonts type them, read as Latin letters.
VNI_TEXT = ("Hoäi nghò quaùn trieät Chæ thò soá 05-CT/TW cuûa Boä Chính trò veà ñaåy maïnh hoïc taäp vaø laøm theo "
            "tö töôûng, ñaïo ñöùc. Ñaûng uûy ñaõ ñöôïc giao nhieäm vuï.")
TCVN3_TEXT = ("Héi nghÞ qu¸n triÖt ChØ thÞ sè 05-CT/TW cña Bé ChÝnh trÞ vÒ ®Èy m¹nh häc tËp vµ lµm theo t­ t­ëng, "
              "®¹o ®øc. §¶ng ñy ®· ®­îc giao nhiÖm vô.")


# What both say, in Unicode.
LEGACY_MEANS = ("Hội nghị quán triệt Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo "
                "tư tưởng, đạo đức. Đảng ủy đã được giao nhiệm vụ.")


@pytest.mark.parametrize(("name", "data"), [
    ("vni.txt", VNI_TEXT.encode("cp1252")), ("vni-utf8.txt", VNI_TEXT.encode("utf-8")),
    ("tcvn3.txt", TCVN3_TEXT.encode("cp1252")), ("tcvn3-utf8.txt", TCVN3_TEXT.encode("utf-8")),
])
def test_legacy_vietnamese_encodings_are_read_as_unicode(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [source] = _read(path)
    assert isinstance(source, Source) and source.text == LEGACY_MEANS


def test_a_legacy_encoded_jsonl_text_is_read_as_unicode_with_its_title(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    rows = [{"id": "vni", "title": "Hoäi nghò quaùn trieät", "text": VNI_TEXT},
            {"id": "ok", "title": "Hội nghị", "text": VIET},
            {"id": "abc", "title": "Hội nghị quán triệt", "text": TCVN3_TEXT}]  # a title already in Unicode stays
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    items = _read(path)
    assert [(s.key, s.title, s.text) for s in items if isinstance(s, Source)] == [
        ("vni", "Hội nghị quán triệt", LEGACY_MEANS), ("ok", "Hội nghị", VIET),
        ("abc", "Hội nghị quán triệt", LEGACY_MEANS)]


def test_a_legacy_looking_text_that_does_not_convert_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"  # signs of TCVN3 between letters, but bytes TCVN3 gives no letter
    path.write_text(" ".join(["ab°cd ef±gh"] * 20), encoding="utf-8")
    [failure] = _read(path)
    assert isinstance(failure, Failure) and failure.path == str(path)
    assert "legacy Vietnamese encoding TCVN3 (ABC) that does not convert cleanly" in failure.reason


def test_no_shared_or_project_article_looks_legacy_encoded() -> None:
    from loaders.read.decode import legacy_encoding

    texts = [json.loads(line)["text"] for line in (DATA / "qa" / "qa.jsonl").read_text(encoding="utf-8").splitlines()]
    shared = need_shared()
    for corpus in sorted((shared / "corpus").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    assert len(texts) >= 52
    assert [t[:60] for t in texts if legacy_encoding(t)] == []


ARTICLE = ("Sáng 10-3-2023, Ban Thường vụ Tỉnh ủy {p} tổ chức Hội nghị quán triệt Chỉ thị số 05-CT/TW ngày 15-5-2016 "
           "của Bộ Chính trị. Đồng chí Trần Văn Minh, Bí thư Tỉnh ủy {p}, chủ trì hội nghị.")


def test_two_articles_under_one_id_are_refused_and_ingest_settles(tmp_path: Path) -> None:
    from graph.build.ingest import ingest_paths
    from graph.store.protocol import open_store

    for folder, province in (("a", "Gia Lai"), ("b", "Nghệ An")):  # one file name in two folders
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bai.txt").write_text(ARTICLE.format(p=province), encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    lines = [{"id": "Bài 1", "text": ARTICLE.format(p="Lâm Đồng")}, {"id": "bai-1", "text": ARTICLE.format(p="An Giang")},
             {"id": "Bài 1", "text": ARTICLE.format(p="Đồng Tháp")}, {"id": "中文", "text": ARTICLE.format(p="Sơn La")},
             {"id": "日本", "text": ARTICLE.format(p="Hà Giang")}]
    corpus.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    store = open_store("embedded", data_dir=tmp_path / "store")
    try:
        first = ingest_paths(store, [str(tmp_path / "a"), str(tmp_path / "b"), str(corpus)], workers=1)
        refused = sorted((Path(f.path).name, f.line) for f in first.failures)
        assert refused == [("bai.txt", None), ("c.jsonl", 2), ("c.jsonl", 3)]
        assert all("is taken by" in f.reason for f in first.failures)
        assert first.read == 4  # a/bai.txt, 'Bài 1' and the two ids without a Latin letter, kept apart
        again = ingest_paths(store, [str(tmp_path / "a"), str(tmp_path / "b"), str(corpus)], workers=1)
        assert again.unchanged == 4 and again.summary.sources_replaced == 0  # nothing swaps: it settles
    finally:
        store.close()


@pytest.mark.parametrize("case", yaml.safe_load((DATA / "legacy.yaml").read_text(encoding="utf-8")),
                         ids=lambda c: c["legacy"][:30])
def test_legacy_text_reads_as(case: dict[str, str]) -> None:
    from loaders.read.legacy import to_unicode

    assert to_unicode(case["legacy"], case["encoding"]) == case["unicode"]
