"""People named in an article and the posts it gives them at the time.

Forms: "đồng chí X, <post>, <post>", "Đ/c X - <post>", "Ông X, <post>", "Thiếu tướng X, <post>", "<post>, <post> X",
"X tái đắc cử <post>". A name is a run of capitalised syllables; without a cue word
("đồng chí", "ông", "bà", a rank) it must start with a Vietnamese family name and have three or
more syllables. Bylines (a name alone on its line, or in capitals) are not persons of
the article, nor is a name inside a body's or a place's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.lexicon import committee_of, data, name_run, province_at
from loaders.read.meta import header_end
from loaders.text.context import Context
from loaders.text.triggers import gate, gate_later
from ontology import reference
from ontology.ids import post_id
from ontology.records import BodyFact, PostFact
from ontology.text import fold, fold_key, trie_at_word_start, trie_regex

# also the signer field of a legal-document database page: "Người ký: Lữ Quang Ngời"
# ("(?<![\w])(?:dong chi|d/c|ong|ba|nguoi ky\s*:)\s*:?\s*(?<=\s|:)(?=[A-ZĐÀ-Ỹ])", re.I, each cue's first
# letter first and the look back after it: the engine skips ahead to a d, o, b or n of the folded text)
# a military or police rank is such a cue too: "Thiếu tướng Rah Lan Lâm, Giám đốc Công an tỉnh"; so is a
# list's colon: "các đồng chí: Chẩu Văn Lâm, …"
_CUE = re.compile(r"(?:d(?<![\w]d)(?i:ong chi|/c|ai (?:tuong|ta|uy))|o(?<![\w]o)(?i:ng)|b(?<![\w]b)(?i:a)|"
                  r"n(?<![\w]n)(?i:guoi ky\s*:)|t(?<![\w]t)(?i:(?:huong|rung|hieu) (?:tuong|ta|uy)))"
                  r"(?i:\s*:?\s*(?<=\s|:)(?=[A-ZĐÀ-Ỹ]))")
_AFTER_NAME_SEP = re.compile(r"\s*(?:,|-|–|—)\s*|\s+\(\s*")
# between two posts: a comma, or a dash ("Tỉnh ủy viên – Bí thư Huyện ủy – CT HĐND huyện")
# or "kiêm" (a post held together with the one before: "Bí thư Tỉnh ủy kiêm Chủ tịch HĐND tỉnh")
_BETWEEN_POSTS = re.compile(r"\s*\)?\s*,?\s+kiêm\s+|\s*\)?\s*,\s*|\s+[-–—]\s+")
# a unit word before a capitalised run: a place ("xã Lê Hồ, Chủ tịch UBND xã …"), not a person
_PLACE_BEFORE = re.compile(r"(?<![\w])(?:xa|phuong|huyen|quan|thi tran|thi xa|tinh|thanh pho|tp\.?|duong|pho|ap|thon|ban|"
                           r"lang|khu|to)\s+$")
_ELECTED = re.compile(r"\s+(?:tai dac cu|dac cu|duoc bau (?:giu chuc|lam)?|giu chuc|dang lam|duoc bo nhiem (?:giu chuc|lam)?)\s+")
# Capitalised words that begin a post, a body or a phrase, never a name (compared as
# written, so "Trương" the family name is not "Trưởng" the title).
_STOPWORDS = {"ban", "bộ", "tỉnh", "thành", "huyện", "đảng", "ủy", "uỷ", "trung", "hội", "nghị", "chính", "văn", "số",
              "quy", "chỉ", "kết", "kế", "hướng", "cụm", "vụ", "cục", "phòng", "trưởng", "phó", "bí", "chủ", "tổng",
              "thường", "đại", "quốc", "nhà", "học", "viện", "mặt", "ngày", "thứ", "sáng", "chiều", "tại", "theo",
              "trong", "các", "những", "khi", "sau", "trước", "về", "của", "năm", "tháng", "quận", "xã", "phường",
              "thị", "tp", "ông", "bà", "anh", "chị", "chí", "điểm", "đầu", "cầu", "hà nội"}
_HISTORICAL = {"ho chi minh"}
# Lower-case words inside the name of a body that follows a title ("Trưởng Ban Tổ chức …",
# "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", "Giám đốc Công an tỉnh"), compared as written so
# that a verb ("quán triệt") is not taken for "cơ quan".
_TAIL_VOCAB = set(["ban", "tổ", "chức", "tuyên", "giáo", "dân", "vận", "thường", "vụ", "trực", "chấp", "hành", "kiểm", "tra", "nội", "chính", "pháp", "chế", "cơ", "sở", "đảng", "quan", "tỉnh", "huyện", "thành", "phố", "xã", "phường", "thị", "trấn", "khối", "doanh", "nghiệp", "trung", "ương", "quốc", "hội", "ủy", "uỷ", "đoàn", "phòng", "cục", "bộ", "tham", "mưu", "lý", "luận", "cấp", "cao", "chuyên", "trách", "điện", "địa", "viện", "khu", "vực", "đạo", "tế", "huy", "biểu", "dịch", "sự", "an", "nhân", "gia", "học", "xây", "dựng", "đại", "đội",
                   # the second syllables of a department's name ("Ban Dân tộc", "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp
                   # và Môi trường", "Phát triển nông thôn", "Giao thông vận tải", "Kế hoạch và Đầu tư", "Khoa học và Công
                   # nghệ", "Văn hóa, Thể thao và Du lịch", "Thương binh"), words no verb after a post is spelt with
                   "tộc", "dục", "tạo", "trường", "nông", "thôn", "triển", "tải", "hoạch", "nghệ", "hóa", "hoá", "thao",
                   "lịch", "binh"])
# the words in lower case of a mass organisation's name, after "Hội", "Ủy ban", "Liên đoàn" … ("Hội Cựu chiến
# binh tỉnh", "Hội Liên hiệp Phụ nữ", "Ủy ban Mặt trận Tổ quốc", "Hội Chữ thập đỏ"), folded
_MASS_WORDS = re.compile(r"(?<![\w])(?:lien hiep|phu nu|cuu chien binh|chien binh|nong dan|mat tran|chu thap do|nguoi cao tuoi|"
                         r"thanh nien(?: xung phong)?|lao dong|khuyen hoc|xung phong|cuu giao chuc|luat gia|nha bao)(?![\w])")
_MASS_HEAD = re.compile(r"(?<![\w])(?:hoi|uy ban|uy ban mttq|lien doan|doan)(?:\s+\S+){0,3}\s*$")
_SIGNED = re.compile(r"(?P<post>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{3,60}?)\s*\n\s*(?:\((?:Đã|đã) ký[^)\n]*\)\s*\n\s*)(?=\S)")
# a Kơ Ho or Mạ name written as one word, "K'" then a capital ("K'Mák", "K'Điệp"), after "đồng chí", "ông", "bà"
_ONE_WORD_NAME = re.compile(r"K['’][A-ZĐÀ-Ỹ][^\W\d_]+(?![\w'’])")
_ACADEMIC = re.compile(r"\s*,?\s*(?:(?:PGS|GS|TS|ThS|BS|KS|CN|NCS)\.?\s*)+")


@dataclass(frozen=True, slots=True)
class PostMention:
    """A post phrase at a span, with the body it names."""

    start: int
    end: int
    title: str
    role: str
    body: BodyFact | None


@dataclass
class PersonMention:
    """A person named at a span, with the posts given there."""

    start: int
    end: int
    name: str
    posts: list[PostMention] = field(default_factory=list)
    cue: str = ""


_UPPER = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha())


@lru_cache(maxsize=1)
def _surname_starts() -> re.Pattern[str]:
    """Where a family name begins a run of capitalised words: candidate names."""
    alt = trie_at_word_start(reference.surname_forms(), r"[^\W\d_]", flexible_spaces=False)
    return re.compile(rf"{alt}(?= [{_UPPER}])")


@lru_cache(maxsize=1)
def _heads() -> re.Pattern[str]:
    alts = trie_regex({fold_key(h) for h in reference.title_heads()}, flexible_spaces=False)
    spec = data("titles.yaml")
    quals = "|".join(sorted({re.escape(fold_key(q)) for q in spec.get("qualifiers") or []}, key=len, reverse=True))
    prefixes = "|".join(sorted({re.escape(fold_key(p)) for p in spec.get("prefixes") or []}, key=len, reverse=True))
    # "nguyên Phó Bí thư …", "nguyên Quyền Chủ tịch …": a former post of a deputy is former too
    return gate(re.compile(r"(?<![\w])(?:nguyen\s+(?=(?:pho|quyen)\s))?(?:(?:" + prefixes + r")\s+)?(?:" + alts + r")"
                           r"(?:\s+(?:" + quals + r"))?(?![\w])"))


gate_later(_heads)


def _family(word: str) -> bool:
    """Whether a word as written is a family name: folded, or as written only for those whose folded form is also
    a place's word ("Cầm" of the Thái, while "Cẩm Xuyên" is a district; surnames.txt's "=" lines)."""
    return fold(word) in reference.surnames() or word in reference.surname_forms()


def _is_name(text: str, folded: str, start: int, end: int, strict: bool) -> bool:
    words = fold(text[start:end]).split()
    if not 2 <= len(words) <= 5:
        return False
    if text[start:end].split()[0].lower() in _STOPWORDS or " ".join(words) in _HISTORICAL:
        return False
    if words[:2] == ["dong", "chi"]:  # "Đồng Chí …", while Đồng is also a family name ("Đồng Văn Thanh")
        return False
    if province_at(folded, start) is not None:
        return False
    if strict and (not _family(text[start:end].split()[0]) or len(words) < 3):
        return False
    written = text[start:end].lower().split()
    return not any(w in ("ủy", "uỷ", "đảng", "ương") for w in written)


@lru_cache(maxsize=1)
def _acts() -> re.Pattern[str]:
    acts = trie_regex({fold_key(a) for a in data("titles.yaml").get("acts_after_name") or []}, flexible_spaces=False)
    return re.compile(r" (?:" + acts + r")(?![\w])")


@lru_cache(maxsize=1)
def _name_heads() -> frozenset[str]:
    """The words that begin an ethnic-minority name and no place (titles.yaml name_heads), folded."""
    return frozenset(fold_key(w) for w in data("titles.yaml").get("name_heads") or [])


def _starts_a_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalised run at [start, end) begins with a family name or an ethnic name's head,
    or says "Thị" (a woman's middle name) second, as Khmer names do after a family name no list holds
    ("Bí thư Huyện ủy Sơn Thị Ánh Hồng")."""
    words = text[start:end].split(" ")
    return _family(words[0]) or fold(words[0]) in _name_heads() or len(words) >= 3 and words[1] == "Thị"


