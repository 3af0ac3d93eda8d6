"""The trigger pass (loaders/text/triggers.py): every cue of the data is a trigger of the
pattern it begins (tests/data/triggers.yaml), and a gated pattern finds exactly what
``finditer`` finds, on every text the tests hold and on the shared articles."""

from __future__ import annotations

import importlib
import json
import re
from typing import Any

import pytest
import yaml

from loaders.extract import extract_source
from loaders.find import patterns as P
from loaders.lexicon import data
from loaders.read import Source
from loaders.text.bodies import article_province, find_bodies
from loaders.text.boilerplate import folded_of
from loaders.text.dates import find_dates
from loaders.text.normalize import normalize
from loaders.text.triggers import Triggers, gate, gated, trigger_words
from ontology import reference
from ontology.text import FOLD_TABLE, fold, fold_key, fold_text, trie_at_word_start, trie_regex
from tests.conftest import DATA, ROOT, SHARED

TABLE = yaml.safe_load((DATA / "triggers.yaml").read_text(encoding="utf-8"))["lists"]


def _warm() -> None:
    """Build the lazily built patterns (they register with the trigger pass when built)."""
    extract_source(Source(id="warm", key="warm", path="warm", text="Sáng 13/3, Ban Thường vụ Tỉnh ủy tổ chức Hội nghị."))


def _pattern(path: str) -> re.Pattern[str]:
    """``module.attr`` with an optional call, index and attribute after it (tests/data/triggers.yaml)."""
    m = re.fullmatch(r"(?P<mod>[\w.]+?)\.(?P<attr>\w+)(?P<call>\(\))?(?:\[(?P<key>\w+)\])?(?:\.(?P<field>\w+))?", path)
    assert m, f"unreadable pattern path {path!r} in triggers.yaml"
    obj: Any = getattr(importlib.import_module(m["mod"]), m["attr"])
    if m["call"]:
        obj = obj()
    if m["key"] is not None:
        obj = obj[int(m["key"])] if m["key"].isdigit() else obj[m["key"]]
    if m["field"]:
        obj = getattr(obj, m["field"])
    assert isinstance(obj, re.Pattern), f"{path} is not a compiled pattern"
    return obj


def _cues(source: str) -> list[str]:
    """The folded words of one list of the data."""
    if source.startswith("meeting_cues.yaml "):
        return [fold_key(w) for w in data("meeting_cues.yaml")[source.split(" ", 1)[1]]]
    if source == "doc_types.yaml names":
        return list(P.type_words())
    if source == "doc_types.yaml abbreviations":
        return list(P.abbreviations())
    if source == "titles.yaml heads":
        return [fold_key(h) for h in reference.title_heads()]
    if source == "bodies.yaml central":
        return [fold_key(n) for b in reference.central_bodies() for n in (b.name, *b.aliases)]
    if source == "bodies.yaml provincial sub-bodies":
        return list(reference.provincial_sub_bodies())
    raise AssertionError(f"unknown cue list {source!r} in triggers.yaml")


@pytest.mark.parametrize("row", TABLE, ids=[f"{r['cues']} -> {r['pattern']}" for r in TABLE])
def test_every_cue_of_the_data_is_a_trigger_of_its_pattern(row: dict[str, str]) -> None:
    _warm()
    rx = _pattern(row["pattern"])
    assert gated(rx), f"{row['pattern']} is not gated: its start cannot be read ({trigger_words(rx)})"
    cues = _cues(row["cues"])
    assert cues, f"{row['cues']} is empty"
    words = trigger_words(rx) or frozenset()
    missed = []
    for cue in cues:
        # a cue is a trigger phrase of its pattern, or begins one ("hop" begins "hop hoi", the
        # pattern asking for a word after the verb): then the pattern is tried where it stands
        longer = [w for w in words if w.startswith(cue + " ")]
        text = f"mot. {longer[0] if longer else cue} hai"
        starts = Triggers(text).starts(rx) or []
        if 5 not in starts:
            missed.append(cue)
    assert not missed, f"cues of {row['cues']} the trigger pass does not find for {row['pattern']}: {missed}"


