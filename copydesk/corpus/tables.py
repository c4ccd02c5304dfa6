"""Corpus tables: articles, paragraphs and sentences as pandas DataFrames.

Offsets (`start`, `end`) in paragraphs and sentences index the named `field` of the
article exactly as ingested. Titles are one paragraph and one sentence; each non-empty
line of the lede and body is a paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from copydesk.corpus.segment import iter_lines, iter_sentences
from copydesk.model import TEXT_FIELDS, Article, IngestError

if TYPE_CHECKING:
    from collections.abc import Sequence

ARTICLE_COLUMNS = ["id", "source", "url", "published", "title", "lede", "body", "file", "line"]
SPAN_COLUMNS = ["article_id", "source", "field", "index", "start", "end", "text"]


@dataclass
class Corpus:
    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    ingest_errors: list[IngestError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    origins: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    # folder the articles' `file` names are relative to; set by load_corpus so record
    # formats (JSONL, JSON, CSV) can be located to the column (copydesk/corpus/locate.py)
    root: Path | None = None
    # entries not read ({"file", "reason"}: corpus files in containers, excluded files,
    # special files; {"file", "reason", "records"}: WARC records that are not pages)
    skipped: list[dict] = field(default_factory=list)
    # displayed file name -> the file holding its bytes, where they differ (<stdin>)
    aliases: dict[str, Path] = field(default_factory=dict)
    # article id -> what extraction removed from its web page (menus, footers, share bars;
    # copydesk/corpus/pages.py), for the boilerplate check's per-source statistics
    furniture: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_articles(
        cls,
        articles: Sequence[Article],
        ingest_errors: list[IngestError] | None = None,
        files: list[str] | None = None,
    ) -> Corpus:
        rows = []
        extra_keys: dict[str, None] = {}
        furniture: dict[str, list[str]] = {}
        for a in articles:
            row = {c: getattr(a, c) for c in ARTICLE_COLUMNS}
            for k, v in a.extra.items():
                if k == "page_furniture":
                    furniture[a.id] = v
                elif k not in row:
                    extra_keys.setdefault(k)
                    row[k] = v
            rows.append(row)
        art = pd.DataFrame(rows, columns=ARTICLE_COLUMNS + list(extra_keys))
        art["line"] = art["line"].astype("Int64")
        paragraphs, sentences = build_spans(art)
        origins = {a.id: a.origin for a in articles if a.origin}
        return cls(art, paragraphs, sentences, list(ingest_errors or []), list(files or []), origins,
                   furniture=furniture)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Corpus:
        """A corpus from an articles table that already has copydesk's column names."""
        art = frame.copy()
        for c in ARTICLE_COLUMNS:
            if c not in art.columns:
                art[c] = None
        for c in TEXT_FIELDS:
            art[c] = art[c].fillna("").astype(str)
        art["id"] = art["id"].astype(str)
        paragraphs, sentences = build_spans(art)
        return cls(art, paragraphs, sentences)

    def locate(self, article_id: str, field_name: str, offset: int) -> tuple[int | None, int | None]:
        """(line, column), 1-based, of a field offset in the source file, when known.

        Plain-text inputs map through their origins; JSONL, JSON and CSV/TSV records by
        re-reading the record's encoded field (copydesk/corpus/locate.py); otherwise
        (Parquet, HTML, corpora not read from files) the record's line, column unknown.
        """
        origin = self.origins.get(article_id, {}).get(field_name)
        if origin is None:
            line = self._lines.get(article_id)
            line = None if line is None or pd.isna(line) else int(line)
            file = self._files.get(article_id) if line is not None and self.root is not None else None
            if file:
                text, _ = self._located_field(article_id, field_name)
                found = self._record_locator.locate(file, line, text, offset)
                if found is not None:
                    return found
            return line, None
        _, newlines = self._located_field(article_id, field_name)
        before = bisect_left(newlines, offset)  # newlines before `offset`
        if before == 0:
            return origin[0], origin[1] + offset
        return origin[0] + before, offset - newlines[before - 1]

    def record_offset(self, article_id: str) -> int | None:
        """Byte offset of the WARC record an article was read from, else None."""
        if "warc_offset" not in self.articles.columns:
            return None
        value = self.articles["warc_offset"].iat[self._positions[article_id]]
        return None if pd.isna(value) else int(value)

    def _located_field(self, article_id: str, field_name: str) -> tuple[str, list[int]]:
        """A field's text and its newline offsets, fetched once per field for all its findings:
        pandas' string columns hand out a new copy of the text on every access, and a record
        with thousands of findings must not copy (or rescan) its text once per finding."""
        cache = self.__dict__.setdefault("_located_cache", {})
        key = (article_id, field_name)
        if key not in cache:
            text = self.text_of(article_id, field_name)
            cache[key] = (text, [m.start() for m in re.finditer("\n", text)])
        return cache[key]

    @property
    def _lines(self) -> dict[str, int]:
        cached = self.__dict__.get("_line_cache")
        if cached is None:
            cached = dict(zip(self.articles["id"], self.articles["line"]))
            self.__dict__["_line_cache"] = cached
        return cached

    @property
    def _files(self) -> dict[str, str]:
        cached = self.__dict__.get("_file_cache")
        if cached is None:
            cached = {k: v for k, v in zip(self.articles["id"], self.articles["file"]) if isinstance(v, str)}
            self.__dict__["_file_cache"] = cached
        return cached

    @property
    def _record_locator(self):
        from copydesk.corpus.locate import RecordLocator

        if "_locator" not in self.__dict__:
            self.__dict__["_locator"] = RecordLocator(self.root, self.aliases)
        return self.__dict__["_locator"]

    def article(self, article_id: str) -> pd.Series:
        return self.articles.iloc[self._positions[article_id]]

    def text_of(self, article_id: str, field_name: str) -> str:
        return self.articles[field_name].iat[self._positions[article_id]]

    @property
    def _positions(self) -> dict[str, int]:
        """Row position of each article id (built once; ids are unique after ingest)."""
        cached = self.__dict__.get("_position_cache")
        if cached is None or len(cached) != len(self.articles):
            cached = {k: i for i, k in enumerate(self.articles["id"].tolist())}
            self.__dict__["_position_cache"] = cached
        return cached

    @property
    def word_count(self) -> int:
        """Whitespace-separated words of the text fields, counted once (str.split per text
        is 3x faster than pandas' .str.split().str.len(), which builds a list per row)."""
        cached = self.__dict__.get("_word_count")
        if cached is None or cached[0] is not self.articles:
            total = sum(len(t.split()) for c in TEXT_FIELDS if c in self.articles
                        for t in self.articles[c].tolist() if isinstance(t, str))
            cached = self.__dict__["_word_count"] = (self.articles, total)
        return cached[1]


