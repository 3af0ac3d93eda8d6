"""Relations between documents, stated by cue phrases, each with its sentence as evidence.

The cue phrases are data (``ontology/data/relation_cues.yaml``): thực hiện, triển khai,
cụ thể hóa (IMPLEMENTS), hướng dẫn (GUIDES), sơ kết/tổng kết (REVIEWS), sửa đổi, bổ sung
(AMENDS), thay thế (REPLACES), bãi bỏ (REPEALS), căn cứ (BASED_ON), and their passives
("<A> được thay thế bằng <B>"). Each construction is one rule (``ontology.vocab.Rule``),
and a relation's confidence is that rule's measured precision on the gold
(``ontology/data/rule_precision.yaml``, written by ``bench/rule_precision.py``).

The constructions, with A the subject and B the object of the cue:

- ``cue``: "<A> [its modifiers: số, ngày, của <body>, khóa, (alias), được ban hành ngày …]
  <cue> <B>", also after an owner the chain left out ("của Ban Thường vụ Tỉnh ủy") and after
  its type restated ("<A>: Kế hoạch thực hiện <B>", "<A> - Trích yếu: Hướng dẫn thực hiện <B>");
- ``cue-list``: further objects of the same cue ("thực hiện <B1>, <B2> và <B3>"; after a
  semicolon only when the subject stands outside the list), or further subjects issued
  together ("ban hành <A1> và <A2> để thực hiện <B>");
- ``cue-second-verb``: "thay thế <B1> … và bãi bỏ <B2>", "…; căn cứ <B2>";
- ``cue-fronted``: "Thực hiện <B>, Ban Thường vụ … ban hành <A>" (every document issued
  there, also by a further clause "…; Ban Tổ chức ban hành <A2>", or named as the main
  clause's subject in the passive: "Để thực hiện <B>, <A> đã được … ban hành"; the next
  sentence when the fronted clause was cut off by a full stop; the documents named after a main
  clause that issues them by their kind only: "… đã ban hành nhiều văn bản. Cụ thể, … ban hành
  <A1> và <A2>", "… đã ban hành các văn bản sau:" and the items "1. <A1> …", "2. <A2> …");
- ``self-document``: a sentence of an official text opening with a cue ("Căn cứ <B>;");
- ``cue-anaphor``: "Quy định này thay thế <B>", "Theo đó, Kế hoạch nhằm thực hiện <B>", "Chỉ thị
  trên …", "Mục đích của Kế hoạch là triển khai <B>", "Theo kế hoạch, việc / các cấp ủy quán triệt
  <B> …" (the plan named in the sentence before);
- ``cue-passive``: "<B> (văn bản này) được (Bộ Chính trị) thay thế bằng <A>" (a list opening the
  sentence for B, every item: "<B1> và <B2> đã được … cụ thể hóa bằng <A>"), also "<B> là cơ sở
  (quan trọng) để <body> ban hành <A>" (A BASED_ON B; then "… <A1> và <A2>" by ``cue-list``);
- ``cue-through``: "triển khai <B> thông qua <A>";
- ``cue-subject``: "<A> về một số giải pháp tiếp tục thực hiện <B>", also a clause after the
  subject line's comma ("<A> về việc ban hành Quy định về …, thay thế <B>");
- ``cue-purpose``: "ban hành <A> … theo tinh thần <C> để triển khai thực hiện <B>", "<A> được xây
  dựng căn cứ <C1> và <C2>, nhằm triển khai <B>" (the purpose is A's, whose objects C1, C2 are);
- ``cue-bare-target``: "<A> … thực hiện Nghị quyết," (the latest Nghị quyết named; in lower case
  only with a demonstrative: "thực hiện nghị quyết này");
- ``cue-including``: the members of what a cue names, after ", trong đó có" (", nhất là" …):
  "<A> thực hiện các nghị quyết Trung ương 8, trong đó có <B1> và <B2>", also when what it names
  has no reference ("<A> triển khai các văn bản của Trung ương, trong đó có <B>"), and the
  documents a sentence issues by their (counted) kinds, listed after what they carry out ("… ban
  hành 5 kế hoạch, 3 chương trình hành động để triển khai <B>, gồm: <A1>; <A2>");
- ``cue-elided``: a document issued with a cue whose object is left out, named by a clause
  "(Ngay) sau khi … ban hành <B>," of the sentence or issued in the sentence before: "… ban
  hành <A> để triển khai thực hiện.", "<B> … . Để triển khai (Nghị quyết này), … ban hành <A>"
  (past one sentence naming no document, when the cue names their type: "… các nghị quyết trên");
  also a plan issued by a sentence opened by "Theo đó," with no cue: "… ban hành <B>. Theo đó,
  Ban Thường vụ … đã ban hành <kế hoạch A>" (BASED_ON after "Trên cơ sở đó,"); a type named
  alone ("thực hiện nghị quyết", "đưa Nghị quyết vào cuộc sống") stands for one document only;
- ``cue-headline``: a headline naming a document by its kind only, with a cue and its object
  ("Sóc Trăng ban hành kế hoạch thực hiện <B>"), stands for the one numbered document of that
  kind the report issues ("Ban Thường vụ … vừa ban hành Kế hoạch số 150-KH/TU ngày …").

A sentence opening "Theo <plan A>, việc / công tác <cue> <B>" says A carries B out (``according_to``).

A participle closes a subject line that was read as running on to the next reference: "<A> về
chế độ tiếp khách được ban hành trên tinh thần <B> và thay thế <C>" (the cue after "được ban hành").
Documents issued together, each with its subject line, share a purpose clause closing the last
one ("ban hành <A1> về … và <A2> về … nhằm triển khai <B>"), not a subject line of the last
one's own ("<A1> về công tác dân vận và <A2> về tiếp tục thực hiện <B>": A2's alone).

A report on the results of carrying a document out ("Báo cáo số … về / đánh giá kết quả thực hiện
<B>") reviews it (``cues.report_results``), whether or not a span of years is named.

A cue may end with a determiner ("thực hiện các Nghị quyết số 18, 19-NQ/TW"), may name what is
issued with its object ("thực hiện Chương trình hành động … ban hành kèm theo <B>") and may stand
around its object ("(để) đưa <B> vào cuộc sống", IMPLEMENTS). A list of objects runs on past a
semicolon when the subject is no list's item and the next item has no cue of its own ("<A>
thực hiện <B1>; <B2> và <B3>", but not "<A1> thực hiện <B1>; <A2> thực hiện <B2>"), and not
after an item "và" brought in ("<A> quán triệt <B1> và <B2>; <C> về …": C is no object of A's).
A guidance whose subject line is the propaganda for a reference ("Hướng dẫn số … (về) tuyên
truyền <B>") guides it.

Whether A may carry out B by their dates is checked where the documents are resolved
(``loaders.relate.documents._earlier``); here only the dates written next to the references are
used, to put a list item into the outer list when the inner subject cannot take it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.find.documents import DocMention
from loaders.lexicon import cue_ending, cue_norm, relation_cues
from loaders.relate import cues
from loaders.text.context import Context
from ontology.vocab import DocKind, RelationType, Rule

# "…; căn cứ <B>": the cue repeated after a semicolon has the subject of its first use
_REPEATED_CUE = re.compile(r"^[^;.]*;\s*(?P<rest>.+)$")
# a lead-in of a few words closed by a comma before a sentence's fronted cue ("Theo đó, ",
# "Năm 2022, ", "Đáng chú ý, ", "Ban Thường vụ Tỉnh ủy, "), in ``cue_norm``'s form
_LEAD_IN = re.compile(r"^(?:[^\s,;:()]+\s+){0,9}[^\s,;:()]+\s*,\s+")
_COORD = re.compile(r"^[\s,;]*(?:va\s+|cung nhu\s+)?(?:cac\s+)?$")
# two references joined: a comma, a semicolon or "và" between them, nothing else
_JOINED = re.compile(r"^\s*(?:[,;]|va\s|cung nhu\s)[\s,;]*(?:va\s+)?(?:cac\s+)?$")
_COORD_CUE = re.compile(r"^[\s,;]*(?:va|dong thoi)?\s*(?P<rest>.+)$")
# a bare year after a title's number: "Quyết định 742/QĐ-UBND 2023 triển khai …"
_BARE_YEAR = re.compile(r"^[\s,]*(?:19|20)\d{2}(?!\d)\s*")
# a title that names no subject by "về": "Quy định số 24-QĐ/TW … thi hành Điều lệ Đảng; <B>"
_EXECUTES_STATUTE = re.compile(r"^\s*(?:ve\s+)?thi hanh dieu le dang(?:\s+(?:khoa\s+)?[ivxl]+)?(?=\s*[;,]|\s*$)")
# "là" after an anaphor's aim: "Mục tiêu của Chương trình là …"
_AIM_IS = re.compile(r"^\s*(?:la|:)\s+")
_QD_FAMILY = {DocKind.QUY_DINH, DocKind.QUYET_DINH}
# "Theo đó, Ban Thường vụ Tỉnh ủy (đã) ban hành <A>": a clause with no comma before A
_ACCORDINGLY = re.compile(r"^[\s\-*•+]*theo do\s*,\s*[^,;:.()]{0,80}$")
# "Trên cơ sở đó, Ban Thường vụ Tỉnh ủy (đã) ban hành <A>": a clause with no comma before A
_ON_THAT_BASIS = re.compile(r"^[\s\-*•+]*tren co so do\s*,\s*[^,;:.()]{0,80}$")
# "<A> yêu cầu … thực hiện <B>" says A carries B out; after a comma the clause's subject is another's
_COMMA_REQUIRES = re.compile(r"^\s*,\s*yeu cau\b")
# "Theo kế hoạch, (việc) …" opening a sentence: what the plan prescribes follows
_PER_PLAN = re.compile(r"^[\s\-*•+]*theo\s+(?P<word>ke hoach|chuong trinh hanh dong|chuong trinh|huong dan|de an)"
                       r"(?:\s+(?:nay|tren))?\s*,\s*(?:(?:viec|cong tac)\s+)?(?P<rest>[^;:.()]+)$")
# a list's item opening with its reference: "1. <X> …", "- <X> …", "a) <X> …"
_ITEM = re.compile(r"^\s*(?:[\-*•+–]|\d{1,2}\s*[.)/]|[a-h]\s*\))?\s*$")
# a sentence that names what the one before said in general: "Cụ thể, …", "Trong đó, …"
_CONCRETELY = re.compile(r"^[\s\-*•+]*(?:cu the|trong do|theo do)\s*,\s*[^,;:.]{0,80}$")
# "Theo <A>, việc triển khai <B>": the cue made a noun after the comma closing "Theo <A>"
_ACCORDING_TO = re.compile(r"^\s*,\s*(?:viec|cong tac)\s+(?P<cue>[^;:.()]+)$")
# the documents that exist to carry others out
_PLAN_KINDS = {DocKind.KE_HOACH, DocKind.CHUONG_TRINH, DocKind.DE_AN, DocKind.HUONG_DAN}


@dataclass(frozen=True, slots=True)
class DocRelation:
    """A relation found between two mentions (by index) or the source's own document."""

    type: RelationType
    source: int  # mention index, or -1 for the text's own document
    target: int
    sentence: tuple[int, int]
    rule: Rule
    confidence: float


