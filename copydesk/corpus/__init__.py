"""Reading inputs into corpus tables."""

from __future__ import annotations

from pathlib import Path

from copydesk.corpus.readers import InputError, read_paths
from copydesk.corpus.tables import Corpus

__all__ = ["Corpus", "InputError", "load_corpus"]


def load_corpus(paths, field_map: dict[str, str] | None = None, base: Path | None = None, on_file=None) -> Corpus:
    """Read files/folders into a Corpus (articles + ingest errors, never silently dropped).

    `on_file(done, total)` is called after each file is read (for progress bars)."""
    articles, errors, files = read_paths(paths, field_map, base, on_file)
    corpus = Corpus.from_articles(articles, errors, files)
    corpus.root = (base or Path.cwd()).resolve()
    return corpus
