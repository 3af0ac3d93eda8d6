"""Remove what a web page carries besides the article: it must never yield facts.

- Everything from a closing marker on ("Tin cùng chuyên mục", "Các tin khác", "Bài cùng
  chuyên mục", "Xem thêm", "Mới nhất", "Xem nhiều nhất", reader-comment forms, a
  document-sharing site's "Tài liệu tương tự" …) is
  the page's furniture and lists other articles' titles: it is cut.
- The same markers above the article's first paragraph are navigation: those lines go, and
  when the text has a header (a title over a date line) the lines of a list under such a
  marker above the title go with it (a portal's newest documents above the article). The
  article has begun at its first line of ``_BODY_LINE`` characters, at its first line of
  ``_SENTENCE_LINE`` that ends a sentence (a short report's paragraph), or once
  ``_BODY_CHARS`` characters of text stand above (an official text's short lines, a scanned page).
- A menu or a breadcrumb (short items between '|', '»', '›', '>' or '/', one of them a
  marker: "Trang chủ | Thời sự") counts as a marker line.
- A box of related articles set inside the article ("Tin liên quan", "Xem thêm", "Đọc thêm"
  over a few titles) ends nothing when the article's prose resumes after it (two sentence
  lines in a row): the heading and its titles go, the article goes on. A teaser list (a title,
  then its sentence, then the next title) does not resume it.
- One line that is such a heading and a title ("Xem thêm: Huyện ủy X quán triệt …") is a link
  to another article: that line goes, wherever it stands.
- A site's footer line ("Cơ quan chủ quản: …", "Chịu trách nhiệm nội dung: …", "Giấy phép số
  …", "Bản quyền …", "Ghi rõ nguồn …") ends the article, as a closing marker does.
- A line repeated right after itself (a photo caption printed twice, a byline twice)
  is kept once.
"""

from __future__ import annotations

import re

from loaders.read.meta import title_line
from ontology.text import fold, fold_text

# Folded, whole-line markers. A marker may end with ':' or '»' and be followed by a count.
# A related-articles heading is read as a small grammar, not a closed list: an optional head
# ("tin", "bài", "bài viết", "tin bài", "các tin" …) and what the list is ("liên quan", "cùng
# chuyên mục", "cùng chủ đề", "khác", "đã đưa", "mới cập nhật", "nổi bật", "đọc nhiều nhất" …),
# so "Tin bài liên quan", "Các bài viết khác", "Bài viết cùng chủ đề", "Tin đã đưa" are markers
# as "Tin liên quan" is. A head alone ("Tin", "Bài viết") is no marker.
_HEAD = r"(?:(?:cac |nhung )?(?:tin bai|tin tuc|bai viet|tin|bai)\s)"
_LIST = (r"lien quan", r"cung chuyen muc", r"cung chu de", r"cung loai", r"khac", r"da dua",
         r"moi", r"moi nhat", r"moi cap nhat", r"moi dang", r"noi bat(?: khac)?", r"tieu diem",
         r"doc nhieu(?: nhat)?", r"xem nhieu(?: nhat)?", r"anh", r"truoc", r"sau", r"tiep theo", r"ke tiep",
         r"cung tac gia", r"da dang", r"cung su kien", r"moi hon", r"cu hon", r"moi nhan")