_OPEN = re.compile(r"^[\s,]*[(\-–:\"“”«]\s*")
_THIS = re.compile(r"\s+(?:nay|tren|neu tren|noi tren)\b")
# a reference in a fronted phrase of accompaniment, closed by a comma: "Cùng với / Bên cạnh / Ngoài <a>
# về …, <the sentence's own subject> …" (the subject line of a ends at that comma)
_ALONGSIDE = re.compile(r"[\s\-*•+]*(?:cung voi|ben canh|ngoai|song song voi)\s+$")
_HAS = re.compile(r"(?<=\w)\s+(?:(?:da|cung)\s+)?co\s+$")  # "<body> (đã) có <k>" (the body's last word before)
# a clause that dates the sentence's main act after another document: "(Ngay) sau khi <body> ban hành";
# a short lead-in closed by a comma may come first ("Theo báo cáo, ngay sau khi …")
_AFTER = re.compile(r"^[\s\-*•+]*(?:[^\s,;:()]+(?:\s+[^\s,;:()]+){0,9}\s*,\s*)?(?:ngay\s+)?(?:sau\s+khi|khi)\s")
# the body's next act after a purpose clause: "… ban hành <A> để thực hiện, đồng thời chỉ đạo …"
# a sentence opening with a second verb and no subject: "Đồng thời bãi bỏ <C>"
_ALSO = re.compile(r"^(?:dong thoi|va dong thoi|cung luc)\s*,?\s")
# what opens a clause of its own before its issue verb: "…, đồng thời ban hành <C>", "… và ban hành <C>"
_NEW_CLAUSE = re.compile(r"(?:[,;]|\bva)\s*(?:dong thoi\s*,?\s*)?(?:(?:da|vua|cung|tiep tuc)\s+)*$")
# a numbered line of an official text: "3. ", "2.1. ", "b) "
_TASK_ITEM = re.compile(r"[ \t]*(?:\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-h]\s*\))\s")
_BULLET_HEAD = re.compile(r"^[\s\-*•+]+")
_SUPERSEDING = {RelationType.REPLACES, RelationType.REPEALS, RelationType.AMENDS}
_NEXT_ACT = re.compile(r"\s*(?:,\s*dong thoi\b|;)")


