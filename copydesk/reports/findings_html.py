"""Findings as HTML an editor can read at a glance: the flagged span marked in its line,
the suggestion, the article named once, file:line, and a page per article.

Used by the editor pages of Data Docs (copydesk/backends/gx/datadocs.py `add_editor_pages`)
and by the overview page (copydesk/reports/overview.py). Every piece of article text,
id, source and file name goes through :func:`esc` (``html.escape``): nothing from the
corpus is ever inserted as markup.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any

from copydesk.model import SEVERITIES, TEXT_FIELDS

if TYPE_CHECKING:
    from copydesk.corpus.tables import Corpus
    from copydesk.model import Finding

#: Folder of the per-article pages, relative to the site root.
ARTICLES_DIR = "articles"
#: Characters of context shown on each side of a flagged span (cut at line breaks).
CONTEXT_CHARS = 80
#: Stylesheets every editor page loads (site-relative; localize_site installs them).
STYLESHEETS = ("static/vendor/bootstrap/css/bootstrap.min.css", "static/copydesk/datadocs.css")

_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


def esc(value: Any) -> str:
    """Text (or None) as HTML text, quotes included (safe in attributes too)."""
    return html.escape("" if value is None else str(value), quote=True)


def severity_order(severity: str) -> int:
    """0 for the most severe (error), so sorting puts errors first; unknown ones last."""
    return len(SEVERITIES) - SEVERITIES.index(severity) - 1 if severity in SEVERITIES else len(SEVERITIES)


def located(corpus: Corpus, findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Findings as dicts with line/column in their file, ordered by severity (errors
    first), then article, field (title, lede, body) and position."""
    out = []
    for f in findings:
        d = f.to_dict()
        line, column = corpus.locate(f.article_id, f.field, f.start)
        d["line"], d["column"] = line, column
        out.append(d)
    field_rank = {name: i for i, name in enumerate(TEXT_FIELDS)}
    out.sort(key=lambda d: (severity_order(d["severity"]), d["article_id"],
                            field_rank.get(d["field"], 9), d["start"], d["check"], d["rule"]))
    return out


