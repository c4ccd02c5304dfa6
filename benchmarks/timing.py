"""Timing harness for the closing notes: `copydesk --help`, `copydesk check` on seeds/ and on
../shared/data/perf.jsonl (articles/s, words/s, peak memory), and per-family validator
throughput on perf.jsonl on one core (validators alone, corpus context included).

Usage: python benchmarks/timing.py [--data DIR] [--skip-cli]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def timed(cmd: list[str], repeat: int = 1) -> tuple[float, int]:
    best, code = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        code = subprocess.run(cmd, capture_output=True, cwd=ROOT).returncode
        best = min(best, time.perf_counter() - start)
    return best, code


def child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--skip-cli", action="store_true")
    args = parser.parse_args()
    exe = [sys.executable, "-m", "copydesk.cli"]
    perf = args.data / "perf.jsonl"
    if not args.skip_cli:
        t, _ = timed(exe + ["--help"], repeat=5)
        print(f"copydesk --help: {t:.3f} s (best of 5)")
        probe = "import sys, copydesk.cli; print('great_expectations' in sys.modules)"
        gx_loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip()
        print(f"  great_expectations imported by the CLI module: {gx_loaded}")
        t, code = timed(exe + ["check", "seeds/", "--no-docs", "--quiet", "-f", "json", "-o", "/tmp/seeds.json"])
        print(f"copydesk check seeds/ --no-docs: {t:.2f} s (exit {code})")
        t, code = timed(exe + ["check", "seeds/", "--quiet", "--docs-dir", "/tmp/copydesk-docs"])
        print(f"copydesk check seeds/ with Data Docs: {t:.2f} s (exit {code})")
        if perf.exists():
            t, code = timed(exe + ["check", str(perf), "--quiet", "-f", "json", "-o", "/tmp/perf.json",
                                   "--docs-dir", "/tmp/copydesk-perf-docs"])
            print(f"copydesk check perf.jsonl (12,865 articles) with Data Docs: {t:.1f} s, "
                  f"{12865 / t:,.0f} articles/s, peak RSS {child_peak_mb():,.0f} MB (exit {code})")
    if not perf.exists():
        return
    from copydesk.corpus import load_corpus
    from copydesk.validators import all_validators

    start = time.perf_counter()
    corpus = load_corpus([perf])
    load = time.perf_counter() - start
    words = corpus.word_count
    print(f"ingest perf.jsonl: {load:.2f} s ({words / load:,.0f} words/s, {words:,} words)")
    for check, cls in sorted(all_validators().items()):
        start = time.perf_counter()
        found = cls().run(corpus)
        elapsed = time.perf_counter() - start
        print(f"  {check:12s} {elapsed:6.2f} s  {words / elapsed:>12,.0f} words/s  ({len(found)} findings)")


if __name__ == "__main__":
    main()
