"""Bodies named in text, resolved to canonical names and placed in their hierarchy.

Central bodies come from ``ontology/data/bodies.yaml``; a province's bodies from its
templates ("Ban Tổ chức Tỉnh ủy {p}" belongs to "Tỉnh ủy {p}"). A provincial body named
without its province ("Ban Thường vụ Tỉnh ủy") takes the article's province, worked out
from its URL, title and text by ``article_province``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from loaders.lexicon import central_body, committee_of, gazetteer, name_run, nearby_province, province_at
from loaders.text.triggers import Triggers, finditer, gate, gate_later
from ontology import reference
from ontology.ids import body_id
from ontology.records import BodyFact
from ontology.reference import Province
from ontology.text import fold
from ontology.vocab import BodyKind


@dataclass(frozen=True, slots=True)
class BodyMention:
    """A body named at a span of the text."""

    start: int
    end: int
    body: BodyFact
    parent: BodyFact | None = None


# a committee's board with its abbreviation in brackets: "Ủy ban Kiểm tra (UBKT) Tỉnh ủy", "Ban Thường vụ (BTV) Tỉnh ủy"
_ABBREVIATED = r"(?:\s*\([a-z]{2,8}\))?"


@lru_cache(maxsize=1)
def _provincial() -> tuple[dict[str, tuple[str, BodyKind]], re.Pattern[str]]:
    """The bodies of a committee ("Ban Tổ chức", "BTV" …, from the data) and the pattern of a
    provincial body: "Ban Tổ chức Tỉnh ủy", "Ban Chấp hành Đảng bộ tỉnh" …"""
    sub = reference.provincial_sub_bodies()
    pattern = re.compile(
        r"(?<![\w])(?:(?P<sub>" + "|".join(sorted(sub, key=len, reverse=True)) + r")" + _ABBREVIATED + r"\s+)?"
        r"(?:(?P<com>tinh uy|thanh uy)|(?P<org>ban chap hanh dang bo|bch dang bo|dang bo)\s+(?P<level>tinh|thanh pho))"
        r"(?![\w])"
    )
    return sub, gate(pattern)


@lru_cache(maxsize=1)
def _district() -> re.Pattern[str]:
    """A district's committee and its bodies, as a province's ("Ban Dân vận Huyện ủy Kỳ Anh",
    "Ủy ban Kiểm tra Thị ủy …"); a provincial city's Thành ủy ("Thành ủy Vinh") where no province
    is named after it (a province's Thành ủy is found first). "Ban Chấp hành Đảng bộ huyện Lục Ngạn"
    is the Huyện ủy Lục Ngạn, as "Ban Chấp hành Đảng bộ tỉnh" is the Tỉnh ủy; so is "Đảng bộ huyện Lục Ngạn"
    (as "Đảng bộ tỉnh …"), whose congress the Huyện ủy convenes, and "Đảng bộ thành phố Vinh" is the Thành
    ủy Vinh (a province's "Đảng bộ thành phố Hà Nội" is found first)."""
    sub = reference.provincial_sub_bodies()
    return gate(re.compile(r"(?<![\w])(?:(?P<sub>" + "|".join(sorted(sub, key=len, reverse=True)) + r")" + _ABBREVIATED + r"\s+)?"
                           r"(?:(?P<com>huyen uy|quan uy|thi uy|thanh uy)|(?:(?:ban chap hanh|bch)\s+)?dang bo\s+(?P<level>huyen|quan|thi xa|thanh pho))\s+"))


_SPACES = re.compile(r"\s+")


def _gate_gazetteer() -> None:
    g = gazetteer()
    gate(g.central)
    gate(g.province)


for _build in (_provincial, _district, _gate_gazetteer):
    gate_later(_build)

_BARE_DISTRICT = {"huyen uy": "Huyện ủy", "quan uy": "Quận ủy", "thi uy": "Thị ủy", "thanh uy": "Thành ủy"}
# the committee of a district's Party organisation ("Đảng bộ huyện …" → "Huyện ủy …")
_DISTRICT_COMMITTEE = {"huyen": "Huyện ủy", "quan": "Quận ủy", "thi xa": "Thị ủy", "thanh pho": "Thành ủy"}
# "Đảng ủy xã Thanh Bính", "Đảng ủy phường 3", "Đảng ủy cơ quan Văn phòng Quốc hội": the
# committee of a unit; its documents form the …/ĐU series of that unit. A province's bloc
# committees ("Đảng ủy Khối các cơ quan tỉnh", and since 2025 "Đảng ủy các cơ quan Đảng tỉnh" and
# "Đảng ủy UBND tỉnh", named in full as "Đảng ủy Ủy ban nhân dân tỉnh …") take the province named
# after them, else the article's.
_PARTY_COMMITTEE = gate(re.compile(
    # "(Ban Chấp hành) Đảng bộ xã / phường / thị trấn X" is its Đảng ủy, as "Đảng bộ tỉnh X" is the Tỉnh ủy
    r"(?<![\w])(?:dang uy|(?:(?:ban chap hanh|bch)\s+)?dang bo(?=\s+(?:xa|phuong|thi tran)\s))\s+"
    r"(?:(?P<bloc>(?:khoi\s+(?:cac\s+)?(?:co quan(?:\s+va\s+doanh nghiep)?|doanh nghiep)|cac\s+co quan dang)"
    r"(?:\s+(?:tinh|thanh pho))?|(?P<ppc>uy ban nhan dan|ubnd)\s+(?:tinh|thanh pho))(?![\w])\s*|"
    r"(?P<unit>xa|phuong|thi tran|co quan|quan su|cong an|truong)?\s*)"))
# "Ban cán sự đảng UBND tỉnh (Vĩnh Long)": the Party group of a province's People's Committee,
# whose documents form the …/BCS series of that province
_CADRE_GROUP = gate(re.compile(r"(?<![\w])ban can su dang\s+(?:uy ban nhan dan|ubnd)\s+(?P<level>tinh|thanh pho)(?![\w])"))
# "Đảng đoàn HĐND tỉnh (Quảng Ninh)", "Đảng đoàn Ủy ban MTTQ Việt Nam tỉnh …": the Party group of a
# province's People's Council or Fatherland Front, as the Ban cán sự đảng is the People's Committee's
_PARTY_GROUP = gate(re.compile(
    r"(?<![\w])dang doan\s+(?P<of>hdnd|hoi dong nhan dan|(?:uy ban\s+)?(?:mttq|mat tran to quoc)(?:\s+viet nam)?)"
    r"\s+(?P<level>tinh|thanh pho)(?![\w])"))
_GROUP_OF = {"h": "Hội đồng nhân dân", "u": "Ủy ban Mặt trận Tổ quốc Việt Nam", "m": "Ủy ban Mặt trận Tổ quốc Việt Nam"}
# "Chi bộ thôn Đông Hòa", "Chi bộ Khu phố 5", "Chi bộ trường THCS Lê Lợi": a grassroots Party cell,
# named by its unit (a capitalised "Chi bộ": "các chi bộ" is a class)
_CELL = gate(re.compile(r"(?<![\w])chi bo\s+(?P<unit>(?:thon|ap|ban|xom|buon|lang|khu pho|to dan pho|khu dan cu|khu|to|"
                        r"truong)\s+)?(?=\S)"))
# "Ban Chỉ đạo 35 Tỉnh ủy Long An", "Ban Chỉ đạo phòng, chống tham nhũng, lãng phí, tiêu cực tỉnh Nghệ
# An": a province's steering committee, its subject in lower case (not "Ban Chỉ đạo yêu cầu tỉnh …")
_STEERING = gate(re.compile(r"(?<![\w])ban chi dao\s+(?P<topic>(?:(?!(?:de nghi|yeu cau|giao|chi dao|to chuc|da|se|vua|cua|"
                            r"tai|cho|voi|va cac|cac|trong|tren)\b)[\w-]+,?\s+){1,12}?)(?P<level>tinh uy|thanh uy|tinh|thanh pho)"
                            r"(?![\w])"))
# "Tiểu ban Văn kiện Đại hội Đảng bộ tỉnh Bắc Ninh lần thứ XXI": a subcommittee that prepares a
# province's congress, its own body (not the province's committee named inside it)
_SUBCOMMITTEE = gate(re.compile(r"(?<![\w])tieu ban\s+(?P<topic>(?:[\w-]+,?\s+){1,6}?)dai hoi\s+(?:dai bieu\s+)?dang bo\s+"
                                r"(?P<level>tinh|thanh pho)\s+"))
_ORDINAL_AFTER = re.compile(r"\s+lan thu\s+[ivxl\d]+(?![\w])")
_CLUSTER = gate(re.compile(r"(?<![\w])cum thi dua so\s+(?P<n>\d{1,2})(?![\d])"))
# "Vụ …" (its letter first, the look back after it: the engine skips ahead to a "v")
_DEPARTMENT = re.compile(r"[vV](?<![\w][vV])[uU]\s+(?=(?i:[A-ZĐ]))")
_NAME_WORD = re.compile(r"[A-ZĐÀ-Ỹ][\wÀ-ỹ'’-]*|[A-ZĐ]{1,3}")


_PROVINCE_WORD = re.compile(r"(?<![\w])(?:tinh|thanh pho)\s+")
# the lower-case second syllable of a department's name, which ends a unit's name as a capitalised
# word does: "Đảng ủy Sở Tài chính / Nội vụ / Y tế / Tư pháp / Xây dựng", "Đảng ủy Bộ đội Biên phòng"
_NAME_TAILS = frozenset(["chính", "vụ", "tế", "pháp", "dựng", "phòng"])
_UNIT_WORDS = frozenset(["an", "khu", "tỉnh", "huyện", "thành", "phố", "quận", "xã", "phường", "thị", "trấn", "các", "cơ", "quan", "sự", "chỉ", "huy", "doanh", "nghiệp", "viện", "trường", "đội"]) | _NAME_TAILS
_TOKEN = re.compile(r"[^\W_][\w'’.-]*")
# a lower-case word that goes on a unit's name after the word before it, as names of units written in
# sentence case do: "Quân chủng / Binh chủng …", "Ngân hàng Chính sách xã hội", "Phòng không - Không quân",
# "Hải quân", "Ngân hàng Nhà nước …", "Tập đoàn Điện lực …", "Tổng cục Chính trị / Hậu cần / Kỹ thuật",
# "Binh chủng Công binh"; the second word of each pair may end the name
_NAME_PAIRS = frozenset([("quân", "chủng"), ("binh", "chủng"), ("ngân", "hàng"), ("chính", "sách"), ("sách", "xã"),
                         ("xã", "hội"), ("phòng", "không"), ("tập", "đoàn"), ("tổng", "cục"), ("không", "quân"),
                         ("hải", "quân"), ("nhà", "nước"), ("chính", "trị"), ("hậu", "cần"), ("kỹ", "thuật"),
                         ("điện", "lực"), ("công", "binh"), ("quân", "khu"), ("quân", "đoàn")])
_PAIR_TAILS = frozenset(b for _, b in _NAME_PAIRS)
# the dash that joins two parts of a unit's name: "Quân chủng Phòng không - Không quân"
_NAME_DASH = re.compile(r" [-–] (?=[A-ZĐÀ-Ỹ])")


@lru_cache(maxsize=1)
def _name_heads() -> frozenset[str]:
    """The words that begin an ethnic-minority name and no place (titles.yaml name_heads, as written)."""
    return frozenset(str(w) for w in reference.data("titles.yaml").get("name_heads") or [])


def _starts_name(text: str, pos: int) -> bool:
    """Whether a family name at ``pos`` begins a personal name of three syllables or more; also a
    name opened by an ethnic name's head, of two or more ("Huyện ủy Siu Hương", "Huyện ủy Danh Hoàng
    Thái"), and any run whose second word is "Thị" (the middle name of a woman: "Huyện ủy Sơn Thị Ánh
    Hồng"). Not a place that ends with a family name before one that says "Văn" or "Thị" next: in
    "Huyện ủy Sơn Hà Đinh Thị Hồng Minh" the name begins at "Đinh", not at "Hà"."""
    run = name_run(text, pos, 5)
    if run is None:
        return False
    words = text[run[0]:run[1]].split(" ")
    if words[0] in _name_heads():
        return True
    if len(words) >= 3 and words[1] == "Thị":
        return True
    if len(words) >= 4 and words[1] in reference.surname_forms() and words[2] in ("Văn", "Thị"):
        return False
    return words[0] in reference.surname_forms() and len(words) >= 3


@lru_cache(maxsize=1)
def _type_words() -> re.Pattern[str]:
    """The names of document types of two words or more, folded ("quyet dinh", "ke hoach")."""
    names = sorted({fold(n) for d in reference.doc_types() for n in d.names if " " in n}, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(re.escape(n) for n in names)})(?![^\W\d_])")


def _capitalised_run(text: str, start: int, max_words: int = 4) -> tuple[str, int]:
    """The name of a unit from an offset ("Điện Bàn", "Ia Grai", "Quận 3", "Công an tỉnh
    Thanh Hóa", "ĐỊNH HOÁ" in a letterhead), with where it ends. Words are capitalised, or
    numbers, or the lower-case words of unit names; the run stays on its line and stops
    where a personal name begins ("Đảng ủy Khối Phạm Quang Thao") or a document type's
    name ("BAN THƯỜNG VỤ HUYỆN ỦY QUYẾT ĐỊNH")."""
    pos = start
    words: list[tuple[str, int]] = []
    pairs = 0  # the second words of pairs ("Ngân hàng"), which do not count against the length
    while len(words) - pairs < max_words + 2:
        p = pos + 1 if words else pos
        if words and (dash := _NAME_DASH.match(text, pos)) is not None:
            p = dash.end()
        elif words and text[pos:pos + 1] != " ":
            break
        w = _TOKEN.match(text, p)
        if not w:
            break
        word = w.group(0).rstrip(".")
        capital = word[0].isupper() or word.isdigit()
        paired = bool(words) and (words[-1][0].lower(), word) in _NAME_PAIRS
        if not capital and word not in _UNIT_WORDS and not paired:
            break
        if capital and not word.isdigit() and _starts_name(text, p):
            break
        if capital and _type_words().match(fold(text[p:p + 40])):
            break  # "BAN THƯỜNG VỤ HUYỆN ỦY QUYẾT ĐỊNH": the heading's verb, not a unit's name
        pairs += paired
        words.append((word, p + len(word)))
        pos = p + len(word)
    while words and not (words[-1][0][0].isupper() or words[-1][0].isdigit() or words[-1][0] in _NAME_TAILS
                         or words[-1][0] in _PAIR_TAILS and len(words) > 1
                         and (words[-2][0].lower(), words[-1][0]) in _NAME_PAIRS):
        words.pop()
    if not words:
        return "", start
    name = text[start:words[-1][1]]
    if name.isupper() and len(name) > 3:  # a letterhead: "ĐỊNH HOÁ" → "Định Hoá"
        name = " ".join(x.capitalize() if not x.isdigit() else x for x in name.split())
    return name, words[-1][1]


def find_bodies(text: str, folded: str, province: Province | None, day: date | None,
                sentence_start: Callable[[int], int] | None = None,
                triggers: Triggers | None = None) -> list[BodyMention]:
    """Bodies named in the text, longest match first, without overlaps. A provincial body
    named without its province belongs to the province named earlier in its sentence, else
    to the article's. With the text's trigger pass, the patterns run only where their first
    words stand."""
    g = gazetteer()
    gate(g.central)
    found: list[BodyMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(a: int, b: int, body: BodyFact, parent: BodyFact | None = None) -> None:
        if free(a, b):
            found.append(BodyMention(a, b, body, parent))
            taken.append((a, b))

    for m in finditer(_SUBCOMMITTEE, folded, triggers):
        found_at = province_at(folded, m.end())
        if not text[m.start()].isupper() or found_at is None:
            continue
        ordinal = _ORDINAL_AFTER.match(folded, found_at[1])
        end = ordinal.end() if ordinal else found_at[1]
        committee = committee_of(found_at[0], day)
        name = " ".join(text[m.start():end].split())
        add(m.start(), end, BodyFact(body_id(name), name, BodyKind.OTHER, committee.id, committee.province), committee)
    for m in finditer(_STEERING, folded, triggers):
        topic = text[m.start("topic"):m.end("topic")].strip()
        if not text[m.start()].isupper() or any(c.isupper() for c in topic):
            continue
        hit = province_at(folded, m.end() + 1) if folded[m.end():m.end() + 1] == " " else None
        if m["level"] in ("tinh", "thanh pho") and hit is None and text[m.end() + 1:m.end() + 2].isupper():
            continue  # "… tỉnh Xyz", a name not known as a province's
        prov, end = hit if hit else (province, m.end())
        if prov is None:
            continue
        committee = committee_of(prov, day)
        where = f"{text[m.start('level'):m.end('level')]} {prov.name}" if m["level"] in ("tinh", "thanh pho") else committee.name
        name = f"Ban Chỉ đạo {topic} {where}"
        add(m.start(), end, BodyFact(body_id(name), name, BodyKind.OTHER, committee.id, committee.province), committee)
    last_named: Province | None = None
    bare_units: set[int] = set()  # where a unit committee is named without its province
    subs, provincial = _provincial()
    for m in finditer(provincial, folded, triggers):
        head = m.start("sub") if m["sub"] else m.start()
        if not text[head].isupper() and not (m["sub"] and text[m.start("com") if m["com"] else m.start("org")].isupper()):
            continue  # "các tỉnh ủy, thành ủy": a class, not a body
        end = m.end()
        prov = None
        named = False
        spaced = _SPACES.match(folded, end)
        if spaced:
            hit = province_at(folded, spaced.end())
            if hit:
                prov, end = hit
                named = True
                if (m["com"] == "thanh uy" or m["level"] == "thanh pho") and reference.committee_word(prov, day) != "Thành ủy":
                    continue  # "Thành ủy / Đảng bộ thành phố Thái Nguyên": the province's city, of the same name
        if prov is None and m["level"] == "thanh pho" and (hit := province_at(folded, m.start("level"))):
            prov, end = hit  # "Đảng bộ Thành phố Hồ Chí Minh": the words are the city's name
            named = True
        if prov is None and m["level"] == "thanh pho" and spaced and text[spaced.end():spaced.end() + 1].isupper():
            continue  # "Đảng bộ thành phố Vinh": a provincial city's (``_district``), not a province's
        if prov is None and sentence_start is not None:
            prov = nearby_province(text, folded, sentence_start(m.start()), m.start())
        if prov is None:
            if (m["com"] == "thanh uy" or m["level"] == "thanh pho") and (province is None or not province.city) and (
                    last_named is None or not last_named.city):
                continue  # a provincial city's committee, not a province's
            prov = province or last_named  # else the province whose committee the text last named
        elif named:
            last_named = prov
        if prov is None:
            continue
        # a province named in the text that the 2025 merger absorbed is the old province's
        # body ("Nghị quyết … của Tỉnh ủy Hậu Giang" in a 2025 article): the name says so
        named_old = named and prov.merged_into != prov.name
        committee = committee_of(prov, None if named_old else day)
        if m["sub"]:
            label, kind = subs[m["sub"]]
            name = f"{label} {committee.name}"
            add(m.start(), end, BodyFact(body_id(name), name, kind, committee.id, committee.province), committee)
        else:
            add(m.start(), end, committee)
    districts = []
    for m in finditer(_district(), folded, triggers):
        if not text[m.start()].isupper():
            continue
        if m["com"] == "quan uy" and not text[m.start("com"):m.start("com") + 4].lower().startswith("quận"):
            continue  # Quân ủy (the military commission) is not a Quận ủy (an urban district)
        districts.append((m, *_capitalised_run(text, m.end(), 3)))
    # "Ban Thường vụ Huyện ủy" named without its district: the one district of that word the text names
    # (a bare "Thành ủy" of a centrally-run city was taken above as the province's)
    by_word = {(m["com"], name) for m, name, end in districts if name and m["com"] and free(m.start(), end)}
    for m, name, end in districts:
        bare = not name
        if bare and m["com"] in _BARE_DISTRICT and len(only := [n for c, n in by_word if c == m["com"]]) == 1:
            name, end = only[0], m.end("com")
        if not name:
            continue
        com = _BARE_DISTRICT[m["com"]] if bare else \
            text[m.start("com"):m.end("com")] if m["com"] else _DISTRICT_COMMITTEE[m["level"]]
        district = f"{com[0].upper()}{com[1:]} {name}"
        parent = committee_of(province, day) if province else None
        d_body = BodyFact(body_id(district + (f" {parent.province}" if parent else "")), district,
                          BodyKind.DISTRICT_COMMITTEE, parent.id if parent else None,
                          parent.province if parent else None)
        if m["sub"]:
            label, kind = subs[m["sub"]]
            sub = f"{label} {district}"
            add(m.start(), end, BodyFact(body_id(sub + (f" {parent.province}" if parent else "")), sub, kind,
                                         d_body.id, d_body.province), d_body)
        else:
            add(m.start(), end, d_body, parent)
    for m in finditer(g.central, folded, triggers):
        spec = g.central_index[" ".join(m.group(0).split())]
        parent_id = body_id(spec.parent) if spec.parent else None
        add(m.start(), m.end(), BodyFact(body_id(spec.name), spec.name, spec.kind, parent_id))
    for m in finditer(_PARTY_COMMITTEE, folded, triggers):
        if not text[m.start()].isupper():
            continue
        parent = committee_of(province, day) if province else None
        if m["bloc"]:  # "Đảng ủy Khối các cơ quan tỉnh (Cà Mau)": the province's bloc committee
            hit = province_at(folded, m.end())
            prov = hit[0] if hit else province
            end = hit[1] if hit else m.end("bloc")
            if prov is None or not free(m.start(), end):
                continue
            bloc = " ".join(text[m.start("bloc"):m.end("bloc")].split())
            if m["ppc"]:
                bloc = "Ủy ban nhân dân" + bloc[m.end("ppc") - m.start("bloc"):]
            city = reference.committee_word(prov, day) == "Thành ủy"
            level = _BLOC_LEVEL.search(fold(bloc))
            if level is None:  # "Đảng ủy Khối các cơ quan" named bare: the one "… tỉnh X" names in full
                bloc = f"{bloc} {'thành phố' if city else 'tỉnh'}"
            elif hit is None and level.group(0) == "thanh pho" and not city:
                continue  # "Đảng ủy UBND thành phố" in a province's article: a provincial city's
            parent = committee_of(prov, day)
            full = f"Đảng ủy {bloc[:1].upper() + bloc[1:]} {prov.name}"
            add(m.start(), end, BodyFact(body_id(full), full, BodyKind.PARTY_COMMITTEE, parent.id, parent.province),
                parent)
            continue
        name, end = _capitalised_run(text, m.end(), 5)
        level = _UNIT_LEVEL.match(folded, m.end()) if m["unit"] in ("cong an", "quan su") and not name else None
        if level is not None and parent is not None and free(m.start(), level.end()):
            # "Đảng ủy Công an tỉnh" named bare: the one the text names in full (``_bare_committees``),
            # else the article's province's
            full = f"Đảng ủy {text[m.start('unit'):m.end('unit')]} {text[level.start():level.end()]} {parent.province}"
            add(m.start(), level.end(), BodyFact(body_id(full), full, BodyKind.PARTY_COMMITTEE, parent.id,
                                                 parent.province), parent)
            bare_units.add(m.start())
            continue
        if not name or not free(m.start(), end):
            continue
        full = f"Đảng ủy {text[m.start('unit'):m.end('unit')] + ' ' if m['unit'] else ''}{name}"
        # "Đảng ủy Quân sự tỉnh Sóc Trăng": a province that ends the name is the unit's own (and is
        # in its id already), whatever the article's province
        in_name = _PROVINCE_WORD.search(folded, m.end(), end)
        hit = province_at(folded, in_name.end()) if in_name else None
        if hit is not None and hit[1] == end:
            parent = committee_of(hit[0], day)
            full_id = body_id(full)
        elif m["unit"] is None and _NATIONAL_UNIT.search(name):
            # "Đảng ủy Quân khu 7", "Đảng ủy Quân chủng Hải quân" (under the Quân ủy Trung ương),
            # "Đảng ủy Ngân hàng Nhà nước Việt Nam": a national unit, no province's, wherever the article is
            parent = central_body("Quân ủy Trung ương") if _ARMY_UNIT.match(name) else None
            full_id = body_id(full)
        else:
            full_id = body_id(full + (f" {parent.province}" if parent else ""))
        add(m.start(), end, BodyFact(full_id, full,
                                     BodyKind.PARTY_COMMITTEE, parent.id if parent else None,
                                     parent.province if parent else None), parent)
    for m in finditer(_CADRE_GROUP, folded, triggers):
        if not text[m.start()].isupper():
            continue
        hit = province_at(folded, m.end() + 1) if folded[m.end():m.end() + 1] == " " else None
        prov = hit[0] if hit else (nearby_province(text, folded, sentence_start(m.start()), m.start())
                                   if sentence_start is not None else None) or province
        if prov is None:
            continue
        end = hit[1] if hit else m.end()
        parent = committee_of(prov, day)
        unit = "thành phố" if reference.committee_word(prov, day) == "Thành ủy" else "tỉnh"
        full = f"Ban cán sự đảng Ủy ban nhân dân {unit} {prov.name}"
        add(m.start(), end, BodyFact(body_id(full), full, BodyKind.PARTY_COMMITTEE, parent.id, parent.province), parent)
    for m in finditer(_PARTY_GROUP, folded, triggers):
        if not text[m.start()].isupper():
            continue
        hit = province_at(folded, m.end() + 1) if folded[m.end():m.end() + 1] == " " else None
        prov = hit[0] if hit else province
        if prov is None:
            continue
        parent = committee_of(prov, day)
        unit = "thành phố" if reference.committee_word(prov, day) == "Thành ủy" else "tỉnh"
        full = f"Đảng đoàn {_GROUP_OF[m['of'][0]]} {unit} {prov.name}"
        add(m.start(), hit[1] if hit else m.end(), BodyFact(body_id(full), full, BodyKind.PARTY_COMMITTEE, parent.id,
                                                            parent.province), parent)
    for m in finditer(_CELL, folded, triggers):
        if text[m.start()] != "C":
            continue
        name, end = _capitalised_run(text, m.end(), 4)
        if not name or not free(m.start(), end):
            continue
        parent = committee_of(province, day) if province else None
        full = f"Chi bộ {text[m.start('unit'):m.end('unit')] if m['unit'] else ''}{name}"
        add(m.start(), end, BodyFact(body_id(full + (f" {parent.province}" if parent else "")), full,
                                     BodyKind.PARTY_COMMITTEE, parent.id if parent else None,
                                     parent.province if parent else None), parent)
    for m in finditer(_CLUSTER, folded, triggers):
        name = f"Cụm thi đua số {int(m['n'])}"
        add(m.start(), m.end(), BodyFact(body_id(name), name, BodyKind.EMULATION_CLUSTER))
    for m in _DEPARTMENT.finditer(text):
        if text[m.start()] != "V":
            continue
        name, end = _capitalised_run(text, m.end(), 3)
        if name and free(m.start(), end):
            full = f"Vụ {name}"
            add(m.start(), end, BodyFact(body_id(full), full, BodyKind.DEPARTMENT))
    found.sort(key=lambda b: b.start)
    return _bare_committees(found, bare_units)


def _bare_committees(found: list[BodyMention], bare: set[int] | frozenset[int] = frozenset()) -> list[BodyMention]:
    """A committee named bare is the one the text names in full: "Đảng ủy Khối" the one bloc
    committee ("Đảng ủy Khối các cơ quan tỉnh Hà Tĩnh … Đảng ủy Khối đã …"), "Đảng ủy Công an tỉnh" or
    "Đảng ủy Bộ đội Biên phòng" the one named with its province ("… tỉnh Cà Mau"), "Đảng ủy Quân khu" the one
    named with its number ("Đảng ủy Quân khu 7"); not bodies of their own."""
    party = [b for b in found if b.body.kind is BodyKind.PARTY_COMMITTEE]
    full: dict[str, set[str]] = {}
    by_id = {b.body.id: b for b in party}
    for b in party:
        name = b.body.name
        if b.start in bare:
            continue  # named bare, completed with the article's province: it names no province of its own
        if name.startswith("Đảng ủy Khối "):
            full.setdefault("Đảng ủy Khối", set()).add(b.body.id)
        if b.body.province and (stem := _PROVINCE_TAIL.sub("", name)) != name:
            full.setdefault(stem, set()).add(b.body.id)
        if (army := _NUMBERED_UNIT.match(name)) is not None:  # "Đảng ủy Quân khu 7": the bare "Đảng ủy Quân khu"
            full.setdefault(army[1], set()).add(b.body.id)
    out = []
    for b in found:
        name = _PROVINCE_TAIL.sub("", b.body.name) if b.start in bare else b.body.name
        ids = full.get(name) if b.body.kind is BodyKind.PARTY_COMMITTEE else None
        if ids is not None and len(ids) == 1 and b.body.id not in ids:
            whole = by_id[next(iter(ids))]
            b = BodyMention(b.start, b.end, whole.body, whole.parent)
        out.append(b)
    return out


# a unit of the whole country: the army's regions, services, arms and corps, and a name ending "Việt Nam"
_ARMY_UNIT = re.compile(r"(?:Quân khu|Quân chủng|Binh chủng|Quân đoàn) ")
_NATIONAL_UNIT = re.compile(r"^(?:Quân khu|Quân chủng|Binh chủng|Quân đoàn)(?: |$)| Việt Nam$")
# an army unit's committee named with its number ("Đảng ủy Quân khu 7", "Đảng ủy Quân đoàn 34"), and its bare name
_NUMBERED_UNIT = re.compile(r"^(Đảng ủy (?:Quân khu|Quân đoàn)) \d+$")
# the level word that ends a province's bloc committee ("… các cơ quan Đảng tỉnh", "… UBND thành phố")
_BLOC_LEVEL = re.compile(r"(?:tinh|thanh pho)$")
# the level word after a province's unit named without its province: "Đảng ủy Công an tỉnh", "… Quân sự
# thành phố" (not followed by a name: "tỉnh Cao Bằng" is read by the name's run)
_UNIT_LEVEL = re.compile(r"(?:tinh|thanh pho)(?![\w])")
# the province that ends a unit committee's name ("Đảng ủy Công an tỉnh Cao Bằng" → "Đảng ủy Công an tỉnh")
_PROVINCE_TAIL = re.compile(r"(?<=\S) (?:tỉnh|thành phố) [A-ZĐÀ-Ỹ][^,;()]*$|(?<=tỉnh) [A-ZĐÀ-Ỹ][^,;()]*$")


@lru_cache(maxsize=1)
def _squashed_provinces() -> dict[str, Province]:
    """Province names without spaces, as they appear in site names (baoangiang, hanoimoi)."""
    return {k.replace(" ", ""): p for k, p in gazetteer().province_index.items() if len(k.replace(" ", "")) >= 5}


@lru_cache(maxsize=4096)
def _site_provinces(netloc: str) -> tuple[Province, ...]:
    """The provinces a site's name holds, once for each label that holds it, in order ("baoangiang.com.vn":
    An Giang); a site's articles come one after another, so each is read once."""
    return tuple(p for label in netloc.lower().split(".") for key, p in _squashed_provinces().items() if key in label)


def _in_a_name(text: str, start: int) -> bool:
    """Whether a province's name at ``start`` is part of a person's: it continues a run of
    capitalised words that begins with a family name ("Nguyễn Nam Đình" is no Nam Định)."""
    words = text[max(0, start - 40):start].split()
    run: list[str] = []
    for w in reversed(words):
        if not w[:1].isupper() or not w.isalpha():
            break
        run.insert(0, w)
    return bool(run) and fold(run[0]) in reference.surnames()


# "tỉnh X", "Tỉnh ủy X"; also the province in brackets after a unit of it, as news places a
# district or a commune: "Huyện ủy Bình Sơn (Quảng Ngãi)", "xã Ea Tul (huyện Cư M'gar, Đắk Lắk)"
_OWN_PROVINCE = re.compile(r"(?<![\w])(?:tinh uy|thanh uy|tinh|thanh pho)\s+$|"
                           r"(?<![\w])(?:huyen|quan|thi xa|thanh pho|xa|phuong|thi tran|huyen uy|quan uy|thi uy|thanh uy)"
                           r"\s+[^\s(),.;:]+(?:\s+[^\s(),.;:]+){0,3}\s*\((?:[^()]{0,40},\s*)?(?:tinh\s+)?$")
_LEAD = 400


def article_province(text: str, folded: str, title: str | None, url: str | None,
                     triggers: Triggers | None = None) -> Province | None:
    """The province an article is about: its site, its title, then its text (lists of many
    provinces do not count). With the text's trigger pass, province names are looked for only
    where their first words stand."""
    g = gazetteer()
    gate(g.province)
    score: Counter[str] = Counter()
    by_name: dict[str, Province] = {}
    if url:
        for p in _site_provinces(urlsplit(url).netloc):
            score[p.name] += 3
            by_name[p.name] = p
    head = min(len(folded), 3000)
    for weight, source, fsource in ((2, title or "", fold(title or "")), (1, text[:head], folded[:head])):
        # the head of the text: its names are those the pass finds before 3000 (a match cannot run past it)
        found = (triggers.finditer(g.province, 0, head) if weight == 1 and triggers is not None
                 and triggers.folded is folded else g.province.finditer(fsource))
        hits = [(m.start(), m.end(), g.province_index.get(" ".join(m.group(0).replace("-", " ").split())))
                for m in found]
        for i, (a, b, hit) in enumerate(hits):
            if hit is None or not source[a:a + 1].isupper() or _in_a_name(source, a):
                continue
            in_list = any(
                j != i and abs(hits[j][0] - a) < 60 and "," in fsource[min(b, hits[j][1]):max(a, hits[j][0])]
                for j in range(max(0, i - 2), min(len(hits), i + 3))
            )
            if in_list:
                continue
            # in the headline and the lead, "tỉnh X", "Tỉnh ủy X", "Thành ủy X" name the province's own
            # units; "tại Hà Nội" may be a venue, and a guest's post later on is not the article's
            own = a < _LEAD and _OWN_PROVINCE.search(fsource, max(0, a - 60), a) is not None
            score[hit.name] += weight * (2 if own else 1)
            by_name[hit.name] = hit
    if not score:
        return None
    (top, n), *rest = score.most_common(2) + [("", 0)]
    second = rest[0][1] if rest else 0
    if n >= 2 and n >= 1.5 * second:
        return by_name[top]
    return None
