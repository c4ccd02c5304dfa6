"""GitHub Actions workflow commands: findings as annotations on the pull request's files.

`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message` (and `::warning`,
`::notice` for info findings), as documented in GitHub's "Workflow commands for GitHub
Actions". Every value first goes through `safe.for_terminal` (line breaks and tabs become
spaces, NUL, ESC and other control characters visible `\\xNN` escapes: the log viewer
renders ANSI sequences, and an untrusted newline would start a command line of its own),
then is escaped as the runner expects (`%`, CR and LF in messages; also `:` and `,` in
properties). Failed built-in expectations (which have no single place in
a file) and ingest errors become annotations too: an error when they make the run fail,
a warning otherwise. Binary inputs (Parquet) get no line: their `line` is a row number.
GitHub shows only the first 10 annotations of each level per step; past that, one notice
says how many more there are and where the full report is.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import IO, Any

from copydesk.reports.junit import expectation_label, ingest_fails
from copydesk.reports.safe import for_terminal

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
#: Annotations GitHub shows per step and level ("Workflow commands for GitHub Actions" and
#: the annotation limits in GitHub's docs: 10 error and 10 warning annotations per step;
#: notices are capped the same way). The rest are in the log only.
SHOWN_PER_LEVEL = 10
NO_LINES = (".parquet",)
SNIPPET_CHARS = 100


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props: Any) -> str:
    parts = [f"{k}={escape_property(for_terminal(v))}" for k, v in props.items() if v is not None]
    return f"::{level}" + (" " + ",".join(parts) if parts else "") + f"::{escape_data(for_terminal(message))}"


def has_lines(file: str | None) -> bool:
    return bool(file) and not file.lower().endswith(NO_LINES)


def finding_command(f: dict[str, Any]) -> str:
    text = for_terminal(f["text"])
    if len(text) > SNIPPET_CHARS:
        text = text[: SNIPPET_CHARS - 1] + "…"
    message = f"{f['message']}: “{text}”"
    if f.get("suggestion"):
        message += f" → {f['suggestion']}"
    message += f" ({f['article_id']}, {f['field']} {f['start']}–{f['end']})"
    props: dict[str, Any] = {"file": f.get("file")}
    if has_lines(f.get("file")) and f.get("line"):
        props["line"] = f["line"]
        props["col"] = f.get("column")
        props["endLine"] = f.get("end_line")
        props["endColumn"] = f.get("end_column")
    props["title"] = f"copydesk {f['check']}/{f['rule']}"
    return command(LEVEL.get(f["severity"], "warning"), message, **props)


def lines(report: dict[str, Any]) -> list[str]:
    out = [finding_command(f) for f in report["findings"]]
    for entry in report["expectations"]:
        if entry["success"] or entry.get("check") and not entry.get("exception"):
            continue  # copydesk checks are annotated through their findings
        level = "error" if entry.get("gates") else "warning"
        detail = entry.get("exception") or (
            f"{entry['unexpected_count']} of {entry['element_count']} rows unexpected"
            if entry.get("unexpected_count") is not None else "failed")
        out.append(command(level, f"{entry['suite']}: {expectation_label(entry)}: {detail}",
                           title="copydesk expectation"))
    ingest_level = "error" if ingest_fails(report) else "warning"
    for err in report["corpus"]["ingest_errors"]:
        out.append(command(ingest_level, f"not read: {err['error']}", file=err["file"],
                           line=err.get("line") if has_lines(err["file"]) else None,
                           title="copydesk ingest error"))
    out = _with_overflow_notice(out, report)
    baseline = report.get("baseline")
    if baseline and baseline.get("fixed"):
        out.append(command("notice", f"{len(baseline['fixed'])} baseline entries are no longer found; "
                           "run `copydesk baseline` to tighten the baseline", title="copydesk baseline",
                           file=baseline.get("file")))
    s = report["summary"]
    verdict = "passed" if report["success"] else "FAILED"
    scope = report.get("scope")
    checked = (f"{scope['articles_checked']} of {scope['articles_total']} articles"
               if scope else f"{report['corpus']['articles']} articles")
    out.append(f"copydesk {verdict}: {checked}, {s['findings']} findings, "
               f"{s['failed_expectations']}/{s['expectations']} expectations failed (fail on {report['fail_on']})")
    return out


def _level(line: str) -> str:
    return line[2:].split(" ", 1)[0].split("::", 1)[0]


def _with_overflow_notice(out: list[str], report: dict[str, Any]) -> list[str]:
    """When GitHub will not show every annotation (past SHOWN_PER_LEVEL of a level), one
    notice saying how many more there are and where the full report is; placed before
    the first other notice, so it is among the notices GitHub shows."""
    counts = Counter(_level(line) for line in out)
    hidden = {level: n - SHOWN_PER_LEVEL for level, n in counts.items() if n > SHOWN_PER_LEVEL}
    if not hidden:
        return out
    more = ", ".join(f"{n} more {level}{'s' if n != 1 else ''}" for level, n in sorted(hidden.items()))
    where = [f"{path} ({name})" for name, path in (report.get("outputs") or {}).items()]
    if report.get("data_docs"):
        where.append(f"Data Docs {report['data_docs']}")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        where.append("the job summary")
    full = ("; full report: " + "; ".join(where)) if where else "; the full report is in this step's log"
    notice = command("notice", f"{more} than GitHub shows as annotations ({SHOWN_PER_LEVEL} per level and step)"
                     f"{full}", title="copydesk: more findings")
    at = next((i for i, line in enumerate(out) if _level(line) == "notice"), len(out))
    return out[:at] + [notice] + out[at:]


def write_github(report: dict[str, Any], out: IO[str]) -> None:
    for line in lines(report):
        out.write(line + "\n")
