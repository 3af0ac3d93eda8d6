"""The closing of an official Party document: its signature blocks and its recipients.

Per Hướng dẫn 36-HD/VPTW (../shared/reference/conventions.md §6): a block "T/M <body>"
(thay mặt: a collective body), "K/T <post>" (ký thay: a deputy for the head), "T/L <body>"
(thừa lệnh) or "Q. <post>", then the signer's post in capitals, maybe "(Đã ký)", then the
name in title case or capitals; Party committees sign "T/M ĐẢNG ỦY – PHÓ BÍ THƯ". The list
"Nơi nhận:" (at the end, often beside the signature in a second column) or "Kính gửi:"
(under the header) names the bodies the document goes to; "Lưu …" is the archive copy,
"Như trên" points elsewhere and "Các …" is a class of bodies, none of them a recipient.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from loaders.lexicon import central_body
from loaders.text.context import Context
from ontology import reference
from ontology.records import BodyFact
from ontology.text import fold, fold_key, is_caps, line_bounds, trie_regex
from ontology.vocab import BodyKind

#: names a body by a label under a committee: ("BAN THƯỜNG VỤ", Tỉnh ủy Nghệ An) → Ban Thường vụ Tỉnh ủy Nghệ An
NameUnder = Callable[[str, BodyFact | None], BodyFact | None]

_LOCAL_COMMITTEES = {BodyKind.PROVINCIAL_COMMITTEE, BodyKind.DISTRICT_COMMITTEE, BodyKind.PARTY_COMMITTEE}
_MARK = re.compile(r"(?<![\w/])(?P<mode>t\s?/\s?m|k\s?/\s?t|t\s?/\s?l|tm\.|kt\.|tl\.|q\.)\s*")
_RECIPIENTS = re.compile(r"(?<![\w])(?P<cue>noi nhan|kinh gui)\s*:")
_ITEM_MARK = re.compile(r"\s*[-+•–—*]\s*")
_SIGNED_NOTE = re.compile(r"\s*[(\[]?\s*(?:da ky|ky ten[^)\]\n]*|ky|signed)\s*[)\]]?\s*$")


@dataclass(frozen=True, slots=True)
class Signature:
    """A signature block: "T/M <body>" / "K/T <post>" / "T/L <body>", the signer's post, the name."""

    start: int
    end: int
    mode: str  # T/M | K/T | T/L | Q.
    behalf: BodyFact | None
    post: str | None  # the role, as a post's id takes it ("Phó Trưởng" of "Phó Trưởng Ban Tổ chức …")
    post_title: str | None  # the post with its body ("Phó Trưởng Ban Tổ chức Trung ương")
    post_body: BodyFact | None
    name: str
    name_start: int
    name_end: int


@dataclass(frozen=True, slots=True)
class Recipient:
    """One item of "Nơi nhận" / "Kính gửi", with the canonical bodies it names."""

    start: int
    end: int
    text: str
    bodies: tuple[BodyFact, ...]


