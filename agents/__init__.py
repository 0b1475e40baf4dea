"""Newsflow I/O edges: the faust app, agents, Postgres sink, dashboard, CLI and settings."""