def build_spans(articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Paragraph and sentence tables for every text field of every article."""
    para_rows: list[tuple] = []
    sent_rows: list[tuple] = []
    ids = articles["id"].tolist()
    sources = articles["source"].tolist()
    for field_name in TEXT_FIELDS:
        texts = articles[field_name].tolist()
        for art_id, src, text in zip(ids, sources, texts):
            if not text:
                continue
            if field_name == "title":
                lines = [(s, e) for s, e in iter_lines(text)][:1]
                if lines:
                    s, e = lines[0][0], lines[-1][1]
                    para_rows.append((art_id, src, field_name, 0, s, e, text[s:e]))
                    sent_rows.append((art_id, src, field_name, 0, s, e, text[s:e]))
                continue
            s_index = 0
            for p_index, (ps, pe) in enumerate(iter_lines(text)):
                para_rows.append((art_id, src, field_name, p_index, ps, pe, text[ps:pe]))
                for ss, se in iter_sentences(text, ps, pe):
                    sent_rows.append((art_id, src, field_name, s_index, ss, se, text[ss:se], p_index))
                    s_index += 1
    paragraphs = pd.DataFrame(para_rows, columns=SPAN_COLUMNS)
    sent_cols = SPAN_COLUMNS + ["paragraph"]
    sent_rows = [r if len(r) == 8 else (*r, 0) for r in sent_rows]
    sentences = pd.DataFrame(sent_rows, columns=sent_cols)
    for df in (paragraphs, sentences):
        for c in ("index", "start", "end"):
            df[c] = df[c].astype("int64")
    sentences["paragraph"] = sentences["paragraph"].astype("int64")
    return paragraphs, sentences
