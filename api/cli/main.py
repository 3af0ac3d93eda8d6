"""``vankien``: the command group; each sub-command lives in its own module."""

from __future__ import annotations

import click

from api.cli import extract


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vankien")
def cli() -> None:
    """vankien — a knowledge graph of Vietnamese Party documents and the meetings that carry them out."""


cli.add_command(extract.extract)


def main() -> None:
    """Entry point of the console script."""
    cli()


if __name__ == "__main__":
    main()
