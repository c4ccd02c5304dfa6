"""How many PolNeAR "Attribution-no-source" relations the evaluation's clean copy holds.

The attribution targets asked for recall >= 0.60 on `no_source` sentences (sentences
holding PolNeAR's Attribution-no-source relations) and <= 5 attribution findings per
10k words on clean.jsonl. Issue 14 retired the no_source target on this measurement
(the relations are mostly hedges and perception, not defects an editor would flag);
benchmarks/attribution_eval.py still reports no_source recall, as information only. clean.jsonl includes 150 untouched PolNeAR articles, so
PolNeAR's own annotations say how many no-source relations sit in the clean copy: a
detector that finds them in attribution.jsonl finds them there too, and every such
find counts against the clean budget. This script measures that, and how varied the
annotated cues of those relations are (what a cue lexicon could reach).

Usage::

    git clone https://github.com/networkdynamics/PolNeAR /tmp/polnear
    python benchmarks/polnear_no_source.py /tmp/polnear [DATA_DIR]

DATA_DIR defaults to $COPYDESK_DATA or /work/shared/data. Reads PolNeAR's brat
annotation files (``data/*/attributions/<article>_<annotator>.ann``); an article
annotated by several annotators counts the mean of their relation counts.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

BUDGET_PER_10K = 5.0
TARGET_RECALL = 0.60

# brat: "T12<TAB>Cue 113 119<TAB>mocked" (discontinuous spans use "113 119;130 140")
_SPAN = re.compile(r"^(T\d+)\t(\S+) [\d; ]+\t(.*)$", re.M)
# brat event: "E3<TAB>Attribution-no-source:T12 Content:T11 Cue:T10"
_EVENT = re.compile(r"^E\d+\t(\S+?):T\d+(.*)$", re.M)


def words(article: dict) -> int:
    """Whitespace tokens of title + lede + body, as the data README counts words."""
    return len(" ".join((article.get("title", ""), article.get("lede", ""), article["body"])).split())


def no_source_cues(ann_text: str) -> list[str]:
    """The cue text of every Attribution-no-source relation in one .ann file ("" when none)."""
    spans = {m.group(1): m.group(3) for m in _SPAN.finditer(ann_text)}
    cues = []
    for m in _EVENT.finditer(ann_text):
        if m.group(1) != "Attribution-no-source":
            continue
        cue = re.search(r"Cue:(T\d+)", m.group(2))
        cues.append(spans.get(cue.group(1), "").lower() if cue else "")
    return cues


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    polnear = Path(sys.argv[1])
    data = Path(sys.argv[2] if len(sys.argv) > 2 else os.environ.get("COPYDESK_DATA", "/work/shared/data"))

    per_article: dict[str, list[list[str]]] = defaultdict(list)
    for ann in sorted(polnear.glob("data/*/attributions/*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]  # drop the annotator suffix
        per_article[stem].append(no_source_cues(ann.read_text(encoding="utf-8")))

    clean = [json.loads(line) for line in (data / "clean.jsonl").open(encoding="utf-8")]
    clean_words = sum(words(a) for a in clean)
    polnear_clean = [a for a in clean if a["id"].startswith("polnear-")]
    missing = [a["id"] for a in polnear_clean if a["id"][len("polnear-"):] not in per_article]
    pol_words = sum(words(a) for a in polnear_clean)
    relations = sum(
        sum(map(len, per_article[a["id"][len("polnear-"):]])) / len(per_article[a["id"][len("polnear-"):]])
        for a in polnear_clean if a["id"][len("polnear-"):] in per_article
    )

    gold = [json.loads(line) for line in (data / "attribution.gold.jsonl").open(encoding="utf-8")]
    no_source = Counter(g["article_id"] for g in gold if g["label"] == "no_source")
    att_words = sum(words(json.loads(line)) for line in (data / "attribution.jsonl").open(encoding="utf-8")
                    if json.loads(line)["id"] in no_source)
    print(f"attribution.jsonl: {sum(no_source.values())} no_source sentences in {len(no_source)} articles "
          f"({att_words:,} words) = {sum(no_source.values()) / att_words * 1e4:.1f} per 10k words")
    print(f"clean.jsonl: {len(polnear_clean)} PolNeAR articles ({pol_words:,} of {clean_words:,} words), "
          f"{len(missing)} without annotations")
    print(f"  Attribution-no-source relations: {relations:.1f} = {relations / pol_words * 1e4:.1f} per 10k words "
          f"of that text, {relations / clean_words * 1e4:.2f} per 10k words of clean.jsonl")
    floor = TARGET_RECALL * relations / clean_words * 1e4
    print(f"  a detector with perfect precision at recall {TARGET_RECALL:.2f} adds about {floor:.2f} findings per "
          f"10k words of clean.jsonl from these alone (budget {BUDGET_PER_10K:.0f}, counted per relation)")

    cues = Counter(c for files in per_article.values() for cue_lists in files[:1] for c in cue_lists)
    total = sum(cues.values())
    print(f"\nPolNeAR (first annotator per article): {total} no-source relations, {len(cues)} distinct cue strings, "
          f"{sum(1 for n in cues.values() if n == 1)} used once")
    running = 0
    ranked = cues.most_common()
    for rank, (_, n) in enumerate(ranked, 1):
        running += n
        if rank in (10, 20, 50, 100, 200):
            print(f"  the {rank:>3} commonest cues cover {running / total:.2f} of the relations")
    print("  commonest:", ", ".join(f"{c or '(none)'!r} {n}" for c, n in ranked[:15]))


if __name__ == "__main__":
    main()
