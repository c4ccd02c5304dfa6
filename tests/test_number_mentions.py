"""Tests for copydesk.validators.number_mentions (parsing and binding of number mentions)."""

from __future__ import annotations

from copydesk.validators.number_mentions import find_mentions


def by_text(text: str) -> dict:
    return {m.text: m for m in find_mentions(text)}


def test_unit_noun_is_the_head():
    got = by_text("He was caught 31 years later; the 80 mph winds eased.")
    assert got["31"].head == "year"
    assert got["80"].head == "mph"


def test_participle_after_a_plural_ends_the_noun_phrase():
    got = by_text("Three university students studying abroad were hurt.")
    assert got["Three"].head == "student"


def test_and_a_half_and_time_words():
    got = by_text("He served four and a half years. A century later it was found a half-hour away.")
    assert got["four and a half"].value == 4.5 and got["four and a half"].head == "year"
    assert (got["A century"].value, got["A century"].head) == (100, "year")
    assert (got["a half-hour"].value, got["a half-hour"].head) == (30, "minute")
    # a bare "decade" is not one decade; "and a half million" keeps its scale word out
    assert "decade" not in {m.head for m in find_mentions("in the decade since")}
    assert by_text("about 2 and a half million people")["2"].value == 2


def test_range_and_change_to_level():
    got = by_text("The index fell 266 to 11,867. The climber fell 40 to 50 feet. Costs grew from $3 to $8.")
    assert not got["266"].extra.get("range") and not got["11,867"].extra.get("range")
    assert got["40"].extra.get("range") and got["50"].extra.get("range")
    assert got["40"].extra["own"] == (39.5, 40.999)
    assert not got["$3"].extra.get("range")


def test_span_relations_and_bases():
    got = by_text("It sank in 1917, and 100 years later it was found. It broke out 50 years ago.")
    assert got["100"].extra["span"] == "later" and got["100"].extra["span_base"] == (1917.0,)
    assert got["50"].extra["span"] == "ago"


def test_plus_one_fraction_of_and_dated_days():
    got = by_text("The Volt and four other sedans; nine officers and a trooper; half of the $700 billion; "
                  "Feb 1, 1986 and May 29")
    assert got["four"].extra.get("plus_one") and got["nine"].extra.get("plus_one")
    assert got["$700 billion"].extra["fraction_of"] == 0.5
    assert got["1"].kind == "date" and got["1"].extra == {"month": "feb", "year": 1986.0}
    assert got["29"].extra == {"month": "may"}


def test_glued_units():
    got = by_text("Gusts of 80mph, a 200lbs bear, a 3km walk and a $5m deal.")
    assert (got["80mph"].value, got["80mph"].head) == (80, "mph")
    assert got["200lbs"].head == "pound" and got["3km"].head == "km"
    assert got["$5m"].value == 5e6 and got["$5m"].kind == "money"
