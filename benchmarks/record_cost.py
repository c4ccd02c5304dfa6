"""Cost of one huge record: time and peak RSS of `copydesk check --no-docs` per record size.

One JSONL record of the requested size is built from perf.jsonl's bodies (paragraphs of
real news, joined by blank lines until the record reaches its size, so it carries the
findings of that many ordinary articles), plus 200 ordinary perf articles around it so
corpus-wide checks have context. Each run is a fresh subprocess; its peak RSS comes from
`os.wait4` (that child's own rusage, not the maximum over every child of this script).

Default: a 5 MB record (under the 10 MB default `max_record_bytes`), and a 50 MB record
twice -- with the default cap (must be one ingest error naming its size and the limit,
cheap) and with the cap raised to 64 MB (the whole record is checked, to show cost grows
linearly with size). `--articles N` instead runs benchmarks/scale.py's N-article corpus
(perf.jsonl repeated with new ids) and reports peak RSS per article.

Usage: python benchmarks/record_cost.py [--sizes 5,50] [--data DIR] [--articles N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000


def build_record_corpus(base: list[dict], size: int, out: Path, neighbours: int = 200) -> int:
    """Write `neighbours` ordinary articles plus one record whose JSON line is ~`size` bytes.

    Returns the byte length of the big record's line."""
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        body = base[i % len(base)]["body"]
        parts.append(body)
        total += len(json.dumps(body, ensure_ascii=False).encode()) + 4
        i += 1
    big = {"id": f"huge-{size // MB}mb", "title": "A record of many stories", "lede": "",
           "body": "\n\n".join(parts), "source": "bench", "url": None, "published": None}
    line = json.dumps(big, ensure_ascii=False)
    with open(out, "w", encoding="utf-8") as fh:
        for art in base[:neighbours]:
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
        fh.write(line + "\n")
    return len(line.encode())


def run_check(corpus: Path, workdir: Path, config: Path | None = None) -> dict:
    """One `copydesk check` in a subprocess: wall time, that child's peak RSS, exit code."""
    report = workdir / "report.json"
    cmd = [sys.executable, "-m", "copydesk.cli", "check", str(corpus), "-q", "--no-docs",
           "-f", "json", "-o", str(report)] + (["--config", str(config)] if config else [])
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=workdir, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    result = {"seconds": elapsed, "peak_rss_mb": usage.ru_maxrss / 1024,
              "exit": os.waitstatus_to_exitcode(status)}
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        result.update(articles=data["corpus"]["articles"], ingest_errors=data["corpus"]["ingest_errors"],
                      findings=len(data["findings"]))
    return result


def record_runs(base: list[dict], sizes: list[float], tmp: Path) -> None:
    raised = tmp / "raised.toml"
    raised.write_text("max_record_bytes = 64_000_000\n", encoding="utf-8")
    default = tmp / "default.toml"
    default.write_text("", encoding="utf-8")
    for size_mb in sizes:
        corpus = tmp / f"record-{size_mb:g}mb.jsonl"
        nbytes = build_record_corpus(base, int(size_mb * MB), corpus)
        configs = [("default cap", default)]
        if nbytes > 10 * MB:
            configs.append(("cap 64 MB", raised))
        for label, cfg in configs:
            r = run_check(corpus, tmp, cfg)
            big_errors = [e["error"] for e in r.get("ingest_errors", []) if "limit" in e["error"]]
            print(f"{nbytes / MB:6.1f} MB record, {label:11}: {r['seconds']:7.1f} s, peak RSS "
                  f"{r['peak_rss_mb']:7,.0f} MB, exit {r['exit']}, {r.get('articles')} articles, "
                  f"{r.get('findings')} findings" + (f"; ingest error: {big_errors[0]}" if big_errors else ""),
                  flush=True)


def article_run(n: int, data: Path) -> None:
    """benchmarks/scale.py's corpus of n articles, measured the same way."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from scale import build_corpus

    tmp = Path(tempfile.mkdtemp(prefix="copydesk-articles-"))
    corpus = tmp / "corpus.jsonl"
    build_corpus(n, data, corpus)
    r = run_check(corpus, tmp)
    print(f"{n:,} articles ({corpus.stat().st_size / MB:,.0f} MB): {r['seconds']:.1f} s, "
          f"{n / r['seconds']:,.0f} articles/s, peak RSS {r['peak_rss_mb']:,.0f} MB "
          f"({r['peak_rss_mb'] * 1024 / n:.1f} KB per article), exit {r['exit']}, {r.get('findings')} findings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="5,50", help="record sizes in MB, comma-separated")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--articles", type=int, default=0, help="instead: N ordinary articles (scale.py corpus)")
    args = parser.parse_args()
    if args.articles:
        article_run(args.articles, args.data)
        return
    base = [json.loads(line) for line in open(args.data / "perf.jsonl", encoding="utf-8")]
    tmp = Path(tempfile.mkdtemp(prefix="copydesk-record-"))
    record_runs(base, [float(s) for s in args.sizes.split(",")], tmp)


if __name__ == "__main__":
    main()
