"""Accuracy and speed of the `attribution` check on the dev evaluation set.

Scores as /work/shared/data/README.md ("Metrics", attribution), each figure for the
whole set and for its two halves (A = tuning, B = check):

* ``removed, original present`` -- recall on `removed` sentences (share overlapped by an
  `attribution` finding, same field) when attribution.jsonl is checked as one corpus:
  each edited copy sits next to the article it was cut from;
* ``removed, original absent`` -- the same recall when the edited copies are checked in a
  corpus of their own (what a single article shows);
* ``no_source`` recall (information only: PolNeAR's no-source relations are mostly hedges
  and perception, not defects an editor would flag) and the false-flag rate on
  `attributed` sentences (originals, whole corpus);
* findings per 10k words on clean.jsonl (words = whitespace tokens of title+lede+body),
  split by rule, with the severity `info` ones counted apart;
* words/s of the check alone on perf.jsonl (one core, loading excluded).

Halves: an edited copy shares its headline with the article it was cut from, so an
article group is keyed by its title and each group goes whole to half A or B by the
parity of sha256(title) (benchmarks/score.py's ``stable_half``); clean.jsonl articles
are split by sha256 of their id.

Usage::

    python benchmarks/attribution_eval.py [DATA_DIR] [--set key=json ...] [--no-perf]
        [--sweep] [--show RULE]

DATA_DIR defaults to $COPYDESK_DATA or /work/shared/data. ``--set`` overrides a
validator setting (value parsed as JSON, e.g. --set 'claim_kinds=["casualty"]').
``--sweep`` prints the trade-off for a series of settings; ``--show RULE`` prints the
clean.jsonl findings of one rule (to read, not to copy into code or tests).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from score import stable_half  # noqa: E402

import pandas as pd  # noqa: E402

from copydesk.corpus import Corpus  # noqa: E402
from copydesk.validators.attribution import AttributionValidator  # noqa: E402

LABELS = ("removed", "no_source", "attributed")
HALVES = ("all", "A", "B")


def read(path: Path) -> Corpus:
    """A JSONL evaluation file as a corpus (its records already use copydesk's names)."""
    with open(path, encoding="utf-8") as fh:
        return Corpus.from_frame(pd.DataFrame([json.loads(line) for line in fh if line.strip()]))


def subset(corpus: Corpus, ids: set[str]) -> Corpus:
    """The articles of `corpus` whose id is in `ids`, as a corpus of their own."""
    return Corpus.from_frame(corpus.articles[corpus.articles["id"].isin(ids)].reset_index(drop=True))


def hits(findings, gold) -> list[bool]:
    """Whether each gold sentence is overlapped by a finding (same field)."""
    spans = defaultdict(list)
    for f in findings:
        spans[(f.article_id, f.field)].append((f.start, f.end))
    return [any(s < g["end"] and g["start"] < e for s, e in spans.get((g["article_id"], g.get("field", "body")), ()))
            for g in gold]


def rate(flags, rows, half) -> tuple[float, int, int]:
    sel = [h for h, g in zip(flags, rows) if half == "all" or g["half"] == half]
    return (sum(sel) / len(sel) if sel else float("nan")), sum(sel), len(sel)


class Data:
    """The dev sets, loaded once, with each article's half."""

    def __init__(self, data: Path):
        self.att = read(data / "attribution.jsonl")
        self.gold = [json.loads(line) for line in open(data / "attribution.gold.jsonl", encoding="utf-8")]
        half_of = {i: stable_half(t) for i, t in zip(self.att.articles["id"], self.att.articles["title"])}
        for g in self.gold:
            g["half"] = half_of[g["article_id"]]
        edited = {g["article_id"] for g in self.gold if g["label"] == "removed"}
        self.edited = subset(self.att, edited)
        self.clean = read(data / "clean.jsonl")
        self.clean_half = {i: stable_half(i) for i in self.clean.articles["id"]}
        words = self.clean.articles[["title", "lede", "body"]].fillna("").apply(
            lambda col: col.str.split().str.len()).sum(axis=1)
        self.clean_words = {h: int(sum(w for i, w in zip(self.clean.articles["id"], words)
                                       if h == "all" or self.clean_half[i] == h)) for h in HALVES}


def evaluate(settings, d: Data, show=None, verbose=True) -> dict:
    v = AttributionValidator(**settings)
    together = v.run(d.att)
    alone = v.run(d.edited)
    clean = v.run(d.clean)
    removed = [g for g in d.gold if g["label"] == "removed"]
    res: dict = {}
    for half in HALVES:
        r = res[half] = {}
        r["removed, original present"] = rate(hits(together, removed), removed, half)
        r["removed, original absent"] = rate(hits(alone, removed), removed, half)
        for lab in ("attributed", "no_source"):
            rows = [g for g in d.gold if g["label"] == lab]
            r[lab] = rate(hits(together, rows), rows, half)
        found = [f for f in clean if half == "all" or d.clean_half[f.article_id] == half]
        words = d.clean_words[half]
        r["clean per 10k"] = len(found) / words * 1e4
        r["clean per 10k, not info"] = sum(f.severity != "info" for f in found) / words * 1e4
        r["clean by rule"] = dict(Counter(f.rule for f in found))
        r["clean info"] = sum(f.severity == "info" for f in found)
    if verbose:
        print(f"{'':34s}" + "".join(f"{h:>22s}" for h in HALVES))
        for key in ("removed, original present", "removed, original absent", "attributed", "no_source"):
            name = f"{key} {'false flags' if key == 'attributed' else 'recall'}"
            print(f"  {name:32s}" + "".join(f"{res[h][key][0]:8.3f} ({res[h][key][1]:4d}/{res[h][key][2]:4d})"
                                           for h in HALVES))
        for key in ("clean per 10k", "clean per 10k, not info"):
            print(f"  {key:32s}" + "".join(f"{res[h][key]:22.2f}" for h in HALVES))
        for h in HALVES:
            print(f"  clean by rule ({h}): {res[h]['clean by rule']}  (severity info: {res[h]['clean info']})")
        print("  edited copies alone by rule:", dict(Counter(f.rule for f in alone)))
        if show:
            for f in clean:
                if f.rule == show:
                    print(f"    [{f.article_id}] {f.severity}: {f.text[:160]!r}")
    return res


SWEEP = [
    ("quotes only", {"claim_kinds": [], "report_vague": False, "report_unbalanced": False}),
    ("+ unbalanced", {"claim_kinds": [], "report_vague": False}),
    ("+ vague", {"claim_kinds": []}),
    ("defaults", {}),
    ("min_quote_words=3", {"min_quote_words": 3}),
    ("min_quote_words=6", {"min_quote_words": 6}),
    ("quote_context_before=0", {"quote_context_before": 0}),
    ("quote_context_after=0", {"quote_context_after": 0}),
    ("quote_context_before=2", {"quote_context_before": 2}),
    ("quote_carry_paragraphs=0", {"quote_carry_paragraphs": 0}),
    ("quote_carry_paragraphs=1", {"quote_carry_paragraphs": 1}),
    ("+ money", {"claim_kinds": ["casualty", "accusation", "money"]}),
    ("+ statistic", {"claim_kinds": ["casualty", "accusation", "statistic"]}),
    ("+ perception", {"claim_kinds": ["casualty", "accusation", "perception"]}),
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="?", default=os.environ.get("COPYDESK_DATA", "/work/shared/data"))
    ap.add_argument("--set", action="append", default=[], metavar="KEY=JSON")
    ap.add_argument("--no-perf", action="store_true")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--show", metavar="RULE", help="print clean.jsonl findings of this rule")
    args = ap.parse_args(argv)
    data = Path(args.data)
    settings = {}
    for item in args.set:
        key, _, value = item.partition("=")
        settings[key] = json.loads(value)
    d = Data(data)
    print(f"attribution settings: {settings or 'defaults'}")
    evaluate(settings, d, show=args.show)

    if args.sweep:
        print("\ntrade-off, halves A/B (removed present / removed absent / attributed flagged / clean per 10k):")
        for name, extra in SWEEP:
            res = evaluate({**settings, **extra}, d, verbose=False)
            cells = "  ".join(
                f"{res[h]['removed, original present'][0]:.3f} {res[h]['removed, original absent'][0]:.3f} "
                f"{res[h]['attributed'][0]:.3f} {res[h]['clean per 10k']:5.2f}" for h in ("A", "B"))
            print(f"  {name:28s} {cells}")

    if not args.no_perf:
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
        except (AttributeError, OSError):
            pass
        t0 = time.perf_counter()
        perf = read(data / "perf.jsonl")
        load_s = time.perf_counter() - t0
        words = perf.word_count
        v = AttributionValidator(**settings)
        t0 = time.perf_counter()
        found = v.run(perf)
        run_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        v.annotate(perf, found)
        ann_s = time.perf_counter() - t0
        print(f"\nperf.jsonl: {words} words, {len(found)} findings; check {run_s:.2f} s = "
              f"{words / run_s:,.0f} words/s (annotate +{ann_s:.2f} s; loading {load_s:.2f} s)")


if __name__ == "__main__":
    main()
