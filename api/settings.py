"""Settings of vankien — the API server and the CLI — read from the environment here and
nowhere else. One name per setting:

- the Neo4j connection under the names Neo4j's own tools use: ``NEO4J_URI`` (default
  ``bolt://localhost:7687``), ``NEO4J_USER`` (``neo4j``), ``NEO4J_PASSWORD``,
  ``NEO4J_DATABASE`` (the server's default) and ``NEO4J_NAMESPACE`` (``vankien``);
- everything else as ``VANKIEN_<FIELD>`` (``VANKIEN_STORE``, ``VANKIEN_DATA_DIR``, …).

``load_settings`` turns a malformed value into one ``ConfigurationError`` line, and
``open_store`` opens the store the settings choose: the command line, the API and the
benchmarks all open their store through it, so the choice of store and its settings are
read here and nowhere else.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.store.embedded import default_data_dir
from graph.store.protocol import Store
from graph.store.protocol import open_store as _open_store
from ontology.errors import ConfigurationError

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
NEO4J_ENV = {"neo4j_uri": "NEO4J_URI", "neo4j_user": "NEO4J_USER", "neo4j_password": "NEO4J_PASSWORD",
             "neo4j_database": "NEO4J_DATABASE", "neo4j_namespace": "NEO4J_NAMESPACE"}
#: names read before issue 9, refused with the name to use instead
RETIRED = {f"VANKIEN_{name}": name for name in NEO4J_ENV.values()}


class Settings(BaseSettings):
    """Where the store is, who may write, who may call from a browser, and the bounds of every query."""

    model_config = SettingsConfigDict(env_prefix="VANKIEN_", extra="ignore", frozen=True, populate_by_name=True)

    store: Literal["embedded", "neo4j"] = "embedded"
    data_dir: Path | None = Field(default=None, description="Embedded store folder (default: $XDG_DATA_HOME/vankien, "
                                  "else ~/.local/share/vankien).")
    neo4j_uri: str = Field(default="bolt://localhost:7687", validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(default=None, validation_alias="NEO4J_DATABASE")
    neo4j_namespace: str = Field(default="vankien", validation_alias="NEO4J_NAMESPACE")
    neo4j_home: Path | None = Field(default=None, description="Jars and data of `vankien neo4j start` "
                                    "(default: .neo4j in a checkout, else ~/.cache/vankien/neo4j).")
    api_token: SecretStr | None = Field(default=None, description="Bearer token for writes; unset = writes off.")
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="Origins allowed to call the API from a browser ('*' for any); comma-separated.")
    max_depth: int = Field(default=6, ge=1, le=6)
    max_page_size: int = Field(default=200, ge=1, le=10_000)
    max_request_bytes: int = Field(default=2_000_000, ge=1_024)
    query_time_limit: float = Field(default=10.0, gt=0, description="Seconds a read may take before it is abandoned.")
    max_export_nodes: int = Field(default=5_000, ge=10)
    resolve_cache_size: int = Field(default=4096, ge=0, description="Typed references whose answers are kept (0: none).")

    @field_validator("neo4j_uri")
    @classmethod
    def _bolt_uri(cls, v: str) -> str:
        parts = urlsplit(v)
        if parts.scheme not in BOLT_SCHEMES or not parts.hostname:
            raise ValueError(f"{v!r} is not a Bolt URI: use bolt://HOST:7687 or neo4j://HOST:7687 "
                             "(7474 is Neo4j's HTTP port, for the browser)")
        try:
            parts.port  # noqa: B018  (raises on a port past 65535, which the driver would wrap round)
        except ValueError as e:
            raise ValueError(f"{v!r}: the port must be a number from 1 to 65535") from e
        return v

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, v: object) -> object:
        if isinstance(v, str):
            return tuple(o.strip() for o in v.split(",") if o.strip())
        return v

    @property
    def writes_enabled(self) -> bool:
        """Writes are on only when a non-empty token is configured."""
        return bool(self.api_token and self.api_token.get_secret_value())

    def store_options(self, kind: str | None = None) -> dict[str, object]:
        """Keyword options for ``graph.store.protocol.create_store`` of the configured backend
        (or of ``kind``)."""
        if (kind or self.store) == "embedded":
            return {"data_dir": self.data_dir or default_data_dir()}
        return {"uri": self.neo4j_uri, "user": self.neo4j_user,
                "password": self.neo4j_password.get_secret_value() if self.neo4j_password else None,
                "database": self.neo4j_database, "namespace": self.neo4j_namespace}


def _env_name(field: object) -> str:
    name = str(field)
    return NEO4J_ENV.get(name, name if name.isupper() else f"VANKIEN_{name.upper()}")


def load_settings(**overrides: Any) -> Settings:
    """The environment's settings, with ``overrides`` (command-line flags; None = not given)
    on top; a malformed or retired setting is one ConfigurationError line."""
    if retired := sorted(k for k in RETIRED if k in os.environ):
        raise ConfigurationError("; ".join(f"{k} is no longer read: set {RETIRED[k]}" for k in retired))
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as e:
        problems = [f"{_env_name(err['loc'][0]) if err['loc'] else 'settings'}: "
                    f"{str(err['msg']).removeprefix('Value error, ')}" for err in e.errors()]
        raise ConfigurationError("invalid setting " + "; ".join(problems)) from None


def open_store(settings: Settings, *, kind: Literal["embedded", "neo4j"] | None = None, create: bool = False,
               **options: Any) -> Store:
    """The store the settings choose (or the ``kind`` given, with the settings of that kind),
    opened; ``options`` are passed on (a Neo4j ``connection_timeout`` …). Only a writer
    (``create``) makes a new embedded store: a read of a folder without one is refused."""
    name = kind or settings.store
    merged = {**settings.store_options(name), **options}
    if name == "embedded":
        merged["create"] = create
    return _open_store(name, **merged)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read from the environment on first use."""
    return load_settings()
