"""GitHub Actions job summary: when ``GITHUB_STEP_SUMMARY`` names a file (the runner sets
it for every step), ``copydesk check`` appends a Markdown summary to it: the verdict, the
expectations, counts per rule and per source, and the first findings with links to
file:line. GitHub shows only 10 error and 10 warning annotations per step; the summary
is where the rest is counted.

Links go to the file at the commit being checked (``GITHUB_SERVER_URL``,
``GITHUB_REPOSITORY``, ``GITHUB_SHA``, paths relative to ``GITHUB_WORKSPACE``) when the
runner provides those; otherwise the place is plain text. Article text, ids, sources and
file names are untrusted: :func:`md` makes each one inert text in a table cell (control
characters shown as escapes, HTML escaped, Markdown punctuation backslash-escaped, ``@``
and ``#`` unable to mention or link). GitHub caps a step's summary at 1 MiB; copydesk's
stays far below that (at most :data:`FIRST_FINDINGS` findings and :data:`TOP` rows per table).
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from copydesk.reports.concise import describe
from copydesk.reports.safe import for_terminal

ENV = "GITHUB_STEP_SUMMARY"
FIRST_FINDINGS = 20
TOP = 15
#: Markdown punctuation escaped with a backslash (any ASCII punctuation may be, in
#: CommonMark): emphasis, links, code, table pipes, autolinks (`:`), headings and
#: references (`#`), strikethrough, GitHub's `$math$`; `<` and `>` are HTML-escaped
#: before, and `&`/`;` stay, as they carry those escapes.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~:$-])")
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def md(value: Any) -> str:
    """Untrusted text as inert Markdown in a table cell (see the module docstring)."""
    text = html.escape(for_terminal("" if value is None else value), quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("@", "@\u2060")  # a word joiner: no @mention


def code(value: Any) -> str:
    """Text as a Markdown code span: shown literally (no HTML, no emphasis, no escapes
    needed), except that a backtick would end it and a ``|`` would split the table cell."""
    text = for_terminal("" if value is None else value).replace("`", "'").replace("|", "\\|")
    return f"`{text}`"


def _link(file: str | None, line: int | None, column: int | None, env: dict[str, str]) -> str:
    """`file:line:col` as a link to the file at the checked commit, or as text."""
    place = ":".join([file or "(no file)"] + ([str(line)] if line else []) + ([str(column)] if line and column else []))
    server, repo, sha = env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_SHA")
    if not (file and server and repo and sha):
        return md(place)
    workspace = Path(env.get("GITHUB_WORKSPACE") or os.getcwd()).resolve()
    try:
        rel = Path(file).resolve().relative_to(workspace).as_posix()
    except (ValueError, OSError):
        return md(place)
    url = f"{server.rstrip('/')}/{quote(repo)}/blob/{quote(sha)}/{quote(rel)}" + (f"#L{line}" if line else "")
    return f"[{md(place)}](<{url.replace('>', '%3E')}>)"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|",
            *("| " + " | ".join(r) + " |" for r in rows)]


def _more(total: int, shown: int, what: str) -> list[str]:
    return [f"\n… and {total - shown:,} more {what}"] if total > shown else []


def render(report: dict[str, Any], env: dict[str, str] | None = None, report_hint: str | None = None) -> str:
    """The Markdown summary of one run. ``report`` needs ``summary.by_rule`` and
    ``summary.by_source`` (copydesk/reports/statistics.py); ``report_hint`` says where the
    full report is (a file name, the Data Docs)."""
    env = dict(os.environ) if env is None else env
    summary, corpus = report["summary"], report["corpus"]
    sev = summary["by_severity"]
    verdict = "passed" if report["success"] else "failed"
    mark = "✅" if report["success"] else "❌"
    out = [f"## {mark} copydesk: {verdict}", "",
           f"{corpus['articles']:,} articles ({corpus.get('words') or 0:,} words) in {len(corpus['files']):,} files: "
           f"**{summary['findings']:,} findings** ({sev.get('error', 0):,} errors, {sev.get('warning', 0):,} warnings, "
           f"{sev.get('info', 0):,} info); {summary['failed_expectations']:,} of {summary['expectations']:,} "
           f"expectations failed (gate: {code('--fail-on ' + str(report.get('fail_on', 'error')))})."]
    if corpus["ingest_errors"]:
        out.append(f"\n**{len(corpus['ingest_errors']):,} records could not be read**: "
                   + "; ".join(f"{_link(e['file'], e.get('line'), None, env)} {md(e['error'])}"
                               for e in corpus["ingest_errors"][:5])
                   + (" …" if len(corpus["ingest_errors"]) > 5 else ""))
    out += ["", "### Expectations", ""]
    out += _table(["", "suite", "expectation", "unexpected", "rows"], [
        ["✅" if e["success"] else ("❌" if e.get("gates") else "⚠️"), md(e["suite"]), code(e["expectation"]),
         f"{e['unexpected_count'] or 0:,}", f"{e['element_count'] or 0:,}"]
        for e in sorted(report["expectations"], key=lambda e: (e["success"], e["suite"], e["expectation"]))])
    by_rule, by_source = summary.get("by_rule") or [], summary.get("by_source") or []
    if by_rule:
        out += ["", "### Findings per rule", ""]
        out += _table(["rule", "severity", "findings", "articles"], [
            [code(r["rule"]), r["severity"], f"{r['findings']:,}", f"{r['articles']:,}"] for r in by_rule[:TOP]])
        out += _more(len(by_rule), TOP, "rules")
    if by_source:
        out += ["", "### Findings per source", ""]
        out += _table(["source", "findings", "articles"], [
            [md(s["source"]), f"{s['findings']:,}", f"{s['articles']:,}"] for s in by_source[:TOP]])
        out += _more(len(by_source), TOP, "sources")
    findings = sorted(report["findings"], key=lambda f: (_SEVERITY_ORDER.get(f["severity"], 3), f.get("file") or "",
                                                         f.get("line") or 0, f.get("column") or 0))
    if findings:
        out += ["", f"### First findings ({min(len(findings), FIRST_FINDINGS)} of {len(findings):,})", ""]
        out += _table(["where", "severity", "rule", "article", "finding"], [
            [_link(f.get("file"), f.get("line"), f.get("column"), env), f["severity"], code(f"{f['check']}/{f['rule']}"),
             md(f["article_id"]), md(describe(f))] for f in findings[:FIRST_FINDINGS]])
        out += _more(len(findings), FIRST_FINDINGS, "findings")
    if report_hint:
        out += ["", f"Full report: {md(report_hint)}"]
    return "\n".join(out) + "\n"


def append_step_summary(report: dict[str, Any], report_hint: str | None = None) -> Path | None:
    """Append the summary to ``$GITHUB_STEP_SUMMARY`` when it is set (the runner's file:
    appended to, as GitHub's protocol says, never replaced); return that path. OSError
    when it cannot be written (the CLI says so and carries on: the report and exit code
    do not depend on it)."""
    target = os.environ.get(ENV)
    if not target:
        return None
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(render(report, report_hint=report_hint))
        fh.write("\n")
    return Path(target)
