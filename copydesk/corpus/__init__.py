"""Reading inputs into corpus tables."""

from __future__ import annotations

from pathlib import Path

from copydesk.corpus.readers import DEFAULT_MAX_RECORD_BYTES, InputError, read_paths
from copydesk.corpus.tables import Corpus

__all__ = ["Corpus", "InputError", "load_corpus"]


def load_corpus(paths, field_map: dict[str, str] | None = None, base: Path | None = None, on_file=None,
                max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES, exclude=(), stdin_format: str = "jsonl") -> Corpus:
    """Read files/folders into a Corpus (articles + ingest errors, never silently dropped;
    folder entries not read are in `corpus.skipped`).

    `on_file(done, total)` is called after each file is read (for progress bars); a record
    over `max_record_bytes` is an ingest error; `exclude` patterns drop files found in
    folders or by globs (listed in `corpus.skipped`); `-` reads standard input."""
    read = read_paths(paths, field_map, base, on_file, max_record_bytes, exclude, stdin_format)
    corpus = Corpus.from_articles(read.articles, read.errors, read.files)
    corpus.skipped = read.skipped
    corpus.aliases = read.aliases
    corpus.root = (base or Path.cwd()).resolve()
    return corpus
