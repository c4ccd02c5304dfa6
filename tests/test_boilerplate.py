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
    "Filed Under: Schools, Budget, Transport",
    "Posted by Jane Doe on March 5, 2013 at 10:27 am",
    "Terms of Use",
    "Home | News | Sport | Weather",
    "Loading...",
    "Please enable JavaScript to view the comments powered by Disqus.",
    "Related: Who's who in the council budget fight",
    "By Matthew Dalton",
    "5 April 2013",
    "19:30 UK time, Tuesday, 14 May 2013",
    "Maria Lopez2 Hours ago",
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


HARBOUR_STORY = [
    "The harbour board approved the dredging plan on Tuesday after months of delay.",
    "Work is due to start in the spring and last two years, the board said.",
    "Fishermen had warned that silt was closing the channel to larger boats.",
    "The board will publish the contractor's name next month.",
]


def test_menus_and_related_lists_in_an_extracted_page():
    """One paragraph per line, as a text extractor writes a page: the menu above the story and
    the related-headline list below it are furniture, the story's own short lines are not; a
    wire results table in article copy is not a menu."""
    page = "\n".join(["Home", "News", "Sport", "Business", *HARBOUR_STORY, "Related stories",
                      "Council votes to sell the old pier", "Ferry fares to rise in April"])
    table = "\n\n".join([PROSE[3], "Revs 22.6 mln vs 28.5 mln", "Net 4.7 mln vs 3.0 mln",
                          "Shr 86 cts vs 75 cts", "Year"])
    corpus = corpus_of([{"id": "page", "title": "T", "body": page}, {"id": "wire", "title": "T", "body": table}])
    findings = BoilerplateValidator().run(corpus)
    flagged = {f.text: f.rule for f in findings}
    menu = {"Home", "News", "Sport", "Business"}
    assert len(menu & set(flagged)) >= 3  # a scored model, not a list: most of the menu, not every item
    assert {"Council votes to sell the old pier", "Ferry fares to rise in April"} <= set(flagged)
    assert flagged["Related stories"] == "phrase" and flagged["Home"] == "navigation"
    assert not set(HARBOUR_STORY) & set(flagged)
    assert all(f.article_id == "page" for f in findings)
    nav = next(f for f in findings if f.text == "Home")
    assert nav.message.startswith("page furniture: ")


def test_threshold_offset_trades_findings_for_certainty():
    page = "\n".join(["Home", "News", "Sport", "Business", *HARBOUR_STORY, "Related stories",
                      "Council votes to sell the old pier", "Ferry fares to rise in April"])
    corpus = corpus_of([{"id": "page", "title": "T", "body": page}])
    default = BoilerplateValidator().run(corpus)
    strict = BoilerplateValidator(threshold_offset=1.0).run(corpus)  # no probability exceeds 1
    assert strict == [] and len(default) >= 6


def test_short_bodies_fall_back_to_the_phrase_rule():
    """A two-line note has no page around its lines: only stock phrases are flagged there."""
    corpus = corpus_of([{"id": "a", "title": "T", "body": "Home\n\nFerry fares to rise in April"},
                        {"id": "b", "title": "T", "body": "Ferry fares to rise in April\n\nComments are closed."}])
    assert [(f.article_id, f.rule) for f in BoilerplateValidator().run(corpus)] == [("b", "phrase")]
    assert BoilerplateValidator(min_context_lines=1).defaults()["min_context_lines"] == 4


def test_link_lists_are_flagged_but_separator_lines_are_not():
    page = "\n".join([
        PROSE[0], PROSE[1],
        "Also in the news", "-", "West End seats price rise",
        "Ticket prices for the best seats rise to nearly 80 pounds, a trade paper says.",
        "-", "Missing painting sought", "-", "Programmes",
    ])
    findings = BoilerplateValidator().run(corpus_of([{"id": "page", "title": "T", "body": page}]))
    texts = [f.text for f in findings]
    assert {"Missing painting sought", "Programmes"} <= set(texts)
    assert "-" not in texts  # a line with no letters is never reported
    assert PROSE[0] not in texts and PROSE[1] not in texts


