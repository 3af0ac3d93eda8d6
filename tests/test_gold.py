"""The scores of ../shared/tools/score.py on every gold file in ../shared/gold.

Each gold file is scored on its own input: ``seeds.gold.json`` on ``../shared/seeds/*.txt``,
``NAME.gold.json`` on ``../shared/corpus/NAME.jsonl``. The seeds and the first dev corpus are
held to the bars of issue 2; the whole gold (seeds, dev, dev2 and any corpus added later) is
scored, printed and held to the bars of issue 8.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT, need_shared

Bars = dict[str, tuple[str, float]]  # category: (measure, minimum)

BARS_ISSUE_2: Bars = {
    "documents": ("F1", 0.95), "years": ("R", 0.95), "plenums": ("F1", 0.90),
    "meetings": ("R", 0.90), "meeting_dates": ("R", 0.90), "meeting_chairs": ("R", 0.90),
    "meeting_links": ("R", 0.85), "relations": ("F1", 0.80), "persons": ("R", 0.95), "person_posts": ("R", 0.90),
}
BARS_ISSUE_8: Bars = {
    "documents": ("F1", 0.97), "years": ("R", 0.95), "plenums": ("F1", 0.90),
    "meetings": ("R", 0.92), "meeting_dates": ("R", 0.90), "meeting_chairs": ("R", 0.90),
    "meeting_links": ("R", 0.90), "relations": ("F1", 0.85), "persons": ("R", 0.95), "person_posts": ("R", 0.90),
}
LINE = re.compile(r"^(\w+)\s+P=([\d.]+) R=([\d.]+) F1=([\d.]+)\s+\(tp=\d+ fp=(\d+) fn=\d+\)", re.M)
Scores = dict[str, dict[str, float]]


def _inputs_of(gold: Path) -> list[str]:
    """The inputs a gold file annotates."""
    shared = need_shared()
    name = gold.name.removesuffix(".gold.json")
    if name == "seeds":
        return sorted(str(p) for p in (shared / "seeds").glob("*.txt"))
    corpus = shared / "corpus" / f"{name}.jsonl"
    assert corpus.is_file(), f"{gold.name} has no corpus {corpus}"
    return [str(corpus)]


def _run(golds: list[Path], inputs: list[str]) -> tuple[Scores, str]:
    shared = need_shared()
    cmd = [sys.executable, str(shared / "tools" / "score.py")]
    for g in golds:
        cmd += ["--gold", str(g)]
    cmd += ["--run", f"{sys.executable} -m api.cli.main extract --format jsonl", "--inputs", *inputs]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    scores = {m[1]: {"P": float(m[2]), "R": float(m[3]), "F1": float(m[4]), "fp": int(m[5])}
              for m in LINE.finditer(proc.stdout)}
    assert set(BARS_ISSUE_8) <= set(scores), proc.stdout
    return scores, proc.stdout


def _below(scores: Scores, bars: Bars) -> dict[str, float]:
    return {k: scores[k][measure] for k, (measure, bar) in bars.items() if scores[k][measure] < bar}


def _check(golds: list[Path], inputs: list[str], bars: Bars) -> None:
    scores, out = _run(golds, inputs)
    low = _below(scores, bars)
    assert not low, f"below the bars: {low}\n{out}"
    assert scores["not_persons"]["fp"] == 0, out


def _shared_golds() -> list[Path]:
    return sorted((need_shared() / "gold").glob("*.gold.json"))


def test_seeds_and_dev_hold_the_bars_of_issue_2() -> None:
    golds = [g for g in _shared_golds() if g.name in ("seeds.gold.json", "dev.gold.json")]
    assert len(golds) == 2
    _check(golds, [p for g in golds for p in _inputs_of(g)], BARS_ISSUE_2)


def test_every_gold_file_against_the_bars_of_issue_8(capsys: pytest.CaptureFixture[str]) -> None:
    golds = _shared_golds()
    inputs = [p for g in golds for p in _inputs_of(g)]
    scores, out = _run(golds, inputs)
    low = _below(scores, BARS_ISSUE_8)
    with capsys.disabled():
        print(f"\nscore.py on {', '.join(g.name for g in golds)}:\n{out}below the bars of issue 8: {low or 'none'}")
    assert not low, f"below the bars: {low}\n{out}"
    assert scores["not_persons"]["fp"] == 0, out


def test_scores_on_the_project_qa_corpus() -> None:
    """52 articles written for the project (tests/data/qa), annotated the same way."""
    _check([DATA / "qa" / "qa.gold.json"], [str(DATA / "qa" / "qa.jsonl")], BARS_ISSUE_2)
