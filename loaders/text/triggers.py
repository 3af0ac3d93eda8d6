"""The trigger pass: one cheap scan of a text for the words where a rule's match can start.

Most rules are regular expressions over the folded text that begin with a word boundary
and a word from the lexicons ("tổ chức Hội nghị …", "chủ trì …", "Ban Thường vụ Tỉnh ủy",
"Sáng cùng ngày"). Python's engine cannot skip ahead to such a pattern (a look-behind
first defeats its prefix search), so it tries a full match at every character. Here each
pattern is read once, when it is registered with ``gate``: its *trigger phrases* are the
literal words every match must start with, up to three of them ("ban thuong vu", "to chuc
hoi"; taken from the compiled pattern itself, so they come from the same YAML lists the
pattern is built from, and a new cue is a trigger at once). A lone first word ("to",
"ban") stands every few words of a Vietnamese text, the phrase far less often. One
alternation of all trigger phrases then finds, per text, the word starts where some
pattern can begin (by a look-ahead, so that a phrase hides no trigger inside it);
``Triggers.finditer`` tries the pattern only there.

The result is exactly ``pattern.finditer``: a match of a gated pattern starts at a word
start (the pattern's own boundary) with one of its trigger phrases (a space of the phrase
stands for any run of spaces), and every such word start is tried, left to right,
resuming after each match as ``finditer`` does. A pattern whose start cannot be read (no
boundary, a character class first, an optional start, case folding) is not gated and
runs as before.
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

from ontology.text import trie_regex

# the engine's own parser (private modules of ``re``, read only to find a pattern's first words)
_parser: Any = importlib.import_module("re._parser")
C: Any = importlib.import_module("re._constants")

#: trigger words are cut after this many letters (enough to be selective, few to compare)
_CAP = 6
#: and a trigger is a phrase of at most this many words ("to chuc", "ban thuong vu"): a lone
#: first word ("to", "ban") stands every few words in Vietnamese, the phrase far less often;
#: a pattern whose phrases of three words are too many to list has phrases of two, or one
_WORDS = (3, 2, 1)
_ZERO_WIDTH = (C.ASSERT, C.ASSERT_NOT, C.AT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)

# a path through the start of a pattern: the letters read so far, whether the path may read
# more letters, whether the match start is known to follow a non-word character
_State = tuple[str, bool, bool]


def _is_word(ch: str) -> bool:
    """``\\w`` of the engine on a str: alphanumeric or underscore."""
    return ch.isalnum() or ch == "_"


def _is_boundary(op: Any, av: Any) -> bool:
    """``(?<![\\w])``, ``(?<!\\w)`` or ``\\b`` (before a letter: the character before is no letter)."""
    if op is C.AT:
        return av is C.AT_BOUNDARY
    if op is C.ASSERT_NOT and av[0] == -1:
        return list(av[1]) == [(C.IN, [(C.CATEGORY, C.CATEGORY_WORD)])]
    return False


def _is_space(op: Any, av: Any) -> bool:
    """A space of the pattern: a literal space or ``\\s``."""
    return (op is C.LITERAL and av == 32) or (op is C.IN and list(av) == [(C.CATEGORY, C.CATEGORY_SPACE)])


def _read(s: str, ch: str, words: int) -> tuple[str, bool]:
    """A path's letters after reading one more character, and whether it may read on: a
    phrase is at most ``words`` words of at most ``_CAP`` characters, a space between two."""
    if ch == " ":
        if s and s[-1] != " " and s.count(" ") + 1 < words:
            return s + " ", True
        return s, False
    if ch == "\n" or not ch.isprintable():
        return s, False
    word = len(s) - s.rfind(" ") - 1
    if not s and not _is_word(ch):
        return s, False
    return (s + ch, True) if word < _CAP else (s, False)  # a longer word is cut (a space after the cap reads on)


def _literals(op: Any, av: Any) -> list[str] | None:
    """The characters of a class made of a few literal characters ("(?:h|l)" is compiled to
    one), else None."""
    if op is C.IN and len(av) <= 8 and all(o is C.LITERAL for o, _ in av):
        return [chr(a) for _, a in av]
    return None


def _step(states: set[_State], op: Any, av: Any, words: int) -> set[_State]:
    out = {st for st in states if not st[1]}
    live = {st for st in states if st[1]}
    if not live:
        return out
    chars = [" "] if _is_space(op, av) else [chr(av)] if op is C.LITERAL else _literals(op, av)
    if chars is not None:
        for s, _, b in live:
            out |= {(*_read(s, ch, words), b) for ch in chars}
    elif op in _ZERO_WIDTH:
        out |= {(s, True, b or (not s and _is_boundary(op, av))) for s, _, b in live}
    elif op is C.SUBPATTERN and av[1] & re.IGNORECASE:  # "(?i:…)": its letters are not read as written
        out |= {(s, False, b) for s, _, b in live}
    elif op is C.SUBPATTERN:
        out |= _walk(live, av[3], words)
    elif op is C.ATOMIC_GROUP:
        out |= _walk(live, av, words)
    elif op is C.BRANCH:
        for branch in av[1]:
            out |= _walk(live, branch, words)
    elif op in _REPEATS:
        lo, hi, item = av
        if lo == 0:
            out |= live
        if lo >= 1 and len(item) == 1 and _is_space(*item[0]):  # "\\s+": one space, as the trigger pass reads it
            out |= {(*_read(s, " ", words), b) for s, _, b in live}
        else:  # an optional part read once may be followed; a repeated one ends the phrase
            taken = _walk(live, item, words)
            out |= taken if hi == 1 else {(s, False, b) for s, _, b in taken}
    else:  # a class, any character, a back reference …: the phrase ends here
        out |= {(s, False, b) for s, _, b in live}
    return out


def _walk(states: set[_State], items: Any, words: int) -> set[_State]:
    for op, av in items:
        states = _step(states, op, av, words)
        if not any(full for _, full, _ in states) or len(states) > 2000:
            break
    return states


def trigger_words(rx: re.Pattern[str]) -> frozenset[str] | None:
    """The phrases (words cut to a few letters) every match of a pattern starts with, at a
    word start; None when the pattern's start cannot be read that way."""
    if rx.flags & re.IGNORECASE or not isinstance(rx.pattern, str):
        return None
    parsed = _parser.parse(rx.pattern, rx.flags)
    for words in _WORDS:
        states = _walk({("", True, False)}, parsed, words)
        if len(states) > 2000:
            continue
        if any(not s or not b for s, _, b in states):
            return None
        return frozenset(s.rstrip(" ") for s, _, _ in states)
    return None


