"""Boilerplate precision/recall on ../shared/data (scored as its README says).

Usage: python benchmarks/boilerplate_eval.py [DATA_DIR]   (default ../shared/data)
Prints per-part precision/recall/F1, findings per 10k words on clean.jsonl, and speed
on perf.jsonl. Reads the evaluation data in place; nothing is copied.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from copydesk.corpus import load_corpus
from copydesk.validators.boilerplate import BoilerplateValidator

DATA = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "data")


def covered(spans, start, end):
    cov = 0
    for s, e in spans:
        cov += max(0, min(e, end) - max(s, start))
    return cov


def main() -> None:
    corpus = load_corpus([DATA / "boilerplate.jsonl"])
    findings = BoilerplateValidator().run(corpus)
    gold = [json.loads(line) for line in open(DATA / "boilerplate.gold.jsonl")]
    by_article = defaultdict(list)
    for f in findings:
        if f.field == "body":
            by_article[f.article_id].append((f.start, f.end))
    gold_by_article = defaultdict(list)
    for g in gold:
        gold_by_article[g["article_id"]].append(g)
    for part, prefix in (("injection", "bpi-"), ("residual", "bpr-")):
        lines = [g for g in gold if g["part"] == part]
        found = sum(
            covered(by_article[g["article_id"]], g["start"], g["end"]) >= 0.5 * (g["end"] - g["start"])
            for g in lines
        )
        part_findings = [f for f in findings if f.article_id.startswith(prefix)]
        false = [
            f for f in part_findings
            if not any(f.start < g["end"] and g["start"] < f.end for g in gold_by_article[f.article_id])
        ]
        p = 1 - len(false) / len(part_findings) if part_findings else 0.0
        r = found / len(lines)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{part:9s} precision {p:.3f} recall {r:.3f} F1 {f1:.3f} "
              f"(findings {len(part_findings)}, false {len(false)}, gold lines {len(lines)})")
        if "-v" in sys.argv:
            for f in false[:40]:
                print("   FALSE", f.rule, repr(f.text[:100]))
    clean = load_corpus([DATA / "clean.jsonl"])
    cf = BoilerplateValidator().run(clean)
    print(f"clean: {len(cf)} findings, {len(cf) / clean.word_count * 1e4:.2f} per 10k words")
    if "-v" in sys.argv:
        for f in cf[:40]:
            print("   CLEAN", f.rule, repr(f.text[:100]))
    perf = load_corpus([DATA / "perf.jsonl"])
    t = time.perf_counter()
    pf = BoilerplateValidator().run(perf)
    dt = time.perf_counter() - t
    print(f"perf: {perf.word_count / dt:,.0f} words/s ({dt:.2f} s, {len(pf)} findings)")


if __name__ == "__main__":
    main()
