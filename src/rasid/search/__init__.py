"""Keyword search (FTS5) and, later, semantic search."""