_RELATED = r"(?:xem them )?" + _HEAD + r"(?:" + "|".join(_LIST) + r")"
_MARKERS = (
    _RELATED, r"cung chuyen muc", r"cung chu de", r"lien quan", r"xem them", r"doc them", r"doc tiep",
    r"xem tiep", r"moi nhat", r"xem nhieu nhat", r"doc nhieu(?: nhat)?", r"noi bat", r"tieu diem",
    r"co the ban quan tam", r"ban co the quan tam", r"co the ban quan tam den", r"y kien ban doc.*",
    r"gui y kien.*", r"binh luan", r"gui binh luan", r"viet binh luan", r"phan hoi",
    r"ban khong the gui binh luan.*", r"top", r"video(?: clips?)?", r"thu vien video", r"tu khoa", r"tags?",
    r"chia se(?: bai viet)?", r"gui binh luan cua ban", r"gui cho ban be", r"(?:ve|len) dau trang", r"quay lai", r"ban in",
    r"in bai viet", r"gioi thieu tap chi in", r"tra cuu tap chi in.*", r"lien ket website", r"quang cao",
    r"tin tuc", r"trang chu", r"print", r"in bai", r"a a",
    # a portal's side widgets: its newest documents, its calendar, font size and view counts
    r"van ban (?:moi|chi dao|chi dao dieu hanh|moi ban hanh)", r"lich cong tac(?: tuan| thang)?", r"thu vien anh",
    r"co chu(?:[\s:]+a[+-]?)*", r"(?:luot xem|luot truy cap|dang truy cap|tong luot truy cap)\s*:?\s*[\d.,]*",
)
# Markers that end the article wherever they stand after some text: a document-sharing
# site's list of other documents follows an article of short lines (a scanned text).
_CLOSING = re.compile(r"^[\s*#>|\-•]*(?:tai lieu tuong tu|tai lieu lien quan)[\s:»>.]*$")
_MARKER_RE = re.compile(r"^[\s*#>|\-•]*(?:" + "|".join(_MARKERS) + r")[\s:»>.]*(?:\(\d+\))?\s*$")
# The headings of a box of links set inside an article (other lists close it: they stand after it).
_INLINE = re.compile(r"^[\s*#>|\-•]*(?:" + _HEAD + r"?lien quan|xem them|doc them)[\s:»>.]*(?:\(\d+\))?\s*$")
# "<heading>: <title>" on one line: a link to another article (a title is one sentence at most).
_LINK_LINE = re.compile(r"^[\s*#>|\-•]*(?:" + _HEAD + r"?lien quan|xem them|doc them)\s*[:»>]+\s*(?P<title>\S.*)$")
_LINK_LINE_MAX = 250
# A site's footer: who runs the site, its licence, its copyright.
_FOOTER = re.compile(r"^[\s*#>|\-•]*(?:(?:co quan chu quan|chiu trach nhiem (?:chinh|noi dung|xuat ban)|(?:pho )?tong bien tap|"
                     r"truong ban bien tap)\s*:|giay phep (?:so|xuat ban|thiet lap|hoat dong|cung cap)|"
                     r"ban quyen (?:thuoc|©|\(c\))|copyright\b|©|ghi ro nguon)")
_MENU_SEP = re.compile(r"\s[|»›>/]\s")
_MENU_ITEM = 40
_BODY_LINE = 160
_BODY_CHARS = 800
# A line of some length that ends a sentence is the article's prose, not a menu or a list of
# titles (titles and menu items carry no full stop): a short report has begun there.
_SENTENCE_LINE = 60
_SENTENCE_END = frozenset('.!?…"”')
_BLANK_RUN = re.compile(r"\n\n\n+")  # (as "\n{3,}", with a literal start the engine skips to)


def _is_marker_folded(folded_line: str) -> bool:
    """A marker line, or a menu or breadcrumb of short items one of which is a marker
    ("Trang chủ | Thời sự | Xây dựng Đảng", "Trang chủ » Tin tức")."""
    if len(folded_line) > 120:
        return False
    if _MARKER_RE.match(folded_line) is not None:
        return len(folded_line) <= 80
    if _MENU_SEP.search(folded_line) is None:
        return False  # one item: no menu
    items = _MENU_SEP.split(folded_line)
    return (len(items) >= 2 and all(len(i.strip()) <= _MENU_ITEM for i in items)
            and any(_MARKER_RE.match(i.strip()) for i in items))


# the last text ``remove`` returned and its fold, for ``folded_of`` (one pair, replaced whole)
_LAST: tuple[str, str] = ("", "")


def folded_of(text: str) -> str:
    """``fold(text)``, without folding again when ``text`` is what ``remove`` just returned:
    the fold of its lines was made there (folding keeps every line end and makes none)."""
    last_text, last_folded = _LAST
    return last_folded if text is last_text else fold(text)


