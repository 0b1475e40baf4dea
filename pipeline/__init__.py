"""Newsflow enrichment core: pure stage functions over typed records (no I/O)."""
