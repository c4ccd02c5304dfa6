"""No injection through output (issue 11, items 6 and 10).

Article text, ids, sources, file names and ingest-error messages are untrusted: what
copydesk prints must not act on a terminal (control characters, CSI/OSC sequences, 8-bit
C1), must not style itself (rich markup stays literal) and must not be a CI workflow
command (a line starting with `::`, or `##[` anywhere); JUnit and SARIF carry no control
characters; and a run that fails on ingest errors says so in JUnit, SARIF and GitHub
annotations too.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

from copydesk.cli import _text_extras, app
from copydesk.reports.github import write_github
from copydesk.reports.junit import write_junit
from copydesk.reports.safe import for_document, for_log, for_terminal, guard_line, guard_lines
from copydesk.reports.sarif import write_sarif
from copydesk.reports.terminal import guarded

from .conftest import write_jsonl

runner = CliRunner()
WJ = "\u2060"
# what must never reach a terminal or a CI log: C0 but LF, DEL, C1, lone surrogates
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
ANNOTATION = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")
STORY = ("The harbor board met on Tuesday and approved the ferry budget, the clerk said. "
         "Residents asked about parking near the old pier, according to the minutes.")


# -- the shared helper -------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "shown"), [
    ("plain text, café, 東京, emoji 👩‍👩‍👧 and soft\u00adhyphen", "plain text, café, 東京, emoji 👩‍👩‍👧 and soft\u00adhyphen"),
    ("clear \x1b[2J screen", "clear \\x1b[2J screen"),
    ("\x1b]8;;http://evil\x07click\x1b]8;;\x07", "\\x1b]8;;http://evil\\x07click\\x1b]8;;\\x07"),
    ("title \x1b]0;pwned\x1b\\ ST", "title \\x1b]0;pwned\\x1b\\ ST"),
    ("lone \x1b esc", "lone \\x1b esc"),
    ("8-bit \x9b31m csi and \x9d osc", "8-bit \\x9b31m csi and \\x9d osc"),
    ("nul\x00 del\x7f bs\x08 bel\x07", "nul\\x00 del\\x7f bs\\x08 bel\\x07"),
    ("tab\there\r\nline\rcr\nlf\vvt\fff\x85nel\u2028ls\u2029ps", "tab here line cr lf vt ff nel ls ps"),
    ("bidi \u202egnp.exe\u202c and \u2067iso\u2069", "bidi \\u202egnp.exe\\u202c and \\u2067iso\\u2069"),
    ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
    ("[bold red]x[/] [link=http://e]l[/link]", "[bold red]x[/] [link=http://e]l[/link]"),
    ("file\x1c\x1d\x1e\x1fsep", "file\\x1c\\x1d\\x1e\\x1fsep"),
])
def test_for_terminal_shows_active_characters_as_escapes(raw, shown):
    assert for_terminal(raw) == shown
    assert not FORBIDDEN.search(for_terminal(raw))
    assert for_terminal(7) == "7"


@pytest.mark.parametrize(("line", "guarded_line"), [
    ("::set-output name=pwn::1", "\\::set-output name=pwn::1"),
    ("    ::error::x", "    \\::error::x"),
    ("\u3000\u00a0::warning::x", "\u3000\u00a0\\::warning::x"),  # .NET TrimStart trims these too
    ("\x1b[1m:\x1b[0m\x1b[2m:notice::x\x1b[0m", "\x1b[1m\\:\x1b[0m\x1b[2m:notice::x\x1b[0m"),
    ("text ##[stop-commands]tok and ##[error]x", f"text #{WJ}#[stop-commands]tok and #{WJ}#[error]x"),
    ("\x1b[1m#\x1b[0m#[add-mask]x", f"\x1b[1m#\x1b[0m{WJ}#[add-mask]x"),
    ("a::b, not at the start", "a::b, not at the start"),
    ("plain line", "plain line"),
    ("", ""),
])
def test_guard_line_defuses_workflow_commands(line, guarded_line):
    assert guard_line(line) == guarded_line


def test_guard_lines_keeps_line_structure():
    assert guard_lines("ok\n::x::y\n\n  ::z::w\n") == "ok\n\\::x::y\n\n  \\::z::w\n"


def test_for_log_keeps_own_line_breaks_and_guards_each_line():
    assert for_log("copydesk: f\x1b[2J.json: bad\n::set-output name=a::b\tx\n  ##[error]y") == \
        f"copydesk: f\\x1b[2J.json: bad\n\\::set-output name=a::b x\n  #{WJ}#[error]y"


def test_for_document_replaces_what_xml_cannot_carry():
    assert for_document("a\x00b\x1bc\x9bd\x7fe\ud800f\ufffeg\tok\nok\rok é") == \
        "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\tok\nok\rok é"


def test_guarded_console_in_colour_guards_the_visible_line():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=100)
    with guarded(console):
        console.print(Text.assemble((":", "bold"), (":set-output name=x::y", "dim")))
        console.print(Text.assemble(("#", "bold"), ("#[stop-commands]t", "dim")))
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", ln) for ln in out.getvalue().splitlines()]
    assert plain == ["\\::set-output name=x::y", f"#{WJ}#[stop-commands]t"]


def test_text_extras_escape_baseline_entries():
    out = io.StringIO()
    report = {"baseline": {"file": "base\x1b[2J.json", "known": 1, "new": 0, "fixed": [
        {"article_id": "::error::x\n::set-output name=a::b", "rule": "typos/misspelling",
         "text": "\x1b]8;;http://evil\x07atack[bold]"}]}}
    _text_extras(report, Console(file=out, width=200, color_system=None))
    assert out.getvalue().splitlines() == [
        "  baseline base\\x1b[2J.json: 1 known findings not shown, 0 new",
        "  1 baseline entries are no longer found; tighten the baseline with `copydesk baseline`:",
        "    \\::error::x ::set-output name=a::b  typos/misspelling  “\\x1b]8;;http://evil\\x07atack[bold]”",
    ]


# -- the writers, given hostile report values (lone surrogates: in a file name or an
# -- ingest error; text fields holding one are ingest errors, and a fingerprint needs UTF-8)

def _report(error: str, text: str, fail_on: str = "error") -> dict:
    return {
        "fail_on": fail_on, "success": False, "tool": {"version": "0"},
        "summary": {"findings": 1, "failed_expectations": 1, "expectations": 1},
        "corpus": {"articles": 1, "ingest_errors": [{"file": "f\x1b[2J\udcff.jsonl", "line": 2, "error": error}]},
        "expectations": [{"suite": "sentences", "expectation": "expect_x", "success": False, "check": "typos",
                          "element_count": 1, "unexpected_count": 1, "severity": "error", "kwargs": {},
                          "gates": True}],
        "findings": [{"article_id": "a\x9b", "check": "typos", "rule": "misspelling", "severity": "error",
                      "field": "body", "start": 0, "end": len(text), "text": text, "message": "m\x00",
                      "file": "x.jsonl", "line": 1, "column": 1, "end_line": 1, "end_column": 4}],
    }


HOSTILE = "\x00\x1b[2J\x9b\ud800\x7f"
HOSTILE_TEXT = "\x00\x1b[2J\x9b\x7f"


def test_junit_and_sarif_carry_no_control_characters_or_surrogates(tmp_path):
    report = _report(f"bad {HOSTILE} record", f"x{HOSTILE_TEXT}y")
    with open(tmp_path / "j.xml", "w", encoding="utf-8") as fh:
        write_junit(report, fh)
    with open(tmp_path / "r.sarif", "w", encoding="utf-8") as fh:
        write_sarif(report, fh)
    xml = (tmp_path / "j.xml").read_text(encoding="utf-8")
    assert not FORBIDDEN.search(xml.replace("\t", ""))
    root = ET.fromstring(xml.encode("utf-8"))
    case = root.find(".//testcase[@classname='copydesk.ingest'][@name='ingest']")
    assert case.find("failure").text == "f\ufffd[2J\ufffd.jsonl:2: bad \ufffd\ufffd[2J\ufffd\ufffd\ufffd record"
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    assert not any(FORBIDDEN.search(s.replace("\t", "").replace("\r", "")) for s in strings(sarif))
    results = sarif["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == \
        "x\ufffd\ufffd[2J\ufffd\ufffdy"
    assert results[1]["message"]["text"] == "not read: bad \ufffd\ufffd[2J\ufffd\ufffd\ufffd record"


def test_github_annotations_are_one_well_formed_line_each():
    out = io.StringIO()
    write_github(_report(f"bad {HOSTILE}\n::set-output name=a::b", "x\r\n::add-mask::y"), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ("::error file=x.jsonl,line=1,col=1,endLine=1,endColumn=4,title=copydesk typos/misspelling::"
                        "m\\x00: “x ::add-mask::y” (a\\x9b, body 0–16)")
    assert lines[1] == ("::error file=f\\x1b[2J\\udcff.jsonl,line=2,title=copydesk ingest error::"
                        "not read: bad \\x00\\x1b[2J\\x9b\\ud800\\x7f ::set-output name=a::b")
    assert len(lines) == 3 and lines[2].startswith("copydesk FAILED")
    assert not FORBIDDEN.search(out.getvalue())


# -- end to end ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One run of a hostile corpus: text and github on stdout, the other formats in files."""
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    corpus.mkdir()
    path = corpus / "evil\x1b[2J.jsonl"
    rows = [
        {"id": "x\n::set-output name=pwn::1", "source": "Wire\x1b[31m", "title": "Harbor vote",
         "body": STORY + "\n\nClick \x1b]8;;http://evil\x07here\x1b]8;;\x07 for \x1b[2Jthe atack \x9b31m "
                         "[bold red]x[/] [link=http://e]l[/link] nul\x00 end."},
        {"id": "::warning::evil", "title": "Ferry fares", "body": STORY + "\n\n"
         "::set-output name=a::b and recieve ##[stop-commands]tok"},
        {"id": "dup", "title": "Weather", "body": STORY},
        {"id": "dup", "title": "Weather again", "body": STORY},
    ]
    write_jsonl(path, rows)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "body": \n')
    files = {name: tmp / name for name in ("r.json", "j.xml", "r.sarif")}
    res = runner.invoke(app, ["check", str(corpus), "-f", "text", "-f", "github", "--no-docs",
                              "-f", f"json={files['r.json']}", "-f", f"junit={files['j.xml']}",
                              "-f", f"sarif={files['r.sarif']}"], env={"COLUMNS": "400"})
    return {"res": res, "path": path, "report": json.loads(files["r.json"].read_text(encoding="utf-8")),
            "junit": files["j.xml"].read_text(encoding="utf-8"),
            "sarif": json.loads(files["r.sarif"].read_text(encoding="utf-8"))}


