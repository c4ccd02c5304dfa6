"""WARC crawls (`.warc`, `.warc.gz`): each HTML `response` record becomes an article.

Read with fastwarc (Bevendorff et al., Resiliparse; a streaming parser that reads one
record at a time, so a crawl file is never loaded whole, and that understands the
one-gzip-member-per-record layout crawlers such as Common Crawl write). For every record:

* a `response` whose HTTP status is 200 and whose payload is HTML (`text/html`,
  `application/xhtml+xml`) is extracted like a saved HTML page (copydesk/corpus/pages.py):
  `url` from `WARC-Target-URI`, `id` from the URL (else the record id), `source` from the
  page's site name or else the URL's host, `published` from the page or else `WARC-Date`;
* every other record (warcinfo, request, metadata, revisit, non-HTML responses, HTTP
  errors and redirects) is no article and no error: it is counted as skipped, by reason;
* a record that cannot be parsed (truncated, no Content-Length, an HTTP block without a
  status line) or whose page has no main text is an ingest error naming the file and the
  record's byte offset in the file (the offset of its gzip member in a `.warc.gz`).
Findings in WARC pages are located by file and record offset (`extra["warc_offset"]`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from copydesk.model import Article, IngestError

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class SkippedRecord:
    """A record that is not an article (and not an error): counted in the report by reason."""

    file: str
    offset: int
    reason: str


def _article_id(url: str | None, record_id: str | None, offset: int) -> str:
    """The URL without its scheme (stable across crawls of the same page), else the record id."""
    if url:
        parts = urlsplit(url)
        ident = parts.netloc + parts.path.rstrip("/")
        if parts.query:
            ident += "?" + parts.query
        if ident:
            return ident
    if record_id:
        return record_id.strip("<>")
    return f"record@{offset}"


def read_warc(path: Path, max_record_bytes: int, display: str) -> Iterator[Article | IngestError | SkippedRecord]:
    """Articles, ingest errors and skipped records of one WARC file, streamed."""
    from fastwarc.warc import ArchiveIterator

    from copydesk.corpus.pages import article_from_html

    last = 0
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield IngestError(display, None, str(exc))
        return
    with fh:
        try:
            for record in ArchiveIterator(fh, parse_http=False, auto_decode="all"):
                last = offset = int(record.stream_pos)
                where = f"record at byte {offset}"
                kind = (record.headers.get("WARC-Type") or "unknown").strip().lower()
                declared = record.headers.get("Content-Length")
                if declared is None or not declared.strip().isdigit():
                    yield IngestError(display, None, f"{where}: unreadable WARC record (no valid Content-Length)")
                    continue
                if int(declared) > max_record_bytes:
                    record.reader.consume()
                    yield IngestError(display, None, f"{where}: {int(declared):,} bytes, over the "
                                                     f"{max_record_bytes:,}-byte record limit (max_record_bytes)")
                    continue
                if kind != "response":
                    record.reader.consume()
                    yield SkippedRecord(display, offset, f"{kind} record")
                    continue
                record.parse_http()
                http = record.http_headers
                payload = record.reader.read()
                if http is None or len(payload) < record.content_length:
                    yield IngestError(display, None, f"{where}: truncated or malformed response record "
                                                     f"(HTTP block {'unreadable' if http is None else 'cut short'})")
                    continue
                status = int(http.status_code or 0)
                if status != 200:
                    yield SkippedRecord(display, offset, f"HTTP {status} response")
                    continue
                ctype = (record.http_content_type or "").split(";")[0].strip().lower()
                if ctype not in HTML_TYPES:
                    yield SkippedRecord(display, offset, f"non-HTML response ({ctype or 'no content type'})")
                    continue
                url = record.headers.get("WARC-Target-URI") or None
                item = article_from_html(
                    payload, default_id=_article_id(url, record.record_id, offset), file=display, url=url,
                    source=urlsplit(url).hostname if url else None,
                    published=record.headers.get("WARC-Date") or None,
                    extra={"warc_offset": offset, "warc_record_id": record.record_id},
                )
                if isinstance(item, IngestError):
                    item.error = f"{where}: {item.error}"
                yield item
        except (OSError, ValueError) as exc:  # a broken gzip member or record framing
            yield IngestError(display, None, f"WARC stream unreadable after the record at byte {last}: {exc}")
