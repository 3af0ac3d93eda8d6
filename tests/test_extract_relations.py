"""Relations between documents with their evidence (tests/data/extract_relations.yaml), the
cue lexicon (ontology/data/relation_cues.yaml) and the confidence of each rule."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from loaders import lexicon
from loaders.relate import cues
from loaders.relate import meetings as meeting_relations
from ontology.vocab import LINEAGE, RelationType, Rule
from tests.extract_cases import cases, run

CASES = cases("extract_relations.yaml")
DATA = Path(cues.__file__).resolve().parents[2] / "ontology" / "data"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_relations(case: dict[str, Any]) -> None:
    if case.get("nfd"):
        case = {**case, "text": unicodedata.normalize("NFD", case["text"])}
    x, rec = run(case)
    found = {(r["type"], r["source"], r["target"]): r for r in rec["relations"]}
    doc_rels = sorted(k for k in found if k[0] not in ("ISSUED_BY", "PART_OF", "ADOPTED_AT", "HOLDS_POST", "POST_IN"))
    for t, s, g, *rule in case.get("relations") or []:
        r = found.get((t, s, g))
        assert r is not None, f"missing {t} {s} -> {g}; got {doc_rels}"
        ev = r["evidence"]
        assert x.text[ev["start"]:ev["end"]] == ev["text"] and ev["text"], "evidence is not the sentence at its offsets"
        assert r["rule"] and 0 < r["confidence"] <= 1
        if rule:
            assert r["rule"] == rule[0], f"{t} {s} -> {g} found by {r['rule']}, not {rule[0]}"
            assert r["confidence"] == cues.confidence(Rule(rule[0]))
    for t, s, g in case.get("absent") or []:
        assert (t, s, g) not in found, f"{t} {s} -> {g} should not be extracted"


def test_every_lineage_type_between_documents_has_cues() -> None:
    lex = lexicon.relation_cues()
    have = {t for t, _ in lex.active}
    assert have == LINEAGE - {RelationType.DISCUSSES}


@pytest.mark.parametrize(("gap", "expected"), [
    ("triển khai thực hiện", RelationType.IMPLEMENTS),
    ("về việc lãnh đạo, chỉ đạo tổ chức thực hiện", RelationType.IMPLEMENTS),
    ("nhằm cụ thể hoá", RelationType.IMPLEMENTS),
    ("hướng dẫn thực hiện một số điều của", RelationType.GUIDES),
    ("sơ kết 5 năm thực hiện", RelationType.REVIEWS),
    ("sửa đổi, bổ sung một số điều của", RelationType.AMENDS),
    ("có hiệu lực từ ngày ký, thay thế", RelationType.REPLACES),
    ("đồng thời bãi bỏ", RelationType.REPEALS),
    ("căn cứ vào", RelationType.BASED_ON),
    ("và", None),
    ("gắn với việc thực hiện", None),
    ("đánh giá kết quả thực hiện", None),
])
def test_cue_phrases(gap: str, expected: RelationType | None) -> None:
    from ontology.text import fold, fold_key

    assert cues.cue(fold(gap)) is expected
    assert cues.cue(fold_key(unicodedata.normalize("NFD", gap))) is expected


@pytest.mark.parametrize(("gap", "expected"), [
    ("đã hết hiệu lực và được thay thế bằng", RelationType.REPLACES),
    ("đã được sửa đổi, bổ sung bởi", RelationType.AMENDS),
    ("thay thế", None),
])
def test_passive_cues(gap: str, expected: RelationType | None) -> None:
    from ontology.text import fold

    assert cues.passive(fold(gap)) is expected


def test_cue_types_in_the_data_are_relation_types() -> None:
    raw = yaml.safe_load((DATA / "relation_cues.yaml").read_text(encoding="utf-8"))
    for name, spec in raw["types"].items():
        assert RelationType(name) in LINEAGE
        assert spec["verbs"], name


def test_confidence_is_the_measured_precision_of_the_rule() -> None:
    raw = yaml.safe_load((DATA / "rule_precision.yaml").read_text(encoding="utf-8"))
    assert raw["measured"]
    for name, c in raw["rules"].items():
        assert cues.confidence(Rule(name)) == round((c["tp"] + 1) / (c["tp"] + c["fp"] + 2), 3)


def test_a_rule_never_measured_gets_an_even_confidence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cues, "_precision", lambda: {"cue": (3, 1)})
    assert cues.confidence(Rule.CUE) == round(4 / 6, 3)
    assert cues.confidence(Rule.CUE_PASSIVE) == 0.5


def test_a_gap_longer_than_any_cue_is_not_a_cue() -> None:
    # a whole clause of cue words between two references is not one cue (and the
    # patterns never see more than a cue's length)
    assert cues.cue("trien khai " * 40 + "thuc hien") is None
    assert cues.cue("trien khai thuc hien") is RelationType.IMPLEMENTS


def _starts(items: list[Any]) -> list[str]:
    """The literal text each way a parsed pattern can start spells (read up to its first
    token that is not a plain character), a leading look-back skipped."""
    from re import _constants as c  # type: ignore[attr-defined]

    out = [""]
    for k, (op, arg) in enumerate(items):
        if op is c.LITERAL:
            out = [x + chr(arg) for x in out]
        elif op is c.ASSERT_NOT and k == 0:
            continue
        elif op is c.SUBPATTERN and all(x == "" for x in out):
            return _starts(list(arg[3]))
        elif op is c.BRANCH and all(x == "" for x in out):
            return [x for branch in arg[1] for x in _starts(list(branch))]
        else:
            break
    return out


@pytest.mark.parametrize("k", range(len(meeting_relations.NEEDED_WORDS)))
def test_meeting_cue_needed_words(k: int) -> None:
    """A meeting's cue pattern is searched only when a word it needs is in the clause
    (``_ends``): every way the pattern can start spells one of those words, and on clauses of
    the pattern's own words the shortcut answers as the search does."""
    from re import _parser  # type: ignore[attr-defined]

    rx, words = meeting_relations.NEEDED_WORDS[k]
    starts = _starts(list(_parser.parse(rx.pattern)))
    assert starts and all(any(x.startswith(w) for w in words) for x in starts), (starts, words)
    vocab = sorted(set(re.findall(r"[a-z]+", rx.pattern)) | set(words) | {"5", "nam", ",", ".", ";", "no.", "ket qua"})
    rng = random.Random(k)
    hits = 0
    for _ in range(20_000):
        clause = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 6)))
        found = rx.search(clause) is not None
        hits += found
        assert meeting_relations._ends(rx, words, clause) is found, clause
    assert hits > 0, "no clause of the vocabulary matched: the check checked nothing"


def test_the_last_clause_cut_is_the_last_match_of_its_pattern() -> None:
    """``meetings.last_cut``, read from the end, is where the last match of ``_CLAUSE_CUT``
    starts (an English "No." is no cut, "so." and "no." after a letter are)."""
    rng = random.Random(7)
    pieces = ["no", "No", "o", "n", ".", ";", ":", " ", "a", "_", "1", "é", "(", "\n"]
    for _ in range(50_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        last = max((m.start() for m in meeting_relations._CLAUSE_CUT.finditer(text)), default=-1)
        assert meeting_relations.last_cut(text) == last, repr(text)
