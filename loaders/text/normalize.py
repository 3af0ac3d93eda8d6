"""Normalise a source's text once, in named steps, before anything is extracted.

Steps: ``nfc`` (Unicode NFC), ``whitespace`` (spaces, line ends, invisible characters),
``tones`` (old tone placement to new: khoá→khóa, uỷ→ủy, hoà→hòa, thuỷ→thủy),
``unwrap`` (a hard-wrapped text's lines joined back into paragraphs, so that the next step
knows its body from its furniture), ``boilerplate`` (navigation, repeated captions,
related-article lists, comment forms).
All offsets that vankien reports refer to the text these steps return.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from loaders.text import boilerplate
from loaders.text.unwrap import unwrap
from ontology.errors import NormalizationError

_TONED = {
    "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ", "o": "òóỏõọ", "u": "ùúủũụ",
    "A": "ÀÁẢÃẠ", "E": "ÈÉẺẼẸ", "Y": "ỲÝỶỸỴ", "O": "ÒÓỎÕỌ", "U": "ÙÚỦŨỤ",
}
# Old style puts the tone on the second vowel of an open 'oa', 'oe', 'uy' (hoà, khoẻ, thuỷ);
# new style on the first (hòa, khỏe, thủy). After 'q' the 'u' is part of the consonant
# (quý), so nothing moves.
_PAIRS = (("o", "a"), ("o", "e"), ("u", "y"))


def _tone_pairs() -> dict[str, str]:
    repl: dict[str, str] = {}
    for first, second in _PAIRS:
        for f, s in ((first, second), (first.upper(), second.upper()), (first.upper(), second)):
            for i, toned in enumerate(_TONED[s]):
                repl[f + toned] = _TONED[f][i] + s
    return repl


_TONE_REPL = _tone_pairs()
# a character class first lets the engine skip ahead (the look back for "q" comes after it);
# the pair itself is checked in the table
_TONE_RE = re.compile("[oOuU](?<![qQ][oOuU])[" + "".join(_TONED["a"] + _TONED["e"] + _TONED["y"] + _TONED["A"] + _TONED["E"]
                                                    + _TONED["Y"]) + r"](?![^\W\d_])")


def nfc(text: str) -> str:
    """Unicode NFC: one code point per Vietnamese letter."""
    return unicodedata.normalize("NFC", text)


def unify_tones(text: str) -> str:
    """Move tone marks of open 'oa', 'oe', 'uy' to the first vowel (the length is kept)."""
    return _TONE_RE.sub(lambda m: _TONE_REPL.get(m.group(0), m.group(0)), text)


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_OTHER_SPACE = r"\t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(rf"[{_OTHER_SPACE}][ {_OTHER_SPACE}]*| [ {_OTHER_SPACE}]+")  # never a lone plain space
_ODD_SPACE = re.compile(rf"[{_OTHER_SPACE}]")
_TRAILING = re.compile(r" *\n *")
_BLANKS = re.compile(r"\n{3,}")


def clean_whitespace(text: str) -> str:
    """One space between words, no spaces at line ends, at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _INVISIBLE.sub("", text)
    if "  " in text or _ODD_SPACE.search(text):  # else nothing to replace
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:  # else every match is a lone line end, kept as it is
        text = _TRAILING.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANKS.sub("\n\n", text)
    return text.strip()


STEPS: dict[str, Callable[[str], str]] = {
    "nfc": nfc,
    "whitespace": clean_whitespace,
    "tones": unify_tones,
    "boilerplate": boilerplate.remove,
    "unwrap": unwrap,
}
DEFAULT_STEPS: tuple[str, ...] = ("nfc", "whitespace", "tones", "unwrap", "boilerplate")


def normalize(text: str, steps: Iterable[str] = DEFAULT_STEPS) -> str:
    """Apply the named steps in order; an unknown step name raises, listing the valid ones."""
    names = list(steps)
    unknown = [s for s in names if s not in STEPS]
    if unknown:
        raise NormalizationError(f"unknown normalisation step(s) {unknown}; valid: {sorted(STEPS)}")
    for name in names:
        text = STEPS[name](text)
    return text
