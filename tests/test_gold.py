"""The scores of ../shared/tools/score.py on every gold file stay above the bars of issue 2."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA, ROOT, need_shared

BARS = {  # category: (measure, minimum)
    "documents": ("F1", 0.95), "years": ("R", 0.95), "plenums": ("F1", 0.90),
    "meetings": ("R", 0.90), "meeting_dates": ("R", 0.90), "meeting_chairs": ("R", 0.90),
    "meeting_links": ("R", 0.85), "relations": ("F1", 0.80), "persons": ("R", 0.95), "person_posts": ("R", 0.90),
}
LINE = re.compile(r"^(\w+)\s+P=([\d.]+) R=([\d.]+) F1=([\d.]+)\s+\(tp=\d+ fp=(\d+) fn=\d+\)", re.M)


def _score(golds: list[Path], inputs: list[str]) -> dict[str, dict[str, float]]:
    shared = need_shared()
    cmd = [sys.executable, str(shared / "tools" / "score.py")]
    for g in golds:
        cmd += ["--gold", str(g)]
    cmd += ["--run", f"{sys.executable} -m api.cli.main extract --format jsonl", "--inputs", *inputs]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    scores = {m[1]: {"P": float(m[2]), "R": float(m[3]), "F1": float(m[4]), "fp": int(m[5])}
              for m in LINE.finditer(proc.stdout)}
    assert set(BARS) <= set(scores), proc.stdout
    low = {k: scores[k][measure] for k, (measure, bar) in BARS.items() if scores[k][measure] < bar}
    assert not low, f"below the bars: {low}\n{proc.stdout}"
    assert scores["not_persons"]["fp"] == 0, proc.stdout
    return scores


def test_scores_on_the_shared_gold() -> None:
    shared = need_shared()
    golds = sorted((shared / "gold").glob("*.gold.json"))
    inputs = sorted(str(p) for p in (shared / "seeds").glob("*.txt")) + [str(shared / "corpus" / "dev.jsonl")]
    _score(golds, inputs)


def test_scores_on_the_project_qa_corpus() -> None:
    """52 articles written for the project (tests/data/qa), annotated the same way."""
    _score([DATA / "qa" / "qa.gold.json"], [str(DATA / "qa" / "qa.jsonl")])