def _is_prose(line: str) -> bool:
    """A line of the article's running text: long, or a sentence of some length."""
    return len(line) >= _BODY_LINE or (len(line) >= _SENTENCE_LINE and line[-1] in _SENTENCE_END)


# The first letters a link line or a footer line can open with (bullets aside): a line opened
# by any other is neither, and is passed without trying their patterns.
_LINK_FIRST = frozenset("ctnblxd *#>|-•")
_FOOTER_FIRST = frozenset("ctpgb© *#>|-•")


def _is_footer(key: str) -> bool:
    return key[:1] in _FOOTER_FIRST and _FOOTER.match(key) is not None


def _is_link_line(key: str) -> bool:
    if key[:1] not in _LINK_FIRST or (":" not in key and "»" not in key and ">" not in key):
        return False
    m = _LINK_LINE.match(key)
    return m is not None and len(key) <= _LINK_LINE_MAX and ". " not in m["title"].rstrip(". ")


def _box_end(lines: list[str], folded: list[str], start: int) -> int | None:
    """Where the article resumes after a box of related titles whose heading is at ``start``:
    the first of two prose lines in a row after one title or more; None when it does not."""
    titles = 0
    i = start + 1
    while i < len(lines):
        line, key = lines[i].strip(), folded[i].strip()
        if not line:
            i += 1
            continue
        if _is_marker_folded(key) or _is_footer(key):
            return None
        if not _is_prose(line):
            titles += 1
            i += 1
            continue
        following = next((j for j in range(i + 1, len(lines)) if lines[j].strip()), None)
        if titles and following is not None and _is_prose(lines[following].strip()) and not _is_footer(
                folded[following].strip()):
            return i
        return None
    return None


def remove(text: str) -> str:
    """Cut the page furniture and repeated captions (the text is already whitespace-clean)."""
    global _LAST
    lines = text.split("\n")
    whole = fold_text(text)
    folded = whole.split("\n")  # fold once: one character for one, so lines align
    out: list[str] = []
    fout: list[str] = []
    seen_body = False
    above = 0  # characters of text above, markers and blank lines aside
    previous = ""
    resume = 0  # lines before this index are a box of related titles inside the article
    title_at: int | None = -1  # the title's line, looked for at the first marker above the body
    in_list = False  # under a list's marker above the title
    for n, (line, fline) in enumerate(zip(lines, folded, strict=True)):
        if n < resume:
            continue
        stripped = line.strip()
        key = fline.strip()
        if stripped and previous and "tai lieu" in key and _CLOSING.match(key):
            break
        if stripped and seen_body and _is_footer(key):
            break
        if stripped and _is_marker_folded(key):
            if seen_body:
                end = _box_end(lines, folded, n) if _INLINE.match(key) else None
                if end is None:
                    break
                resume = end
            else:
                if title_at == -1:
                    title_at = title_line(text)
                in_list = title_at is not None and n < title_at and _MARKER_RE.match(key) is not None
            continue
        if in_list and stripped and n < (title_at or 0) and not _is_prose(stripped):
            continue
        if stripped and _is_link_line(key):
            continue
        above += len(stripped)
        if len(stripped) >= _BODY_LINE or above >= _BODY_CHARS or (
                len(stripped) >= _SENTENCE_LINE and stripped[-1] in _SENTENCE_END):
            seen_body = True
        if stripped and key == previous:
            continue
        if stripped:
            previous = key
        out.append(line)
        fout.append(fline)
    if len(out) == len(lines):  # nothing cut: the lines join back to the text and its fold
        kept, kept_folded = _squeeze(text), _squeeze(whole)
    else:
        kept, kept_folded = _squeeze("\n".join(out)), _squeeze("\n".join(fout))
    _LAST = (kept, kept_folded)
    return kept


def _squeeze(text: str) -> str:
    """At most one blank line in a row, none at either end (the pattern has no first letter
    for the engine to skip to: tried only on a text that has a run to squeeze)."""
    return (_BLANK_RUN.sub("\n\n", text) if "\n\n\n" in text else text).strip("\n")
