"""One validation run, apart from the engines that execute it.

The run owns what every engine shares: which families run with which settings (defaults
< project-wide configuration < ``[checks.<family>]`` < suite kwargs), the two phases of
each family (copydesk/validators/base.py: statistics, then per-partition decisions),
the findings a run reports (configured severities, ``--select``/``--ignore``, records'
own ``copydesk_ignore``), one finding reported once, the changed-only filter, and the
evidence columns that tell each table row's findings (what GX expectations map over).

Engines (copydesk/backends/) import this module, never the reverse: the pandas engine
is `LocalExecutor` here (a whole corpus is one partition); the Spark engine computes the
same statistics by aggregation and the decisions partition-wise. No GX, no Spark here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from copydesk.rules import OFF, RuleNameError, RuleSelection, record_suppressions, suppressed
from copydesk.validators.base import Decision, Validator, all_validators

if TYPE_CHECKING:
    from copydesk.config import Config
    from copydesk.corpus.tables import Corpus
    from copydesk.model import Finding

SPAN_TABLES = ("paragraphs", "sentences")
TABLES = ("articles", *SPAN_TABLES)


class SuiteError(Exception):
    """A suite file cannot be read, names an expectation copydesk cannot resolve, or gives a
    family settings it rejects."""


@dataclass
class ExpectationOutcome:
    """One expectation's result, as the reports give it."""

    suite: str
    expectation: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    severity: str
    kwargs: dict[str, Any]
    check: str | None = None
    settings: dict[str, Any] | None = None
    exception: str | None = None


@dataclass
class RunResult:
    """What a run produced: every expectation's outcome, the reported findings, which
    backend each family used, and the Data Docs index when docs were built."""

    outcomes: list[ExpectationOutcome]
    findings: list[Finding]
    backends: dict[str, str] = field(default_factory=dict)
    docs_index: Path | None = None


def settings_key(settings: Mapping[str, Any] | None) -> str:
    return json.dumps(dict(settings or {}), sort_keys=True, default=str)


def evidence_column(check: str, settings: Mapping[str, Any] | None = None) -> str:
    """The column holding the evidence of `check` run with suite `settings`:
    ``<check>_evidence``, or with a short digest of the settings when a suite gives some
    (two expectations of one family with different settings flag different rows)."""
    if not settings:
        return f"{check}_evidence"
    digest = hashlib.sha1(settings_key(settings).encode("utf-8")).hexdigest()[:8]
    return f"{check}_evidence_{digest}"


# --------------------------------------------------------------------------- statistics

def decide_whole(validator: Validator, corpus: Corpus) -> Decision:
    """Both phases of one family over a whole corpus, as one partition."""
    return validator.decide(corpus, validator.local_statistics([corpus]))


def pool_source_shares(validator: Validator, articles: pd.DataFrame) -> None:
    """Add the family's per-source pooled columns (SourceShare) to `articles`, in place."""
    if not validator.source_shares or articles.empty:
        return
    source = articles["source"].fillna("").astype(str) if "source" in articles else pd.Series("", index=articles.index)
    for share in validator.source_shares:
        pooled = pd.DataFrame({"s": source, "n": articles[share.numerator].to_numpy(),
                               "d": articles[share.denominator].to_numpy()}).groupby("s").sum()
        ratio = (pooled["n"] / pooled["d"].where(pooled["d"] > 0)).fillna(0.0)
        articles[share.name] = source.map(ratio).astype(float).to_numpy()


def merge_article_columns(articles: pd.DataFrame, columns: pd.DataFrame | None, names: Iterable[str]) -> None:
    """Per-article columns of a decision onto `articles` (matched by id), 0 where an
    article has none; in place."""
    ids = articles["id"].astype(str)
    by_id = None
    if columns is not None and not columns.empty:
        by_id = columns.assign(id=columns["id"].astype(str)).drop_duplicates("id").set_index("id")
    for name in names:
        if by_id is None or name not in by_id:
            articles[name] = 0
        else:
            articles[name] = ids.map(by_id[name]).fillna(0).to_numpy()


