"""``vankien``: the command group. Each module of ``api.cli`` holds a family of sub-commands
and exposes them as ``COMMANDS``; ``COMMAND_MODULES`` says which module holds which command,
so a command loads only its own module (``vankien trace`` never loads the RDF, server or
Neo4j code, and answers sooner)."""

from __future__ import annotations

import importlib

import click

COMMAND_MODULES = {
    "extract": "extract",
    "ingest": "graph_cmds", "trace": "graph_cmds", "implementations": "graph_cmds", "coverage": "graph_cmds",
    "timeline": "graph_cmds", "resolve": "graph_cmds", "search": "graph_cmds", "stats": "graph_cmds",
    "export": "export", "import-rdf": "export",
    "sync": "sync",
    "serve": "serve",
    "neo4j": "neo4j_cmd",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are run (or listed by --help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        try:
            module = importlib.import_module(f"api.cli.{module_name}")
        except ModuleNotFoundError as e:
            if e.name == f"api.cli.{module_name}":
                return None  # that family is not installed
            raise
        return next((c for c in module.COMMANDS if c.name == cmd_name), None)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vankien")
def cli() -> None:
    """vankien — a knowledge graph of Vietnamese Party documents and the meetings that carry them out."""


def main() -> None:
    """Entry point of the console script."""
    cli()


if __name__ == "__main__":
    main()
