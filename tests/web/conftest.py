"""A database built from the seed articles (plus one hostile page), shared by the web tests of a session."""
import shutil
from pathlib import Path

import pytest

from rasid.api import ingest_paths
from rasid.config import load_settings

HOSTILE = ("اجتماع في بغداد لبحث التعاون مع التحالف\n\n"
           "قال المتحدث باسم الوزارة إن الاجتماع سيعقد في بغداد، ونشرت الصفحة وسم <script>alert('xss')</script> "
           "وصورة <img src=x onerror=alert(1)> مع الخبر.")


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> Path:
    seeds = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("../shared/seeds is not here")
    folder = tmp_path_factory.mktemp("webdata")
    for f in seeds.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = folder / "web.db"
    report = ingest_paths([str(folder)], load_settings(overrides={"store.path": str(db)}), profile="full")
    assert report.ingested == 6, report.summary()
    return db
