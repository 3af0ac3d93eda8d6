"""A Neo4j server for vankien without Docker: Neo4j 5.26 LTS Community, embedded in a tiny
Java launcher (``Launcher.java``, run as a single-file program), its jars fetched from
Maven Central by Maven (``pom.xml``). Java is only the server's runtime.

A server home holds the jars and the server's folder::

    HOME/lib/<version>/*.jar        fetched once (`fetch_jars`)
    HOME/server/neo4j.conf          written at each start: Bolt on 127.0.0.1:PORT, auth off
    HOME/server/data, logs          the database and Neo4j's logs
    HOME/server/launcher.log        the launcher's output
    HOME/server/neo4j.pid           the running server's process id

``start`` returns once the server answers on Bolt; ``stop`` sends SIGTERM (the launcher's
shutdown hook closes the database) and waits. ``import_database`` runs ``neo4j-admin
database import full`` (in the same jars) into a fresh database folder.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ontology.errors import StoreError

NEO4J_VERSION = "5.26.30"
HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
LAUNCHER = HERE / "Launcher.java"
READY = "vankien-neo4j ready"
MIN_JAVA = 17  # Neo4j 5.26 supports 17 and 21; it also starts on 25
JVM_OPENS = ("java.base/java.nio", "java.base/sun.nio.ch", "java.base/java.io", "java.base/java.lang",
             "java.base/java.util", "java.base/java.util.concurrent")


class Neo4jServerError(StoreError):
    """The local Neo4j server cannot be fetched, started or stopped."""


def default_home() -> Path:
    """``.neo4j`` in the project checkout vankien runs from (an ignored folder), else
    ``~/.cache/vankien/neo4j``."""
    root = HERE.parents[2]
    if (root / "pyproject.toml").is_file():
        return root / ".neo4j"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vankien" / "neo4j"


def java_major() -> int | None:
    """The major version of ``java`` on the PATH (17 for "17.0.15"), or None."""
    if shutil.which("java") is None:
        return None
    done = subprocess.run(["java", "-version"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


def missing_tools() -> list[str]:
    """What the local server needs and this machine lacks: Java 17+ and Maven."""
    missing = []
    major = java_major()
    if major is None:
        missing.append("java")
    elif major < MIN_JAVA:
        missing.append(f"Java {MIN_JAVA}+ (the `java` on PATH is {major})")
    if shutil.which("mvn") is None:
        missing.append("mvn")
    return missing


def lib_dir(home: Path) -> Path:
    return home / "lib" / NEO4J_VERSION


def has_jars(home: Path) -> bool:
    return (lib_dir(home) / f"neo4j-{NEO4J_VERSION}.jar").is_file()


def fetch_jars(home: Path, say: Callable[[str], None] = print) -> Path:
    """Fetch Neo4j's jars with Maven into ``HOME/lib/<version>`` unless they are there."""
    lib = lib_dir(home)
    if has_jars(home):
        return lib
    if shutil.which("mvn") is None:
        raise Neo4jServerError("Maven (`mvn`) is needed to fetch Neo4j's jars: install it (apt install maven)")
    say(f"vankien: fetching Neo4j {NEO4J_VERSION} from Maven Central into {lib} …")
    cmd = ["mvn", "-q", "-B", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={lib}",
           f"-Dneo4j.version={NEO4J_VERSION}"]
    done = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if done.returncode != 0 or not has_jars(home):
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise Neo4jServerError(f"Maven could not fetch Neo4j {NEO4J_VERSION}: {' | '.join(tail)}")
    say(f"vankien: {len(list(lib.glob('*.jar')))} jars in {lib}")
    return lib


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _conf(port: int, pagecache: str) -> str:
    return "\n".join([
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        f"server.bolt.advertised_address=127.0.0.1:{port}",
        "dbms.security.auth_enabled=false",
        f"server.memory.pagecache.size={pagecache}",
        "dbms.usage_report.enabled=false",
        "internal.server.bolt.connection_shutdown_wait_time=1s",
        "internal.server.bolt.thread_pool_shutdown_wait_time=1s",
        "",
    ])


@dataclass
class Server:
    """A running local server: its process, Bolt URI and folder."""

    process: subprocess.Popen[bytes] | None
    pid: int
    uri: str
    folder: Path

    def stop(self, timeout: float = 60.0) -> None:
        stop_pid(self.pid, timeout)
        if self.process is not None:
            self.process.wait(timeout=5)
        (self.folder / "neo4j.pid").unlink(missing_ok=True)