def canonical_order(corpus: Corpus, findings: list[Finding]) -> list[Finding]:
    """Findings in the corpus's article order, then field, offset, rule and message: one
    order whatever engine, partitioning or number of workers produced them."""
    position = {a: i for i, a in enumerate(corpus.articles["id"].astype(str).tolist())}
    fields = {f: i for i, f in enumerate(("title", "lede", "body"))}
    return sorted(findings, key=lambda f: (position.get(f.article_id, len(position)), fields.get(f.field, 3),
                                           f.start, f.end, f.rule, f.message))


class Executor(Protocol):
    """What an engine does for a run: each family's decision over the whole corpus, and the
    records' own suppressions."""

    def decide(self, validator: Validator) -> Decision: ...

    def decide_many(self, validators: list[Validator]) -> list[Decision]:
        """Every family of a run at once, in order: an engine whose passes over the corpus
        cost more than the work in them (Spark: a job per pass) shares each pass among the
        families; one after the other otherwise."""
        ...

    def suppressions(self) -> dict[str, frozenset[str]]: ...


class LocalExecutor:
    """The pandas engine: the corpus in memory, one partition."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus

    def decide(self, validator: Validator) -> Decision:
        decision = decide_whole(validator, self.corpus)
        decision.findings = canonical_order(self.corpus, decision.findings)
        if validator.article_columns:
            merge_article_columns(self.corpus.articles, decision.columns, validator.article_columns)
            pool_source_shares(validator, self.corpus.articles)
        return decision

    def decide_many(self, validators: list[Validator]) -> list[Decision]:
        return [self.decide(v) for v in validators]

    def suppressions(self) -> dict[str, frozenset[str]]:
        return record_suppressions(self.corpus.articles, self._record_place)

    def _record_place(self, article_id: str) -> str:
        corpus = self.corpus
        line, _ = corpus.locate(article_id, "body", 0)
        file = corpus.articles.loc[corpus.articles["id"] == article_id, "file"]
        file = file.iloc[0] if len(file) and isinstance(file.iloc[0], str) else None
        where = f"{file}:{line}" if file and line else (file or "")
        return f"{where + ': ' if where else ''}article {article_id!r}"


# --------------------------------------------------------------------------- the run

class RunContext:
    """One validation run: the configuration, the rule selection, and each family's reported
    findings per distinct settings (memoised), executed by an engine's `Executor`."""

    def __init__(self, corpus: Corpus | None, config: Config | None = None,
                 selection: RuleSelection | None = None, executor: Executor | None = None):
        if executor is None:
            if corpus is None:
                raise ValueError("a run needs a corpus or an executor")
            executor = LocalExecutor(corpus)
        self.corpus = corpus
        self.config = config
        self.selection = selection or RuleSelection()
        self.executor = executor
        self._suppressed: dict[str, frozenset[str]] | None = None
        self._findings: dict[tuple[str, str], list[Finding]] = {}
        #: decisions made ahead by `prepare`, not yet reported: key -> (validator, decision)
        self._decided: dict[tuple[str, str], tuple[Validator, Decision]] = {}
        self.backends: dict[str, str] = {}

    def validator_settings(self, check: str, settings: Mapping[str, Any] | None) -> dict[str, Any]:
        """Validator defaults < project-wide config < [checks.<check>] config < suite kwargs."""
        merged: dict[str, Any] = {}
        if self.config is not None:
            registry = all_validators()
            if check in registry:
                merged.update(registry[check].settings_from_config(self.config))
            merged.update(self.config.check_settings(check))
        merged.update(settings or {})
        return merged

    def validator(self, check: str, settings: Mapping[str, Any] | None = None) -> Validator:
        registry = all_validators()
        if check not in registry:
            raise KeyError(f"unknown check family {check!r}; known: {', '.join(sorted(registry))}")
        try:
            return registry[check](**self.validator_settings(check, settings))
        except (TypeError, ValueError) as exc:  # a validator rejects its settings
            raise SuiteError(f"invalid settings for the {check} check ([checks.{check}] in the "
                             f"configuration or a suite's \"settings\"): {exc}") from exc

    def _key(self, check: str, settings: Mapping[str, Any] | None) -> tuple[str, str]:
        return check, settings_key(self.validator_settings(check, settings))

    def _skipped(self, check: str) -> bool:
        selected = self.selection.checks()
        return selected is not None and check not in selected

    def _runs(self, check: str, validator: Validator) -> bool:
        """A family runs unless --select/--ignore leave it no rule and it adds no
        per-article columns that suites may read."""
        return not self._skipped(check) or bool(validator.article_columns)

    def prepare(self, checks: Iterable[tuple[str, Mapping[str, Any] | None]]) -> None:
        """Decide every family `checks` will ask for in one go (Executor.decide_many), so
        an engine can share its passes over the corpus among them; `findings` then
        reports them."""
        todo: dict[tuple[str, str], Validator] = {}
        for check, settings in checks:
            key = self._key(check, settings)
            if key in self._findings or key in self._decided or key in todo:
                continue
            validator = self.validator(check, settings)
            if self._runs(check, validator):
                todo[key] = validator
        if todo:
            decisions = self.executor.decide_many(list(todo.values()))
            self._decided.update({k: (v, d) for (k, v), d in zip(todo.items(), decisions)})

    def findings(self, check: str, settings: Mapping[str, Any] | None = None) -> list[Finding]:
        """Run `check` once per distinct settings and remember the findings it reports
        (see `reported`). A check that --select/--ignore leaves no rule of is not run,
        unless it adds per-article columns that suites may read: then it runs and reports
        no findings."""
        key = self._key(check, settings)
        if key in self._findings:
            return self._findings[key]
        skipped = self._skipped(check)
        if key in self._decided:
            validator, decision = self._decided.pop(key)
        else:
            validator = self.validator(check, settings)
            if not self._runs(check, validator):
                self._findings[key] = []
                return []
            decision = self.executor.decide(validator)
        found = [] if skipped else self.reported(decision.findings)
        if validator.status:
            self.backends[check] = validator.status
        self._findings[key] = found
        return found

    def reported(self, found: list[Finding]) -> list[Finding]:
        """The findings a run reports: severities as the configuration sets them, without
        rules set to "off", rules --select/--ignore leave out, and rules a record switches
        off in its own `copydesk_ignore` field (copydesk/rules.py)."""
        if self._suppressed is None:
            try:
                self._suppressed = self.executor.suppressions()
            except RuleNameError as exc:
                raise SuiteError(str(exc)) from exc
        kept = []
        for f in found:
            if self.config is not None:
                f.severity = self.config.severity_for(f.check, f.rule, f.severity)
            if f.severity == OFF or not self.selection.allows(f.check, f.rule):
                continue
            if suppressed(self._suppressed.get(f.article_id), f.check, f.rule):
                continue
            kept.append(f)
        return kept

    def all_findings(self, checks: Iterable[tuple[str, Mapping[str, Any]]],
                     only_articles: set[str] | None = None) -> list[Finding]:
        """Every finding of `checks` once, in run order (a family run twice with different
        settings finds many things twice: same check, rule, place and message is one
        finding), restricted to `only_articles` when given (--changed-since)."""
        return dedupe((f for check, settings in checks for f in self.findings(check, settings)), only_articles)


