"""Choosing rules: --select/--ignore, "off" in [severity], per-record copydesk_ignore for
every family; --statistics; the text report's wording; GitHub's annotation overflow."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from copydesk.cli import app
from copydesk.reports.github import SHOWN_PER_LEVEL, lines
from copydesk.reports.terminal import finding_line, render_statistics

from .conftest import write_jsonl

runner = CliRunner()

BODY_1 = ("The city council approved the park budget on Monday, the mayor said.\n\n"
          "The goverment will pay for the new playground next spring, the mayor said.\n\n"
          "Officials said the park would open in June.\n\n"
          "Sign up for our newsletter to get the day's top stories in your inbox.")
BODY_2 = ("The library board voted to extend hours at all branches, the director said.\n\n"
          "Readers asked for more evening hours, and the goverment agreed to fund them, the director said.\n\n"
          "Comments are closed.")


def _records(ignore=None):
    first = {"id": "gz-1", "source": "Harbor Gazette", "title": "Council approves new park budget",
             "lede": "The vote was unanimous", "body": BODY_1}
    if ignore is not None:
        first["copydesk_ignore"] = ignore
    return [first, {"id": "gz-2", "source": "Harbor Gazette", "title": "Library hours extended",
                    "lede": "Branches will open on Sundays", "body": BODY_2}]


def _check(tmp_path, *args, records=None, config: str | None = None):
    corpus = write_jsonl(tmp_path / "news.jsonl", records or _records())
    out = tmp_path / "report.json"
    cmd = ["check", str(corpus), "--no-docs", "--quiet", "-f", "json", "-o", str(out), *args]
    if config is not None:
        (tmp_path / "copydesk.toml").write_text(config, encoding="utf-8")
        cmd += ["--config", str(tmp_path / "copydesk.toml")]
    res = runner.invoke(app, cmd)
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    return res, report


def _codes(report, article=None):
    return {f"{f['check']}/{f['rule']}" for f in report["findings"] if article in (None, f["article_id"])}


def _expectation(report, name):
    return next(e for e in report["expectations"] if e["expectation"] == name)


@pytest.fixture(scope="module")
def everything(tmp_path_factory):
    res, report = _check(tmp_path_factory.mktemp("all"))
    assert res.exit_code == 1, res.output
    codes = _codes(report)
    assert {"typos/misspelling", "boilerplate/phrase", "attribution/vague-source"} <= codes
    return report


def test_select_reports_only_the_chosen_checks_and_rules(tmp_path, everything):
    res, report = _check(tmp_path, "--select", "typos", "--select", "boilerplate/phrase,attribution/vague-source")
    assert res.exit_code == 1
    assert _codes(report) == {c for c in _codes(everything)
                              if c.startswith("typos/") or c in ("boilerplate/phrase", "attribution/vague-source")}
    assert report["selection"] == {"select": ["attribution/vague-source", "boilerplate/phrase", "typos"],
                                   "ignore": []}


def test_ignore_drops_rules_and_their_expectations_pass(tmp_path, everything):
    res, report = _check(tmp_path, "--ignore", "typos", "--ignore", "attribution/vague-source")
    assert res.exit_code == 1
    assert _codes(report) == {c for c in _codes(everything)
                              if not c.startswith("typos/") and c != "attribution/vague-source"}
    misspellings = _expectation(report, "expect_sentences_to_have_no_misspellings")
    assert misspellings["success"] and misspellings["unexpected_count"] == 0


def test_off_in_severity_switches_a_family_off(tmp_path, everything):
    res, report = _check(tmp_path, config='[severity]\nboilerplate = "off"\n"attribution/vague-source" = "off"\n')
    assert res.exit_code == 1, res.output
    assert _codes(report) == {c for c in _codes(everything)
                              if not c.startswith("boilerplate/") and c != "attribution/vague-source"}
    assert _expectation(report, "expect_paragraphs_to_have_no_boilerplate")["success"]
    res = runner.invoke(app, ["explain", "boilerplate/phrase", "--config", str(tmp_path / "copydesk.toml")])
    assert res.exit_code == 0 and "default severity: error; off in" in res.output


def test_only_off_rules_left_means_success(tmp_path):
    config = '[severity]\ntypos = "off"\nboilerplate = "off"\nattribution = "off"\nnumbers = "off"\n'
    res, report = _check(tmp_path, config=config)
    assert res.exit_code == 0, res.output
    assert report["findings"] == [] and report["success"]


def test_record_suppresses_rules_for_itself_only(tmp_path, everything):
    res, report = _check(tmp_path, records=_records(["boilerplate/phrase", "typos"]))
    assert res.exit_code == 1
    assert _codes(report, "gz-1") == _codes(everything, "gz-1") - {"boilerplate/phrase", "typos/misspelling"}
    assert "attribution/vague-source" in _codes(report, "gz-1")
    assert _codes(report, "gz-2") == _codes(everything, "gz-2")  # the other article keeps its findings
    # a comma-separated string works too, and the typo check still reads plain words
    res, report = _check(tmp_path, records=_records("attribution, goverment"))
    assert not any(c.startswith("attribution/") for c in _codes(report, "gz-1"))
    assert "typos/misspelling" not in _codes(report, "gz-1")
    assert "typos/misspelling" in _codes(report, "gz-2")


@pytest.mark.parametrize("args, config, needle", [
    (["--select", "typo"], None, "unknown check 'typo'"),
    (["--ignore", "boilerplate/phrases"], None, "the boilerplate check has: navigation, phrase, repeated-line"),
    ([], '[severity]\n"typos/misspelled" = "off"\n', "its rules: dialect, grammar, misspelling, name-variant"),
    ([], '[severity]\ntypos = "none"\n', "must be error, warning, info or off"),
])
def test_unknown_rule_names_are_usage_errors_naming_the_known_ones(tmp_path, args, config, needle):
    res, report = _check(tmp_path, *args, config=config)
    assert res.exit_code == 2 and report is None
    assert needle in res.output


def test_unknown_rule_in_a_record_is_a_usage_error_naming_the_record(tmp_path):
    res, _ = _check(tmp_path, records=_records(["boilerplate/phrases"]))
    assert res.exit_code == 2
    assert "news.jsonl:1" in res.output and "'gz-1'" in res.output and "copydesk_ignore" in res.output
    assert "navigation, phrase, repeated-line" in res.output


def test_statistics_in_the_text_report(tmp_path, everything):
    corpus = write_jsonl(tmp_path / "news.jsonl", _records())
    res = runner.invoke(app, ["check", str(corpus), "--no-docs", "--quiet", "--statistics"])
    assert res.exit_code == 1
    stats = res.output.split("\nStatistics\n", 1)[1]
    rule_lines = stats.split("  per source", 1)[0].splitlines()[1:]
    counts = [int(line.split()[0]) for line in rule_lines]
    assert counts == sorted(counts, reverse=True) and sum(counts) == len(everything["findings"])
    assert "Harbor Gazette  in 2 articles" in stats and "news.jsonl" in stats.split("  per file", 1)[1]
    plain = runner.invoke(app, ["check", str(corpus), "--no-docs", "--quiet"])
    assert "Statistics" not in plain.output


def _finding(severity="error", text="atack", **extra):
    return {"article_id": "a", "check": "typos", "rule": "misspelling", "severity": severity, "field": "body",
            "start": 0, "end": len(text), "text": text, "message": "possible misspelling of 'attack'",
            "suggestion": "attack", "file": "a.txt", "line": 7, "column": 108, **extra}


def test_text_findings_name_the_word_and_line_column_without_wrapping():
    head = finding_line(_finding()).plain
    assert head == "  error   typos/misspelling  body 7:108  'atack' → attack: possible misspelling of 'attack'"
    out = io.StringIO()
    console = Console(file=out, width=40, color_system=None)  # a file: not a terminal
    assert not console.is_terminal
    console.print(finding_line(_finding()), soft_wrap=True)
    assert out.getvalue().rstrip("\n") == head


def test_text_report_is_not_wrapped_mid_message_when_piped(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", _records())
    res = runner.invoke(app, ["check", str(corpus), "--no-docs", "--quiet"])
    line = next(line for line in res.output.splitlines() if "typos/misspelling" in line)
    assert line.endswith("'goverment' → government: possible misspelling of 'government'")
    assert "body 1:" in line


def test_statistics_render_from_the_summary():
    report = {"summary": {"by_rule": [{"rule": "typos/misspelling", "severity": "error", "findings": 12, "articles": 3},
                                      {"rule": "boilerplate/phrase", "severity": "error", "findings": 2, "articles": 1}],
                          "by_source": [{"source": "\x1b[2JEvil", "findings": 14, "articles": 4}],
                          "by_file": [{"file": "a.jsonl", "findings": 14}]}}
    out = io.StringIO()
    render_statistics(report, Console(file=out, width=80, color_system=None))
    text = out.getvalue()
    assert "    12  typos/misspelling  error  in 3 articles\n     2  boilerplate/phrase" in text
    assert "\x1b" not in text and "\\x1b[2JEvil" in text


def _report(errors: int, warnings: int, notices: int = 0, **extra):
    findings = ([_finding("error")] * errors + [_finding("warning")] * warnings + [_finding("info")] * notices)
    return {"findings": findings, "expectations": [], "corpus": {"articles": 1, "ingest_errors": []},
            "summary": {"findings": len(findings), "failed_expectations": 1, "expectations": 1},
            "success": False, "fail_on": "error", **extra}


def test_github_says_how_many_annotations_it_will_not_show(monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = lines(_report(SHOWN_PER_LEVEL + 3, 4, SHOWN_PER_LEVEL + 1, outputs={"sarif": "out/copydesk.sarif"},
                        data_docs="reports/index.html"))
    notices = [i for i, line in enumerate(out) if line.startswith("::notice")]
    first = out[notices[0]]
    assert first.startswith("::notice title=copydesk%3A more findings::")
    assert "3 more errors, 1 more notice than GitHub shows" in first
    assert "out/copydesk.sarif (sarif)" in first and "Data Docs reports/index.html" in first
    assert sum("more findings" in line for line in out) == 1
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "/tmp/x")
    assert "the job summary" in next(line for line in lines(_report(11, 0)) if "more findings" in line)
    assert not any("more findings" in line for line in lines(_report(SHOWN_PER_LEVEL, SHOWN_PER_LEVEL)))


def test_baseline_takes_the_same_rule_selection(tmp_path, everything):
    corpus = write_jsonl(tmp_path / "news.jsonl", _records())
    out = tmp_path / "base.json"
    res = runner.invoke(app, ["baseline", str(corpus), "--quiet", "-o", str(out), "--select", "typos"])
    assert res.exit_code == 0, res.output
    rules = {e["rule"] for e in json.loads(out.read_text(encoding="utf-8"))["findings"]}
    assert rules and all(r.startswith("typos/") for r in rules)
    res = runner.invoke(app, ["baseline", str(corpus), "--quiet", "-o", str(out), "--select", "typo"])
    assert res.exit_code == 2 and "typo" in res.output