def _place_then_name(text: str, pos: int) -> int | None:
    """Where a name begins after a place that starts with a family name too: "Thành ủy Đồng Hới
    Nguyễn Văn Tâm" (Đồng Hới is a city). A run of capitalised words whose third or later word is
    a family name that begins a name of three or more words: the words before it are a place."""
    run = name_run(text, pos, limit=8)
    if run is None:
        return None
    words = text[run[0]:run[1]].split(" ")
    if fold(words[0]) in _name_heads():  # "Y Thanh Hà Niê Kđăm": one name, not the place "Y Thanh"
        return None
    for k in range(2, len(words) - 2):
        if fold(words[k - 1]) == "thi":  # "Nguyễn Thị Kim Thanh Hương" is one name
            return None
        if _family(words[k]) or fold(words[k]) in _name_heads():
            return pos + len(" ".join(words[:k])) + 1
    return None


def _after_province_level(folded: str, pos: int) -> bool:
    """Whether ``pos`` follows "Tỉnh ủy ", "tỉnh " or a province named after a committee or unit word
    ("UBND tỉnh Gia Lai ", "Thành ủy Hà Nội ")."""
    if re.search(r"(?<![\w])tinh(?: uy)? $", folded[max(0, pos - 8):pos]):
        return True
    for m in re.finditer(r"(?<![\w])(?:tinh uy|tinh|thanh uy|thanh pho|tp\.?) ", folded[max(0, pos - 40):pos]):
        hit = province_at(folded, max(0, pos - 40) + m.end())
        if hit is not None and hit[1] == pos - 1:
            return True
    return False


