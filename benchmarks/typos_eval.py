"""Typo recall / suggestion@1 / false flags / speed on the dev set, scored as its README says.

Usage: python benchmarks/typos_eval.py [DATA_DIR] [-v] [--no-perf] [--dump FILE] [SETTING=VALUE ...]
       (DATA_DIR defaults to $COPYDESK_DATA or ../shared/data next to the repository)

* typos.jsonl is checked as one corpus (all 1350 articles): recall = share of gold typos with
  a `typos` finding in that article whose text equals `wrong` (case-insensitive) or whose
  span overlaps the gold span; suggestion@1 = share of found gold typos where a matching
  finding's suggestion equals `right` (also over all gold typos); other flags per 10k words.
  Every figure is given for all gold rows, per gold `list` (birkbeck, codespell) and per
  hash half of the article id (score.stable_half: A = tuning half, B = check half).
* clean.jsonl: all `typos` findings per 10k words (words = whitespace tokens of
  title + lede + body), whole set and per hash half.
* perf.jsonl: words/s of TyposValidator.run alone on one core, with the vocabulary already
  loaded, and including this process's vocabulary load (cold: built from the wheels' data,
  warm: from the disk cache; see vocabulary.py), plus the process's peak memory.
`-v` lists missed gold typos, wrong suggestions and the clean-set findings; `--dump FILE`
writes the clean-set findings with their context as JSON lines (for hand counts);
`--sample N --seed S` prints a seeded random sample of N clean-set findings with their
context, numbered, for a hand count of real typos vs false flags (report the seed).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score import stable_half  # noqa: E402  (benchmarks/score.py: the shared hash split)

from copydesk.corpus import load_corpus  # noqa: E402
from copydesk.validators.typos import TyposValidator  # noqa: E402
from copydesk.validators.vocabulary import load_vocabulary  # noqa: E402

_OPTS_WITH_VALUE = {"--dump", "--sample", "--seed"}
ARGS: list[str] = []
OPTS: dict[str, str] = {}
# KEY=VALUE arguments override TyposValidator settings (values parsed as JSON when possible)
SETTINGS: dict = {}
_argv = iter(sys.argv[1:])
for _arg in _argv:
    if _arg in _OPTS_WITH_VALUE:
        OPTS[_arg] = next(_argv)
    elif "=" in _arg and not _arg.startswith("-"):
        _key, _value = _arg.split("=", 1)
        try:
            SETTINGS[_key] = json.loads(_value)
        except ValueError:
            SETTINGS[_key] = _value
    elif not _arg.startswith("-"):
        ARGS.append(_arg)
VERBOSE = "-v" in sys.argv
DATA = Path(ARGS[0] if ARGS else os.environ.get(
    "COPYDESK_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
HALVES = ("all", "A", "B")


def _words_by_half(corpus) -> dict[str, int]:
    arts = corpus.articles
    out = Counter()
    for row in arts.itertuples():
        n = sum(len(str(getattr(row, f) or "").split()) for f in ("title", "lede", "body"))
        out["all"] += n
        out[stable_half(str(row.id))] += n
    return out


def score_typos() -> None:
    corpus = load_corpus([DATA / "typos.jsonl"])
    findings = TyposValidator(**SETTINGS).run(corpus)
    gold = [json.loads(line) for line in open(DATA / "typos.gold.jsonl")]
    by_article = defaultdict(list)
    for f in findings:
        by_article[f.article_id].append(f)
    # (list, half) -> [gold rows, found, right suggestion]
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    matched: set[int] = set()
    missed, wrong_sugg = [], []
    for g in gold:
        hits = [
            f for f in by_article[g["article_id"]]
            if f.text.lower() == g["wrong"].lower()
            or (f.field == g.get("field", "body") and f.start < g["end"] and g["start"] < f.end)
        ]
        keys = [(lst, half) for lst in ("all", g["list"]) for half in ("all", stable_half(g["article_id"]))]
        for k in keys:
            tally[k][0] += 1
        if not hits:
            missed.append(g)
            continue
        matched.update(id(f) for f in hits)
        right = any(f.suggestion == g["right"] for f in hits)
        for k in keys:
            tally[k][1] += 1
            tally[k][2] += right
        if not right:
            wrong_sugg.append((g, [f.suggestion for f in hits]))
    other = [f for f in findings if id(f) not in matched]
    words = _words_by_half(corpus)
    other_half = Counter(stable_half(f.article_id) for f in other)
    other_half["all"] = len(other)
    print("typos.jsonl (halves by sha256 of the article id: A tuning, B check)")
    print(f"  {'list':10s} {'half':4s} {'gold':>5s} {'recall':>7s} {'sugg@1 found':>13s} {'sugg@1 all':>11s}")
    for lst in ("all", "birkbeck", "codespell"):
        for half in HALVES:
            n, found, sug = tally[(lst, half)]
            if n:
                print(f"  {lst:10s} {half:4s} {n:5d} {found / n:7.3f} {sug / max(found, 1):13.3f} {sug / n:11.3f}")
    for half in HALVES:
        print(f"  other flags, half {half}: {other_half[half]} = {other_half[half] / words[half] * 1e4:.2f} "
              f"per 10k words ({words[half]} words)")
    print("  other flags by rule:", dict(Counter(f.rule for f in other)))
    if VERBOSE:
        for g in missed:
            print("   MISSED", g["list"], stable_half(g["article_id"]), g["wrong"], "->", g["right"])
        for g, s in wrong_sugg:
            print("   SUGGESTION", g["list"], stable_half(g["article_id"]), g["wrong"], "->", g["right"], "got", s)
        for f in other:
            print("   OTHER", f.rule, f.text, "->", f.suggestion)


def score_clean() -> None:
    corpus = load_corpus([DATA / "clean.jsonl"])
    findings = TyposValidator(**SETTINGS).run(corpus)
    words = _words_by_half(corpus)
    per_half = Counter(stable_half(f.article_id) for f in findings)
    per_half["all"] = len(findings)
    print("clean.jsonl: " + "; ".join(
        f"half {h}: {per_half[h]} findings = {per_half[h] / words[h] * 1e4:.2f} per 10k words ({words[h]} words)"
        for h in HALVES))
    print(f"  by rule {dict(Counter(f.rule for f in findings))}")
    dump = OPTS.get("--dump")
    out = open(dump, "w", encoding="utf-8") if dump else None
    for f in findings:
        text = corpus.text_of(f.article_id, f.field)
        context = text[max(0, f.start - 60):f.end + 40]
        if VERBOSE:
            print(f"   CLEAN {f.rule:12s} {f.text!r:18} -> {f.suggestion!r:16} …{context[20:-10]!r}")
        if out:
            out.write(json.dumps({"article_id": f.article_id, "half": stable_half(f.article_id),
                                  "rule": f.rule, "text": f.text, "suggestion": f.suggestion,
                                  "context": context}, ensure_ascii=False) + "\n")
    if out:
        out.close()
    if "--sample" in OPTS:
        import random

        n, seed = int(OPTS["--sample"]), int(OPTS.get("--seed", "0"))
        picked = sorted(random.Random(seed).sample(range(len(findings)), min(n, len(findings))))
        print(f"  hand-count sample: {len(picked)} of {len(findings)} clean findings, seed {seed}")
        for i, k in enumerate(picked):
            f = findings[k]
            text = corpus.text_of(f.article_id, f.field)
            context = text[max(0, f.start - 60):f.end + 40].replace("\n", " ")
            print(f"   {i:3d} {f.rule:12s} {f.text!r} -> {f.suggestion!r} | {context}")


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
    t0 = time.perf_counter()
    load_vocabulary()
    load_s = time.perf_counter() - t0
    print(f"vocabulary loaded in {load_s:.2f} s (COPYDESK_CACHE_DIR=off disables the disk cache)")
    score_typos()
    score_clean()
    if "--no-perf" not in sys.argv:
        speed(load_s)


if __name__ == "__main__":
    main()
