"""The attribution check: quotes, claims and figures that carry no source."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from copydesk.corpus import Corpus, load_corpus
from copydesk.validators import all_validators
from copydesk.validators.attribution import AttributionValidator
from copydesk.validators.text import lowercase, trie_pattern

SEED = Path(__file__).resolve().parents[1] / "seeds" / "rt-azerbaijan-armenia-losses.txt"
PASHINYAN = "According to Armenian Prime Minister Nikol Pashinyan, "


def corpus(*bodies: str, sources=None, title: str = "Headline") -> Corpus:
    rows = [
        {"id": f"a{i}", "title": title, "lede": "", "body": body,
         "source": (sources[i] if sources else "wire")}
        for i, body in enumerate(bodies)
    ]
    return Corpus.from_frame(pd.DataFrame(rows))


def check(*bodies: str, **settings):
    c = corpus(*bodies)
    found = AttributionValidator(**settings).run(c)
    for f in found:  # the offsets contract
        assert c.text_of(f.article_id, f.field)[f.start:f.end] == f.text
    return found


def rules(found) -> list[str]:
    return [f.rule for f in found]


# ---------------------------------------------------------------- the seed article
def test_registered():
    assert all_validators()["attribution"] is AttributionValidator
    assert AttributionValidator.table == "sentences"


def test_seed_has_no_attribution_finding():
    assert AttributionValidator().run(load_corpus([SEED])) == []


def test_seed_without_pashinyan_flags_exactly_that_sentence(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    assert PASHINYAN + "49" in text
    edited = tmp_path / "edited.txt"
    edited.write_text(text.replace(PASHINYAN + "49", "49"), encoding="utf-8")
    c = load_corpus([edited])
    found = AttributionValidator().run(c)
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.field, f.severity) == ("unattributed-claim", "body", "error")
    assert f.text == "49 Armenian soldiers were killed while repelling the atack."
    assert c.text_of(f.article_id, "body")[f.start:f.end] == f.text
    assert "casualty" in f.message


# ---------------------------------------------------------------- quotations
@pytest.mark.parametrize("body", [
    'The mayor spoke on Monday. "We will rebuild every home in this town," she said.',
    "“We will rebuild every home in this town,” the mayor told reporters.",
    "According to the mayor, “we will rebuild every home in this town.”",
    "The mayor said: “We will rebuild every home in this town.”",
    "The mayor on Twitter: “We will rebuild every home in this town.”",
    # speaker in the previous sentence of the paragraph (a quote continuing)
    '"We lost a lot," the mayor said. "We will rebuild every home in this town."',
    # split after a question mark; the speaker opens the next sentence
    "“Who is going to pay for every single home?” Trump went on. He did not answer.",
    # NYT doubled apostrophes
    "''We will rebuild every home in this town,'' Mr. Smith said.",
    # a possessive source phrase ('s view) right after a name
    "“We will rebuild every home in this town” within a year, in the mayor’s view.",
    "“We will rebuild every home in this town” within a year, in Bolton's view.",
])
def test_attributed_quotes_are_silent(body):
    assert check(body) == []


def test_unattributed_quote_is_flagged_with_the_quote_span():
    body = "The storm hit at night.\n“We will rebuild every home in this town.”"
    found = check(body)
    assert rules(found) == ["unattributed-quote"]
    assert found[0].text == "“We will rebuild every home in this town.”"


def test_cue_inside_the_quote_does_not_attribute_it():
    found = check('"I said we would win this race and we will win it."')
    assert rules(found) == ["unattributed-quote"]


def test_scare_quotes_titles_and_names_are_not_quotations():
    body = (
        "Baku accused Armenian “saboteurs” of mining roads.\n"
        "Crowds chanted outside while the “wounded” waited.\n"
        "He wrote a book, “The Art Of The Deal Revisited,” in 2010.\n"
        "A group called “Citizens for a Better Tomorrow Today” held a rally."
    )
    assert check(body) == []


def test_multi_sentence_and_paragraph_spanning_quotes():
    # AP style: no closing mark at the end of a paragraph when the quote runs on
    body = (
        '"We will rebuild. Every home will stand again," the mayor said. "It will take years.\n'
        '"But we will do it, every single one of them."'
    )
    assert check(body) == []


def test_new_quote_paragraph_needs_its_own_speaker_unless_carried():
    body = '"We lost a lot of homes," the mayor said.\n"We will rebuild every one of them."'
    assert rules(check(body)) == ["unattributed-quote"]
    assert check(body, quote_carry_paragraphs=1) == []


def test_min_quote_words_setting():
    body = "The plan was “simply not workable.”"
    assert check(body) == []
    assert rules(check(body, min_quote_words=3)) == ["unattributed-quote"]


# ---------------------------------------------------------------- unbalanced marks
def test_unbalanced_quote_is_its_own_rule_not_a_crash():
    found = check('"We will respond to this attack with force, he said.\nThe talks ended.')
    assert rules(found) == ["unbalanced-quote"]
    # the only evidence is a closing mark missing at the end of the paragraph
    assert found[0].severity == "info"
    assert "end of its paragraph" in found[0].message
    assert found[0].text.startswith('"We will respond')


@pytest.mark.parametrize("body", ["The talks ended” on Monday.", 'The talks ended on Monday."'])
def test_stray_closing_mark_is_unbalanced(body):
    found = check(body)
    assert rules(found) == ["unbalanced-quote"]
    assert found[0].severity == "warning"


def test_nested_quote_left_open_is_a_warning():
    found = check('Talks stalled, "the envoy wrote "we will not sign this week, aides said.\nThe talks ended.')
    assert rules(found) == ["unbalanced-quote"]
    assert found[0].severity == "warning"


def test_info_unbalanced_quote_does_not_fail_the_default_gate():
    from copydesk.reports.report import fails_gate

    found = check('"We will respond to this attack with force, he said.\nThe talks ended.')
    assert [f.severity for f in found] == ["info"]
    assert not fails_gate(found[0].severity, "error") and not fails_gate(found[0].severity, "warning")
    assert fails_gate(found[0].severity, "info")


# ------------------------------------------------- newsroom quotation conventions
@pytest.mark.parametrize("body", [
    # AP: each paragraph of a long quotation opens with a mark, only the last closes
    'The minister said the cuts were over. "We have done what we promised.\n'
    '"Now we will invest in the clinics," she said.',
    "The minister said the cuts were over. “We have done what we promised.\n"
    "“Now we will invest in the clinics,” she said.",
    # ... also when the reopening paragraph starts with a dash
    "The minister said the cuts were over. “We have done what we promised.\n"
    "— “Now we will invest in the clinics,” she said.",
    # the same two paragraphs joined into one line by text extraction
    'The minister said the cuts were over. "We have done what we promised for the clinics. '
    '"Now we will appeal the ruling on the hospitals," she said.',
    "The minister said the cuts were over. “We have done what we promised for the clinics. "
    "“Now we will appeal the ruling on the hospitals,” she said.",
    # quotes inside quotes, straight inside curly and straight inside straight
    "“They told us \"the money is gone\" and walked out of the room,” the mayor said.",
    '"They told us "the money is gone" and walked out of the room," the mayor said.',
    # a curly mark typed the wrong way round is a slip, not a broken quotation
    "She called the film “Frozen“ a success and praised its cast in public.",
    # wire copy's plural possessive typed as a double mark
    'Output from the United States" western fields rose in March, traders said.',
])
def test_newsroom_quote_conventions_are_balanced_and_attributed(body):
    assert check(body) == []


def test_joined_paragraphs_still_need_a_speaker():
    body = ("The storm hit at night. “We have done what we promised for the clinics. "
            "“Now we will appeal the ruling on the hospitals.”")
    found = check(body)
    assert rules(found) == ["unattributed-quote"]
    assert found[0].text.startswith("“We have done") and found[0].text.endswith("hospitals.”")


def test_colon_introduction_covers_the_whole_quoted_paragraphs_after_it():
    body = ("The minister told parliament on Monday:\n"
            "“We have done what we promised for the clinics and the schools.”\n"
            "“Now we will invest what is left in the hospitals of the north.”")
    assert check(body) == []
    # narrative between them ends the chain: the next quote-led paragraph needs a speaker
    later = body + "\nThe vote is on Friday.\n“Nobody will lose a job in this town.”"
    found = check(later)
    assert rules(found) == ["unattributed-quote"]
    assert found[0].text == "“Nobody will lose a job in this town.”"
    assert check(body, quote_carry_whole_paragraphs=False) != []


def test_he_added_with_no_speaker_before_it_attributes_nothing():
    cut = ("The storm hit at night.\n"
           "“We will rebuild every home in this town,” he added.")
    found = check(cut)
    assert rules(found) == ["unattributed-quote"]
    assert "follows no named speaker" in found[0].message
    named = "Mayor Ana Ruiz said the storm hit at night.\n" + cut.split("\n")[1]
    assert check(named) == []
    assert check(cut, continuation_lookback=None) == []
    # "Ruiz added" names its speaker
    assert check(cut.replace("he added", "Ruiz added")) == []


def test_wire_apostrophes_inch_marks_and_nested_quotes_are_balanced():
    body = (
        'Kuwait"s oil minister said output was steady.\n'
        'The guard is 6\'2" tall, police said.\n'
        'Trump tweeted, "Reporting that the killer shouted "Allah hu Akbar!" as he fired."'
    )
    assert check(body) == []
    # the nested marks are tracked, not ignored: without its last mark the outer quote stays open
    assert rules(check(body[:-1])) == ["unbalanced-quote"]


# ---------------------------------------------------------------- vague sources
@pytest.mark.parametrize("body, phrase", [
    ("The minister reportedly resigned on Friday.", "reportedly"),
    ("The deal will close next week, sources said.", "sources said"),
    ("Officials say the bridge is unsafe.", "Officials say"),
    ("Experts believe the virus will spread.", "Experts believe"),
    ("It is believed the ship sank at night.", "It is believed"),
    ("The ship sank at night, according to media reports.", "according to media reports"),
])
def test_vague_sources(body, phrase):
    found = check(body)
    assert rules(found) == ["vague-source"]
    assert found[0].text == phrase and found[0].severity == "warning"


@pytest.mark.parametrize("body", [
    "U.S. officials said the bridge is unsafe.",
    "The deal will close next week, the sources said.",
    "Treasury officials told reporters the bridge is unsafe.",
])
def test_identified_sources_are_not_vague(body):
    assert check(body) == []


def test_vague_sources_can_be_switched_off():
    assert check("The minister reportedly resigned.", report_vague=False) == []


# ---------------------------------------------------------------- claims
@pytest.mark.parametrize("body", [
    "At least 12 civilians were killed in the shelling.",
    "The blast killed at least 30 people near the market.",
    "Two policemen were wounded in the attack.",
    "The rebels were responsible for the attack on the convoy.",
])
def test_unsourced_claims_are_flagged(body):
    found = check(body)
    assert rules(found) == ["unattributed-claim"]
    assert found[0].text == body


@pytest.mark.parametrize("body", [
    "At least 12 civilians were killed in the shelling, the ministry said.",
    "The ministry updated the toll in a statement. At least 12 civilians were killed in the shelling.",
    "Police say 30 people were killed near the market.",
    # not counts: times, ages, dates
    "She was gravely wounded five years ago in a shooting.",
    "His 6-year-old son was killed in 2012.",
    "In 2020, the two countries fought a 44-day war.",
    # a neutral "responsible for"
    "The division is responsible for worldwide development of software.",
])
def test_sourced_or_plain_statements_are_silent(body):
    assert check(body) == []


def test_claim_kinds_setting():
    body = "The group raised more than $37 million this year."
    assert check(body) == []
    found = check(body, claim_kinds=["money"])
    assert rules(found) == ["unattributed-claim"] and "money" in found[0].message
    body = "It is clear that the plan has failed."
    assert rules(check(body, claim_kinds=["perception"])) == ["unattributed-claim"]
    assert check("The senator said it is clear that the plan has failed.", claim_kinds=["perception"]) == []


def test_unknown_settings_are_rejected():
    with pytest.raises(TypeError):
        AttributionValidator(claim_kinds=["gossip"])
    with pytest.raises(TypeError):
        AttributionValidator(no_such_setting=1)


def test_fields_setting_covers_titles():
    c = corpus("Nothing to see here.", title="12 soldiers killed in border clash")
    assert AttributionValidator().run(c) == []
    found = AttributionValidator(fields=["title", "lede", "body"]).run(c)
    assert [(f.field, f.rule) for f in found] == [("title", "unattributed-claim")]


# ---------------------------------------------------------------- per-article columns
def test_decision_adds_per_article_and_per_source_columns():
    from copydesk.run import LocalExecutor

    c = corpus(
        '"We will rebuild every home in this town," the mayor said.\nAt least 12 people were killed.',
        "At least 12 people were killed, police said.",
        "Nothing was quoted or counted.",
        sources=["wire", "wire", "blog"],
    )
    LocalExecutor(c).decide(AttributionValidator())
    a = c.articles.set_index("id")
    assert a["attribution_candidates"].tolist() == [2, 1, 0]
    assert a["unattributed_claims"].tolist() == [1, 0, 0]
    assert a["attributed_share"].tolist() == [0.5, 1.0, 1.0]
    assert a.loc["a0", "source_unattributed_share"] == pytest.approx(1 / 3)
    assert a.loc["a2", "source_unattributed_share"] == 0.0
    assert a["vague_sources"].tolist() == [0, 0, 0]


def test_partitions_decide_what_the_whole_corpus_decides():
    """Statistics over two partitions, then each partition's decision, give the whole
    corpus's findings: the dropped source of a rewrite found across the partitions."""
    from copydesk.corpus.tables import Corpus

    lead = "The council approved the new harbour budget on Tuesday evening after a long debate."
    second = "The vote was seven to two after the opposition walked out of the chamber."
    c = corpus(
        f"{lead} {second} Officials said the dredging will start in the spring of next year.",
        f"{lead} {second} The dredging will start in the spring of next year.",
        "At least 12 people were killed.",
    )
    v = AttributionValidator()
    whole = v.run(c)
    assert "dropped-attribution" in {f.rule for f in whole}
    parts = [Corpus.from_frame(c.articles.iloc[[i]]) for i in range(len(c.articles))]
    stats = v.local_statistics(parts)
    split = [f for part in parts for f in v.decide(part, stats).findings]
    key = lambda f: (f.article_id, f.field, f.start, f.rule, f.message)  # noqa: E731
    assert sorted(map(key, split)) == sorted(map(key, whole))