def test_hostile_corpus_prints_no_control_characters(hostile):
    res = hostile["res"]
    assert res.exit_code == 1, res.output
    for stream in (res.stdout, res.stderr):
        assert not FORBIDDEN.search(stream), [ln for ln in stream.splitlines() if FORBIDDEN.search(ln)]
        assert "##[" not in stream


def test_hostile_corpus_text_report_shows_values_literally(hostile):
    lines = hostile["res"].stdout.splitlines()
    shown = for_terminal(str(hostile["path"]))
    assert shown.endswith("corpus/evil\\x1b[2J.jsonl")
    # ids on their own line, the injected newline a space, the leading `::` defused
    assert f"x ::set-output name=pwn::1  {shown}" in lines
    assert f"\\::warning::evil  {shown}" in lines
    # the finding's line in context: escapes visible, markup literal
    assert ("    Click \\x1b]8;;http://evil\\x07here\\x1b]8;;\\x07 for \\x1b[2Jthe atack \\x9b31m "
            "[bold red]x[/] [link=http://e]l[/link] nul\\x00 end.") in lines
    assert f"    \\::set-output name=a::b and recieve #{WJ}#[stop-commands]tok" in lines
    # the ingest errors, file name escaped in the error message too
    assert f"  {shown}:4: duplicate id 'dup' (first seen at {shown}:3)" in lines
    assert f"  {shown}:5: invalid JSON: Expecting value (column 26)" in lines


