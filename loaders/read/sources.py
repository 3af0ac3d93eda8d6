"""Read sources: plain text, HTML pages, JSONL corpora, and folders of these.

``iter_sources`` yields a ``Source`` for every article it can read and a ``Failure``
(file, line, reason) for every one it cannot, so one bad input never stops the rest.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from loaders.read import decode as decoding
from loaders.read import html as html_loader
from loaders.read.decode import decode
from loaders.read.legacy import to_unicode
from loaders.read.meta import published_from_text, title_from_text, title_line
from ontology.errors import SourceError
from ontology.ids import source_id
from ontology.text import fold

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass(frozen=True, slots=True)
class Source:
    """One article, decoded but not yet normalised."""

    id: str
    key: str
    path: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    line: int | None = None
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read, and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _field_problem(obj: dict[str, object]) -> str | None:
    """Why a JSONL article's fields cannot be taken as they are: nothing is changed or
    dropped silently. ``id`` is a string or a whole number (absent or null: the file's stem
    and the line number); ``title``, ``url`` strings or null; ``published`` an ISO date or null."""
    raw_id = obj.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        return f"'id' must be a string or a whole number, not {type(raw_id).__name__}"
    for field in ("title", "url"):
        if obj.get(field) is not None and not isinstance(obj.get(field), str):
            return f"'{field}' must be a string, not {type(obj.get(field)).__name__}"
    published = obj.get("published")
    if published not in (None, "") and _parse_date(published) is None:
        return f"'published' must be a date as YYYY-MM-DD, not {str(published)[:40]!r}"
    return None


def _parse_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _not_regular(path: Path) -> str | None:
    """Why an existing path that is not a folder cannot be read as a file, if it cannot."""
    mode = path.stat().st_mode
    for test, what in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return f"not a regular file ({what})"
    return None if stat.S_ISREG(mode) else "not a regular file"


def _walk(folder: Path) -> Iterator[Path | Failure]:
    """Files of known kinds under a folder, sorted; folders that cannot be read and entries
    that are not regular files (FIFOs, sockets, devices) are reported, not passed over."""
    failures: list[Failure] = []

    def unreadable(e: OSError) -> None:
        failures.append(Failure(str(e.filename or folder), f"cannot read the folder: {e.strerror or e}"))

    found: list[Path | Failure] = []
    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            f = Path(top) / name
            if name.startswith("."):
                continue
            try:
                reason = _not_regular(f)
            except OSError as e:
                found.append(Failure(str(f), f"cannot read: {e.strerror or e}"))
                continue
            if reason is None:
                if f.suffix.lower() in KNOWN_SUFFIXES:
                    found.append(f)
            else:
                found.append(Failure(str(f), f"skipped: {reason}"))
    yield from sorted([*found, *failures], key=lambda x: str(x.path if isinstance(x, Failure) else x))


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path | Failure]:
    """Files named, and files of known kinds under folders named (recursively, sorted)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            yield Failure(str(path), "no such file or folder")
        elif (reason := _not_regular(path)) is not None:
            yield Failure(str(path), reason)
        else:
            yield path


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Source | Failure]:
    """Every source under the paths, in order; failures are yielded, not raised."""
    for item in iter_paths(paths):
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield from read_path(item)
        except SourceError as e:
            yield Failure(e.path, e.reason, e.line)
        except OSError as e:
            yield Failure(str(item), f"cannot read: {e.strerror or e}")


