"""A throwaway git repository for the tests of benches that read pinned commits of public repositories."""

from __future__ import annotations

import subprocess
from pathlib import Path


def commit_files(root: Path, files: dict[str, bytes]) -> str:
    """A git repository at ``root`` holding ``files`` (path -> bytes) in one commit; returns the commit id."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "pages"], check=True)
    return subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
