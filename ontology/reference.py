"""Reference facts: document types, issuer codes, bodies, provinces, terms, central documents.

Everything is read lazily from ``ontology/data`` (YAML and CSV, with their sources) and
cached; nothing is read at import time.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ontology.text import fold_key, roman_to_int
from ontology.vocab import BodyKind, DocKind


def _data_text(name: str) -> str:
    return resources.files("ontology").joinpath("data").joinpath(name).read_text(encoding="utf-8")


#: libyaml's parser where PyYAML was built with it (its wheels are): several times faster than
#: the pure-Python one, which a one-shot command would otherwise wait on at every start
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data(name: str) -> Any:
    """A YAML file of ``ontology/data``, parsed (safely: no Python objects)."""
    return yaml.load(_data_text(name), Loader=_LOADER)  # noqa: S506 (a safe loader)


# ---------------------------------------------------------------- document types


@dataclass(frozen=True, slots=True)
class DocType:
    """A type of document: its kind, label, the names that introduce it and its codes."""

    kind: DocKind
    label: str
    names: tuple[str, ...]
    codes: tuple[str, ...]
    state_only: bool = False


@lru_cache(maxsize=1)
def doc_types() -> tuple[DocType, ...]:
    """All document types, in the order of ``doc_types.yaml``."""
    return tuple(
        DocType(DocKind(d["kind"]), d["label"], tuple(d["names"]), tuple(d["codes"]), bool(d.get("state_only")))
        for d in data("doc_types.yaml")
    )


@lru_cache(maxsize=1)
def _code_index() -> dict[str, DocType]:
    out: dict[str, DocType] = {}
    for t in doc_types():
        for c in t.codes:
            out.setdefault(fold_key(c), t)
    return out


def type_for_code(code: str) -> DocType | None:
    """'KL' → Kết luận; 'QĐi' → Quy định; 'QĐ' → Quyết định (the family shared with Quy định)."""
    return _code_index().get(fold_key(code))


@lru_cache(maxsize=1)
def _name_index() -> dict[str, DocType]:
    out: dict[str, DocType] = {}
    for t in doc_types():
        for n in t.names:
            out.setdefault(fold_key(n), t)
    return out


def type_for_name(name: str) -> DocType | None:
    """'chỉ thị' → Chỉ thị (any case, any diacritics)."""
    return _name_index().get(fold_key(name))


def type_by_kind(kind: DocKind) -> DocType:
    """The type of a kind."""
    return next(t for t in doc_types() if t.kind is kind)


def default_code(kind: DocKind) -> str | None:
    """The code a symbol uses for a kind: Quy định → 'QĐ' (the central usage), Kế hoạch → 'KH'."""
    if kind is DocKind.QUY_DINH:
        return "QĐ"
    codes = type_by_kind(kind).codes
    return codes[0] if codes else None


# ---------------------------------------------------------------- issuers


@dataclass(frozen=True, slots=True)
class Issuer:
    """An issuer code and the body whose series it is."""

    code: str
    central: bool
    body: str
    kind: BodyKind | None = None
    canonical: str | None = None


@lru_cache(maxsize=1)
def issuers() -> dict[str, Issuer]:
    """Issuer codes by folded code ('btctw' → Ban Tổ chức Trung ương)."""
    raw = data("issuers.yaml")
    out: dict[str, Issuer] = {}
    for code, spec in raw["central"].items():
        out[code.upper()] = Issuer(code, True, spec["body"], None, spec.get("canonical"))
    for code, spec in raw["local"].items():
        out.setdefault(code.upper(), Issuer(code, False, spec["body"], BodyKind(spec["kind"])))
    return out


@lru_cache(maxsize=1)
def state_issuers() -> frozenset[str]:
    """Folded issuer codes of State documents (CP, TTg, UBND …)."""
    raw = data("issuers.yaml")
    return frozenset(fold_key(c) for c in (*raw["state"], *(raw.get("state_local") or ())))


@dataclass(frozen=True, slots=True)
class IssuerLexicon:
    """The look-ups between bodies and the codes of their series, read from ``issuers.yaml``
    (one table, never re-typed in code).

    - ``central``: folded canonical body name → central code ("ban to chuc trung uong" →
      "BTCTW"; the Politburo and the Secretariat write /TW);
    - ``agencies``: folded label of a provincial committee's agency → its code ("ban to
      chuc" → "BTCTU"), from the local templates "<label> Tỉnh ủy {province}";
    - ``provincial``: the codes of a province's series (TU and its agencies');
    - ``districts``: folded committee word → code ("huyen uy" → "HU", "thi uy" → "TXU");
    - ``prefixes``: local code → folded name prefix of its owner ("ĐUK" → "dang uy khoi");
    - ``state_local``: folded State code of a province's body → its name ("ubnd" → "Ủy ban
      nhân dân");
    - ``by_kind``: the first local code of each kind of body (a provincial committee → "TU",
      an emulation cluster → "CTĐ").
    """

    central: dict[str, str]
    agencies: dict[str, str]
    provincial: frozenset[str]
    districts: dict[str, str]
    prefixes: dict[str, str]
    state_local: dict[str, str]
    by_kind: dict[BodyKind, str]


@lru_cache(maxsize=1)
def issuer_lexicon() -> IssuerLexicon:
    """The issuer look-ups (see ``IssuerLexicon``)."""
    raw = data("issuers.yaml")
    central: dict[str, str] = {}
    for code, spec in raw["central"].items():
        for body in (spec["body"], *(spec.get("also") or ())):
            central.setdefault(fold_key(body), spec.get("canonical") or code)
    agencies: dict[str, str] = {}
    provincial = {code for code, spec in raw["local"].items() if spec["kind"] == "provincial_committee"}
    districts: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for code, spec in raw["local"].items():
        head = spec["body"].split("{", 1)[0].strip()
        prefixes[code.upper()] = fold_key(head)
        if spec.get("series_of") in provincial:
            provincial.add(code)
            agencies.setdefault(fold_key(head.removesuffix("Tỉnh ủy").strip()), code)
        elif spec["kind"] == "district_committee":
            districts.setdefault(fold_key(head), code)
    state_local = {fold_key(code): name for code, name in (raw.get("state_local") or {}).items()}
    by_kind: dict[BodyKind, str] = {}
    for code, spec in raw["local"].items():
        by_kind.setdefault(BodyKind(spec["kind"]), code)
    return IssuerLexicon(central, agencies, frozenset(provincial), districts, prefixes, state_local, by_kind)


@lru_cache(maxsize=4096)
def issuer_for_code(code: str) -> Issuer | None:
    """The issuer of a code ('TƯ' is 'TW', 'TU' is Tỉnh ủy), then without a trailing term
    number (ĐĐQH15 → ĐĐQH), then written without 'Đ' (DU → ĐU). (Kept: every reference asks
    for its issuer several times, and a code the table lacks was read three ways each time.)"""
    key = code.upper().replace(".", "")
    found = issuers().get(key) or issuers().get(re.sub(r"\d+$", "", key))
    if found is None:
        folded = {fold_key(k).upper(): v for k, v in issuers().items() if "Ư" not in k}
        found = folded.get(re.sub(r"\d+$", "", key))
    return found


# ---------------------------------------------------------------- bodies


@dataclass(frozen=True, slots=True)
class BodySpec:
    """A known body: canonical name, kind, aliases, parent name."""

    name: str
    kind: BodyKind
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    province: str | None = None


@lru_cache(maxsize=1)
def central_bodies() -> tuple[BodySpec, ...]:
    """Central Party bodies and a few State bodies, with aliases."""
    raw = data("bodies.yaml")
    out = [
        BodySpec(b["name"], BodyKind(b["kind"]), tuple(b.get("aliases") or ()), b.get("parent"))
        for b in raw["central"]
    ]
    out += [
        BodySpec(b["name"], BodyKind.STATE_BODY, tuple(b.get("aliases") or ()), b.get("parent"))
        for b in raw["state"]
    ]
    return tuple(out)


@lru_cache(maxsize=1)
def provincial_sub_bodies() -> dict[str, tuple[str, BodyKind]]:
    """The bodies of a Party committee, from the province templates of ``bodies.yaml``:
    folded prefix ("ban to chuc", "btv") → (name, kind): "Ban Tổ chức", committee agency."""
    out: dict[str, tuple[str, BodyKind]] = {}
    for t in data("bodies.yaml")["provincial"]:
        for name in (t["name"], *t.get("aliases", ())):
            if name.endswith(" {committee} {p}"):
                label = name.removesuffix(" {committee} {p}")
                canonical = t["name"].removesuffix(" {committee} {p}")
                out[fold_key(label)] = (canonical, BodyKind(t["kind"]))
    return out


# ---------------------------------------------------------------- provinces


MERGER_EFFECTIVE = date(2025, 7, 1)
HUE_CITY_FROM = date(2025, 1, 1)


@dataclass(frozen=True, slots=True)
class Province:
    """A province-level unit: its name, whether it is a city, its aliases, its 2025 unit."""

    name: str
    city: bool
    merged_into: str
    aliases: tuple[str, ...] = ()
    after_merger: bool = False


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    """The 63 units before the 2025 merger followed by the new ones of the 34 (Huế)."""
    aliases = data("province_aliases.yaml")
    rows = list(csv.DictReader(_data_text("provinces.csv").splitlines()))
    out = [
        Province(r["name_pre2025"], r["kind"] == "thanh_pho", r["merged_into_2025"], tuple(aliases.get(r["name_pre2025"]) or ()))
        for r in rows
    ]
    known = {p.name for p in out}
    for new in sorted({r["merged_into_2025"] for r in rows} - known):
        out.append(Province(new, True, new, (), True))
    return tuple(out)


def provinces_before_merger() -> tuple[Province, ...]:
    """The 63 province-level units before 1-7-2025."""
    return tuple(p for p in provinces() if not p.after_merger)


def provinces_after_merger() -> tuple[str, ...]:
    """The 34 province-level units from 1-7-2025."""
    return tuple(sorted({p.merged_into for p in provinces_before_merger()}))


def provinces_at(day: date | None) -> tuple[str, ...]:
    """The province-level units in force on a day (63 before the merger, 34 after)."""
    if day is not None and day >= MERGER_EFFECTIVE:
        return provinces_after_merger()
    return tuple(p.name for p in provinces_before_merger())


def units_at(day: date | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The province-level units in force on a day, each with the units of before the merger
    that it took in (itself included): empty before 1-7-2025, when every unit stands alone."""
    if day is not None and day >= MERGER_EFFECTIVE:
        before = provinces_before_merger()
        return tuple((u, tuple(p.name for p in before if p.merged_into == u)) for u in provinces_after_merger())
    return tuple((name, ()) for name in provinces_at(day))