def read_path(path: Path) -> Iterator[Source | Failure]:
    """The sources of one file (a JSONL file holds many and is read line by line)."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path)
        return
    size = path.stat().st_size
    if size > decoding.MAX_BYTES:  # refused before it is read: a huge file costs no memory
        raise SourceError(str(path), f"file too large ({size} bytes; the limit is {decoding.MAX_BYTES})")
    data = path.read_bytes()
    text = decode(data, str(path))
    if suffix in HTML_SUFFIXES or html_loader.is_whole_page(text) or (
            suffix not in TEXT_SUFFIXES and html_loader.looks_like_html(text)):
        yield read_html(text, str(path))
    else:
        yield read_text(text, str(path))


def read_text(text: str, path: str) -> Source:
    """A plain-text article: title and date from its first lines."""
    return Source(
        id=source_id(Path(path).stem),
        key=Path(path).name,
        path=path,
        text=text,
        title=title_from_text(text),
        published=published_from_text(text),
        sha256=_digest(text),
    )


def _page_title(main: html_loader.MainText) -> str | None:
    """The page's title (trafilatura's: og:title, the one <h1>, else <title>), unless it is the
    <title> and the text's header has a title of its own — a heading over the date line — that
    it does not name: an old portal without <h1> gives its own name in <title> ("Tin hoạt động -
    Ban Tuyên giáo Tỉnh ủy"), and its article's title stands over the date line."""
    at = title_line(main.text) if main.title is None or main.title_from_tab else None
    if at is None:
        return main.title or title_from_text(main.text)
    header = main.text.split("\n")[at].strip().rstrip(" .")
    if main.title and (fold(main.title) in fold(header) or fold(header) in fold(main.title)):
        return main.title
    return header


def read_html(page: str, path: str) -> Source:
    """An HTML page: its main text only, with the page's title, date and URL."""
    main = html_loader.main_text(page, path)
    return Source(
        id=source_id(Path(path).stem),
        key=Path(path).name,
        path=path,
        text=main.text,
        title=_page_title(main),
        published=main.published or published_from_text(main.text),
        url=main.url,
        sha256=_digest(main.text),
    )


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | Failure]]:
    """The lines of a JSONL file, streamed (a corpus may be far larger than one article may
    be); each line is checked and decoded on its own. JSON text is UTF-8 (RFC 8259)."""
    any_text = False
    with path.open("rb") as handle:
        for n, raw in enumerate(handle, 1):
            if n == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
                if b"\x00" in raw[:4096]:
                    raise SourceError(str(path), "binary file (NUL bytes; a JSONL corpus is UTF-8 text)")
            if len(raw) > decoding.MAX_BYTES:
                yield n, Failure(str(path), f"line too large ({len(raw)} bytes; the limit is {decoding.MAX_BYTES})", n)
                continue
            if not raw.strip():
                continue
            any_text = True
            try:
                yield n, raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield n, Failure(str(path), f"not UTF-8 ({e.reason} at byte {e.start} of the line)", n)
    if not any_text:
        raise SourceError(str(path), "empty file")


def read_jsonl(path: Path) -> Iterator[Source | Failure]:
    """A JSONL corpus: one article per line, ``{"id","title","text","url","published"}``."""
    for n, line in _jsonl_lines(path):
        if isinstance(line, Failure):
            yield line
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Failure(str(path), f"malformed JSON ({e.msg} at column {e.colno})", n)
            continue
        if not isinstance(obj, dict):
            yield Failure(str(path), "a line must hold a JSON object", n)
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            has = ", ".join(repr(k) for k in list(obj)[:8]) or "none"
            yield Failure(str(path), f"no 'text' field, or it is empty (the line's fields: {has})", n)
            continue
        problem = _field_problem(obj)
        undone, failed = decoding.undo_double_utf8(body)
        if problem or failed:
            yield Failure(str(path), problem or f"'text' is {failed}", n)
            continue
        title = obj.get("title")
        if undone is not body:  # the title went the same way as the text
            body = undone
            title = decoding.as_written(title)[0] if title else title
        body, legacy, failed = decoding.from_legacy(body)
        if problem or failed:
            yield Failure(str(path), problem or f"'text' is {failed}", n)
            continue
        if legacy and title and max(map(ord, title)) < 256:  # typed in the text's font, not in Unicode
            title = to_unicode(title, legacy)
        page: html_loader.MainText | None = None
        if html_loader.is_whole_page(body):  # a scraper's whole page: its article only
            try:
                page = html_loader.main_text(body, str(path))
            except SourceError as e:
                yield Failure(str(path), f"'text' is an HTML page that cannot be read: {e.reason}", n)
                continue
            body = page.text
        raw_id = obj.get("id")
        key = str(raw_id) if raw_id is not None and str(raw_id).strip() else f"{path.stem}-{n}"
        yield Source(
            id=source_id(key),
            key=key,
            path=str(path),
            text=body,
            title=title or (page.title if page else None) or title_from_text(body),
            published=_parse_date(obj.get("published")) or (page.published if page else None) or published_from_text(body),
            url=obj.get("url") or (page.url if page else None),
            line=n,
            sha256=_digest(json.dumps(obj, sort_keys=True, ensure_ascii=False)),
        )