def dedupe(findings: Iterable[Finding], only_articles: set[str] | None = None) -> list[Finding]:
    """Findings once each (same article, check, rule, span and message), in order; only those
    of `only_articles` when given."""
    unique = {(f.article_id, f.check, f.rule, f.field, f.start, f.end, f.message): f for f in findings}
    out = list(unique.values())
    if only_articles is not None:
        out = [f for f in out if f.article_id in only_articles]
    return out


def only_rows(frame: pd.DataFrame, table: str, only_articles: set[str] | None) -> pd.DataFrame:
    """The rows of a table that belong to `only_articles` (all rows when None)."""
    if only_articles is None:
        return frame
    return frame[frame["id" if table == "articles" else "article_id"].isin(only_articles)]


# --------------------------------------------------------------------------- evidence

def finding_rows(corpus: Corpus, table: str, findings: list[Finding]) -> pd.DataFrame:
    """Which table row holds each finding: columns `index` (the row's label) and
    `finding` (position in `findings`). Articles match by id, paragraphs and sentences
    by (article, field) and the finding's start offset."""
    frame = getattr(corpus, table)
    if table == "articles":
        hits = pd.DataFrame({"id": [f.article_id for f in findings], "finding": range(len(findings))})
        return frame[["id"]].reset_index().merge(hits, on="id")[["index", "finding"]]
    if table not in SPAN_TABLES:
        raise ValueError(f"unknown table {table!r}")
    hits = pd.DataFrame(
        [(f.article_id, f.field, f.start, i) for i, f in enumerate(findings)],
        columns=["article_id", "field", "pos", "finding"],
    ).sort_values("pos", kind="stable")
    rows = frame[["article_id", "field", "start", "end"]].reset_index().sort_values("start", kind="stable")
    # rows of one (article, field) are disjoint spans in order, so each finding lies in the
    # last row starting at or before it, if it ends after it: an as-of join costs
    # O((rows + findings) log) where joining every row of an article with every finding of
    # it cost rows x findings (gigabytes for one 5 MB record with a thousand findings)
    joined = pd.merge_asof(hits, rows, left_on="pos", right_on="start", by=["article_id", "field"],
                           direction="backward")
    inside = joined["start"].notna() & (joined["pos"] < joined["end"])
    return joined.loc[inside, ["index", "finding"]].astype("int64").sort_values("finding", kind="stable")