class _Finder:
    """The relations of one text, found target by target."""

    def __init__(self, ctx: Context, mentions: list[DocMention], ids: list[str], self_kind: DocKind | None,
                 has_self: bool, topic: dict[DocKind, int]) -> None:
        self.ctx, self.f, self.mentions, self.ids = ctx, ctx.folded, mentions, ids
        self.self_kind, self.has_self, self.topic = self_kind, has_self, topic
        self.out: list[DocRelation] = []

    def add(self, t: RelationType, i: int, j: int, sent: tuple[int, int], rule: Rule) -> None:
        if (self.ids[i] if i >= 0 else None) != self.ids[j]:
            self.out.append(DocRelation(t, i, j, sent, rule, cues.confidence(rule)))

    def kind(self, i: int) -> DocKind | None:
        return self.mentions[i].kind if i >= 0 else self.self_kind

    def run(self) -> list[DocRelation]:
        f, mentions = self.f, self.mentions
        for j, b in enumerate(mentions):
            s0, s1 = self.ctx.sentences.at(b.start)
            prev = [i for i in range(j) if mentions[i].start >= s0 and mentions[i].end <= b.start]
            if prev and self.between(prev[-1], j, (s0, s1)):
                continue
            head = f[s0:b.start]
            if not prev and self.opening(j, head, (s0, s1)):
                continue
            self.anaphor(j, head, (s0, s1), bool(prev))
        self.out += self.bare_targets()
        for i in range(len(mentions)):
            self.elided(i)
        self.headline()
        return self.out

    # ------------------------------------------------------------------ the headline's unnumbered document

    def headline(self) -> None:
        """A headline that names a document by its kind only, with a cue and its object
        ("Sóc Trăng ban hành kế hoạch thực hiện Nghị quyết 27 về …"), over a report that issues
        one document of that kind, numbered ("Ban Thường vụ … vừa ban hành Kế hoạch số 150-KH/TU
        ngày 5/12/2022. Theo kế hoạch, …"): that document carries out what the headline names.
        Only when the report names no other document of the kind and its own sentences do not
        say it carries out something else; the evidence is the headline."""
        ctx, f, mentions = self.ctx, self.f, self.mentions
        end = ctx.headline_end()
        if not end:
            return
        inside = [k for k, x in enumerate(mentions) if x.start < end]
        if not inside:
            return
        m = _HEADLINE_KIND.search(f[:mentions[inside[0]].start])
        t = cues.cue(m["rest"]) if m else None
        kind = relation_cues().anaphor_kinds.get(m["word"]) if m else None
        if t is None or kind is None or t is RelationType.BASED_ON:
            return
        targets = self.coordinated(inside[0])
        if any(k not in inside for k in targets) or any(mentions[k].kind is kind for k in inside):
            return
        target_ids = {self.ids[k] for k in targets}
        of_kind = [k for k, x in enumerate(mentions) if x.start >= end and x.kind is kind and self.ids[k] not in target_ids]
        if len({self.ids[k] for k in of_kind}) != 1:
            return
        if not any(relation_cues().issues.search(f, max(end, mentions[k].start - 60), mentions[k].start) for k in of_kind):
            return
        src = of_kind[0]
        said = {self.ids[r.target] for r in self.out if r.source >= 0 and self.ids[r.source] == self.ids[src]}
        if said - target_ids:
            return  # the report says what it carries out, and it is something else too
        sent = ctx.sentences.at(mentions[inside[0]].start)
        for k in targets:
            self.add(cues.typed(t, kind), src, k, sent, Rule.CUE_HEADLINE)

    # ------------------------------------------------------------------ a cue without its object

    def elided(self, i: int) -> None:
        """A document issued with a cue whose object the sentence leaves out, which names it in
        a clause "(ngay) sau khi … <B>" or the sentence before: "Ngay sau khi Bộ Chính trị ban
        hành <B>, Ban Thường vụ … ban hành <A> để triển khai thực hiện."; "… ban hành <B>. Để
        triển khai, Tỉnh ủy ban hành <A>"."""
        f, mentions, a = self.f, self.mentions, self.mentions[i]
        sent = self.ctx.sentences.at(a.start)
        # A with a cue of its own in the sentence ("… ban hành <A> hướng dẫn tuyên truyền <C>") may
        # still carry out what a fronted clause names by "này / trên" ("Để cụ thể hóa Kế hoạch này, …")
        own = any(r.source == i and r.sentence == sent for r in self.out)
        if self.listed(i) or not relation_cues().issues.search(f, max(sent[0], a.start - 60), a.start):
            return
        issued = self.coordinated(i)  # "… ban hành <A1> và <A2> để triển khai thực hiện."
        last = mentions[issued[-1]]
        before = [k for k in range(i) if mentions[k].start >= sent[0]]
        if own and before:
            return
        raw = relation_cues().owner.sub("", _BARE_YEAR.sub("", f[max(last.end, last.chain_end):sent[1]], count=1), count=1)
        tail = cue_norm(raw.rstrip(" .;:\n"))
        if relation_cues().purpose.match(tail + " ") and (act := _NEXT_ACT.search(tail)) is not None:
            tail = tail[:act.start()]  # "… để thực hiện, đồng thời chỉ đạo các cấp ủy …": the purpose clause
        # "… ban hành <A> (để) triển khai thực hiện.", not "… ban hành <A>, (đồng thời) tổ chức thực hiện"
        # (the body's next act, carrying A out)
        found = cues.elided(tail) if not own and (relation_cues().purpose.match(tail + " ") or
                                                  not re.match(r"\s*(?:[,;]|va\b|dong thoi\b)", raw)) else None
        if found is None and not before:
            # "Để triển khai (Nghị quyết này), Tỉnh ủy ban hành <A>": the clause before the first comma
            m = re.match(r"^[\s\-*•+]*(?:(?:theo do|ngay sau do|sau do|tiep do|theo bao cao(?:\s+[^\s,;:]+){0,3})\s*,\s*)?"
                         r"(?P<cue>[^,;:]{2,80}),",
                         f[sent[0]:a.start])
            found = cues.elided(cue_norm(m["cue"])) if m and (not own or _THIS.search(m["cue"])) else None
            if own and found is None:
                return
            if found is None and a.kind in _PLAN_KINDS and _ACCORDINGLY.match(f[sent[0]:a.start]):
                # "<body> ban hành <B>. Theo đó, Ban Thường vụ … ban hành <plan A>": the plan follows B
                found = cues.Elided(RelationType.IMPLEMENTS, None, False)
            if found is None and _ON_THAT_BASIS.match(f[sent[0]:a.start]):
                # "<body> ban hành <B>. Trên cơ sở đó, Ban Thường vụ … ban hành <A>": A stands on B
                found = cues.Elided(RelationType.BASED_ON, None, False)
        if found is None:
            return
        t, word = found.type, found.word
        kind = relation_cues().anaphor_kinds.get(word) if word else None
        if before:
            # "(Ngay) sau khi <body> ban hành <B>, … ban hành <A> để triển khai thực hiện"
            if not _AFTER.match(f[sent[0]:mentions[before[0]].start]):
                return
            targets = self.coordinated(before[0])
        else:
            targets = self.issued_before(sent, kind)
        if found.one and len({self.ids[k] for k in targets}) > 1:
            return  # "… ban hành <B1> và <B2>. … ban hành <A> thực hiện nghị quyết": which one is not said
        for k in targets:
            if k < i and (kind is None or mentions[k].kind is kind):
                for src in issued:
                    self.add(cues.typed(t, mentions[src].kind), src, k, sent, Rule.CUE_ELIDED)

    def issued_before(self, sent: tuple[int, int], kind: DocKind | None) -> list[int]:
        """The references of the sentence before ``sent`` that a cue without its object stands
        for: the one list it issues ("… ban hành <B>", "<B> được ban hành"), else, when the cue
        names their type ("Để thực hiện Nghị quyết này"), its only list of references of it, in
        the sentence before or, past one sentence naming no document, the one before that."""
        sentences, mentions, f = self.ctx.sentences, self.mentions, self.f
        n = sentences.index(sent[0])
        if n == 0:
            return []
        p0, p1 = sentences.starts[n - 1], sentences.ends[n - 1]
        if kind is not None and n >= 2 and not any(p0 <= x.start < p1 for x in mentions):
            # "Hội nghị quán triệt <B1> và <B2>. Phó Bí thư … chủ trì. Để triển khai các nghị quyết
            # trên, …": one sentence naming no document may stand between
            p0, p1 = sentences.starts[n - 2], sentences.ends[n - 2]
        inside = [k for k, x in enumerate(mentions) if p0 <= x.start < p1 and (kind is None or x.kind is kind)]
        issued = [k for k in inside if relation_cues().issues.search(f, max(p0, mentions[k].start - 60), mentions[k].start)
                  or re.search(r"\b(?:duoc|da duoc)\s+(?:[^\s,;.]+\s+){0,6}?ban hanh\b",
                               f[max(mentions[k].end, mentions[k].chain_end):p1][:80])]
        groups = issued or (inside if kind is not None else [])
        if not groups:
            return []
        first = self.coordinated(groups[0])
        return first if all(k in first for k in groups) else []

    # ------------------------------------------------------------------ between two references

    def _source_and_gaps(self, i: int, j: int, sent: tuple[int, int]) -> tuple[int, str, str]:
        """The reference that can be the subject of what stands before ``j``, and the text
        between them: with the subject line ("về …") and without it (only the text after
        the first reference's modifiers, its alias in parentheses and its participle)."""
        f, mentions = self.f, self.mentions
        a, b = mentions[i], mentions[j]
        after = f[max(a.end, a.chain_end):b.start]
        close = _unopened_close(after)
        if close is not None:
            # a is inside parentheses: "Quy định số 24-QĐ/TW … (Quy định 24) thay thế …"
            opened = f.rfind("(", sent[0], a.start)
            outer = [k for k in range(i) if mentions[k].start >= sent[0] and mentions[k].end <= opened]
            if opened >= 0 and outer and not re.search(r"[;.]", f[mentions[outer[-1]].end:opened]):
                i, a = outer[-1], mentions[outer[-1]]
            after = after[close + 1:]
        else:
            after = _drop_parentheses(after)
        after = _BARE_YEAR.sub("", after, count=1)
        after = _EXECUTES_STATUTE.sub("", after, count=1)  # "Quy định số 24-QĐ/TW … thi hành Điều lệ Đảng; <b>"
        after = relation_cues().participle_after.sub("", after, count=1)
        after = relation_cues().owner.sub("", after, count=1)
        restated = relation_cues().restated.match(after)
        if restated is not None and relation_cues().anaphor_kinds.get(cue_norm(restated["word"])) is a.kind:
            after = after[restated.end():]  # "Kế hoạch số 102-KH/TU: Kế hoạch thực hiện <B>"
        cut = min(a.chain_end, a.subject_start) if a.subject_start is not None else a.chain_end
        with_subject = f[max(a.end, cut):b.start] if close is None else after
        if close is None and not after.strip() and a.subject_start is not None:
            after = _issued_within(with_subject)  # "<a> về … được ban hành trên tinh thần <b>"
        # "Quy định số 232-QĐ/TW (thay thế Quy định số 24-QĐ/TW)": the cue opens a parenthesis
        return i, _OPEN.sub("", with_subject, count=1), _OPEN.sub("", after, count=1)

    def between(self, i: int, j: int, sent: tuple[int, int]) -> bool:
        """A relation stated between two references of a sentence (``i`` before ``j``)."""
        mentions = self.mentions
        i, gap, after = self._source_and_gaps(i, j, sent)
        a = mentions[i]
        earlier = next((r for r in reversed(self.out) if r.target == i and r.sentence == sent), None)
        if earlier is not None:
            coord = _COORD_CUE.match(after)
            t2 = cues.cue(coord["rest"]) if coord else None
            if t2 is not None and re.match(r"^[\s,;]*(?:va|dong thoi)\b", after):
                # "thay thế <A> … và bãi bỏ <B>": the second verb has the first one's subject
                self.add(cues.typed(t2, self.kind(earlier.source)), earlier.source, j, sent, Rule.CUE_SECOND_VERB)
                return True
        told = relation_cues().reports.match(after)
        if told is not None and earlier is None:
            # "Báo cáo số 410-BC/TU nêu rõ, để triển khai <B>, Tỉnh ủy đã ban hành <A>": the clause
            # after the comma, read as a sentence opening with its cue
            clause = after[told.end():]
            if self.f.endswith(clause, 0, mentions[j].start) and cues.opening(clause) is not None:
                return self.opening(j, clause, sent)
        repeated = _REPEATED_CUE.match(after)
        t = cues.cue(repeated["rest"]) if repeated else None
        first = next((r for r in reversed(self.out) if r.type is t and r.sentence == sent), None) if t else None
        if first is not None:
            self.add(first.type, first.source, j, sent, Rule.CUE_SECOND_VERB)
            return True
        fronted = [r for r in self.out if r.target <= i and r.sentence == sent
                   and r.rule in (Rule.CUE_FRONTED, Rule.SELF_DOCUMENT)] if t is not None else []
        if fronted and t is not None and repeated is not None and ";" in after \
                and cues.opening(repeated["rest"] + " ") is not None:
            # "Thực hiện <B>; căn cứ <C>, Ban Tuyên giáo … hướng dẫn …": a fronted cue of its own
            # after the semicolon, with the same subject (the document issued, or the text itself)
            for r in fronted:
                self.add(cues.typed(t, self.kind(r.source)), r.source, j, sent, r.rule)
            return True
        head = cues.including(after)
        if head is not None:
            if earlier is not None and not head.strip(" ,"):
                # "<X> thực hiện các nghị quyết <B>, trong đó có <C>": C is one of what X carries out
                self.add(earlier.type, earlier.source, j, sent, Rule.CUE_INCLUDING)
                return True
            t = self.issued_for(i, sent) if not head.strip(" ,") else None
            if t is not None:
                # "… ban hành nhiều văn bản để triển khai <B>, gồm: <X1>; <X2> và <X3>"
                for k in self.coordinated(j):
                    self.add(cues.typed(t, mentions[k].kind), k, i, sent, Rule.CUE_INCLUDING)
                return True
            t = cues.cue_on_documents(head)
            if t is not None and not self.is_object(i, sent):
                # "<A> triển khai các văn bản của Trung ương, trong đó có <C>"
                self.add(cues.typed(t, a.kind), i, j, sent, Rule.CUE_INCLUDING)
                return True
        for g in (gap, after) if gap != after else (gap,):
            t = cues.report_results(g, a.kind) or cues.cue(g) or cues.guidance_on(g, a.kind) or \
                cues.guidance_per_verb(g, a.kind)
            if t is not None and _COMMA_REQUIRES.match(g):
                t = None  # "Hội nghị thông qua <A>, yêu cầu các cấp ủy triển khai <B>": the meeting requires
            if t is None and cues.wrap(g) is not None and self.wrapped(j):
                t = RelationType.IMPLEMENTS  # "<A> nhằm đưa <B> vào cuộc sống"
            if t is not None:
                src, rule = self.clause_subject(i, g, g if g is gap else after, sent)
                if src is not None:
                    self.add(cues.typed(t, self.kind(src)), src, j, sent, rule)
                if src == i:
                    # "… ban hành Kế hoạch số 30 và Hướng dẫn số 12 để thực hiện <b>": every
                    # document the sentence issues together carries b out; not a sibling with a
                    # subject line of its own when the cue is i's ("ban hành <K1> về công tác dân
                    # vận và <K2> về tiếp tục thực hiện <b>": K1 is about something else)
                    own_line = cue_norm(g).startswith("ve ")
                    for k in self.issued_siblings(i, sent):
                        if own_line and mentions[k].subject_start is not None:
                            continue
                        self.add(cues.typed(t, mentions[k].kind), k, j, sent, Rule.CUE_LIST)
                return True
            t = cues.passive(g) or (cues.ground(g) if not self.is_object(i, sent) else None)
            # "<a> được thay thế bằng <b>", "<a> là cơ sở để … ban hành <b>" (a the subject, not "Kết
            # quả thực hiện <a> là cơ sở để …", an object's)
            if t is not None:
                self.add(cues.typed(t, mentions[j].kind), j, i, sent, Rule.CUE_PASSIVE)
                # "<a1> và <a2> đã được Tỉnh ủy cụ thể hóa bằng <b>": the list is the subject
                for k in self.subject_list(i, sent):
                    self.add(cues.typed(t, mentions[j].kind), j, k, sent, Rule.CUE_LIST)
                return True
        if relation_cues().lapses.match(cue_norm(gap)) and relation_cues().in_force.match(
                self.f, max(mentions[j].end, mentions[j].chain_end)):
            # "<B> hết hiệu lực kể từ ngày <A> có hiệu lực": A replaces B
            self.add(RelationType.REPLACES, j, i, sent, Rule.CUE_PASSIVE)
            return True
        if self.lapses_after(i, j, gap, sent):
            # "Kể từ ngày <A> có hiệu lực, <B> hết hiệu lực": A replaces B
            self.add(RelationType.REPLACES, i, j, sent, Rule.CUE_PASSIVE)
            return True
        if relation_cues().through.match(cue_norm(gap)) and cue_ending(self.f[sent[0]:a.start]) is RelationType.IMPLEMENTS:
            self.add(cues.typed(RelationType.IMPLEMENTS, mentions[j].kind), j, i, sent, Rule.CUE_THROUGH)
            return True
        made = None if earlier is not None or ";" in after or not _COORD.match(after) else \
            next((r for r in reversed(self.out) if r.source == i and r.sentence == sent
                  and r.rule in (Rule.CUE_PASSIVE, Rule.CUE_THROUGH)), None)
        if made is not None:
            # "<B> được cụ thể hóa bằng <A1> và <A2>": A2 carries B out too
            base = RelationType.IMPLEMENTS if made.type is RelationType.GUIDES else made.type
            self.add(cues.typed(base, mentions[j].kind), j, made.target, sent, Rule.CUE_LIST)
            return True
        if earlier is not None and _COORD.match(after) and self.continues(earlier, after, j) and not self.issued_anew(i, j):
            if earlier.source >= 0 and self.sibling(earlier.source, j, sent):
                return True
            if earlier.rule is Rule.CUE_FRONTED and any(
                    r.source == j and r.rule is Rule.CUE_FRONTED and r.sentence == sent for r in self.out):
                # "Thực hiện <B>, Ban Thường vụ … ban hành <A1>; Ban Tổ chức … ban hành <A2>": A1
                # is issued to carry B out, as A2 is, not an object of A2's
                return True
            if earlier.source >= 0 and self.older(earlier.source, j):
                # "<X> thực hiện <A> về tổng kết <C> và <B>": A cannot review a later B, so B
                # belongs to the outer list, X's
                earlier = next((r for r in reversed(self.out) if r.target == earlier.source and r.sentence == sent),
                               None)
                if earlier is None:
                    return True
            self.add(earlier.type, earlier.source, j, sent, Rule.CUE_LIST)
            return True
        b = mentions[j]
        closes = a.chain_end >= b.start - 2 and not re.search(r"[;:.()]", gap) and not (
            "," in gap and _ALONGSIDE.match(self.f, sent[0], a.start))  # "Cùng với <a> về …, tỉnh triển khai <b>"
        # "<a> về … được Tỉnh ủy cụ thể hóa bằng <b>", "… đã được Bộ Chính trị bổ sung tại <b>": a
        # passive closing a's subject (before the active reading of its last words)
        t = cues.passive_at_end(gap) if closes else None
        if t is not None:
            self.add(cues.typed(t, b.kind), j, i, sent, Rule.CUE_PASSIVE)
            return True
        # the cue closes a's own subject, which runs up to b: "về … tiếp tục thực hiện <b>"
        t = (cues.cue_at_end(gap) or cues.guidance_per(gap, a.kind)) if closes else None
        if t is not None:
            self.add(cues.typed(t, a.kind), i, j, sent, Rule.CUE_SUBJECT)
            if cues.purpose_at_end(gap):
                # "ban hành <A1> về tuyên truyền và <A2> về học tập để thực hiện <b>": the aim of
                # issuing them both ("<A1> về … và <A2> về tiếp tục thực hiện <b>" is A2's alone)
                for k in self.issued_siblings(i, sent):
                    self.add(cues.typed(t, mentions[k].kind), k, j, sent, Rule.CUE_LIST)
            return True
        # a clause of a's after its subject line: "<a> về việc ban hành Quy định về …, thay thế <b>"
        t = cues.cue_after_comma(gap) if a.chain_end >= b.start - 2 else None
        if t is not None:
            self.add(cues.typed(t, a.kind), i, j, sent, Rule.CUE_SUBJECT)
            return True
        t = self.according_to(i, after, sent)
        if t is not None:
            self.add(cues.typed(t, a.kind), i, j, sent, Rule.CUE)
            return True
        return False

    def lapses_after(self, i: int, j: int, gap: str, sent: tuple[int, int]) -> bool:
        """"Kể từ ngày <A> có hiệu lực, <B> (về …) hết hiệu lực": the sentence opens with the
        day A takes effect, then B lapses."""
        f, a, b = self.f, self.mentions[i], self.mentions[j]
        force = relation_cues().in_force.match(gap)
        if force is None or gap[force.end():].strip() != ",":
            return False
        if not relation_cues().lapse_since.match(cue_norm(_BULLET_HEAD.sub("", f[sent[0]:a.start]))):
            return False
        # B's modifiers and subject line (which its chain may take in) run to the end of the sentence
        tail = f[b.end:sent[1]].rstrip(" .;\n")
        if ";" in tail or any(b.end <= x.start < sent[1] for x in self.mentions[j + 1:j + 2]):
            return False
        return relation_cues().lapsed.search(tail) is not None

    def according_to(self, i: int, after: str, sent: tuple[int, int]) -> RelationType | None:
        """The cue of a sentence that opens "Theo <plan i>, việc / công tác <cue> <B> …": what the
        plan says of carrying B out ("Theo Kế hoạch số 12-KH/TU …, việc triển khai Nghị quyết
        số 43-NQ/TW phải hoàn thành trong quý I")."""
        a = self.mentions[i]
        if a.kind not in _PLAN_KINDS or cue_norm(self.f[sent[0]:a.start]) != "theo":
            return None
        m = _ACCORDING_TO.match(after)
        t = cues.cue(m["cue"]) if m else None
        return t if t in (RelationType.IMPLEMENTS, RelationType.GUIDES) else None

    def issued_for(self, i: int, sent: tuple[int, int]) -> RelationType | None:
        """The cue that reference ``i``, the first of its sentence, is the object of after
        documents the sentence issues by their kind: "… ban hành nhiều văn bản để triển khai <i>"."""
        a = self.mentions[i]
        if i > 0 and self.mentions[i - 1].start >= sent[0]:
            return None
        m = relation_cues().issued_documents.search(cue_norm(self.f[sent[0]:a.start]))
        t = cues.cue(m["cue"]) if m else None
        return t if t is not RelationType.BASED_ON else None

    def sibling(self, i: int, j: int, sent: tuple[int, int]) -> bool:
        """Whether ``j``, after a list's "và", is a document of the list's subject ``i``'s own
        series (its issuer code, no other owner) that opens a cue of its own or bears i's
        date: "ban hành Kế hoạch số 12-KH/TU triển khai <B1> và Kế hoạch số 13-KH/TU thực hiện
        <B2>", "… Chương trình số 05-CTr/TU ngày 17/3 thực hiện <B> và Chương trình số 06-CTr/TU
        ngày 17/3 về …": j is i's sibling, not a second object."""
        a, b = self.mentions[i], self.mentions[j]
        if a.issuer_code is None or a.issuer_code != b.issuer_code or b.issuer_body not in (None, a.issuer_body):
            return False
        if a.issued is not None and a.issued == b.issued:
            return True
        return self.described(j)

    def older(self, i: int, j: int) -> bool:
        """Whether the text dates reference ``i`` before reference ``j``."""
        a, b = self.mentions[i], self.mentions[j]
        if a.issued is not None and b.issued is not None:
            return a.issued < b.issued
        return a.year is not None and b.year is not None and a.year < b.year

    def issued_anew(self, i: int, j: int) -> bool:
        """Whether ``j`` is issued by a clause of its own after ``i``'s subject line, which its
        chain may take in: "ban hành <A> về việc bãi bỏ <B> về …, đồng thời ban hành <C> …" (C
        is no second object of A's)."""
        raw = self.f[self.mentions[i].end:self.mentions[j].start]
        issued = relation_cues().issues.search(raw)
        return issued is not None and _NEW_CLAUSE.search(raw[:issued.start()]) is not None

    def continues(self, earlier: DocRelation, after: str, j: int) -> bool:
        """Whether a list goes on: a semicolon separates further objects only when the
        subject stands outside the list ("Thực hiện A; B, … ban hành X", "Quy định này
        thay thế A; B"); in "A; B thực hiện C và D; E", E is B's sibling, not its object."""
        if ";" not in after or earlier.source < 0:
            return True
        src = self.mentions[earlier.source]
        if src.start > self.mentions[j].start or earlier.rule in (Rule.CUE_ANAPHOR, Rule.CUE_FRONTED):
            return True
        if self.closed_by_and(earlier.target):
            # "<X> quán triệt <A> và <B>; <C> về …": "và" brings in a list's last item, so
            # what follows the semicolon is no further object of X's
            return False
        # "<X> thực hiện <A>; <B> và <C>": X is no list's item and B no clause's subject, so
        # the list of X's objects runs on past the semicolon
        return not self.listed(earlier.source) and not self.has_own_cue(j)

    def closed_by_and(self, i: int) -> bool:
        """Whether "và" (no comma or semicolon) joins reference ``i`` to the one before it in
        its sentence: i is the last item of their list."""
        if i <= 0:
            return False
        prev, x = self.mentions[i - 1], self.mentions[i]
        if prev.start < self.ctx.sentences.at(x.start)[0]:
            return False
        return re.fullmatch(r"\s*va\s+(?:cac\s+)?", self.f[max(prev.end, prev.chain_end):x.start]) is not None

    def listed(self, i: int) -> bool:
        """Whether reference ``i`` follows another of its sentence as an item of one list."""
        if i <= 0:
            return False
        prev, x = self.mentions[i - 1], self.mentions[i]
        return prev.start >= self.ctx.sentences.at(x.start)[0] and \
            _JOINED.match(self.f[max(prev.end, prev.chain_end):x.start]) is not None

    def has_own_cue(self, j: int) -> bool:
        """Whether a cue follows reference ``j`` before the next reference or the sentence's
        end: "…; <B> thực hiện <C>" makes B a clause's subject, not a list's item."""
        b = self.mentions[j]
        end = self.ctx.sentences.at(b.start)[1]
        if j + 1 < len(self.mentions):
            end = min(end, self.mentions[j + 1].start)
        gap = self.f[max(b.end, b.chain_end):end]
        return any(rx.search(cue_norm(gap)) for _, rx in relation_cues().tails) or \
            any(rx.search(cue_norm(gap)) for _, rx in relation_cues().passive_tails) or cues.cue(gap) is not None

    def clause_subject(self, i: int, g: str, raw: str, sent: tuple[int, int]) -> tuple[int | None, Rule]:
        """The subject of a cue that follows ``i`` as a purpose clause ("để/nhằm thực hiện
        <B>") or after a comma or "và": when ``i`` is itself an object ("quán triệt <A>,
        triển khai <B>"; "… theo tinh thần <A> để triển khai thực hiện <B>"), it is the
        document the sentence issues, or nothing; else ``i``."""
        if not (relation_cues().purpose.match(cue_norm(g)) or re.match(r"^\s*(?:,|va\s)", raw)) or not self.is_object(i, sent):
            return i, Rule.CUE
        for k in range(i - 1, -1, -1):
            x = self.mentions[k]
            if x.start < sent[0]:
                break
            if relation_cues().issues.search(self.f, max(sent[0], x.start - 30), x.start):
                return k, Rule.CUE_PURPOSE
        # "<A> được xây dựng căn cứ <B1> và <B2>, nhằm triển khai <C>": the purpose is that of the
        # document whose objects i ends the list of (not i's: B2 does not carry C out)
        # (the document a subject: "Hội nghị quán triệt <K> thực hiện <B1> và <B2>, nhằm …" is the meeting's aim)
        owner = next((r.source for r in self.out if r.sentence == sent and r.target == i and 0 <= r.source < i), None)
        if owner is not None and not self.is_object(owner, sent):
            return owner, Rule.CUE_PURPOSE
        # no document issued: "triển khai Kế hoạch số 20 nhằm thực hiện <B>" — a plan is
        # still the one that carries B out; "quán triệt Nghị quyết A nhằm thực hiện <B>" is not
        return (i, Rule.CUE) if self.mentions[i].kind in _PLAN_KINDS else (None, Rule.CUE)

    def is_object(self, i: int, sent: tuple[int, int]) -> bool:
        """Whether reference ``i`` is the object of a verb or a cue before it."""
        if any(r.target == i and r.sentence == sent for r in self.out):
            return True
        a = self.mentions[i]
        if i > 0 and self.mentions[i - 1].start >= sent[0]:
            prev = self.mentions[i - 1]
            gap = self.f[max(prev.end, prev.chain_end):a.start]
            if _JOINED.match(gap):
                if ";" in gap and any(r.target == i - 1 and r.sentence == sent and r.source >= 0 and r.rule is Rule.CUE
                                      for r in self.out):
                    # "ban hành <K> thực hiện <A>; <H> để thực hiện <C>": H, after what K carries
                    # out and a semicolon, is K's sibling, not an object
                    return False
                return self.is_object(i - 1, sent)  # "quán triệt <A> và <B>": B is what A is
        start = max([sent[0]] + [x.end for x in self.mentions[:i] if x.end <= a.start])
        before = cue_norm(self.f[max(start, a.start - 160):a.start])
        return bool(before) and (relation_cues().objects.search(before) is not None or cue_ending(before) is not None)

    # ------------------------------------------------------------------ the sentence's first reference

    def opening(self, j: int, head: str, sent: tuple[int, int]) -> bool:
        """"Thực hiện <B>, Ban Thường vụ … ban hành <X>"; in an official text, "Căn cứ <B>;"; the
        fronted cue also after a short lead-in closed by a comma ("Theo đó, thực hiện <B>, …",
        "Năm 2022, triển khai <B>, …", "Ban Thường vụ Tỉnh ủy, thực hiện <B>, đã ban hành <X>"),
        then only with the document issued in the same sentence."""
        g = cues.head_norm(head)  # (normalised once for the three readings)
        if g is None:
            return False
        if self.second_verb_on(j, g, sent):
            return True
        base = self.fronted_cue(j, g)
        lead_in = None
        if base is None:
            closing = cues.closing_of(g) if self.has_self else None
            if closing is not None:
                self.add(closing, -1, j, sent, Rule.SELF_DOCUMENT)
                return True
            spreads = cues.guidance_on(re.sub(r"^huong dan\s+", "", g), self.self_kind) if self.has_self else None
            if spreads is not None:
                # an official guidance whose title (or a line) opens with the propaganda for B:
                # "HƯỚNG DẪN / tuyên truyền Kết luận số 80-KL/TW của Bộ Chính trị"
                self.add(spreads, -1, j, sent, Rule.SELF_DOCUMENT)
                return True
            lead_in = _LEAD_IN.match(g)
            rest = g[lead_in.end():] if lead_in else ""
            base = self.fronted_cue(j, rest) if lead_in else None
            if base is None or base is RelationType.BASED_ON and relation_cues().basis_before.match(rest):
                return False
        issued = self.issued_later(j, sent)
        if lead_in is not None and (issued is None or self.mentions[issued].start >= sent[1]):
            return False
        named = self.named_after(j, sent) if issued is None else []
        if issued is not None:
            for k in self.further_issued(self.coordinated(issued), sent):
                # "… ban hành Kế hoạch số 20 và Hướng dẫn số 5"; "…; Ban Tổ chức ban hành <Y>"
                self.add(cues.typed(base, self.mentions[k].kind), k, j, sent, Rule.CUE_FRONTED)
        elif named:
            for k in named:
                self.add(cues.typed(base, self.mentions[k].kind), k, j, sent, Rule.CUE_FRONTED)
        elif self.has_self and not self.task_line(j, sent):
            self.add(cues.typed(base, self.self_kind), -1, j, sent, Rule.SELF_DOCUMENT)
        return True

    def task_line(self, j: int, sent: tuple[int, int]) -> bool:
        """Whether, in an official text that has said what it carries out or stands on, the
        line opening with a cue before ``j`` is a numbered task naming some other document:
        "3. Thực hiện nghiêm Quy định số 270-QĐ/TW …" in a plan that carries out <B> is a task
        of the plan's, not its purpose."""
        item = _TASK_ITEM.match(self.f, self.f.rfind("\n", 0, sent[0]) + 1)  # (the marker may precede the sentence)
        if item is None or item.end() < sent[0]:
            return False
        said = {self.ids[r.target] for r in self.out if r.source == -1
                and r.type in (RelationType.IMPLEMENTS, RelationType.BASED_ON, RelationType.GUIDES)}
        return bool(said) and self.ids[j] not in said

    def second_verb_on(self, j: int, g: str, sent: tuple[int, int]) -> bool:
        """A sentence that is only a second verb, with no subject ("Đồng thời bãi bỏ <C>"),
        after a sentence whose document replaces, repeals or amends another ("Quy định này …
        thay thế <B>."): the second verb has that document as its subject, as in one sentence
        ("thay thế <B> và bãi bỏ <C>")."""
        also = _ALSO.match(g)
        t = cues.cue(g[also.end():]) if also else None
        if t not in _SUPERSEDING:
            return False
        n = self.ctx.sentences.index(sent[0])
        p0 = self.ctx.sentences.starts[n - 1] if n else -1
        prior = [r for r in self.out if r.sentence[0] == p0 and r.type in _SUPERSEDING]
        if not prior or len({r.source for r in prior}) != 1:
            return False
        src = prior[-1].source
        self.add(cues.typed(t, self.kind(src)), src, j, sent, Rule.CUE_SECOND_VERB)
        return True

    def fronted_cue(self, j: int, g: str) -> RelationType | None:
        """The cue a sentence's head (``head_norm``'s form) opens with before reference ``j``."""
        base = cues.opening_of(g)
        if base is None and self.wrapped(j):
            base = cues.wrap_of(g)  # "Để đưa <B> vào cuộc sống, … ban hành <X>"
        return base

    def further_issued(self, issued: list[int], sent: tuple[int, int]) -> list[int]:
        """``issued`` and the documents further clauses of the sentence issue after a
        semicolon, each clause wholly "<body> (đã) ban hành <Y>" with no cue of its own:
        "Thực hiện <B>, Tỉnh ủy ban hành <X>; Ban Tổ chức Tỉnh ủy ban hành <Y>"."""
        out = list(issued)
        f, mentions = self.f, self.mentions
        while out[-1] + 1 < len(mentions) and mentions[out[-1] + 1].start < sent[1]:
            x, k = mentions[out[-1]], out[-1] + 1
            gap = f[max(x.end, x.chain_end):mentions[k].start]
            semi = gap.find(";")
            clause = gap[semi + 1:]
            if semi < 0 or gap[:semi].strip(" ,") or not relation_cues().issues.search(clause) \
                    or cue_ending(clause) is not None or cues.opening(clause.lstrip()) is not None \
                    or self.has_own_cue(k):  # "…; Ban Tuyên giáo ban hành <Y> để thực hiện <C>"
                break
            out += self.coordinated(k)
        return out

    def named_after(self, j: int, sent: tuple[int, int]) -> list[int]:
        """The documents a fronted cue's sentence issues by their kind only, named in what
        follows: "Để triển khai <B>, Tỉnh ủy đã ban hành nhiều văn bản lãnh đạo, chỉ đạo. Cụ
        thể, Ban Thường vụ ban hành <X1> và <X2>." (the next sentence, opened by "Cụ thể" /
        "Trong đó" / "Theo đó" and issuing them) or "… đã ban hành các văn bản sau:" and the
        items of the list under it, each opened by its reference ("1. <X1> …; 2. <X2> …")."""
        mentions, f, sentences = self.mentions, self.f, self.ctx.sentences
        last = mentions[self.coordinated(j)[-1]]
        tail = f[max(last.end, last.chain_end):sent[1]]
        if any(max(last.end, last.chain_end) <= x.start < sent[1] for x in mentions):
            return []
        m = relation_cues().issued_by_kind.search(cue_norm(tail))
        n = sentences.index(sent[0]) + 1
        if m is None or n >= len(sentences):
            return []
        out: list[int] = []
        if m["end"] == ":":
            # the items of the list under it, each opening with its reference after a bullet or number
            while n < len(sentences):
                n0, n1 = sentences.starts[n], sentences.ends[n]
                first = next((k for k, x in enumerate(mentions) if n0 <= x.start < n1), None)
                if first is None and _ITEM.match(f[n0:n1]) and f[n0:n1].strip():
                    n += 1  # "1." cut off as a sentence of its own
                    continue
                if first is None or not _ITEM.match(f[n0:mentions[first].start]):
                    break
                out += [k for k in self.coordinated(first) if not self.has_own_cue(k)]
                n += 1
            return out
        n0, n1 = sentences.starts[n], sentences.ends[n]
        first = next((k for k, x in enumerate(mentions) if n0 <= x.start < n1), None)
        if first is None or not _CONCRETELY.match(f[n0:mentions[first].start]) or \
                not relation_cues().issues.search(f, max(n0, mentions[first].start - 60), mentions[first].start):
            return []
        named = self.further_issued(self.coordinated(first), (n0, n1))
        # "Cụ thể, … ban hành <X> thực hiện <C>": what X carries out is said there
        return [] if any(self.has_own_cue(k) for k in named) else named

    def wrapped(self, j: int) -> bool:
        """Whether the second half of a cue around its object follows reference ``j`` or the
        list it opens: "đưa <B> (và <C>) vào cuộc sống"."""
        last = self.coordinated(j)[-1]
        x = self.mentions[last]
        return relation_cues().wrap_after.match(self.f, max(x.end, x.chain_end)) is not None

    def issued_siblings(self, i: int, sent: tuple[int, int]) -> list[int]:
        """The references before ``i`` joined to it by commas or "và", when the first of
        them is issued by the sentence ("ban hành <A>, <B> và <i>")."""
        out: list[int] = []
        k = i
        while k > 0:
            prev, x = self.mentions[k - 1], self.mentions[k]
            if prev.start < sent[0] or not _JOINED.match(self.f[max(prev.end, prev.chain_end):x.start]):
                break
            k -= 1
            out.append(k)
        first = self.mentions[out[-1]] if out else None
        if first is None or not relation_cues().issues.search(self.f, max(sent[0], first.start - 60), first.start):
            return []
        # "… ban hành <A1> ngày …; <A2> ngày … để triển khai <B>": a semicolon joins documents
        # issued together only when none of them is already an object in the sentence
        if any(";" in self.f[self.mentions[k].end:self.mentions[k + 1].start] for k in out) and \
                any(r.target in out or r.target == i for r in self.out if r.sentence == sent):
            return []
        return out

    def subject_list(self, i: int, sent: tuple[int, int]) -> list[int]:
        """The references before ``i`` joined to it by commas or "và" when their list opens the
        sentence as its subject (no verb or cue before it): "<B1> và <B2> đã được … cụ thể hóa
        bằng <A>" (not "quán triệt <B1> và <B2> …")."""
        out: list[int] = []
        k = i
        while k > 0:
            prev, x = self.mentions[k - 1], self.mentions[k]
            if prev.start < sent[0] or not _JOINED.match(self.f[max(prev.end, prev.chain_end):x.start]) or \
                    ";" in self.f[prev.end:x.start]:
                break
            k -= 1
            out.append(k)
        head = self.f[sent[0]:self.mentions[out[-1]].start].lstrip(" \t\n-*•+") if out else ""
        # (a short lead-in closed by a comma may come first: "Đến nay, <B1> và <B2> đã được …")
        if not out or head and (not _LEAD_IN.fullmatch(head) or cue_ending(head.rstrip(" ,")) is not None):
            return []
        return out

    def coordinated(self, k: int) -> list[int]:
        """``k`` and the references joined to it in its sentence by commas, semicolons or "và"."""
        out = [k]
        end = self.ctx.sentences.at(self.mentions[k].start)[1]
        for m in range(k + 1, len(self.mentions)):
            prev, x = self.mentions[m - 1], self.mentions[m]
            if x.start >= end or not _JOINED.match(self.f[max(prev.end, prev.chain_end):x.start]):
                break
            out.append(m)
        return out

    def plan_subject(self, j: int, k: int) -> bool:
        """Whether plan ``k`` opens the main clause after the fronted list ``j`` opens, as its
        subject: "Thực hiện <B>, Kế hoạch số 300-KH/TU đề ra …" (a plan, followed by its verb,
        not by a further item of a list)."""
        x = self.mentions[k]
        if x.kind not in _PLAN_KINDS:
            return False
        if k <= j or self.coordinated(j)[-1] != k:
            return False
        prev = self.mentions[k - 1]
        if not re.fullmatch(r"\s*,\s*", self.f[max(prev.end, prev.chain_end):x.start]):
            return False
        if self.described(k):
            return False  # "Quán triệt và thực hiện <B>, Kế hoạch số 25 … thực hiện <C>, công tác …"
        return re.match(r"\s+(?!va\b|cung\b|hoac\b)[^\W\d]", self.f[max(x.end, x.chain_end):]) is not None

    def described(self, k: int) -> bool:
        """Whether reference ``k`` is followed by a cue and the next reference, which says what
        it carries out: an item of a list, not a clause's subject."""
        sent = self.ctx.sentences.at(self.mentions[k].start)
        if k + 1 >= len(self.mentions) or self.mentions[k + 1].start >= sent[1]:
            return False
        _, gap, after = self._source_and_gaps(k, k + 1, sent)
        return cues.cue(gap) is not None or cues.cue(after) is not None

    def body_has(self, k: int) -> bool:
        """Whether a body right before reference ``k`` "has" it, as news says of the plan a body
        issued: "Triển khai <B>, Ban Thường vụ Tỉnh ủy Sóc Trăng (đã) có Kế hoạch số 150-KH/TU"
        (not "…, trong đó có <k>": no body there)."""
        x = self.mentions[k]
        has = _HAS.search(self.f, max(0, x.start - 12), x.start)
        return has is not None and any(b.end == has.start() for b in self.ctx.bodies_between(has.start() - 120, has.start()))

    def issued_passive(self, k: int) -> bool:
        """Whether reference ``k`` opens a main clause that says it was issued: "Để thực hiện
        <B>, <k> đã được Ban Thường vụ Tỉnh ủy ban hành ngày …"."""
        x = self.mentions[k]
        f = self.f
        if k == 0 or not re.search(r",\s*$", f[self.mentions[k - 1].end:x.start]):
            return False
        end = max(x.end, x.chain_end)
        m = relation_cues().participle_after.match(f[end:end + 160])  # (anchored: a slice)
        return m is not None and re.search(r"\b(?:duoc|do)\b", m.group()) is not None

    def issued_later(self, j: int, sent: tuple[int, int]) -> int | None:
        """The first reference issued ("… đã ban hành <X>") later in the sentence opened by
        ``j`` or, when that sentence has no main clause (no ", <body>"), at the start of the
        next one: "Thực hiện <B>; <C>. Ngày 10/12/2019, Ban Thường vụ … ban hành <X>"."""
        mentions, f = self.mentions, self.f
        starts = {x.start for x in mentions}
        for k in range(j + 1, len(mentions)):
            if mentions[k].start >= sent[1]:
                break
            if relation_cues().issues.search(f, max(mentions[j].end, mentions[k].start - 60), mentions[k].start) \
                    or self.issued_passive(k) or self.plan_subject(j, k) or self.body_has(k):
                # a semicolon ends the fronted clause unless a further reference of its list
                # follows ("Thực hiện <B>; <C>, … ban hành <X>"); "Trên cơ sở <B>, các huyện ủy
                # …; Ban Thường vụ ban hành <X>" is another clause with its own subject
                for m in re.finditer(";", f[mentions[j].end:mentions[k].start]):
                    nxt = re.match(r"[\s;]*(?:va\s+)?", f[mentions[j].end + m.end():])
                    pos = mentions[j].end + m.end() + (nxt.end() if nxt else 0)
                    if pos not in starts and not self.title_semicolon(j, mentions[j].end + m.start(), k) \
                            and not self.fronted_again(pos, k):
                        return None
                return k
        if any(re.search(r",\s*$", f[max(sent[0], bm.start - 3):bm.start]) for bm in
               self.ctx.bodies_between(sent[0], sent[1])):
            return None
        last = mentions[self.coordinated(j)[-1]]
        if re.search(r"[,;]\s*\w", f[max(last.end, last.chain_end):sent[1]]):
            return None  # "Thực hiện <B>, toàn tỉnh kết nạp …": the sentence has its own main clause
        sentences = self.ctx.sentences
        following = sentences.index(sent[0]) + 1
        if following >= len(sentences):
            return None
        n0, n1 = sentences.starts[following], sentences.ends[following]
        if f[sent[1]:n0].strip():
            return None
        for k in range(j + 1, len(mentions)):
            x = mentions[k]
            if x.start < n0:
                continue
            if x.start >= min(n1, n0 + 160):
                break
            if relation_cues().issues.search(f, max(n0, x.start - 30), x.start) and cues.opening(f[n0:x.start]) is None:
                return k
            break
        return None

    def fronted_again(self, pos: int, k: int) -> bool:
        """Whether a fronted cue of its own opens the list's next item at ``pos`` (after a
        semicolon), before a reference ahead of ``k``: "Thực hiện <B>; căn cứ <C>, … ban hành <X>"."""
        nxt = next((x for x in self.mentions if pos <= x.start < self.mentions[k].start), None)
        return nxt is not None and cues.opening(self.f[pos:nxt.start]) is not None

    def title_semicolon(self, j: int, semi: int, k: int) -> bool:
        """Whether the semicolon at ``semi`` is inside the title of the fronted reference ``j``,
        the only one before the main clause that issues ``k``: "Thực hiện Kết luận số 21-KL/TW …
        về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, … ,
        Ban Thường vụ Tỉnh ủy đã ban hành <k>" (not "Trên cơ sở <B>, các huyện ủy …; Ban Thường vụ
        ban hành <k>": a clause with its own subject before or after it). No body follows a comma
        before it, and the first body after it, right after a comma, issues k."""
        f, mentions = self.f, self.mentions
        if k != j + 1 or ";" in f[semi + 1:mentions[k].start]:
            return False
        start = max(mentions[j].end, mentions[j].chain_end)
        if any(re.search(r",\s*$", f[max(start, b.start - 3):b.start]) for b in self.ctx.bodies_between(start, semi)):
            return False
        after = self.ctx.bodies_between(semi, mentions[k].start)
        if not after or not re.search(r",\s*$", f[after[0].start - 3:after[0].start]):
            return False
        return relation_cues().issues.search(f, after[0].end, mentions[k].start) is not None and \
            not re.search(r"[;:.()]", f[after[0].end:mentions[k].start])

    def anaphor(self, j: int, head: str, sent: tuple[int, int], has_prev: bool) -> None:
        """"Quy định này thay thế <B>"; "Quy định có hiệu lực …, thay thế <B>"; "văn bản này
        … được thay thế bằng <A>"."""
        mentions = self.mentions
        if not has_prev and self.according_to_plan(j, head, sent):
            return
        ana = None if has_prev else relation_cues().anaphor.match(head)
        if ana is None:
            # ("… này", "… trên": none in a head without either)
            this = relation_cues().anaphor_this.finditer(head) if "nay" in head or "tren" in head else ()
            ana = next((m for m in reversed(list(this))), None)
            if ana is None or has_prev and any(mentions[i].start >= ana.start() + sent[0] for i in range(j)
                                               if mentions[i].start >= sent[0]):
                return
            if _object_of(head[:ana.start()]):  # "Các chi bộ thảo luận Kế hoạch trên, quán triệt <B>"
                return
        rest = head[ana.end():]
        if ana.groupdict().get("aim"):  # "Mục đích của Kế hoạch là triển khai <B>"
            rest = _AIM_IS.sub(" ", rest, count=1)
        verb = relation_cues().participle.match(rest)
        rest = rest[verb.end():] if verb else rest
        passive = cues.passive(rest)
        t = RelationType.BASED_ON if relation_cues().basis_before.match(cue_norm(rest)) else cues.cue(rest)
        if t is None and passive is None:
            return
        named = relation_cues().anaphor_kinds.get(cue_norm(ana["word"]))
        if named is None:  # "văn bản này": the document named last
            earlier = [i for i in range(j) if mentions[i].start < sent[0]]
            if not earlier:
                return
            src = earlier[-1]
            kind = mentions[src].kind
        else:
            kind = named
            family = _QD_FAMILY if kind in _QD_FAMILY else {kind}
            src_kind = next((k for k in family if k in self.topic), None)
            if src_kind is not None:
                src = self.topic[src_kind]
            else:
                earlier = [i for i in range(j) if mentions[i].kind in family and mentions[i].start < sent[0]]
                if not earlier:
                    return
                src = earlier[-1]
        if passive is not None:
            self.add(cues.typed(passive, mentions[j].kind), j, src, sent, Rule.CUE_PASSIVE)
        elif t is not None:
            self.add(cues.typed(t, kind), src, j, sent, Rule.CUE_ANAPHOR)

    def according_to_plan(self, j: int, head: str, sent: tuple[int, int]) -> bool:
        """"Theo kế hoạch, việc học tập, quán triệt <B> …", "Theo Kế hoạch, các cấp ủy tổ chức
        quán triệt <B> …": what the plan named in the sentence before prescribes, a few words of
        a subject before the cue at most."""
        m = _PER_PLAN.match(head)
        if m is None:
            return False
        kind = relation_cues().anaphor_kinds.get(m["word"])
        rest = cue_norm(m["rest"])
        words = rest.split()
        t = None
        for k in range(0, 7):
            if k and "," in " ".join(words[:k]):
                break
            t = cues.cue(" ".join(words[k:]))
            if t is not None or k >= len(words) - 1:
                break
        if t not in (RelationType.IMPLEMENTS, RelationType.GUIDES) or kind is None:
            return False
        # the plan the sentence before names ("… vừa ban hành Kế hoạch số 150-KH/TU. Theo kế
        # hoạch, …"), not one named further back ("theo kế hoạch" may be a schedule)
        sentences = self.ctx.sentences
        n = sentences.index(sent[0])
        earlier = [i for i in range(j) if self.mentions[i].kind is kind and self.mentions[i].start < sent[0]]
        if not earlier or n == 0 or sentences.index(self.mentions[earlier[-1]].start) != n - 1:
            return False
        self.add(cues.typed(t, kind), earlier[-1], j, sent, Rule.CUE_ANAPHOR)
        return True

    def bare_targets(self) -> list[DocRelation]:
        out = []
        for i, a in enumerate(self.mentions):
            m = relation_cues().bare_target.match(self.f, max(a.end, a.chain_end))
            # a type word in lower case is a document only with a demonstrative: "thực hiện nghị quyết này"
            if not m or not self.ctx.text[m.start("word")].isupper() and not _THIS.match(self.f, m.end()):
                continue
            kind = relation_cues().anaphor_kinds[cue_norm(m["word"])]
            earlier = [k for k in range(i) if self.mentions[k].kind is kind and self.ids[k] != self.ids[i]]
            if earlier:
                s0, s1 = self.ctx.sentences.at(a.start)
                first = i  # "… ban hành <A1> và <A2> để triển khai Chỉ thị": the whole list carries it out
                while first > 0 and self.mentions[first - 1].start >= s0 and i in self.coordinated(first - 1):
                    first -= 1
                for src in range(first, i + 1):
                    if src not in earlier and self.ids[src] != self.ids[earlier[-1]]:
                        out.append(DocRelation(cues.typed(RelationType.IMPLEMENTS, self.mentions[src].kind), src,
                                               earlier[-1], (s0, s1), Rule.CUE_BARE_TARGET,
                                               cues.confidence(Rule.CUE_BARE_TARGET)))
        return out