def _name_after_committee(ctx: Context, pos: int) -> tuple[int, int] | None:
    """A name right after "Tỉnh ủy" or "tỉnh" that starts with no Vietnamese family name ("Trưởng
    Ban Dân vận Tỉnh ủy Rơ Châm Long chủ trì"): a capitalised run that is no province, followed by
    what a person does ("chủ trì", "phát biểu" …) or by ", <post>". After "Huyện ủy" or "Thành ủy"
    the run may be a district or a city not in the gazetteer ("Huyện ủy Cư Kuin chủ trì"), so none."""
    if not _after_province_level(ctx.folded, pos) or province_at(ctx.folded, pos):
        return None
    span = _name_at(ctx, pos, strict=False)
    # three syllables or more, none "Bộ": a region is no name ("tỉnh Tây Nguyên và", "các tỉnh Nam Trung Bộ")
    if span is None or ctx.body_at(pos) is not None or len(ctx.text[span[0]:span[1]].split()) < 3 \
            or "bộ" in ctx.text[span[0]:span[1]].lower().split():
        return None
    sep = _AFTER_NAME_SEP.match(ctx.text, span[1])
    if _acts().match(ctx.folded, span[1]) or (sep and ctx.text[span[1]:sep.end()].strip() == ","
                                             and _heads().match(ctx.folded, sep.end())):
        return span
    return None


