"""Settings of the API server, read from the environment (``VANKIEN_*``) once, in one cached function."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Where the store is, who may write, who may call from a browser, and the bounds of every query."""

    model_config = SettingsConfigDict(env_prefix="VANKIEN_", extra="ignore", frozen=True)

    store: Literal["embedded", "neo4j"] = "embedded"
    data_dir: Path | None = Field(default=None, description="Embedded store folder (default: default_data_dir()).")
    neo4j_uri: str | None = None
    neo4j_user: str | None = None
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = None
    neo4j_namespace: str | None = None
    api_token: SecretStr | None = Field(default=None, description="Bearer token for writes; unset = writes off.")
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), description="Origins allowed to call the API from a browser ('*' for any); comma-separated.")
    max_depth: int = Field(default=6, ge=1, le=6)
    max_page_size: int = Field(default=200, ge=1, le=10_000)
    max_request_bytes: int = Field(default=2_000_000, ge=1_024)
    query_time_limit: float = Field(default=10.0, gt=0, description="Seconds a read may take before it is abandoned.")
    max_export_nodes: int = Field(default=5_000, ge=10)
    resolve_cache_size: int = Field(default=4096, ge=0, description="Typed references whose answers are kept (0: none).")

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

    def store_options(self) -> dict[str, object]:
        """Keyword options for ``graph.store.create_store`` of the configured backend."""
        if self.store == "embedded":
            return {"data_dir": self.data_dir} if self.data_dir else {}
        opts: dict[str, object] = {}
        if self.neo4j_uri:
            opts["uri"] = self.neo4j_uri
        if self.neo4j_user:
            opts["user"] = self.neo4j_user
        if self.neo4j_password:
            opts["password"] = self.neo4j_password.get_secret_value()
        if self.neo4j_database:
            opts["database"] = self.neo4j_database
        if self.neo4j_namespace:
            opts["namespace"] = self.neo4j_namespace
        return opts


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read from the environment on first use."""
    return Settings()
