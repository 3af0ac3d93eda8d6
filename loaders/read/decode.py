"""Bytes to text: UTF-8 (NFC or NFD), UTF-16 with a BOM, Windows-1258, VISCII, and text typed in
the legacy VNI and TCVN3 (ABC) font encodings (read back as Unicode); clear errors otherwise."""

from __future__ import annotations

import codecs
import re
import unicodedata

from loaders.read.legacy import from_viscii, to_unicode
from ontology.errors import SourceError

MAX_BYTES = 64 * 1024 * 1024

# Letters that only Vietnamese text has in quantity; a decoding that yields none of them
# in a long text is not Vietnamese (or not text).
_VIET = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]|[àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes, path: str) -> str:
    """Decode a source's bytes, naming the file and the reason when it cannot be done."""
    if not data.strip():
        raise SourceError(path, "empty file")
    if len(data) > MAX_BYTES:
        raise SourceError(path, f"file too large ({len(data)} bytes; the limit is {MAX_BYTES})")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _check(data.decode(enc), path, enc)
            except UnicodeDecodeError as e:
                raise SourceError(path, f"not valid {enc} after its byte-order mark ({e.reason} at byte {e.start})") from e
    for magic, what in _FORMATS:
        if data.startswith(magic):
            raise SourceError(path, f"binary file ({what}, not text: extract its text first)")
    if b"\x00" in data[:4096]:
        raise SourceError(path, "binary file (NUL bytes, no UTF-16 byte-order mark)")
    try:
        return _check(data.decode("utf-8"), path, "utf-8")
    except UnicodeDecodeError as utf8_error:
        if utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(data) - 3:
            # a download cut short inside the last character: the text up to it is whole
            return _check(data[:utf8_error.start].decode("utf-8"), path, "utf-8")
        return _eight_bit(data, path, utf8_error)


# Files that are no text, by their first bytes: named, so the error says what to do.
_FORMATS = ((b"\x1f\x8b", "a gzip archive"), (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive or an Office document"),
            (b"\xd0\xcf\x11\xe0", "an old Office document"), (b"{\\rtf", "an RTF document"), (b"\x89PNG", "a PNG image"),
            (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"))
# Syllables that make up a large share of any Vietnamese text: a decoding that reads many of
# them is the text's encoding (Windows-1258 and VISCII read each other's letters as other letters).
_COMMON = frozenset((
    "của", "và", "các", "được", "là", "có", "trong", "cho", "với", "những", "đã", "này", "người", "một", "không",
    "đến", "để", "khi", "về", "năm", "theo", "tại", "từ", "công", "tác", "đảng", "ủy", "tỉnh", "hội", "nghị",
    "thực", "hiện", "ban", "chỉ", "đạo", "đồng", "chí", "phát", "triển", "xây", "dựng", "cán", "bộ", "viên",
    "nhân", "dân", "cấp", "huyện", "xã", "quyết", "định", "kế", "hoạch", "tổ", "chức", "thường", "vụ"))


def _common_words(text: str) -> int:
    return sum(1 for w in _WORD.findall(unicodedata.normalize("NFC", text[:65536]).lower()) if w in _COMMON)


def _eight_bit(data: bytes, path: str, utf8_error: UnicodeDecodeError) -> str:
    """Text in one of the 8-bit Vietnamese encodings: a legacy font's (its bytes are the font's
    letters), Windows-1258 (tone marks as combining characters) or VISCII (every letter one
    byte), whichever reads as Vietnamese (VISCII's bytes read in Latin-1 look like TCVN3's)."""
    not_utf8 = f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start})"
    try:
        cp1258: str | None = data.decode("cp1258")
    except UnicodeDecodeError:
        cp1258 = None
    viscii = from_viscii(data)
    latin = _as_latin(data)
    font = legacy_encoding(latin)
    font_words = _common_words(to_unicode(latin, font)) if font else -1
    viscii_words = _common_words(viscii)
    if viscii_words > max(2, font_words, _common_words(cp1258 or "")):
        return _check(viscii, path, "VISCII")
    if font:
        return _check(latin, path, "Windows-1252")
    if cp1258 is None:
        raise SourceError(path, f"cannot decode: {not_utf8} and not Windows-1258 or VISCII") from utf8_error
    if len(_VIET.findall(cp1258)) < max(1, len(cp1258) // 200):
        raise SourceError(path, f"cannot decode: {not_utf8}, and as Windows-1258 or VISCII it is not "
                          "Vietnamese text") from utf8_error
    return _check(cp1258, path, "cp1258")


# Text typed in the legacy 8-bit Vietnamese fonts shows, once read as Unicode, letters that
# Vietnamese never uses. VNI writes a syllable's marks as separate bytes after the vowel, so
# "Đảng", "được", "của" come out as "Ñaûng", "ñöôïc", "cuûa" (ñ, ö, ø, ù, û, õ, ï); TCVN3 (ABC)
# puts whole accented vowels in 0xA1–0xFE, so "Đảng", "và" come out as "§¶ng", "vµ", with
# symbols (§ ® µ ¶ · ¸ ¹ …) inside words.
_VNI = re.compile(r"[ñÑ](?=[aeiouöôAEIOUÖÔ])|[aeiouyAEIOUY][øùûõïØÙÛÕÏ]|ö[ôoa]")
_TCVN3 = re.compile(r"(?<=[A-Za-z])[\u00a1-\u00bf\u00d7\u00f7](?=[A-Za-z\u00a1-\u00ff])|(?<![\w\u00a1-\u00ff])[§®][A-Za-z\u00a1-\u00ff]")
_WORD = re.compile(r"\w+")
# Every sign above holds one of these letters (which Unicode Vietnamese does not use), or
# one of ù õ after a plain vowel: a text with none is not legacy-encoded, and is known so
# after one cheap scan instead of a count of its words.
_SIGN_LETTERS = re.compile("[ñÑøûïØÛÏö\u00a1-\u00bf\u00d7\u00f7]|[aeiouyAEIOUY][ùõÙÕ]")


def legacy_encoding(text: str) -> str | None:
    """'VNI' or 'TCVN3 (ABC)' when the text was typed in that legacy font encoding."""
    sample = text[:65536]
    if not _SIGN_LETTERS.search(sample):
        return None
    words = max(1, len(_WORD.findall(sample)))
    for name, signs in (("VNI", _VNI), ("TCVN3 (ABC)", _TCVN3)):
        found = len(signs.findall(sample))
        if found >= 5 and found >= 0.03 * words:
            return name
    return None


def _check(text: str, path: str, encoding: str) -> str:
    if not text.strip():
        raise SourceError(path, "empty file")
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(8, len(text[:65536]) // 100):
        raise SourceError(path, f"binary file ({controls} control characters after decoding as {encoding})")
    text, failed = undo_double_utf8(text)
    if failed:
        raise SourceError(path, failed)
    text, _, failed = from_legacy(text)
    if failed:
        raise SourceError(path, failed)
    return text


# UTF-8 read as Windows-1252 (or Latin-1) and saved again as UTF-8 — a scraper that took a page
# for Windows-1252 — turns each Vietnamese letter into two or three: "Hội" is "Há»™i", "được"
# "Ä‘Æ°á»£c". Such a text is found by the lead bytes of Vietnamese letters (Ã Ä Å Æ á before
# º »), each followed by a continuation byte's character, and is undone when its characters
# are all bytes again that read as UTF-8.
_CONTINUATION = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xC0)} |
                               {chr(b) for b in range(0x80, 0xC0)}))