_WORD_BEFORE = re.compile(r"(?<![\w])([^\W\d_]+) $")


def _common_dong(text: str, pos: int) -> bool:
    """"Đồng" as a word of a capitalised phrase, not a family name: right after a capitalised word
    ("Hội Đồng Nhân Dân", "Cánh Đồng Mẫu Lớn", "Đường Đồng Khởi"), but for "Ông"/"Bà" before a name."""
    if fold(text[pos:pos + 5]) != "dong " and fold(text[pos:pos + 5]) != "dong":
        return False
    before = _WORD_BEFORE.search(text, max(0, pos - 20), pos)
    word = before.group(1) if before else ""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower()) and fold(word) not in ("ong", "ba")


def _name_at(ctx: Context, pos: int, strict: bool) -> tuple[int, int] | None:
    run = name_run(ctx.text, pos)
    if run is None or _common_dong(ctx.text, pos):
        return None
    start, end = run
    words = ctx.text[start:end].split(" ")
    # a name ends before a capitalised word that begins a post or a body
    for i in range(2, len(words)):
        off = start + len(" ".join(words[:i])) + 1
        if _heads().match(ctx.folded, off) or ctx.body_at(off) is not None:
            end = off - 1
            break
    if not _is_name(ctx.text, ctx.folded, start, end, strict):
        return None
    return start, end


_WORD = re.compile(r"[\wÀ-ỹ.]+")
# the provincial committee written short after a post, in capitals as written
_TU = re.compile(r" TU(?![\wÀ-ỹ])")
# a unit named by its number ("Quân khu 1", "Quân đoàn 12", "Vùng 2", "phường 3"): the number is the post's
_NUMBERED_UNIT = re.compile(r"(?<![\w])(?:quan khu|quan doan|su doan|lu doan|trung doan|vung|phuong|quan|cum|khu vuc) $")


def _post_at(ctx: Context, pos: int, lower_ok: bool = False) -> PostMention | None:
    """A post phrase starting at an offset: head, then the body's name. In apposition after
    a name the head may be in lower case ("PGS.TS Vũ Minh Đức, giảng viên cao cấp …")."""
    m = _heads().match(ctx.folded, pos)
    if not m or not (lower_ok or ctx.text[pos].isupper() or fold(ctx.text[pos:pos + 3]) in ("pho", "ngu")):
        return None
    end = m.end()
    body: BodyFact | None = None
    inner = [b for b in ctx.bodies_between(pos, m.end()) if b.end > m.end()]
    if inner:
        body, end = inner[0].body, inner[0].end
    short_at = -1  # where "TU" begins
    abbreviated = _TU.match(ctx.text, end) if body is None else None
    if abbreviated:  # "Bí thư TU (Bắc Giang)": the provincial committee written short, the article's when unnamed
        named = province_at(ctx.folded, abbreviated.end() + 1) if ctx.text[abbreviated.end():abbreviated.end() + 1] == " " else None
        prov = named[0] if named else ctx.province
        if prov is not None:
            body, short_at = committee_of(prov, ctx.reference_date), end
            end = named[1] if named else abbreviated.end()
    sentence_end = ctx.sentences.at(pos)[1]
    while True:
        if not ctx.text.startswith(" ", end) or end + 1 >= sentence_end:  # "…, Phó Bí thư Tỉnh ủy. Về phía huyện …": not "Tỉnh ủy. Về"
            break
        nxt = end + 1
        b = ctx.body_at(nxt)
        if b is not None:
            body = body or b.body
            end = b.end
            if body is not b.body and len(b.body.name) > len(body.name):
                body = b.body
            continue
        place = _place_then_name(ctx.text, nxt)
        if place is not None:  # "Thành ủy Đồng Hới Nguyễn Văn Tâm": the place, then the name
            end = place - 1
            continue
        span = _name_at(ctx, nxt, strict=False)
        if span is not None and _starts_a_name(ctx.text, *span):
            break
        if _name_after_committee(ctx, nxt) is not None:
            break
        hit = province_at(ctx.folded, nxt)
        if hit is not None:
            end = hit[1]
            continue
        w = _WORD.match(ctx.text, nxt)
        if not w:
            break
        word = w.group(0)
        if word == "và" and _joins_a_name(ctx, w.end()):  # "Ban Tuyên giáo và Dân vận", "Sở Giáo dục và Đào tạo"
            end = w.end()
            continue
        if word.rstrip(".").isdigit() and _NUMBERED_UNIT.search(ctx.folded, max(pos, nxt - 12), nxt):
            end = nxt + len(word.rstrip("."))  # "Tư lệnh Quân khu 1", "Chỉ huy trưởng Vùng 2 Hải quân"
            continue
        if word == "đồng" and ctx.text[max(0, nxt - 4):nxt] == "Hội ":  # "Ban Dân tộc Hội đồng nhân dân tỉnh"
            end = w.end()
            continue
        if word[0].isupper() or word.isupper() or word.rstrip(".").lower() in _TAIL_VOCAB:  # "… huyện."
            end = w.end()
            continue
        # "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh": a name's words that begin at this word or one written before it
        mass = next((x for x in _MASS_WORDS.finditer(ctx.folded, max(pos, nxt - 12), nxt + 30) if x.start() <= nxt < x.end()), None)
        if mass and _MASS_HEAD.search(ctx.folded, max(pos, end - 30), end):
            end = mass.end()
            continue
        break
    title = ctx.text[pos:end].rstrip(" .")
    end = pos + len(title)
    role_end = short_at if short_at >= 0 else next((b.start for b in ctx.bodies_between(pos, end) if b.body is body), end)
    role = ctx.text[pos:role_end].strip() or title
    return PostMention(pos, end, title, role, body)


