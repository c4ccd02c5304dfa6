"""Baseline files: keyed on article + rule + text, counted, robust to moves; fixed entries."""

from __future__ import annotations

import json

import pytest

from copydesk.baseline import (
    BaselineError,
    apply_baseline,
    fingerprint,
    load_baseline,
    write_baseline,
)
from copydesk.model import Finding


def _f(article, text, rule="phrase", check="boilerplate", start=0):
    return Finding(article_id=article, check=check, rule=rule, field="body", start=start,
                   end=start + len(text), text=text, message="m", file="x.jsonl", line=3)


def test_round_trip_counts_duplicates_and_ignores_positions(tmp_path):
    path = tmp_path / "b.json"
    doc = write_baseline([_f("a", "Comments are closed."), _f("a", "Comments are closed.", start=99),
                          _f("b", "Share  this\nstory")], path)
    assert [(e["article_id"], e["text"], e["count"]) for e in doc["findings"]] == [
        ("a", "Comments are closed.", 2), ("b", "Share this story", 1)]
    base = load_baseline(path)
    # moved (other offsets/lines) and re-wrapped text still match; a third copy is new
    found = [_f("a", "Comments are closed.", start=5), _f("a", "Comments are closed.", start=50),
             _f("a", "Comments are closed.", start=70), _f("b", "Share this story", start=7)]
    match = apply_baseline(base, found, None, {"boilerplate"})
    assert len(match.known) == 3 and [f.start for f in match.new] == [70]
    assert match.fixed == []


def test_fixed_entries_only_for_checked_articles_and_checks_that_ran(tmp_path):
    path = tmp_path / "b.json"
    write_baseline([_f("a", "Comments are closed."), _f("b", "Read more"), _f("c", "atack", "misspelling", "typos")],
                   path)
    base = load_baseline(path)
    full = apply_baseline(base, [], None, {"boilerplate"})
    assert [e["article_id"] for e in full.fixed] == ["a", "b"]  # typos did not run
    changed = apply_baseline(base, [], {"b"}, {"boilerplate", "typos"})
    assert [e["article_id"] for e in changed.fixed] == ["b"]  # a and c were not checked


def test_bad_baseline_files_are_usage_errors(tmp_path):
    with pytest.raises(BaselineError, match="not found"):
        load_baseline(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(BaselineError, match="not a copydesk baseline"):
        load_baseline(bad)
    bad.write_text(json.dumps({"findings": [{"text": "x"}]}))
    with pytest.raises(BaselineError, match="entry #1"):
        load_baseline(bad)


def test_fingerprint_is_the_baseline_key():
    assert fingerprint(_f("a", "Comments  are closed.", start=1)) == fingerprint(_f("a", "Comments are closed.", start=9))
    assert fingerprint(_f("a", "x")) != fingerprint(_f("b", "x"))
