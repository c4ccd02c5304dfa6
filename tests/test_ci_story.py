"""The whole CI story in a temporary git repository.

init -> commit a corpus -> `copydesk baseline` -> a commit that adds an article with a
boilerplate line (and edits two known articles) -> `copydesk check --changed-since HEAD~1
--baseline ...` fails with exactly the new finding, in every output format, and reports
the baseline entry that disappeared.

The suites are edited (as `copydesk init` invites) to keep only copydesk's boilerplate
check next to GX's built-in expectations, so the story does not depend on the typo,
attribution or numbers checks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from copydesk.cli import app

from .conftest import write_jsonl

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
runner = CliRunner()

PROSE = ("The council met on Tuesday evening and debated the harbor budget for more than two hours, "
         "with residents lining up to speak about ferry fares, parking and the state of the old pier. ")
NEW_LINE = "Sign up for our morning newsletter to get the day's top stories in your inbox."


def _git(repo, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def _article(i, extra=None):
    body = f"Story {i}. " + PROSE + f"\n\nMore reporting on item {i} followed, officials said."
    if extra:
        body += "\n\n" + extra
    return {"id": f"ledger-{i}", "source": "Harbor City Ledger", "title": f"Council story {i}", "body": body}


def _only_boilerplate(repo):
    """Keep the boilerplate expectation and GX built-ins on the input's own columns; drop
    the other copydesk checks (and expectations on the columns they add)."""
    own = {"id", "title", "lede", "body", "source", "url", "published"}
    for path in (repo / "expectations").glob("*.json"):
        suite = json.loads(path.read_text())
        suite["expectations"] = [e for e in suite["expectations"] if "boilerplate" in e["type"] or (
            e["type"].startswith("expect_column") and e["kwargs"].get("column") in own)]
        path.write_text(json.dumps(suite, indent=2))


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    repo = tmp_path_factory.mktemp("corpus-repo")
    mp = pytest.MonkeyPatch()
    mp.chdir(repo)
    try:
        _git(repo, "init", "-q", "-b", "main")
        res = runner.invoke(app, ["init", "."])
        assert res.exit_code == 0, res.output
        _only_boilerplate(repo)
        (repo / "corpus").mkdir()
        records = [_article(1, "Comments are closed."), _article(2, "Comments are closed."), _article(3),
                   _article(4, "Share this story with your friends!")]
        write_jsonl(repo / "corpus" / "ledger.jsonl", records)
        (repo / "corpus" / "seed.txt").write_text(
            "Ferry fares rise\nThe board approved the increase\n" + PROSE + "\nComments are closed.\n", encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "corpus")

        res = runner.invoke(app, ["baseline", "corpus/", "-q"])
        assert res.exit_code == 0, res.output
        baseline = json.loads((repo / "copydesk-baseline.json").read_text())
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "baseline")

        # the pull request: article 1 edited (its known finding stays), article 4 loses its
        # boilerplate line (a baseline entry disappears), article 5 is new with one
        records[0]["body"] = records[0]["body"].replace("officials said", "officials confirmed")
        records[3] = _article(4)
        records.append(_article(5, NEW_LINE))
        write_jsonl(repo / "corpus" / "ledger.jsonl", records)
        _git(repo, "commit", "-qam", "new article")

        out = repo / "out"
        args = ["check", "corpus/", "--changed-since", "HEAD~1", "--baseline", "copydesk-baseline.json",
                "--no-docs", "-q", "-f", "text", "-f", "github"]
        for fmt, name in (("json", "report.json"), ("jsonl", "findings.jsonl"), ("junit", "junit.xml"),
                          ("sarif", "report.sarif"), ("text", "report.txt")):
            args += ["-f", f"{fmt}={out / name}"]
        res = runner.invoke(app, args)
        files = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
        full = runner.invoke(app, ["check", "corpus/", "--baseline", "copydesk-baseline.json", "--no-docs", "-q",
                                   "-f", "json"])
    finally:
        mp.undo()
    return {"repo": repo, "baseline": baseline, "result": res, "files": files, "full": full,
            "report": json.loads(files["report.json"])}


def test_init_wrote_the_scaffold(story):
    repo = story["repo"]
    for rel in ("copydesk.toml", "expectations/paragraphs.json", ".github/workflows/copydesk.yml",
                ".pre-commit-config.yaml", "expectations/examples/per-source-tolerance.json"):
        assert (repo / rel).is_file(), rel


def test_baseline_keys_on_article_rule_and_text(story):
    entries = {(e["article_id"], e["rule"], e["text"]) for e in story["baseline"]["findings"]}
    assert entries == {
        ("ledger-1", "boilerplate/phrase", "Comments are closed."),
        ("ledger-2", "boilerplate/phrase", "Comments are closed."),
        ("ledger-4", "boilerplate/phrase", "Share this story with your friends!"),
        ("seed", "boilerplate/phrase", "Comments are closed."),
    }
    assert not any("line" in e or "start" in e for e in story["baseline"]["findings"])


def test_check_fails_with_exactly_the_new_finding(story):
    assert story["result"].exit_code == 1, story["result"].output
    report = story["report"]
    assert report["success"] is False
    [f] = report["findings"]
    assert (f["article_id"], f["rule"], f["text"]) == ("ledger-5", "phrase", NEW_LINE)
    line = (story["repo"] / "corpus" / "ledger.jsonl").read_text(encoding="utf-8").split("\n")[4]
    assert (f["file"], f["line"], f["column"]) == ("corpus/ledger.jsonl", 5, line.index(NEW_LINE) + 1)
    assert report["scope"] == {"changed_since": "HEAD~1", "articles_checked": 3, "articles_total": 6,
                               "files_changed": ["corpus/ledger.jsonl"]}
    assert report["baseline"]["known"] == 1 and report["baseline"]["new"] == 1
    assert [(e["article_id"], e["text"]) for e in report["baseline"]["fixed"]] == [
        ("ledger-4", "Share this story with your friends!")]


def test_every_format_carries_only_the_new_finding(story):
    files = story["files"]
    assert [json.loads(x)["article_id"] for x in files["findings.jsonl"].splitlines()] == ["ledger-5"]

    sarif = json.loads(files["report.sarif"])
    [res] = sarif["runs"][0]["results"]
    assert res["ruleId"] == "boilerplate/phrase" and res["baselineState"] == "new"
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] == 5

    root = ET.fromstring(files["junit.xml"].encode("utf-8"))
    [failure] = root.findall(".//failure")
    assert failure.text.splitlines() == [line for line in failure.text.splitlines() if "ledger-5" in line]
    assert len(failure.text.splitlines()) == 1

    stdout = story["result"].stdout
    errors = [ln for ln in stdout.splitlines() if ln.startswith("::error")]
    assert len(errors) == 1 and "file=corpus/ledger.jsonl,line=5," in errors[0]
    assert any(ln.startswith("::notice") and "no longer found" in ln for ln in stdout.splitlines())

    for text in (files["report.txt"], stdout):
        assert NEW_LINE in text and "Comments are closed." not in text
        assert "checked 3 of 6 articles" in text and "1 baseline entries are no longer found" in text


def test_full_run_with_the_baseline_fails_only_on_the_new_article(story):
    report = json.loads(story["full"].stdout)
    assert story["full"].exit_code == 1
    assert [f["article_id"] for f in report["findings"]] == ["ledger-5"]
    assert report["baseline"]["known"] == 3