@dataclass(frozen=True, slots=True)
class Closing:
    """The signature blocks and recipients of an official text, and where its closing ends
    (the last signer's name or "Nơi nhận" item; 0 when it has none)."""

    signatures: tuple[Signature, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    end: int = 0


def read_closing(ctx: Context, start: int, after: int, committee: BodyFact | None, issuer: BodyFact | None,
                 name_under: NameUnder) -> Closing:
    """The recipients named after ``start`` ("Kính gửi:" under the header, "Nơi nhận:" at the
    end) and the signature blocks after ``after`` (the header's end). ``committee`` is the
    Party committee of the issuing body, ``issuer`` the header's issuer, and ``name_under``
    names a body by a label under a committee ("BAN THƯỜNG VỤ" under Tỉnh ủy Nghệ An)."""
    signatures = tuple(_signatures(ctx, after, committee, issuer, name_under))
    recipients, end = _recipients(ctx, start)
    return Closing(signatures, tuple(recipients), max([end, *(s.name_end for s in signatures)]))


# ---------------------------------------------------------------- signature blocks


@lru_cache(maxsize=1)
def _posts() -> re.Pattern[str]:
    heads = {fold_key(h) for h in reference.title_heads()}
    return re.compile(r"(?:(?:pho|quyen)\s+)?(?:" + trie_regex(heads) + r")(?:\s+thuong truc)?")


def _post_title(folded_post: str) -> str:
    """'pho bi thu thuong truc' → 'Phó Bí thư Thường trực', in the written form of the heads."""
    written = {fold_key(h): h for h in reference.title_heads()}
    words = folded_post.split()
    prefix = {"pho": "Phó", "quyen": "Quyền"}.get(words[0]) if words else None
    if prefix:
        words = words[1:]
    qual = words[-2:] == ["thuong", "truc"] and " ".join(words) not in written
    if qual:
        words = words[:-2]
    head = written.get(" ".join(words), " ".join(words).capitalize())
    return " ".join(p for p in (prefix, head, "Thường trực" if qual else None) if p)


def _split_post(ctx: Context, a: int, b: int) -> tuple[int, int] | None:
    """Where the signer's post stands in [a, b): the longest post phrase that ends the stretch."""
    seg = ctx.folded[a:b].rstrip()
    for m in re.finditer(r"(?:^|\s)(?=\S)", seg):
        k = m.end()
        if _posts().fullmatch(seg, k):
            return a + k, a + len(seg)
    return None


def _behalf(raw: str, committee: BodyFact | None, issuer: BodyFact | None, name_under: NameUnder) -> BodyFact | None:
    """The body named after T/M or T/L: a central body, else one of the header's committee."""
    key = fold_key(raw)
    if not key:
        return None
    body = central_body(raw)
    if body is not None:
        return body
    if committee is not None:
        if key in ("tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "dang uy", "ban chap hanh",
                   "ban chap hanh dang bo", fold_key(committee.name)):
            return committee
        return name_under(raw, committee)
    return issuer if issuer is not None and fold_key(issuer.name).startswith(key) else None


def _post_body(title: str, committee: BodyFact | None, issuer: BodyFact | None,
               name_under: NameUnder) -> BodyFact | None:
    """The body of the signer's post: "Bí thư" of the committee, "Trưởng Ban" of the agency."""
    key = fold_key(title)
    if key in ("tong bi thu", "thuong truc ban bi thu") or committee is None:
        return None
    if re.fullmatch(r"(?:pho )?bi thu(?: thuong truc)?", key):
        return committee if committee.kind in _LOCAL_COMMITTEES else None
    agency = issuer if issuer is not None and issuer.kind in (BodyKind.CENTRAL_AGENCY,
                                                               BodyKind.COMMITTEE_AGENCY) else None
    if re.fullmatch(r"(?:pho )?(?:truong ban|chu nhiem)", key):
        return agency
    if re.fullmatch(r"(?:pho )?chanh van phong", key):
        if agency is not None and fold_key(agency.name).startswith("van phong"):
            return agency
        return name_under("Văn phòng", committee)
    return None


def _name_in(ctx: Context, a: int, b: int) -> tuple[int, int] | None:
    """The last personal name in [a, b): two to five words in title case or capitals, the first
    a family name (or three words or more: a signature's place vouches for the rarer family
    names, "Ma Văn Phúc")."""
    best = None
    for m in re.finditer(r"(?<![\w])[^\W\d_]+(?: [^\W\d_]+){1,4}", ctx.text[a:b]):
        words = m.group(0).split()
        for k in range(len(words) - 1):
            cand = words[k:]
            if fold_key(cand[0]) not in reference.surnames() and len(cand) < 3:
                continue
            if all(w[:1].isupper() and (w.isupper() or w[1:].islower() or len(w) == 1) for w in cand):
                start = a + m.start() + len(" ".join(words[:k])) + (1 if k else 0)
                best = (start, start + len(" ".join(cand)))
                break
    return best


def _signatures(ctx: Context, start: int, committee: BodyFact | None, issuer: BodyFact | None,
                name_under: NameUnder) -> list[Signature]:
    """The signature blocks after an offset."""
    out: list[Signature] = []
    for m in _MARK.finditer(ctx.folded, start):
        if not ctx.text[m.start()].isupper():
            continue
        mode = {"tm.": "T/M", "kt.": "K/T", "tl.": "T/L", "q.": "Q."}.get(m["mode"], m["mode"].replace(" ", "").upper())
        _, line_end = line_bounds(ctx.text, m.end())
        head_a, head_b = m.end(), line_end
        tail = re.search(r"[\s,;]*$", ctx.text[head_a:head_b])
        head_b = head_a + (tail.start() if tail else len(ctx.text[head_a:head_b]))
        if not is_caps(ctx.text[head_a:head_b]):
            continue  # a block names a body or a post in capitals: "Q. Ba Đình" is a district
        post: tuple[int, int] | None = None
        # one line: "T/M BAN THƯỜNG VỤ BÍ THƯ" — the post ends it when what stands before it names a body
        split = _split_post(ctx, head_a, head_b)
        behalf_raw = ctx.text[head_a:head_b]
        if split is not None and split[0] > head_a:
            left = ctx.text[head_a:split[0]]
            principal = _posts().fullmatch(fold_key(left)) is not None  # "K/T BÍ THƯ PHÓ BÍ THƯ"
            if principal if mode == "K/T" else _behalf(left, committee, issuer, name_under) is not None:
                behalf_raw, post = left, split
        pos = line_end + 1
        name: tuple[int, int] | None = None
        for _ in range(6):
            if pos >= len(ctx.text):
                break
            a, b = line_bounds(ctx.text, pos)
            pos = b + 1
            gap = next(reversed(list(re.finditer(r"\S\s{3,}(?=\S)", ctx.text[a:b]))), None)
            if gap is not None:  # columns side by side: the signature is the right-hand one
                a += gap.end()
            elif re.match(r"\s*(?:[-+•]|noi nhan|kinh gui)", ctx.folded[a:b]):
                continue  # a line of the recipients' column
            line = ctx.text[a:b]
            if not line.strip() or _SIGNED_NOTE.fullmatch(fold(line)):
                continue
            if post is None:
                caps = re.search(r"(?:[^\W\d_]*[A-ZĐÀ-Ỹ][^\W\d_]*\s*)+$", line.rstrip())
                hit = _split_post(ctx, a + caps.start(), a + len(line.rstrip())) if caps else None
                if hit is not None:
                    post = hit
                    continue
            name = _name_in(ctx, a, b)
            if name is not None and ctx.body_at(name[0]) is None and not _posts().fullmatch(ctx.folded, *name):
                break
            name = None
        if name is None:
            continue
        body = _behalf(behalf_raw, committee, issuer, name_under) if mode in ("T/M", "T/L") else None
        title = _post_title(ctx.folded[post[0]:post[1]]) if post else None
        post_body = _post_body(title, committee, issuer, name_under) if title else None
        raw_name = ctx.text[name[0]:name[1]]
        clean = " ".join(w.capitalize() if w.isupper() else w for w in raw_name.split())
        role, full = title, title
        if title and post_body is not None:
            # "Trưởng Ban" + "Ban Tổ chức …" is "Trưởng Ban Tổ chức …", as a post is named in text
            words, body_words = title.split(), post_body.name.split()
            shared = next((k for k in (2, 1) if len(words) > k
                           and fold_key(" ".join(words[-k:])) == fold_key(" ".join(body_words[:k]))), 0)
            role = " ".join(words[:len(words) - shared])
            full = f"{role} {post_body.name}"
        out.append(Signature(m.start(), name[1], mode, body, role, full, post_body, clean, name[0], name[1]))
    return out


# ---------------------------------------------------------------- recipients


def _recipients(ctx: Context, start: int) -> tuple[list[Recipient], int]:
    """The items of "Nơi nhận:" and "Kính gửi:" lists after an offset, and where they end.
    The archive copy ("Lưu …") and "Như trên" name no recipient."""
    out: list[Recipient] = []
    end = 0
    for m in _RECIPIENTS.finditer(ctx.folded, start):
        if not ctx.text[m.start()].isupper():
            continue
        pos = m.end()
        items = 0
        while pos < len(ctx.text) and items < 25:
            _, b = line_bounds(ctx.text, pos)
            line = ctx.text[pos:b]
            if not line.strip():
                if items:
                    break
                pos = b + 1
                continue
            marker = _ITEM_MARK.match(line)
            if items and marker is None:
                break
            if marker is None and re.match(r"\s{3,}", line):
                pos = b + 1  # "Nơi nhận:      T/M BAN BÍ THƯ": the next column, not an item
                continue
            lead = marker.end() if marker else len(line) - len(line.lstrip())
            a = pos + lead
            item = ctx.text[a:b]
            # a column of the signature block may share the line: "- Bộ Chính trị,   PHÓ BÍ THƯ"
            cut = re.search(r"\s{3,}|\s+(?=(?:T/M|K/T|T/L)\b)", item)
            if cut:
                item = item[:cut.start()]
            item = item.rstrip(" ,;.")
            key = fold(item)
            # the archive copy and "Như trên" name no recipient; "Các huyện ủy, …" is a class of bodies
            if item and not key.startswith(("luu", "nhu tren", "nhu dieu", "cac ")) and not _MARK.match(key):
                found = tuple(dict.fromkeys(bm.body for bm in ctx.bodies_between(a, a + len(item))))
                if not found:
                    plain = re.sub(r"\s*\([^)]*\)\s*$", "", item)
                    c = central_body(plain)
                    found = (c,) if c is not None else ()
                out.append(Recipient(a, a + len(item), item, found))
            if m["cue"] == "noi nhan":  # "Kính gửi" stands at the top: the text goes on after it
                end = max(end, a + len(item))
            items += 1
            pos = b + 1
    return out, end