def test_an_ungated_pattern_and_a_pattern_without_its_words() -> None:
    assert trigger_words(re.compile(r"\d+-nq")) is None  # a digit first: no word to look for
    assert trigger_words(re.compile(r"hoi nghi")) is None  # no boundary: a match may start inside a word
    assert trigger_words(re.compile(r"(?<![\w])(?:to chuc|hop)\s")) == {"to chuc", "hop"}
    # phrases of three words at most, each cut after six letters, read through optional parts,
    # spaces ("\\s+" or " "), small classes of letters and punctuation inside a phrase
    assert trigger_words(re.compile(r"(?<![\w])(?:da\s+)?hop\s+ban\b")) == {"da hop ban", "hop ban"}
    assert trigger_words(re.compile(r"(?<![\w])ban\s+thuong\s+vu\s+tinh\s+uy")) == {"ban thuong vu"}
    assert trigger_words(re.compile(r"(?<![\w])k(?:h|l)\s?\d")) == {"kh", "kl"}
    assert trigger_words(re.compile(r"(?<![\w])t\.u\s+dang")) == {"t.u dang"}
    assert trigger_words(re.compile(r"(?<![\w])(?:chuyen de|nghi quyet so)")) == {"chuyen de", "nghi quyet so"}
    assert trigger_words(re.compile(r"(?<![\w])(?:chuyende|chuyen)\s+so")) == {"chuyen", "chuyen so"}
    assert trigger_words(re.compile(r"(?<![\w])(?:to\s*chuc|hop)")) == {"to", "tochuc", "hop"}
    assert trigger_words(re.compile(r"(?<![\w])ban\s+(?i:to chuc)")) == {"ban"}  # case folded: not read
    assert trigger_words(re.compile(r"(?<![\w])(?i:ban)")) is None
    assert Triggers("cuoc hop ngan").starts(re.compile(r"nothing")) is None


def test_matches_side_by_side_and_a_window() -> None:
    rx = gate(re.compile(r"(?<![\w])(?:to|tu)\s+"))
    for text in ("to to tu to", "tto to, tu  tu"):
        trig = Triggers(text)
        assert [m.span() for m in trig.finditer(rx)] == [m.span() for m in rx.finditer(text)]
        assert [m.span() for m in trig.finditer(rx, 3, 9)] == [m.span() for m in rx.finditer(text, 3, 9)]


def _texts() -> list[str]:
    out = []
    for p in [DATA / "qa" / "qa.jsonl", *sorted((ROOT / "examples" / "corpus").glob("*.jsonl"))]:
        out += [json.loads(line)["text"] for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    out += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "corpus").glob("*.txt"))]
    for p in [SHARED / "corpus" / "dev.jsonl", SHARED / "corpus" / "dev2.jsonl"]:
        if p.exists():
            out += [json.loads(line)["text"] for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    out += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))] if SHARED.is_dir() else []
    return out


def test_a_gated_pattern_finds_what_finditer_finds() -> None:
    _warm()
    from loaders.text.triggers import _REGISTRY
    patterns = [_REGISTRY.seen[k] for k in _REGISTRY.index]
    assert len(patterns) >= 15
    texts = _texts()
    assert len(texts) >= 50
    for text in texts:
        folded = fold(normalize(text))
        trig = Triggers(folded)
        for rx in patterns:
            want = [m.span() for m in rx.finditer(folded)]
            assert [m.span() for m in trig.finditer(rx)] == want, rx.pattern[:80]
            mid = len(folded) // 3
            want = [m.span() for m in rx.finditer(folded, mid, 2 * mid)]
            assert [m.span() for m in trig.finditer(rx, mid, 2 * mid)] == want, rx.pattern[:80]


def test_the_trigger_words_of_a_pattern_are_the_first_words_of_its_list() -> None:
    """The words come from the compiled pattern, so from the data it is built from: each
    verb begins the phrases it makes with the words the pattern allows after it."""
    verbs = {" ".join(x[:6] for x in w.split()) for w in data("meeting_cues.yaml")["intro_verbs"]}
    words = trigger_words(_pattern("loaders.find.meetings._INTRO")) or frozenset()
    for verb in verbs:
        assert any(w.startswith(verb + " ") for w in words), verb
    assert all(any(w.startswith(v + " ") for v in verbs) for w in words), sorted(words)


def test_dates_and_bodies_are_the_same_with_the_trigger_pass() -> None:
    _warm()
    texts = _texts() + ["The Politburo held a conference on 5 May 2024, and another on May 6; on Monday it met."]
    for raw in texts:
        text = normalize(raw)
        folded = fold(text)
        trig = Triggers(folded)
        assert find_dates(folded, trig) == find_dates(folded)
        assert find_bodies(text, folded, None, None, None, trig) == find_bodies(text, folded, None, None)
        assert article_province(text, folded, None, None, trig) == article_province(text, folded, None, None)


