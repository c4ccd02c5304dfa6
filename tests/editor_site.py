"""One small corpus (written for these tests) checked once with Data Docs on, shared by
the Data Docs tests (test_datadocs.py, test_overview.py): building a site takes seconds."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

SCRIPT = "<script>alert(1)</script>"
ODD_ID = "gz-2 <b>bold</b>"
ODD_SOURCE = "Upland <i>Times</i> & Co"
SOURCES = ("Harbor Gazette", ODD_SOURCE)
RECORDS = [
    {"id": "gz-1", "source": "Harbor Gazette", "title": "Council approves new park budget",
     "lede": "The vote was unanimous",
     "body": "The city council approved the park budget on Monday, the mayor said.\n\n"
             "The goverment will pay for the new playground next spring, the mayor said.\n\n"
             "Residents asked the goverment for more benches, the council said.\n\n"
             "Officials said the park would open in June.\n\n"
             "Sign up for our newsletter to get the day's top stories in your inbox."},
    {"id": ODD_ID, "source": "Harbor Gazette", "title": "Library hours extended",
     "lede": "Branches will open on Sundays",
     "body": "The library board voted to extend hours at all branches, the director said.\n\n"
             f"Readers asked for {SCRIPT} more evening hours, and the goverment agreed to fund them, "
             "the director said."},
    {"id": "up-1", "source": ODD_SOURCE, "title": "Bridge repairs begin",
     "lede": "Work will take three months",
     "body": "Crews began repairs on the river bridge on Tuesday, the transport department said.\n\n"
             "The bridge carries about 9,000 cars a day, according to county figures."},
]

_built: dict[str, tuple[Path, dict]] = {}


def editor_site(tmp_path_factory) -> tuple[Path, dict]:
    """(Data Docs folder, JSON report) of `copydesk check` on RECORDS, built once per session."""
    if "site" not in _built:
        from copydesk.cli import app

        root = tmp_path_factory.mktemp("editor-site")
        corpus = root / "news.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
        docs, out = root / "docs", root / "report.json"
        result = CliRunner().invoke(app, ["check", str(corpus), "--docs-dir", str(docs), "-f", "json",
                                          "-o", str(out), "--quiet"])
        assert result.exit_code == 1, result.output
        _built["site"] = (docs, json.loads(out.read_text(encoding="utf-8")))
    return _built["site"]


def validation_page(docs: Path, suite: str) -> Path:
    (page,) = [p for p in (docs / "validations" / suite).rglob("*.html")]
    return page
