"""Speed benchmark (issue: the whole suite against a bare spell-checker scan), run by hand.

Builds an N-article corpus from ../shared/data/perf.jsonl (benchmarks/scale.py: copy k of
each article gets id `<id>~k` and source `<source>-k`), then alternates, in one time window:

* the bare scan a user might run instead: one `spellchecker.SpellChecker()` (pyspellchecker,
  `pip install -e .[bench]`; not a copydesk dependency) and `.unknown(words)` per
  article over title, lede and body, as a whole process;
* `copydesk check CORPUS -f json -o R --docs-dir D` end to end (Data Docs included; `--no-docs`
  leaves them out), as a whole process.

Each run's wall time, CPU time (its own and its workers') and peak RSS of its largest
process come from wait4(); the peak summed RSS of its process tree is sampled (psutil);
words/s use one word count (whitespace-separated tokens of title, lede and body). The ratio
is copydesk's words/s over the scan's, per alternating pair, and its median. A last
in-process run splits copydesk's time by stage (load, each family, each suite, reports,
Data Docs).

Usage: python benchmarks/speed.py [N] [--data DIR] [--pairs 3] [--jobs J] [--no-docs] [--stages-only]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import build_corpus  # noqa: E402

SCAN = r"""
import json, sys
from spellchecker import SpellChecker
spell = SpellChecker()
unknown = 0
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        art = json.loads(line)
        text = " ".join(art.get(k) or "" for k in ("title", "lede", "body"))
        unknown += len(spell.unknown(spell.split_words(text)))
print(unknown)
"""


def _tree_rss(pid: int, peak: list[int], stop: threading.Event) -> None:
    """Peak of the summed RSS of a process and its descendants, sampled every 0.2 s: an
    upper bound on the memory of a run with workers (pages a fork shares count in each)."""
    try:
        import psutil
        root = psutil.Process(pid)
    except Exception:  # noqa: BLE001 - no psutil (the bench extra) or the process is gone: no figure
        return
    while not stop.is_set():
        try:
            total = root.memory_info().rss + sum(c.memory_info().rss for c in root.children(recursive=True))
            peak[0] = max(peak[0], total)
        except Exception:  # noqa: BLE001 - a worker ended between listing and reading
            pass
        stop.wait(0.2)


def measured(cmd: list[str]) -> dict:
    """Wall, CPU (with waited-for workers), peak RSS of the largest process (wait4) and
    peak summed RSS of the process tree (sampled) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak, stop = [0], threading.Event()
    sampler = threading.Thread(target=_tree_rss, args=(proc.pid, peak, stop), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "tree_mb": peak[0] / 2 ** 20}


def count_words(path: Path) -> int:
    with open(path, encoding="utf-8") as fh:
        return sum(len(" ".join(a.get(k) or "" for k in ("title", "lede", "body")).split())
                   for a in map(json.loads, fh))


def stages(corpus: Path, out: Path, jobs: int | None, docs: bool) -> list[tuple[str, float]]:
    """copydesk check in this process, with a timer on each stage."""
    import copydesk.cli as cli
    from copydesk import engine
    from copydesk.backends.gx import datadocs, validate
    from copydesk.run import RunContext

    spent: list[tuple[str, float]] = []

    def timed(label, fn):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                name = label(*args, **kwargs) if callable(label) else label
                spent.append((name, time.perf_counter() - start))
        return wrapper

    cli._load = timed("load corpus (read, tables)", cli._load)
    cli._emit = timed(lambda name, *a, **k: f"report: {name}", cli._emit)
    RunContext.findings = timed(lambda self, check, settings=None: f"family: {check}", RunContext.findings)
    validate.Validation.validate = timed(lambda self, name, *a: f"GX suite: {name}", validate.Validation.validate)
    validate.Validation.build_docs = timed("GX Data Docs", validate.Validation.build_docs)
    engine.build_suites = timed("GX import and suites", engine.build_suites)
    datadocs.add_editor_pages = timed("Data Docs: editor pages", datadocs.add_editor_pages)
    datadocs.localize_site = timed("Data Docs: offline assets", datadocs.localize_site)
    args = ["check", str(corpus), "-q", "-f", "json", "-o", str(out / "stages.json")]
    args += ["--docs-dir", str(out / "docs-stages")] if docs else ["--no-docs"]
    if jobs is not None:
        args += ["--jobs", str(jobs)]
    start = time.perf_counter()
    try:
        cli.app(args, standalone_mode=False)
    except SystemExit:
        pass
    spent.append(("total (in process, no interpreter start or exit)", time.perf_counter() - start))
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--pairs", type=int, default=3, help="alternating scan/copydesk pairs")
    parser.add_argument("--jobs", type=int, default=None, help="copydesk --jobs (default: copydesk's)")
    parser.add_argument("--no-docs", action="store_true")
    parser.add_argument("--stages-only", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="copydesk-speed-"))
    corpus = tmp / "corpus.jsonl"
    build_corpus(args.n, args.data, corpus)
    words = count_words(corpus)
    print(f"{args.n:,} articles, {words:,} words ({corpus.stat().st_size / 1e6:.0f} MB) in {tmp}")
    docs = not args.no_docs
    check = [sys.executable, "-m", "copydesk.cli", "check", str(corpus), "-q", "-f", "json",
             "-o", str(tmp / "report.json")] + (["--docs-dir", str(tmp / "docs")] if docs else ["--no-docs"])
    if args.jobs is not None:
        check += ["--jobs", str(args.jobs)]
    scan = [sys.executable, "-c", SCAN, str(corpus)]
    if not args.stages_only:
        ratios = []
        print(f"{'run':<10} {'wall s':>8} {'words/s':>10} {'CPU/wall':>8} {'peak MB':>8} {'tree MB':>8}")
        for i in range(args.pairs):
            pair = {}
            for name, cmd in (("scan", scan), ("copydesk", check)):
                m = measured(cmd)
                pair[name] = words / m["wall"]
                print(f"{name:<10} {m['wall']:>8.1f} {pair[name]:>10,.0f} {m['cpu'] / m['wall']:>8.2f} "
                      f"{m['rss_mb']:>8,.0f} {m['tree_mb']:>8,.0f}", flush=True)
            ratios.append(pair["copydesk"] / pair["scan"])
        print(f"copydesk / scan words/s: median {statistics.median(ratios):.2f} "
              f"(pairs: {', '.join(f'{r:.2f}' for r in ratios)})")
    spent = stages(corpus, tmp, args.jobs, docs)
    total = spent[-1][1]
    merged: dict[str, float] = {}
    for name, seconds in spent[:-1]:
        merged[name] = merged.get(name, 0.0) + seconds
    print(f"\n{'stage':<52} {'s':>8} {'share':>6}")
    for name, seconds in sorted(merged.items(), key=lambda kv: -kv[1]):
        print(f"{name:<52} {seconds:>8.2f} {seconds / total:>6.0%}")
    print(f"{spent[-1][0]:<52} {total:>8.2f}")


if __name__ == "__main__":
    main()