def test_hostile_corpus_only_copydesk_writes_workflow_commands(hostile):
    report = hostile["report"]
    commands = [ln for ln in hostile["res"].stdout.splitlines() if ln.lstrip().startswith("::")]
    # one annotation per finding, failed built-in expectation and ingest error: nothing else
    builtin = [e for e in report["expectations"] if not e["success"] and not (e.get("check") and not e.get("exception"))]
    assert len(commands) == len(report["findings"]) + len(builtin) + len(report["corpus"]["ingest_errors"])
    for line in commands:
        m = ANNOTATION.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in (m.group(2) or "").split(","))
        assert set(props) <= {"file", "line", "col", "endLine", "endColumn", "title"}
    ingest = [ln for ln in commands if "title=copydesk ingest error" in ln]
    file_prop = for_terminal(str(hostile["path"])).replace(":", "%3A").replace(",", "%2C")
    assert ingest == [
        f"::error file={file_prop},line=4,title=copydesk ingest error::not read: duplicate id 'dup' "
        f"(first seen at {for_terminal(str(hostile['path']))}:3)",
        f"::error file={file_prop},line=5,title=copydesk ingest error::not read: invalid JSON: "
        "Expecting value (column 26)",
    ]
    typo_ids = {ln.rsplit("(", 1)[1].split(", body")[0] for ln in commands if "typos/misspelling" in ln}
    assert typo_ids == {"x ::set-output name=pwn::1", "::warning::evil"}


