"""Tests for the `numbers` check family (self-contained: no /work/shared, no network)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from copydesk.corpus import Corpus, load_corpus
from copydesk.validators.number_mentions import find_mentions
from copydesk.validators.numbers import NumbersValidator

SEED = Path(__file__).resolve().parents[1] / "seeds" / "rt-azerbaijan-armenia-losses.txt"


def corpus_of(*rows: dict) -> Corpus:
    frame = pd.DataFrame([{"id": f"a{i}", "lede": "", **r} for i, r in enumerate(rows)])
    return Corpus.from_frame(frame)


def run(*rows: dict, **settings):
    return NumbersValidator(**settings).run(corpus_of(*rows))


def assert_spans(corpus: Corpus, findings) -> None:
    """Both the claim and the related span point at the text they quote."""
    for f in findings:
        art = corpus.article(f.article_id)
        assert art[f.field][f.start : f.end] == f.text
        rel = f.related
        assert rel is not None and "value" in rel
        assert art[rel["field"]][rel["start"] : rel["end"]] == rel["text"]


@pytest.fixture(scope="module")
def seed_corpus() -> Corpus:
    return load_corpus([SEED])


def seed_variant(seed_corpus: Corpus, field: str, old: str, new: str) -> Corpus:
    frame = seed_corpus.articles.copy()
    assert old in frame.at[0, field]
    frame.at[0, field] = frame.at[0, field].replace(old, new)
    return Corpus.from_frame(frame)


def test_seed_is_silent(seed_corpus):
    assert NumbersValidator().run(seed_corpus) == []


def test_seed_lede_changed_to_60(seed_corpus):
    corpus = seed_variant(seed_corpus, "lede", "At least 50", "At least 60")
    findings = NumbersValidator().run(corpus)
    assert len(findings) == 1
    f = findings[0]
    assert (f.rule, f.field, f.text) == ("headline-mismatch", "lede", "60")
    assert f.related["field"] == "body" and f.related["text"] == "50" and f.related["value"] == 50
    assert_spans(corpus, findings)


def test_seed_part_changed_to_52(seed_corpus):
    corpus = seed_variant(seed_corpus, "body", "42 army soldiers", "52 army soldiers")
    findings = NumbersValidator().run(corpus)
    assert len(findings) == 1
    f = findings[0]
    assert (f.rule, f.field, f.text) == ("sum-mismatch", "body", "50")
    assert f.related["value"] == 60
    assert f.related["text"] == "52 army soldiers and eight border guards"
    assert [p["value"] for p in f.related["parts"]] == [52, 8]
    assert_spans(corpus, findings)


def test_mentions_parse_values_kinds_and_bounds():
    text = ("At least 50 soldiers, forty-two army soldiers, a dozen men, dozens of people, "
            "1.2 million people, $3bn, £600m, 54%, the 1990s, the second time, Sep 4, 2:17 PM, "
            "nearly 500 homes, 10-15 people")
    got = {m.text: m for m in find_mentions(text)}
    assert got["50"].qualifier == "ge" and got["50"].lo == 50 and got["50"].head == "soldier"
    assert got["forty-two"].value == 42 and got["forty-two"].mods == ("army",)
    assert got["a dozen"].value == 12
    assert got["dozens"].kind == "vague" and got["dozens"].lo <= 50 <= got["dozens"].hi
    assert got["1.2 million"].value == pytest.approx(1.2e6)
    assert got["$3bn"].kind == "money" and got["$3bn"].value == 3e9
    assert got["£600m"].value == 6e8
    assert got["54%"].kind == "percent"
    assert got["1990s"].kind == "decade"
    assert got["second"].kind == "ordinal" and got["second"].value == 2
    assert got["4"].kind == "date" and got["2:17 PM"].kind == "time"
    assert got["500"].qualifier == "le" and got["500"].lo < 500
    assert got["10"].extra.get("range") and got["10"].hi >= 15 and got["10"].head == "people"


def test_mentions_in_text_with_dotted_capital_i():
    # "İ".lower() is two characters long; the scan must still lower-case the rest
    got = {m.text: m for m in find_mentions("İstanbul: at least 50 people died on Sep 4 at 1600 GMT.")}
    assert got["50"].qualifier == "ge" and got["50"].event == "killed"
    assert got["4"].kind == "date" and got["1600"].kind == "time"


BOMBINGS = ("A bomber killed 28 people in Baghdad. Another blast killed 45 people in Mosul. "
            "A third bomb killed 10 people in Basra.")


@pytest.mark.parametrize(
    "title, body, flagged",
    [
        ("Deal Worth $1.1bn", "The deal is worth $1.13 billion, it said.", []),
        ("Deal Worth $1.3bn", "The deal is worth $1.13 billion, it said.", ["$1.3bn"]),
        ("Site Raises $415K", "The site raised $415,000 in a week.", []),
        ("Site Raises $425K", "The site raised $415,000 in a week.", ["$425K"]),
        ("Dow Climbs 217", "The Dow rose 217.52 points on Friday.", []),
        ("Dow Climbs 219", "The Dow rose 217.52 points on Friday.", ["219"]),
        ("3 Pirates Killed in Rescue", "Navy snipers killed three pirates holding the captain.", []),
        ("3 Pirates Killed in Rescue", "Navy snipers killed four pirates holding the captain.", ["3"]),
        ("83 Killed in Iraq Bombings", BOMBINGS, []),  # 28 + 45 + 10: no pair makes 83
        ("84 Killed in Iraq Bombings", BOMBINGS, ["84"]),
    ],
    ids=["rounded", "rounded-off", "scaled", "scaled-off", "truncated", "truncated-off",
         "spelled", "spelled-off", "sum-of-tolls", "sum-of-tolls-off"],
)
def test_headline_supported_by_body(title, body, flagged):
    assert [f.text for f in run({"title": title, "body": body})] == flagged


def test_headline_count_mismatch_with_same_event():
    rows = {"title": "11 Dead in Alabama Shootings",
            "body": "A gunman killed 10 people in two towns on Tuesday, police said. Six others were hurt."}
    c = corpus_of(rows)
    findings = NumbersValidator().run(c)
    assert [(f.rule, f.text, f.related["text"]) for f in findings] == [("headline-mismatch", "11", "10")]
    assert findings[0].related["confidence"] == "medium"  # same event, no noun in the head
    assert_spans(c, findings)


def test_designator_mismatch():
    c = corpus_of({"title": "Man With AK-33 Kills 2", "body": "He carried an AK-47 rifle and killed two people."})
    findings = NumbersValidator().run(c)
    assert [(f.text, f.related["text"]) for f in findings] == [("33", "47")]
    assert_spans(c, findings)


@pytest.mark.parametrize(
    "body, total, parts_value",
    [
        ("The storm destroyed 30 houses: 12 in Aville and 10 in Btown.", "30", 22),
        ("The storm killed 30 people, including 25 children and 10 women.", "30", 35),
        ("In the poll 54% backed the plan, 32% opposed it and 20% were unsure.", "54%", 106),
    ],
    ids=["complete-list-short", "including-over-total", "shares-past-100"],
)
def test_sum_mismatch(body, total, parts_value):
    c = corpus_of({"title": "Storm", "body": body})
    findings = NumbersValidator().run(c)
    assert [(f.rule, f.text) for f in findings] == [("sum-mismatch", total)]
    assert findings[0].related["value"] == parts_value
    assert_spans(c, findings)


def test_including_parts_under_total_is_fine():
    assert run({"title": "Storm", "body": "The storm killed 30 people, including 12 children and 10 women."}) == []


def test_conflicting_values_and_update_cue():
    body = ("Twelve people were killed in the blast in Kabul, officials said. "
            "Police said 15 people were killed in the blast in Kabul.")
    c = corpus_of({"title": "Blast", "body": body})
    findings = NumbersValidator().run(c)
    assert [(f.rule, f.text, f.related["text"]) for f in findings] == [("conflicting-values", "Twelve", "15")]
    assert_spans(c, findings)
    updated = body.replace("Police said 15 people were", "The toll later rose and 15 people were")
    assert run({"title": "Blast", "body": updated}) == []


def test_different_groups_do_not_conflict():
    def row(who: str) -> dict:
        body = (f"50 Azerbaijani soldiers were killed, the ministry said. "
                f"Armenia said 49 {who} soldiers were killed.")
        return {"title": "Clashes", "lede": "50 Azerbaijani soldiers killed", "body": body}

    assert run(row("Armenian")) == []
    assert [(f.rule, f.text) for f in run(row("Azerbaijani"))] == [("conflicting-values", "50")]


def test_settings_are_named_and_validated():
    with pytest.raises(TypeError):
        NumbersValidator(no_such_setting=1)
    # without low-confidence flags, an unmatched headline number passes
    row = {"title": "Fire Destroys 7 Barns", "body": "A fire in the county on Monday destroyed 4 houses."}
    assert run(row) and not run(row, flag_unmatched=False, trust_same_thing=False)


def test_lede_supports_title_when_only_title_is_checked():
    row = {"title": "Fire Destroys 7 Barns", "lede": "A fire destroyed 7 barns.",
           "body": "A fire in the county on Monday destroyed 4 houses."}
    assert [(f.field, f.text) for f in run(row)] == [("lede", "7")]
    assert run(row, check_fields=("title",)) == []
