"""JUnit XML: one test suite per GX suite, one test case per expectation.

CI systems (GitLab merge-request widgets, Jenkins, Azure Pipelines, the many "test
report" GitHub Actions) read this format. A test case fails exactly when its expectation
makes `copydesk check` exit 1 (it failed at or above `--fail-on`, or its check crashed),
so the test report and the job status never disagree; the failure text lists the
expectation's findings, one `file:line:column: severity check/rule: message` line each.
Expectations that failed below the gate pass, with their findings in `<system-out>`.
Records that could not be read are the `ingest` test case of a `copydesk.ingest` suite,
one `file:line: message` line per ingest error: it fails exactly when they fail the run
(`ingest_fails`), and passes with the list in `<system-out>` under `--fail-on never`.
Characters XML 1.0 cannot carry, and C1 controls, become U+FFFD (`safe.for_document`),
so every parser reads the file.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import IO, Any

from copydesk.reports.report import fails_gate
from copydesk.reports.safe import for_document

INGEST_SUITE = "copydesk.ingest"
INGEST_CASE = "ingest"


def ingest_fails(report: dict[str, Any]) -> bool:
    """Whether the report's ingest errors fail the run: a record that could not be read
    gates like an error-severity finding (`report.build_report`), so any `--fail-on` but
    `never` fails on it."""
    return bool(report["corpus"]["ingest_errors"]) and fails_gate("error", report["fail_on"])


def ingest_line(err: dict[str, Any]) -> str:
    """`file:line: message` (or `file: message` for an error with no line)."""
    where = f"{err['file']}:{err['line']}" if err.get("line") else err["file"]
    return f"{where}: {err['error']}"


def condition_text(cond: Any) -> str | None:
    """A GX row condition as text: a string, or the dict GX serialises Condition objects to."""
    if not cond:
        return None
    if isinstance(cond, str):
        return cond
    if isinstance(cond, dict):
        kind = cond.get("type")
        if kind == "comparison":
            column = cond.get("column", {})
            name = column.get("name") if isinstance(column, dict) else column
            return f"{name} {cond.get('operator')} {json.dumps(cond.get('parameter'), ensure_ascii=False)}"
        if kind in ("and", "or") and isinstance(cond.get("conditions"), list):
            return f" {kind} ".join(f"({condition_text(c)})" for c in cond["conditions"])
        if "pass_through_filter" in cond:
            return str(cond["pass_through_filter"])
    return json.dumps(cond, ensure_ascii=False, default=str)


def expectation_label(entry: dict[str, Any]) -> str:
    """`expect_x[column] where <row condition>`: unique and readable per suite."""
    kwargs = entry.get("kwargs") or {}
    label = entry["expectation"]
    if kwargs.get("column"):
        label += f"[{kwargs['column']}]"
    cond = condition_text(kwargs.get("row_condition"))
    if cond:
        label += f" where {cond}"
    if kwargs.get("mostly") is not None:
        label += f" (mostly {kwargs['mostly']:g})"
    return label


def finding_line(f: dict[str, Any]) -> str:
    where = f.get("file") or f["article_id"]
    if f.get("line"):
        where += f":{f['line']}" + (f":{f['column']}" if f.get("column") else "")
    text = f["text"].replace("\n", " ")
    if len(text) > 120:
        text = text[:117] + "..."
    out = f"{where}: {f['severity']} {f['check']}/{f['rule']}: {f['message']}: \"{text}\" [{f['article_id']} {f['field']} {f['start']}-{f['end']}]"
    if f.get("suggestion"):
        out += f" -> {f['suggestion']}"
    return out


def _counts(entry: dict[str, Any]) -> str:
    if entry.get("unexpected_count") is None:
        return "failed"
    return f"{entry['unexpected_count']} of {entry['element_count']} rows unexpected"


def build_junit(report: dict[str, Any]) -> ET.Element:
    root = ET.Element("testsuites", name="copydesk")
    by_suite: dict[str, list[dict[str, Any]]] = {}
    for entry in report["expectations"]:
        by_suite.setdefault(entry["suite"], []).append(entry)
    total = failures = errors = 0
    for suite_name, entries in by_suite.items():
        suite = ET.SubElement(root, "testsuite", name=f"copydesk.{suite_name}")
        s_fail = s_err = 0
        seen: dict[str, int] = {}
        for entry in entries:
            label = expectation_label(entry)
            seen[label] = seen.get(label, 0) + 1
            if seen[label] > 1:
                label += f" #{seen[label]}"
            case = ET.SubElement(suite, "testcase", classname=f"copydesk.{suite_name}", name=label, time="0")
            findings = [f for f in report["findings"] if entry.get("check") and f["check"] == entry["check"]]
            body = "\n".join(finding_line(f) for f in findings)
            if entry.get("exception"):
                s_err += 1
                err = ET.SubElement(case, "error", type="exception", message=str(entry["exception"])[:500])
                err.text = str(entry["exception"])
            elif entry.get("gates"):
                s_fail += 1
                fail = ET.SubElement(case, "failure", type=entry.get("check") or entry["severity"],
                                     message=f"{_counts(entry)}; {len(findings)} findings" if entry.get("check")
                                     else f"{_counts(entry)} (severity {entry['severity']})")
                fail.text = body or _counts(entry)
            elif not entry["success"]:
                out = ET.SubElement(case, "system-out")
                out.text = (f"failed below the gate (--fail-on {report['fail_on']}): {_counts(entry)}\n" + body).strip()
        suite.set("tests", str(len(entries)))
        suite.set("failures", str(s_fail))
        suite.set("errors", str(s_err))
        suite.set("skipped", "0")
        total += len(entries)
        failures += s_fail
        errors += s_err
    ingest = report["corpus"]["ingest_errors"]
    if ingest:
        listing = "\n".join(ingest_line(e) for e in ingest)
        fails = ingest_fails(report)
        count = f"{len(ingest)} record{'s' if len(ingest) != 1 else ''} could not be read"
        suite = ET.SubElement(root, "testsuite", name=INGEST_SUITE, tests="1", failures=str(int(fails)),
                              errors="0", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=INGEST_SUITE, name=INGEST_CASE, time="0")
        if fails:
            fail = ET.SubElement(case, "failure", type="ingest",
                                 message=count)
            fail.text = listing
        else:
            out = ET.SubElement(case, "system-out")
            out.text = f"not failing the run (--fail-on {report['fail_on']}): {count}\n{listing}"
        total += 1
        failures += fails
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    return root


def write_junit(report: dict[str, Any], out: IO[str]) -> None:
    root = build_junit(report)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(for_document(ET.tostring(root, encoding="unicode")))
    out.write("\n")
