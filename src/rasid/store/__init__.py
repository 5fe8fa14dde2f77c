"""Embedded storage: SQLite with numbered migrations (see ``migrations/``)."""
from rasid.store.db import Store, StoreError, open_store

__all__ = ["Store", "StoreError", "open_store"]
