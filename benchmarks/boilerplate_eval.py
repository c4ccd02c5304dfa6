"""Boilerplate precision/recall on ../shared/data, with the validator called directly
(faster to iterate than the end-to-end benchmarks/score.py, scored by the same code).

Prints the whole-set score (``score.score_boilerplate``, the README's metric), the same split
by public page collection (from ``boilerplate_collections.json``, see
boilerplate_collections.py), findings per 10k words on clean.jsonl, the seed's findings and
the check's throughput on perf.jsonl. Per collection C: injected-line recall over C's lines and
precision over the findings in the articles holding a C line; residual scores over C's pages.
These figures are for the shipped model, which was fitted on the whole dev set: the held-out
(leave-one-collection-out) figures come from ``boilerplate_train.py``, which refits without
each collection. ``--validator MODULE:CLASS`` scores another implementation (e.g. an older
copy of the check) the same way.

Usage: python benchmarks/boilerplate_eval.py [DATA_DIR] [-v] [--no-perf] [--validator M:C]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from copydesk.corpus import load_corpus
from copydesk.validators.boilerplate import BoilerplateValidator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from boilerplate_collections import DEFAULT_OUT as DEFAULT_MAP  # noqa: E402
from score import DEFAULT_DATA, load_jsonl, score_boilerplate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("data", type=Path, nargs="?", default=DEFAULT_DATA)
parser.add_argument("-v", "--verbose", action="store_true", help="list the findings on clean.jsonl")
parser.add_argument("--no-perf", action="store_true")
parser.add_argument("--validator", help="MODULE:CLASS of another boilerplate validator to score")
ARGS = parser.parse_args()
DATA = ARGS.data


def validator_class():
    if ARGS.validator:
        module, _, name = ARGS.validator.partition(":")
        return getattr(importlib.import_module(module), name)
    return BoilerplateValidator


def report_of(findings) -> dict:
    return {"findings": [f.to_dict() for f in findings]}


def covered(g: dict, fs: list) -> bool:
    cover = sum(max(0, min(f.end, g["end"]) - max(f.start, g["start"])) for f in fs if f.field == "body")
    return cover >= 0.5 * (g["end"] - g["start"])


def by_collection(findings, gold: list[dict], cmap: dict) -> dict[tuple[str, str], tuple[float, float, int, int]]:
    """(collection, part) -> (precision, recall, gold lines, findings), as described above."""
    f_by = defaultdict(list)
    for f in findings:
        f_by[f.article_id].append(f)
    g_by = defaultdict(list)
    for g in gold:
        g_by[g["article_id"]].append(g)
    item_colls = defaultdict(set)
    line_colls = {}
    for g in gold:
        if g["part"] == "injection":
            cs = cmap["injected_lines"].get(f"{g['article_id']}:{g['start']}", ["unknown"])
            line_colls[(g["article_id"], g["start"])] = cs
            item_colls[g["article_id"]].update(cs)
    for aid, c in cmap["pages"].items():
        item_colls[aid].add(c)
    out = {}
    for coll in sorted({c for cs in item_colls.values() for c in cs}):
        for part in ("injection", "residual"):
            lines = [g for g in gold if g["part"] == part
                     and (coll in line_colls.get((g["article_id"], g["start"]), ())
                          or (part == "residual" and cmap["pages"].get(g["article_id"]) == coll))]
            if not lines:
                continue
            items = {aid for aid, cs in item_colls.items() if coll in cs and aid.startswith("bpi-" if part == "injection" else "bpr-")}
            fs = [f for aid in items for f in f_by[aid]]
            false = sum(not any(f.start < g["end"] and g["start"] < f.end for g in g_by[f.article_id]) for f in fs)
            found = sum(covered(g, f_by[g["article_id"]]) for g in lines)
            out[(coll, part)] = (1 - false / len(fs) if fs else 0.0, found / len(lines), len(lines), len(fs))
    return out


def main() -> None:
    cls = validator_class()
    corpus = load_corpus([DATA / "boilerplate.jsonl"])
    findings = cls().run(corpus)
    whole = score_boilerplate(report_of(findings), DATA)
    print(f"{'collection':16s} {'part':9s} {'P':>6s} {'R':>6s} {'F1':>6s} {'lines':>6s} {'flags':>6s}")
    if DEFAULT_MAP.exists():
        gold = load_jsonl(DATA / "boilerplate.gold.jsonl")
        for (coll, part), (p, r, n_lines, n_f) in sorted(by_collection(findings, gold, json.loads(DEFAULT_MAP.read_text())).items(),
                                                         key=lambda kv: (kv[0][1], kv[0][0])):
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{coll:16s} {part:9s} {p:6.3f} {r:6.3f} {f1:6.3f} {n_lines:6d} {n_f:6d}")
    for part in ("injection", "residual"):
        p, r, f1 = (whole[f"{part} {m}"] for m in ("precision", "recall", "F1"))
        print(f"{'all':16s} {part:9s} {p:6.3f} {r:6.3f} {f1:6.3f}")
    clean = load_corpus([DATA / "clean.jsonl"])
    cf = cls().run(clean)
    print(f"clean: {len(cf)} findings, {len(cf) / clean.word_count * 1e4:.2f} per 10k words")
    if ARGS.verbose:
        for f in cf[:60]:
            print("   CLEAN", f.rule, repr(f.text[:100]))
    seeds = load_corpus([ROOT / "seeds"])
    sf = cls().run(seeds)
    print(f"seeds: {len(sf)} findings: " + "; ".join(f"{f.article_id} {f.rule} {f.text[:60]!r}" for f in sf))
    if ARGS.no_perf:
        return
    perf = load_corpus([DATA / "perf.jsonl"])
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        cls().run(perf)
        best = min(best, time.perf_counter() - start)
    print(f"perf: {perf.word_count / best:,.0f} words/s ({best:.2f} s, best of 2)")


if __name__ == "__main__":
    main()
