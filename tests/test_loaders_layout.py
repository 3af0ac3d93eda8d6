"""The shape of ``loaders/`` (tests/data/loaders_stages.yaml): one subpackage per stage, each
exporting the verb its docstring names; every module imports on its own in a fresh process
(no import cycle hides behind the order of imports); no stage imports another inside a function."""

from __future__ import annotations

import ast
import importlib
import inspect
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from loaders.find.documents import DocMention
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
