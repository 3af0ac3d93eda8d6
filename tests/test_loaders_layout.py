"""The shape of ``loaders/`` (tests/data/loaders_stages.yaml): one subpackage per stage, each
exporting the verb its docstring names; every module imports on its own in a fresh process
(no import cycle hides behind the order of imports); no stage imports another inside a function."""

from __future__ import annotations

import ast
import importlib
import inspect
import re._constants as _C
import re._parser as _parser
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from loaders.find import patterns as P
from loaders.find.documents import FIRST_LETTERS, DocMention
from tests.conftest import DATA, ROOT

LAYOUT = yaml.safe_load((DATA / "loaders_stages.yaml").read_text(encoding="utf-8"))
STAGES = [(s["package"], s["verb"]) for s in LAYOUT["stages"]]
LOADERS = ROOT / "loaders"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(_module_name(p) for p in LOADERS.rglob("*.py"))


def test_every_subpackage_is_a_listed_stage() -> None:
    packages = {_module_name(p.parent / "__init__.py") for p in LOADERS.glob("*/__init__.py")}
    assert packages == {p for p, _ in STAGES}


@pytest.mark.parametrize(("package", "verb"), STAGES)
def test_a_stage_exports_the_verb_its_docstring_names(package: str, verb: str) -> None:
    mod = importlib.import_module(package)
    doc = inspect.getdoc(mod)
    assert doc, f"{package} has no docstring"
    assert f"{verb}(" in doc.split("\n\n")[0], f"{package}'s docstring does not name its verb {verb}"
    assert verb in getattr(mod, "__all__", ()), f"{package} does not export {verb}"
    fn = getattr(mod, verb)
    assert callable(fn) and inspect.isfunction(fn), f"{package}.{verb} is not a function"
    assert fn.__module__.startswith(package + "."), f"{package}.{verb} comes from outside the stage"
    assert inspect.getdoc(fn), f"{package}.{verb} has no docstring"


def test_the_pipeline_entry_and_the_lexicon_are_modules_beside_the_stages() -> None:
    for entry in LAYOUT["modules"]:
        mod = importlib.import_module(entry["module"])
        assert inspect.getdoc(mod), f"{entry['module']} has no docstring"
        if "verb" in entry:
            assert callable(getattr(mod, entry["verb"]))


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone_in_a_fresh_process(module: str) -> None:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, f"import {module} failed:\n{done.stderr[-2000:]}"


def _local_imports(path: Path) -> list[str]:
    """Imports of the project's packages made inside a function or method."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.relative_to(ROOT)}:{node.lineno} {n}" for n in names  # type: ignore[attr-defined]
                      if n.split(".")[0] in ("loaders", "ontology", "graph", "api")]
    return found


def test_no_module_imports_the_project_inside_a_function() -> None:
    """A function-level import is how a cycle is hidden: the lexicon holds what stages share."""
    found = [hit for p in sorted(LOADERS.rglob("*.py")) for hit in _local_imports(p)]
    assert found == []


def test_a_mention_built_by_keywords_names_every_field() -> None:
    """The hot paths build a ``DocMention`` field by field instead of ``dataclasses.replace``;
    a field added to the class and forgotten there would silently take its default."""
    every = {f.name for f in fields(DocMention)}
    built = []
    for path in sorted(LOADERS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "DocMention" and \
                    "chain_end" in {k.arg for k in node.keywords}:
                built.append(path.name)
                assert {k.arg for k in node.keywords} == every, f"{path.relative_to(ROOT)}:{node.lineno}"
    assert sorted(built) == ["documents.py", "documents.py"]


def _first_characters(items: object) -> tuple[set[str], bool, bool]:
    """What a parsed pattern's match can start with: its characters, whether a whitespace
    character, whether it can match nothing (then what follows counts too)."""
    chars: set[str] = set()
    space = False
    for op, av in items:  # type: ignore[attr-defined]
        if op is _C.LITERAL:
            c, s, empty = {chr(av)}, False, False
        elif op is _C.IN:
            c, s, empty = set(), False, False
            for o, a in av:
                if o is _C.LITERAL:
                    c.add(chr(a))
                elif o is _C.RANGE:
                    c |= {chr(i) for i in range(a[0], a[1] + 1)}
                elif o is _C.CATEGORY and a is _C.CATEGORY_SPACE:
                    s = True
                else:
                    raise AssertionError(f"a class this test cannot read: {o} {a}")
        elif op is _C.BRANCH:
            parts = [_first_characters(b) for b in av[1]]
            c, s, empty = set().union(*(p[0] for p in parts)), any(p[1] for p in parts), any(p[2] for p in parts)
        elif op is _C.SUBPATTERN:
            c, s, empty = _first_characters(av[3])
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            c, s, empty = _first_characters(av[2])
            empty = empty or av[0] == 0
        elif op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            c, s, empty = set(), False, True  # zero width: what follows starts the match
        else:
            raise AssertionError(f"an item this test cannot read: {op}")
        chars |= c
        space = space or s
        if not empty:
            return chars, space, False
    return chars, space, True


@pytest.mark.parametrize("name", sorted(FIRST_LETTERS))
def test_a_modifier_is_tried_wherever_it_can_start(name: str) -> None:
    """``_with_modifiers`` tries a modifier's pattern only at the characters it can start with:
    read from the pattern itself, so a cue added to it that starts otherwise fails here."""
    letters, space = FIRST_LETTERS[name]
    rx = getattr(P, name)
    chars, can_space, empty = _first_characters(_parser.parse(rx.pattern, rx.flags))
    assert not empty, f"{name} can match nothing: every character may start it"
    assert chars <= set(letters), f"{name} can also start with {sorted(chars - set(letters))}"
    assert space or not can_space, f"{name} can start with a whitespace character"