def post_at(ctx: Context, pos: int) -> PostMention | None:
    """A post phrase written with a capital at ``pos`` ("Bí thư Tỉnh ủy …"), as in a person's posts."""
    return _post_at(ctx, pos)


def _joins_a_name(ctx: Context, pos: int) -> bool:
    """Whether "và" before ``pos`` joins two words of one body's name ("Tuyên giáo và Dân vận"):
    a capitalised word follows that begins no post, body or personal name ("… Tỉnh ủy và Chủ tịch
    UBND tỉnh", "… và Ban Thường vụ", "… và Nguyễn Văn A" are two things)."""
    nxt = pos + 1
    if ctx.text[pos:nxt] != " " or not ctx.text[nxt:nxt + 1].isupper():
        return False
    if _heads().match(ctx.folded, nxt) or ctx.body_at(nxt) is not None:
        return False
    span = _name_at(ctx, nxt, strict=False)
    return span is None and not fold(ctx.text[nxt:nxt + 12]).startswith(("dong chi", "ong ", "ba "))


def _posts_after(ctx: Context, pos: int) -> tuple[list[PostMention], int]:
    """Posts in apposition after a name: ", <post>, <post>" or " - <post>"."""
    posts: list[PostMention] = []
    sep = _AFTER_NAME_SEP.match(ctx.text, pos)
    while sep:
        p = _post_at(ctx, sep.end(), lower_ok=True)
        if p is None:
            p = _after_unknown_item(ctx, sep.end())
        if p is None or _name_follows(ctx, p.end):
            break  # "A, Phó Bí thư Huyện ủy Trần Văn B": the post of the next person named
        sep = _BETWEEN_POSTS.match(ctx.text, p.end)
        if sep is None:
            p = _with_tail(ctx, p)
            sep = _BETWEEN_POSTS.match(ctx.text, p.end)
        posts.append(p)
        pos = p.end
    return posts, pos


def _name_follows(ctx: Context, pos: int) -> bool:
    """Whether a personal name (a family name first) begins right after ``pos``."""
    if ctx.text[pos:pos + 1] != " ":
        return False
    span = _name_at(ctx, pos + 1, strict=False)
    return span is not None and span[0] == pos + 1 and _family(ctx.text[span[0]:span[1]].split()[0])


# the rest of a post the vocabulary reads only in part ("Đại biểu Quốc hội | khóa XV", "Bí thư Ban |
# cán sự đảng UBND tỉnh", "Chính ủy Bộ | đội Biên phòng tỉnh"), up to the next post of the list
_TAIL = re.compile(r" [\wÀ-ỹ.]+(?: [\wÀ-ỹ.]+){0,4}?(?=\s*,\s*|\s+[-–—]\s+)")


