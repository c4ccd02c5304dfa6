"""Readers: every record becomes an article or an ingest error with file, line, reason."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from copydesk.corpus import InputError, load_corpus
from copydesk.corpus.readers import RecordMapper

from .conftest import SEED_ARTICLE, write_jsonl

BODY = "The council voted on Tuesday.\n\nIt was close, the clerk said."


def test_txt_seed_fields_and_offsets(seed_text):
    corpus = load_corpus([SEED_ARTICLE])
    art = corpus.articles.iloc[0]
    assert art["id"] == "rt-azerbaijan-armenia-losses"
    assert art["title"] == "Azerbaijan reveals losses in clashes with Armenia"
    assert art["lede"].startswith("At least 50 Azerbaijani soldiers")
    assert art["body"][1061:1066] == "atack"  # REPORT_FORMAT.md's example offsets
    assert art["body"] == seed_text.split("\n", 2)[2].strip()
    # body offsets map straight back to the file
    line, col = corpus.locate(art["id"], "body", 1061)
    assert seed_text.split("\n")[line - 1][col - 1 : col + 4] == "atack"


def test_paragraphs_and_sentences_have_exact_offsets():
    corpus = load_corpus([SEED_ARTICLE])
    art = corpus.articles.iloc[0]
    for table in (corpus.paragraphs, corpus.sentences):
        for row in table.itertuples():
            assert art[row.field][row.start : row.end] == row.text
    body_paras = corpus.paragraphs[corpus.paragraphs.field == "body"]
    assert len(body_paras) == 10  # each non-empty body line is a paragraph
    assert body_paras.iloc[-1].text == "Comments are closed."
    titles = corpus.sentences[corpus.sentences.field == "title"]
    assert len(titles) == 1


def test_jsonl_good_and_bad_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "a1", "headline": "One", "text": BODY, "outlet": "Wire", "extra_col": 5}),
        '{"id": "a2", "title": "Two", "body": "x" ',          # malformed
        json.dumps({"id": "a3", "title": "Three"}),             # missing body
        "",                                                      # blank lines are not records
        json.dumps({"id": "a1", "title": "Dup", "body": BODY}),  # duplicate id
        json.dumps([1, 2]),                                      # not an object
        json.dumps({"title": "No id", "body": BODY, "body_html": "<p>"}),
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "a9", "body": "caf\xe9"}\n')
    corpus = load_corpus([path], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["a1", "a:7"]
    a1 = corpus.articles.iloc[0]
    assert (a1["title"], a1["source"], a1["extra_col"]) == ("One", "Wire", 5)
    errors = {(e.line, e.error.split(":")[0].split(" (")[0]) for e in corpus.ingest_errors}
    assert errors == {
        (2, "invalid JSON"),
        (3, "missing body"),
        (5, "duplicate id 'a1'"),
        (6, "expected a JSON object, got list"),
        (8, "undecodable bytes"),
    }
    assert all(e.file == "a.jsonl" for e in corpus.ingest_errors)
    # nothing lost: 7 records = 2 articles + 5 errors
    assert len(corpus.articles) + len(corpus.ingest_errors) == 7


def test_json_array_reports_element_lines(tmp_path):
    path = tmp_path / "arr.json"
    path.write_text(
        '[\n  {"id": "j1", "title": "A", "body": "Body one."},\n'
        '  {"id": "j2", "title": "B"},\n'
        '  {"id": "j3", "title": "C", "content": "Body three."}\n]\n'
    )
    corpus = load_corpus([path], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["j1", "j3"]
    assert corpus.articles["line"].tolist() == [2, 4]
    assert [(e.line, e.error.startswith("missing body")) for e in corpus.ingest_errors] == [(3, True)]


def test_json_truncated_array_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"id": "j1", "body": "Fine."}, {"id": "j2", "body": ')
    corpus = load_corpus([path], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["j1"]
    assert len(corpus.ingest_errors) == 1 and "invalid JSON" in corpus.ingest_errors[0].error


def test_csv_multiline_fields_bad_rows_and_lines(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        'id,title,body,source\n'
        'c1,First,"Para one.\n\nPara two, with ""quotes"".",Wire\n'
        'c2,Second,,Wire\n'
        'c3,Third,Body three.\n'
        'c4,Fourth,Body four.,Post\n'
    )
    corpus = load_corpus([path], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["c1", "c4"]
    assert corpus.articles.iloc[0]["body"] == 'Para one.\n\nPara two, with "quotes".'
    assert corpus.articles["line"].tolist() == [2, 7]
    assert sorted((e.line, e.error) for e in corpus.ingest_errors) == [
        (5, "missing body (no non-empty body/text/content/article field)"),
        (6, "expected 4 columns, found 3"),
    ]


def test_parquet_rows(tmp_path):
    path = tmp_path / "a.parquet"
    pd.DataFrame({"guid": ["p1", "p2"], "headline": ["H1", "H2"], "article": [BODY, None]}).to_parquet(path)
    corpus = load_corpus([path], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["p1"]
    assert corpus.ingest_errors[0].line == 2 and "missing body" in corpus.ingest_errors[0].error


def test_unreadable_parquet_is_an_ingest_error(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not parquet at all")
    corpus = load_corpus([path], base=tmp_path)
    assert corpus.articles.empty
    assert "unreadable Parquet" in corpus.ingest_errors[0].error


def test_html_page_main_text(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Dam repairs finished | Valley Wire</title>"
        '<meta name="description" content="The work took two years"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Dam repairs finished</h1>"
        + "".join(f"<p>Engineers finished the repairs on the dam on Friday, paragraph {i} of the story, "
                  "the county said in a statement that described the work in detail.</p>" for i in range(6))
        + "</article><footer>Copyright 2026 Valley Wire</footer></body></html>"
    )
    corpus = load_corpus([path], base=tmp_path)
    art = corpus.articles.iloc[0]
    assert art["id"] == "page"
    assert "Engineers finished the repairs" in art["body"]
    assert "Home" not in art["body"]


def test_txt_without_body_and_undecodable(tmp_path):
    (tmp_path / "short.txt").write_text("Only a title\n")
    (tmp_path / "latin1.txt").write_bytes(b"Title\nLede\nCaf\xe9 body")
    corpus = load_corpus([tmp_path], base=tmp_path)
    assert corpus.articles.empty
    reasons = sorted(e.error.split(" (")[0] for e in corpus.ingest_errors)
    assert reasons == ["missing body", "undecodable bytes"]
    [bad] = [e for e in corpus.ingest_errors if e.file == "latin1.txt"]
    assert bad.line == 3 and "at line 3, byte 14" in bad.error  # 0-based byte offset


def test_folders_are_read_recursively_and_missing_paths_raise(tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    write_jsonl(sub / "x.jsonl", [{"id": "x", "body": BODY}])
    (tmp_path / "notes.md").write_text("not an input")
    corpus = load_corpus([tmp_path], base=tmp_path)
    assert corpus.files == ["a/b/x.jsonl"]
    with pytest.raises(InputError, match="no such file"):
        load_corpus([tmp_path / "missing.jsonl"])


def test_config_field_mapping(tmp_path):
    path = write_jsonl(tmp_path / "m.jsonl", [{"story_id": "s1", "hed": "Hed", "story": BODY}])
    corpus = load_corpus([path], field_map={"id": "story_id", "title": "hed", "body": "story"}, base=tmp_path)
    art = corpus.articles.iloc[0]
    assert (art["id"], art["title"], art["body"]) == ("s1", "Hed", BODY)


def test_non_text_field_is_rejected():
    with pytest.raises(ValueError, match="'title' must be text"):
        RecordMapper().to_article({"title": 5, "body": BODY}, "x", "f.jsonl", 1)


def test_sentence_splitter_keeps_abbreviations_and_initials_together():
    from copydesk.corpus.segment import iter_sentences

    text = ('Mr. Smith met Gen. Lee in Washington, D.C. on Jan. 5. He said "No." Then U.S. forces left. '
            'Analyst E.F. Hutton and J. K. Rowling agreed. No. 10 Downing Street declined to comment.')
    got = [text[s:e] for s, e in iter_sentences(text, 0, len(text))]
    assert got == [
        "Mr. Smith met Gen. Lee in Washington, D.C. on Jan. 5.",
        'He said "No."',
        "Then U.S. forces left.",
        "Analyst E.F. Hutton and J. K. Rowling agreed.",
        "No. 10 Downing Street declined to comment.",
    ]


def test_html_page_runs_through_every_check(tmp_path):
    """HTML pages have no line number (pd.NA in the table); no check may trip over it."""
    from copydesk.validators import all_validators

    (tmp_path / "page.html").write_text(
        "<html><head><title>Flood forces 1,200 from homes</title></head><body><article>"
        + "".join(f"<p>The river rose overnight and about 1,500 people left their homes, paragraph {i}, "
                  "the county said, while the goverment promised help.</p>" for i in range(4))
        + "</article></body></html>")
    corpus = load_corpus([tmp_path / "page.html"], base=tmp_path)
    assert pd.isna(corpus.articles.iloc[0]["line"])
    found = {name: cls().run(corpus) for name, cls in all_validators().items()}
    assert found["numbers"] and found["typos"]
    assert all(f.line is None for f in found["numbers"] + found["typos"])


def test_csv_unclosed_quote_is_an_error_not_a_swallowed_file(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('id,title,body\nc1,T1,The mayor said.\nc2,T2,"The mayor said\nc3,T3,The council said.\n')
    corpus = load_corpus([path], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["c1", "c3"]  # reading resumes at the next line
    assert [(e.line, e.error.split(":")[0]) for e in corpus.ingest_errors] == [(3, "invalid CSV")]


def test_csv_accepts_long_bodies(tmp_path):
    path = tmp_path / "long.csv"
    body = "The council met again. " * 7000  # 161,000 characters, over csv's default field limit
    path.write_text(f'id,title,body\nc1,Long,"{body}"\n')
    corpus = load_corpus([path], base=tmp_path)
    assert corpus.ingest_errors == [] and len(corpus.articles.iloc[0]["body"]) == len(body)


def test_lone_surrogate_escape_is_an_ingest_error(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s1", "title": "Mayor wins", "body": "The mayor won. \\ud800"}\n'
                    '{"id": "s2", "title": "Mayor loses", "body": "The mayor lost."}\n')
    corpus = load_corpus([path], base=tmp_path)
    assert corpus.articles["id"].tolist() == ["s2"]
    [err] = corpus.ingest_errors
    assert err.line == 1 and "unpaired surrogate U+D800" in err.error


def test_same_file_name_in_two_folders_is_two_articles(tmp_path):
    """Saved pages are often */index.html: the second takes its path as id, not a duplicate error."""
    for folder, text in (("a", "The mayor opened the bridge."), ("b", "The council closed the road.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"Headline {folder}\n\n{text}\n")
    corpus = load_corpus([tmp_path], base=tmp_path)
    assert corpus.ingest_errors == []
    assert sorted(corpus.articles["id"]) == ["b/story", "story"]
    # explicit ids that repeat are still reported
    write_jsonl(tmp_path / "c.jsonl", [{"id": "x", "title": "T", "body": "One."}, {"id": "x", "title": "T", "body": "Two."}])
    corpus = load_corpus([tmp_path / "c.jsonl"], base=tmp_path)
    assert [e.error.split(" (")[0] for e in corpus.ingest_errors] == ["duplicate id 'x'"]


def test_json_articles_key_is_the_top_level_one(tmp_path):
    path = tmp_path / "n.json"
    path.write_text('{"meta": {"articles": ["x"]},\n "articles": [\n'
                    '  {"id": "n1", "title": "T1", "body": "One."},\n  {"id": "n2", "title": "T2", "body": "Two."}\n]}\n')
    corpus = load_corpus([path], base=tmp_path)
    assert corpus.ingest_errors == []
    assert corpus.articles["id"].tolist() == ["n1", "n2"] and corpus.articles["line"].tolist() == [3, 4]


@pytest.mark.parametrize("text", ['[{"id": "t1", "title": "T", "body": "One."}]\n{"id": "t2", "title": "T", "body": "Two."}\n',
                                  '{"id": "t1", "title": "T", "body": "One."}\n{"id": "t2", "title": "T", "body": "Two."}\n'])
def test_json_data_after_the_value_is_reported(tmp_path, text):
    path = tmp_path / "t.json"
    path.write_text(text)
    corpus = load_corpus([path], base=tmp_path)
    assert len(corpus.articles) == 1
    [err] = corpus.ingest_errors
    assert err.line == 2 and "unexpected data after the end of the JSON value" in err.error
