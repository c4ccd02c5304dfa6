"""Terminal report (rich): expectations with counts, then findings grouped by article,
each shown in context with its suggestion. Article text is rendered as plain `Text`
objects, never as markup, so brackets or escape codes in articles cannot style output."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from copydesk.corpus.tables import Corpus

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
CONTEXT_CHARS = 60


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> Text:
    """The finding with up to `width` characters either side within its own line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    left = max(line_start, start - width)
    right = min(line_end, end + width)
    before = text[left:start].replace("\n", " ")
    after = text[end:right].replace("\n", " ")
    out = Text("    ")
    out.append("…" if left > line_start else "", style="dim")
    out.append(before, style="dim")
    out.append(text[start:end].replace("\n", " "), style="bold reverse")
    out.append(after, style="dim")
    out.append("…" if right < line_end else "", style="dim")
    return out


def render(report: dict[str, Any], corpus: Corpus, console: Console, limit: int = 50) -> None:
    """Print the report: ingest errors, expectations, findings by article, summary."""
    corpus_info = report["corpus"]
    if corpus_info["ingest_errors"]:
        console.print(Text(f"Ingest errors ({len(corpus_info['ingest_errors'])})", style="bold red"))
        for err in corpus_info["ingest_errors"]:
            where = f"{err['file']}:{err['line']}" if err.get("line") else err["file"]
            console.print(Text.assemble("  ", (where, "bold"), ": ", err["error"]))
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
        name = Text(e["expectation"])
        if column:
            name.append(f" ({column})", style="dim")
        status = Text("pass", style="green") if e["success"] else Text("FAIL", style="bold red")
        if e.get("exception"):
            status = Text("ERROR", style="bold red")
            name.append(f"\n{e['exception']}", style="red")
        table.add_row(
            e["suite"], name, status,
            "" if e["unexpected_count"] is None else str(e["unexpected_count"]),
            "" if e["element_count"] is None else str(e["element_count"]),
            Text(e["severity"], style=SEVERITY_STYLE.get(e["severity"], "")),
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
        console.print(Text.assemble((article_id, "bold"), ("  " + where, "dim")))
        row = texts.loc[article_id]
        for f in findings:
            loc = f"{f['field']}, line {f['line']}" if f.get("line") else f["field"]
            head = Text("  ")
            head.append(f"{f['severity']:<7}", style=SEVERITY_STYLE.get(f["severity"], ""))
            head.append(f" {f['check']}/{f['rule']} ", style="bold")
            head.append(f"[{loc}] ", style="dim")
            head.append(f["message"])
            if f.get("suggestion"):
                head.append("  → ", style="dim")
                head.append(f["suggestion"], style="green")
            parts = [head, _context(row[f["field"]], f["start"], f["end"])]
            related = f.get("related")
            if related and related.get("field") in ("title", "lede", "body"):
                other = related.get("article_id", article_id)
                where = related["field"] if other == article_id else f"{other}, {related['field']}"
                parts.append(Text(f"    vs {where}:", style="dim"))
                parts.append(_context(texts.loc[other, related["field"]], related["start"], related["end"]))
            console.print(Group(*parts))

    s = report["summary"]
    console.print()
    checks = ", ".join(f"{k} {v}" for k, v in s["by_check"].items()) or "none"
    verdict = Text("PASSED", style="bold green") if report["success"] else Text("FAILED", style="bold red")
    console.print(Text.assemble(
        verdict,
        f"  {corpus_info['articles']} articles, {len(corpus_info['ingest_errors'])} ingest errors, "
        f"{s['expectations'] - s['failed_expectations']}/{s['expectations']} expectations met, "
        f"{s['findings']} findings ({checks}); failing on {report['fail_on']}",
    ))
    for check, status in (report.get("backends") or {}).items():
        console.print(Text(f"  {check}: {status}", style="dim"))
    if report.get("data_docs"):
        console.print(Text(f"  Data Docs: {report['data_docs']}", style="dim"))
