"""WARC crawl reading: HTML responses become articles, other records are counted skips,
broken records are ingest errors at their byte offset."""

from __future__ import annotations

import pytest

from copydesk.corpus.warc import SkippedRecord, read_warc
from copydesk.model import Article, IngestError
from tests.warc_files import STORY, crawl_records, http_response, page, record, write_warc

pytest.importorskip("fastwarc")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_are_articles_and_the_rest_skips(tmp_path, name):
    path = tmp_path / name
    offsets = write_warc(path, crawl_records())
    items = list(read_warc(path, 10_000_000, name))
    articles = [i for i in items if isinstance(i, Article)]
    skips = [i for i in items if isinstance(i, SkippedRecord)]
    assert not [i for i in items if isinstance(i, IngestError)]
    assert [a.id for a in articles] == ["news.example/a", "news.example/b"]
    first = articles[0]
    assert first.title == "Council closes libraries"
    assert first.url == "https://news.example/a"
    assert first.source == "news.example"
    assert first.published == "2024-05-01T10:00:00Z"  # the page has no date: WARC-Date
    assert "close two libraries" in first.body and "Home | World" not in first.body
    assert first.file == name and first.line is None
    assert first.extra["warc_offset"] == offsets[2]
    assert "Share this story" in first.extra["page_furniture"]
    assert sorted((s.offset, s.reason) for s in skips) == sorted([
        (offsets[0], "warcinfo record"), (offsets[1], "request record"),
        (offsets[4], "non-HTML response (image/png)"), (offsets[5], "HTTP 404 response"),
        (offsets[6], "HTTP 301 response")])


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_truncated_record_is_an_error_at_its_offset(tmp_path, name):
    path = tmp_path / name
    records = crawl_records()[:3] + [crawl_records()[3]]
    offsets = write_warc(path, records, truncate_last=180)
    items = list(read_warc(path, 10_000_000, name))
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [a.id for a in items if isinstance(a, Article)] == ["news.example/a"]
    assert len(errors) == 1
    assert errors[0].file == name
    assert f"byte {offsets[3]}" in errors[0].error


def test_record_over_the_size_limit_is_an_error_and_reading_goes_on(tmp_path):
    path = tmp_path / "big.warc"
    big = record("response", http_response(page("Huge page", "word " * 5000)), "https://news.example/big", rid=9)
    offsets = write_warc(path, [big] + crawl_records()[2:3])
    items = list(read_warc(path, 10_000, "big.warc"))
    assert isinstance(items[0], IngestError)
    assert f"record at byte {offsets[0]}" in items[0].error and "max_record_bytes" in items[0].error
    assert isinstance(items[1], Article) and items[1].id == "news.example/a"


def test_page_without_main_text_is_an_error_naming_the_record(tmp_path):
    path = tmp_path / "empty.warc"
    offsets = write_warc(path, [record("response", http_response(b"<html><body></body></html>"),
                                       "https://news.example/empty", rid=3)])
    (error,) = list(read_warc(path, 10_000_000, "empty.warc"))
    assert isinstance(error, IngestError)
    assert error.error == f"record at byte {offsets[0]}: no article text found in the HTML page"


def test_site_furniture_in_one_page_is_known_from_the_other_pages_of_its_source(tmp_path):
    """A footer line that extraction kept in one page's main text is a repeated line: the
    source's other pages had it as furniture (removed by extraction)."""
    from copydesk.corpus import load_corpus
    from copydesk.validators.boilerplate import BoilerplateValidator

    footer = "Harbor Gazette editors choose the stories on this page each morning"
    records = []
    for i in range(4):
        text = STORY.replace("libraries", f"branch {i}")
        body = http_response(page(f"Story number {i}", text, furniture=footer))
        records.append(record("response", body, f"https://gazette.example/{i}", rid=10 + i))
    leaked = ("<html><head><title>Leaky page</title></head><body><article><h1>Leaky page</h1>"
              f"<p>{STORY}</p><p>{footer}</p></article></body></html>").encode()
    records.append(record("response", http_response(leaked), "https://gazette.example/leak", rid=20))
    write_warc(tmp_path / "site.warc", records)
    corpus = load_corpus([tmp_path], base=tmp_path)
    leak_body = corpus.article("gazette.example/leak")["body"]
    assert footer in leak_body  # extraction kept it as main text
    findings = [f for f in BoilerplateValidator().run(corpus) if f.article_id == "gazette.example/leak"]
    assert [(f.rule, f.text) for f in findings] == [("repeated-line", footer)]
    corpus.furniture.clear()  # without what extraction removed, the line is a story line
    assert not [f for f in BoilerplateValidator().run(corpus) if f.article_id == "gazette.example/leak"]
