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


def test_vague_quantities_carry_ranges():
    got = by_text("Dozens of guards, several hundred fans, tens of thousands of people, a few men, "
                  "a handful of pupils and scores of boats; for decades.")
    assert (got["Dozens"].kind, got["Dozens"].lo, got["Dozens"].hi, got["Dozens"].head) == ("vague", 24, 100, "guard")
    assert (got["several hundred"].lo, got["several hundred"].hi) == (300, 900)
    assert (got["tens of thousands"].lo, got["tens of thousands"].hi) == (2e4, 1e5)
    assert (got["a few"].lo, got["a few"].hi, got["a few"].head) == (2, 6, "men")
    assert got["a handful"].head == "pupil" and got["scores of"].lo == 40
    assert (got["decades"].head, got["decades"].lo) == ("year", 20)
    # a number before the plural makes it a count of units; "scores" alone is a noun
    assert [(m.text, m.kind) for m in find_mentions("after 2 decades")] == [("2", "count")]
    assert find_mentions("the test scores were tied") == []


def test_half_a_dozen_and_qualified_dozen():
    got = by_text("half a dozen cars, a half dozen vans and nearly a dozen buses")
    assert got["half a dozen"].value == 6 and got["a half dozen"].value == 6
    assert (got["a dozen"].qualifier, got["a dozen"].lo, got["a dozen"].hi) == ("le", 7, 12)


def test_verbs_and_prepositions_as_qualifiers():
    got = by_text("Nearing 50, she has well over 300 songs and as few as 3 misses")
    assert (got["50"].qualifier, got["300"].qualifier, got["3"].qualifier) == ("le", "gt", "ge")
    assert got["50"].lo < 50 == got["50"].hi


def test_abbreviations_inside_a_noun_phrase():
    got = by_text("seven Mt. Vernon firefighters and a paramedic; two U.S. soldiers died")
    assert got["seven"].head == "firefighter" and got["seven"].extra.get("plus_one")
    assert (got["two"].head, got["two"].mods) == ("soldier", ("u.s.",))


def test_rates_shares_and_names():
    got = by_text("One in five renters; 212 of its 230 employees; the S&P 500 and a Category 4 storm; "
                  "the top 10 cities")
    assert got["One"].extra["ratio"] == (1, 5) and got["five"].extra["ratio_of"]
    assert got["212"].head == "employee"
    assert got["500"].extra["list"] == "s&p" and got["4"].extra["list"] == "category"
    assert "list" not in got["10"].extra and got["10"].head == "city"


def test_scale_letters():
    got = by_text("14M bees, a 100m sprint and $3B in debt")
    assert got["14M"].value == 14e6 and "letter_scale" not in got["14M"].extra
    assert got["100m"].extra["letter_scale"] == 1e6
