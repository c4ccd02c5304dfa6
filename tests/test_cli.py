"""CLI: output planning, explain, init and the shipped CI integrations, per-source
tolerance through suite `mostly` + `row_condition`, changed-only runs with corpus-wide
context, --quiet/--verbose."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from ruamel.yaml import YAML
from typer.testing import CliRunner

from copydesk.changed import changed_lines
from copydesk.cli import _plan_outputs, app, check
from copydesk.scaffold import template

from .conftest import ROOT, write_jsonl

runner = CliRunner()
yaml = YAML(typ="safe")
PROSE = ("The council met on Tuesday evening and debated the harbor budget for more than two hours, "
         "with residents lining up to speak about ferry fares, parking and the state of the old pier.")
CHECK_OPTIONS = {opt for p in typer.main.get_command(app).commands["check"].params for opt in getattr(p, "opts", [])}


def _options(command: str) -> set[str]:
    return {tok.split("=")[0] for tok in shlex.split(command.replace("\\\n", " ")) if tok.startswith("-")}


def test_plan_outputs_pairs_formats_and_files():
    plan = _plan_outputs(["text", "github", "sarif", "junit=j.xml"], [Path("r.sarif")])
    assert plan == [("text", None), ("github", None), ("sarif", Path("r.sarif")), ("junit", Path("j.xml"))]
    assert _plan_outputs(["json"], [Path("r.json")]) == [("json", Path("r.json"))]
    for bad in (["json", "github"], ["text", "text"], ["yaml"]):
        with pytest.raises(typer.Exit):
            _plan_outputs(bad, [])


def test_explain_lists_every_rule_and_explains_one():
    res = runner.invoke(app, ["explain"])
    assert res.exit_code == 0
    assert re.search(r"^  boilerplate/phrase +error +A paragraph that is a stock web-page line", res.stdout, re.M)
    res = runner.invoke(app, ["explain", "boilerplate/phrase"])
    assert res.exit_code == 0
    for part in ("What it checks:", "Why it matters to an editor:", "Example:", "[checks.boilerplate]",
                 "min_repeats = 3", '"boilerplate/phrase" = "warning"'):
        assert part in res.stdout
    assert "# repeated-line: in at least this many articles" in res.stdout  # setting docs from the settings dataclass
    assert runner.invoke(app, ["explain", "boilerplate/nope"]).exit_code == 2


def test_init_keeps_existing_files_and_writes_valid_yaml(tmp_path):
    (tmp_path / "corpus").mkdir()
    res = runner.invoke(app, ["init", str(tmp_path)])
    assert res.exit_code == 0, res.output
    again = runner.invoke(app, ["init", str(tmp_path)])
    assert "kept  copydesk.toml" in again.stdout and ".gitignore" not in again.stdout
    workflow = yaml.load((tmp_path / ".github/workflows/copydesk.yml").read_text())
    steps = workflow["jobs"]["copydesk"]["steps"]
    run = next(s["run"] for s in steps if "copydesk check" in s.get("run", ""))
    assert "copydesk check corpus/" in run and _options(run.split("copydesk check", 1)[1]) <= CHECK_OPTIONS
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in steps)
    hooks = yaml.load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"]
    assert hooks[0]["args"] == ["corpus/"] and _options(hooks[0]["entry"]) <= CHECK_OPTIONS
    assert re.search(hooks[0]["files"], "corpus/2026/story.jsonl") and not re.search(hooks[0]["files"], "README.md")
    config = (tmp_path / "copydesk.toml").read_text()
    import tomllib

    assert tomllib.loads(config)["suites"] == "expectations"
    assert "# min_repeats = 3" in config
    assert (tmp_path / ".gitignore").read_text().count("/reports/") == 1


def test_shipped_action_and_pre_commit_hook_use_real_options():
    action = yaml.load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    run = next(s["run"] for s in action["runs"]["steps"] if "copydesk check" in s.get("run", ""))
    long_options = set(re.findall(r"--[a-z][a-z-]*", run))  # args+=(--x ...) and the command line
    assert {"--changed-since", "--baseline", "--fail-on", "--config", "--format"} <= long_options <= CHECK_OPTIONS
    [hook] = yaml.load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "copydesk" and hook["entry"].startswith("copydesk check")
    assert _options(hook["entry"]) <= CHECK_OPTIONS and hook["pass_filenames"] is False


def test_changed_lines_from_zero_context_hunks():
    diff = "@@ -3 +3 @@\n-a\n+b\n@@ -10,0 +11,2 @@\n+c\n+d\n@@ -20,2 +21,0 @@\n-e\n-f\n"
    assert changed_lines(diff) == {3, 11, 12, 21}


def _articles(n_clean: int, n_dirty: int, source: str, tag: str) -> list[dict]:
    rows = []
    for i in range(n_clean + n_dirty):
        body = f"{tag} story {i}. {PROSE}"
        if i < n_dirty:
            body += "\nComments are closed."
        rows.append({"id": f"{tag}-{i}", "source": source, "title": f"{tag} {i}", "body": body})
    return rows


def test_per_source_tolerance_with_mostly_and_row_condition(tmp_path):
    """The documented example: at most 2% of the Ledger's articles may carry boilerplate."""
    example = json.loads(template("per-source-tolerance.json"))
    suites = tmp_path / "suites"
    suites.mkdir()
    (suites / "articles_per_source.json").write_text(json.dumps(example))
    for name in ("articles", "paragraphs", "sentences"):  # only the tolerance suite runs
        table = name
        (suites / f"{name}.json").write_text(json.dumps({"name": name, "meta": {"copydesk": {"table": table}},
                                                         "expectations": []}))
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(corpus, _articles(49, 1, "Harbor City Ledger", "ledger") + _articles(9, 1, "Valley Wire", "wire"))
    res = runner.invoke(app, ["check", str(corpus), "--suite", str(suites), "--no-docs", "-q", "-f", "json"])
    report = json.loads(res.stdout)
    per_source = [e for e in report["expectations"] if e["suite"] == "articles_per_source"]
    assert [(e["success"], e["element_count"], e["unexpected_count"]) for e in per_source] == [
        (True, 50, 1), (False, 10, 1)]
    assert res.exit_code == 1  # the Wire may not carry any

    write_jsonl(corpus, _articles(49, 1, "Harbor City Ledger", "ledger") + _articles(10, 0, "Valley Wire", "wire"))
    res = runner.invoke(app, ["check", str(corpus), "--suite", str(suites), "--no-docs", "-q", "-f", "json"])
    assert res.exit_code == 0, res.output  # 1 of 50 Ledger articles = 2%: tolerated
    assert [f["article_id"] for f in json.loads(res.stdout)["findings"]] == ["ledger-0"]  # still reported


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_changed_since_keeps_corpus_wide_context(tmp_path, monkeypatch):
    """Only the appended JSONL record is checked, but the footer it shares with two
    unchanged articles is still a repeated line (context from the whole corpus)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e.org"}

    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, env=env)

    footer = "The Harbor City Ledger is an independent newsroom supported by its readers."
    rows = [{"id": f"l{i}", "source": "Ledger", "title": f"T{i}", "body": f"Story {i}. {PROSE}\n{footer}"}
            for i in range(3)]
    monkeypatch.chdir(tmp_path)
    git("init", "-q", "-b", "main")
    write_jsonl(tmp_path / "news.jsonl", rows[:2])
    git("add", "-A")
    git("commit", "-qm", "two")
    write_jsonl(tmp_path / "news.jsonl", rows)
    git("commit", "-qam", "three")
    res = runner.invoke(app, ["check", "news.jsonl", "--changed-since", "HEAD~1", "--fail-on", "warning",
                              "--no-docs", "-v", "-f", "json"])
    report = json.loads(res.stdout)
    assert [(f["article_id"], f["rule"]) for f in report["findings"]
            if f["check"] == "boilerplate"] == [("l2", "repeated-line")]
    assert report["scope"]["articles_checked"] == 1 and report["scope"]["articles_total"] == 3
    assert "checking 1 of 3 articles (changed since HEAD~1)" in res.stderr  # --verbose
    quiet = runner.invoke(app, ["check", "news.jsonl", "--changed-since", "HEAD", "--no-docs", "-q", "-f", "json"])
    assert quiet.exit_code == 0 and quiet.stderr == ""  # nothing changed, and --quiet says nothing
    assert json.loads(quiet.stdout)["scope"]["articles_checked"] == 0
    bad = runner.invoke(app, ["check", "news.jsonl", "--changed-since", "no-such-ref", "--no-docs"])
    assert bad.exit_code == 2 and "not a commit" in bad.stderr


def test_check_help_lists_the_ci_options():
    assert {"--baseline", "--changed-since", "--quiet", "--verbose", "--progress"} <= CHECK_OPTIONS
    assert callable(check)


@pytest.mark.parametrize("table, said", [
    # a misspelt name is caught when the configuration is read, an unreadable lexicon when the check is built
    ('[checks.boilerplate]\nmin_repeat = 3\n', "[checks.boilerplate]: boilerplate: unknown setting(s) min_repeat"),
    ('[checks.typos]\nlexicon = "missing-words.txt"\n', "invalid settings for the typos check"),
])
def test_bad_check_settings_are_a_configuration_error(tmp_path, table, said):
    """A misspelt setting or an unreadable lexicon is exit 2 with a message, not a crash (exit 1
    would read as "the corpus failed" in CI)."""
    corpus = write_jsonl(tmp_path / "a.jsonl", [{"id": "a1", "title": "Council meets", "body": "The council met."}])
    config = tmp_path / "copydesk.toml"
    config.write_text(table)
    result = runner.invoke(app, ["check", str(corpus), "--config", str(config), "--no-docs"])
    assert result.exit_code == 2, result.output
    assert said in " ".join(result.stderr.split())
    assert result.exception is None or isinstance(result.exception, SystemExit)
