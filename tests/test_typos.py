"""The typos family: embedded corpus-aware checker, name variants, allow-lists, dialects."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from copydesk.corpus import Corpus, load_corpus
from copydesk.validators.typos import HOW_TO_ALLOW, TyposValidator, read_lexicon
from copydesk.validators.vocabulary import CandidateIndex, _osa_python, osa_distance

SEED = Path(__file__).resolve().parents[1] / "seeds" / "rt-azerbaijan-armenia-losses.txt"

FILLER = (
    "The government said on Tuesday that the new budget would raise spending on roads, "
    "schools and hospitals by five percent next year, according to officials."
)


def corpus_of(*bodies: str, **extra) -> Corpus:
    rows = [{"id": f"a{i}", "title": "", "body": b, "source": "test"} for i, b in enumerate(bodies)]
    frame = pd.DataFrame(rows)
    for key, values in extra.items():
        frame[key] = values
    return Corpus.from_frame(frame)


def check(corpus: Corpus, **settings):
    findings = TyposValidator(**settings).run(corpus)
    arts = corpus.articles.set_index("id")
    for f in findings:  # the report contract holds for every finding
        assert arts.loc[f.article_id, f.field][f.start:f.end] == f.text
        assert f.check == "typos"
    return findings


def test_seed_article_exactly_atack():
    corpus = load_corpus([SEED])
    findings = check(corpus)
    assert [(f.rule, f.field, f.start, f.end, f.text, f.suggestion) for f in findings] == [
        ("misspelling", "body", 1061, 1066, "atack", "attack")
    ]
    assert findings[0].severity == "error"


@pytest.mark.parametrize("body, expected", [
    pytest.param(
        "Prime Minister Nikol Pashinyan said the flareup near Lachin worried reinsurers "
        "in Nagorno-Karabakh. " + FILLER, [], id="names-places-and-jargon-not-flagged"),
    pytest.param(
        FILLER + " The comapany said its goverment contracts were profitible.",
        [("comapany", "company"), ("goverment", "government"), ("profitible", "profitable")],
        id="injected-misspellings-with-suggestions"),
    pytest.param(
        # the same misspellings in running prose are flagged (exmaple, hashtagg, brvno)
        "The network’s chief said they’d ain't going to www.exmaple.com or mail "
        "info@exmaple.org; the 3rdd quarter and #hashtagg were fine. " + FILLER, [],
        id="possessives-contractions-numbers-and-urls-skipped"),
    pytest.param(
        FILLER + " Goverment officials declined to comment.", [("Goverment", "Government")],
        id="sentence-initial-word-checked"),
    pytest.param(
        "Officials met Zarkovsky and Tellmann in Brvno on Monday. " + FILLER, [],
        id="capitalised-mid-sentence-word-is-a-name"),
    pytest.param(
        FILLER + " Officials said the figuars for exports were revised.", [("figuars", "figures")],
        id="misspelled-plural-keeps-its-ending"),
])
def test_single_article(body, expected):
    assert [(f.text, f.suggestion) for f in check(corpus_of(body))] == expected


def test_the_same_words_in_running_prose_are_flagged():
    """Controls for the cases above that expect nothing: the skipped words are misspellings."""
    body = "The network chief said exmaple and hashtagg; officials met brvno. " + FILLER
    assert [(f.text, f.suggestion) for f in check(corpus_of(body))] == [
        ("exmaple", "example"), ("hashtagg", "hashtag"), ("brvno", "bruno")]


def test_corpus_frequency_makes_repeated_jargon_valid():
    jargon = "Output rose to 3 cwts per acre. " + FILLER
    assert [(f.text, f.suggestion) for f in check(corpus_of(jargon))] == [("cwts", "costs")]
    # a word the corpus uses again and again is its own evidence
    assert check(corpus_of(*[jargon] * 30)) == []


def test_name_variant_reports_both_spellings_and_counts():
    bodies = [f"Armenian Prime Minister Nikol Pashinyan spoke again. {FILLER}"] * 8
    bodies.append(f"Later Nikol Pashinian said the talks would go on. {FILLER}")
    findings = [f for f in check(corpus_of(*bodies)) if f.rule == "name-variant"]
    assert len(findings) == 1
    f = findings[0]
    assert (f.text, f.suggestion, f.severity) == ("Pashinian", "Pashinyan", "warning")
    assert f.related == {"text": "Pashinyan", "count": 8, "variant_count": 1}
    assert "(1x" in f.message and "(8x)" in f.message


@pytest.mark.parametrize("reverse", [False, True])
def test_name_variant_tie_does_not_depend_on_index_order(monkeypatch, reverse):
    # Canon and Cannon are equally frequent and one edit from Canron; index hits come in
    # string-hash order, which used to decide the suggestion (it changed with PYTHONHASHSEED)
    from copydesk.validators import vocabulary

    lookup = vocabulary.CandidateIndex.lookup
    monkeypatch.setattr(vocabulary.CandidateIndex, "lookup", lambda self, q, d=None: dict(
        sorted(lookup(self, q, d).items(), reverse=reverse)))
    bodies = [f"Shares of Canon rose. {FILLER}"] * 10 + [f"Shares of Cannon fell. {FILLER}"] * 10
    bodies.append(f"Shares of Canron were flat. {FILLER}")
    found = [(f.text, f.suggestion) for f in check(corpus_of(*bodies)) if f.rule == "name-variant"]
    assert found == [("Canron", "Cannon")]


def test_name_variant_ignores_derived_forms():
    bodies = [f"Armenia and Russia said Armenian and Russian troops met. {FILLER}"] * 6
    bodies.append(f"An Armenians group met Russians. {FILLER}")
    assert [f for f in check(corpus_of(*bodies)) if f.rule == "name-variant"] == []


def test_ignore_words_lexicon_file_and_article_column(tmp_path):
    body = FILLER + " The comapany sold goverment bonds."
    assert {f.text for f in check(corpus_of(body))} == {"comapany", "goverment"}
    assert {f.text for f in check(corpus_of(body), ignore_words=["comapany"])} == {"goverment"}
    lexicon = tmp_path / "copydesk-words.txt"
    lexicon.write_text("# house words\ncomapany   # brand\n\ngoverment\n", encoding="utf-8")
    assert read_lexicon(str(lexicon)) == ["comapany", "goverment"]
    assert check(corpus_of(body), lexicon=str(lexicon)) == []
    assert check(corpus_of(body), lexicon="copydesk-words.txt", lexicon_base=str(tmp_path)) == []
    per_article = corpus_of(body, body, copydesk_ignore=["comapany, goverment", None])
    assert {(f.article_id, f.text) for f in check(per_article)} == {("a1", "comapany"), ("a1", "goverment")}


def test_capitalised_lexicon_entry_matches_exactly():
    body = FILLER + " Comapany and comapany."
    texts = [f.text for f in check(corpus_of(body), ignore_words=["Comapany"])]
    assert texts == ["comapany"]


def test_british_and_american_spellings_both_valid_unless_dialect_set():
    body = ("The colour of the organisation's labour programme and the color of the "
            "organization's labor program were analysed and analyzed. " + FILLER)
    assert check(corpus_of(body)) == []
    us = check(corpus_of(body), dialect="us")
    assert {(f.rule, f.text, f.suggestion) for f in us} >= {
        ("dialect", "colour", "color"), ("dialect", "analysed", "analyzed")}
    assert all(f.rule == "dialect" for f in us)
    with pytest.raises(ValueError):
        TyposValidator(dialect="klingon")


def test_unknown_setting_rejected_and_status_reported():
    with pytest.raises(TypeError):
        TyposValidator(max_edits=3)
    v = TyposValidator()
    v.run(corpus_of(FILLER))
    assert v.status.startswith("embedded")


def test_how_to_allow_text_mentions_every_mechanism():
    for needle in ("lexicon", "ignore_words", "copydesk_ignore", "typos/name-variant"):
        assert needle in HOW_TO_ALLOW


def test_candidate_index_and_distance():
    index = CandidateIndex(["attack", "stack", "government", "said"], max_distance=2)
    assert index.lookup("atack") == {"attack": 1, "stack": 1}
    assert index.lookup("guvernmint") == {"government": 2}
    assert index.lookup("sind", 1) == {}
    for a, b in [("ab", "ba"), ("ca", "abc"), ("atack", "attack"), ("kitten", "sitting")]:
        assert osa_distance(a, b, 3) == _osa_python(a, b, 3)
    assert _osa_python("kitten", "sitting", 3) == 3
    assert _osa_python("ca", "abc", 2) == 3


# --------------------------------------------------------------- error model and context
def test_channel_cost_prefers_the_common_slips():
    from copydesk.validators.typos import channel_cost

    def cost(word, cand):
        return channel_cost(word, cand, edit=2.0, slip=1.0, similar=0.5, omission=0.75)

    assert cost("attack", "attack") == 0.0
    assert cost("atack", "attack") == 1.0        # doubled letter dropped
    assert cost("fromm", "from") == 1.0          # doubled letter added
    assert cost("teh", "the") == 1.0             # transposition
    assert cost("monsth", "months") == 1.0       # one letter moved two places
    assert cost("stong", "strong") == 1.25       # omission
    assert cost("profet", "profit") == 1.5       # vowel for vowel
    assert cost("sbout", "about") == 1.5         # touching keys
    assert cost("pxofit", "profit") == 2.0       # unrelated substitution
    assert cost("stedy", "steady") < cost("stedy", "study")
    assert cost("kitten", "sitting") == 2.0 + 1.5 + 1.25


def test_corpus_pairs_give_context_evidence():
    from copydesk.validators.typos import _CorpusContext, _EmbeddedChecker
    from copydesk.validators.vocabulary import load_vocabulary

    bodies = ["The zorblax reactor was shut. " + FILLER] * 2 + ["A reactor opened. " + FILLER]
    corpus = corpus_of(*bodies)
    v = TyposValidator()
    ctx = _CorpusContext(corpus, v)
    ctx.count_pairs(["reactor"])
    assert ctx.pair_count("zorblax", "reactor") == 2
    assert ctx.pair_count("reactor", "was") == 2
    assert ctx.pair_count("a", "reactor") == 1
    checker = _EmbeddedChecker(v, load_vocabulary(), ctx)
    assert checker.context("reactor", "zorblax", None) > 0  # 2 pairs: evidence (web lists lack it)
    assert checker.context("reactor", "a", None) == 0        # one pair is chance
    # the tested word's own occurrence is no evidence for itself
    assert checker.context("zorblax", None, "reactor", own=True) == 0


def test_repeated_misspelling_is_still_found_beside_the_frequent_spelling():
    bodies = [f"The insurer said the insurer would pay. {FILLER}"] * 30
    bodies += [f"Claims went to the (insurrer) on Monday. {FILLER}"] * 3
    found = [(f.text, f.suggestion) for f in check(corpus_of(*bodies))]
    assert found == [("insurrer", "insurer")] * 3
    # without the repeated-misspelling rule, three uses make it look like the corpus's word
    assert check(corpus_of(*bodies), repeat_max=1) == []


def test_words_the_corpus_uses_often_are_its_own_vocabulary():
    bodies = [f"The insurer said the insurer would pay. {FILLER}"] * 30
    bodies += [f"Claims went to the (insurrer) on Monday. {FILLER}"] * 3
    assert len(check(corpus_of(*bodies))) == 3
    # used more than max_suspect_count times: the corpus's own word, never checked
    assert check(corpus_of(*bodies), max_suspect_count=2) == []


# --------------------------------------------------------------- vocabulary disk cache
def test_vocabulary_cache_round_trip(tmp_path, monkeypatch):
    from copydesk.validators import vocabulary as V

    index = CandidateIndex(["attack", "stack", "government", "said"], max_distance=2)
    path = tmp_path / "vocabulary-test.marshal"
    data = {"format": V._CACHE_FORMAT, "zipf": {"said": 6.0}, "bigrams": {"he said": 5},
            "unigrams": {"said": 9}, "index": index.table(), "words": sorted(index.words)}
    V._write_cache(path, data)
    loaded = V._read_cache(path)
    assert loaded == data
    again = CandidateIndex.from_table(loaded["index"], loaded["words"], 2, index.prefix_length)
    for q in ("atack", "guvernmint", "sed", "xyzzy"):
        assert again.lookup(q) == index.lookup(q)
    path.write_bytes(b"not marshal")
    assert V._read_cache(path) is None                      # unreadable: rebuilt, not fatal
    assert V._read_cache(tmp_path / "missing.marshal") is None
    monkeypatch.setenv("COPYDESK_CACHE_DIR", "off")
    assert V._cache_path(3.0, 2, 7) is None
    monkeypatch.setenv("COPYDESK_CACHE_DIR", str(tmp_path))
    assert V._cache_path(3.0, 2, 7).parent == tmp_path
    assert V._cache_path(3.0, 2, 7) != V._cache_path(3.0, 1, 7)  # keyed by parameters


def test_newsroom_jargon_is_not_a_typo():
    rows = [{"id": "a", "title": "Council passes the budget",
             "body": "The lede and the hed were rewritten by the copy desk before the dateline was fixed."}]
    corpus = Corpus.from_frame(pd.DataFrame(rows))
    assert [f.text for f in TyposValidator().run(corpus)] == []
