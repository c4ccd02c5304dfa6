"""The typos family: embedded corpus-aware checker, name variants, allow-lists, dialects."""

from __future__ import annotations

import math
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
        FILLER + " The compnay said its goverment contracts were profitible.",
        [("compnay", "company"), ("goverment", "government"), ("profitible", "profitable")],
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
        FILLER + " Officials said the figuers for exports were revised.", [("figuers", "figures")],
        id="misspelled-plural-keeps-its-ending"),
])
def test_single_article(body, expected):
    assert [(f.text, f.suggestion) for f in check(corpus_of(body))] == expected


def test_the_same_words_in_running_prose_are_flagged():
    """Controls for the cases above that expect nothing: the skipped words are misspellings."""
    body = "The network chief said exmaple and hashtagg; officials met brvno. " + FILLER
    found = [(f.text, f.suggestion) for f in check(corpus_of(body))]
    assert [t for t, _ in found] == ["exmaple", "hashtagg", "brvno"]
    assert found[:2] == [("exmaple", "example"), ("hashtagg", "hashtag")]


def test_corpus_frequency_makes_repeated_jargon_valid():
    jargon = "Output rose to 3 tonnez per acre. " + FILLER
    assert [(f.text, f.suggestion) for f in check(corpus_of(jargon))] == [("tonnez", "tonnes")]
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
    body = FILLER + " The compnay sold goverment bonds."
    assert {f.text for f in check(corpus_of(body))} == {"compnay", "goverment"}
    assert {f.text for f in check(corpus_of(body), ignore_words=["compnay"])} == {"goverment"}
    lexicon = tmp_path / "copydesk-words.txt"
    lexicon.write_text("# house words\ncompnay   # brand\n\ngoverment\n", encoding="utf-8")
    assert read_lexicon(str(lexicon)) == ["compnay", "goverment"]
    assert check(corpus_of(body), lexicon=str(lexicon)) == []
    assert check(corpus_of(body), lexicon="copydesk-words.txt", lexicon_base=str(tmp_path)) == []
    per_article = corpus_of(body, body, copydesk_ignore=["compnay, goverment", None])
    assert {(f.article_id, f.text) for f in check(per_article)} == {("a1", "compnay"), ("a1", "goverment")}


def test_capitalised_lexicon_entry_matches_exactly():
    body = FILLER + " Compnay and compnay."
    texts = [f.text for f in check(corpus_of(body), ignore_words=["Compnay"])]
    assert texts == ["compnay"]


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
    assert index.lookup("sund", 1) == {}
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
    assert cost("untill", "until") == 1.0        # doubled letter added
    assert cost("teh", "the") == 1.0             # transposition
    assert cost("resnt", "rents") == 1.0         # one letter moved two places
    assert cost("strng", "strong") == 1.25       # omission
    assert cost("definate", "definite") == 1.5   # vowel for vowel
    assert cost("sbout", "about") == 1.5         # touching keys
    assert cost("pxofit", "profit") == 2.0       # unrelated substitution
    assert cost("bred", "bread") < cost("bred", "brad")
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


# --------------------------------------------------------------- tokenisation (text.py)
@pytest.mark.parametrize("text, expected", [
    pytest.param("Her fiancé, a naïve café owner from Zürich, met Łukasz in Łódź and Ørsted staff.",
                 ["Her", "fiancé", "a", "naïve", "café", "owner", "from", "Zürich", "met", "Łukasz",
                  "in", "Łódź", "and", "Ørsted", "staff"], id="unicode-letters"),
    pytest.param("The fiance\u0301 arrived.", ["The", "fiance\u0301", "arrived"], id="decomposed-accent"),
    pytest.param("Don't say O'Brien’s rock ’n’ roll 'quoted' words",
                 ["Don't", "say", "O'Brien’s", "rock", "n", "roll", "quoted", "words"], id="apostrophes"),
    pytest.param("A flare-up in Nagorno-Karabakh", ["A", "flare", "up", "in", "Nagorno", "Karabakh"],
                 id="hyphenated-compounds"),
    pytest.param("A 10km run in the 1980s, the 3rd B52", ["A", "km", "run", "in", "the", "s", "the", "rd", "B"],
                 id="words-glued-to-digits"),
])
def test_word_tokens(text, expected):
    from copydesk.validators.text import WORD_RE, word_tokens

    assert word_tokens(text) == expected
    assert all(text[m.start():m.end()] == m.group() for m in WORD_RE.finditer(text))


