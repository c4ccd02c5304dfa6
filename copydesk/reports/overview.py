"""The Data Docs overview page: what an editor wants first from a corpus run.

Corpus size; finding rates per 1,000 words per source (outlet) and per check family,
as charts; the rules that fire most; the articles with the most findings per word.

Rates are per 1,000 words of title, lede and body (words split on white space, as
``Corpus.word_count``), so a large outlet is not "worse" merely for being large.

Charts are Vega-Lite specifications built with altair and rendered to SVG by
vl-convert-python (a Rust build of Vega shipped in the wheel: no browser, no network),
then inlined in the page, so the page shows them with nothing loaded from a CDN (GX's own
pages call Vega from a CDN; offline they get datadocs.js's "Chart not shown" notice).
Vega renders category labels as SVG ``<text>``, escaped by vl-convert.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from copydesk.model import TEXT_FIELDS
from copydesk.reports.findings_html import article_page, esc, page, severity_order

if TYPE_CHECKING:
    import pandas as pd

#: Rules listed under "top rules", articles under "worst articles".
TOP_RULES = 10
WORST_ARTICLES = 15
#: Sources shown in the per-source chart (the ones with the most findings per word first).
MAX_SOURCES = 30
NO_SOURCE = "(no source)"
PER_WORDS = 1000


@dataclass
class SourceStats:
    name: str
    articles: int = 0
    words: int = 0
    findings: Counter = field(default_factory=Counter)  # per check family

    @property
    def total(self) -> int:
        return sum(self.findings.values())


@dataclass
class Overview:
    """Everything the overview page shows, computed once from the corpus and findings."""

    articles: int
    words: int
    files: int
    findings: int
    by_severity: dict[str, int]
    sources: list[SourceStats]
    families: list[tuple[str, int]]  # (check, findings), most first
    top_rules: list[dict[str, Any]]  # rule, severity, findings, articles
    worst: list[dict[str, Any]]  # id, source, title, words, findings, rate, errors
    ingest_errors: int = 0

    def rate(self, count: int, words: int | None = None) -> float:
        words = self.words if words is None else words
        return PER_WORDS * count / words if words else 0.0


def article_words(articles: pd.DataFrame) -> pd.Series:
    """Words per article (title + lede + body, split on white space), indexed like the table."""
    total = None
    for c in TEXT_FIELDS:
        n = articles[c].fillna("").astype(str).str.split().str.len().fillna(0).astype(int)
        total = n if total is None else total + n
    return total


def compute(articles: pd.DataFrame, findings: list[dict[str, Any]], files: int = 0,
            ingest_errors: int = 0) -> Overview:
    """The overview's figures from the articles table and located findings."""
    words = article_words(articles)
    ids = articles["id"].astype(str).tolist()
    sources = [s if isinstance(s, str) and s.strip() else NO_SOURCE for s in articles["source"].tolist()]
    source_of = dict(zip(ids, sources))
    words_of = dict(zip(ids, words.tolist()))
    per_source: dict[str, SourceStats] = {}
    for source, n in zip(sources, words.tolist()):
        s = per_source.setdefault(source, SourceStats(source))
        s.articles += 1
        s.words += int(n)
    families: Counter = Counter()
    rules: dict[str, dict[str, Any]] = {}
    per_article: dict[str, Counter] = defaultdict(Counter)
    for d in findings:
        source = source_of.get(d["article_id"], NO_SOURCE)
        per_source.setdefault(source, SourceStats(source)).findings[d["check"]] += 1
        families[d["check"]] += 1
        key = f"{d['check']}/{d['rule']}"
        r = rules.setdefault(key, {"rule": key, "severity": d["severity"], "findings": 0, "articles": set()})
        r["findings"] += 1
        r["articles"].add(d["article_id"])
        if severity_order(d["severity"]) < severity_order(r["severity"]):
            r["severity"] = d["severity"]
        per_article[d["article_id"]][d["severity"]] += 1
    top = sorted(rules.values(), key=lambda r: (-r["findings"], r["rule"]))[:TOP_RULES]
    for r in top:
        r["articles"] = len(r["articles"])
    titles = dict(zip(ids, articles["title"].fillna("").astype(str).tolist()))
    worst = []
    for article_id, counts in per_article.items():
        n, w = sum(counts.values()), words_of.get(article_id, 0)
        worst.append({"id": article_id, "source": source_of.get(article_id, NO_SOURCE),
                      "title": titles.get(article_id, ""), "words": w, "findings": n,
                      "errors": counts.get("error", 0), "rate": PER_WORDS * n / w if w else float(n)})
    worst.sort(key=lambda a: (-a["errors"], -a["rate"], a["id"]))
    by_severity = Counter(d["severity"] for d in findings)
    return Overview(
        articles=len(ids), words=int(words.sum()), files=files, findings=len(findings),
        by_severity={s: by_severity.get(s, 0) for s in ("error", "warning", "info")},
        sources=sorted(per_source.values(), key=lambda s: (-(s.total / s.words if s.words else s.total), s.name)),
        families=sorted(families.items(), key=lambda kv: (-kv[1], kv[0])),
        top_rules=top, worst=worst[:WORST_ARTICLES], ingest_errors=ingest_errors,
    )


