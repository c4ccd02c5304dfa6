"""Terminal report (rich): expectations with counts, then findings grouped by article,
each shown in context with its suggestion.

Every value that comes from the corpus, the suites or the file system goes through
`safe.for_terminal` into a plain `Text` object, never into markup, so brackets cannot
style the output and control characters or escape sequences cannot act on the terminal;
the rendered block then goes through `safe.guard_lines`, so no line of it is a CI
workflow command (see copydesk/reports/safe.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from copydesk.reports.concise import describe
from copydesk.reports.safe import for_terminal, guard_lines

if TYPE_CHECKING:
    from copydesk.corpus.tables import Corpus

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
CONTEXT_CHARS = 60


def safe_text(value: Any, style: str = "") -> Text:
    """An untrusted value as one line of literal text."""
    return Text(for_terminal(value), style=style)


@contextmanager
def guarded(console: Console) -> Iterator[None]:
    """Print through `safe.guard_lines`: what is printed inside is rendered (with the
    console's width and colours) and written out once the block ends."""
    with console.capture() as captured:
        yield
    console.file.write(guard_lines(captured.get()))
    console.file.flush()


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> Text:
    """The finding with up to `width` characters either side within its own line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    left = max(line_start, start - width)
    right = min(line_end, end + width)
    out = Text("    ")
    out.append("…" if left > line_start else "", style="dim")
    out.append(for_terminal(text[left:start]), style="dim")
    out.append(for_terminal(text[start:end]), style="bold reverse")
    out.append(for_terminal(text[end:right]), style="dim")
    out.append("…" if right < line_end else "", style="dim")
    return out


def render(report: dict[str, Any], corpus: Corpus, console: Console, limit: int = 50,
           statistics: bool = False) -> None:
    """Print the report: ingest errors, expectations, findings by article, statistics
    (with ``statistics``: counts per rule, source and file), summary."""
    with guarded(console):
        _render(report, corpus, console, limit)
        if statistics:
            render_statistics(report, console)
        _render_summary(report, console)


def where(f: dict[str, Any]) -> str:
    """Field and line:column of a finding (``body 7:108``; the field alone without a line)."""
    if not f.get("line"):
        return f["field"]
    return f"{f['field']} {f['line']}" + (f":{f['column']}" if f.get("column") else "")


def finding_line(f: dict[str, Any]) -> Text:
    """``error   typos/misspelling  body 7:108  'atack' → attack: possible misspelling of
    'attack'``: the flagged text is named in every message, the place is line:column."""
    head = Text("  ")
    head.append(f"{f['severity']:<7}", style=SEVERITY_STYLE.get(f["severity"], ""))
    head.append(for_terminal(f" {f['check']}/{f['rule']}"), style="bold")
    head.append(f"  {where(f)}  ", style="dim")
    head.append(describe(f))
    return head


def render_statistics(report: dict[str, Any], console: Console) -> None:
    """Counts per rule, per source and per file, most first (``ruff --statistics``),
    from the report's ``summary`` (copydesk/reports/statistics.py)."""
    s = report["summary"]
    console.print()
    console.print(Text("Statistics", style="bold"))
    sections = (
        ("per rule", s.get("by_rule") or [], lambda r: Text.assemble(
            (for_terminal(r["rule"]), "bold"), "  ", (r["severity"], SEVERITY_STYLE.get(r["severity"], "")),
            (f"  in {r['articles']} article{'s' if r['articles'] != 1 else ''}", "dim"))),
        ("per source", s.get("by_source") or [], lambda r: Text.assemble(
            for_terminal(r["source"]), (f"  in {r['articles']} article{'s' if r['articles'] != 1 else ''}", "dim"))),
        ("per file", s.get("by_file") or [], lambda r: Text(for_terminal(r["file"]))),
    )
    for title, rows, label in sections:
        console.print(Text(f"  {title}", style="dim"))
        if not rows:
            console.print(Text("    no findings", style="dim"))
        width = max((len(str(r["findings"])) for r in rows), default=1)
        for r in rows:
            console.print(Text.assemble(f"    {r['findings']:>{width}}  ", label(r)), soft_wrap=not console.is_terminal)


def _render(report: dict[str, Any], corpus: Corpus, console: Console, limit: int) -> None:
    corpus_info = report["corpus"]
    if corpus_info["ingest_errors"]:
        console.print(Text(f"Ingest errors ({len(corpus_info['ingest_errors'])})", style="bold red"))
        for err in corpus_info["ingest_errors"]:
            where = f"{err['file']}:{err['line']}" if err.get("line") else err["file"]
            console.print(Text.assemble("  ", (for_terminal(where), "bold"), ": ", for_terminal(err["error"])))
        console.print()

    table = Table(title="Expectations", title_justify="left", expand=False)
    table.add_column("suite")
    table.add_column("expectation")
    table.add_column("result")
    table.add_column("unexpected", justify="right")
    table.add_column("of", justify="right")
    table.add_column("severity")
    for e in report["expectations"]:
        column = e["kwargs"].get("column")
        name = safe_text(e["expectation"])
        if column:
            name.append(for_terminal(f" ({column})"), style="dim")
        status = Text("pass", style="green") if e["success"] else Text("FAIL", style="bold red")
        if e.get("exception"):
            status = Text("ERROR", style="bold red")
            name.append("\n" + for_terminal(e["exception"]), style="red")
        table.add_row(
            safe_text(e["suite"]), name, status,
            "" if e["unexpected_count"] is None else str(e["unexpected_count"]),
            "" if e["element_count"] is None else str(e["element_count"]),
            safe_text(e["severity"], style=SEVERITY_STYLE.get(e["severity"], "")),
        )
    console.print(table)

    by_article: dict[str, list[dict]] = defaultdict(list)
    for f in report["findings"]:
        by_article[f["article_id"]].append(f)
    texts = corpus.articles.set_index("id")[["title", "lede", "body"]] if by_article else None
    shown = 0
    for article_id, findings in by_article.items():
        if shown >= limit:
            console.print(Text(f"… and {len(by_article) - shown} more articles with findings "
                               "(use --format json for all)", style="dim"))
            break
        shown += 1
        first = findings[0]
        where = first.get("file") or ""
        console.print()
        console.print(Text.assemble((for_terminal(article_id), "bold"), ("  " + for_terminal(where), "dim")))
        row = texts.loc[article_id]
        soft = not console.is_terminal  # a log or a file: one finding, one line, never wrapped
        for f in findings:
            parts = [finding_line(f), _context(row[f["field"]], f["start"], f["end"])]
            related = f.get("related")
            if related and related.get("field") in ("title", "lede", "body"):
                other = related.get("article_id", article_id)
                where = related["field"] if other == article_id else f"{other}, {related['field']}"
                parts.append(safe_text(f"    vs {where}:", style="dim"))
                parts.append(_context(texts.loc[other, related["field"]], related["start"], related["end"]))
            if soft:
                for part in parts:
                    console.print(part, soft_wrap=True)
            else:
                console.print(Group(*parts))


def _render_summary(report: dict[str, Any], console: Console) -> None:
    corpus_info = report["corpus"]
    s = report["summary"]
    console.print()
    checks = ", ".join(f"{k} {v}" for k, v in s["by_check"].items()) or "none"
    verdict = Text("PASSED", style="bold green") if report["success"] else Text("FAILED", style="bold red")
    console.print(Text.assemble(
        verdict,
        f"  {corpus_info['articles']} articles, {len(corpus_info['ingest_errors'])} ingest errors, "
        f"{s['expectations'] - s['failed_expectations']}/{s['expectations']} expectations met, "
        f"{s['findings']} findings ({checks}); failing on {report['fail_on']}",
    ), soft_wrap=not console.is_terminal)  # a CI log keeps each line whole (grep, annotations)
    skipped = corpus_info.get("skipped") or []
    for entry in skipped[:5]:
        count = f" ({entry['records']} records)" if entry.get("records") else ""
        console.print(safe_text(f"  skipped {entry['file']}: {entry['reason']}{count}", style="yellow"),
                      soft_wrap=not console.is_terminal)
    if len(skipped) > 5:
        console.print(safe_text(f"  … and {len(skipped) - 5} more skipped (--format json lists all)", style="yellow"))
    for check, status in (report.get("backends") or {}).items():
        console.print(safe_text(f"  {check}: {status}", style="dim"), soft_wrap=not console.is_terminal)
    if report.get("data_docs"):
        console.print(safe_text(f"  Data Docs: {report['data_docs']}", style="dim"), soft_wrap=not console.is_terminal)