# ---------------------------------------------------------------- helpers
def test_trie_pattern_matches_exactly_the_words():
    import re

    rx = re.compile(r"(?<!\w)" + trie_pattern(["said", "say", "says", "according to"]) + r"(?!\w)")
    assert [m.group() for m in rx.finditer("he said, she says; according to him, sayings")] == [
        "said", "says", "according to"]


def test_lowercase_keeps_offsets():
    text = "İstanbul SAID"
    assert len(lowercase(text)) == len(text)
    assert lowercase(text).endswith("said")


# ---------------------------------------------------------------- cue lexicon precision
@pytest.mark.parametrize("body", [
    # "State"/"Post" are names here, not reporting verbs: the quote has no speaker
    "Clinton focused on the need to combat the Islamic State online. "
    "“We are going to need help from every one of the big companies.”",
    "The rally made the front page of The Washington Post. "
    "“He is a Democratic Tom Coburn, a protest voice in this race.”",
])
def test_noun_state_and_post_do_not_attribute_a_quote(body):
    assert rules(check(body)) == ["unattributed-quote"]


def test_stated_and_posted_still_attribute():
    assert check("The mayor stated: “We will rebuild every home in this town.”") == []
    assert check("The mayor posted a photo. “We will rebuild every home in this town.”") == []