# a headline's document named by its kind, then a cue, right before its first reference:
# "… ban hành kế hoạch thực hiện <B>", "Kế hoạch hành động triển khai <B>" (in ``cue_norm``'s form)
_HEADLINE_KIND = re.compile(r"(?:^|\s)(?P<word>ke hoach|chuong trinh hanh dong|chuong trinh|huong dan|de an|"
                            r"nghi quyet|chi thi|ket luan|quy dinh|bao cao)\s+(?P<rest>(?:[^\s,;:.()]+\s+){0,6}?)$")


def _issued_within(subject: str) -> str:
    """What follows a participle that closes a reference's subject line, when it is wholly a
    cue: "về chế độ làm việc được ban hành trên tinh thần " → "trên tinh thần " (the subject
    line read as running on to the next reference took the participle and the cue in); else "" (also
    when the participle is said of documents the subject names: "về rà soát các văn bản được ban hành
    trên cơ sở <b>")."""
    for m in re.finditer(r"\s(?=(?:(?:da|vua|moi)\s+)*duoc\s)", subject):
        p = relation_cues().participle_after.match(subject[m.start():])  # (anchored: a slice)
        if p is not None and re.search(r"\bduoc\b", p.group()):
            if cues.ends_with_kind(subject[:m.start()]):
                return ""
            rest = subject[m.start() + p.end():]
            return rest if cues.cue(rest) is not None else ""
    return ""


