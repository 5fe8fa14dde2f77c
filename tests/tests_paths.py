"""Where the tests find ../shared (the package itself never reads it), and running the CLI on it."""
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared").resolve()


def seeds_or_skip() -> Path:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is not here")
    return seeds


def run_cli(*args, check: bool = True) -> subprocess.CompletedProcess:
    """``rasid ARGS`` in a subprocess, as a user runs it; raises when it fails (unless ``check=False``)."""
    return subprocess.run([sys.executable, "-m", "rasid.cli", *map(str, args)], capture_output=True, text=True,
                          check=check)


def seeds_database(folder: Path) -> Path:
    """A database of the five seed articles (skips the test when ../shared is absent)."""
    db = folder / "seeds.db"
    run_cli("ingest", seeds_or_skip(), "--db", db, "--quiet")
    return db