def _quoted(text: str) -> str:
    """“text”, unless it is a quotation already."""
    return text if text[:1] in "\"“'‘«" else f"“{text}”"


def evidence_message(finding: Finding, spans_on_articles: bool) -> str:
    """What one finding says in an evidence column: its message, after the flagged text
    when a span family's finding is told on the articles table."""
    return f"{_quoted(finding.text)} {finding.message}" if spans_on_articles else finding.message


def add_evidence_column(corpus: Corpus, check: str, table: str, findings: list[Finding],
                        column: str | None = None) -> None:
    """`column` (default `<check>_evidence`) on `table`: what is wrong with each flagged row,
    empty when clean. Articles get their findings' messages ("title says '60' but the body
    gives '50'"; a span finding's text first: "“Comments are closed.” boilerplate line");
    sentences and paragraphs get their text followed by why it was flagged. Expectations
    map over it (a row passes when it is empty), so Data Docs show the evidence."""
    frame = getattr(corpus, table)
    values = pd.Series("", index=frame.index, dtype=object)
    if findings:
        hits = finding_rows(corpus, table, findings)
        spans = table == "articles" and all_validators()[check].table != "articles"
        messages = [evidence_message(findings[i], spans) for i in hits["finding"]]
        why = pd.Series(messages, index=hits["index"].to_numpy()).groupby(level=0).agg(
            lambda m: "; ".join(dict.fromkeys(m)))
        if table == "articles":
            values.loc[why.index] = why.to_numpy()
        else:
            values.loc[why.index] = (frame.loc[why.index, "text"].astype(str) + "  ⟵  " + why).to_numpy()
    frame[column or f"{check}_evidence"] = values


def rows_with_findings(corpus: Corpus, table: str, findings: list[Finding]) -> pd.Index:
    """Index labels of the `table` rows that hold at least one of `findings`."""
    if not findings:
        return pd.Index([])
    return pd.Index(finding_rows(corpus, table, findings)["index"].unique())
