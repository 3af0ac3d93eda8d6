"""HTML pages to their main text (trafilatura), with title, date and canonical URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from typing import Any

from ontology.errors import SourceError

_HTML_SNIFF = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<meta\b|<div\b|<p\b)", re.I)


@dataclass(frozen=True, slots=True)
class MainText:
    """The readable article of a page."""

    text: str
    title: str | None
    published: date | None
    url: str | None


# The page's date is taken from where pages state it (meta tags, <time>, date-classed
# elements, the URL), never guessed from dates in the running text (htmldate's "extensive
# search"): a report names the dates of the documents it discusses ("Quy định số 144, ngày
# 09/5/2024"), and one of those taken as the publication date dates every "Sáng 10/9" wrong.
_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False}


def looks_like_html(text: str) -> bool:
    """Whether a file without a telling suffix is an HTML page."""
    return bool(_HTML_SNIFF.match(text[:512]))


def main_text(page: str, path: str) -> MainText:
    """Extract the article's text; navigation, comments and related lists are left out."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as e:  # trafilatura raises assorted lxml errors on broken pages
        raise SourceError(path, f"malformed HTML ({type(e).__name__}: {e})") from e
    meta: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    if not text.strip() or _too_deep(page):
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


# libxml2, under lxml and trafilatura, stops building the tree at 256 nested elements: what
# lies deeper is lost without an error, so such a page is read by the streaming parser below.
_MAX_DEPTH = 255
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
_NOT_NESTING = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                          "track", "wbr", "p", "li", "td", "th", "tr", "option", "dt", "dd"})


def _too_deep(page: str) -> bool:
    depth = 0
    for m in _TAG.finditer(page):
        if m[3] or m[2].lower() in _NOT_NESTING:
            continue
        depth += -1 if m[1] else 1
        if depth > _MAX_DEPTH:
            return True
    return False


_SKIPPED = frozenset({"script", "style", "title", "nav", "header", "footer", "aside", "noscript", "template"})
_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
                     "table", "ul", "ol", "blockquote", "pre", "td", "th"})


class _TextCollector(HTMLParser):
    """The text of a page outside its scripts and furniture. The standard library's parser
    streams tags without building a tree, so nesting deeper than libxml2's limit of 256
    elements (where lxml and trafilatura return nothing) loses no text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping.append(tag)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _fallback_text(page: str) -> str:
    collector = _TextCollector()
    collector.feed(page)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).splitlines())
    return "\n".join(line for line in lines if line)
