"""``vankien serve``: run the API and the lineage page with uvicorn."""

from __future__ import annotations

import os
import socket

import click

from api.cli.exits import fail
from ontology.errors import VankienError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--store", "store", type=click.Choice(["embedded", "neo4j"]), default=None,
              help="Store backend [env VANKIEN_STORE; default embedded].")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None,
              help="Folder of the embedded store [env VANKIEN_DATA_DIR].")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--access-log/--no-access-log", default=True, show_default=True)
def serve(host: str, port: int, store: str | None, data_dir: str | None, workers: int, log_level: str,
          access_log: bool) -> None:
    """Serve the API (OpenAPI at /docs) and the lineage page (at /).

    Settings come from the environment (VANKIEN_STORE, VANKIEN_DATA_DIR, NEO4J_URI, NEO4J_USER,
    NEO4J_PASSWORD, NEO4J_DATABASE, NEO4J_NAMESPACE, VANKIEN_API_TOKEN, VANKIEN_CORS_ORIGINS,
    VANKIEN_MAX_DEPTH, VANKIEN_MAX_PAGE_SIZE, VANKIEN_MAX_REQUEST_BYTES, VANKIEN_QUERY_TIME_LIMIT);
    the options here override them. A store that cannot be reached is one line and exit status 3."""
    import uvicorn

    from api.settings import get_settings, open_store

    # flags become environment so that every worker process reads the same settings
    if store:
        os.environ["VANKIEN_STORE"] = store
    if data_dir:
        os.environ["VANKIEN_DATA_DIR"] = os.path.abspath(data_dir)
    get_settings.cache_clear()
    try:
        settings = get_settings()
        if settings.store == "neo4j":  # reach it now: one line if not, rather than a worker's traceback
            open_store(settings).close()
    except VankienError as e:
        fail(e)
    where = settings.neo4j_uri if settings.store == "neo4j" else (settings.data_dir or "the default data folder")
    writes = "on" if settings.writes_enabled else "off (set VANKIEN_API_TOKEN)"
    click.echo(f"vankien: serving the {settings.store} store at {where}; writes {writes}", err=True)
    click.echo(f"vankien: page http://{host}:{port}/  ·  API docs http://{host}:{port}/docs", err=True)
    options = {"factory": True, "host": host, "port": port, "workers": workers, "log_level": log_level,
               "access_log": access_log, "proxy_headers": False, "server_header": False}
    try:
        if workers == 1:
            uvicorn.run("api.app:create_app", **options)  # type: ignore[arg-type]
        else:
            run_workers(uvicorn.Config("api.app:create_app", **options))  # type: ignore[arg-type]
    except VankienError as e:
        raise click.ClickException(str(e)) from e


def listening_socket(host: str, port: int, reuse_port: bool = False) -> socket.socket:
    """A listening TCP socket created with ``IPPROTO_TCP``.

    uvicorn's own multi-worker socket is made with protocol 0, and asyncio then skips
    TCP_NODELAY on every accepted connection (it checks ``sock.proto``): each response
    waited ~40 ms for a delayed ACK. A worker process rebuilds this socket, protocol and all."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    sock.set_inheritable(True)
    return sock


def _serve_one(config: object, sock: socket.socket) -> None:
    """One worker process: uvicorn on its own listening socket."""
    import uvicorn

    assert isinstance(config, uvicorn.Config)
    config.configure_logging()
    uvicorn.Server(config).run(sockets=[sock])


def run_workers(config: object) -> None:
    """Worker processes, each with its own socket on the same port (SO_REUSEPORT).

    With one socket shared by all workers (uvicorn's way) the kernel hands whole bursts of
    connections to whichever worker wakes first: under load one worker often held all 32
    keep-alive connections while the other idled. One socket per worker lets the kernel
    spread connections evenly. Ctrl-C or SIGTERM stops them all; so does a worker's death."""
    import multiprocessing
    import signal
    from multiprocessing.connection import wait

    import uvicorn

    assert isinstance(config, uvicorn.Config)
    first = listening_socket(config.host, config.port, reuse_port=True)
    port = first.getsockname()[1]
    socks = [first] + [listening_socket(config.host, port, reuse_port=True) for _ in range(config.workers - 1)]
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_serve_one, args=(config, sock), name=f"vankien-worker-{i}") for i, sock in enumerate(socks)]
    for p in procs:
        p.start()

    def stop(*_: object) -> None:
        for p in procs:
            if p.is_alive():
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        wait([p.sentinel for p in procs])
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for p in procs:
            p.join(timeout=30)
        for sock in socks:
            sock.close()
    failed = [p.exitcode for p in procs if p.exitcode not in (0, -signal.SIGTERM)]
    if failed:
        raise SystemExit(1)


COMMANDS = [serve]