# --------------------------------------------------------------------------- charts


def source_chart_spec(ov: Overview) -> dict[str, Any]:
    """Findings per 1,000 words for each source, bars stacked by check family."""
    import altair as alt
    import pandas as pd

    shown = ov.sources[:MAX_SOURCES]
    rows = [{"source": s.name, "family": check, "rate": round(ov.rate(n, s.words), 3), "findings": n,
             "words": s.words}
            for s in shown for check, n in sorted(s.findings.items())]
    if not rows:  # no findings: one zero bar per source, so the chart still names them
        rows = [{"source": s.name, "family": "none", "rate": 0.0, "findings": 0, "words": s.words} for s in shown]
    order = [s.name for s in shown]
    chart = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("sum(rate):Q", title=f"findings per {PER_WORDS:,} words"),
        y=alt.Y("source:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("family:N", title="check", legend=alt.Legend(labelLimit=200)),
        tooltip=["source:N", "family:N", "findings:Q", "words:Q", "rate:Q"],
    ).properties(width=440, height=alt.Step(24), title="Finding rate per source")
    return chart.to_dict()


def family_chart_spec(ov: Overview) -> dict[str, Any]:
    """Findings per 1,000 words for each check family over the whole corpus."""
    import altair as alt
    import pandas as pd

    rows = [{"family": check, "rate": round(ov.rate(n), 3), "findings": n} for check, n in ov.families]
    if not rows:
        rows = [{"family": "none", "rate": 0.0, "findings": 0}]
    chart = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("rate:Q", title=f"findings per {PER_WORDS:,} words"),
        y=alt.Y("family:N", sort="-x", title=None),
        color=alt.Color("family:N", legend=None),
        tooltip=["family:N", "findings:Q", "rate:Q"],
    ).properties(width=440, height=alt.Step(24), title="Finding rate per check")
    return chart.to_dict()


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def to_svg(spec: dict[str, Any], prefix: str) -> str:
    """The chart as an inline ``<svg>`` (vl-convert, offline); ids get ``prefix`` so two
    charts on one page do not share clip paths or gradients."""
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec)
    svg = svg[svg.find("<svg"):]
    for old in set(_SVG_ID.findall(svg)):
        svg = svg.replace(f'id="{old}"', f'id="{prefix}{old}"').replace(f"#{old})", f"#{prefix}{old})")
        svg = svg.replace(f'href="#{old}"', f'href="#{prefix}{old}"')
    return svg.replace("<svg ", '<svg role="img" ', 1)


# --------------------------------------------------------------------------- page


def _table(head: list[str], rows: list[list[str]], numeric_from: int) -> str:
    cols = "".join(f'<th scope="col"{" class=text-right" if i >= numeric_from else ""}>{esc(h)}</th>'
                   for i, h in enumerate(head))
    body = "\n".join("<tr>" + "".join(
        f'<td{" class=text-right" if i >= numeric_from else ""}>{c}</td>' for i, c in enumerate(r)) + "</tr>"
        for r in rows)
    return (f'<table class="table table-sm table-bordered copydesk-overview-table"><thead class="thead-light">'
            f"<tr>{cols}</tr></thead><tbody>\n{body}\n</tbody></table>")