class _Registry:
    """The gated patterns, their trigger words, and one alternation of all of them. Patterns
    are known by identity (``id``, the pattern kept in ``seen`` so that its id stays its own):
    hashing a compiled pattern hashes its whole program, microseconds for a gazetteer's."""

    def __init__(self) -> None:
        self.words: dict[int, tuple[str, ...]] = {}
        self.index: dict[int, int] = {}
        self.seen: dict[int, re.Pattern[str]] = {}
        self.version = 0
        self._union: tuple[int, re.Pattern[str] | None] = (-1, None)
        self._dispatch: dict[str, tuple[int, ...]] = {}
        self._lock = threading.Lock()
        self.pending: list[Callable[[], object]] = []

    def add(self, rx: re.Pattern[str]) -> None:
        if id(rx) in self.seen:  # (read without the lock: an entry is added whole, never removed)
            return
        with self._lock:
            if id(rx) in self.seen:
                return
            self.seen[id(rx)] = rx
            words = trigger_words(rx)
            if words is None:
                return
            self.words[id(rx)] = tuple(sorted(words))
            self.index[id(rx)] = len(self.index)
            self._dispatch = {}  # before the version moves: a scan of the new version reads new words
            self.version += 1

    def union(self) -> re.Pattern[str] | None:
        """All trigger phrases as one alternation after a non-word character, which it
        consumes; group 1 is the hit, at the next offset, read to the end of its last word (a
        look-ahead, so that a phrase never hides a trigger inside it). Every word start but a
        text's first follows a non-word character, and the engine skips ahead to the next one
        with its fast class test (a look-back first would be tried at every character); a
        text's first word start is read after a space put before it."""
        while self.pending:  # the lazily built patterns, gated before the first union is built
            try:
                build = self.pending.pop()
            except IndexError:  # (another thread took the last)
                break
            build()
        if self._union[0] != self.version:
            version = self.version  # read first: a pattern added meanwhile makes the next call rebuild
            every = {w for ws in tuple(self.words.values()) for w in ws}
            self._union = (version, re.compile(f"\\W(?=((?:{trie_regex(sorted(every))})\\w*))")
                           if every else None)
        return self._union[1]

    def patterns_of(self, words: str) -> tuple[int, ...]:
        """The gated patterns that can start with a hit of the union (its spaces as written)."""
        dispatch = self._dispatch  # replaced whole when a pattern is added, never cleared
        ids = dispatch.get(words)
        if ids is None:
            key = " ".join(words.split())
            ids = dispatch[words] = tuple(self.index[k] for k, ws in tuple(self.words.items()) if key.startswith(ws))
        return ids