# Stock forms added from benchmarks/boilerplate_probe.py (furniture lines written independently
# of the dev set). Each positive comes with a near-miss prose sentence that uses the same words.
PROBE_PAIRS = [
    # share bars and network-name rows
    ("Share:", "Share adjusted for three-for-two stock split."),
    ("Save for later", "Save the date, organisers told volunteers, because the hall is booked early."),
    ("Facebook Twitter Email", "Facebook, Twitter and Google were summoned to testify before the committee."),
    # follow / channel invitations
    ("Join our WhatsApp channel for breaking news", "Join us in the fight, the union leader told a rally of 5,000 workers."),
    ("Stay connected with us on social media", "Residents were told to stay connected to the emergency radio network."),
    # newsletter forms
    ("Enter your email address", "Users must enter their email address to vote, the company said."),
    ("Thanks for signing up!", "Thanks to strong sales, the company raised its forecast."),
    ("By subscribing, you agree to our Terms of Use.",
     "By subscribing to the bond issue, pension funds gained a steady return."),
    ("Get email updates from the Courier", "Get-out-the-vote efforts intensified over the weekend."),
    # paywalls and accounts
    ("Subscribers only", "Only subscribers to the service were affected by the outage."),
    ("Forgot your password?", "Staff forgot to lock the door, the report found."),
    ("You've reached your free article limit.", "You have reached the end of an era, the chairman told staff."),
    ("Try 3 months for $1", "Tickets cost $1 for children under 12."),
    ("Don't have an account? Register", "Many farmers do not have a bank account, the survey found."),
    # consent managers
    ("Accept all cookies", "Accept the offer, the union urged its members."),
    ("Manage cookie preferences", "Data preferences vary widely among consumers, the survey found."),
    ("We use cookies to improve your experience.", "We use cookies from a family recipe, the bakery's owner said with a laugh."),
    # licensing and rights
    ("Reprints & Permissions", "Permissions for the march were refused by police."),
    ("Copyright Example Media Group 2014", "Copyright law has not kept pace with technology, the panel concluded."),
    ("This material may not be published without permission.",
     "The images may not be published without consent under the new law, the court said."),
    # comment widgets
    ("Comments are closed for this story.", "Comments are welcome until March 31, the agency said."),
    ("Be the first to comment", "Be the first to know, the campaign promised supporters who downloaded its app."),
    ("Sort by: Oldest first", "Sorting by hand is slow, the recycling plant's manager said."),
    ("Reply", "In his reply, the minister said the figures were out of date."),
    ("Tell us what you think in the comments below.", "The comments below the post were deleted, the site said."),
    # related-links blocks
    ("Keep reading", "Keep reading the small print, consumer groups advise, because the fees change often."),
    ("Around the web", "Around the world, governments are struggling to contain the outbreak."),
    ("Popular on The Daily Ledger", "Popular on campus, the professor was known for long lectures."),
    ("Next article", "Next, the bill goes to the governor for his signature."),
    # credits
    ("File photo", "Photographs released by the military showed damaged buildings near the border."),
    ("(AP Photo/Jane Doe)", "The AP photo editor said the image had not been altered."),
    ("Enlarge this image", "Enlarge the image, the analyst said, and the damage is clear."),
    ("Source: Office for National Statistics", "Sources said the deal could be announced as soon as Monday."),
    ("Photo 2 of 9", "2 of 9 crew members survived the crash."),
    ("Illustration by Sam Lee for The Herald", "Video games now bring in more money than films and music combined."),
    # advertisement slots
    ("Article continues below advertisement", "The story continues to unfold as investigators search the wreckage."),
    ("Sponsored Links by Taboola", "Sponsored by two Republicans, the bill passed the Senate by a wide margin."),
    ("Scroll to continue with content", "Scrolling through social media is how most teenagers get their news."),
    # tags
    ("Subjects: Health, Education", "Subjects of the study were paid $50 each."),
    ("Explore more on these topics", "Topics such as immigration and crime dominated the debate."),
    ("Posted in Politics | Tagged budget, taxes", "Posted in Kabul in 2009, he served two tours."),
    # bylines and date stamps
    ("About the author", "About the author of the report, little is known."),
    ("By Jane Smith, Staff Writer", "By Friday, the river had risen above the flood barriers."),
    ("Tue, Mar 5, 2013", "The vote is scheduled for March 5, 2013, the clerk said."),
    ("Published: March 5, 2013", "The book was published in 1998 and sold more than a million copies."),
    # wire and syndication credits
    ("(Reporting by Jane Doe in London; Editing by Mark Potter)",
     "Reporting by the newspaper revealed that the mayor had used public funds."),
    ("The Associated Press contributed to this report.", "Several countries contributed troops to the mission."),
    ("This article originally appeared on The Conversation.",
     "This article of the constitution has never been tested in court."),
    ("(With inputs from PTI)", "Inputs from farmers' groups were ignored, the opposition said."),
    ("Republished with permission.", "The photos were published with permission from the family, police said."),
    ("Our standards: The Trust Principles.", "Our standards of living have fallen, the protesters said."),
    # apps and notifications
    ("Download the Ledger app for iPhone and Android.",
     "Officials urged residents to download the app, which tracks outbreaks."),
    ("Turn on notifications", "Drivers can turn on notifications in the car's settings menu."),
    # audio
    ("Listen to this article", "Listen to the voters, the senator urged his colleagues."),
    ("Listen 5 min", "Listeners called in to the radio show to complain about the decision."),
    ("Follow our daily news podcast wherever you listen.",
     "The podcast, which began in 2014, has been downloaded 100 million times."),
    ("Media playback is unsupported on your device",
     "Older devices are not supported by the new software, the company said."),
    # donation and membership
    ("Support independent journalism", "Support for the measure has fallen since the spring, polls show."),
    ("We can only do this with the help of readers like you.", "Readers liked the new design, the editor said."),
    ("Become a member", "Become a member of the alliance, the president urged Kyiv's neighbours."),
    # tips and corrections
    ("Have a news tip? Email us.", "Have you ever wondered why the sky is blue? Scientists think they know."),
    ("Send us a tip", "Send us a message, the kidnappers told the family."),
    ("Report an error", "Report cards will be sent home on Friday."),
    ("Clarification appended", "Clarification of the rules is expected next week."),
    ("Write to Jane Smith at jane.smith@example.com", "Write to your MP, the campaign urges supporters."),
    # live blogs
    ("Live updates", "Live music venues have struggled to reopen after the pandemic."),
    ("Follow our live coverage of the election", "Follow-up tests showed no trace of the virus, the hospital said."),
    ("Load earlier posts", "Load shedding will continue until the weekend, the utility said."),
    # geo-blocked media
    ("This content is not available in your country.", "The drug is not available in most countries, doctors said."),
]


