"""SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), for code scanning.

One run; `tool.driver.rules` has one rule per copydesk rule (`check/rule`, help text from
the rule's summary, why and example, default level from its default severity) plus
`copydesk/ingest-error`. Each finding is a result with a physical location (file, start
and end line and column computed from the finding's offsets, the matched text as the
snippet; see copydesk/corpus/locate.py), a logical location naming the article, and a
partial fingerprint equal to the baseline key's hash, so code scanning tracks a finding
across edits the way `copydesk check --baseline` does. Columns count Unicode code points
(`columnKind: unicodeCodePoints`). Failed built-in expectations, which have no single
place in a file, are tool execution notifications of the invocation. Ingest errors are
`copydesk/ingest-error` results, errors when they fail the run (`junit.ingest_fails`) and
warnings under `--fail-on never`. Every string is passed through `safe.for_document`
(control characters and lone surrogates become U+FFFD), so the file is valid UTF-8 and
viewers show no raw ESC/NUL/C1.
"""

from __future__ import annotations

import json
from typing import IO, Any

from copydesk.baseline import fingerprint
from copydesk.reports.junit import expectation_label, ingest_fails
from copydesk.reports.safe import for_document

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INGEST_RULE = "copydesk/ingest-error"
NO_LINES = (".parquet",)


def _pascal(rule_id: str) -> str:
    return "".join(part.capitalize() for part in rule_id.replace("/", "-").split("-"))


def rule_descriptors() -> list[dict[str, Any]]:
    from copydesk.validators import all_validators

    rules = []
    for check, cls in sorted(all_validators().items()):
        for r in cls.rules.values():
            rule_id = f"{check}/{r.name}"
            summary = " ".join(r.summary.split())
            help_text = f"{summary}\n\nWhy it matters: {r.why}"
            help_md = f"{summary}\n\n**Why it matters:** {r.why}"
            if r.example:
                help_text += f"\n\nExample: {r.example}"
                help_md += f"\n\n**Example:** {r.example}"
            settings = cls.defaults()
            if settings:
                keys = ", ".join(f"`{k}`" for k in settings)
                help_text += f"\n\nSettings ([tool.copydesk.checks.{check}]): {', '.join(settings)}"
                help_md += f"\n\n**Settings** (`[tool.copydesk.checks.{check}]`): {keys}"
            help_text += f"\n\nMore: copydesk explain {rule_id}"
            help_md += f"\n\nMore: `copydesk explain {rule_id}`"
            rules.append({
                "id": rule_id,
                "name": _pascal(rule_id),
                "shortDescription": {"text": summary.split(". ")[0].rstrip(".") + "."},
                "fullDescription": {"text": summary},
                "help": {"text": help_text, "markdown": help_md},
                "defaultConfiguration": {"level": LEVEL.get(r.severity, "warning")},
                "properties": {"tags": ["copydesk", check, "data-quality"]},
            })
    rules.append({
        "id": INGEST_RULE,
        "name": "IngestError",
        "shortDescription": {"text": "A record that could not be read as an article."},
        "fullDescription": {"text": "The record is not valid JSON/CSV, has no body, repeats an id, or "
                                    "has undecodable bytes; it was not checked."},
        "help": {"text": "Fix the record so copydesk can read it; every record is either an article "
                         "or an ingest error, never dropped silently."},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["copydesk", "ingest"]},
    })
    return rules


def _region(line: int | None, column: int | None, end_line: int | None, end_column: int | None,
            snippet: str | None = None) -> dict[str, Any] | None:
    if not line:
        return None
    region: dict[str, Any] = {"startLine": line}
    if column:
        region["startColumn"] = column
    if end_line and end_line >= line:
        region["endLine"] = end_line
        if end_column and column and (end_line > line or end_column >= column):
            region["endColumn"] = end_column
    if snippet is not None:
        region["snippet"] = {"text": snippet}
    return region


def _physical(file: str | None, region: dict[str, Any] | None, index: dict[str, int]) -> dict[str, Any] | None:
    if not file:
        return None
    loc: dict[str, Any] = {"artifactLocation": {"uri": file, "index": index.setdefault(file, len(index))}}
    if region and not file.lower().endswith(NO_LINES):
        loc["region"] = region
    return loc