def render(ov: Overview, validation_links: list[tuple[str, str]] | None = None) -> str:
    """The overview page (at the site root) as HTML."""
    sev = ov.by_severity
    cards = [
        ("articles", f"{ov.articles:,}"), ("words", f"{ov.words:,}"),
        ("findings", f"{ov.findings:,}"), (f"per {PER_WORDS:,} words", f"{ov.rate(ov.findings):.2f}"),
        ("errors", f"{sev['error']:,}"), ("warnings", f"{sev['warning']:,}"),
    ]
    if ov.ingest_errors:
        cards.append(("unreadable records", f"{ov.ingest_errors:,}"))
    stat = "".join(f'<div class="col-auto"><div class="copydesk-stat"><div class="copydesk-stat-value">{esc(v)}'
                   f'</div><div class="copydesk-stat-label">{esc(k)}</div></div></div>' for k, v in cards)
    parts = [
        '<h1 class="h3">Corpus overview</h1>',
        f'<p class="text-muted">{ov.articles:,} articles from {len(ov.sources):,} source'
        f'{"s" if len(ov.sources) != 1 else ""}{f" in {ov.files:,} files" if ov.files else ""}.'
        " Rates count findings per 1,000 words of title, lede and body.</p>",
        f'<div class="row mb-3">{stat}</div>',
    ]
    if validation_links:
        parts.append('<p>Validation results: ' + ", ".join(
            f'<a href="{esc(href)}">{esc(name)}</a>' for name, href in validation_links) + "</p>")
    parts.append('<div class="row"><div class="col-xl-6 copydesk-chart" id="chart-sources">'
                 + to_svg(source_chart_spec(ov), "src-") + "</div>"
                 '<div class="col-xl-6 copydesk-chart" id="chart-checks">'
                 + to_svg(family_chart_spec(ov), "chk-") + "</div></div>")
    if len(ov.sources) > MAX_SOURCES:
        parts.append(f'<p class="small text-muted">The chart shows the {MAX_SOURCES} sources with the highest '
                     "rates; the table lists all.</p>")
    checks = sorted({c for s in ov.sources for c in s.findings})
    parts.append('<h2 class="h5 mt-3">Per source</h2>')
    parts.append(_table(
        ["source", "articles", "words", "findings", f"per {PER_WORDS:,} words", *checks],
        [[esc(s.name), f"{s.articles:,}", f"{s.words:,}", f"{s.total:,}", f"{ov.rate(s.total, s.words):.2f}",
          *(f"{s.findings.get(c, 0):,}" for c in checks)] for s in ov.sources], 1))
    parts.append('<div class="row"><div class="col-lg-5"><h2 class="h5 mt-3">Top rules</h2>')
    parts.append(_table(["rule", "severity", "findings", "articles"],
                        [[f"<code>{esc(r['rule'])}</code>", esc(r["severity"]), f"{r['findings']:,}",
                          f"{r['articles']:,}"] for r in ov.top_rules], 2)
                 if ov.top_rules else "<p>No findings.</p>")
    parts.append('</div><div class="col-lg-7"><h2 class="h5 mt-3">Worst articles</h2>')
    parts.append(_table(["article", "source", "title", "errors", "findings", f"per {PER_WORDS:,} words"],
                        [[f'<a href="{esc(article_page(a["id"]))}">{esc(a["id"])}</a>', esc(a["source"]),
                          esc(a["title"][:90] + ("…" if len(a["title"]) > 90 else "")), f"{a['errors']:,}",
                          f"{a['findings']:,}", f"{a['rate']:.1f}"] for a in ov.worst], 3)
                 if ov.worst else "<p>No article has a finding.</p>")
    parts.append('<p class="small text-muted">Ordered by errors, then findings per 1,000 words.</p></div></div>')
    return page("copydesk: corpus overview", "\n".join(parts), "")
