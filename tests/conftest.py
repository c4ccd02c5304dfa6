"""Shared fixtures: the repository's seed corpus and helpers to write small inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "rt-azerbaijan-armenia-losses.txt"


@pytest.fixture
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Keep the typo checker's vocabulary cache out of the user's ~/.cache during tests."""
    import os

    old = os.environ.get("COPYDESK_CACHE_DIR")
    os.environ["COPYDESK_CACHE_DIR"] = str(tmp_path_factory.mktemp("copydesk-cache"))
    yield
    if old is None:
        os.environ.pop("COPYDESK_CACHE_DIR", None)
    else:
        os.environ["COPYDESK_CACHE_DIR"] = old


#: modules whose module-scoped fixtures take minutes (a Spark session and one check per
#: engine): collected first, so that under `-n auto --dist loadfile` (pyproject addopts)
#: one worker starts them while the others take the rest of the suite
SLOW_MODULES = ("test_spark.py",)


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.path.name not in SLOW_MODULES)  # stable: file order kept otherwise
