"""Boilerplate precision/recall on ../shared/data, with the validator called directly
(faster to iterate than the end-to-end benchmarks/score.py, scored by the same code).

Usage: python benchmarks/boilerplate_eval.py [DATA_DIR] [-v]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from copydesk.corpus import load_corpus
from copydesk.validators.boilerplate import BoilerplateValidator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score import DEFAULT_DATA, score_boilerplate  # noqa: E402

args = [a for a in sys.argv[1:] if not a.startswith("-")]
DATA = Path(args[0]) if args else DEFAULT_DATA


def report_of(findings) -> dict:
    return {"findings": [f.to_dict() for f in findings]}


def main() -> None:
    corpus = load_corpus([DATA / "boilerplate.jsonl"])
    findings = BoilerplateValidator().run(corpus)
    for key, value in score_boilerplate(report_of(findings), DATA).items():
        print(f"{key:24s} {value:.3f}")
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