@pytest.mark.parametrize("line", [p for p, _ in PROBE_PAIRS])
def test_probe_derived_stock_phrases_are_flagged(line):
    corpus = corpus_of([{"id": "a", "title": "T", "body": PROSE[0] + "\n\n" + line}])
    findings = BoilerplateValidator().run(corpus)
    assert [(f.rule, f.text) for f in findings] == [("phrase", line)]


@pytest.mark.parametrize("line", [n for _, n in PROBE_PAIRS])
def test_probe_derived_near_misses_are_not_flagged(line):
    corpus = corpus_of([{"id": "a", "title": "T", "body": PROSE[1] + "\n\n" + line}])
    assert BoilerplateValidator().run(corpus) == []


def test_screening_regex_accepts_exactly_the_labelled_lines():
    from copydesk.validators.boilerplate import PHRASES, _compile

    named, plain = _compile(PHRASES), _compile(PHRASES, named=False)
    for line in [p for pair in PROBE_PAIRS for p in pair] + PROSE:
        assert bool(named.match(line)) == bool(plain.match(line)), line


# lines written for these tests: each guarded pattern's kind of furniture, near misses and prose
GUARDED_LINES = [
    "Photo: Jane Doe/Getty Images", "City hall at dusk. ap photo", "To reach the desk, use the links below:",
    "We use cookies to improve your experience on this site.", "Got a tip? Send us your stories here.",
    "The mayor spoke for an hour about the budget read more", "Sign up for our weekly newsletter today",
    "Report this comment", "Tell us in the comments below what you think.", "Example Media. All rights reserved.",
    "Read this story in our app", "This material may not be published without permission.",
    "Sam Lee 3 hours ago", "Readers like you keep this site going.", "Ana Ruiz contributed reporting.",
    "Let us know what you think in the comments.", "Council members (Staff photo / The Daily)",
    "Video is not supported on your browser", "Updated 10:14 am, March 3, 2021", "Correction appended.",
    "An earlier version of this story misstated the date.", "Sam Lee 3 hours ago.", "The council met on Monday.",
    "He said the photo was taken in 2019 / 2020.", "ſend us your ſtories", "Сookies", "COOKIE settings are here",
]


def test_guarded_screen_accepts_exactly_what_the_full_alternation_accepts():
    from copydesk.validators.boilerplate import PHRASES, _compile, _Screen

    plain, screen = _compile(PHRASES, named=False), _Screen(PHRASES)
    assert len(screen._guarded) >= 15  # the guards still name their patterns
    for line in GUARDED_LINES + [p for pair in PROBE_PAIRS for p in pair] + PROSE:
        assert screen.match(line) == bool(plain.match(line)), line


def test_fold_covers_every_character_ignorecase_matches_to_an_ascii_letter():
    import re

    from copydesk.validators.boilerplate import _fold

    letter = re.compile("[a-z]", re.IGNORECASE).fullmatch
    for cp in range(0x110000):
        ch = chr(cp)
        if letter(ch):
            assert len(_fold(ch)) == 1 and _fold(ch) in "abcdefghijklmnopqrstuvwxyz", hex(cp)


def test_cached_token_buckets_are_the_crc32_buckets():
    import zlib

    from copydesk.validators.boilerplate_features import HASH_BITS, token_buckets

    words = ["share", "^share", "more$", "newsletter", "0", "café"]
    expected = [zlib.crc32(w.encode("utf-8")) % (1 << HASH_BITS) for w in words]
    assert token_buckets(words) == expected
    assert token_buckets(words) == expected  # from the cache the second time