def _with_tail(ctx: Context, p: PostMention) -> PostMention:
    """The post with the words after it that end where another post of the list begins (", Bí thư
    Tỉnh ủy"); the post as it was when no post follows, or the words say what the person did."""
    m = _TAIL.match(ctx.text, p.end)
    if m is None or _acts().search(" " + ctx.folded[m.start():m.end()]) or " và " in m.group(0):
        return p
    if any(_name_follows(ctx, m.start() + w.start() - 1) for w in re.finditer(r"(?<= )[A-ZĐÀ-Ỹ]", m.group(0))):
        return p  # "Trưởng ban Kinh tế Trung ương Trần Lưu Quang, …": a name
    sep = _BETWEEN_POSTS.match(ctx.text, m.end())
    if sep is None or _post_at(ctx, sep.end()) is None:
        return p
    return PostMention(p.start, m.end(), ctx.text[p.start:m.end()], p.role, p.body)


# an item of a list of posts the vocabulary does not know: short, capitalised, on its own
# between commas or dashes ("Tiến sĩ", "Anh hùng Lao động", "UV BTV Tỉnh ủy")
_UNKNOWN_ITEM = re.compile(r"[A-ZĐÀ-Ỹ][\wÀ-ỹ.]*(?: [\wÀ-ỹ.]+){0,7}?(?=\s*,\s*|\s+[-–—]\s+)")


def _after_unknown_item(ctx: Context, pos: int) -> PostMention | None:
    """The post after an item of the list the vocabulary does not know ("Đồng chí X, UV BTV Tỉnh
    ủy, Trưởng Ban Tổ chức Tỉnh ủy"): the list goes on past it, so the posts after it are the
    person's. Not past another person's name ("A, B, Bí thư …") nor past "và"."""
    m = _UNKNOWN_ITEM.match(ctx.text, pos)
    if m is None or " và " in m.group(0) or _name_at(ctx, pos, strict=False) is not None:
        return None
    sep = _BETWEEN_POSTS.match(ctx.text, m.end())
    return _post_at(ctx, sep.end()) if sep else None


def _posts_before(ctx: Context, name_start: int, all_posts: list[PostMention]) -> list[PostMention]:
    """Posts ending right before a name, walking back over ", " between them."""
    chain: list[PostMention] = []
    end = name_start
    text = ctx.text
    for p in sorted(all_posts, key=lambda p: -p.end):
        if p.end > end:
            continue
        # the gap read in place, not cut out (the patterns have no look-around nor anchor);
        # "Báo cáo viên Trung ương, TS. Hồ Văn Kỳ": an academic title may stand between
        if (_COMMA_GAP.fullmatch(text, p.end, end) if chain
                else _BLANK_GAP.fullmatch(text, p.end, end) or _ACADEMIC.fullmatch(text, p.end, end)):
            chain.insert(0, p)
            end = p.start
    return chain


_BLANK_GAP = re.compile(r"\s*")
_COMMA_GAP = re.compile(r"\s*,\s*|\s*,?\s+kiêm\s+")


# what joins the names of a shared byline ("Hoàng Thúy - Nông Văn Chiến", "Lan Anh, Minh Đức và Y Phôn Ksor")
_CREDIT_JOIN = re.compile(r"\s*[-–,/]\s*|\s+và\s+")


def _names_only(line: str) -> bool:
    """Whether a line is two or three names and nothing else, the byline of an article written together."""
    parts = _CREDIT_JOIN.split(line.rstrip(" ."))
    return 2 <= len(parts) <= 3 and all(1 <= len(p.split()) <= 4 and all(w[:1].isupper() for w in p.split())
                                        for p in parts)


def _byline(ctx: Context, start: int, end: int) -> bool:
    """A name the page credits, not a person of the article: alone on its line or in capitals,
    or ending a line of the header above the date line ("Tham vấn bởi Luật sư <name>",
    "Chuyên viên pháp lý <name>", "Bài, ảnh: <name>")."""
    line_start = ctx.text.rfind("\n", 0, start) + 1
    line_end = ctx.text.find("\n", end)
    line = ctx.text[line_start: len(ctx.text) if line_end < 0 else line_end].strip()
    if len(line) <= end - start + 12 or ctx.text[start:end].isupper() or _names_only(line):
        return True
    ends_line = not ctx.text[end: len(ctx.text) if line_end < 0 else line_end].strip(" .,;:-–")
    return ends_line and start < header_end(ctx.text)


