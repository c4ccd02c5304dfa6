"""Boilerplate validator: stock phrases and lines repeated across one source's articles."""

from __future__ import annotations

import pandas as pd
import pytest

from copydesk.corpus import Corpus, load_corpus
from copydesk.validators.boilerplate import BoilerplateValidator

from .conftest import SEED_ARTICLE

PROSE = [
    "The city council approved the budget on Tuesday after a long debate about road repairs.",
    "Officials said the new bridge would open in the spring, two years later than planned.",
    "Farmers in the valley reported a smaller harvest after weeks of dry weather this summer.",
    "The museum will reopen its east wing next month with an exhibition of local photography.",
]


def corpus_of(rows):
    return Corpus.from_frame(pd.DataFrame(rows))


def test_seed_flags_exactly_the_two_furniture_lines():
    findings = BoilerplateValidator().run(load_corpus([SEED_ARTICLE]))
    assert [(f.rule, f.text) for f in findings] == [
        ("phrase", "You can share this story on social media:"),
        ("phrase", "Comments are closed."),
    ]
    body = load_corpus([SEED_ARTICLE]).articles.iloc[0]["body"]
    for f in findings:
        assert body[f.start : f.end] == f.text and f.field == "body"


@pytest.mark.parametrize("line", [
    "Share this article",
    "Sign up for our daily newsletter to get the latest headlines.",
    "Subscribe to The Post",
    "We use cookies to improve your experience. By continuing you accept our use of cookies.",
    "© 2024 Example Media Group. All rights reserved.",
    "Copyright 2019 The Associated Press. All rights reserved.",
    "Comments (12)",
    "3 Comments",
    "Add a comment",
    "Read more: Council delays vote on ferry subsidy",
    "Related Stories",
    "Most Popular",
    "Follow @jdoe on Twitter.",
    "Photo: John Smith/Getty Images",
    "Advertisement",
    "Story continues below advertisement",
    "Filed Under: Economy, Jobs, Taxes",
    "Posted by Jane Doe on March 5, 2013 at 10:27 am",
    "Terms of Use",
    "Home | News | Sport | Weather",
    "Loading...",
    "Please enable JavaScript to view the comments powered by Disqus.",
    "Related: Who's who in the council budget fight",
    "By Matthew Dalton",
    "5 April 2013",
    "22:00 UK time, Wednesday, 27 March 2013",
    "Danny Betts1 Hour ago",
    "Find out more",
    "Are you affected by the floods? Send us your experiences and photos.",
])
def test_stock_phrases_are_flagged(line):
    corpus = corpus_of([{"id": "a", "title": "T", "body": PROSE[0] + "\n\n" + line}])
    findings = BoilerplateValidator().run(corpus)
    assert [f.text for f in findings] == [line]


@pytest.mark.parametrize("line", [
    "Share prices fell 3 percent in early trading after the report.",
    "More than 1,200 people attended the rally, organisers said.",
    "The company said it would close comments on its forum after a wave of abuse.",
    "Readers shared the story widely on social media, the editor said.",
    "Photographers from Getty Images and Reuters were barred from the courtroom on Monday.",
    "Watch the ad below:",
    "Advertising revenue rose 12 percent in the quarter, the company said.",
    "The vote was held 2 hours ago.",
    "By the numbers",
])
def test_prose_mentioning_furniture_words_is_not_flagged(line):
    corpus = corpus_of([{"id": "a", "title": "T", "body": PROSE[1] + "\n\n" + line}])
    assert BoilerplateValidator().run(corpus) == []


def test_repeated_lines_per_source_with_thresholds():
    footer = "The Harbor Ledger is a reader-funded newsroom covering the bay."
    rows = [
        {"id": f"l{i}", "source": "Ledger", "title": "T", "body": f"{PROSE[i]}\n\n{footer}"}
        for i in range(3)
    ] + [{"id": "w1", "source": "Wire", "title": "T", "body": f"{PROSE[3]}\n\n{footer}"}]
    findings = BoilerplateValidator().run(corpus_of(rows))
    assert sorted(f.article_id for f in findings) == ["l0", "l1", "l2"]  # not the Wire copy
    assert {f.rule for f in findings} == {"repeated-line"}
    assert all(f.severity == "warning" and "3 articles from Ledger" in f.message for f in findings)
    # the threshold is a setting: four repeats needed -> nothing
    assert BoilerplateValidator(min_repeats=4).run(corpus_of(rows)) == []


def test_repeated_line_normalises_case_and_punctuation():
    rows = [
        {"id": "a", "source": "S", "title": "T", "body": f"{PROSE[0]}\n\nSupport our journalism today!"},
        {"id": "b", "source": "S", "title": "T", "body": f"{PROSE[1]}\n\nsupport our  journalism today"},
        {"id": "c", "source": "S", "title": "T", "body": f"{PROSE[2]}\n\nSUPPORT OUR JOURNALISM TODAY."},
    ]
    findings = BoilerplateValidator().run(corpus_of(rows))
    assert len(findings) == 3


def test_unknown_setting_is_rejected():
    with pytest.raises(TypeError, match="unknown setting"):
        BoilerplateValidator(min_repeat=3)


def test_navigation_blocks_in_extracted_pages():
    page = "\n".join([
        "Also in the news", "Arts & culture", "West End seats price rise", "Missing painting sought",
        PROSE[0], PROSE[1], PROSE[2],
        "Most read this week in the region", "Elsewhere on the site", "Programmes",
    ])
    table = "\n".join([PROSE[3], "Revs 22.6 mln vs 28.5 mln", "Net 4.7 mln vs 3.0 mln",
                       "Shr 86 cts vs 75 cts", "Year"])
    corpus = corpus_of([{"id": "page", "title": "T", "body": page}, {"id": "wire", "title": "T", "body": table}])
    findings = BoilerplateValidator().run(corpus)
    nav = [f.text for f in findings if f.rule == "navigation"]
    assert "Arts & culture" in nav and "Programmes" in nav and "Elsewhere on the site" in nav
    assert all(f.article_id == "page" for f in findings)  # results tables are not menus
    assert not any(p in nav for p in PROSE)
    # runs here are 4 and 3 lines long: a longer minimum run flags none of them
    assert [f for f in BoilerplateValidator(nav_min_run=5).run(corpus) if f.rule == "navigation"] == []


def test_navigation_takes_teasers_between_links_but_not_separators():
    page = "\n".join([
        PROSE[0], PROSE[1],
        "Also in the news", "-", "West End seats price rise",
        "Ticket prices for the best seats rise to nearly 80 pounds, a trade paper says.",
        "-", "Missing painting sought", "-", "Programmes",
    ])
    findings = BoilerplateValidator().run(corpus_of([{"id": "page", "title": "T", "body": page}]))
    texts = [f.text for f in findings]
    assert "Ticket prices for the best seats rise to nearly 80 pounds, a trade paper says." in texts
    assert "-" not in texts
    assert PROSE[0] not in texts and PROSE[1] not in texts
