"""The report model: REPORT_FORMAT.md's JSON document, the gate (exit code) and JSONL.

Every output format (terminal, json, jsonl, junit, sarif, github) renders this one
dictionary, so they cannot disagree.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import IO, TYPE_CHECKING, Any

from copydesk import __version__
from copydesk.model import TEXT_FIELDS, severity_rank

if TYPE_CHECKING:
    from copydesk.corpus.tables import Corpus
    from copydesk.run import RunResult

SCHEMA_VERSION = 1
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def fails_gate(severity: str, fail_on: str) -> bool:
    """True when a severity is at or above the `--fail-on` threshold."""
    if fail_on == "never":
        return False
    return severity_rank(severity) >= severity_rank(fail_on)


def build_report(corpus: Corpus, result: RunResult, fail_on: str = "error") -> dict[str, Any]:
    """The JSON report (schema 1) plus copydesk's additive fields."""
    findings = []
    for f in sorted(result.findings, key=lambda f: (f.file or "", f.article_id, f.field, f.start, f.check)):
        d = f.to_dict()
        _locate(corpus, d, f.field, f.start, f.end)
        related = d.get("related")
        if related and related.get("field") in TEXT_FIELDS and "start" in related and "end" in related:
            # a related span may sit in another article (another version of the story)
            _locate(corpus, related, related["field"], related["start"], related["end"],
                    related.get("article_id", f.article_id))
        findings.append(d)

    # Each expectation's `gates` says whether its failure fails the run: custom
    # expectations gate on their findings' severities (so rule severities and --fail-on
    # apply), built-in ones on the expectation's own severity.
    gating_checks = {f["check"] for f in findings if fails_gate(f["severity"], fail_on)}
    expectations = []
    gate_failed = False
    for o in result.outcomes:
        entry = {
            "suite": o.suite,
            "expectation": o.expectation,
            "success": o.success,
            "element_count": o.element_count,
            "unexpected_count": o.unexpected_count,
            "severity": o.severity,
            "kwargs": o.kwargs,
        }
        if o.check:
            entry["check"] = o.check
        if o.exception:
            entry["exception"] = o.exception
        if o.success:
            entry["gates"] = False
        elif o.exception:
            entry["gates"] = True  # a crashed check never passes silently
        elif o.check is not None:
            entry["gates"] = o.check in gating_checks
        else:
            entry["gates"] = fails_gate(o.severity, fail_on)
        gate_failed |= entry["gates"]
        expectations.append(entry)
    # a record that could not be read is a defect of the corpus update too
    gate_failed |= bool(corpus.ingest_errors) and fail_on != "never"

    by_check = Counter(f["check"] for f in findings)
    by_severity = Counter(f["severity"] for f in findings)
    return {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "copydesk", "version": __version__},
        "success": not gate_failed,
        "fail_on": fail_on,
        "corpus": {
            "articles": int(len(corpus.articles)),
            "files": list(corpus.files),
            "ingest_errors": [e.to_dict() for e in corpus.ingest_errors],
            # folder entries not read: compressed corpus files, special files (additive field)
            "skipped": list(corpus.skipped),
            "words": corpus.word_count,
        },
        "backends": result.backends,
        "summary": {
            "expectations": len(expectations),
            "failed_expectations": sum(not e["success"] for e in expectations),
            "findings": len(findings),
            "by_check": dict(sorted(by_check.items())),
            "by_severity": {s: by_severity.get(s, 0) for s in ("error", "warning", "info")},
        },
        "expectations": expectations,
        "findings": findings,
        "data_docs": str(result.docs_index) if result.docs_index else None,
    }


def _locate(corpus: Corpus, target: dict[str, Any], field: str, start: int, end: int,
            article_id: str | None = None) -> None:
    """Add line/column and end_line/end_column (1-based, in the source file) to a span."""
    article_id = article_id or target["article_id"]
    line, column = corpus.locate(article_id, field, start)
    target["line"] = line
    if column is not None:
        target["column"] = column
    record_offset = corpus.record_offset(article_id)
    if record_offset is not None:  # a page of a WARC crawl: the record's byte offset in the file
        target["record_offset"] = record_offset
    end_line, end_column = corpus.locate(article_id, field, end)
    if end_line is not None:
        target["end_line"] = end_line
    if end_column is not None:
        target["end_column"] = end_column


def exit_code(report: dict[str, Any]) -> int:
    return EXIT_OK if report["success"] else EXIT_FAILED


def write_json(report: dict[str, Any], out: IO[str]) -> None:
    json.dump(report, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(report: dict[str, Any], out: IO[str]) -> None:
    """The findings, one JSON object per line (REPORT_FORMAT.md, for very large corpora)."""
    for finding in report["findings"]:
        out.write(json.dumps(finding, ensure_ascii=False))
        out.write("\n")