def _appositive(ctx: Context, name_end: int) -> list[PostMention]:
    """Posts after a name (", <post>, <post>") and an election after them ("…, được bầu giữ
    chức <post>", "… tái đắc cử <post>")."""
    posts, after = _posts_after(ctx, name_end)
    for pos in dict.fromkeys((name_end, after)):
        elected = _ELECTED.match(ctx.folded, pos) or _ELECTED.match(ctx.folded, pos + 1)
        if elected and (p := _post_at(ctx, elected.end())) is not None:
            posts.append(p)
            break
    return posts


def find_persons(ctx: Context) -> list[PersonMention]:
    """Person mentions with their posts, in text order."""
    heads = [p for m in ctx.triggers.finditer(_heads()) if (p := _post_at(ctx, m.start())) is not None]
    found: dict[int, PersonMention] = {}

    def add(start: int, end: int, posts: list[PostMention], cue: str) -> None:
        if start in found:
            found[start].posts.extend(q for q in posts if q not in found[start].posts)
            return
        found[start] = PersonMention(start, end, ctx.text[start:end], list(posts), cue)

    for m in _CUE.finditer(ctx.folded):
        span = _name_at(ctx, m.end(), strict=False)
        if span is None and (one := _ONE_WORD_NAME.match(ctx.text, m.end())):
            span = one.span()  # "Đồng chí K'Mák, Phó Bí thư Huyện ủy": a Kơ Ho name of one word
        if span is not None:
            rank = ctx.folded[m.start()] == "t" or ctx.folded.startswith("dai ", m.start())
            title = ctx.text[m.start():m.end()].strip(" :")
            own = [PostMention(m.start(), m.start() + len(title), title, title, None)] if rank else []  # a rank is a post too
            add(span[0], span[1], _posts_before(ctx, m.start(), heads) + own + _appositive(ctx, span[1]), "cue")
    for p in heads:  # "Tổng Bí thư Nguyễn …", also across a wrapped line ("Tổng Bí thư\nNguyễn …")
        if ctx.text[p.end:p.end + 1] not in (" ", ",", "\n") or ctx.text[p.end + 1:p.end + 2] == "\n":
            continue
        start = p.end + 1
        academic = _ACADEMIC.match(ctx.text, p.end)  # "Báo cáo viên Trung ương, TS. Hồ Văn Kỳ"
        if academic and academic.end() > p.end + 1:
            start = academic.end()
        span = _name_at(ctx, start, strict=False)
        if span is None or span[0] in found:
            continue
        # after a post a name must start with a family name: "Huyện ủy Cư Kuin" is a place (but
        # "Tỉnh ủy Rơ Châm Long chủ trì" is a name)
        if not _starts_a_name(ctx.text, *span) and _name_after_committee(ctx, start) is None or _byline(ctx, *span):
            continue
        add(span[0], span[1], _posts_before(ctx, span[0], heads) + _appositive(ctx, span[1]), "post")
    for m in _surname_starts().finditer(ctx.text):
        if any(f.start <= m.start() < f.end for f in found.values()):
            continue
        span = _name_at(ctx, m.start(), strict=True)
        if span is None:  # "…; Lương Cường - Ủy viên Bộ Chính trị, …": a short name with its posts
            span = _name_at(ctx, m.start(), strict=False)
            if span is None or _PLACE_BEFORE.search(ctx.folded, max(0, span[0] - 12), span[0]) \
                    or not _posts_after(ctx, span[1])[0]:
                continue
        if _byline(ctx, *span) or ctx.body_at(span[0]) is not None:
            continue
        if any(p.start <= span[0] < p.end for p in heads):
            continue
        add(span[0], span[1], _appositive(ctx, span[1]), "name")
    if _english_page(ctx):
        for start, end, posts in _english_names(ctx):
            if start not in found and not any(f.start <= start < f.end for f in found.values()):
                add(start, end, posts, "english")
    # a signature block: "PHÓ BÍ THƯ THƯỜNG TRỰC / (Đã ký) / Name" (none without its "(Đã ký")
    signed = _SIGNED.finditer(ctx.text) if "(Đã ký" in ctx.text or "(đã ký" in ctx.text else ()
    for m in signed:
        span = _name_at(ctx, m.end(), strict=False)
        if span is not None and span[0] not in found:
            title = " ".join(m["post"].split()).capitalize()
            add(span[0], span[1], [PostMention(m.start("post"), m.end("post"), title, title, None)], "signature")
    return sorted(found.values(), key=lambda x: x.start)


