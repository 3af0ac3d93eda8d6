"""How the CLI shows a hop's evidence and a document's force.

The whole sentence is shown, wrapped by the terminal, with the two documents it links
marked: in colour on a terminal, in brackets ("[…]") when the output is a file or a pipe,
so a reader can check the claim without opening the source.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

#: style of the hop's source and target mentions on a terminal
STYLES = {"source": "bold yellow", "target": "bold cyan"}


def _day(iso: str | None) -> str:
    """'2022-07-06' → '06/07/2022'; a year or nothing as it is."""
    if iso and len(iso) == 10:
        y, m, d = iso.split("-")
        return f"{d}/{m}/{y}"
    return iso or "?"


def force_note(node: dict[str, Any]) -> str:
    """' (hết hiệu lực: REPLACES ← Quy định 69-QĐ/TW, 06/07/2022)' for a document a recorded
    document replaced or repealed; '' otherwise."""
    by = node.get("superseded_by") or []
    if not by:
        return ""
    first = by[0]
    more = f" +{len(by) - 1}" if len(by) > 1 else ""
    return f" (hết hiệu lực: {first['relation']} ← {first['label']}, {_day(first.get('since'))}{more})"


def evidence(hop: dict[str, Any], styled: bool) -> Text:
    """The hop's best evidence: its whole sentence with the mentions of both ends marked, then
    where it comes from, saying when the sentence is the document's own text and when the
    source is one of the project's examples."""
    evs = hop.get("evidence") or []
    if not evs:
        return Text("")
    ev = evs[0]
    sentence = str(ev.get("text") or "")
    out = Text("“", style="dim")
    at = 0
    for m in ev.get("marks") or []:
        a, b = m["start"] - ev["start"], m["end"] - ev["start"]
        if a < at or b > len(sentence):
            continue  # overlapping or out of the stored sentence: leave the text as it is
        out.append(sentence[at:a], style="dim")
        if styled:
            out.append(sentence[a:b], style=STYLES.get(m["role"], "bold"))
        else:
            out.append(f"[{sentence[a:b]}]")
        at = b
    out.append(sentence[at:], style="dim")
    own = ", the document's own text" if ev.get("own_text") else ""
    more = f" (+{len(evs) - 1})" if len(evs) > 1 else ""
    out.append(f"” — {ev['source']}{own}{more}", style="dim")
    if ev.get("example"):
        out.append(" (ví dụ / example)", style="yellow")
    return out
