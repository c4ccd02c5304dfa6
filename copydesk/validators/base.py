"""The engine-free check API: a Validator turns a Corpus into Findings, in two phases.

Modelled on datatrove's filters: one class per check family, every threshold a named,
typed setting with its default and where it comes from (copydesk/settings.py), a
docstring citing where each rule comes from, and a message (the reason) on every finding.
Validators never import GX or Spark; copydesk/run.py runs them and the engines in
copydesk/backends/ execute the run.

Two phases, so that one family's code runs whole-corpus in pandas and partition-wise on
Spark (the engine split of pandera's backends, the map/reduce of datatrove's executors):

1. *Statistics* (`statistics()`): the corpus-wide context a family needs (vocabulary
   counts, per-source line counts, story-version signatures), each a `Statistic`: rows
   computed per partition of whole articles, reduced by key (sums, gathered values, a
   `having` bound), then finished once into a value. A later statistic's rows may read the
   earlier ones' values (the second pass of a two-pass count).
2. *Decision* (`decide(part, stats)`): the findings of the articles of one partition,
   reading the statistics' values only; a partition is any set of whole articles, so the
   findings of the parts are the findings of the whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from copydesk.settings import FamilySettings

if TYPE_CHECKING:
    import pandas as pd

    from copydesk.corpus.tables import Corpus
    from copydesk.model import Finding


@dataclass(frozen=True)
class Rule:
    """A rule inside a check family, as `copydesk explain` shows it."""

    name: str
    severity: str
    summary: str
    why: str
    example: str = ""


def _same(frame: pd.DataFrame, stats: Mapping[str, Any]) -> pd.DataFrame:
    return frame


@dataclass(frozen=True)
class Statistic:
    """One mergeable corpus-wide statistic of a family.

    `rows(part, stats)` gives a partition's partial rows (a DataFrame holding `keys`, the
    `sums` columns and the `gather` column); the engine concatenates the partitions' rows
    and reduces them per key: `sums` are added, `gather` values are collected into a sorted
    list of distinct values, and with `having=(column, low, high)` only the groups whose
    summed `column` lies within [low, high] (either bound None: open) are kept. With no
    sums and no gather the reduction keeps the distinct key rows. `finish(frame, stats)`
    turns the reduced frame (columns keys + sums + gather, any order of rows) into the
    value `decide` reads as `stats[name]`; it runs once, on the driver.

    Partitions hold whole articles, so a per-article count summed over partitions is the
    corpus's count (e.g. the articles of a source that have a line).
    """

    name: str
    rows: Callable[[Corpus, Mapping[str, Any]], pd.DataFrame]
    keys: tuple[str, ...]
    sums: tuple[str, ...] = ()
    gather: str | None = None
    having: tuple[str, int | None, int | None] | None = None
    finish: Callable[[pd.DataFrame, Mapping[str, Any]], Any] = _same

    def reduce(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The partitions' rows (concatenated) reduced by key, in pandas: the reference the
        Spark engine's groupBy/agg follows. Groups come in the order their keys first
        appear; `having` is applied before the gather, so only kept groups are gathered."""
        import numpy as np
        import pandas as pd

        keys = list(self.keys)
        if rows.empty:
            return pd.DataFrame(columns=[*keys, *self.sums, *([self.gather] if self.gather else [])])
        if not self.sums and not self.gather:
            return rows[keys].drop_duplicates(ignore_index=True)
        grouped = rows.groupby(keys, sort=False, dropna=False)
        out = grouped[list(self.sums)].sum() if self.sums else pd.DataFrame(index=grouped.size().index)
        keep = np.ones(len(out), dtype=bool)
        if self.having is not None:
            column, low, high = self.having
            values = out[column].to_numpy()
            if low is not None:
                keep &= values >= low
            if high is not None:
                keep &= values <= high
            out = out[keep]
        if self.gather:
            gathered = _gathered(grouped.ngroup().to_numpy(), rows[self.gather].to_numpy(), keep)
            out = out.assign(**{self.gather: gathered})
        return out.reset_index()


def _gathered(codes, values, keep) -> np.ndarray:
    """For each group kept (`keep[code]`), the sorted distinct `values` of its rows (rows
    belong to group `codes[i]`), in group order: Statistic.reduce's gather, vectorised
    (one sort instead of a Python call per group)."""
    import numpy as np
    import pandas as pd

    wanted = keep[codes]
    pairs = pd.DataFrame({"g": codes[wanted], "v": values[wanted]}).drop_duplicates()
    pairs = pairs.sort_values(["g", "v"], kind="stable")
    kept = np.flatnonzero(keep)
    out = np.empty(len(kept), dtype=object)  # one list per kept group (not a 2-D array)
    if len(kept):
        counts = np.bincount(pairs["g"].to_numpy(), minlength=len(keep))[kept]
        out[:] = [chunk.tolist() for chunk in np.split(pairs["v"].to_numpy(), np.cumsum(counts)[:-1])]
    return out