@lru_cache(maxsize=1)
def _province_index() -> dict[str, Province]:
    out: dict[str, Province] = {}
    for p in provinces():
        for n in (p.name, *p.aliases):
            out.setdefault(fold_key(n), p)
    return out


def province_by_name(name: str) -> Province | None:
    """Find a province by any of its spellings."""
    key = fold_key(name).replace(" - ", " ").replace("-", " ")
    return _province_index().get(fold_key(name)) or _province_index().get(" ".join(key.split()))


def founded_by_merger(name: str) -> bool:
    """Whether a province-level unit of 1-7-2025 absorbed others (Tuyên Quang took in Hà
    Giang): its Party organisation was founded anew then, and its series start again."""
    return any(p.merged_into == name and p.name != name for p in provinces_before_merger())


def committee_word(province: Province, day: date | None = None) -> str:
    """'Thành ủy' for centrally-run cities, 'Tỉnh ủy' for provinces (Huế is a city from 2025)."""
    if province.city:
        return "Thành ủy"
    if province.merged_into == "Huế" and day is not None and day >= HUE_CITY_FROM:
        return "Thành ủy"
    return "Tỉnh ủy"


# ---------------------------------------------------------------- terms


@dataclass(frozen=True, slots=True)
class Term:
    """A congress term (khóa): from its congress's closing day to the next one's."""

    term: str
    number: int
    congress_open: date
    start: date
    end: date | None


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    """All terms, oldest first."""
    raw = data("terms.yaml")["terms"]
    out = []
    for i, t in enumerate(raw):
        end = raw[i + 1]["congress_close"] if i + 1 < len(raw) else None
        out.append(Term(t["term"], t["number"], t["congress_open"], t["congress_close"], end))
    return tuple(out)