def build_sarif(report: dict[str, Any]) -> dict[str, Any]:
    rules = rule_descriptors()
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    artifacts: dict[str, int] = {}
    use_baseline = bool(report.get("baseline"))
    results = []
    for f in report["findings"]:
        rule_id = f"{f['check']}/{f['rule']}"
        message = f"{f['message']}: “{f['text']}”"
        if f.get("suggestion"):
            message += f" (suggestion: {f['suggestion']})"
        location: dict[str, Any] = {}
        physical = _physical(f.get("file"), _region(f.get("line"), f.get("column"), f.get("end_line"),
                                                    f.get("end_column"), f["text"]), artifacts)
        if physical:
            location["physicalLocation"] = physical
        location["logicalLocations"] = [{
            "name": f["field"], "fullyQualifiedName": f"{f['article_id']}/{f['field']}", "kind": "member",
        }]
        result: dict[str, Any] = {
            "ruleId": rule_id,
            "level": LEVEL.get(f["severity"], "warning"),
            "message": {"text": message},
            "locations": [location],
            "partialFingerprints": {"copydeskFinding/v1": fingerprint(f)},
            "properties": {k: f[k] for k in ("article_id", "check", "field", "start", "end", "suggestion")
                           if f.get(k) is not None},
        }
        if rule_id in rule_index:
            result["ruleIndex"] = rule_index[rule_id]
        related = f.get("related")
        if related and related.get("field"):
            rel_loc: dict[str, Any] = {"id": 1, "message": {"text": f"related: “{related.get('text', '')}”"}}
            rel_phys = _physical(related.get("file", f.get("file")), _region(related.get("line"), related.get("column"),
                                                        related.get("end_line"), related.get("end_column"),
                                                        related.get("text")), artifacts)
            if rel_phys:
                rel_loc["physicalLocation"] = rel_phys
            rel_loc["logicalLocations"] = [{"name": related["field"],
                                            "fullyQualifiedName": f"{related.get('article_id', f['article_id'])}/{related['field']}",
                                            "kind": "member"}]
            result["relatedLocations"] = [rel_loc]
        if use_baseline:
            result["baselineState"] = "new"
        results.append(result)
    ingest_level = "error" if ingest_fails(report) else "warning"
    for err in report["corpus"]["ingest_errors"]:
        physical = _physical(err["file"], _region(err.get("line"), None, None, None), artifacts)
        result = {
            "ruleId": INGEST_RULE, "ruleIndex": rule_index[INGEST_RULE], "level": ingest_level,
            "message": {"text": f"not read: {err['error']}"},
            "locations": [{"physicalLocation": physical}] if physical else [],
        }
        results.append(result)

    notifications = []
    for entry in report["expectations"]:
        if entry["success"] or (entry.get("check") and not entry.get("exception")):
            continue
        detail = entry.get("exception") or (
            f"{entry['unexpected_count']} of {entry['element_count']} rows unexpected"
            if entry.get("unexpected_count") is not None else "failed")
        notifications.append({
            "level": "error" if entry.get("gates") else "warning",
            "message": {"text": f"{entry['suite']}: {expectation_label(entry)}: {detail}"},
            "descriptor": {"id": entry["expectation"]},
        })
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "copydesk",
            "version": report["tool"]["version"],
            "semanticVersion": report["tool"]["version"],
            "rules": rules,
        }},
        "invocations": [{
            "executionSuccessful": True,
            "exitCode": 0 if report["success"] else 1,
            "toolExecutionNotifications": notifications,
        }],
        "artifacts": [{"location": {"uri": uri}} for uri in sorted(artifacts, key=artifacts.get)],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "success": report["success"],
            "failOn": report["fail_on"],
            "summary": report["summary"],
            **({"scope": report["scope"]} if report.get("scope") else {}),
            **({"baseline": {k: v for k, v in report["baseline"].items() if k != "fixed"}
                | {"fixed": len(report["baseline"].get("fixed", []))}} if use_baseline else {}),
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _clean(value: Any) -> Any:
    """`value` with `safe.for_document` applied to every string in it, keys included."""
    if isinstance(value, str):
        return for_document(value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def write_sarif(report: dict[str, Any], out: IO[str]) -> None:
    json.dump(_clean(build_sarif(report)), out, ensure_ascii=False, indent=2)
    out.write("\n")
