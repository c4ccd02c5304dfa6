"""Counts of findings per rule, per source and per file (``check --statistics``, the JSON
report's ``summary``, the GitHub step summary), most first, like ``ruff --statistics``."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copydesk.corpus.tables import Corpus

NO_SOURCE = "(no source)"
NO_FILE = "(no file)"


def article_sources(corpus: Corpus) -> dict[str, str]:
    """Article id -> source (outlet), NO_SOURCE where the record names none."""
    arts = corpus.articles
    return {str(i): s if isinstance(s, str) and s.strip() else NO_SOURCE
            for i, s in zip(arts["id"].tolist(), arts["source"].tolist())}


def _sorted(counts: Counter, key: str) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def statistics(findings: list[dict[str, Any]], sources: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """``by_rule`` (rule, severity, findings, articles), ``by_source`` (source, findings,
    articles) and ``by_file`` (file, findings), each sorted by count, then name."""
    rules: Counter = Counter()
    rule_articles: dict[str, set[str]] = {}
    severity: dict[str, str] = {}
    per_source: Counter = Counter()
    source_articles: dict[str, set[str]] = {}
    per_file: Counter = Counter()
    for f in findings:
        code = f"{f['check']}/{f['rule']}"
        rules[code] += 1
        rule_articles.setdefault(code, set()).add(f["article_id"])
        severity.setdefault(code, f["severity"])
        source = sources.get(f["article_id"], NO_SOURCE)
        per_source[source] += 1
        source_articles.setdefault(source, set()).add(f["article_id"])
        per_file[f.get("file") or NO_FILE] += 1
    return {
        "by_rule": [{"rule": r, "severity": severity[r], "findings": n, "articles": len(rule_articles[r])}
                    for r, n in _sorted(rules, "rule")],
        "by_source": [{"source": s, "findings": n, "articles": len(source_articles[s])}
                      for s, n in _sorted(per_source, "source")],
        "by_file": [{"file": p, "findings": n} for p, n in _sorted(per_file, "file")],
    }
