"""Scale run: `copydesk check` on N articles (default 100,000) built from perf.jsonl.

perf.jsonl has 12,865 articles; copy k of it is given ids `<id>~k` and source
`<source>-k`, so per-source context (repeated lines) is that of one real outlet and
nothing is flagged just for being a copy. Reports wall time, articles/s and peak RSS.

Usage: python benchmarks/scale.py [N] [--data DIR] [--docs]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_corpus(n: int, data: Path, out: Path) -> None:
    """Write n articles to `out` (JSONL): perf.jsonl repeated, copy k with ids `<id>~k`."""
    base = [json.loads(line) for line in open(data / "perf.jsonl", encoding="utf-8")]
    with open(out, "w", encoding="utf-8") as fh:
        for i in range(n):
            copy, rec = divmod(i, len(base))
            art = dict(base[rec])
            art["id"] = f"{art['id']}~{copy}"
            art["source"] = f"{art.get('source') or 'unknown'}-{copy}"
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--docs", action="store_true", help="also build Data Docs")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="copydesk-scale-"))
    corpus = tmp / "corpus.jsonl"
    build_corpus(args.n, args.data, corpus)
    cmd = [sys.executable, "-m", "copydesk.cli", "check", str(corpus), "-q", "-f", "json",
           "-o", str(tmp / "report.json")] + (["--docs-dir", str(tmp / "docs")] if args.docs else ["--no-docs"])
    start = time.perf_counter()
    code = subprocess.run(cmd).returncode
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report = json.loads((tmp / "report.json").read_text())
    print(f"{args.n:,} articles ({report['corpus']['words']:,} words): {elapsed:.1f} s, "
          f"{args.n / elapsed:,.0f} articles/s, peak RSS {peak:,.0f} MB, exit {code}, "
          f"{len(report['findings']):,} findings")


if __name__ == "__main__":
    main()
