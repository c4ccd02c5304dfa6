"""The Data Docs overview page: corpus size, finding rates per source and per check as
inline SVG charts (no CDN), top rules, worst articles; linked first from the index."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from copydesk.reports import overview
from copydesk.reports.findings_html import article_page

from .editor_site import ODD_SOURCE, RECORDS, SOURCES, editor_site
from .test_datadocs import EXTERNAL, _refs


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return editor_site(tmp_path_factory)


def _finding(article_id, check="typos", rule="misspelling", severity="error"):
    return {"article_id": article_id, "check": check, "rule": rule, "severity": severity}


def test_rates_are_per_thousand_words_per_source_and_family():
    articles = pd.DataFrame({
        "id": ["a", "b", "c"], "source": ["Big Daily", "Big Daily", None],
        "title": ["one two", "x", ""], "lede": ["", "", ""],
        "body": [" ".join(["w"] * 498), " ".join(["w"] * 499), " ".join(["w"] * 100)],
    })
    found = [_finding("a"), _finding("a", "boilerplate", "phrase"), _finding("c", severity="warning")]
    ov = overview.compute(articles, found)
    assert (ov.articles, ov.words, ov.findings) == (3, 1100, 3)
    by_name = {s.name: s for s in ov.sources}
    assert by_name["Big Daily"].words == 1000 and by_name["Big Daily"].total == 2
    assert ov.rate(by_name["Big Daily"].total, by_name["Big Daily"].words) == pytest.approx(2.0)
    assert by_name[overview.NO_SOURCE].findings == {"typos": 1}
    assert ov.sources[0].name == overview.NO_SOURCE  # 10 per 1,000 words beats 2
    assert ov.families == [("typos", 2), ("boilerplate", 1)]
    assert [r["rule"] for r in ov.top_rules] == ["typos/misspelling", "boilerplate/phrase"]
    assert ov.top_rules[0]["articles"] == 2 and ov.top_rules[0]["severity"] == "error"
    # worst articles: most errors first, then the rate
    assert [a["id"] for a in ov.worst] == ["a", "c"]
    assert ov.by_severity == {"error": 2, "warning": 1, "info": 0}


def test_chart_svg_ids_are_prefixed_per_chart():
    spec = {"data": {"values": [{"k": "x", "v": 1}]}, "mark": {"type": "bar", "clip": True},
            "encoding": {"x": {"field": "v", "type": "quantitative"}, "y": {"field": "k", "type": "nominal"}}}
    svg = overview.to_svg(spec, "one-")
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert svg.startswith('<svg role="img" ')
    assert ids and all(i.startswith("one-") for i in ids)
    for ref in re.findall(r"url\(#([^)]+)\)", svg):
        assert ref in ids


def test_overview_has_inline_svg_charts_naming_every_source(site):
    docs, report = site
    text = (docs / "overview.html").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg\b.*?</svg>", text, re.S)
    assert len(svgs) == 2
    for source in SOURCES:
        assert html.escape(source, quote=False) in svgs[0], source
    for check in report["summary"]["by_check"]:
        assert check in svgs[1]
    assert "<i>Times</i>" not in text  # the source name is text, not markup


def test_overview_figures_match_the_report(site):
    docs, report = site
    text = (docs / "overview.html").read_text(encoding="utf-8")
    words = report["corpus"]["words"]
    assert f"{words:,}" in text and f">{report['corpus']['articles']}<" in text
    rate = 1000 * report["summary"]["findings"] / words
    assert f"{rate:.2f}" in text
    assert "<code>typos/misspelling</code></td><td>error</td><td class=text-right>3</td>" in text


def test_worst_articles_link_to_existing_article_pages(site):
    docs, report = site
    text = (docs / "overview.html").read_text(encoding="utf-8")
    worst = text.split("Worst articles", 1)[1]
    links = re.findall(r'<a href="(articles/[^"]+)">([^<]+)</a>', worst)
    ids = [html.unescape(name) for _, name in links]
    assert ids[0] == "gz-1"  # three errors, the most
    assert set(ids) == {f["article_id"] for f in report["findings"]}
    for href, name in links:
        assert href == article_page(html.unescape(name)) and (docs / href).is_file()


def test_index_links_the_overview_first(site):
    docs, _ = site
    text = (docs / "index.html").read_text(encoding="utf-8")
    main = text[text.index('class="col-md-10'):]
    first = re.search(r'<a\b[^>]*href="([^"]+)"', main)
    assert first.group(1) == "overview.html"
    assert f"{len(RECORDS)} articles" in main[:2000]


def test_editor_pages_load_nothing_external(site):
    docs, _ = site
    pages = [docs / "overview.html", *(docs / "articles").glob("*.html")]
    assert len(pages) == 1 + 3
    for page in pages:
        refs = _refs(page).assets
        assert refs, page
        for _tag, url in refs:
            assert not EXTERNAL.match(url), (page, url)
            assert (page.parent / url).resolve().is_file(), (page, url)
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"(?:xlink:)?href=\"(?:https?:)?//", text), page
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", text), page
        assert not re.search(r"<script\b(?![^>]*\bsrc=)", text), page  # no inline script
    assert html.escape(ODD_SOURCE) in (docs / "overview.html").read_text(encoding="utf-8")
