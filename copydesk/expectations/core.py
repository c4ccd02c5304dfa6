"""The GX adapter: custom expectations whose metrics read copydesk validator findings.

Validators (copydesk/validators/) are plain Python and run once per run, before GX,
inside a `RunContext` (corpus-wide context such as vocabulary counts is built there
once). Each custom expectation is a `ColumnMapExpectation` over one corpus table
(paragraphs, sentences or articles); its metric marks a row unexpected when a finding
of the expectation's check family falls inside that row's span. So GX computes counts,
`mostly` tolerances, row conditions and Data Docs, while the validators stay
engine-free (pandera's backend split) and testable without GX.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Optional, Tuple

import pandas as pd
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics import ColumnMapMetricProvider, column_condition_partial
from great_expectations.render import RenderedStringTemplateContent
from great_expectations.render.renderer.renderer import renderer
from great_expectations.render.components import LegacyRendererType

from copydesk.rules import OFF, RuleNameError, RuleSelection, record_suppressions, suppressed
from copydesk.validators.base import Validator, all_validators

if TYPE_CHECKING:
    from copydesk.config import Config
    from copydesk.corpus.tables import Corpus
    from copydesk.model import Finding

SPAN_TABLES = ("paragraphs", "sentences")


class RunContextError(RuntimeError):
    """A copydesk expectation was evaluated outside a copydesk run."""


def settings_key(settings: dict[str, Any] | None) -> str:
    return json.dumps(settings or {}, sort_keys=True, default=str)


class RunContext:
    """One validation run: the corpus, the config, and each validator's findings (memoised)."""

    def __init__(self, corpus: Corpus, config: Config | None = None, selection: RuleSelection | None = None):
        self.corpus = corpus
        self.config = config
        self.selection = selection or RuleSelection()
        self._suppressed: dict[str, frozenset[str]] | None = None
        self._findings: dict[tuple[str, str], list[Finding]] = {}
        self._rows: dict[tuple[str, str, str], pd.Index] = {}
        self.backends: dict[str, str] = {}

    def validator_settings(self, check: str, settings: dict[str, Any] | None) -> dict[str, Any]:
        """Validator defaults < project-wide config < [checks.<check>] config < suite kwargs."""
        merged: dict[str, Any] = {}
        if self.config is not None:
            registry = all_validators()
            if check in registry:
                merged.update(registry[check].settings_from_config(self.config))
            merged.update(self.config.check_settings(check))
        merged.update(settings or {})
        return merged

    def findings(self, check: str, settings: dict[str, Any] | None = None) -> list[Finding]:
        """Run `check` once per distinct settings and remember the findings it reports
        (see `reported`). A check that --select/--ignore leaves no rule of is not run,
        unless it adds columns that suites may read (`annotate`): then it runs and
        annotates with no findings."""
        merged = self.validator_settings(check, settings)
        key = (check, settings_key(merged))
        selected = self.selection.checks()
        if key not in self._findings and selected is not None and check not in selected:
            cls = all_validators().get(check)
            if cls is not None and getattr(cls, "annotate", None) is Validator.annotate:
                self._findings[key] = []
        if key not in self._findings:
            registry = all_validators()
            if check not in registry:
                raise KeyError(f"unknown check family {check!r}; known: {', '.join(sorted(registry))}")
            try:
                validator = registry[check](**merged)
            except (TypeError, ValueError) as exc:  # a validator rejects its settings in __init__
                from copydesk.engine import SuiteError

                raise SuiteError(f"invalid settings for the {check} check ([checks.{check}] in the "
                                 f"configuration or a suite's \"settings\"): {exc}") from exc
            found = self.reported(validator.run(self.corpus))
            annotate = getattr(validator, "annotate", None)
            if annotate is not None:
                annotate(self.corpus, found)
            status = getattr(validator, "status", None)
            if status:
                self.backends[check] = status
            self._findings[key] = found
        return self._findings[key]

    def reported(self, found: list[Finding]) -> list[Finding]:
        """The findings a run reports: severities as the configuration sets them, without
        rules set to "off", rules --select/--ignore leave out, and rules a record switches
        off in its own `copydesk_ignore` field (copydesk/rules.py)."""
        if self._suppressed is None:
            try:
                self._suppressed = record_suppressions(self.corpus.articles, self._record_place)
            except RuleNameError as exc:
                from copydesk.engine import SuiteError

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

    def _record_place(self, article_id: str) -> str:
        line, _ = self.corpus.locate(article_id, "body", 0)
        file = self.corpus.articles.loc[self.corpus.articles["id"] == article_id, "file"]
        file = file.iloc[0] if len(file) and isinstance(file.iloc[0], str) else None
        where = f"{file}:{line}" if file and line else (file or "")
        return f"{where + ': ' if where else ''}article {article_id!r}"

    def flagged_rows(self, check: str, table: str, settings: dict[str, Any] | None) -> pd.Index:
        """Index labels of `table` rows that contain at least one finding of `check`."""
        key = (check, table, settings_key(self.validator_settings(check, settings)))
        if key not in self._rows:
            self._rows[key] = rows_with_findings(self.corpus, table, self.findings(check, settings))
        return self._rows[key]


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


