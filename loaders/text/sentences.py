"""Split normalised text into sentences (the unit of evidence), as (start, end) offsets.

A blank line always ends a sentence. A single line break ends one unless the next line
continues it — it starts in lower case or with a digit after a line without final
punctuation (hard-wrapped official texts: "Thực hiện Quy định\\nsố 132-QĐ/TW"). Inside a
line, '.', '!', '?' and '…' end a sentence before an upper-case letter, a digit or a
quote, except after abbreviations (TP., TS., ThS., T.Ư …) and initials (a single letter, but not
the Roman numeral of "quý I.", "khóa X."). A full stop glued to the next
word ("Hội nghị.Ngày 23-12-2016") ends a sentence when the word before has 3+ letters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

_UPPER = "A-ZÀ-ÝĂÂĐÊÔƠƯẠ-Ỹ"
_END = re.compile(rf"(?:[.!?…]+[\"”»')]*)(?:\s+(?=[{_UPPER}\d\"“«(*\-–•])|(?=[{_UPPER}][a-zà-ỹ]))")
# Where a sentence starts without the previous one ending in punctuation — a title or a
# dated header run into the text when a page's paragraphs were joined into one line: a
# capitalised day cue with its date ("… đảng viên Sáng 15/5, Đảng ủy …", "Ngày 12-3-2024,
# …"), a page's dateline ("… XÃ, PHƯỜNG Thứ Sáu, 11/07/2025"), or a capital after a clock
# time ("16/05/2019 - 07:55 Ban Thường vụ …").
# (one branch per first word, each starting with its letter: the engine then skips ahead to
# the next S, C, T, Đ or N instead of trying the whole alternation at every character; the
# branches are tried in the order of the grouped form "(?:(?:Sáng|…)(?: ngày)? …|(?:Thứ …|Chủ
# nhật),? …)", so the matches are the same)
_DAY_MONTH = r"(?: ngày)? \d{1,2}[/.-]\d{1,2}(?!\d)"
_WEEKDAY_DATE = r",? \d{1,2}/\d{1,2}/\d{4}"
_SOFT = re.compile("|".join([*(w + _DAY_MONTH for w in ("Sáng", "Chiều", "Tối", "Trưa", "Đêm", "Ngày")),
                             *(w + _WEEKDAY_DATE for w in ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu",
                                                           "Thứ Bảy", "Chủ nhật"))]))
# (the colon first, the digit before it by a look back: the engine skips ahead to the next colon, not
# to every digit; only the end of a match is read, the same as that of "\d:\d\d (?=[…])")
_CLOCK = re.compile(rf":(?<=\d:)\d\d (?=[{_UPPER}])")
_QUOTES = "\"”»')"
# a Roman numeral of one letter after the word it counts ("quý I.", "khóa X.", "lần thứ V."), not an initial
_NUMERAL_BEFORE = re.compile(r"(?:\b(?:[qQ]uý|[kK]hóa|[kK]hoá|[tT]hứ|[kK]ỳ|[đĐ]oạn|[pP]hần)) [IVX]$")
_ABBREV = {"tp", "ts", "ths", "pgs", "gs", "bs", "ks", "ls", "th", "st", "tt", "q", "p", "tx", "t.ư", "ư", "đ/c", "v.v", "vv", "no"}  # "no": "Directive No. 05-CT/TW" on an English page


def _word_before(chunk: str, end: int) -> str:
    """The run of word characters, '.' and '/' that ends at ``end`` (read back from there,
    not searched for from the start of the block)."""
    start = end
    while start > 0 and ((c := chunk[start - 1]).isalnum() or c in "_./"):
        start -= 1
    return chunk[start:end]


@dataclass(frozen=True, slots=True)
class Sentences:
    """Sentence boundaries of one text, with lookup by offset."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def at(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding an offset."""
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:  # (a test, not max(): this is asked tens of times per article)
            i = 0
        return self.starts[i], self.ends[i]

    def index(self, pos: int) -> int:
        """The number of the sentence holding an offset."""
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(zip(self.starts, self.ends, strict=True))


def _continues(prev: str, nxt: str) -> bool:
    if not prev or not nxt:
        return False
    if prev[-1] in "-–/,(":
        return True
    if prev[-1] in ".!?…:;\"”":
        return False
    first = nxt[0]
    return first.islower() or (first.isdigit() and not re.match(r"\d+[.)/-]\s", nxt))


def split(text: str) -> Sentences:
    """Sentence offsets of a normalised text; empty stretches are skipped."""
    starts: list[int] = []
    ends: list[int] = []

    def add(a: int, b: int) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            starts.append(a)
            ends.append(b)

    # 1. blocks: lines joined where the next line continues the previous one; a block ends
    # at a line end, and the line end after it is the next block's boundary
    block_ends: list[int] = []
    pos = 0
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    last = len(lines) - 1
    for i, line in enumerate(lines):
        pos += len(line)
        cur = stripped[i]
        if not (cur and _continues(cur, stripped[i + 1] if i < last else "")):
            block_ends.append(pos)
        pos += 1
    # 2. where sentences end inside blocks: each pattern runs once over the whole text (not
    # once per block); a match is the one the block alone gives when it stays in its block
    # (no match holds a line end but the \s+ of ``_END``, checked below), and a block's
    # boundary is a line end, which reads as no character to the look-backs and reads back
    cuts = [m.end() - 1 for m in _CLOCK.finditer(text)]
    for m in _SOFT.finditer(text):  # after a word (or its closing quote) and a space only
        p = m.start()
        if p >= 2 and text[p - 1] == " " and (text[p - 2].isalnum() or
                                              (text[p - 2] in _QUOTES and p >= 3 and text[p - 3].isalnum())):
            cuts.append(p - 1)
    for m in _END.finditer(text):
        s, e = m.start(), m.end()
        if "\n" in text[s:e] and e > block_ends[bisect.bisect_left(block_ends, s)]:
            continue  # it runs on past its block's end: the block alone has no such match
        word = _word_before(text, s + 1).rstrip(".").lower()
        if word in _ABBREV or (len(word) == 1 and word.isalpha() and not _NUMERAL_BEFORE.search(text, _block_start(block_ends, s), s)):
            continue
        glued = not text[s:e].rstrip(".!?…\"”»')").strip() and e == s + 1
        if glued and len(re.sub(r"\W", "", word)) < 3:
            continue
        cuts.append(e)
    cuts.sort()
    k = 0
    n = len(cuts)
    a = 0
    for b in block_ends:
        at = a
        while k < n and cuts[k] <= b:
            add(at, cuts[k])
            at = cuts[k]
            k += 1
        add(at, b)
        a = b + 1
    return Sentences(tuple(starts), tuple(ends))


def _block_start(block_ends: list[int], pos: int) -> int:
    """Where the block holding an offset starts (after the previous block's line end)."""
    i = bisect.bisect_left(block_ends, pos)
    return block_ends[i - 1] + 1 if i else 0
