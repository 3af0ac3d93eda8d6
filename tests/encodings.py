"""Text as the legacy encodings write it, for tests of reading them back."""

from __future__ import annotations

import unicodedata


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes: precomposed vowels with a combining tone mark after them."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        shape = "".join(m for m in parts[1:] if m in "\u0302\u0306\u031b")
        tones = "".join(m for m in parts[1:] if m not in shape)
        out += unicodedata.normalize("NFC", parts[0] + shape).encode("cp1258") + tones.encode("cp1258")
    return bytes(out)
