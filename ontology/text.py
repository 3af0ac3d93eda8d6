"""Folding and slugs: Vietnamese text without case and diacritics, at the same length.

``fold`` maps every character to exactly one character, so an offset into the folded
text is the same offset into the original. Patterns are matched on the folded text
(robust to case, tone placement and scrambled diacritics) and spans are reported on
the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base in "đĐ":
            continue
        if base.isascii() and base.isalpha():
            table[cp] = base.lower()
    table[ord("đ")] = "d"
    table[ord("Đ")] = "d"
    table[ord("ð")] = "d"
    table[ord("Ð")] = "d"
    for cp in range(0x300, 0x370):  # stray combining marks: keep length, drop the mark
        table[cp] = " "
    for ch in "\u00a0\u2007\u202f\u3000":
        table[ord(ch)] = " "
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        table[ord(ch)] = "-"
    return table


FOLD_TABLE = _build_fold_table()


def fold(text: str) -> str:
    """Lower-case and strip diacritics (đ→d), one character for one character.

    A text of up to ``_KEPT_LEN`` characters is folded once and kept: the stages ask for the
    same words, names, titles and lines again and again (61 % of the calls on generated
    articles, 62 % on the gold and QA articles, ask for a text folded before in the same
    article), and ``str.translate`` with a table reads each character that is not ASCII
    through a dict."""
    return _FOLDED_SHORT[text] if len(text) <= _KEPT_LEN else text.translate(FOLD_TABLE)


class _FoldedWords(dict[str, str]):
    """Texts and their folds, each folded once; emptied when ``limit`` are kept."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, word: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        folded = self[word] = word.translate(FOLD_TABLE)
        return folded


#: words (runs between spaces) for ``fold_text``
_FOLDED_WORDS = _FoldedWords(200_000)
#: short texts for ``fold``
_KEPT_LEN = 200
_FOLDED_SHORT = _FoldedWords(20_000)  # (an article asks for about 30; 10 MB at the very most)


def fold_text(text: str) -> str:
    """``fold`` of a long text, word by word: a text repeats its words, and a word is folded
    once for all texts (about twice as fast as ``fold`` on an article). The same result:
    folding maps each character alone and leaves the space as it is."""
    return " ".join(map(_FOLDED_WORDS.__getitem__, text.split(" ")))


@lru_cache(maxsize=65536)
def fold_key(text: str) -> str:
    """Fold and collapse whitespace: the key used to compare names and aliases (the same
    names are asked for again and again: kept)."""
    return " ".join(fold(unicodedata.normalize("NFC", text)).split())


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """A readable, URL-safe slug: 'Tỉnh ủy Đồng Tháp' → 'tinh-uy-dong-thap'."""
    return _NON_ALNUM.sub("-", fold_key(text)).strip("-")


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(roman: str) -> int | None:
    """'XIII' → 13; None when the string is not a Roman numeral."""
    s = roman.upper()
    if not s or any(c not in ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = ROMAN[c]
        total += -v if i + 1 < len(s) and ROMAN[s[i + 1]] > v else v
    return total


def trie_regex(phrases: list[str] | tuple[str, ...] | set[str], *, flexible_spaces: bool = True) -> str:
    """One regular expression matching any of the phrases, with shared prefixes factored
    ("ban to chuc|ban tuyen giao" → "ban\\s+t(?:o chuc|uyen giao)"), longest first.

    Python's engine tries alternatives one by one at every position; a trie turns that
    into one character test per step, which is what makes the gazetteers fast."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for p in phrases:
        if not p:
            continue
        node = trie
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if (ch == " " and flexible_spaces) else re.escape(ch)
            branches.append(piece + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return emit(trie)


def trie_at_word_start(phrases: list[str] | tuple[str, ...] | set[str], not_after: str = r"\w", *,
                       flexible_spaces: bool = True) -> str:
    """``(?<!not_after)(?:trie_regex(phrases))`` written so that the engine can skip ahead:
    a look-behind first makes it try a match at every character, a character first lets it
    jump to the next candidate. Each branch reads its first character, then looks back past
    it (``c(?<!Xc)`` is ``(?<!X)c``), then the rest of its phrases as a trie: the same matches."""
    by_first: dict[str, set[str]] = {}
    for p in phrases:
        if p:
            by_first.setdefault(p[0], set()).add(p[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        rest = trie_regex(sorted(rests), flexible_spaces=flexible_spaces)
        if rest and "" in rests:
            rest = f"(?:{rest})?"
        ch = r"\s+" if first == " " and flexible_spaces else re.escape(first)
        branches.append(f"{ch}(?<!{not_after}{ch}){rest}")
    return "(?:" + "|".join(branches) + ")"


def is_caps(text: str) -> bool:
    """Whether a stretch is written in capitals (two letters at least): a letterhead's line."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the line holding an offset (without its newline)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b
