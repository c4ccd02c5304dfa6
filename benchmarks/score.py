"""End-to-end scorer: run `copydesk check` on each evaluation set as a user would and score
the JSON reports exactly as ../shared/data/README.md defines the metrics.

Usage:
    python benchmarks/score.py [--data DIR] [--sets typos,boilerplate,...] [--keep DIR]

The data is read in place (default ../shared/data beside the repository); nothing is
copied. Each set is one `copydesk check SET.jsonl --format json --output R --no-docs` run,
timed; clean.jsonl gives the false-flag rates per 10k words for every family.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
FAMILIES = ("typos", "boilerplate", "attribution", "numbers")


def run_check(data: Path, name: str, out_dir: Path) -> tuple[dict, float]:
    report = out_dir / f"{name}.json"
    cmd = [sys.executable, "-m", "copydesk.cli", "check", str(data / f"{name}.jsonl"),
           "--format", "json", "--output", str(report), "--no-docs", "--quiet"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return json.loads(report.read_text()), elapsed


def stable_half(key: str) -> str:
    """Split items into halves "A" (tuning) and "B" (check) by the parity of sha256(key):
    stable across runs and machines, used by the per-check evals as an overfitting guard."""
    return "A" if int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "B"


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def words_of(articles: list[dict]) -> int:
    return sum(len((a.get(k) or "").split()) for a in articles for k in ("title", "lede", "body"))


def overlaps(f: dict, start: int, end: int, field: str = "body") -> bool:
    return f.get("field", "body") == field and f["start"] < end and start < f["end"]


def score_typos(report: dict, data: Path) -> dict:
    gold = load_jsonl(data / "typos.gold.jsonl")
    words = words_of(load_jsonl(data / "typos.jsonl"))
    by_article = defaultdict(list)
    for f in report["findings"]:
        if f["check"] == "typos":
            by_article[f["article_id"]].append(f)
    # per gold list (birkbeck, codespell) and hash half of the article id, beside the whole set
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # gold rows, found, right
    matched_ids = set()
    for g in gold:
        hits = [f for f in by_article[g["article_id"]]
                if f["text"].lower() == g["wrong"].lower() or overlaps(f, g["start"], g["end"])]
        keys = ["", f" {g['list']}", f" (half {stable_half(g['article_id'])})",
                f" {g['list']} (half {stable_half(g['article_id'])})"]
        for k in keys:
            tally[k][0] += 1
            if hits:
                tally[k][1] += 1
                tally[k][2] += any(f.get("suggestion") == g["right"] for f in hits)
        if hits:
            matched_ids.update(id(f) for f in hits)
    other = sum(1 for fs in by_article.values() for f in fs if id(f) not in matched_ids)
    out = {}
    for k in sorted(tally, key=lambda k: (k.count("half"), k)):
        n, found, correct = tally[k]
        out[f"recall{k}"] = found / n
        out[f"suggestion@1 (found){k}"] = correct / found if found else 0.0
        out[f"suggestion@1 (all){k}"] = correct / n
    out["other flags per 10k words"] = other / words * 1e4
    return out


def score_boilerplate(report: dict, data: Path) -> dict:
    gold = load_jsonl(data / "boilerplate.gold.jsonl")
    findings = [f for f in report["findings"] if f["check"] == "boilerplate"]
    by_article = defaultdict(list)
    for f in findings:
        by_article[f["article_id"]].append(f)
    gold_by_article = defaultdict(list)
    for g in gold:
        gold_by_article[g["article_id"]].append(g)
    out = {}
    for part, prefix in (("injection", "bpi-"), ("residual", "bpr-")):
        lines = [g for g in gold if g["part"] == part]
        found = 0
        for g in lines:
            cover = sum(max(0, min(f["end"], g["end"]) - max(f["start"], g["start"]))
                        for f in by_article[g["article_id"]] if f["field"] == "body")
            found += cover >= 0.5 * (g["end"] - g["start"])
        part_findings = [f for f in findings if f["article_id"].startswith(prefix)]
        false = sum(not any(overlaps(f, g["start"], g["end"]) for g in gold_by_article[f["article_id"]])
                    for f in part_findings)
        p = 1 - false / len(part_findings) if part_findings else 0.0
        r = found / len(lines) if lines else 0.0
        out[f"{part} precision"] = p
        out[f"{part} recall"] = r
        out[f"{part} F1"] = 2 * p * r / (p + r) if p + r else 0.0
    return out


def score_attribution(report: dict, data: Path) -> dict:
    gold = load_jsonl(data / "attribution.gold.jsonl")
    by_article = defaultdict(list)
    for f in report["findings"]:
        if f["check"] == "attribution":
            by_article[f["article_id"]].append(f)
    out = {}
    for label, name in (("removed", "recall removed"), ("no_source", "recall no_source"),
                        ("attributed", "false-flag rate attributed")):
        rows = [g for g in gold if g["label"] == label]
        hit = sum(any(overlaps(f, g["start"], g["end"]) for f in by_article[g["article_id"]]) for g in rows)
        out[name] = hit / len(rows) if rows else 0.0
    # The same recall with the original absent: the edited copies (the articles holding
    # `removed` rows) checked as a corpus of their own, in a temporary folder (never the
    # repository), as a single article shows a cut source. Halves split by article group:
    # an edited copy shares its title with its original (stable_half of the title).
    removed = [g for g in gold if g["label"] == "removed"]
    edited_ids = {g["article_id"] for g in removed}
    articles = load_jsonl(data / "attribution.jsonl")
    half = {a["id"]: stable_half(a.get("title") or "") for a in articles}
    with tempfile.TemporaryDirectory(prefix="copydesk-score-edited-") as tmp:
        with open(Path(tmp) / "edited.jsonl", "w", encoding="utf-8") as fh:
            for a in articles:
                if a["id"] in edited_ids:
                    fh.write(json.dumps(a) + "\n")
        alone, _ = run_check(Path(tmp), "edited", Path(tmp))
    alone_by = defaultdict(list)
    for f in alone["findings"]:
        if f["check"] == "attribution":
            alone_by[f["article_id"]].append(f)
    for part in ("all", "A", "B"):
        rows = [g for g in removed if part == "all" or half[g["article_id"]] == part]
        hit = sum(any(overlaps(f, g["start"], g["end"]) for f in alone_by[g["article_id"]]) for g in rows)
        suffix = "" if part == "all" else f" (half {part})"
        out[f"recall removed, original absent{suffix}"] = hit / len(rows) if rows else 0.0
    return out


def score_numbers(report: dict, data: Path) -> dict:
    gold = load_jsonl(data / "numbers.gold.jsonl")
    flagged = {f["article_id"] for f in report["findings"] if f["check"] == "numbers"}
    # halves by the body (a changed copy shares its body with the real headline's article)
    half = {a["id"]: stable_half(a.get("body") or "") for a in load_jsonl(data / "numbers.jsonl")}
    out = {}
    for name, keep in (("", lambda g: True), (" (half A)", lambda g: half[g["article_id"]] == "A"),
                       (" (half B)", lambda g: half[g["article_id"]] == "B")):
        inconsistent = [g for g in gold if g["label"] == "inconsistent" and keep(g)]
        consistent = [g for g in gold if g["label"] == "consistent" and keep(g)]
        out[f"recall inconsistent{name}"] = sum(g["article_id"] in flagged for g in inconsistent) / len(inconsistent)
        out[f"false-flag rate consistent{name}"] = (sum(g["article_id"] in flagged for g in consistent)
                                                    / len(consistent))
    return out


SCORERS = {"typos": score_typos, "boilerplate": score_boilerplate,
           "attribution": score_attribution, "numbers": score_numbers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sets", default=",".join(FAMILIES + ("clean", "perf")))
    parser.add_argument("--keep", type=Path, help="keep the JSON reports in this folder")
    args = parser.parse_args()
    if not (args.data / "clean.jsonl").exists():
        raise SystemExit(f"{args.data}: evaluation data not found (pass --data)")
    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="copydesk-score-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = args.sets.split(",")
    results: dict[str, dict] = {}
    for name in wanted:
        report, elapsed = run_check(args.data, name, out_dir)
        words = report["corpus"].get("words") or words_of(load_jsonl(args.data / f"{name}.jsonl"))
        timing = {"seconds": elapsed, "articles/s": report["corpus"]["articles"] / elapsed,
                  "words/s": words / elapsed, "ingest errors": len(report["corpus"]["ingest_errors"])}
        if name in SCORERS:
            results[name] = {**SCORERS[name](report, args.data), **timing}
        elif name == "clean":
            counts = defaultdict(int)
            for f in report["findings"]:
                counts[f["check"]] += 1
            rates = {f"{fam} per 10k words": counts[fam] / words * 1e4 for fam in FAMILIES}
            rates["total per 10k words"] = sum(counts.values()) / words * 1e4
            results[name] = {**rates, **timing}
        else:
            results[name] = timing
    for name, metrics in results.items():
        print(f"\n{name}")
        for key, value in metrics.items():
            shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
            print(f"  {key:32s} {shown}")
    print(f"\nreports in {out_dir}")


if __name__ == "__main__":
    main()
