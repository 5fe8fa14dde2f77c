"""Shared fixtures. Tests read ../shared by relative path; the package never does."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here (tests read ../shared beside the repository)")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return need_shared(SEEDS)


@pytest.fixture
def gold_dir() -> Path:
    return need_shared(GOLD)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh database per test."""
    return tmp_path / "rasid.db"
