"""The concise format: one line per finding, ``path:line:col: severity check/rule message``,
for editors' quickfix lists (Vim ``%f:%l:%c: %m``, Emacs compilation mode) and grep.

The message names the flagged text first (``'atack' → attack: possible misspelling of
'attack'``). The column is left out where the input has none (Parquet rows), and line
and column where it has neither (HTML pages). Ingest errors come first, as
``path:line: error copydesk/ingest ...``. Every untrusted value goes through
copydesk/reports/safe.py, so a line never holds a control character or a workflow command.
"""

from __future__ import annotations

from typing import IO, Any

from copydesk.reports.safe import for_terminal, guard_line

#: Flagged text longer than this is shortened in the message (boilerplate lines, sentences).
MAX_QUOTE = 60


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """'text' on one line, shortened with an ellipsis past ``limit`` characters."""
    text = " ".join(for_terminal(text).split())
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"


def describe(finding: dict[str, Any], limit: int = MAX_QUOTE) -> str:
    """The flagged text, its suggestion and the message: ``'atack' → attack: possible
    misspelling of 'attack'`` (the suggestion only when there is one)."""
    head = quote(finding.get("text") or "", limit)
    suggestion = finding.get("suggestion")
    if suggestion:
        head += f" → {for_terminal(suggestion)}"
    return f"{head}: {for_terminal(finding.get('message') or '')}"


def location(file: str | None, line: int | None, column: int | None, fallback: str = "") -> str:
    parts = [for_terminal(file or fallback)]
    if line:
        parts.append(str(line))
        if column:
            parts.append(str(column))
    return ":".join(parts)


def concise_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for err in report["corpus"]["ingest_errors"]:
        lines.append(f"{location(err['file'], err.get('line'), None)}: error copydesk/ingest "
                     f"{for_terminal(err['error'])}")
    for f in sorted(report["findings"], key=lambda f: (f.get("file") or "", f.get("line") or 0,
                                                       f.get("column") or 0, f["article_id"])):
        lines.append(f"{location(f.get('file'), f.get('line'), f.get('column'), f['article_id'])}: "
                     f"{f['severity']} {f['check']}/{f['rule']} {describe(f)}")
    return [guard_line(line) for line in lines]


def write_concise(report: dict[str, Any], out: IO[str]) -> None:
    for line in concise_lines(report):
        out.write(line + "\n")
