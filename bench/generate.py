"""Generate a deterministic corpus of synthetic Vietnamese Party news articles (JSONL).

Article *i* of seed *s* depends only on (s, i), so a 20,000-article corpus is a prefix
of a 40,000-article one. The wording comes from this file's own templates; the facts
(central document numbers, dates, issuers, subjects, province names) come from
``ontology/data`` (copied there from the shared reference CSVs). Local documents,
persons and meetings are invented, but consistently: "Kế hoạch số 126-KH/TU" of a
province implementing a central document has the same number and date in every
article that names it, and the same small numbers recur across provinces.

    python bench/generate.py --articles 20000 --out /tmp/gen.jsonl
    python bench/generate.py --mb 50 --out /tmp/gen50.jsonl
    python bench/generate.py --articles 20000 --shard 5000 --out /tmp/gen20k/   # files under 64 MiB
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
import zlib
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from ontology import reference
from ontology.reference import Province, RefDocument
from ontology.text import slug

LAST_DAY = date(2025, 6, 30)  # the 63 provinces end with the 2025 merger
SURNAMES = ("Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
            "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Hà", "Lương", "Đoàn", "Mai")
MIDDLE = ("Văn", "Văn", "Thị", "Thị", "Minh", "Quang", "Đức", "Thanh", "Hữu", "Ngọc", "Xuân", "Công", "Thành", "Kim",
          "Anh", "Tiến", "Hồng", "Trọng", "Mạnh", "Thu")
GIVEN = ("Hùng", "Dũng", "Lan", "Hương", "Tuấn", "Nam", "Bình", "Hải", "Long", "Phương", "Thắng", "Sơn", "Hòa", "Tâm",
         "Trung", "Hiếu", "Quân", "Thủy", "Hạnh", "Cường", "Vinh", "Toàn", "Khánh", "Nga", "Định", "Lợi", "Thuận")
DISTRICTS = ("Tân Phú", "Phú Lộc", "Thạch Hà", "Yên Thành", "Đông Hưng", "Cẩm Giàng", "Hòa Vang", "Châu Thành",
             "Bình Xuyên", "Tam Nông", "Lộc Hà", "Mỹ Xuyên", "Krông Pắc", "Ia Pa", "Văn Lãng", "Na Hang")
BYLINES = ("Minh Hà", "Thu Trang", "PV", "Quang Huy", "Hồng Nhung", "Bảo Anh", "Thanh Tùng", "Phương Thảo", "Đức Anh")
NAV = ("Thời sự - Chính trị", "Xây dựng Đảng", "Tin tức - Sự kiện", "Chính trị", "Trang chủ > Tin hoạt động")
CAPTIONS = ("Toàn cảnh hội nghị.", "Quang cảnh hội nghị", "Các đại biểu dự hội nghị.", "Đại biểu tham dự hội nghị tại điểm cầu tỉnh.",
            "Các đại biểu biểu quyết thông qua nghị quyết hội nghị.")
SUBJ = ("Các cấp ủy, tổ chức đảng", "Cấp ủy các cấp", "Ban Thường vụ {com}", "Ngành tổ chức xây dựng Đảng tỉnh",
        "Đội ngũ cán bộ, đảng viên", "Ban Tuyên giáo {com}", "Các chi bộ trực thuộc", "Ủy ban Kiểm tra {com}")
VERB = ("đã tập trung lãnh đạo, chỉ đạo", "đã chủ động tham mưu", "tiếp tục quán triệt và tổ chức",
        "đã cụ thể hóa bằng nhiều chương trình về", "đẩy mạnh", "thường xuyên kiểm tra, đôn đốc",
        "kịp thời triển khai", "quan tâm lãnh đạo")
OBJ = ("việc rà soát, bổ sung quy hoạch cán bộ", "công tác phát triển đảng viên mới", "việc kiện toàn tổ chức bộ máy",
       "sinh hoạt chuyên đề ở chi bộ", "công tác kiểm tra, giám sát", "công tác bảo vệ chính trị nội bộ",
       "việc thực hiện quy chế dân chủ ở cơ sở", "cải cách hành chính trong Đảng", "việc sắp xếp tổ chức bộ máy tinh gọn",
       "công tác tuyên truyền, định hướng dư luận xã hội", "việc đánh giá, xếp loại chất lượng tổ chức đảng",
       "công tác đào tạo, bồi dưỡng cán bộ", "việc hòa giải ở cơ sở", "công tác dân vận của chính quyền")
TAIL = ("bảo đảm đúng nguyên tắc, quy trình", "đạt nhiều kết quả tích cực", "tạo chuyển biến rõ nét trong nhận thức và hành động",
        "góp phần nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức đảng", "với nhiều cách làm sáng tạo, phù hợp thực tiễn",
        "từng bước đi vào nền nếp")
OLD_TONES = {"khóa": "khoá", "Khóa": "Khoá", "ủy": "uỷ", "Ủy": "Uỷ", "hòa": "hoà", "Hòa": "Hoà", "hóa": "hoá"}
# (new, replaced) among central documents, as the authority list and its notes record them.
REPLACED = (("80-QĐ/TW", "105-QĐ/TW"), ("41-QĐ/TW", "260-QĐ/TW"), ("37-QĐ/TW", "47-QĐ/TW"), ("399-QĐ/TW", "66-QĐ/TW"))
MEETING_KINDS = ("so_ket", "tong_ket", "giao_ban", "quan_triet", "chuyen_de")


def _h(*parts: object) -> int:
    """A stable hash (the same in every process and Python version)."""
    return zlib.crc32("|".join(map(str, parts)).encode("utf-8"))


@lru_cache(maxsize=1)
def centrals() -> tuple[RefDocument, ...]:
    """Central documents with a date, issued before 2024-12 (so that articles about them predate the merger)."""
    return tuple(d for d in reference.central_documents() if d.issued and d.issued < date(2024, 12, 1) and d.issuer)


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """The 63 provinces before the 2025 merger."""
    return reference.provinces_before_merger()


def label(d: RefDocument) -> str:
    """'Chỉ thị', 'Nghị quyết' …"""
    return reference.type_by_kind(d.kind).label


def symbol(d: RefDocument, rng: random.Random) -> str:
    """'05-CT/TW', now and then spaced as in real text ('26 - NQ/TW', '01- KH/CTĐ')."""
    return f"{d.number:02d}{rng.choices(('-', ' - ', '- '), (96, 2, 2))[0]}{d.symbol}"


def subject(d: RefDocument) -> str:
    """The official subject as it follows a reference: 'về …'."""
    s = re.sub(r"\s*\([^)]*\)", "", d.subject).strip().strip('"')
    return (s[:1].lower() + s[1:]) if s.lower().startswith("về") else "về " + s[:1].lower() + s[1:]


def fmt_date(d: date, rng: random.Random) -> str:
    """'9-8-2019', '09/8/2019', '9/8/2019' or '9 tháng 8 năm 2019'."""
    return rng.choices((f"{d.day}-{d.month}-{d.year}", f"{d.day:02d}/{d.month}/{d.year}", f"{d.day}/{d.month}/{d.year}",
                        f"{d.day} tháng {d.month} năm {d.year}"), (55, 15, 15, 15))[0]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def committee(p: Province) -> str:
    """'Tỉnh ủy Đồng Tháp', 'Thành ủy Hà Nội'."""
    return f"{'Thành ủy' if p.city else 'Tỉnh ủy'} {p.name}"


def person(*key: object) -> str:
    """An invented name, the same for the same key (a province's post in a term)."""
    h = _h("person", *key)
    return f"{SURNAMES[h % len(SURNAMES)]} {MIDDLE[(h >> 8) % len(MIDDLE)]} {GIVEN[(h >> 16) % len(GIVEN)]}"


class LocalDoc:
    """A local document of a province: its series, number and date are derived from what it implements."""

    def __init__(self, p: Province, parent: RefDocument, level: int) -> None:
        h = _h(p.name, parent.symbol, parent.number, parent.issued, level)
        assert parent.issued is not None
        base = parent.issued + timedelta(days=12 + _h(p.name, parent.symbol, parent.issued) % 150)
        word = committee(p).split()[0] + " " + committee(p).split()[1]
        if level == 0:
            self.label, self.code, self.iss, self.issuer = (("Chương trình hành động", "CTr", "TU", f"Ban Chấp hành Đảng bộ {'thành phố' if p.city else 'tỉnh'}")
                                                            if parent.kind.value == "nghi_quyet" and h % 3 == 0
                                                            else ("Kế hoạch", "KH", "TU", f"Ban Thường vụ {word}"))
        elif level == 1:
            self.label, self.code, self.iss, self.issuer = ("Hướng dẫn", "HD", ("BTGTU", "BTCTU")[h % 2],
                                                            ("Ban Tuyên giáo ", "Ban Tổ chức ")[h % 2] + word)
        else:
            self.label, self.code, self.iss = "Kế hoạch", "KH", "HU"
            self.issuer = f"Ban Thường vụ Huyện ủy {DISTRICTS[h % len(DISTRICTS)]}"
        self.number = 1 + (h >> 4) % (60 if level else 240)
        self.issued = base + timedelta(days=level * (5 + (h >> 12) % 40))

    def ref(self, rng: random.Random, with_issuer: bool = True) -> str:
        """'Kế hoạch số 126-KH/TU ngày 9-8-2019 của Ban Thường vụ Tỉnh ủy'."""
        iss = f" của {self.issuer}" if with_issuer else ""
        return f"{self.label} số {self.number:02d}-{self.code}/{self.iss} ngày {fmt_date(self.issued, rng)}{iss}"


def central_ref(d: RefDocument, rng: random.Random, form: str = "") -> str:
    """A mention of a central document in one of the forms news text uses."""
    form = form or rng.choices(("full", "sym", "short", "plenum"), (5, 3, 3, 1 if d.plenum else 0))[0]
    if form == "short":
        return f"{label(d)} {'số ' if rng.random() < 0.3 else ''}{d.number:02d}" if rng.random() < 0.5 else f"{label(d)} {d.number}"
    if form == "plenum" and d.plenum:
        term = d.term if rng.random() < 0.8 else str(reference.term_by_name(d.term).number)  # type: ignore[union-attr]
        return rng.choice((f"{label(d)} Trung ương {d.plenum}, khóa {term}", f"{label(d)} Hội nghị Trung ương {d.plenum} (khóa {term})",
                           f"{label(d)} Trung ương {d.plenum} khóa {term}"))
    out = f"{label(d)} số {symbol(d, rng)}"
    if form == "full":
        assert d.issued is not None
        out += f" ngày {fmt_date(d.issued, rng)} của {d.issuer}"
        if rng.random() < 0.3:
            out += f" khóa {d.term}" if rng.random() < 0.5 else f" (khóa {d.term})"
        if rng.random() < 0.7:
            out += f" {subject(d)}"
    return out


def filler(rng: random.Random, com: str, n: int = 0) -> str:
    """Sentences of Party-work prose (``n`` of them, or 2-4) with an occasional figure or reference."""
    n = n or rng.randint(2, 4)
    parts = [f"{rng.choice(SUBJ).format(com=com)} {rng.choice(VERB)} {rng.choice(OBJ)}, {rng.choice(TAIL)}." for _ in range(n)]
    if rng.random() < 0.5:
        parts.append(f"Toàn Đảng bộ đã kết nạp {rng.randint(120, 2400)} đảng viên mới, đạt {rng.randint(85, 125)}% kế hoạch; "
                     f"{rng.randint(70, 98)}% tổ chức cơ sở đảng được đánh giá hoàn thành tốt nhiệm vụ trở lên.")
    r = rng.random()
    if r < 0.12:
        parts.append("Các nhiệm vụ được gắn với thực hiện Nghị quyết Đại hội XIII của Đảng và nghị quyết đại hội đảng bộ các cấp.")
    elif r < 0.2:
        parts.append(f"Cùng với đó, chính quyền triển khai Nghị quyết số {rng.randint(10, 200)}/NQ-CP của Chính phủ và "
                     f"Nghị quyết số {rng.randint(1, 30):02d}-NQ/TU của Ban Chấp hành Đảng bộ tỉnh.")
    if rng.random() < 0.3:
        parts.append(f"Bên cạnh kết quả đạt được, vẫn còn một số hạn chế như {rng.choice(OBJ)} có nơi chưa thường xuyên; "
                     f"{rng.choice(OBJ)} còn lúng túng.")
    return " ".join(parts)


class Article:
    """One synthetic article in the making."""

    def __init__(self, seed: int, i: int) -> None:
        self.rng = random.Random(f"{seed}:{i}")
        self.i, self.seed = i, seed
        rng = self.rng
        self.central = rng.choice(centrals())
        self.p = rng.choice(provinces())
        self.com = committee(self.p)
        assert self.central.issued is not None
        lo = self.central.issued + timedelta(days=200)
        span = max(30, min((LAST_DAY - lo).days, 6 * 365))
        self.published = min(LAST_DAY, lo + timedelta(days=rng.randrange(span)))
        self.plan = LocalDoc(self.p, self.central, 0)
        self.guide = LocalDoc(self.p, self.central, 1)
        self.district = LocalDoc(self.p, self.central, 2)
        self.paras: list[str] = []

    def others(self, k: int) -> list[RefDocument]:
        """Other central documents issued before the article."""
        pool = [d for d in centrals() if d.issued and d.issued < self.published]
        return self.rng.sample(pool, min(k, len(pool)))

    def officer(self, role: str, post: str) -> tuple[str, str]:
        return person(self.p.name, role, self.published.year // 5), post

    # ---- article kinds
    def meeting(self) -> str:
        rng, c, p = self.rng, self.central, self.p
        kind = rng.choice(MEETING_KINDS)
        years = max(1, self.published.year - c.issued.year)  # type: ignore[union-attr]
        org = rng.choice((f"Ban Thường vụ {self.com}", f"Ban Tổ chức {self.com}", f"Ban Tuyên giáo {self.com}",
                          f"Ủy ban Kiểm tra {self.com}", self.com))
        q = rng.randint(1, 4)
        name = {"so_ket": f"sơ kết {years} năm thực hiện {central_ref(c, rng, 'full')}",
                "tong_ket": f"tổng kết {years} năm thực hiện {central_ref(c, rng, rng.choice(('sym', 'plenum', 'full')))}",
                "giao_ban": f"giao ban công tác xây dựng Đảng quý {'I' * q if q < 4 else 'IV'} năm {self.published.year}",
                "quan_triet": f"quán triệt, triển khai {central_ref(c, rng, 'full')}",
                "chuyen_de": f"chuyên đề về thực hiện {central_ref(c, rng, 'sym')}"}[kind]
        title = ("Hội nghị " + name.split(" ngày ")[0]) if rng.random() < 0.6 else f"{p.name}: {_cap(name.split(' ngày ')[0])}"
        day = self.published - timedelta(days=rng.choice((0, 0, 1, 2)))
        when = rng.choice((f"Sáng {day.day:02d}/{day.month:02d}", f"Chiều ngày {day.day}/{day.month}/{day.year}",
                           f"Ngày {day.day}-{day.month}-{day.year}", f"Sáng ngày {day.day}/{day.month}"))
        online = " trực tuyến" if rng.random() < 0.3 else ""
        self.paras.append(f"{when}, {org} tổ chức Hội nghị{online} {name}.")
        chair, post = self.officer("pbttt", f"Phó Bí thư Thường trực {self.com.split()[0]} {self.com.split()[1]}")
        if rng.random() < 0.5:
            self.paras[-1] += f" Đồng chí {chair}, {post}, chủ trì hội nghị."
        else:
            self.paras[-1] += f" Hội nghị do đồng chí {chair} - {post} chủ trì."
        a, ap = self.officer("btc", f"Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức {self.com}")
        b, bp = self.officer("btg", f"Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo {self.com}")
        self.paras.append(f"Dự hội nghị có đồng chí {a}, {ap}; đồng chí {b} - {bp}; đại diện lãnh đạo các ban xây dựng Đảng, "
                          f"Văn phòng {self.com}, Đảng ủy Khối các cơ quan tỉnh và bí thư các huyện ủy, thị ủy, thành ủy trực thuộc.")
        if rng.random() < 0.4:
            dn = self.district.issuer.split("Huyện ủy ")[1]
            self.paras[-1] += (f" Tại điểm cầu huyện {dn} có đồng chí {person(p.name, dn, self.published.year // 5)}, "
                               f"Bí thư Huyện ủy {dn}.")
        cap = rng.choice(CAPTIONS)
        self.paras += [cap, cap] if rng.random() < 0.5 else [cap]
        self.paras.append(f"Theo báo cáo tại hội nghị, sau {years} năm thực hiện {central_ref(c, rng, 'short')}, "
                          f"{self.plan.issuer} đã ban hành {self.plan.ref(rng, False)} về thực hiện {central_ref(c, rng, 'sym')}; "
                          f"{self.guide.issuer} ban hành {self.guide.ref(rng, False)} hướng dẫn thực hiện "
                          f"{self.plan.label} số {self.plan.number:02d}-{self.plan.code}/{self.plan.iss}. {filler(rng, self.com, 1)}")
        for d in self.others(rng.randint(0, 2)):
            self.paras.append(f"Cùng với đó, các cấp ủy gắn việc thực hiện {central_ref(c, rng, 'short')} với "
                              f"{central_ref(d, rng)}. {filler(rng, self.com, 1)}")
        if rng.random() < 0.4:
            self.paras.append(f"Đồng chí {self.officer('pbttt', '')[0]}, Phó Bí thư Thường trực {self.com} phát biểu tại hội nghị.")
            self.paras.append(self.paras[-1])
        d = rng.choice(self.others(3) or [c])
        self.paras.append(f"Phát biểu kết luận hội nghị, đồng chí {chair} đề nghị cấp ủy các cấp tiếp tục thực hiện nghiêm "
                          f"{central_ref(d, rng, 'short')} và {central_ref(c, rng)}; {rng.choice(VERB)} {rng.choice(OBJ)}.")
        return title

    def issuance(self) -> str:
        rng, c = self.rng, self.central
        plan = self.plan
        title = f"{plan.issuer} ban hành {plan.label.lower()} thực hiện {central_ref(c, rng, rng.choice(('sym', 'short')))}"
        self.paras.append(f"Ngày {fmt_date(plan.issued, rng)}, {plan.issuer} {self.p.name} ban hành {plan.label} số "
                          f"{plan.number:02d}-{plan.code}/{plan.iss} về thực hiện {central_ref(c, rng, 'full')}.")
        self.paras.append(f"Mục đích của {plan.label.lower()} nhằm quán triệt sâu sắc, tạo sự thống nhất cao trong nhận thức và "
                          f"hành động của cấp ủy, tổ chức đảng về mục tiêu, nhiệm vụ nêu tại {central_ref(c, rng, 'short')}. {filler(rng, self.com, 1)}")
        if rng.random() < 0.5:
            self.paras.append(f"Căn cứ {central_ref(c, rng, 'sym')} và {plan.ref(rng)}, {self.guide.issuer} ban hành "
                              f"{self.guide.ref(rng, False)} hướng dẫn thực hiện một số nội dung của {plan.label} số "
                              f"{plan.number:02d}-{plan.code}/{plan.iss}.")
        if rng.random() < 0.4:
            self.paras.append(f"Thực hiện {plan.ref(rng)}, {self.district.issuer} đã ban hành {self.district.ref(rng, False)} "
                              f"triển khai đến các chi bộ, đảng bộ cơ sở. {filler(rng, self.com, 1)}")
        if rng.random() < 0.3:
            old = LocalDoc(self.p, rng.choice(centrals()), 0)
            self.paras.append(f"{plan.label} này thay thế {old.ref(rng)} và có hiệu lực từ ngày ký.")
        self.paras.append("\n".join(f"- {rng.choice(VERB).capitalize()} {rng.choice(OBJ)};" for _ in range(rng.randint(2, 5))))
        return title

    def central_news(self) -> str:
        rng = self.rng
        pair = rng.choice(REPLACED)
        by_sym = {f"{d.number:02d}-{d.symbol}": d for d in centrals()}
        by_sym.update({f"{d.number}-{d.symbol}": d for d in centrals()})
        new, old = by_sym.get(pair[0]), by_sym.get(pair[1])
        if new is None or old is None or rng.random() < 0.4:
            c = self.central
            title = f"Toàn văn {central_ref(c, rng, 'sym')} {subject(c)}"
            self.paras.append(f"{c.issuer} vừa ban hành {central_ref(c, rng, 'full')}. {filler(rng, 'Trung ương', 1)}")
            for d in self.others(rng.randint(1, 3)):
                self.paras.append(f"{label(c)} được ban hành căn cứ {central_ref(d, rng, 'full')}; {rng.choice(TAIL)}.")
            return title
        self.published = max(self.published, new.issued + timedelta(days=rng.randint(1, 60)))  # type: ignore[operator]
        title = f"{new.issuer} ban hành {central_ref(new, rng, 'sym')} {subject(new)}"
        self.paras.append(f"Thay mặt {new.issuer}, đồng chí {person('tw', new.symbol, new.number)} đã ký ban hành "
                          f"{central_ref(new, rng, 'full')}.")
        self.paras.append(f"{label(new)} này thay thế {central_ref(old, rng, 'full')}; các quy định trước đây trái với "
                          f"{label(new)} này đều bãi bỏ. {filler(rng, 'Trung ương', 1)}")
        if rng.random() < 0.5:
            self.paras.append(f"Ban Tổ chức Trung ương sẽ ban hành hướng dẫn thực hiện {central_ref(new, rng, 'short')}; "
                              f"sửa đổi, bổ sung {central_ref(old, rng, 'sym')} và các văn bản liên quan.")
        return title

    def tail(self) -> list[str]:
        """Byline (sometimes twice), a related-articles list, a comment form."""
        rng = self.rng
        out = [rng.choice(BYLINES) if rng.random() < 0.5 else f"{rng.choice(BYLINES)} ({rng.choice(('Ban Tổ chức', 'Ban Tuyên giáo'))} {self.com})"]
        if rng.random() < 0.25:
            out.append(out[-1])
        if rng.random() < 0.8:
            out.append(rng.choice(("Tin cùng chuyên mục", "Các tin khác", "Tin liên quan", "Bài cùng chuyên mục:")))
            for d in self.others(rng.randint(2, 6)):
                p = rng.choice(provinces())
                out.append(rng.choice((f"{committee(p)} sơ kết thực hiện {central_ref(d, rng, 'sym')}",
                                       f"Quán triệt {central_ref(d, rng, 'short')} đến cán bộ, đảng viên",
                                       f"{p.name} triển khai {LocalDoc(p, d, 0).ref(rng, False)}")))
        if rng.random() < 0.3:
            out += ["Ý kiến bạn đọc", "Gửi bình luận"]
        return out


def article(seed: int, i: int) -> dict[str, Any]:
    """Article i of a seed: {"id","title","text","url","published"}."""
    a = Article(seed, i)
    rng = a.rng
    target = min(12_000, max(1_000, int(rng.lognormvariate(7.4, 0.5))))
    kind = rng.choices(("meeting", "issuance", "central"), (55, 30, 15))[0]
    title = getattr(a, {"meeting": "meeting", "issuance": "issuance", "central": "central_news"}[kind])()
    title = title[:1].upper() + title[1:]
    while len("\n\n".join(a.paras).encode("utf-8")) < target:
        a.paras.insert(rng.randint(2, len(a.paras)), filler(rng, a.com))
    pub, hh, mm = a.published, rng.randint(6, 22), rng.randint(0, 59)
    wd = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")[pub.weekday()]
    dline = rng.choices((f"Cập nhật lúc {hh}:{mm:02d}, {wd}, {pub.day:02d}/{pub.month:02d}/{pub.year} (GMT+7)",
                         f"{hh}:{mm:02d}' {pub.day:02d}/{pub.month:02d}/{pub.year}",
                         f"{pub.day:02d}/{pub.month:02d}/{pub.year} - {hh:02d}:{mm:02d}", ""), (35, 25, 20, 20))[0]
    head = ([rng.choice(NAV)] if rng.random() < 0.3 else []) + [title] + ([dline] if dline else [])
    text = "\n".join(head) + "\n\n" + "\n\n".join(a.paras) + "\n\n" + "\n".join(a.tail())
    if rng.random() < 0.2:
        for new, old in OLD_TONES.items():
            text = text.replace(new, old)
    if rng.random() < 0.05:
        text = unicodedata.normalize("NFD", text)
    host = "xaydungdang.example" if kind == "central" else f"{slug(a.p.name).replace('-', '')}.dangbo.example"
    return {"id": f"gen-{seed}-{i:07d}", "title": title, "text": text,
            "url": f"https://{host}/tin-tuc/{slug(title)[:80]}-{i}.html",
            "published": pub.isoformat() if rng.random() < 0.9 else None}


def iter_articles(seed: int, articles: int | None = None, mb: float | None = None) -> Iterator[dict[str, Any]]:
    """Articles until the count, or until the text reaches ``mb`` megabytes (10^6 bytes of UTF-8)."""
    size, i = 0, 0
    while (articles is None or i < articles) and (mb is None or size < mb * 1e6):
        a = article(seed, i)
        size += len(a["text"].encode("utf-8"))
        i += 1
        yield a


def write_corpus(out: str | Path, seed: int = 1, articles: int | None = None, mb: float | None = None,
                 shard: int | None = None) -> tuple[int, int]:
    """Write the corpus; returns (articles, text bytes). With ``shard``, ``out`` is a folder of
    JSONL files of ``shard`` articles each (vankien reads at most 64 MiB from one file)."""
    out = Path(out)
    if shard:
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("part-*.jsonl"):
            old.unlink()
    lines: list[str] = []
    n = size = 0

    def flush() -> None:
        with open(out / f"part-{(n - 1) // shard:04d}.jsonl" if shard else out, "a" if not shard else "w",
                  encoding="utf-8") as f:
            f.writelines(lines)
        lines.clear()

    if not shard:
        out.write_text("", encoding="utf-8")
    for a in iter_articles(seed, articles, mb):
        lines.append(json.dumps(a, ensure_ascii=False) + "\n")
        n += 1
        size += len(a["text"].encode("utf-8"))
        if n % (shard or 5000) == 0:
            flush()
    if lines:
        flush()
    return n, size


def main(argv: list[str] | None = None) -> int:
    """Command line: generate a corpus."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--articles", type=int, help="number of articles")
    g.add_argument("--mb", type=float, help="megabytes (10^6 bytes) of article text")
    ap.add_argument("--out", required=True, help="JSONL file to write (a folder with --shard)")
    ap.add_argument("--shard", type=int, help="write a folder of JSONL files of this many articles each")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t = time.perf_counter()
    n, size = write_corpus(args.out, args.seed, args.articles, args.mb, args.shard)
    dt = time.perf_counter() - t
    print(f"wrote {n} articles, {size / 1e6:.1f} MB of text ({size / max(n, 1):.0f} B/article) to {args.out} in {dt:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
