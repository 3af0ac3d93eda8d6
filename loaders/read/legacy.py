"""Text typed in the legacy 8-bit Vietnamese font encodings, read back as Unicode.

Before Unicode, Vietnamese was typed with fonts that drew Vietnamese letters in the places of
Latin-1 ones; such text, read as Latin-1 (or pasted into a UTF-8 file), shows those Latin-1
letters. Two encodings cover nearly all of it:

- **TCVN3 (ABC)** gives every letter with its marks one byte: `§¶ng` is "Đảng", `vµ` is "và".
  Capital letters with a tone have no byte: headings were typed in a second font (".VnTimeH")
  that draws the small letters' bytes as capitals, so `CéNG` is "CỘNG".
- **VNI** writes a vowel, then one byte for its marks: `Ñaûng` is "Đảng", `ñöôïc` is "được"
  (`ô` alone is "ơ", `ö` "ư", `ñ` "đ"; `í ì æ ó ò` are i with its five tones, `î` is "ỵ").

The tables below give each legacy letter as a base letter and its marks; the Unicode letter is
their canonical composition (NFC), so no composed form is written out by hand.
"""

from __future__ import annotations

import re
import unicodedata

GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
_TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)  # the order TCVN3 gives each vowel's toned forms


def _nfc(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(marks))


# TCVN3: per vowel (base letter, its shape mark), the byte of the bare letter ("" when it is
# the ASCII letter) and the bytes of its five toned forms in the order of _TONES.
_TCVN3_VOWELS = (
    ("a", "", "", "µ¶·¸¹"), ("a", BREVE, "¨", "»¼½¾Æ"), ("a", CIRCUMFLEX, "©", "ÇÈÉÊË"),
    ("e", "", "", "ÌÎÏÐÑ"), ("e", CIRCUMFLEX, "ª", "ÒÓÔÕÖ"), ("i", "", "", "×ØÜÝÞ"),
    ("o", "", "", "ßáâãä"), ("o", CIRCUMFLEX, "«", "åæçèé"), ("o", HORN, "¬", "êëìíî"),
    ("u", "", "", "ïñòóô"), ("u", HORN, "\u00ad", "õö÷øù"), ("y", "", "", "úûüýþ"),
)
# The capitals TCVN3 has a byte for (without tone), and đ/Đ.
_TCVN3_OTHERS = {"¡": _nfc("A", BREVE), "¢": _nfc("A", CIRCUMFLEX), "£": _nfc("E", CIRCUMFLEX),
                 "¤": _nfc("O", CIRCUMFLEX), "¥": _nfc("O", HORN), "¦": _nfc("U", HORN), "§": "Đ", "®": "đ"}


def _tcvn3_table() -> dict[int, str]:
    table = {ord(k): v for k, v in _TCVN3_OTHERS.items()}
    for base, shape, bare, toned in _TCVN3_VOWELS:
        if bare:
            table[ord(bare)] = _nfc(base, shape)
        for byte, tone in zip(toned, _TONES, strict=True):
            table[ord(byte)] = _nfc(base, shape, tone)
    return table


_TCVN3 = _tcvn3_table()

# VNI: the byte after a vowel gives its marks (shape, tone); either may be absent.
_VNI_MARKS = {
    "ù": ("", ACUTE), "ø": ("", GRAVE), "û": ("", HOOK), "õ": ("", TILDE), "ï": ("", DOT),
    "â": (CIRCUMFLEX, ""), "á": (CIRCUMFLEX, ACUTE), "à": (CIRCUMFLEX, GRAVE), "å": (CIRCUMFLEX, HOOK),
    "ã": (CIRCUMFLEX, TILDE), "ä": (CIRCUMFLEX, DOT),
    "ê": (BREVE, ""), "é": (BREVE, ACUTE), "è": (BREVE, GRAVE), "ú": (BREVE, HOOK), "ü": (BREVE, TILDE),
    "ë": (BREVE, DOT),
}
_VNI_MARKS |= {k.upper(): v for k, v in _VNI_MARKS.items()}
# Letters VNI gives one byte of their own: ơ and ư (which take the marks above after them),
# đ, and i and y with a tone.
_VNI_LETTERS = {"ô": _nfc("o", HORN), "ö": _nfc("u", HORN), "ñ": "đ",
                "æ": _nfc("i", HOOK), "ó": _nfc("i", TILDE), "ò": _nfc("i", DOT), "î": _nfc("y", DOT)}
