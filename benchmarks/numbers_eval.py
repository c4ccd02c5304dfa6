"""Accuracy and speed of the `numbers` check on the dev evaluation set.

Usage:
    python benchmarks/numbers_eval.py [DATA_DIR] [--dump FILE] [--set KEY=VALUE ...]

DATA_DIR defaults to $COPYDESK_DATA or /work/shared/data. Scores exactly as the data
README says (article level):
  * recall           share of `inconsistent` articles in numbers.jsonl with any numbers finding
  * false-flag rate  share of `consistent` articles with any numbers finding
  * flags / 10k words on clean.jsonl (words = whitespace tokens of title + lede + body)
  * words/s of NumbersValidator.run alone on perf.jsonl, one core (corpus loaded first)
Also: how often the finding in an inconsistent article overlaps the changed title number,
and findings by rule. `--dump FILE` writes every finding (with gold label) as JSON lines.
`--set` overrides a validator setting (value parsed as JSON when it can be).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from copydesk.corpus import load_corpus  # noqa: E402
from copydesk.validators.numbers import NumbersValidator  # noqa: E402


def _parse_args(argv: list[str]) -> tuple[Path, Path | None, dict]:
    data = Path(os.environ.get("COPYDESK_DATA", "/work/shared/data"))
    dump = None
    settings: dict = {}
    it = iter(argv)
    for arg in it:
        if arg == "--dump":
            dump = Path(next(it))
        elif arg == "--set":
            key, _, raw = next(it).partition("=")
            try:
                settings[key] = json.loads(raw)
            except json.JSONDecodeError:
                settings[key] = raw
        else:
            data = Path(arg)
    return data, dump, settings


def main(argv: list[str]) -> int:
    data, dump, settings = _parse_args(argv)
    validator = NumbersValidator(**settings)
    dump_rows = []

    # --- numbers.jsonl: recall / false flags -------------------------------------
    gold = {}
    with open(data / "numbers.gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            gold[row["article_id"]] = row
    corpus = load_corpus([data / "numbers.jsonl"])
    t0 = time.perf_counter()
    findings = validator.run(corpus)
    t_numbers = time.perf_counter() - t0
    by_article: dict[str, list] = {}
    for f in findings:
        by_article.setdefault(f.article_id, []).append(f)
        row = gold.get(f.article_id, {})
        dump_rows.append({"set": "numbers", "label": row.get("label"), **f.to_dict()})
    inc = [g for g in gold.values() if g["label"] == "inconsistent"]
    con = [g for g in gold.values() if g["label"] == "consistent"]
    hit = [g for g in inc if g["article_id"] in by_article]
    on_span = [
        g for g in hit
        if any(f.field == g.get("field", "title") and f.start < g["end"] and g["start"] < f.end
               for f in by_article[g["article_id"]])
    ]
    false = [g for g in con if g["article_id"] in by_article]
    print(f"numbers.jsonl  ({len(corpus.articles)} articles, {corpus.word_count:,} words, {t_numbers:.2f}s)")
    print(f"  recall (inconsistent with any finding)  {len(hit) / len(inc):.3f}  ({len(hit)}/{len(inc)})")
    print(f"  ... finding on the changed number       {len(on_span) / len(inc):.3f}  ({len(on_span)}/{len(inc)})")
    print(f"  false-flag rate (consistent)            {len(false) / len(con):.3f}  ({len(false)}/{len(con)})")
    print(f"  findings by rule: {dict(Counter(f.rule for f in findings))}")

    # --- clean.jsonl: flags per 10k words ------------------------------------------
    clean = load_corpus([data / "clean.jsonl"])
    cf = validator.run(clean)
    words = clean.word_count
    for f in cf:
        dump_rows.append({"set": "clean", **f.to_dict()})
    print(f"clean.jsonl  ({len(clean.articles)} articles, {words:,} words)")
    print(f"  numbers findings per 10k words          {len(cf) / words * 1e4:.2f}  ({len(cf)} findings)")
    print(f"  findings by rule: {dict(Counter(f.rule for f in cf))}")

    # --- perf.jsonl: throughput -----------------------------------------------------
    perf_path = data / "perf.jsonl"
    if perf_path.exists():
        perf = load_corpus([perf_path])
        pwords = perf.word_count
        best = best_cpu = float("inf")
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            pf = validator.run(perf)
            best = min(best, time.perf_counter() - t0)
            best_cpu = min(best_cpu, time.process_time() - c0)
        print(f"perf.jsonl  ({len(perf.articles)} articles, {pwords:,} words)")
        print(f"  throughput {pwords / best:,.0f} words/s wall ({best:.2f}s), "
              f"{pwords / best_cpu:,.0f} words/s CPU ({best_cpu:.2f}s); best of 3, one process")
        print(f"  {len(pf)} findings, {len(pf) / pwords * 1e4:.2f} per 10k words")

    if dump:
        with open(dump, "w", encoding="utf-8") as fh:
            for row in dump_rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
