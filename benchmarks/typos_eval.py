"""Typo recall / suggestion@1 / false flags / speed on the dev set, scored as its README says.

Usage: python benchmarks/typos_eval.py [DATA_DIR] [-v] [--no-perf] [SETTING=VALUE ...]
       (DATA_DIR defaults to $COPYDESK_DATA or ../shared/data next to the repository)

* typos.jsonl is checked as one corpus (all 1350 articles): recall = share of gold typos with
  a `typos` finding in that article whose text equals `wrong` (case-insensitive) or whose
  span overlaps the gold span; suggestion@1 = share of found gold typos where a matching
  finding's suggestion equals `right` (also over all gold typos); other flags per 10k words.
* clean.jsonl: all `typos` findings per 10k words (words = whitespace tokens of
  title + lede + body).
* perf.jsonl: words/s of TyposValidator.run alone on one core, with the vocabulary already
  loaded, and including this process's vocabulary load (cold: built from the wheels' data,
  warm: from the disk cache; see vocabulary.py), plus the process's peak memory.
`-v` lists missed gold typos, wrong suggestions and the clean-set findings.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from copydesk.corpus import load_corpus
from copydesk.validators.typos import TyposValidator
from copydesk.validators.vocabulary import load_vocabulary

ARGS = [a for a in sys.argv[1:] if not a.startswith("-") and "=" not in a]
# KEY=VALUE arguments override TyposValidator settings (values parsed as JSON when possible)
SETTINGS: dict = {}
for _arg in sys.argv[1:]:
    if "=" in _arg and not _arg.startswith("-"):
        _key, _value = _arg.split("=", 1)
        try:
            SETTINGS[_key] = json.loads(_value)
        except ValueError:
            SETTINGS[_key] = _value
VERBOSE = "-v" in sys.argv
DATA = Path(ARGS[0] if ARGS else os.environ.get(
    "COPYDESK_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


def score_typos() -> None:
    corpus = load_corpus([DATA / "typos.jsonl"])
    findings = TyposValidator(**SETTINGS).run(corpus)
    gold = [json.loads(line) for line in open(DATA / "typos.gold.jsonl")]
    by_article = defaultdict(list)
    for f in findings:
        by_article[f.article_id].append(f)
    found = sug = 0
    matched: set[int] = set()
    missed, wrong_sugg = [], []
    for g in gold:
        hits = [
            f for f in by_article[g["article_id"]]
            if f.text.lower() == g["wrong"].lower()
            or (f.field == g.get("field", "body") and f.start < g["end"] and g["start"] < f.end)
        ]
        if not hits:
            missed.append(g)
            continue
        found += 1
        matched.update(id(f) for f in hits)
        if any(f.suggestion == g["right"] for f in hits):
            sug += 1
        else:
            wrong_sugg.append((g, [f.suggestion for f in hits]))
    other = [f for f in findings if id(f) not in matched]
    words = corpus.word_count
    print(f"typos.jsonl: recall {found / len(gold):.3f} ({found}/{len(gold)}), "
          f"suggestion@1 {sug / max(found, 1):.3f} of found, {sug / len(gold):.3f} of all; "
          f"other flags {len(other)} = {len(other) / words * 1e4:.2f} per 10k words ({words} words)")
    print("  other flags by rule:", dict(Counter(f.rule for f in other)))
    if VERBOSE:
        for g in missed:
            print("   MISSED", g["wrong"], "->", g["right"])
        for g, s in wrong_sugg:
            print("   SUGGESTION", g["wrong"], "->", g["right"], "got", s)
        for f in other:
            print("   OTHER", f.rule, f.text, "->", f.suggestion)


def score_clean() -> None:
    corpus = load_corpus([DATA / "clean.jsonl"])
    findings = TyposValidator(**SETTINGS).run(corpus)
    words = corpus.word_count
    print(f"clean.jsonl: {len(findings)} typos findings = {len(findings) / words * 1e4:.2f} per 10k words "
          f"({words} words); by rule {dict(Counter(f.rule for f in findings))}")
    if VERBOSE:
        for f in findings:
            text = corpus.text_of(f.article_id, f.field)
            print(f"   CLEAN {f.rule:12s} {f.text!r:18} -> {f.suggestion!r:16} "
                  f"…{text[max(0, f.start - 40):f.end + 30]!r}")


def speed(load_s: float) -> None:
    corpus = load_corpus([DATA / "perf.jsonl"])
    words = corpus.word_count
    t0, c0 = time.perf_counter(), time.process_time()
    findings = TyposValidator(**SETTINGS).run(corpus)
    run_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"perf.jsonl: {words} words, check {run_s:.2f} s (cpu {cpu_s:.2f} s) = {words / run_s:,.0f} words/s "
          f"({len(findings)} findings); vocabulary load {load_s:.2f} s; "
          f"with load {words / (run_s + load_s):,.0f} words/s; peak RSS {peak:.0f} MB")


def main() -> None:
    from copydesk.validators import vocabulary

    path = vocabulary._cache_path(vocabulary.CANDIDATE_MIN_ZIPF, 2, vocabulary.PREFIX_LENGTH)
    state = "off" if path is None else ("warm" if path.exists() else "cold")
    t0 = time.perf_counter()
    load_vocabulary()
    load_s = time.perf_counter() - t0
    print(f"vocabulary loaded in {load_s:.2f} s (disk cache {state}; COPYDESK_CACHE_DIR=off disables it)")
    score_typos()
    score_clean()
    if "--no-perf" not in sys.argv:
        speed(load_s)


if __name__ == "__main__":
    main()
