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


def test_hostile_article_text_in_a_colour_terminal_report(tmp_path):
    """With colours on (FORCE_COLOR, as CI logs often set it), copydesk's own styling is
    the only escape sequence on stdout: article text cannot add CSI/OSC codes, hyperlinks
    or markup styling (copydesk/reports/safe.py)."""
    body = ("The council met on Tuesday and approved the harbor budget, the clerk said.\n\n"
            "Read \x1b]8;;http://evil\x07this\x1b]8;;\x07 atack \x1b[2J\x9b31m [link=http://evil]x[/link] "
            "[bold red]loud[/] nul\x00.")
    corpus = write_jsonl(tmp_path / "evil.jsonl", [{"id": "e\x1b[5m1", "title": "Harbor [i]vote[/i]", "body": body},
                                                  {"id": "e2", "title": "Ferry", "body": body}])
    result = runner.invoke(app, ["check", str(corpus), "--no-docs"], env={"FORCE_COLOR": "1", "COLUMNS": "300"})
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "\x1b[" in out  # the report is coloured
    sgr = re.compile(r"\x1b\[[0-9;]*m")
    plain = sgr.sub("", out)
    assert "\x1b" not in plain and "\x9b" not in plain and "\x00" not in plain and "\x07" not in plain
    lines = plain.splitlines()
    assert "e\\x1b[5m1  " + str(corpus).replace("\x1b", "\\x1b") in lines
    assert ("    Read \\x1b]8;;http://evil\\x07this\\x1b]8;;\\x07 atack \\x1b[2J\\x9b31m [link=http://evil]x[/link] "
            "[bold red]loud[/] nul\\x00.") in lines
