"""Boilerplate: furniture families found among the residual lines of extracted web pages.

Each family pairs a furniture line (flagged by the ``phrase`` rule) with a prose sentence that
uses the same words and must stay unflagged. All lines are invented for these tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copydesk.corpus import Corpus
from copydesk.validators.boilerplate import PHRASES, BoilerplateValidator, _compile

BODY = "The harbour board approved the dredging plan on Tuesday after months of delay."

PAIRS = [
    # comment-section heading without a count
    ("Comments", "Comments from the minister angered the unions on Friday."),
    ("Comments:", "Comments were invited until the end of the month, the council said."),
    # related-links lead
    ("You might also enjoy:", "You might also enjoy the new ferry timetable, officials said."),
    # site-help links
    ("Report technical problems with harbourgazette.com",
     "Report problems with potholes to the council, residents were told."),
    ("Report subscription issues", "Reports of subscription issues rose sharply in December."),
    # pull-quote widget labels
    ("“Start Quote", "Start quoting prices in euros, the minister told shop owners."),
    ("End Quote", "The end of the quote was cut from the broadcast."),
    # the footer of an embedded tweet
    ("— Jane Roe (@janeroe_news) April 2, 2013", "— and that, said Roe (a long-time critic), was the end of it."),
    # house promos pointing at a domain
    ("Visit HarbourGazette.com for breaking news, local news and weather",
     "Visitors to harbourgazette.com rose 20 percent last year, the company said."),
    # link-list leads
    ("To reach a section editor, you can use the links below:",
     "Investigators could not see the link between the two fires, police said."),
    # end-of-story reporting credits
    ("With reporting from Jane Roe.", "With reporting from the front line banned, the agency relied on local sources."),
    ("(With additional reporting by Ann Lee and Tom Park)",
     "With reporting by local outlets limited, rumours spread quickly."),
]


def run_on(line: str):
    corpus = Corpus.from_frame(pd.DataFrame([{"id": "a", "title": "T", "body": BODY + "\n\n" + line}]))
    return BoilerplateValidator().run(corpus)


@pytest.mark.parametrize("line", [p for p, _ in PAIRS])
def test_residual_furniture_lines_are_flagged(line):
    assert [(f.rule, f.text) for f in run_on(line)] == [("phrase", line)]


@pytest.mark.parametrize("line", [n for _, n in PAIRS])
def test_residual_near_misses_are_not_flagged(line):
    assert run_on(line) == []


def test_screening_regex_agrees_on_the_residual_pairs():
    named, plain = _compile(PHRASES), _compile(PHRASES, named=False)
    for line in [x for pair in PAIRS for x in pair]:
        assert bool(named.match(line)) == bool(plain.match(line)), line


def test_comment_heading_is_flagged_in_an_extracted_page():
    """One paragraph per line, as a text extractor writes a page: the closing "Comments"
    heading is reported with the offsets of its line."""
    lines = [
        "The harbour board approved the dredging plan on Tuesday after months of delay.",
        "Work is due to start in the spring and last two years, the board said.",
        "Loading...",
        "Comments",
    ]
    body = "\n".join(lines)
    corpus = Corpus.from_frame(pd.DataFrame([{"id": "p", "title": "T", "body": body}]))
    found = {f.text: (f.start, f.end) for f in BoilerplateValidator().run(corpus)}
    assert set(found) == {"Loading...", "Comments"}
    start, end = found["Comments"]
    assert body[start:end] == "Comments" and end == len(body)


STORY = [
    "The harbour board approved the dredging plan on Tuesday after months of delay.",
    "Work is due to start in the spring and last two years, the board said.",
    "Fishermen had warned that silt was closing the channel to larger boats.",
    "The board will publish the contractor's name next month.",
]
COMMENTS = [
    "Finally! I have been saying this for years and nobody listened.",
    "Who is paying for all of this? Not the board, that's for sure.",
]


def page_findings(lines, sep="\n"):
    body = sep.join(lines)
    corpus = Corpus.from_frame(pd.DataFrame([{"id": "p", "title": "T", "body": body}]))
    return body, BoilerplateValidator().run(corpus)


def test_comment_thread_after_the_story_is_flagged():
    """Reader comments after the story's closing furniture are reported, with their own offsets."""
    body, findings = page_findings(STORY + ["Follow @jroe_harbour on Twitter."] + COMMENTS)
    assert [(f.rule, f.text) for f in findings] == [("phrase", "Follow @jroe_harbour on Twitter.")] + [
        ("navigation", c) for c in COMMENTS
    ]
    for f in findings:
        assert body[f.start : f.end] == f.text


def test_comment_heading_and_posted_by_stamp_open_the_thread():
    _, findings = page_findings(STORY + ["2 Comments", "Posted by harbourwatcher at 10:14 pm"] + COMMENTS)
    assert [f.text for f in findings] == ["2 Comments", "Posted by harbourwatcher at 10:14 pm"] + COMMENTS
    assert not {f.text for f in findings} & set(STORY)


def test_comments_in_article_copy_are_left_alone():
    """The same lines separated by blank lines (an ordinary article) are read by the article
    model, which only knows furniture at the edges of copy: nothing here is flagged."""
    _, findings = page_findings(STORY + COMMENTS, sep="\n\n")
    assert findings == []