_VNI_LETTERS |= {k.upper(): v.upper() for k, v in _VNI_LETTERS.items()}
# Which shapes each base letter can take.
_VNI_SHAPES = {"a": ("", BREVE, CIRCUMFLEX), "e": ("", CIRCUMFLEX), "o": ("", CIRCUMFLEX), "u": ("",), "y": ("",),
               _nfc("o", HORN): ("",), _nfc("u", HORN): ("",)}
_VNI = re.compile("(?P<base>[aeouyAEOUYôöÔÖ])(?P<marks>[{}])?|(?P<letter>[{}])".format(
    "".join(_VNI_MARKS), "".join(k for k in _VNI_LETTERS if k not in "ôöÔÖ")))


def _vni_letter(m: re.Match[str]) -> str:
    if m["letter"]:
        return _VNI_LETTERS[m["letter"]]
    base = _VNI_LETTERS.get(m["base"], m["base"])
    if not m["marks"]:
        return base
    shape, tone = _VNI_MARKS[m["marks"]]
    if shape not in _VNI_SHAPES[base.lower()]:
        return m[0]  # "uâ" is no Vietnamese letter: left as it stands
    return _nfc(base, shape, tone)


# Words typed in TCVN3's capital font have capital ASCII letters and no small ones; one with two
# or more surely is one ("CéNG"), and so is a word with one ("Vô", "ñY") beside such a word on
# its line. "Bé ChÝnh" stays as it is (a capitalised word is no heading), and so does "®·" (đã)
# after "XII".
_WORD = re.compile(r"\w+")


def _capitals(text: str) -> str:
    words = list(_WORD.finditer(text))
    ascii_letters = [[c for c in w[0] if c.isascii() and c.isalpha()] for w in words]
    plain = [bool(a) and all(c.isupper() for c in a) for a in ascii_letters]
    strong = [p and len(a) >= 2 for p, a in zip(plain, ascii_letters, strict=True)]
    out, last = [], 0
    for i, w in enumerate(words):
        near = any(strong[j] and "\n" not in text[min(w.end(), words[j].end()):max(w.start(), words[j].start())]
                   for j in (i - 1, i + 1) if 0 <= j < len(words))
        if strong[i] or (plain[i] and near):
            out += [text[last:w.start()], w[0].upper()]
            last = w.end()
    return "".join([*out, text[last:]])


def to_unicode(text: str, encoding: str) -> str:
    """``text`` as read in Latin-1 from the legacy ``encoding`` ('VNI' or 'TCVN3 (ABC)'),
    written in Unicode (NFC)."""
    if encoding == "VNI":
        return _VNI.sub(_vni_letter, text)
    if encoding.startswith("TCVN3"):
        return _capitals(text.translate(_TCVN3))
    raise ValueError(f"unknown legacy Vietnamese encoding {encoding!r}")


# VISCII (RFC 1456), the 8-bit encoding of the 1990s that gives every Vietnamese letter one byte:
# bytes 0x80–0xFF, and six control bytes for the capitals it had no room for above.
_VISCII_HIGH = ("ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡ"
                "ưàáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ")
_VISCII = {i: chr(i) for i in range(0x80)} | {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"} | {
    0x80 + i: c for i, c in enumerate(_VISCII_HIGH)}


def from_viscii(data: bytes) -> str:
    """Bytes in VISCII as text (every byte is a character: this never fails)."""
    return "".join(_VISCII[b] for b in data)