# ---------------------------------------------------------------- marks after digits
def test_mark_after_a_digit_closes_an_open_quote():
    body = 'Trump tweeted, "Thank you Indiana! #Trump2016" on Friday afternoon.'
    assert check(body) == []


def test_height_inches_inside_a_quote_stay_inch_marks():
    body = '"He is 6\'2" tall and he never misses a shot," the coach said.'
    assert check(body) == []


# ------------------------------------------- sources cut from the seed and the sample
def _seed_body() -> str:
    return SEED.read_text(encoding="utf-8").split("\n", 2)[2]


def test_seed_accusation_stated_as_fact_once_its_source_is_cut():
    body = _seed_body()
    sourced = "Azerbaijan claims the midnight shelling on Tuesday was provoked by Yerevan, after"
    assert sourced in body
    # my edit: cut the claimant and the clause that names the other accuser
    para = next(p for p in body.split("\n") if p.startswith(sourced))
    edited = body.replace(para, "The midnight shelling on Tuesday was provoked by Yerevan.")
    found = check(edited)
    assert rules(found) == ["unattributed-claim"]
    assert found[0].text == "The midnight shelling on Tuesday was provoked by Yerevan."
    assert "accusation" in found[0].message
    assert check(body) == []


def test_seed_blame_stated_as_fact_once_its_source_is_cut():
    body = _seed_body()
    para = next(p for p in body.split("\n") if p.startswith("Yerevan rejected"))
    edited = body.replace(para, "Azerbaijan was behind the attack in seven locations along the border.")
    assert rules(check(edited)) == ["unattributed-claim"]
    # with its source kept (my wording) it is attributed
    kept = body.replace(para, "Yerevan said Azerbaijan was behind the attack in seven locations along the border.")
    assert check(kept) == []


