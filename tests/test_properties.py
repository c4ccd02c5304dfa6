"""Property tests: offsets stay exact for any text, and every validator's findings point at
the text they quote (`article[field][start:end] == text`)."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copydesk.corpus import Corpus
from copydesk.validators import all_validators

WORDS = ["The", "council", "said", "Mr.", "U.S.", "E.F.", "Hutton", "50", "1,200", "$3bn", "atack",
         "attack", "“Yes,”", "\"No.\"", "reportedly", "killed", "including", "eight", "percent",
         "Comments", "are", "closed.", "Share", "this", "story", "-", "|", "é", "😀", "\t", "according", "to"]
PUNCT = [" ", " ", " ", ". ", "? ", "! ", ", ", ": ", "\n", "\n\n", " \n "]

text_st = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(PUNCT)), max_size=60).map(
    lambda parts: "".join(w + p for w, p in parts))
article_st = st.fixed_dictionaries({"title": text_st, "lede": text_st, "body": text_st.filter(str.strip)})


def corpus_of(articles):
    rows = [{"id": f"a{i}", "source": "S" if i % 2 else "T", **a} for i, a in enumerate(articles)]
    return Corpus.from_frame(pd.DataFrame(rows))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(article_st, min_size=1, max_size=4))
def test_span_tables_slice_exactly_and_sentences_tile_paragraphs(articles):
    corpus = corpus_of(articles)
    texts = corpus.articles.set_index("id")
    for table in (corpus.paragraphs, corpus.sentences):
        for row in table.itertuples():
            assert texts.loc[row.article_id, row.field][row.start:row.end] == row.text
            assert row.text == row.text.strip() and row.text
    keys = ["article_id", "field"]
    assert set(map(tuple, corpus.paragraphs[keys].values)) == set(map(tuple, corpus.sentences[keys].values))
    for (art, field), sents in corpus.sentences.groupby(keys):
        paras = corpus.paragraphs[(corpus.paragraphs.article_id == art) & (corpus.paragraphs.field == field)]
        spans = list(zip(sents.start, sents.end))
        assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
        for start, end in spans:  # every sentence inside one paragraph
            assert ((paras.start <= start) & (end <= paras.end)).any()
        covered = {i for s, e in spans for i in range(s, e)}
        text = texts.loc[art, field]
        visible = {i for p in paras.itertuples() for i in range(p.start, p.end) if not text[i].isspace()}
        assert visible <= covered  # no visible character is left outside a sentence


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(article_st, min_size=1, max_size=5))
def test_every_finding_quotes_its_span(articles):
    corpus = corpus_of(articles)
    texts = corpus.articles.set_index("id")
    for check, cls in all_validators().items():
        for f in cls().run(corpus):
            assert f.check == check and f.field in ("title", "lede", "body")
            assert texts.loc[f.article_id, f.field][f.start:f.end] == f.text, f
            if f.related and "start" in f.related and f.related.get("field") in ("title", "lede", "body"):
                rel = f.related
                assert texts.loc[f.article_id, rel["field"]][rel["start"]:rel["end"]] == rel["text"], f
