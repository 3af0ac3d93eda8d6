"""The exit statuses of every command, and the one line a user reads when one fails.

- 0: done;
- 1: something asked for is not there (an unknown reference, a source that failed);
- 2: bad input or settings (click's own usage errors are 2 as well);
- 3: the store cannot be reached (a Neo4j server that is not running, a wrong address).
"""

from __future__ import annotations

from typing import NoReturn

import click

from ontology.errors import NotFoundError, StoreUnavailableError, VankienError

FAILED = 1
INVALID = 2
UNREACHABLE = 3


def status(e: VankienError) -> int:
    if isinstance(e, StoreUnavailableError):
        return UNREACHABLE
    if isinstance(e, NotFoundError):
        return FAILED
    return INVALID


def fail(e: VankienError) -> NoReturn:
    """Print ``vankien: <error>`` on standard error and exit with the error's status."""
    click.echo(f"vankien: {e}", err=True)
    raise SystemExit(status(e)) from e