def _sample(article_id: str) -> dict:
    import json

    path = Path(__file__).resolve().parents[1] / "seeds" / "sample" / "news.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == article_id:
            return record
    raise KeyError(article_id)


def test_sample_accusation_and_quote_flagged_once_their_source_is_cut():
    body = _sample("wire-budget-0403")["body"]
    line = next(p for p in body.split("\n") if p.startswith("Parks director Tom Avery said"))
    # my edits: the parks paragraph becomes a sourced accusation, then the same with its
    # source cut (a cue elsewhere in the paragraph would still cover it, as it should)
    sourced = body.replace(line, "Parks director Tom Avery accused the board of a cover-up over the pool repairs.")
    cut = body.replace(line, "The board is guilty of a cover-up over the pool repairs.")
    assert "unattributed-claim" not in rules(check(sourced))
    found = [f for f in check(cut) if f.rule == "unattributed-claim"]
    assert [f.text for f in found] == ["The board is guilty of a cover-up over the pool repairs."]

    transit = _sample("post-transit-0410")["body"]
    said = ' Marsh said at a news conference.'
    assert said in transit and check(transit) == []
    found = check(transit.replace(',"' + said, '."'))
    assert rules(found) == ["unattributed-quote"]
    assert found[0].text.startswith('"This is the first plan')


def test_lying_stated_as_fact_is_an_accusation():
    assert rules(check("The minister lied to parliament about the contract.")) == ["unattributed-claim"]
    assert check("The opposition said the minister lied to parliament about the contract.") == []
