"""Accuracy and speed of the `numbers` check on the dev evaluation set.

Usage:
    python benchmarks/numbers_eval.py [DATA_DIR] [--dump FILE] [--set KEY=VALUE ...] [--half A|B]

DATA_DIR defaults to $COPYDESK_DATA or /work/shared/data. Scores exactly as the data
README says (article level):
  * recall           share of `inconsistent` articles in numbers.jsonl with any numbers finding
  * false-flag rate  share of `consistent` articles with any numbers finding
  * flags / 10k words on clean.jsonl (words = whitespace tokens of title + lede + body)
  * words/s of NumbersValidator.run alone on perf.jsonl, one core (corpus loaded first)
Also: how often the finding in an inconsistent article overlaps the changed title number,
and findings by rule. `--dump FILE` writes every finding (with gold label) as JSON lines.
`--set` overrides a validator setting (value parsed as JSON when it can be).

Recall and false-flag rate are also given for two halves of numbers.jsonl, split by a
stable hash of the article *body* (sha256, even -> A, odd -> B). NumHG's changed copies
share their body with the real headline's article, so a split by article id would put the
two sides of one story in different halves; splitting by body keeps each story in one.
Rules are developed on half A; a change is kept only if it does not hurt half B.
`--half A|B` scores (and dumps) only that half of numbers.jsonl.
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

sys.path.insert(0, str(ROOT / "benchmarks"))
from score import stable_half  # noqa: E402


def _parse_args(argv: list[str]) -> tuple[Path, Path | None, dict, str | None]:
    data = Path(os.environ.get("COPYDESK_DATA", "/work/shared/data"))
    dump = None
    half = None
    settings: dict = {}
    it = iter(argv)
    for arg in it:
        if arg == "--dump":
            dump = Path(next(it))
        elif arg == "--half":
            half = next(it).upper()
            if half not in ("A", "B"):
                raise SystemExit("--half takes A or B")
        elif arg == "--set":
            key, _, raw = next(it).partition("=")
            try:
                settings[key] = json.loads(raw)
            except json.JSONDecodeError:
                settings[key] = raw
        else:
            data = Path(arg)
    return data, dump, settings, half


def _rates(gold: list[dict], by_article: dict) -> tuple[str, str]:
    inc = [g for g in gold if g["label"] == "inconsistent"]
    con = [g for g in gold if g["label"] == "consistent"]
    hit = sum(g["article_id"] in by_article for g in inc)
    false = sum(g["article_id"] in by_article for g in con)
    return (f"{hit / max(len(inc), 1):.3f} ({hit}/{len(inc)})",
            f"{false / max(len(con), 1):.3f} ({false}/{len(con)})")


def main(argv: list[str]) -> int:
    data, dump, settings, only_half = _parse_args(argv)
    validator = NumbersValidator(**settings)
    dump_rows = []

    # --- numbers.jsonl: recall / false flags -------------------------------------
    gold = {}
    with open(data / "numbers.gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            gold[row["article_id"]] = row
    corpus = load_corpus([data / "numbers.jsonl"])
    halves = dict(zip(corpus.articles["id"].astype(str), corpus.articles["body"].fillna("").map(stable_half)))
    if only_half:
        gold = {k: g for k, g in gold.items() if halves.get(k) == only_half}
    t0 = time.perf_counter()
    findings = validator.run(corpus)
    t_numbers = time.perf_counter() - t0
    by_article: dict[str, list] = {}
    if only_half:
        findings = [f for f in findings if halves.get(f.article_id) == only_half]
    for f in findings:
        by_article.setdefault(f.article_id, []).append(f)
        row = gold.get(f.article_id, {})
        dump_rows.append({"set": "numbers", "label": row.get("label"), "half": halves.get(f.article_id),
                          **f.to_dict()})
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
    for h in ("A", "B"):
        if only_half in (None, h):
            rec, ff = _rates([g for g in gold.values() if halves.get(g["article_id"]) == h], by_article)
            print(f"  half {h}: recall {rec}, false-flag rate {ff}")
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