def test_hostile_corpus_junit_and_sarif(hostile):
    root = ET.fromstring(hostile["junit"].encode("utf-8"))
    assert not FORBIDDEN.search(hostile["junit"])
    case = root.find(".//testcase[@classname='copydesk.ingest'][@name='ingest']")
    errors = hostile["report"]["corpus"]["ingest_errors"]
    assert case.find("failure").text.splitlines() == [
        f"{for_document(e['file'])}:{e['line']}: {for_document(e['error'])}" for e in errors]
    assert "\ufffd[2J.jsonl:4: duplicate id 'dup'" in case.find("failure").text
    results = [r for r in hostile["sarif"]["runs"][0]["results"] if r["ruleId"] == "copydesk/ingest-error"]
    assert [(r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == \
        [("error", 4), ("error", 5)]


# -- item 10: ingest errors fail JUnit exactly when they fail the run ---------------------

@pytest.mark.parametrize(("fail_on", "exit_code"), [("error", 1), ("never", 0)])
def test_ingest_errors_fail_junit_exactly_when_they_fail_the_run(tmp_path, fail_on, exit_code):
    path = write_jsonl(tmp_path / "wire.jsonl", [{"id": f"a{i}", "title": f"Harbor {i}", "body": STORY}
                                                for i in range(2)])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("not json\n")
    files = {k: tmp_path / k for k in ("j.xml", "r.sarif", "r.json")}
    res = runner.invoke(app, ["check", str(path), "--no-docs", "--fail-on", fail_on, "-f", "github",
                              "-f", f"junit={files['j.xml']}", "-f", f"sarif={files['r.sarif']}",
                              "-f", f"json={files['r.json']}"])
    assert res.exit_code == exit_code, res.output
    report = json.loads(files["r.json"].read_text(encoding="utf-8"))
    assert report["findings"] == [] and report["success"] is (exit_code == 0)  # only the ingest error gates
    root = ET.parse(files["j.xml"]).getroot()
    suite = root.find("testsuite[@name='copydesk.ingest']")
    case = suite.find("testcase[@name='ingest']")
    listing = f"{path}:3: invalid JSON: Expecting value (column 1)"
    if exit_code:
        assert root.get("failures") == suite.get("failures") == "1"
        assert case.find("failure").get("message") == "1 record could not be read"
        assert case.find("failure").text == listing
        level = "error"
    else:
        assert root.get("failures") == suite.get("failures") == "0"
        assert case.find("failure") is None
        assert case.find("system-out").text == ("not failing the run (--fail-on never): 1 record could not be read\n"
                                                + listing)
        level = "warning"
    assert f"::{level} file={str(path).replace(':', '%3A')},line=3,title=copydesk ingest error::not read: " \
           "invalid JSON: Expecting value (column 1)" in res.stdout.splitlines()
    sarif = json.loads(files["r.sarif"].read_text(encoding="utf-8"))
    assert [(r["ruleId"], r["level"]) for r in sarif["runs"][0]["results"]] == [("copydesk/ingest-error", level)]


def test_every_record_broken_echoes_escaped_errors(tmp_path):
    path = tmp_path / "::error::evil\x1b]0;pwned\x07.jsonl"
    path.write_text("not json\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(tmp_path), "--no-docs"])
    assert res.exit_code == 2
    shown = for_terminal(str(path))
    assert shown.endswith("::error::evil\\x1b]0;pwned\\x07.jsonl")
    assert f"{shown}:1: invalid JSON: Expecting value (column 1)" in res.stderr.splitlines()
    assert not FORBIDDEN.search(res.stderr)


def test_exit_2_messages_escape_file_names(tmp_path):
    suites = tmp_path / "suites"
    suites.mkdir()
    (suites / "evil\x1b]0;pwned\x07.json").write_text("not json", encoding="utf-8")
    corpus = write_jsonl(tmp_path / "wire.jsonl", [{"id": "a", "title": "Harbor", "body": STORY}])
    res = runner.invoke(app, ["check", str(corpus), "--no-docs", "--suite", str(suites)])
    assert res.exit_code == 2
    assert res.stderr == (f"copydesk: {suites}/evil\\x1b]0;pwned\\x07.json: cannot read suite: "
                          "Expecting value: line 1 column 1 (char 0)\n")
