"""``vankien``: the command group. Each module of ``COMMAND_MODULES`` holds a family of
sub-commands and exposes them as ``COMMANDS``."""

from __future__ import annotations

import importlib

import click

COMMAND_MODULES = ("extract", "export", "graph_cmds", "neo4j_cmd", "serve", "sync")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vankien")
def cli() -> None:
    """vankien — a knowledge graph of Vietnamese Party documents and the meetings that carry them out."""


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"api.cli.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"api.cli.{name}":
                continue  # that family is not installed
            raise
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    """Entry point of the console script."""
    cli()


if __name__ == "__main__":
    main()
