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
    # whether the title is the page's <title> (the page has neither og:title nor <h1>): an old
    # portal puts its own name there
    title_from_tab: bool = False


# The page's date is taken from where pages state it (meta tags, <time>, date-classed
# elements, the URL), never guessed from dates in the running text (htmldate's "extensive
# search"): a report names the dates of the documents it discusses ("Quy định số 144, ngày
# 09/5/2024"), and one of those taken as the publication date dates every "Sáng 10/9" wrong.
_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False}


_PAGE_SNIFF = re.compile(r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b)", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """Whether a file without a telling suffix is an HTML page."""
    return bool(_HTML_SNIFF.match(text[:512]))


def is_whole_page(text: str) -> bool:
    """Whether a text is a whole HTML page (``<!DOCTYPE html>`` or ``<html>`` first): a page a
    scraper saved as .txt, or put whole into a JSONL corpus's "text", is read as a page."""
    return bool(_PAGE_SNIFF.match(text[:2048]))


# The page's furniture by its HTML5 element, and what the page hides (as trafilatura's own
# discard rules read 'hidden': the attribute, an inline 'display: none'), pruned before
# trafilatura reads the page (its ``prune_xpath``): trafilatura leaves these out of its own
# extraction, but when that comes out short it falls back to the whole page's text, footer,
# menus and hidden teasers of other articles included.
_FURNITURE = ["//nav", "//aside", "//footer", "//form", "//header[not(ancestor::article)]", "//*[@hidden]",
              "//*[contains(translate(@style, ' ', ''), 'display:none')]"]


def main_text(page: str, path: str) -> MainText:
    """Extract the article's text; navigation, comments and related lists are left out."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(
            _unnest_layout_tables(page), with_metadata=True, include_comments=False, include_tables=True,
            favor_recall=True, date_extraction_params=_DATE_PARAMS, prune_xpath=_FURNITURE,
        )
    except Exception as e:  # trafilatura raises assorted lxml errors on broken pages
        raise SourceError(path, f"malformed HTML ({type(e).__name__}: {e})") from e
    meta: dict[str, Any] = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    if not text.strip() or _too_deep(page):
        text = _fallback_text(page)
    if not text.strip():
        raise SourceError(path, "HTML page without readable text")
    if not _has_prose(text):
        raise SourceError(path, "HTML page without an article (only menus, headings and lists of links)")
    published = None
    raw_date = meta.get("date")
    if raw_date:
        try:
            published = date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    return MainText(text=text, title=meta.get("title"), published=published, url=meta.get("url"),
                    title_from_tab=_NAMED_HEADING.search(page) is None)


_NAMED_HEADING = re.compile(r"<h1\b|og:title", re.I)


# A line of an article: long, or a sentence of some length (a menu item or a link's title is neither).
_PROSE_LINE, _SENTENCE_LINE = 160, 60
_SENTENCE_END = frozenset('.!?…"”:;')


def _is_prose(line: str) -> bool:
    line = line.strip()
    return len(line) >= _PROSE_LINE or (len(line) >= _SENTENCE_LINE and line[-1] in _SENTENCE_END)


def _has_prose(text: str) -> bool:
    """Whether a line of the text is prose, a hard-wrapped line read with the lines that go
    on with a word in lower case (a PDF's text on a page)."""
    paragraph = ""
    for line in text.split("\n"):
        line = line.strip()
        if paragraph and line and (line[0].islower() or line[0].isdigit()):
            paragraph += " " + line
            continue
        if _is_prose(paragraph):
            return True
        paragraph = line
    return _is_prose(paragraph)


# An old portal lays its page out in a table: menu, article and links in cells side by side.
# trafilatura reads a table as data, one line per row with its cells joined by '|', so the
# article's paragraphs (split by <br>) and the list of other articles after it come out as one
# line. A table whose cells hold blocks (paragraphs, other tables, runs of <br>) is layout, and
# is read as the blocks it holds; a table of short cells stays a table.
_CELL = re.compile(r"<t[dh]\b[^>]*>((?:(?!</?t[dh]\b|</?table\b).)*)", re.I | re.S)
_BLOCK = re.compile(r"<(?:p|div|h[1-6]|ul|ol|table)\b", re.I)
_BR_RUN = re.compile(r"<br\s*/?>\s*(?:<[^>]*>\s*)*<br\b", re.I)
_TABLE_TAG = re.compile(r"<(/?)(?:table|tbody|thead|tfoot|tr|td|th)\b", re.I)


def _is_layout_cell(m: re.Match[str]) -> bool:
    """A cell that holds a table, two blocks or more, or paragraphs split by runs of <br>
    (a data table's cell holds a value, at most one paragraph of it)."""
    inside = m[1]
    return (m.end() < len(m.string) and m.string[m.end():m.end() + 6].lower() == "<table") or \
        len(_BLOCK.findall(inside)) >= 2 or _BR_RUN.search(inside) is not None


def _unnest_layout_tables(page: str) -> str:
    if "<td" not in page.lower() or not any(_is_layout_cell(m) for m in _CELL.finditer(page)):
        return page
    return _TABLE_TAG.sub(lambda m: f"<{m[1]}div", page)


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