def article_page(article_id: str) -> str:
    """Site-relative path of an article's page: a readable slug plus a hash of the id (ids
    are untrusted and may collide once slugged, or hold '/' and '..')."""
    slug = _SLUG.sub("-", article_id).strip("-")[:60] or "article"
    digest = hashlib.sha1(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{ARTICLES_DIR}/{slug}-{digest}.html"


def where(d: dict[str, Any]) -> str:
    """file:line:column (as much of it as is known)."""
    parts = [str(d.get("file") or "")]
    if d.get("line"):
        parts.append(str(d["line"]))
        if d.get("column"):
            parts.append(str(d["column"]))
    return ":".join(p for p in parts if p) or "(no file)"


def in_context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> str:
    """The span text[start:end] in ``<mark>``, with up to ``chars`` characters of its line
    on each side (an ellipsis where the line goes on), all escaped."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    left = max(line_start, start - chars)
    right = min(line_end, end + chars)
    if left > line_start:  # cut at a word boundary
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < line_end:
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    before = ("…" if left > line_start else "") + text[left:start]
    after = text[end:right] + ("…" if right < line_end else "")
    return f'{esc(before)}<mark>{esc(text[start:end]) or "&#8203;"}</mark>{esc(after)}'


def marked_text(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """The whole text, escaped, with every (start, end, title) span in ``<mark>``
    (overlapping spans merged) and line breaks kept as ``<br>``."""
    merged: list[list[Any]] = []
    for start, end, title in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(title)
        else:
            merged.append([start, end, [title]])
    out, pos = [], 0
    for start, end, titles in merged:
        out.append(esc(text[pos:start]))
        out.append(f'<mark title="{esc("; ".join(titles))}">{esc(text[start:end])}</mark>')
        pos = max(pos, end)
    out.append(esc(text[pos:]))
    return "".join(out).replace("\n", "<br>\n")


def _severity_badge(severity: str) -> str:
    cls = {"error": "danger", "warning": "warning", "info": "info"}.get(severity, "secondary")
    return f'<span class="badge badge-{cls} copydesk-sev">{esc(severity)}</span>'


def findings_table(findings: Sequence[dict[str, Any]], texts: dict[tuple[str, str], str],
                   prefix: str = "", show_article: bool = True) -> str:
    """A table of findings (already ordered): severity, article (named once for its run of
    rows, linking to its page), rule, file:line:col, the flagged span in context, the
    suggestion and the message. ``texts`` maps (article id, field) to the field's text;
    ``prefix`` is the path from the page to the site root."""
    head = (["severity"] + (["article"] if show_article else [])
            + ["rule", "where", "flagged text in context", "suggestion"])
    rows = []
    for (severity, article_id), group in groupby(findings, key=lambda d: (d["severity"], d["article_id"])):
        group = list(group)
        for i, d in enumerate(group):
            cells = []
            if i == 0:
                span = f' rowspan="{len(group)}"' if len(group) > 1 else ""
                cells.append(f'<td{span}>{_severity_badge(severity)}</td>')
                if show_article:
                    link = prefix + article_page(article_id)
                    cells.append(f'<td{span} class="copydesk-article"><a href="{esc(link)}">{esc(article_id)}</a></td>')
            text = texts.get((d["article_id"], d["field"]), "")
            if text[d["start"]:d["end"]] == d["text"]:
                context = in_context(text, d["start"], d["end"])
            else:  # the span is not in the text as ingested: show it as reported
                context = f"<mark>{esc(d['text'])}</mark>"
            cells.append(f'<td class="text-nowrap"><code>{esc(d["check"])}/{esc(d["rule"])}</code></td>')
            cells.append(f'<td class="copydesk-where">{esc(where(d))}'
                         f'<div class="text-muted small">{esc(d["field"])}</div></td>')
            cells.append(f'<td class="copydesk-context">{context}'
                         f'<div class="copydesk-why text-muted">{esc(d["message"])}</div></td>')
            suggestion = d.get("suggestion")
            cells.append(f'<td class="copydesk-suggestion">{esc(suggestion) if suggestion else "—"}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
    header = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    return (f'<table class="table table-sm table-bordered copydesk-findings"><thead class="thead-light">'
            f'<tr>{header}</tr></thead><tbody>\n' + "\n".join(rows) + "\n</tbody></table>")


def page(title: str, body: str, prefix: str) -> str:
    """A standalone copydesk page: Bootstrap and copydesk's stylesheet by relative path
    (``prefix`` leads to the site root), no script, nothing external."""
    links = "\n".join(f'<link rel="stylesheet" href="{esc(prefix + css)}">' for css in STYLESHEETS)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n{links}\n</head>\n"
        f"<body class=\"copydesk-page\">\n<nav class=\"navbar border-bottom mb-3 px-4\">"
        f"<a class=\"navbar-brand\" href=\"{esc(prefix)}index.html\">copydesk Data Docs</a>"
        f"<span><a href=\"{esc(prefix)}overview.html\">Overview</a></span></nav>\n"
        f"<main class=\"container-fluid px-4 pb-4\">\n{body}\n</main>\n</body>\n</html>\n"
    )


def render_article(article: dict[str, Any], findings: Sequence[dict[str, Any]]) -> str:
    """An article's page: its header (id, source, file), every finding in context, then
    the title, lede and body with every flagged span marked."""
    prefix = "../" * ARTICLES_DIR.count("/") + "../"
    texts = {(article["id"], name): article.get(name) or "" for name in TEXT_FIELDS}
    counts = {s: sum(d["severity"] == s for d in findings) for s in reversed(SEVERITIES)}
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    meta = [("source", article.get("source") or "(no source)"), ("file", where(article))]
    if article.get("url"):
        meta.append(("url", article["url"]))
    parts = [
        f'<h1 class="h3">{esc(article.get("title") or article["id"])}</h1>',
        '<dl class="row small mb-2">' + "".join(
            f'<dt class="col-sm-1">{esc(k)}</dt><dd class="col-sm-11">{esc(v)}</dd>'
            for k, v in [("article", article["id"]), *meta]) + "</dl>",
        f'<h2 class="h5">{len(findings)} finding{"s" if len(findings) != 1 else ""}'
        f'{f" ({summary})" if summary else ""}</h2>',
        findings_table(findings, texts, prefix, show_article=False),
        '<h2 class="h5 mt-4">The article, flagged spans marked</h2>',
    ]
    for name in TEXT_FIELDS:
        text = texts[(article["id"], name)]
        if not text:
            continue
        spans = [(d["start"], d["end"], f'{d["check"]}/{d["rule"]}: {d["message"]}')
                 for d in findings if d["field"] == name and text[d["start"]:d["end"]] == d["text"]]
        parts.append(f'<section class="copydesk-field mb-3"><h3 class="h6 text-muted">{esc(name)}</h3>'
                     f'<div class="copydesk-text">{marked_text(text, spans)}</div></section>')
    return page(f"copydesk: {article['id']}", "\n".join(parts), prefix)
