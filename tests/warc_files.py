"""Small WARC files built in the tests (no binary fixtures): records written by hand in
the WARC/1.0 layout (ISO 28500), one gzip member per record for `.warc.gz`."""

from __future__ import annotations

import gzip
from pathlib import Path

STORY = ("The city council voted on Tuesday to close two libraries, the mayor said. "
         "Officials said the closures would save money over three years. ") * 4


def page(title: str, text: str = STORY, furniture: str = "Share this story") -> bytes:
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav>"
            f"<article><h1>{title}</h1><p>{text}</p></article>"
            f"<footer><p>{furniture}</p></footer></body></html>").encode("utf-8")


def http_response(body: bytes, status: str = "200 OK", ctype: str = "text/html; charset=utf-8") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


def record(kind: str, block: bytes, uri: str = "", rid: int = 0, date: str = "2024-05-01T10:00:00Z",
           ctype: str = "application/http; msgtype=response") -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{rid:012d}>\r\n"
            f"Content-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def crawl_records() -> list[bytes]:
    """warcinfo, request, two HTML pages, an image, a 404 and a redirect."""
    return [
        record("warcinfo", b"software: copydesk-tests\r\n", ctype="application/warc-fields", rid=1),
        record("request", b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n", "https://news.example/a",
               rid=2, ctype="application/http; msgtype=request"),
        record("response", http_response(page("Council closes libraries")), "https://news.example/a", rid=3),
        record("response", http_response(page("Budget vote delayed", STORY.replace("libraries", "pools"))),
               "https://news.example/b", rid=4),
        record("response", http_response(b"\x89PNG....", ctype="image/png"), "https://news.example/logo.png", rid=5),
        record("response", http_response(b"<html>gone</html>", status="404 Not Found"), "https://news.example/c", rid=6),
        record("response", http_response(b"", status="301 Moved Permanently"), "https://news.example/d", rid=7),
    ]


def write_warc(path: Path, records: list[bytes], truncate_last: int | None = None) -> list[int]:
    """Write `records` (gzip members when the name ends .gz); with `truncate_last`, the
    last record is cut to that many bytes. Returns each record's byte offset."""
    compress = path.name.endswith(".gz")
    offsets, pos, chunks = [], 0, []
    for i, rec in enumerate(records):
        data = gzip.compress(rec) if compress else rec
        if truncate_last is not None and i == len(records) - 1:
            data = data[:truncate_last]
        offsets.append(pos)
        chunks.append(data)
        pos += len(data)
    path.write_bytes(b"".join(chunks))
    return offsets