@dataclass
class Decision:
    """What a family decides for one partition: its findings and, optionally, per-article
    columns (a DataFrame with an `id` column) that suites may set expectations on."""

    findings: list[Finding]
    columns: pd.DataFrame | None = None


@dataclass(frozen=True)
class SourceShare:
    """A per-article column pooled over the article's source after the decision:
    `name` = sum(numerator) / sum(denominator) over the source's articles (0 when the
    denominator is 0), computed by the engine from the decided per-article columns."""

    name: str
    numerator: str
    denominator: str


@dataclass(frozen=True)
class ExpectationSpec:
    """The GX expectation of a family, generated by the GX backend from this: its class
    name (GX names it in snake_case: ExpectParagraphsToHaveNoBoilerplate is
    `expect_paragraphs_to_have_no_boilerplate`), its one-line docstring and the sentence
    Data Docs render."""

    class_name: str
    doc: str
    sentence: str


class Validator:
    """Base class. Subclasses set `check`, `table`, `rules`, `expectation`, `Settings` and
    implement `decide` (and `statistics` when they need corpus-wide context).

    `table` names the corpus table whose rows the GX expectation maps over
    ("paragraphs", "sentences" or "articles"); a row is unexpected when a finding of
    this check falls inside it.
    """

    check: ClassVar[str]
    table: ClassVar[str]
    rules: ClassVar[dict[str, Rule]]
    expectation: ClassVar[ExpectationSpec]
    Settings: ClassVar[type[FamilySettings]] = FamilySettings
    #: per-article columns pooled per source after the decision (see SourceShare)
    source_shares: ClassVar[tuple[SourceShare, ...]] = ()
    #: names of the per-article columns `decide` returns, so that a run that skips the
    #: family (--select) can still add them, empty
    article_columns: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        cls.whole_corpus_only = cls.run is not Validator.run

    def __init__(self, **settings: Any):
        self.options = self.Settings.build(self.check, settings)
        self.settings: dict[str, Any] = self.options.as_dict()
        self.status = ""

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Named settings and their defaults."""
        return cls.Settings.defaults()

    @classmethod
    def settings_from_config(cls, config: Any) -> dict[str, Any]:
        """Settings this family takes from project-wide configuration (a copydesk.config.Config,
        not its own [checks.<family>] table), e.g. a server URL; none by default."""
        return {}

    def statistics(self) -> list[Statistic]:
        """The family's corpus-wide statistics, in the order they are computed; none by default."""
        return []

    #: a family that has not yet split its work into the two phases (it overrides `run`
    #: instead): the engines run it on the whole corpus at once
    whole_corpus_only: ClassVar[bool] = False

    def decide(self, part: Corpus, stats: Mapping[str, Any]) -> Decision:
        if type(self).run is not Validator.run:  # a family written as one whole-corpus `run`
            return Decision(self.run(part))
        raise NotImplementedError  # pragma: no cover - abstract

    def local_statistics(self, parts: Iterable[Corpus],
                         map_rows: Callable[[Statistic, list, dict], list] | None = None) -> dict[str, Any]:
        """Every statistic over `parts` (partitions of whole articles, in memory), reduced
        and finished in order; a later statistic's rows see the earlier values.
        `map_rows(stat, parts, values)` computes the parts' rows (default: one after the
        other here; copydesk/backends/local.py maps them over worker processes)."""
        import pandas as pd

        parts = list(parts)
        values: dict[str, Any] = {}
        for stat in self.statistics():
            rows = (map_rows(stat, parts, values) if map_rows is not None
                    else [stat.rows(part, values) for part in parts])
            rows = [r for r in rows if r is not None and len(r)]
            frame = pd.concat(rows, ignore_index=True) if len(rows) > 1 else rows[0] if rows else pd.DataFrame()
            values[stat.name] = stat.finish(stat.reduce(frame), values)
        return values

    def run(self, corpus: Corpus) -> list[Finding]:
        """Both phases over one whole corpus, as one partition (the pandas engine; tests)."""
        return self.decide(corpus, self.local_statistics([corpus])).findings

    def severity(self, rule: str) -> str:
        return self.rules[rule].severity


REGISTRY: dict[str, type[Validator]] = {}


def register(cls: type[Validator]) -> type[Validator]:
    REGISTRY[cls.check] = cls
    return cls


def all_validators() -> dict[str, type[Validator]]:
    """Every check family, imported on demand (validators are cheap to import)."""
    from copydesk import validators  # noqa: F401  (registers the families)

    return dict(REGISTRY)
