"""HTML pages to their main text (trafilatura), with title, date and canonical URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ontology.errors import SourceError

_HTML_SNIFF = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<meta\b|<div\b|<p\b)", re.I)


@dataclass(frozen=True, slots=True)
class MainText:
    """The readable article of a page."""

    text: str
    title: str | None
    published: date | None
    url: str | None


def looks_like_html(text: str) -> bool:
    """Whether a file without a telling suffix is an HTML page."""
    return bool(_HTML_SNIFF.match(text[:512]))


def main_text(page: str, path: str) -> MainText:
    """Extract the article's text; navigation, comments and related lists are left out."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception as e:  # trafilatura raises assorted lxml errors on broken pages
        raise SourceError(path, f"malformed HTML ({type(e).__name__}: {e})") from e
    meta = doc.as_dict() if doc is not None else {}
    text = meta.get("text") or ""
    if not text.strip():
        text = _fallback_text(page)
    if not text.strip():
        raise SourceError(path, "HTML page without readable text")
    published = None
    raw_date = meta.get("date")
    if raw_date:
        try:
            published = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    return MainText(text=text, title=meta.get("title"), published=published, url=meta.get("url"))


def _fallback_text(page: str) -> str:
    import lxml.html

    try:
        root = lxml.html.fromstring(page)
    except (ValueError, lxml.html.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//nav|//header|//footer|//aside"):
        bad.drop_tree()
    return "\n".join(t.strip() for t in root.itertext() if t.strip())
