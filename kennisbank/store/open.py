"""Choosing a backend by configuration."""

from __future__ import annotations

from ..config import Config
from .base import Store


def open_store(config: Config | None = None, *, read_only: bool = False) -> Store:
    """The public store: the built knowledge graph plus published submissions."""
    config = config or Config.from_env()
    if config.sparql_url:
        from .remote import RemoteStore

        return RemoteStore.from_config(config)
    from .embedded import EmbeddedStore
    from .swap import current_store_path

    return EmbeddedStore(current_store_path(config.data_dir), read_only=read_only)


def open_inbox(config: Config | None = None) -> Store:
    """The inbox: submissions that no project leader has published. Never read by public paths."""
    config = config or Config.from_env()
    from .embedded import EmbeddedStore

    return EmbeddedStore(config.data_dir / "inbox")
