"""CI outputs of one `copydesk check seeds/` run: the concise format, GitLab Code Quality
JSON, the GitHub step summary (GITHUB_STEP_SUMMARY pointed at a temp file) and the
per-rule/source/file counts in the JSON summary."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from copydesk.cli import app
from copydesk.reports import step_summary
from copydesk.reports.concise import concise_lines, describe
from copydesk.reports.gitlab import GITLAB_SEVERITIES, gitlab_issues

from .conftest import ROOT, SEEDS

runner = CliRunner()
GITHUB_ENV = {"GITHUB_SERVER_URL": "https://github.example", "GITHUB_REPOSITORY": "news/corpus",
              "GITHUB_SHA": "0123abc", "GITHUB_WORKSPACE": str(ROOT)}
EARLIER = "## an earlier step's summary\n"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ci")
    summary = tmp / "step-summary.md"
    summary.write_text(EARLIER, encoding="utf-8")
    outs = {name: tmp / f"report.{name}" for name in ("json", "concise", "gitlab")}
    args = ["check", str(SEEDS), "--no-docs", "--quiet"]
    for name, path in outs.items():
        args += ["-f", f"{name}={path}"]
    result = runner.invoke(app, args, env={**GITHUB_ENV, "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1, result.output
    report = json.loads(outs["json"].read_text(encoding="utf-8"))
    return report, {name: path.read_text(encoding="utf-8") for name, path in outs.items()}, \
        summary.read_text(encoding="utf-8"), outs["json"]


CONCISE = re.compile(r"^(?P<path>[^:]+)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: (?P<sev>error|warning|info) "
                     r"(?P<code>[a-z]+/[a-z-]+) (?P<msg>.+)$")


def test_concise_is_one_parseable_line_per_finding(run):
    report, texts, _, _ = run
    lines = texts["concise"].splitlines()
    assert len(lines) == len(report["findings"]) + len(report["corpus"]["ingest_errors"])
    parsed = [CONCISE.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed) if not m]
    typo = next(m for m in parsed if m["code"] == "typos/misspelling" and "atack" in m["msg"])
    assert typo["path"].endswith("rt-azerbaijan-armenia-losses.txt")
    assert (typo["line"], typo["col"], typo["sev"]) == ("7", "108", "error")
    assert typo["msg"] == "'atack' → attack: possible misspelling of 'attack'"
    # sorted by file, then line and column: what an editor's quickfix list expects
    keys = [(m["path"], int(m["line"] or 0), int(m["col"] or 0)) for m in parsed]
    assert keys == sorted(keys)


def test_concise_text_is_one_safe_line():
    finding = {"article_id": "a", "check": "boilerplate", "rule": "phrase", "severity": "error",
               "text": "Share\nthis \x1b[2Jstory " + "x" * 80, "message": "boilerplate line", "suggestion": None,
               "file": "::warning file=x::bad.jsonl", "line": 3, "column": 9, "field": "body"}
    (line,) = concise_lines({"corpus": {"ingest_errors": []}, "findings": [finding]})
    assert "\n" not in line and "\x1b" not in line and "\\x1b[2J" in line
    assert line.startswith("\\::warning")  # not a workflow command
    assert "…'" in describe(finding) and len(describe(finding)) < 100


def test_gitlab_code_quality_has_gitlabs_documented_fields(run):
    report, texts, _, _ = run
    issues = json.loads(texts["gitlab"])
    assert isinstance(issues, list) and len(issues) == len(report["findings"]) + len(report["corpus"]["ingest_errors"])
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    typo = next(i for i in issues if "'atack' → attack" in i["description"])
    assert (typo["check_name"], typo["severity"], typo["location"]["lines"]["begin"]) == ("typos/misspelling", "major", 7)
    severities = {f["severity"] for f in report["findings"]}
    assert {"error", "warning"} <= severities
    assert {i["severity"] for i in issues} >= {"major", "minor"}


def test_gitlab_fingerprints_are_stable_and_ignore_line_shifts(run):
    report, texts, _, _ = run
    shifted = {**report, "findings": [{**f, "line": (f.get("line") or 0) + 5} for f in report["findings"]]}
    assert [i["fingerprint"] for i in gitlab_issues(shifted)] == [i["fingerprint"] for i in json.loads(texts["gitlab"])]
    ingest = {"corpus": {"ingest_errors": [{"file": "x.jsonl", "line": None, "error": "invalid JSON"}]}, "findings": []}
    (issue,) = gitlab_issues(ingest)
    assert issue["severity"] == "critical" and issue["location"] == {"path": "x.jsonl", "lines": {"begin": 1}}


def test_json_summary_counts_per_rule_source_and_file(run):
    report, _, _, _ = run
    summary, findings = report["summary"], report["findings"]
    for key, field in (("by_rule", None), ("by_file", "file")):
        rows = summary[key]
        assert sum(r["findings"] for r in rows) == len(findings)
        counts = [r["findings"] for r in rows]
        assert counts == sorted(counts, reverse=True)
    by_rule = {r["rule"]: r["findings"] for r in summary["by_rule"]}
    for code in {f"{f['check']}/{f['rule']}" for f in findings}:
        assert by_rule[code] == sum(f"{f['check']}/{f['rule']}" == code for f in findings)
    sources = {r["source"]: r for r in summary["by_source"]}
    assert {"Harbor City Ledger", "Valley Wire", "(no source)"} <= set(sources)
    assert sources["(no source)"]["articles"] == 1  # the seed .txt article names no outlet
    assert sum(r["findings"] for r in summary["by_source"]) == len(findings)


def test_step_summary_is_appended_with_counts_and_links(run):
    report, _, summary, json_path = run
    assert summary.startswith(EARLIER)  # appended, the earlier step's summary kept
    ours = summary[len(EARLIER):]
    assert ours.startswith("## ❌ copydesk: failed")
    assert f"**{len(report['findings'])} findings**" in ours
    assert "### Expectations" in ours and "`expect_sentences_to_have_no_misspellings`" in ours
    for row in report["summary"]["by_rule"]:
        assert f"| {step_summary.code(row['rule'])} | {row['severity']} | {row['findings']} |" in ours
    assert "| Harbor City Ledger |" in ours
    link = "(<https://github.example/news/corpus/blob/0123abc/seeds/rt-azerbaijan-armenia-losses.txt#L7>)"
    assert link in ours
    assert "'atack' → attack" in ours
    assert f"Full report: {step_summary.md(str(json_path) + ' (json)')}" in ours


def test_no_step_summary_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    report = {"success": True, "fail_on": "error", "summary": {}, "corpus": {}, "expectations": [], "findings": []}
    assert step_summary.append_step_summary(report) is None


def test_step_summary_makes_article_text_inert():
    evil = "<img src=x onerror=alert(1)> | **bold** @editor #12 [x](javascript:alert(1)) \x1b[31m"
    finding = {"article_id": "id|<b>", "check": "typos", "rule": "misspelling", "severity": "error", "field": "body",
               "text": evil, "message": "possible misspelling", "suggestion": "a_b", "file": "a.jsonl", "line": 2}
    report = {"success": False, "fail_on": "error",
              "summary": {"findings": 1, "by_severity": {"error": 1}, "expectations": 0, "failed_expectations": 0,
                          "by_rule": [], "by_source": [{"source": evil, "findings": 1, "articles": 1}]},
              "corpus": {"articles": 1, "words": 9, "files": ["a.jsonl"], "ingest_errors": []},
              "expectations": [], "findings": [finding]}
    text = step_summary.render(report, env={})
    assert "<img" not in text and "<b>" not in text and "&lt;img src=x onerror=alert\\(1\\)&gt;" in text
    assert "\x1b" not in text
    assert "\\*\\*bold\\*\\*" in text and "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in text
    assert "@\u2060editor" in text and "\\#12" in text
    for line in text.splitlines():
        if line.startswith("| ") and "a.jsonl" in line:
            assert line.count(" | ") == 4  # five cells: no | from the text splits the row
    assert "| a.jsonl\\:2 | error |" in text and "](<" not in text  # no GITHUB_* variables: no link
