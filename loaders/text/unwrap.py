"""Hard-wrapped text back to paragraphs, one character for one (offsets do not move).

A text exported from a PDF or an e-mail breaks its lines at a fixed width, in the middle of
sentences and of names ("… do đồng chí\\nNguyễn Văn Hòa, Bí thư Huyện ủy chủ trì"). Such a
text is recognised by its lines — at least half of its characters stand in lines close to
one width of at most ``WRAP_MAX`` characters, and a third of its breaks fall before a word
in lower case — and a full line without a sentence's final punctuation is joined
to the next by a space in place of its line end. A text of paragraph lines is returned as
it is (the same object).
"""

from __future__ import annotations

import re

WRAP_MAX = 120  # the longest line of a hard-wrapped text
WRAP_MIN = 30  # narrower than this, short lines are a list or a letterhead, not wrapping
MIN_LINES = 6
FULL_SHARE = 0.5  # of a wrapped text's characters, at least this many are in full lines
LOWER_SHARE = 1 / 3  # of the breaks of a wrapped text, at least this many fall before a lower-case word
FULL = 0.75  # a line this close to the width was broken by the wrapping, not by the writer
_FINAL = ".!?…:;\"”"
_ITEM = re.compile(r"[-+•*–]\s|\d{1,2}[.)]\s|[a-zđ][.)]\s|[IVX]{1,4}\.\s")  # a list item or a heading starts here


def wrap_width(lines: list[str]) -> int:
    """The width a text is wrapped at, or 0 when its lines are paragraphs: the width whose
    band of full lines (``FULL`` × width up to the width) holds the most characters, when
    that is at least half of the text's. A letterhead's and the headings' short lines, and a page's
    longer ones (titles of other articles), do not count against it."""
    lengths = [len(line) for line in lines if line.strip()]
    if len(lengths) < MIN_LINES:
        return 0
    best, width = 0, 0
    for w in sorted({n for n in lengths if WRAP_MIN <= n <= WRAP_MAX}):
        held = sum(n for n in lengths if FULL * w <= n <= w)
        if held > best:
            best, width = held, w
    return width if best >= FULL_SHARE * sum(lengths) else 0


def _breaks(lines: list[str], width: int) -> list[bool]:
    """For each line end, whether the wrapping made it."""
    return [bool(line) and bool(nxt) and len(line) >= FULL * width and line[-1] not in _FINAL and not _ITEM.match(nxt)
            for line, nxt in zip(lines, lines[1:], strict=False)]


def unwrap(text: str) -> str:
    """Join the lines the wrapping broke (the text is already whitespace-clean). Wrapping
    breaks lines anywhere, so most of its breaks fall before a word in lower case; a run of
    full lines that each start with a capital (titles of other articles, a list) is not
    wrapped text, and stays as it is."""
    lines = text.split("\n")
    width = wrap_width(lines)
    if not width:
        return text
    breaks = _breaks(lines, width)
    before_lower = sum(1 for b, nxt in zip(breaks, lines[1:], strict=True) if b and (nxt[0].islower() or nxt[0].isdigit()))
    if before_lower < LOWER_SHARE * sum(breaks):
        return text
    parts: list[str] = []
    for line, joined in zip(lines, breaks, strict=False):
        parts.append(line)
        parts.append(" " if joined else "\n")
    parts.append(lines[-1])
    return "".join(parts)