def term_at(day: date) -> Term | None:
    """The term in force on a day."""
    found = None
    for t in terms():
        if t.start <= day:
            found = t
    return found


def term_by_name(name: str) -> Term | None:
    """'XII', 'khóa 12', '12' → the term."""
    s = fold_key(name).replace("khoa", "").strip().upper()
    n = int(s) if s.isdigit() else roman_to_int(s)
    return next((t for t in terms() if t.number == n), None)


@lru_cache(maxsize=1)
def plenum_months() -> dict[tuple[str, int], str]:
    """(term, plenum) → 'YYYY-MM' where the month is known."""
    raw = data("terms.yaml")["plenums"]
    return {(term, int(n)): str(month) for term, ps in raw.items() for n, month in ps.items()}


@dataclass(frozen=True, slots=True)
class LocalTerm:
    """A term of local Party committees (2015-2020 …)."""

    label: str
    start: date
    end: date


def local_term_at(day: date) -> LocalTerm:
    """The local term in force on a day: provincial congresses close around October."""
    spec = _local_spec()
    month, dd = (int(x) for x in spec["boundary"].split("-"))
    length = int(spec["length_years"])
    first = int(spec["first_year"])
    y = first + ((day.year - first) // length) * length
    start = date(y, month, dd)
    if day < start:
        y -= length
        start = date(y, month, dd)
    return LocalTerm(f"{y}-{y + length}", start, date(y + length, month, dd))


@lru_cache(maxsize=1)
def _local_spec() -> dict[str, Any]:
    return dict(data("terms.yaml")["local_terms"])


# ---------------------------------------------------------------- central documents


@dataclass(frozen=True, slots=True)
class RefDocument:
    """A central document from the authority list, with where the fact was checked."""

    kind: DocKind
    type_code: str
    number: int
    issuer_code: str
    symbol: str
    issuer: str
    issued: date | None
    term: str
    plenum: int | None
    subject: str
    source: str
    verified: str
    extra_issuers: tuple[str, ...] = field(default=())


_SYMBOL = re.compile(r"^(?P<num>\d+)-(?P<type>[^/]+)/(?P<iss>.+)$")
# the compiler's notes inside a subject ("… (replaced by 65-QĐ/TW)") are not part of the title
_NOTE = re.compile(r"\s*\((?:replaced|title|number|background|unverified|site|see|date|the |as )[^)]*\)")
_PLENUM = re.compile(r"Trung ương (\d+)")


@lru_cache(maxsize=1)
def central_documents() -> tuple[RefDocument, ...]:
    """The authority list of central documents (``central_documents.csv``)."""
    out = []
    for r in csv.DictReader(_data_text("central_documents.csv").splitlines()):
        m = _SYMBOL.match(r["number_symbol"].strip())
        if not m:
            continue
        t = type_for_name(r["type"])
        if t is None:
            continue
        issuers_ = [s.strip() for s in r["issuer"].replace("(unverified)", "").split(",") if s.strip()]
        pm = _PLENUM.search(r["plenum"] or "")
        out.append(
            RefDocument(
                kind=t.kind,
                type_code=m["type"],
                number=int(m["num"]),
                issuer_code=m["iss"],
                symbol=f"{m['type']}/{m['iss']}",
                issuer=issuers_[0] if issuers_ else "",
                issued=date.fromisoformat(r["date"]) if r["date"] else None,
                term=r["term"],
                plenum=int(pm.group(1)) if pm else None,
                subject=_NOTE.sub("", r["subject"]).strip(),
                source=r["source"],
                verified=r["verified"],
                extra_issuers=tuple(issuers_[1:]),
            )
        )
    return tuple(out)


# ---------------------------------------------------------------- people


@lru_cache(maxsize=1)
def title_heads() -> tuple[str, ...]:
    """Heads of posts, longest first."""
    heads = data("titles.yaml")["heads"]
    return tuple(sorted(set(heads), key=lambda h: -len(h)))


@lru_cache(maxsize=1)
def surname_forms() -> tuple[str, ...]:
    """Vietnamese family names as written (capitalised, NFC)."""
    lines = _data_text("surnames.txt").splitlines()
    return tuple(dict.fromkeys(x.strip().lstrip("=") for x in lines if x.strip() and not x.startswith("#")))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Folded Vietnamese family names, but those matched only as written ("=Cầm": "Cẩm Xuyên" is a place)."""
    lines = _data_text("surnames.txt").splitlines()
    return frozenset(fold_key(x.strip()) for x in lines if x.strip() and not x.startswith(("#", "=")))