# English pages of Vietnamese sites: "Provincial Party Secretary Hoang Trung Dung chaired …",
# "… chaired by Nguyen Hong Linh, Secretary of the provincial Party Committee."
# (each word's first letter first, the look back after it: the engine skips ahead to the next t, o, a,
# i or w instead of trying the look back at every character; the same matches as
# "(?<![\w])(?:the|of|and|to|in|on|was|with)(?![\w])", 2.7× faster)
_EN_WORDS = re.compile(r"(?:t(?<![\w]t)(?:he|o)|o(?<![\w]o)[fn]|a(?<![\w]a)nd|i(?<![\w]i)n|w(?<![\w]w)(?:as|ith))(?![\w])")
_VI_WORDS = re.compile(r"(?<![\w])(?:của|và|các|những|được|trong|với)(?![\w])")
_EN_TITLE_WORD = re.compile(r"(?:Secretary|Chairman|Chairwoman|Chair|President|Minister|member|Member|Head|Director|"
                            r"Deputy|Vice|Chief|General|leader|Leader|Mr|Mrs|Ms)\.?$|Secretariat$")
_EN_POST_BEFORE = re.compile(r"(?:(?:[A-Z][\w'’-]*|of|the|and|'s|’s|member|secretary|chairman|deputy|vice|head|chief|"
                             r"standing|permanent|provincial|municipal|district|city|party)\s+){1,14}$")
_EN_POST_AFTER = re.compile(r",\s+(?P<post>(?:[Vv]ice |[Dd]eputy |[Pp]ermanent |[Ss]tanding )?(?:[A-Z][\w'’-]*|member)"
                            r"[^,.;()]{0,90}?)(?=,|\.|;|\s+(?:chaired|presided|said|stressed|attended)\b)")


@lru_cache(maxsize=1)
def _ascii_surnames() -> frozenset[str]:
    return frozenset(fold(x) for x in reference.surname_forms())


def _english_page(ctx: Context) -> bool:
    """Whether the text is an English page: English function words outnumber Vietnamese ones."""
    head = ctx.text[:3000]
    en = len(_EN_WORDS.findall(head))
    return en >= 5 and en > 3 * len(_VI_WORDS.findall(head))


def _english_names(ctx: Context) -> list[tuple[int, int, list[PostMention]]]:
    """Vietnamese names written without their marks on an English page ("Hoang Trung Dung"): two
    to four capitalised words, the first a family name, not a place; a two-word name only after
    a title ("Secretary To Lam"). Each with the post written before it ("Provincial Party
    Secretary") or after it (", Secretary of the provincial Party Committee,")."""
    out: list[tuple[int, int, list[PostMention]]] = []
    for m in re.finditer(r"(?<![\w])[A-Z][a-z]+(?: [A-Z][a-z]+)+(?![\w])", ctx.text):
        words = m.group(0).split()
        k = next((i for i, w in enumerate(words) if w.lower() in _ascii_surnames()), None)
        if k is None or len(words) - k < 2:
            continue
        start = m.start() + len(" ".join(words[:k])) + (1 if k else 0)
        name = words[k:k + 4]
        end = start + len(" ".join(name))
        if province_at(ctx.folded, start) is not None or fold(" ".join(name)) in _HISTORICAL:
            continue
        pb = _EN_POST_BEFORE.search(ctx.text, max(0, start - 160), start)
        titled = pb is not None and any(_EN_TITLE_WORD.match(w) for w in pb.group(0).split())
        if len(name) == 2 and not titled:
            continue
        posts: list[PostMention] = []
        if pb and titled:
            title = ctx.text[pb.start():start].strip()
            title = re.sub(r"^(?:(?:The|the|and|of|A|a)\s+)+", "", title)
            posts.append(PostMention(start - len(title) - 1, start - 1, title, title, None))
        pa = _EN_POST_AFTER.match(ctx.text, end)
        if pa and re.search(r"Secretary|Chairman|Chairwoman|President|Minister|member|Head|Director|Chief",
                            pa["post"]):
            posts.append(PostMention(pa.start("post"), pa.end("post"), pa["post"], pa["post"], None))
        out.append((start, end, posts))
    return out


def post_fact(p: PostMention) -> PostFact:
    """The post as a fact: id from its role and body."""
    body_id = p.body.id if p.body else None
    return PostFact(post_id(p.role, body_id), p.title, body_id, p.body.name if p.body else None)


