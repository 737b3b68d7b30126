"""Choosing a backend by configuration."""

from __future__ import annotations

from functools import partial

from .. import generatie
from ..config import Config
from .base import Store


def open_store(config: Config | None = None, *, read_only: bool = False) -> Store:
    """The public store: the built knowledge graph plus published submissions. Every write through it bumps the
    public generation (kennisbank/generatie.py)."""
    config = config or Config.from_env()
    if config.sparql_url:
        from .remote import RemoteStore

        store: Store = RemoteStore.from_config(config)
    else:
        from .embedded import EmbeddedStore
        from .swap import current_store_path

        store = EmbeddedStore(current_store_path(config.data_dir), read_only=read_only)
    store.na_schrijven = partial(generatie.bump, config.data_dir, generatie.OPENBAAR)
    return store


def open_inbox(config: Config | None = None) -> Store:
    """The inbox: submissions that no project leader has published. Never read by public paths. Every write through
    it bumps the inbox generation."""
    config = config or Config.from_env()
    from .embedded import EmbeddedStore

    store = EmbeddedStore(config.data_dir / "inbox")
    store.na_schrijven = partial(generatie.bump, config.data_dir, generatie.INBOX)
    return store