_REGISTRY = _Registry()


def gate(rx: re.Pattern[str]) -> re.Pattern[str]:
    """Register a pattern with the trigger pass (when its start can be read); returns it."""
    _REGISTRY.add(rx)
    return rx


def gate_later(build: Callable[[], object]) -> None:
    """Register a builder of gated patterns (a lazily built table's pattern that ``gate``s
    itself), called before the union of trigger phrases is first built: every pattern is then
    gated before the first text is scanned, and the union is built once, not once for each
    table a first article builds (6 builds of 20–25 ms each before)."""
    _REGISTRY.pending.append(build)


def gated(rx: re.Pattern[str]) -> bool:
    """Whether ``Triggers.finditer`` tries a pattern only at its trigger words."""
    return id(rx) in _REGISTRY.index


class Triggers:
    """Where, in one folded text, each gated pattern can start (scanned once, on first use)."""

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self._version = -1
        self._starts: dict[int, list[int]] = {}

    def _scan(self) -> None:
        reg = _REGISTRY
        self._version = reg.version
        union = reg.union()
        starts: dict[int, list[int]] = {}  # each gated pattern's word starts, in order as found
        if union is None:
            self._starts = starts
            return
        f = self.folded
        first = union.match(" " + f)  # the text's first word start (a copy: one pattern to compile, not two)
        dispatch = reg._dispatch  # (read once: one version's patterns for the whole text)
        # each hit's word starts go to the patterns that can start with it (the hit is group 1;
        # the match consumes the non-word character before it, so the hit starts at its end)
        for m in itertools.chain(() if first is None else (first,), union.finditer(f)):
            w = m[1]
            a = m.end() - 1 if m is first else m.end()
            ids = dispatch.get(w)
            if ids is None:
                ids = reg.patterns_of(w)
            for i in ids:
                found = starts.get(i)
                if found is None:
                    starts[i] = [a]
                else:
                    found.append(a)
        self._starts = starts

    def starts(self, rx: re.Pattern[str]) -> list[int] | None:
        """The word starts where a gated pattern can match, in order; None if not gated."""
        i = _REGISTRY.index.get(id(rx))
        if i is None:
            return None
        if self._version != _REGISTRY.version:
            self._scan()
        return self._starts.get(i, [])

    def has(self, rx: re.Pattern[str]) -> bool:
        """Whether a pattern can match anywhere (True when it is not gated)."""
        s = self.starts(rx)
        return s is None or bool(s)

    def finditer(self, rx: re.Pattern[str], pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """``rx.finditer(folded, pos, endpos)``, trying a gated pattern only at its trigger words."""
        f = self.folded
        end = len(f) if endpos is None else endpos
        starts = self.starts(rx)
        if starts is None:
            return rx.finditer(f, pos, end)
        if not starts:
            return iter(())  # (a text without the pattern's words: no generator to start)
        return self._tried(rx, starts, pos, end)

    def _tried(self, rx: re.Pattern[str], starts: list[int], pos: int, end: int) -> Iterator[re.Match[str]]:
        f = self.folded
        resume = pos
        match = rx.match
        for i in range(bisect.bisect_left(starts, pos), len(starts)):
            q = starts[i]
            if q < resume:
                continue
            if q >= end:
                return
            m = match(f, q, end)
            if m is not None:
                yield m
                resume = m.end()

    def search(self, rx: re.Pattern[str], pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """``rx.search(folded, pos, endpos)``: the first match ``finditer`` yields (tried here
        without a generator: a document reference asks for the type word before it)."""
        f = self.folded
        end = len(f) if endpos is None else endpos
        starts = self.starts(rx)
        if starts is None:
            return rx.search(f, pos, end)
        match = rx.match
        for i in range(bisect.bisect_left(starts, pos), len(starts)):
            q = starts[i]
            if q >= end:
                return None
            m = match(f, q, end)
            if m is not None:
                return m
        return None


def finditer(rx: re.Pattern[str], folded: str, triggers: Triggers | None) -> Iterator[re.Match[str]]:
    """``rx.finditer(folded)`` through the trigger pass when there is one for this text."""
    if triggers is None or triggers.folded is not folded:
        return rx.finditer(folded)
    return triggers.finditer(rx)