def rows_with_findings(corpus: Corpus, table: str, findings: list[Finding]) -> pd.Index:
    """Index labels of the `table` rows that hold at least one of `findings`."""
    if not findings:
        return pd.Index([])
    return pd.Index(finding_rows(corpus, table, findings)["index"].unique())


def add_evidence_column(corpus: Corpus, check: str, table: str, findings: list[Finding]) -> None:
    """`<check>_evidence` on `table`: what is wrong with each flagged row, empty when
    clean. Articles get their findings' messages ("title says '60' but the body gives
    '50'"; a span finding's text first: "“Comments are closed.” boilerplate line");
    sentences and paragraphs get their text followed by why it was flagged.
    Expectations map over it, so Data Docs show the evidence, not just the text."""
    frame = getattr(corpus, table)
    column = pd.Series("", index=frame.index, dtype=object)
    if findings:
        hits = finding_rows(corpus, table, findings)
        spans = table == "articles" and all_validators()[check].table != "articles"
        messages = [f"{_quoted(f.text)} {f.message}" if spans else f.message
                    for f in (findings[i] for i in hits["finding"])]
        why = pd.Series(messages, index=hits["index"].to_numpy()).groupby(level=0).agg(
            lambda m: "; ".join(dict.fromkeys(m)))
        if table == "articles":
            column.loc[why.index] = why.to_numpy()
        else:
            column.loc[why.index] = (frame.loc[why.index, "text"].astype(str) + "  ⟵  " + why).to_numpy()
    frame[f"{check}_evidence"] = column


_ACTIVE: list[RunContext] = []


@contextlib.contextmanager
def active(ctx: RunContext) -> Iterator[RunContext]:
    """Make `ctx` the run the custom metrics read from."""
    _ACTIVE.append(ctx)
    try:
        yield ctx
    finally:
        _ACTIVE.pop()


def current() -> RunContext:
    if not _ACTIVE:
        raise RunContextError(
            "copydesk expectations read the findings of a copydesk run: call them through "
            "`copydesk check` or copydesk.engine.validate_corpus()"
        )
    return _ACTIVE[-1]


class CopydeskRowsClean(ColumnMapMetricProvider):
    """True for rows of the batch that carry no finding of the given check family."""

    condition_metric_name = "copydesk.rows_clean"
    condition_value_keys = ("check", "corpus_table", "settings")

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, check=None, corpus_table=None, settings=None, **kwargs):
        flagged = current().flagged_rows(check, corpus_table, settings)
        return ~column.index.isin(flagged)


class CopydeskExpectation(ColumnMapExpectation):
    """Base of copydesk's custom expectations: one check family over one table.

    Subclasses fix `check` and `corpus_table` (pydantic fields with defaults; the suite
    that holds the expectation must validate that table), `column`
    (the short text shown as unexpected value) and `sentence`, which the prescriptive
    renderer turns into Data Docs prose. `settings` passes validator settings (the
    same names as `copydesk explain CHECK` lists) from the suite.
    """

    check: str
    corpus_table: str
    settings: dict = {}
    sentence: ClassVar[str] = "rows must pass the check"

    map_metric: ClassVar[str] = "copydesk.rows_clean"
    success_keys: ClassVar[Tuple[str, ...]] = ("mostly", "check", "corpus_table", "settings")
    args_keys: ClassVar[Tuple[str, ...]] = ("column",)

    @classmethod
    @renderer(renderer_type=LegacyRendererType.PRESCRIPTIVE)
    def _prescriptive_renderer(
        cls,
        configuration=None,
        result=None,
        runtime_configuration: Optional[dict] = None,
        **kwargs,
    ):
        kw = configuration.kwargs if configuration else {}
        params = {"column": kw.get("column"), "mostly": kw.get("mostly")}
        template = cls.sentence
        mostly = kw.get("mostly")
        if mostly is not None and mostly < 1:
            params["mostly_pct"] = f"{mostly * 100:g}"
            template += ", in at least $mostly_pct % of rows"
        return [
            RenderedStringTemplateContent(
                content_block_type="string_template",
                string_template={
                    "template": template + ".",
                    "params": params,
                    "styling": (runtime_configuration or {}).get("styling"),
                },
            )
        ]
