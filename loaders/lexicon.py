"""The shared look-ups of every extraction stage, built once from the data.

- the gazetteer: central bodies (``ontology/data/bodies.yaml``) and provinces
  (``provinces.csv``, ``province_aliases.yaml``) by any of their names, with the Party
  committee of a province on a day (``province_at``, ``nearby_province``, ``central_body``,
  ``committee_of``), and the kinds of central bodies and of a place's Party committee
  (``CENTRAL_KINDS``, ``COMMITTEE_KINDS``);
- personal names: where a run of capitalised syllables starts and ends (``name_run``);
- the relation cues (``relation_cues.yaml``): the phrases that state a relation between
  documents, compiled once (``relation_cues``), and the cue a text ends with (``cue_ending``);
- the meeting cues (``meeting_cues.yaml``): the words of each list as one alternation
  (``meeting_cue_words``).

A stage imports the stages before it and this module, never a later stage: what two
stages share for a look-up lives here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from ontology import reference
from ontology.ids import body_id
from ontology.records import BodyFact
from ontology.reference import Province
from ontology.text import fold_key, trie_regex
from ontology.vocab import BodyKind, DocKind, RelationType

#: the kinds of the Party's central bodies: the Central Committee, the Politburo, the
#: Secretariat and the Central Committee's agencies
CENTRAL_KINDS = frozenset({BodyKind.CENTRAL_COMMITTEE, BodyKind.POLITBURO, BodyKind.SECRETARIAT,
                           BodyKind.CENTRAL_AGENCY})
#: the kinds of a place's Party committee: a province's, a district's, a unit's
COMMITTEE_KINDS = frozenset({BodyKind.PROVINCIAL_COMMITTEE, BodyKind.DISTRICT_COMMITTEE, BodyKind.PARTY_COMMITTEE})


@lru_cache(maxsize=1)
def _spellings() -> dict[str, list[str]]:
    """The other spellings of words of body names (``variants`` of ``bodies.yaml``)."""
    return dict(data("bodies.yaml").get("variants") or {})


def _variants(name: str) -> set[str]:
    """A name in each spelling of its words."""
    out = {name}
    for word, spellings in _spellings().items():
        if word in name:
            out |= {name.replace(word, v) for v in spellings}
    return out


@dataclass(frozen=True)
class Gazetteer:
    """Central bodies and provinces by their folded names, with the patterns that find them."""

    central: re.Pattern[str]
    central_index: dict[str, reference.BodySpec]
    province: re.Pattern[str]
    province_index: dict[str, Province]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    index: dict[str, reference.BodySpec] = {}
    for spec in reference.central_bodies():
        for alias in {spec.name, *spec.aliases}:
            for v in _variants(alias):
                index.setdefault(fold_key(v), spec)
    central = re.compile(rf"(?<![\w])(?:{trie_regex(list(index))})(?![\w])")
    pindex: dict[str, Province] = {}
    for p in reference.provinces():
        for n in (p.name, *p.aliases):
            pindex.setdefault(fold_key(n).replace(" - ", " ").replace("-", " "), p)
    spellings = set(pindex)
    for k in pindex:  # "Bà Rịa - Vũng Tàu", "Thừa Thiên-Huế"
        words = k.split()
        for i in range(1, len(words)):
            spellings |= {" ".join(words[:i]) + sep + " ".join(words[i:]) for sep in (" - ", "-")}
    province = re.compile(rf"(?<![\w])(?:{trie_regex(sorted(spellings))})(?![\w])")
    return Gazetteer(central, index, province, pindex)


def province_at(folded: str, start: int) -> tuple[Province, int] | None:
    """A province name starting at an offset of the folded text, with its end."""
    g = gazetteer()
    m = g.province.match(folded, start)
    if not m:
        return None
    key = " ".join(m.group(0).replace("-", " ").split())
    p = g.province_index.get(key)
    return (p, m.end()) if p else None


def committee_of(province: Province, day: date | None = None) -> BodyFact:
    """The Party committee (Tỉnh ủy / Thành ủy) of a province on a day: from 1-7-2025 a merged province's is its
    new unit's (Tỉnh ủy Hà Giang → Tỉnh ủy Tuyên Quang); Thừa Thiên Huế is Thành ủy Huế
    from 1-1-2025."""
    word = reference.committee_word(province, day)
    name = province.name
    if day is not None and (day >= reference.MERGER_EFFECTIVE
                            or (province.merged_into != province.name and day >= reference.HUE_CITY_FROM
                                and reference.committee_word(province, day) == "Thành ủy")):
        name = province.merged_into
        target = reference.province_by_name(name) or province
        word = reference.committee_word(target, day)
    full = f"{word} {name}"
    return BodyFact(body_id(full), full, BodyKind.PROVINCIAL_COMMITTEE, None, name)




def central_body(name: str) -> BodyFact | None:
    """A central body by any of its names."""
    spec = gazetteer().central_index.get(fold_key(name))
    if spec is None:
        return None
    parent = body_id(spec.parent) if spec.parent else None
    return BodyFact(body_id(spec.name), spec.name, spec.kind, parent)


def nearby_province(text: str, folded: str, start: int, pos: int) -> Province | None:
    """The last province named between ``start`` and ``pos`` ("Tại Bắc Kạn, Ban Thường vụ
    Tỉnh ủy …"): in a roundup of several provinces it, not the article's, is meant."""
    g = gazetteer()
    found = None
    for m in g.province.finditer(folded, start, pos):
        if text[m.start()].isupper():
            found = g.province_index.get(" ".join(m.group(0).replace("-", " ").split()), found)
    return found


# personal names

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _capitalised(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or word[1:].replace("'", "").replace("’", "").islower()
                                  or word[1:2] in ("'", "’"))


def name_run(text: str, pos: int, limit: int = 5) -> tuple[int, int] | None:
    """Capitalised words separated by single spaces from an offset (at a word start)."""
    if pos > 0 and text[pos - 1].isalnum():
        return None
    end = pos
    count = 0
    while count < limit:
        m = _WORD.match(text, end if count == 0 else end + 1)
        if not m or (count > 0 and text[end:end + 1] != " ") or not _capitalised(m.group(0)):
            break
        end = m.end()
        count += 1
    return (pos, end) if count >= 2 else None


# relation cues

def data(name: str) -> Any:
    """A YAML file of ``ontology/data``, parsed."""
    return reference.data(name)


def _phrase(p: str) -> str:
    """A cue phrase as a regex on folded, normalised text ("sửa đổi, bổ sung" → sua\\s+doi\\s*,?\\s*bo…)."""
    words = cue_norm(fold_key(str(p))).split()
    out = []
    for w in words:
        comma = w.endswith(",")
        w = w.rstrip(",")
        rx = {"{n}": r"\d+", "{w}": r"\S+", "{…}": r"[^;,.()]{0,60}"}.get(w) or re.escape(w)
        out.append(rx + (r"\s*,?" if comma else ""))
    return r"\s+".join(out)


def _alts(items: list[str]) -> str:
    return "(?:" + "|".join(sorted((_phrase(x) for x in items), key=len, reverse=True)) + ")"


_SEP = r"(?:\s*,\s*|\s+)"
# the agent of a passive: "được Ban Thường vụ Tỉnh ủy Bạc Liêu cụ thể hóa bằng …" (a few words, no clause)
_AGENT = r"(?:(?:[^\s,;.]+\s+){1,8}?)?"


@dataclass(frozen=True, slots=True)
class RelationCues:
    """The compiled cue phrases of each relation type and the phrases around them."""

    active: tuple[tuple[RelationType, re.Pattern[str]], ...]
    passive: tuple[tuple[RelationType, re.Pattern[str]], ...]
    opening: re.Pattern[str]
    # the verb of each type alone, for "… <verb> <B>" at the end of a longer text
    tails: tuple[tuple[RelationType, re.Pattern[str]], ...]
    passive_tails: tuple[tuple[RelationType, re.Pattern[str]], ...]
    objects: re.Pattern[str]  # "… quán triệt" before a reference: it is an object
    issues: re.Pattern[str]  # "… đã ban hành" before a reference: it is issued here
    anaphor: re.Pattern[str]  # "Quy định (này)", "Mục đích của Kế hoạch" opening a sentence
    anaphor_this: re.Pattern[str]  # "văn bản này", "Chỉ thị trên" anywhere
    anaphor_kinds: dict[str, DocKind | None]  # folded type name → kind (None: any document)
    participle: re.Pattern[str]  # "được ban hành" after an anaphor
    participle_after: re.Pattern[str]  # "do … vừa ban hành ngày …" after a reference
    basis_before: re.Pattern[str]  # "căn cứ Điều lệ Đảng; " before the first reference
    through: re.Pattern[str]
    purpose: re.Pattern[str]
    not_a_continuation: re.Pattern[str]
    bare_target: re.Pattern[str]  # "thực hiện Nghị quyết," with no number
    owner: re.Pattern[str]  # "của Ban Thường vụ Tỉnh ủy (ngày …)" left after a reference's chain
    restated: re.Pattern[str]  # ": Kế hoạch" / "- Trích yếu: Kế hoạch" restating a reference's type
    wrap_before: re.Pattern[str]  # "để đưa" before a reference …
    wrap_after: re.Pattern[str]  # … "vào cuộc sống" after it
    including: re.Pattern[str]  # ", trong đó có" closing a gap: the members of what the cue names follow
    issued_documents: re.Pattern[str]  # "ban hành nhiều văn bản" before the cue those documents carry out
    # "… ban hành nhiều văn bản (lãnh đạo, chỉ đạo)." / "… ban hành các văn bản sau:" closing a sentence
    issued_by_kind: re.Pattern[str]
    # "<B> hết hiệu lực kể từ ngày <A> có hiệu lực" (A REPLACES B): the gap, then what follows A
    reports: re.Pattern[str]  # "nêu rõ, " after a reference: the clause after the comma is what it tells
    checked: re.Pattern[str]  # "rà soát việc thực hiện" closing a cue: the document is checked, not carried out
    lapses: re.Pattern[str]
    in_force: re.Pattern[str]
    # "Kể từ ngày <A> có hiệu lực, <B> hết hiệu lực" (A REPLACES B): the head before A, what follows B
    lapse_since: re.Pattern[str]
    lapsed: re.Pattern[str]
    grounds: re.Pattern[str]  # "là cơ sở để <body> ban hành" between <B> and <A> (A BASED_ON B)


@lru_cache(maxsize=1)
def relation_cues() -> RelationCues:
    """The relation cue lexicon (``relation_cues.yaml``), compiled once."""
    raw = data("relation_cues.yaml")
    filler = rf"(?:{_alts(raw['filler'])}\s*,?\s*(?:va\s+)?)?"
    adverbs = rf"(?:{_alts(raw['adverbs'])}\s+)*"
    det = rf"(?:\s+{_alts(raw['determiners'])}(?:\s*:)?)?"  # "thực hiện các <B1>, <B2>", "thay thế các văn bản: <B1>"
    active, passive, tails, passive_tails, opening = [], [], [], [], []
    core: dict[RelationType, str] = {}
    for name, spec in raw["types"].items():
        t = RelationType(name)
        lead = rf"(?:{_alts(spec['lead'])}\s+)?" if spec.get("lead") else ""
        before = rf"(?:{_alts(spec['before'])}{_SEP}(?:va\s+)?)*" if spec.get("before") else ""
        after = "".join(rf"(?:{_SEP}{_alts(slot)})*" for slot in spec.get("after") or [])
        body = rf"{before}{_alts(spec['verbs'])}{after}"
        # the cue without its trailing words: "để tiếp tục thực hiện", "hướng dẫn thực hiện"
        core[t] = rf"{lead}{before}{_alts(spec['verbs'])}" + (
            rf"(?:\s+{_alts(spec['after'][0])})?" if t is RelationType.GUIDES and spec.get("after") else "")
        active.append((t, re.compile(rf"^{adverbs}{filler}{lead}{adverbs}{body}{det}$")))
        tails.append((t, re.compile(rf"(?:^|\s){body}{det}$")))
        if spec.get("passive"):
            verb = rf"(?:duoc|bi)\s+{_AGENT}{_alts(spec['passive'])}"
            passive.append((t, re.compile(rf"^{adverbs}{filler}(?:va\s+)?{adverbs}{verb}$")))
            passive_tails.append((t, re.compile(rf"(?:^|\s){verb}$")))
        if spec.get("opening"):
            opening.append(rf"(?P<{name}>{_alts(spec['opening'])})")
    kinds: dict[str, DocKind | None] = {fold_key(n): d.kind for d in reference.doc_types() for n in d.names
                                        if " " in n.strip()}
    kinds.update({fold_key(n): None for n in raw["any_document"]})
    words = _alts(sorted(kinds))
    kinds.update({fold_key(n): None for n in raw["this_document"]})  # "Đây là văn bản …" opening a sentence only
    typed = _alts(sorted(k for k, v in kinds.items() if v is not None))
    basis = _alts(raw["types"]["BASED_ON"]["opening"])
    this = _alts(raw["demonstratives"])  # "này", "trên", "nói trên"
    cores = "|".join(core[t] for t in (RelationType.IMPLEMENTS, RelationType.GUIDES))
    issued = _issued_documents(raw["issued_documents"])
    members = _alts(raw["issued_documents"]["members"])
    return RelationCues(
        tuple(active), tuple(passive), re.compile(rf"^(?:{'|'.join(opening)}){det}$"), tuple(tails), tuple(passive_tails),
        objects=re.compile(rf"(?:^|\s){_alts(raw['object_verbs'])}$"),
        issues=re.compile(rf"(?<!\w)(?:{_alts(raw['issue_verbs'])}|{issued}\s*,?\s*{members})\s*:?\s+$"),
        anaphor=re.compile(rf"^[\s\-*•]*(?:dieu\s+\d+\s*[.:]?\s*)?(?:{_alts(raw['connectors'])}\s*,?\s*)?"
                           rf"(?:(?P<aim>{_alts(raw['aims'])})\s+)?(?P<word>{typed}|{_alts(raw['this_document'])})"
                           rf"(?:\s+{this})?(?=\s)"),
        anaphor_this=re.compile(rf"(?<!\w)(?P<word>{words})\s+{this}(?!\w)"),
        anaphor_kinds=kinds,
        participle=re.compile(rf"^\s*(?:(?:duoc|da duoc|da)\s+)?{_alts(raw['participles'])}\s+(?=\S)"),
        # "… được Ban Thường vụ Tỉnh ủy ban hành ngày …", "… do Tỉnh ủy vừa ban hành"
        participle_after=re.compile(rf"^[\s,]*(?:(?:da|vua|moi|duoc|cung)\s+)*(?:(?:duoc|do)\s+{_AGENT}"
                                    rf"(?:(?:da|vua|moi)\s+)*)?{_alts(raw['participles'])}(?!\w)"
                                    r"(?:\s+(?:ngay|thang|nam)\s+[\d/.\-]+)*\s*,?\s*"),
        # (a folded, normalised gap has no trailing space: "căn cứ Điều lệ Đảng; căn cứ")
        basis_before=re.compile(rf"^{basis}\s+{_alts(raw['statutes'])}\s*[;,]\s*(?:va\s+)?(?:{basis}\s*)?$"),
        through=re.compile(rf"^{_alts(raw['through'])}$"),
        purpose=re.compile(rf"^{_alts(raw['purpose'])}\s"),
        # "qua" (through), but not the folded "quả" of "hiệu quả", "kết quả"
        not_a_continuation=re.compile(rf"(?<!\w)(?<!hieu )(?<!ket ){_alts(raw['not_a_continuation'])}(?!\w)"),
        bare_target=re.compile(rf"[\s,]*(?P<cue>{cores})\s+(?P<word>{typed})(?=\s*[,.;)]|\s+(?:nay|tren|do|cua)\b)"),
        restated=re.compile(rf"^\s*[:|\-–]\s*(?:trich yeu\s*[:|]?\s*)?(?P<word>{typed})\s+(?=\S)"),
        owner=re.compile(rf"^\s*cua\s+(?:{_alts(raw['owner_bodies'])}\s+)?{_alts(raw['owners'])}(?!\w)"
                         r"(?:\s*,?\s*ngay\s+\d{1,2}(?:[/.\-]\d{1,2}[/.\-]\d{2,4}|\s+thang\s+\d{1,2}\s+nam\s+\d{4}))?"),
        wrap_before=re.compile(rf"^{adverbs}{_alts(raw['wrap']['before'])}{det}$"),
        wrap_after=re.compile(rf"[\s,]*{_alts(raw['wrap']['after'])}(?!\w)"),
        issued_documents=re.compile(rf"(?<!\w){issued}\s+(?P<cue>.+)$"),
        issued_by_kind=re.compile(rf"(?<!\w){issued}(?:\s+(?:nhu\s+)?sau)?\s*(?P<end>[:.]?)$"),
        including=re.compile(rf"(?:^|,)\s*{_alts(raw['including'])}\s*:?$"),
        reports=re.compile(rf"^\s*(?:(?:da|cung)\s+)?{_alts(raw['reports'])}\s*,\s+"),
        checked=re.compile(rf"(?:^|\s){_alts(raw['checks'])}(?:(?:\s*,\s*|\s+va\s+){_alts(raw['checks'])})*"
                           r"\s+(?:viec|tinh hinh)\s+(?:(?:trien khai|to chuc)\s+)?(?:thuc hien|trien khai|thi hanh)$"),
        lapses=re.compile(rf"^(?:(?:se|cung|chinh thuc)\s+)*{_alts(raw['lapse']['before'])}$"),
        in_force=re.compile(rf"[\s,]*{_alts(raw['lapse']['after'])}(?!\w)"),
        lapse_since=re.compile(rf"^{_alts(raw['lapse']['since'])}$"),
        lapsed=re.compile(rf"\s(?:(?:se|da|cung|chinh thuc)\s+)*{_alts(raw['lapse']['lapsed'])}$"),
        grounds=re.compile(rf"^{adverbs}la\s+(?:mot\s+)?{_alts(raw['grounds']['nouns'])}(?:\s+{_alts(raw['grounds']['modifiers'])})*"
                           rf"\s+{_alts(raw['grounds']['links'])}\s+{_AGENT}{adverbs}{_alts(raw['issue_verbs'])}$"),
    )


def _issued_documents(spec: dict[str, list[str]]) -> str:
    """Documents issued by their kind: the verb, then one or more "<quantity> <kind> (<modifier>)"
    joined by commas or "và" ("ban hành 5 kế hoạch, 3 chương trình hành động")."""
    one = rf"{_alts(spec['quantities'])}\s+{_alts(spec['kinds'])}(?:\s+{_alts(spec['modifiers'])})?"
    return rf"{_alts(spec['verbs'])}\s+{one}(?:(?:\s*,\s*|\s+va\s+){one})*"


def cue_norm(gap: str) -> str:
    """A folded gap with single spaces and commas attached, without quotation marks (about
    “Thực hiện <B>”): the form cues are matched on."""
    return " ".join(gap.translate(_QUOTES).replace(",", " , ").split()).replace(" ,", ",").strip(" ,")


_QUOTES = str.maketrans({c: " " for c in "\"“”«»„"})


# no cue is longer: a longer gap is a clause of its own (and the regexes stay linear)
_MAX_CUE = 240


# one alternation of a list of cues, by the identity of the list (the lists are built once),
# and what each gap already asked was found to be
_ONE_OF: dict[int, tuple[tuple[tuple[RelationType, re.Pattern[str]], ...], re.Pattern[str], dict[str, RelationType | None]]] = {}
#: gaps remembered per list of cues ("", "và", "thực hiện", ";" recur in every corpus); then forgotten
_GAPS_KEPT = 50_000


def _one_of(cues: tuple[tuple[RelationType, re.Pattern[str]], ...]) -> tuple[re.Pattern[str], dict[str, RelationType | None]]:
    """The cues as one alternation, a group per cue in their order: the engine tries each in
    turn as ``next(… rx.match …)`` did, in one call (a cue has no groups of its own)."""
    hit = _ONE_OF.get(id(cues))
    if hit is None or hit[0] is not cues:
        rx = re.compile("|".join(f"({c.pattern})" for _, c in cues))
        assert rx.groups == len(cues), "a relation cue has groups of its own"
        hit = _ONE_OF[id(cues)] = (cues, rx, {})
    return hit[1], hit[2]


def whole_cue(gap: str, cues: tuple[tuple[RelationType, re.Pattern[str]], ...]) -> RelationType | None:
    """The type of the first cue the whole gap is."""
    return normed_cue(cue_norm(gap), cues)


def normed_cue(g: str, cues: tuple[tuple[RelationType, re.Pattern[str]], ...]) -> RelationType | None:
    """``whole_cue`` of a gap already in ``cue_norm``'s form (which ``cue_norm`` keeps as it
    is): a caller that has normalised a long text once does not pay for it twice."""
    if len(g) > _MAX_CUE:
        return None
    rx, seen = _one_of(cues)
    if g in seen:  # the same gap asked again: the same answer (the match reads nothing but g)
        return seen[g]
    m = rx.match(g)
    found = cues[m.lastindex - 1][0] if m is not None and m.lastindex else None
    if len(seen) >= _GAPS_KEPT:
        seen.clear()
    seen[g] = found
    return found


def cue_ending(head: str) -> RelationType | None:
    """The cue a folded text ends with, if any ("… tổ chức sơ kết 5 năm thực hiện" →
    REVIEWS, "… sinh hoạt chi bộ theo tinh thần"): for any code that reads a reference's
    left context with the same lexicon."""
    g = cue_norm(head[-160:])  # the longest cue is far shorter; bounds the search
    for t, rx in relation_cues().tails:
        if rx.search(g):
            return t
    return None


# meeting cues

@lru_cache(maxsize=1)
def _meeting_cues() -> dict[str, list[str]]:
    return data("meeting_cues.yaml")


def meeting_cue_words(key: str) -> str:
    """An alternation of the folded words of one list of ``meeting_cues.yaml``, longest first."""
    words = sorted(_meeting_cues()[key], key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