def start(home: Path, port: int | None = None, heap: str = "1g", pagecache: str = "256m",
          timeout: float = 180.0, say: Callable[[str], None] = print, folder: Path | None = None) -> Server:
    """Start the server in the background (fetching the jars into ``home`` first if needed)
    and return once it answers on Bolt; raise, with the end of its log, if it does not.
    ``folder`` holds the database (default ``HOME/server``)."""
    if missing := missing_tools():
        raise Neo4jServerError(f"the local Neo4j server needs {' and '.join(missing)} (a JDK 17+ and Maven)")
    lib = fetch_jars(home, say)
    folder = folder or home / "server"
    folder.mkdir(parents=True, exist_ok=True)
    if (running := running_pid(folder)) is not None:
        raise Neo4jServerError(f"a vankien Neo4j server (pid {running}) already runs from {folder}: "
                               "`vankien neo4j stop` first")
    port = port or free_port()
    (folder / "neo4j.conf").write_text(_conf(port, pagecache), encoding="utf-8")
    cmd = ["java", f"-Xmx{heap}", "-Xms256m", "-XX:+ExitOnOutOfMemoryError",
           *(f"--add-opens={m}=ALL-UNNAMED" for m in JVM_OPENS),
           "-cp", f"{lib}{os.sep}*", str(LAUNCHER), str(folder)]
    log = folder / "launcher.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    (folder / "neo4j.pid").write_text(str(proc.pid), encoding="utf-8")
    server = Server(proc, proc.pid, f"bolt://127.0.0.1:{port}", folder)
    deadline = time.monotonic() + timeout
    while READY not in log.read_text(encoding="utf-8", errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            why = "exited" if proc.poll() is not None else f"did not start in {timeout:.0f} s"
            if proc.poll() is None:
                server.stop()
            (folder / "neo4j.pid").unlink(missing_ok=True)
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-8:]
            raise Neo4jServerError(f"the Neo4j server {why} (log {log}): {' | '.join(tail)}")
        time.sleep(0.25)
    return server


IMPORTER = "org.neo4j.cli.AdminTool"  # neo4j-admin, in neo4j-command-line; `database import` is neo4j-import-tool


def database_dir(folder: Path) -> Path:
    """Where the server in ``folder`` keeps its default database."""
    return folder / "data" / "databases" / "neo4j"


def import_database(home: Path, arguments: list[str], folder: Path | None = None, heap: str = "1g",
                    say: Callable[[str], None] = print) -> Path:
    """Run ``neo4j-admin database import full neo4j ARGUMENTS`` (the import tool in Neo4j's
    jars) into a fresh database in ``folder`` (default ``HOME/server``); its log is
    ``FOLDER/import.log``, its report of bad rows ``FOLDER/import.report``. The folder must hold no database and no running server."""
    if missing := missing_tools():
        raise Neo4jServerError(f"the Neo4j importer needs {' and '.join(missing)} (a JDK 17+ and Maven)")
    lib = fetch_jars(home, say)
    folder = folder or home / "server"
    if (running := running_pid(folder)) is not None:
        raise Neo4jServerError(f"a vankien Neo4j server (pid {running}) runs from {folder}: `vankien neo4j stop` first")
    if database_dir(folder).exists():
        raise Neo4jServerError(f"{folder} already holds a database ({database_dir(folder)}): an import needs a "
                               "fresh one (remove its data/ folder, or import into another folder)")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "neo4j.conf").write_text(_conf(free_port(), "256m"), encoding="utf-8")
    cmd = ["java", f"-Xmx{heap}", *(f"--add-opens={m}=ALL-UNNAMED" for m in JVM_OPENS),
           "-cp", f"{lib}{os.sep}*", IMPORTER, "database", "import", "full", "neo4j",
           f"--report-file={folder.resolve() / 'import.report'}", *arguments]
    log = folder / "import.log"
    env = {**os.environ, "NEO4J_HOME": str(folder), "NEO4J_CONF": str(folder)}
    with log.open("wb") as out:
        done = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=folder)
    if done.returncode != 0 or not database_dir(folder).is_dir():
        tail = [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()][-6:]
        raise Neo4jServerError(f"the Neo4j import failed (exit {done.returncode}, log {log}): {' | '.join(tail)}")
    return folder


def running_pid(folder: Path) -> int | None:
    """The pid in ``neo4j.pid`` if that process is still vankien's launcher."""
    try:
        pid = int((folder / "neo4j.pid").read_text(encoding="utf-8").strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return pid if LAUNCHER.name.encode() in cmdline else None


def stop_pid(pid: int, timeout: float = 60.0) -> None:
    """SIGTERM the launcher, wait for it to exit, then SIGKILL it."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
        except ChildProcessError:  # not our child: poll for it
            if not Path(f"/proc/{pid}").exists():
                return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)


def stop(home: Path, timeout: float = 60.0) -> int | None:
    """Stop the server started from ``home``; its pid, or None if none ran."""
    folder = home / "server"
    pid = running_pid(folder)
    if pid is not None:
        stop_pid(pid, timeout)
    (folder / "neo4j.pid").unlink(missing_ok=True)
    return pid
