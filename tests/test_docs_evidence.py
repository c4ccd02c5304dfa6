"""Article-level findings reach every output with both spans: the JSON `related` span and
the Data Docs evidence column."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from copydesk.cli import app

from .conftest import SEED_ARTICLE

runner = CliRunner()


def test_headline_mismatch_shows_both_values_in_json_and_data_docs(tmp_path):
    edited = SEED_ARTICLE.read_text(encoding="utf-8").replace("At least 50 Azerbaijani", "At least 60 Azerbaijani", 1)
    path = tmp_path / "seed-60.txt"
    path.write_text(edited, encoding="utf-8")
    docs = tmp_path / "docs"
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["check", str(path), "--docs-dir", str(docs), "-f", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output
    numbers = [f for f in json.loads(out.read_text())["findings"] if f["check"] == "numbers"]
    assert len(numbers) == 1
    claim = numbers[0]
    lede, rest = edited.split("\n", 2)[1], edited.split("\n", 2)[2].strip()
    assert (claim["field"], claim["text"]) == ("lede", "60")
    assert lede[claim["start"]:claim["end"]] == "60"
    related = claim["related"]
    assert related["field"] == "body" and rest[related["start"]:related["end"]] == related["text"]
    assert "50" in related["text"]
    assert claim["line"] == 2 and related["line"] == 4  # located in the .txt file
    page = next(p for p in docs.rglob("*.html") if "validations" in p.parts and "articles" in p.name)
    html = page.read_text(encoding="utf-8")
    assert claim["message"].replace("'", "&#39;") in html or claim["message"] in html


def test_sentence_findings_show_the_sentence_and_why_in_data_docs(tmp_path):
    """Sentence-level expectations map over `<check>_evidence`: the sentence, then the
    reason it was flagged (the attribution issue's "show the sentence and why")."""
    edited = SEED_ARTICLE.read_text(encoding="utf-8").replace(
        "According to Armenian Prime Minister Nikol Pashinyan, 49", "49", 1)
    path = tmp_path / "no-pashinyan.txt"
    path.write_text(edited, encoding="utf-8")
    docs = tmp_path / "docs"
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["check", str(path), "--docs-dir", str(docs), "-f", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output
    (claim,) = [f for f in json.loads(out.read_text())["findings"] if f["check"] == "attribution"]
    page = next(p for p in docs.rglob("*.html") if "validations" in p.parts and "sentences" in p.name)
    html = page.read_text(encoding="utf-8")
    assert f"{claim['text']}  ⟵  {claim['message']}" in html
    typo = "repelling the atack.  ⟵  possible misspelling of 'attack'"
    assert typo in html or typo.replace("'", "&#39;") in html