def test_glued_to_digits_and_hyphen_neighbours():
    from copydesk.validators.text import glued_to_digits, hyphen_neighbours

    text = "a 10km run, the 1980s and a flare-up"
    assert glued_to_digits(text, text.index("km"), text.index("km") + 2)
    assert glued_to_digits(text, text.index("s and") , text.index("s and") + 1)
    assert not glued_to_digits(text, text.index("run"), text.index("run") + 3)
    flare = text.index("flare")
    assert hyphen_neighbours(text, flare, flare + 5) == (None, "up")
    assert hyphen_neighbours(text, flare + 6, flare + 8) == ("flare", None)
    assert hyphen_neighbours(text, text.index("run"), text.index("run") + 3) == (None, None)


def test_accented_words_are_checked_whole():
    """An accent does not cut a word: no stub like "fianc" is ever checked or flagged."""
    body = ("Her fiancé and the naïve café owner met the fiance\u0301 of a protégé. " + FILLER
            + " The fiancé’s new cafe\u0301 opened.")
    assert check(corpus_of(body)) == []
    # a misspelt accented word is found whole, with its accent
    found = [(f.text, f.suggestion) for f in check(corpus_of(FILLER + " She met her fiamcé in Paris."))]
    assert found == [("fiamcé", "fiancé")]


def test_hyphens_digits_and_apostrophes_are_not_slips():
    body = ("The pre-tax profit of the socio-economic co-operative rose in Nagorno-Karabakh after a "
            "flare-up; a 10km route opened in the mid-1990s, the 3rd since the 1980s. "
            "The company’s rivals said it's the mayor's plan. " + FILLER)
    assert check(corpus_of(body)) == []
    # a slip inside a compound is still found, on the misspelt part only
    found = [(f.text, f.suggestion) for f in check(corpus_of(FILLER + " It was a well-knwon fact."))]
    assert found == [("knwon", "known")]


# --------------------------------------------------------------- detection and suggestions
def test_lowercase_non_word_is_flagged_even_without_a_close_candidate():
    findings = check(corpus_of(FILLER + " The council approved the blorfendix plan on Monday."))
    assert [(f.text, f.suggestion) for f in findings] == [("blorfendix", None)]
    assert "no English dictionary" in findings[0].message
    # capitalised in mid-sentence it is a name, and stays quiet
    assert check(corpus_of(FILLER + " The council approved the Blorfendix plan on Monday.")) == []


def test_dictionary_words_are_never_flagged_however_rare():
    body = ("The truculent clerk quaffed his tea, wheedled the burnished gavel from the judge "
            "and gainsaid the curtsied envoys. " + FILLER)
    assert check(corpus_of(body)) == []


def test_inflections_and_british_spellings_are_words():
    body = ("The colours of the programmes travelled well; paediatric wards manoeuvred "
            "aluminium tyres to the kerb, and the organisers apologised for the jewellery. " + FILLER)
    assert check(corpus_of(body)) == []


@pytest.mark.parametrize("wrong, right", [
    ("teh", "the"), ("beleive", "believe"), ("seperate", "separate"),
])
def test_common_short_slips_are_found(wrong, right):
    body = f"Officials said they {wrong} report was due. " if wrong == "teh" else \
        f"Officials said they {wrong} the report was wrong. "
    if wrong == "seperate":
        body = "Officials said the two seperate reports were wrong. "
    assert [(f.text, f.suggestion) for f in check(corpus_of(body + FILLER))] == [(wrong, right)]


def test_suggestions_reach_three_edits_and_sound_alikes():
    from copydesk.validators.typos import _CorpusContext, _EmbeddedChecker
    from copydesk.validators.vocabulary import load_vocabulary

    v = TyposValidator()
    vocab = load_vocabulary()
    checker = _EmbeddedChecker(v, vocab, _CorpusContext(corpus_of(FILLER), v))
    # three edits from the word: beyond the two-edit index, found by the wider search
    assert "necessary" not in vocab.index.lookup("neccesarry")
    assert checker.type_candidates("neccesarry", -math.inf, wide=True)[0][0] == "necessary"
    # a phonetic spelling, four edits away, shares the word's Metaphone key
    assert "philosophy" not in vocab.within("filosofee", 3)
    assert "philosophy" in vocab.sound_alikes("filosofee")
    body = "The professor said his filosofee was simple. " + FILLER
    assert [(f.text, f.suggestion) for f in check(corpus_of(body))] == [("filosofee", "philosophy")]


