"""WARC reading throughput: pages/s and peak memory while reading a generated crawl.

Builds a `.warc.gz` of N HTML pages (one gzip member per record, with a request record
before each response, as crawlers write them), with the bodies of real articles from
../shared/data/perf.jsonl when it is there (synthetic text otherwise), wrapped in page
furniture (navigation, share bar, footer). Then, in a fresh process each:

* `read`: load_corpus on the file (WARC parsing, trafilatura extraction, tables), timed,
  with the child's peak RSS;
* `check`: `copydesk check FILE --no-docs -f json`, end to end (with --check).

Usage: python benchmarks/warc_throughput.py [--pages 10000] [--check] [--data DIR]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

from tests.warc_files import http_response, record  # noqa: E402  (the tests' WARC layout)


def bodies(data: Path, n: int) -> list[tuple[str, str]]:
    perf = data / "perf.jsonl"
    out: list[tuple[str, str]] = []
    if perf.exists():
        with open(perf, encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                out.append((a.get("title") or "Untitled", a["body"]))
                if len(out) == n:
                    break
    while len(out) < n:
        i = len(out)
        out.append((f"Council story {i}", f"The council met on day {i}, the clerk said.\n\nIt voted to close a pool."))
    return out


def page(title: str, body: str, site: int) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (f"<html><head><title>{html.escape(title)}</title></head><body>"
            f"<nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>{paras}</article>"
            f"<div class='share'>Share this story on social media</div>"
            f"<footer><p>Copyright 2024 Site {site}. All rights reserved.</p></footer></body></html>").encode()


def build(path: Path, n: int, data: Path) -> int:
    size = 0
    with open(path, "wb") as out:
        for i, (title, body) in enumerate(bodies(data, n)):
            uri = f"https://site{i % 20}.example/news/{i}"
            request = record("request", f"GET /news/{i} HTTP/1.1\r\nHost: site{i % 20}.example\r\n\r\n".encode(),
                             uri, rid=2 * i, ctype="application/http; msgtype=request")
            response = record("response", http_response(page(title, body, i % 20)), uri, rid=2 * i + 1)
            for rec in (request, response):
                member = gzip.compress(rec, compresslevel=6)
                out.write(member)
                size += len(member)
    return size


READ = """
import sys, time
from copydesk.corpus import load_corpus
t = time.perf_counter()
c = load_corpus([sys.argv[1]])
print(len(c.articles), len(c.ingest_errors), time.perf_counter() - t)
"""


def child(cmd: list[str]) -> tuple[str, float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr[-2000:])
    return proc.stdout, wall, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--check", action="store_true", help="also time a whole `copydesk check`")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "crawl.warc.gz"
        size = build(warc, args.pages, args.data)
        print(f"built {args.pages:,} pages ({2 * args.pages:,} records), {size / 1e6:.1f} MB gzip'd")
        out, wall, peak = child([sys.executable, "-c", READ, str(warc)])
        articles, errors, inner = out.split()
        print(f"read: {articles} articles, {errors} ingest errors in {float(inner):.1f} s "
              f"({int(articles) / float(inner):,.0f} pages/s; process {wall:.1f} s), peak RSS {peak:,.0f} MB")
        if args.check:
            out, wall, peak = child([sys.executable, "-m", "copydesk.cli", "check", str(warc), "--no-docs", "-q",
                                     "-f", f"json={Path(tmp) / 'r.json'}"])
            print(f"check: {wall:.1f} s end to end ({args.pages / wall:,.0f} pages/s), peak RSS {peak:,.0f} MB")


if __name__ == "__main__":
    main()