def _object_of(before: str) -> bool:
    """Whether the words before an anaphor make it an object (of "thảo luận", "ban hành",
    "thực hiện" …), not the subject of the cue after it."""
    g = before.rstrip()
    rc = relation_cues()
    return bool(rc.objects.search(g) or rc.issues.search(g + " ") or any(rx.search(g) for _, rx in rc.tails))


def _unopened_close(text: str) -> int | None:
    """The offset of a ")" in ``text`` that closes a parenthesis opened before it."""
    depth = 0
    for k, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return k
            depth -= 1
    return None


_PARENS = re.compile(r"\([^()]*\)")


def _drop_parentheses(text: str) -> str:
    """ "(sau đây gọi tắt là Quy định mới), thay thế " → ", thay thế "."""
    return _PARENS.sub(" ", text) if "(" in text else text


def find_doc_relations(ctx: Context, mentions: list[DocMention], ids: list[str], self_kind: DocKind | None,
                       has_self: bool, topic: dict[DocKind, int] | None = None) -> list[DocRelation]:
    """Document-to-document relations of one text. ``topic`` names, per type, the mention
    an anaphor ("Quy định này", "Quy định có hiệu lực …") stands for."""
    return _Finder(ctx, mentions, ids, self_kind, has_self, topic or {}).run()