def test_the_fold_kept_by_the_boilerplate_step_is_the_fold_of_the_text() -> None:
    for raw in _texts() + ["Tin khác\nA\n\n\n\nĐẢNG BỘ\nĐẢNG BỘ\nXem thêm:\nB"]:
        text = normalize(raw)
        assert folded_of(text) == fold(text)
        assert fold_text(raw) == fold(raw)


def test_a_kept_fold_is_the_fold() -> None:
    """``fold`` keeps the folds of short texts: asked again, and past the length it keeps,
    each is still the text's own fold."""
    for raw in _texts():
        for n in (1, 5, 12, 199, 200, 201, 400):
            for k in range(0, len(raw), max(1, len(raw) // 7)):
                piece = raw[k:k + n]
                assert fold(piece) == piece.translate(FOLD_TABLE) == fold(piece), piece


LETTER_FIRST = yaml.safe_load((DATA / "letter_first.yaml").read_text(encoding="utf-8"))["lists"]


@pytest.mark.parametrize("row", LETTER_FIRST, ids=[r["pattern"] for r in LETTER_FIRST])
def test_a_pattern_rewritten_letter_first_finds_what_its_earlier_form_finds(row: dict[str, Any]) -> None:
    rx = _pattern(row["pattern"])
    before = row["before"].replace("{surnames}", trie_regex(reference.surname_forms(), flexible_spaces=False)) \
        .replace("{upper}", "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha()))
    old = re.compile(before, re.I if row.get("ignorecase") else 0)
    extra = ["Ông Bùi Văn A", "ĐC: Ông A", "xBùi A", "1Bùi A", "Vụ Tổ chức", "vu Bac", "số 12/3/2024-1", "11 thang 1, nam 2024",
             "The head of the office and 5 May 2024, on 21st June; x5 May, 12 Sept. 2019 to inthe",
             "16/05/2019 - 07:55 Ban Thường vụ, 1:234 Ab, x9:30 Đảng"]
    for raw in _texts() + extra:
        text = normalize(raw)
        s = {"folded": fold(text), "text": text, "raw": raw}[row["scan"]]
        read = (lambda m: m.end()) if row.get("compare") == "ends" else (lambda m: m.span())
        assert [read(m) for m in rx.finditer(s)] == [read(m) for m in old.finditer(s)], s[:80]


def test_a_trie_at_word_start_is_the_trie_after_a_look_behind() -> None:
    words = ["to chuc", "to", "tong", "ban", "b", "k-h", "ke hoach"]
    old = re.compile(rf"(?<!\w)(?:{trie_regex(words)})")
    new = re.compile(trie_at_word_start(words))
    for s in ("to chuc  tong ban b k-h ke  hoach", "xto bto b", "tochuc ban\nke hoach", "b", ""):
        assert [m.span() for m in new.finditer(s)] == [m.span() for m in old.finditer(s)], s


def test_every_plenum_reference_holds_the_anchor_looked_for_first() -> None:
    """``find_mentions`` tries a plenum form only in a text that holds its anchor: every match of
    the form holds one, on every test text, the shared articles and the forms of patterns.py."""
    pats = P.patterns()
    forms = ["Nghị quyết Trung ương 4, 6, 7, 8 (khóa XII)", "NQTW 6 khóa XIII", "NQTƯ 4", "Nghị quyết Trung ương 4và6",
             "Kết luận của Hội nghị TƯ 7 khoá XI", "Nghị quyết Hội nghị lần thứ tư BCH TW khóa XII",
             "Kết luận, Quy định của Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XIII)",
             "Nghị quyết Trung ương 4 (khóa XI, XII)", "Chỉ thị và Nghị quyết của T.Ư lần thứ mười hai"]
    seen = {"plenum_a": 0, "plenum_b": 0}
    for raw in _texts() + forms:
        folded = fold(normalize(raw))
        for form in seen:
            for m in pats[form].finditer(folded):
                seen[form] += 1
                assert pats[f"{form}_anchor"].search(folded, m.start(), m.end()), (form, m.group(0))
    assert all(seen.values()), seen
