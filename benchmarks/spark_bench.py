"""The Spark engine against the pandas engine: identical findings, speed-up, overhead, memory.

    python benchmarks/spark_bench.py seeds            # seeds/: both engines, findings compared
    python benchmarks/spark_bench.py slice [N]        # the first N (3,000) articles of perf.jsonl
    python benchmarks/spark_bench.py scaling          # perf.jsonl: pandas, Spark local[1], local[2]
    python benchmarks/spark_bench.py million [N]      # perf.jsonl repeated under new ids and
                                                      # sources to N (1,000,000) articles, local[2]

Each run is `copydesk check ... -f json=...` in a subprocess (the CLI users run), timed
wall-clock, with the peak resident memory of the driver's Python process and of the
driver's JVM sampled every 0.2 s (psutil). Findings are compared as the JSON reports give
them (every field, in order). Results are appended as JSON lines to
benchmarks/spark_bench.jsonl. Spark runs read JSONL with Spark (COPYDESK_SPARK_READ=spark)
so the driver never holds the corpus.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("COPYDESK_DATA", ROOT.parent / "shared" / "data"))
PERF = DATA / "perf.jsonl"
OUT = ROOT / "benchmarks" / "spark_bench.jsonl"
PY = sys.executable


def _sample(proc: psutil.Process, peaks: dict, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            py = proc.memory_info().rss
            jvm = sum(c.memory_info().rss for c in proc.children(recursive=True) if "java" in c.name())
            peaks["driver_python"] = max(peaks.get("driver_python", 0), py)
            peaks["driver_jvm"] = max(peaks.get("driver_jvm", 0), jvm)
        except psutil.Error:
            pass
        stop.wait(0.2)


def run_check(path: Path, engine: str, master: str | None, report: Path, cwd: Path) -> dict:
    cmd = [PY, "-m", "copydesk.cli", "check", str(path), "--engine", engine, "-f", f"json={report}", "--no-docs",
           "-q"]
    if master:
        cmd += ["--spark-master", master]
    env = dict(os.environ, COPYDESK_SPARK_READ="spark")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks: dict = {}
    stop = threading.Event()
    sampler = threading.Thread(target=_sample, args=(psutil.Process(proc.pid), peaks, stop), daemon=True)
    sampler.start()
    _, err = proc.communicate()
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1) or not report.exists():  # 1 is "findings"; no report: it failed
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    return {"engine": engine, "master": master, "seconds": round(seconds, 1),
            "peak_rss_mb": {k: round(v / 2 ** 20) for k, v in peaks.items()},
            "articles": data["corpus"]["articles"], "findings": len(data["findings"]), "report": data}


def compare(label: str, path: Path, masters: list[str | None], cwd: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        runs = [run_check(path, "pandas", None, Path(tmp) / "pandas.json", cwd)]
        for master in masters:
            runs.append(run_check(path, "spark", master, Path(tmp) / f"spark-{len(runs)}.json", cwd))
    base = runs[0]["report"]
    result = {"bench": label, "input": str(path), "articles": runs[0]["articles"], "runs": []}
    for run in runs:
        report = run.pop("report")
        run["identical_findings"] = report["findings"] == base["findings"]
        run["identical_outcomes"] = [(e["expectation"], e["success"], e["unexpected_count"])
                                     for e in report["expectations"]] == \
            [(e["expectation"], e["success"], e["unexpected_count"]) for e in base["expectations"]]
        result["runs"].append(run)
    spark = {r["master"]: r["seconds"] for r in result["runs"] if r["engine"] == "spark"}
    if "local[1]" in spark and "local[2]" in spark:
        result["speedup_local2_over_local1"] = round(spark["local[1]"] / spark["local[2]"], 2)
    for master, seconds in spark.items():
        result[f"overhead_{master}_over_pandas"] = round(seconds / runs[0]["seconds"], 2)
    return result


def write(result: dict) -> None:
    print(json.dumps(result, indent=1))
    with OUT.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(dict(result, when=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))) + "\n")


def sliced(n: int, folder: Path) -> Path:
    path = folder / f"perf-{n}.jsonl"
    with PERF.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return path


def million(n: int, folder: Path) -> Path:
    """perf.jsonl repeated under new ids (`<id>~r<k>`) and sources (`<source>-r<k>`, so a
    source's repeated lines stay within one copy) to `n` articles."""
    records = [json.loads(line) for line in PERF.open(encoding="utf-8") if line.strip()]
    path = folder / f"perf-x{n}.jsonl"
    with path.open("w", encoding="utf-8") as dst:
        written, k = 0, 0
        while written < n:
            for r in records:
                if written >= n:
                    break
                copy = dict(r, id=f"{r.get('id')}~r{k}")
                copy["source"] = f"{r.get('source') or 'unknown'}-r{k}"
                dst.write(json.dumps(copy, ensure_ascii=False) + "\n")
                written += 1
            k += 1
    return path


def main(argv: list[str]) -> None:
    what = argv[0] if argv else "seeds"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if what == "seeds":
            write(compare("seeds", ROOT / "seeds", ["local[2]"], ROOT))
        elif what == "slice":
            n = int(argv[1]) if len(argv) > 1 else 3000
            write(compare(f"perf-slice-{n}", sliced(n, folder), ["local[2]"], folder))
        elif what == "scaling":
            write(compare("perf-scaling", PERF, ["local[1]", "local[2]"], PERF.parent))
        elif what == "million":
            n = int(argv[1]) if len(argv) > 1 else 1_000_000
            path = million(n, Path(os.environ.get("COPYDESK_BENCH_TMP", tmp)))
            run = run_check(path, "spark", "local[2]", folder / "spark.json", path.parent)
            report = run.pop("report")
            write({"bench": f"synthetic-{n}", "input": str(path), "runs": [run],
                   "by_check": report["summary"]["by_check"]})
        else:
            raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
