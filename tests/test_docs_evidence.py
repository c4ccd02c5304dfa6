"""Findings reach every output with their evidence: the JSON `related` span and the Data
Docs evidence columns."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from copydesk.cli import app

from .conftest import SEED_ARTICLE

runner = CliRunner()


def check_edited_seed(tmp_path, old: str, new: str, check: str, table: str) -> tuple[str, list[dict], str]:
    """Check the seed with `old` replaced by `new` (Data Docs on): the edited text, the
    report's `check` findings and the HTML of the `table` suite's validation page."""
    edited = SEED_ARTICLE.read_text(encoding="utf-8").replace(old, new, 1)
    assert edited != SEED_ARTICLE.read_text(encoding="utf-8")
    path = tmp_path / "edited.txt"
    path.write_text(edited, encoding="utf-8")
    docs, out = tmp_path / "docs", tmp_path / "r.json"
    result = runner.invoke(app, ["check", str(path), "--docs-dir", str(docs), "-f", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output
    findings = [f for f in json.loads(out.read_text())["findings"] if f["check"] == check]
    page = next(p for p in docs.rglob("*.html") if "validations" in p.parts and table in p.name)
    return edited, findings, page.read_text(encoding="utf-8")


def in_html(text: str, html: str) -> bool:
    return text in html or text.replace("'", "&#39;") in html


def test_headline_mismatch_shows_both_values_in_json_and_data_docs(tmp_path):
    edited, numbers, html = check_edited_seed(
        tmp_path, "At least 50 Azerbaijani", "At least 60 Azerbaijani", "numbers", "articles")
    assert len(numbers) == 1
    claim = numbers[0]
    lede, rest = edited.split("\n", 2)[1], edited.split("\n", 2)[2].strip()
    assert (claim["field"], claim["text"]) == ("lede", "60")
    assert lede[claim["start"]:claim["end"]] == "60"
    related = claim["related"]
    assert related["field"] == "body" and rest[related["start"]:related["end"]] == related["text"]
    assert "50" in related["text"]
    assert claim["line"] == 2 and related["line"] == 4  # located in the .txt file
    assert in_html(claim["message"], html)


def test_sentence_findings_show_the_sentence_and_why_in_data_docs(tmp_path):
    """Sentence-level expectations map over `<check>_evidence`: the sentence, then the
    reason it was flagged (the attribution issue's "show the sentence and why")."""
    _, attribution, html = check_edited_seed(
        tmp_path, "According to Armenian Prime Minister Nikol Pashinyan, 49", "49", "attribution", "sentences")
    (claim,) = attribution
    assert in_html(f"{claim['text']}  ⟵  {claim['message']}", html)
    assert in_html("repelling the atack.  ⟵  possible misspelling of 'attack'", html)
    # copydesk's block above GX's tables: the word marked in its line, suggestion, file:line:col
    assert "while repelling the <mark>atack</mark>." in html
    assert '<td class="copydesk-suggestion">attack</td>' in html
    assert "edited.txt:7:54" in html  # the edit removed 54 characters before it