WRAPPED = [
    "The harbour board approved the dredging plan on",
    "Tuesday after months of delay, and work is",
    "due to start in the spring and last two",
    "years, the board said in a statement.",
    "Fishermen had warned that silt was closing",
    "the channel to larger boats for a decade.",
    "The board will publish the contractor's",
    "name next month.",
]


def test_hard_wrapped_story_fragments_are_not_flagged():
    """An older page wrapped at ~45 characters: every line is short and most end without
    punctuation, yet they are one story; the menu and the copyright line around it are not."""
    body, findings = page_findings(["Home | News | Contact"] + WRAPPED
                                   + ["Copyright 2005 Harbour Board. All rights reserved."])
    assert [f.text for f in findings] == ["Home | News | Contact", "Copyright 2005 Harbour Board. All rights reserved."]
    assert page_findings(WRAPPED)[1] == []


def test_wrapped_lines_are_decided_as_one_block():
    from copydesk.validators.boilerplate_features import block_mean

    probs = block_mean(np.array([0.9, 0.1, 0.2, 0.8]), np.array([0, 0, 1, 2]))
    assert probs.tolist() == pytest.approx([0.5, 0.5, 0.2, 0.8])


# ---- reader threads and hard-wrapped pages (boilerplate_features: _thread_head, _wrap_widths)

THREAD = [
    "Great news for the harbour, about time!!",
    "Thanks for covering this. My dad fished there for forty years and always said the silt would win.",
    "I doubt the contractor will finish on schedule, they never do around here.",
    "Agreed, the last dredging job took three years longer than promised.",
]


def test_lines_below_a_comment_heading_are_the_reader_thread():
    """Every line under a counted comment heading is reported as the thread, whatever it says;
    the story above the heading is not."""
    _, findings = page_findings(STORY + ["4 Comments"] + THREAD)
    texts = [f.text for f in findings]
    assert texts[0] == "4 Comments" and texts[1:] == THREAD
    assert all(f.rule == "navigation" and "comment thread" in f.message for f in findings[1:])


def test_comment_threads_setting_turns_the_thread_rule_off():
    body = "\n".join(STORY + ["4 Comments"] + THREAD)
    corpus = Corpus.from_frame(pd.DataFrame([{"id": "p", "title": "T", "body": body}]))
    quiet = BoilerplateValidator(comment_threads=False).run(corpus)
    assert not [f for f in quiet if "comment thread" in f.message]


@pytest.mark.parametrize("line, is_head", [
    ("12 Comments", True), ("Comments", True), ("Responses to this post", True), ("3 replies", True),
    ("Comment", False),  # a lone label or link
    ("Post a comment", False), ("Send us your comments", False),  # invitations, not headings
    ("Council meeting", False),
])
def test_thread_heading_words(line, is_head):
    from copydesk.validators.boilerplate_features import _WORD, _thread_head, line_tokens

    assert _thread_head(line, line_tokens(_WORD.findall(line.lower()))) is is_head


def test_comment_heading_needs_a_story_above_it():
    """A "Comments" link in a menu at the top of the page opens no thread."""
    _, findings = page_findings(["Home", "Comments"] + STORY)
    assert not [f for f in findings if "comment thread" in f.message]
    _, below = page_findings(STORY + ["Comments"] + STORY)
    assert [f.text for f in below if "comment thread" in f.message] == STORY


WRAPPED_CAPS = [
    "The harbour board approved the dredging plan on Tuesday after",
    "Months of delay had left the channel closed to larger boats and",
    "Fishermen said the silt had cost them most of the autumn season",
    "While the board argued over who should pay for the work, which",
    "The contractor now expects to finish in two years, the board said.",
    "It will publish the full contract and its costs early next month",
    "So that residents can see where the money is going, officials said.",
]


def test_hard_wrapped_page_joins_lines_that_break_before_a_capital():
    """On a page wrapped at a fixed width a line filled to the width continues on the next one
    even when that starts with a capital (a name, a date): all these lines are one block."""
    from copydesk.validators.boilerplate_features import line_features

    body = "\n".join(WRAPPED_CAPS)
    corpus = Corpus.from_frame(pd.DataFrame([{"id": "p", "title": "T", "body": body}]))
    paras = BoilerplateValidator().paragraphs_of(corpus)
    paras = paras[paras["field"] == "body"]
    *_, block = line_features(paras, np.zeros(len(paras)), np.zeros(len(paras)))
    assert len(set(block.tolist())) < len(WRAPPED_CAPS)
    assert block[0] == block[1] == block[2] == block[3] == block[4]
    assert page_findings(WRAPPED_CAPS)[1] == []


def test_even_one_sentence_paragraphs_are_not_a_wrapped_page():
    """Lines of similar length that each end a sentence are paragraphs, not a wrapped text."""
    from copydesk.validators.boilerplate_features import _wrap_widths

    def width(lines):
        lengths = np.array([len(s) for s in lines])
        return _wrap_widths(lines, lengths, np.ones(len(lines), dtype=bool), np.array([0]), np.array([len(lines)]))[0]

    assert width(STORY * 2) == 0.0
    assert width([s.rstrip(".") for s in STORY * 2]) > 0  # the same lines stopping in mid-sentence
