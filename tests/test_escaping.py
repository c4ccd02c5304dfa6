"""Untrusted article text is shown as text, never run, in every HTML copydesk writes."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from copydesk.cli import app

from .conftest import write_jsonl

runner = CliRunner()
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def test_hostile_article_text_is_escaped_in_data_docs(tmp_path):
    rows = [
        {"id": f"evil-{i}", "source": "Scraped", "title": f"Headline {i} {SCRIPT}",
         "body": f"The council met on Tuesday and approved item {i}, the clerk said.\n\n"
                 f"Share this {IMG} story {SCRIPT}\n\n{SCRIPT}{IMG} Subscribe for updates from us"}
        for i in range(3)
    ]
    corpus = write_jsonl(tmp_path / "evil.jsonl", rows)
    docs = tmp_path / "docs"
    result = runner.invoke(app, ["check", str(corpus), "--docs-dir", str(docs), "-f", "json",
                                 "-o", str(tmp_path / "r.json")])
    assert result.exit_code in (0, 1), result.output
    pages = list(docs.rglob("*.html"))
    assert pages
    flagged_page = [p for p in pages if "validations" in p.parts and "paragraphs" in p.name]
    assert flagged_page, [p.name for p in pages]
    html = flagged_page[0].read_text(encoding="utf-8")
    # the repeated hostile line is an unexpected value on the page, as escaped text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, page
        assert not re.search(r"<img[^>]*onerror", text), page
        # offline: no script, stylesheet or image is fetched from the network
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", text):
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag), (page, tag)
        for ref in re.findall(r"""<(?:script|link)\b[^>]*(?:src|href)=["']([^"']+)""", text):
            assert (page.parent / ref).resolve().exists(), (page, ref)