_DOUBLE = re.compile(f"(?:[ÃÄÅÆ]|á[º»])[{re.escape(_CONTINUATION)}]")
_LEADS = ("Ã", "Ä", "Å", "Æ", "á»", "áº")


def undo_double_utf8(text: str) -> tuple[str, str | None]:
    """A double-encoded text (UTF-8 read as Windows-1252 or Latin-1, then saved as UTF-8) as it
    was written, other text as it is; and why it could not be undone, if it could not."""
    sample = text[:65536]
    if not any(lead in sample for lead in _LEADS):  # (substring tests: far cheaper than a pattern's scan)
        return text, None
    found = len(_DOUBLE.findall(sample))
    if found < 5 or found < 0.03 * max(1, len(_WORD.findall(sample))):
        return text, None
    return as_written(text)


def as_written(text: str) -> tuple[str, str | None]:
    """``text`` read back as the UTF-8 bytes that Windows-1252 (or Latin-1) showed as it."""
    raw = bytearray()
    for ch in text:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return text, ("text is UTF-8 read as Windows-1252 and saved again (\"Há»™i\" for \"Hội\"), and some of "
                              f"its letters were lost on the way ({ch!r}): save it again from the original")
            raw.append(ord(ch))
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        return text, (f"text looks like UTF-8 read as Windows-1252 and saved again, but does not read back "
                      f"({e.reason} at byte {e.start}): save it again from the original")


def from_legacy(text: str) -> tuple[str, str | None, str | None]:
    """Text typed in a legacy font encoding, in Unicode (other text as it is), the encoding it
    was typed in (None for Unicode), and why it could not be converted, if it could not."""
    legacy = legacy_encoding(text)
    if legacy is None:
        return text, None, None
    converted = to_unicode(text, legacy)
    if legacy_encoding(converted):
        return text, legacy, (f"text in the legacy Vietnamese encoding {legacy} that does not convert cleanly "
                              "to Unicode: convert it first, e.g. with UniKey's converter")
    return converted, legacy, None


def _as_latin(data: bytes) -> str:
    """Bytes as the Latin letters a legacy font's text was saved as (Windows-1252, else Latin-1)."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
