"""Every family's two phases (copydesk/validators/base.py): statistics over partitions of
whole articles, then each partition's decision, find exactly what the whole corpus finds,
however the articles are split. This is what lets the Spark engine run the same code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from copydesk.corpus import load_corpus
from copydesk.corpus.tables import Corpus
from copydesk.validators import all_validators
from copydesk.validators.base import Statistic

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

FOOTER = "Follow the Harbour Gazette for more local stories every weekday."
PROSE = ("The committee met on Thursday to weigh the proposal, which would widen the coastal road and "
         "add a second ferry berth before the summer season begins.")


def _generated() -> pd.DataFrame:
    """Articles from two sources: one repeats a footer, two are versions of one story (one
    cut the source), a few carry a slip ("comittee") or a head number the body contradicts."""
    rows = []
    for i in range(24):
        source = "Harbour Gazette" if i % 2 else "Valley Wire"
        body = f"{PROSE}\nThe vote on item {i} was close, the chair said."
        if i % 5 == 0:
            body = body.replace("committee", "comittee")
        if source == "Harbour Gazette":
            body += "\n" + FOOTER
        title = f"Council weighs {12 + i} road plans" if i % 7 else f"Council weighs {99} road plans"
        rows.append({"id": f"g{i}", "source": source, "title": title, "lede": "", "body": body})
    told = ("Officials said the ferry berth will open in the spring after dredging of the harbour mouth.")
    cut = "The ferry berth will open in the spring after dredging of the harbour mouth."
    shared = ("The harbour board approved the plan by seven votes to two on Monday night. "
              "The opposition walked out of the chamber before the second vote was taken.")
    rows.append({"id": "v1", "source": "Valley Wire", "title": "Berth approved", "lede": "",
                 "body": f"{shared} {told}"})
    rows.append({"id": "v2", "source": "Harbour Gazette", "title": "Berth approved", "lede": "",
                 "body": f"{shared} {cut}"})
    return pd.DataFrame(rows)


def _corpora() -> list[Corpus]:
    seeds = load_corpus([SEEDS / "sample" / "news.jsonl", SEEDS / "rt-azerbaijan-armenia-losses.txt"])
    return [seeds, Corpus.from_frame(_generated())]


def _key(f):
    return (f.article_id, f.check, f.rule, f.field, f.start, f.end, f.message, f.suggestion)


@pytest.mark.parametrize("check", sorted(all_validators()))
@pytest.mark.parametrize("n_parts", [2, 3])
def test_partitions_find_what_the_whole_corpus_finds(check, n_parts):
    cls = all_validators()[check]
    assert not cls.whole_corpus_only, f"{check} has not split its work into two phases"
    for corpus in _corpora():
        validator = cls()
        whole = validator.run(corpus)
        ids = corpus.articles["id"].tolist()
        parts = [Corpus.from_frame(corpus.articles[corpus.articles["id"].isin(ids[k::n_parts])])
                 for k in range(n_parts)]
        stats = validator.local_statistics(parts)
        split = [f for part in parts for f in validator.decide(part, stats).findings]
        assert sorted(map(_key, split)) == sorted(map(_key, whole))


def test_generated_corpus_exercises_every_family():
    """The partition test above is only worth something if each family finds something."""
    corpus = Corpus.from_frame(_generated())
    found = {check: cls().run(corpus) for check, cls in all_validators().items()}
    assert {f.rule for f in found["boilerplate"]} >= {"repeated-line"}
    assert any(f.text == "comittee" for f in found["typos"])
    assert "dropped-attribution" in {f.rule for f in found["attribution"]}
    assert found["numbers"]


def test_reduction_sums_gathers_and_bounds():
    stat = Statistic("t", rows=lambda part, stats: None, keys=("k",), sums=("n",), gather="a",
                     having=("n", 2, 3))
    rows = pd.DataFrame({"k": ["x", "x", "y", "z", "z", "z", "z"], "n": [1, 1, 1, 1, 1, 1, 1],
                         "a": ["b", "a", "c", "d", "e", "f", "g"]})
    out = stat.reduce(rows).set_index("k")
    assert out.index.tolist() == ["x"]  # y has 1 (< 2), z has 4 (> 3)
    assert out.loc["x", "n"] == 2 and out.loc["x", "a"] == ["a", "b"]
    distinct = Statistic("d", rows=lambda part, stats: None, keys=("k",))
    assert distinct.reduce(rows)["k"].tolist() == ["x", "y", "z"]


def test_reduction_matches_a_per_group_reference():
    """The vectorised reduction (having first, then one sort for the gather) gives what
    summing and gathering each group by hand gives: groups in first-seen order, sums,
    sorted distinct gathered values, any bounds (including bounds that keep nothing)."""
    import random

    rng = random.Random(7)
    for trial in range(120):
        n = rng.randint(1, 40)
        rows = pd.DataFrame({"k": [rng.choice("abcdef") for _ in range(n)], "j": [rng.randint(0, 1) for _ in range(n)],
                             "n": [rng.randint(0, 3) for _ in range(n)],
                             "a": [rng.choice(["x", "y", "zz", "é", "A"]) for _ in range(n)]})
        if trial % 2:
            rows = rows.astype({"k": "string[pyarrow]", "a": "string[pyarrow]"})
        if trial % 3 == 0:
            rows["a"] = [rng.randint(0, 5) for _ in range(n)]
        keys = rng.choice([("k",), ("k", "j")])
        having = rng.choice([None, ("n", 2, None), ("n", 2, 4), ("n", None, 1), ("n", 99, None)])
        groups: dict[tuple, list[int]] = {}
        for i, key in enumerate(zip(*(rows[k].tolist() for k in keys))):
            groups.setdefault(key, []).append(i)
        expected = []
        for key, idx in groups.items():
            total = sum(rows["n"].iloc[idx])
            if having and ((having[1] is not None and total < having[1]) or (having[2] is not None and total > having[2])):
                continue
            expected.append({**dict(zip(keys, key)), "n": total, "a": sorted(set(rows["a"].iloc[idx].tolist()))})
        stat = Statistic("t", rows=lambda part, stats: None, keys=keys, sums=("n",), gather="a", having=having)
        out = stat.reduce(rows)
        assert out.columns.tolist() == [*keys, "n", "a"]
        assert out.to_dict("records") == expected, (trial, keys, having)


def test_deciding_every_family_together_reports_what_one_at_a_time_reports():
    """RunContext.prepare (the Spark engine's shared passes) hands the executor every family
    the run will ask for in one decide_many call, once per distinct settings and without
    the families --select leaves nothing to report; `findings` then reports exactly what
    deciding them one at a time reports."""
    from copydesk.rules import RuleSelection
    from copydesk.run import LocalExecutor, RunContext

    class Counting(LocalExecutor):
        def __init__(self, corpus):
            super().__init__(corpus)
            self.batches: list[list[str]] = []
            self.single: list[str] = []

        def decide(self, validator):
            self.single.append(validator.check)
            return super().decide(validator)

        def decide_many(self, validators):
            self.batches.append([v.check for v in validators])
            return [LocalExecutor.decide(self, v) for v in validators]

    checks = [(c, None) for c in sorted(all_validators())] + [("typos", None), ("numbers", {"arithmetic_support": False})]
    selection = RuleSelection.from_options(select=["typos", "numbers", "attribution"])
    corpus = Corpus.from_frame(_generated())
    one_at_a_time = RunContext(None, None, selection, executor=LocalExecutor(corpus))
    want = {c: [_key(f) for f in one_at_a_time.findings(c, s)] for c, s in checks}
    executor = Counting(Corpus.from_frame(_generated()))
    together = RunContext(None, None, selection, executor=executor)
    together.prepare(checks)
    got = {c: [_key(f) for f in together.findings(c, s)] for c, s in checks}
    assert got == want and any(want.values())
    assert executor.batches == [["attribution", "numbers", "typos", "numbers"]]  # boilerplate not selected
    assert executor.single == []  # every finding came from the one batch
