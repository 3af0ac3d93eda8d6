"""``vankien extract``: print the facts of sources (JSONL records, JSON, or a readable summary)."""

from __future__ import annotations

import json
import sys

import click

from loaders.extract import extract_paths
from loaders.read.sources import Failure
from ontology.records import Extraction, to_record


def _summary(x: Extraction) -> str:
    lines = [f"# {x.source.key}  ({x.source.title or ''})"]
    for d in x.documents:
        what = d.symbol and f"{d.number}-{d.symbol}" or d.id
        lines.append(f"  document {what}  {d.year or ''}  {d.issuer_name or ''}  [{d.id}]")
    for m in x.meetings:
        lines.append(f"  meeting {m.date or ''} {m.name}  [{m.id}]")
    for p in x.persons:
        lines.append(f"  person {p.name}: {'; '.join(t.title for t in p.posts)}")
    for r in x.relations:
        if r.type.value not in ("PART_OF", "POST_IN", "HOLDS_POST"):
            lines.append(f"  {r.source} -{r.type.value}-> {r.target}")
    return "\n".join(lines)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "text"]), default="jsonl", show_default=True,
              help="jsonl: one record per source (the scorer's schema); json: an array; text: a summary.")
@click.option("--with-text", is_flag=True, help="Include the normalised text in each record.")
def extract(paths: tuple[str, ...], fmt: str, with_text: bool) -> None:
    """Extract documents, meetings, bodies, persons and relations from PATHS
    (text, HTML, JSONL files or folders of them). Inputs that cannot be read are reported
    on stderr; the exit status is 1 when any failed."""
    failed = 0
    records = []
    for item in extract_paths(paths):
        if isinstance(item, Failure):
            failed += 1
            click.echo(f"vankien: {item}", err=True)
            continue
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(to_record(item, with_text=with_text), ensure_ascii=False) + "\n")
        elif fmt == "json":
            records.append(to_record(item, with_text=with_text))
        else:
            click.echo(_summary(item))
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    if failed:
        raise SystemExit(1)
COMMANDS = [extract]