def test_context_ranks_the_suggestion():
    # "wether" is one slip from "whether" (the more frequent word) and from "weather";
    # the neighbours say which was meant
    body = "The wether was cold. " + FILLER
    assert [(f.text, f.suggestion) for f in check(corpus_of(body))] == [("wether", "weather")]
    blind = check(corpus_of(body), rank_context_weight=0.0)
    assert [(f.text, f.suggestion) for f in blind] == [("wether", "whether")]


def test_repeated_slip_ranks_candidates_on_one_base():
    # a slip repeated across articles is scored with all its uses left out when its
    # candidate is frequent here (detection); the ranking must not favour that candidate
    # for it: every candidate's ranking score is prior * rank_prior_weight + edit, one base
    from copydesk.validators.typos import _CorpusContext, _EmbeddedChecker
    from copydesk.validators.vocabulary import load_vocabulary

    v = TyposValidator()
    vocab = load_vocabulary()
    bodies = ["The budgett was cut. " + FILLER] * 2 + ["The budget rose. " + FILLER] * 25
    checker = _EmbeddedChecker(v, vocab, _CorpusContext(corpus_of(*bodies), v))
    cands = checker.type_candidates("budgett", -math.inf, wide=True)
    assert cands and cands[0][0] == "budget"
    w = v.settings["rank_prior_weight"]
    base = checker.logp("budgett", leave_out=1)
    for cand, _, rank in cands:
        expected = w * checker.logp(cand) + checker.edit_logp("budgett", cand, cand in vocab.sound_alikes("budgett")) - base
        assert rank == pytest.approx(expected)


def test_prior_weight_keeps_the_cheaper_edit_in_front():
    # "makrets" is one transposition from "markets" and a dearer change of ending from the
    # more frequent "market": at full prior weight frequency wins, at rank_prior_weight
    # (below 1, as in noisy-channel rankers that weigh the language model down) the edit does
    body = "Officials said the makrets would change. " + FILLER
    assert [(f.text, f.suggestion) for f in check(corpus_of(body))] == [("makrets", "markets")]
    full = check(corpus_of(body), rank_prior_weight=1.0)
    assert [(f.text, f.suggestion) for f in full] == [("makrets", "market")]


def test_slip_beside_a_foreign_word_is_let_through():
    assert [f.text for f in check(corpus_of("The compnay said no. " + FILLER))] == ["compnay"]
    # beside rare lower-case non-words that are no likely slips: a foreign phrase
    motto = 'The motto read "zorvak tulmenko compnay". ' + FILLER
    assert check(corpus_of(motto)) == []
    assert "compnay" in [f.text for f in check(corpus_of(motto), foreign_runs=False)]
    # two likely slips in a row are both flagged: sloppy copy, not a foreign phrase
    found = check(corpus_of("The compnay budgett was cut. " + FILLER))
    assert [(f.text, f.suggestion) for f in found] == [("compnay", "company"), ("budgett", "budget")]
    # a word said twice over is meant ("a face-off, brinko a brinko"), unlike one slip
    assert check(corpus_of("They met brinko a brinko in the final. " + FILLER)) == []
    assert [f.text for f in check(corpus_of("They met brinko in the final. " + FILLER))] == ["brinko"]


def test_mojibake_fragments_and_url_slugs_are_not_prose():
    # "Bogotá" mis-decoded as "BogotÃ¡": the symbol cuts a word; a link's slug is no prose
    body = ("The mayor of BogotÃ¡xyzqo spoke, see https://news.example/a-mayor-of-the-city-spokee-today. "
            + FILLER)
    assert check(corpus_of(body)) == []
    assert [f.text for f in check(corpus_of("The mayor spokee on Monday. " + FILLER))] == ["spokee"]


def test_rerun_after_the_text_changes_reads_the_new_text():
    # the words of a partition are read once per run and released when it is decided
    corpus = corpus_of("The compnay said no. " + FILLER)
    assert [f.text for f in check(corpus)] == ["compnay"]
    corpus.articles.loc[0, "body"] = "The budgett said no. " + FILLER
    assert [f.text for f in check(corpus)] == ["budgett"]
