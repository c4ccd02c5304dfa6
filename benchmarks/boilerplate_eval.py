"""Boilerplate precision/recall on ../shared/data, with the validator called directly
(faster to iterate than the end-to-end benchmarks/score.py, scored by the same code).

Besides the whole set, the scores are repeated for two halves of the articles, split by a
stable hash of the article id (sha256, even -> half A, odd -> half B). Rules are tuned on
half A; a change is kept only if it also helps half B (an overfitting guard: the release
set is built from other pages).

Usage: python benchmarks/boilerplate_eval.py [DATA_DIR] [-v] [--halves-only]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from copydesk.corpus import load_corpus
from copydesk.validators.boilerplate import BoilerplateValidator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score import DEFAULT_DATA, score_boilerplate, stable_half as half_of  # noqa: E402

args = [a for a in sys.argv[1:] if not a.startswith("-")]
DATA = Path(args[0]) if args else DEFAULT_DATA


def report_of(findings) -> dict:
    return {"findings": [f.to_dict() for f in findings]}


def score_half(findings, half: str) -> dict:
    """score_boilerplate on one half: the gold file and the findings restricted to its articles."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(DATA / "boilerplate.gold.jsonl", encoding="utf-8") as src, \
                open(Path(tmp) / "boilerplate.gold.jsonl", "w", encoding="utf-8") as dst:
            for line in src:
                if half_of(json.loads(line)["article_id"]) == half:
                    dst.write(line)
        kept = [f for f in findings if half_of(f.article_id) == half]
        return score_boilerplate(report_of(kept), Path(tmp))


def main() -> None:
    corpus = load_corpus([DATA / "boilerplate.jsonl"])
    findings = BoilerplateValidator().run(corpus)
    scores = {"all": score_boilerplate(report_of(findings), DATA)}
    for half in ("A", "B"):
        scores[half] = score_half(findings, half)
    for part in ("injection", "residual"):
        for half, s in scores.items():
            p, r, f1 = (s[f"{part} {m}"] for m in ("precision", "recall", "F1"))
            print(f"{part:9s} {half:3s}  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    if "--halves-only" in sys.argv:
        return
    clean = load_corpus([DATA / "clean.jsonl"])
    cf = BoilerplateValidator().run(clean)
    print(f"clean: {len(cf)} findings, {len(cf) / clean.word_count * 1e4:.2f} per 10k words")
    if "-v" in sys.argv:
        for f in cf[:40]:
            print("   CLEAN", f.rule, repr(f.text[:100]))
    perf = load_corpus([DATA / "perf.jsonl"])
    start = time.perf_counter()
    BoilerplateValidator().run(perf)
    elapsed = time.perf_counter() - start
    print(f"perf: {perf.word_count / elapsed:,.0f} words/s ({elapsed:.2f} s)")


if __name__ == "__main__":
    main()
