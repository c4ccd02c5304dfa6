"""`SparkExecutor`: the run's `Executor` (copydesk/run.py) over a Spark DataFrame of articles.

A family's statistics (copydesk/validators/base.py `Statistic`) are computed by
`mapInPandas` over partitions of whole articles, reduced with groupBy/agg exactly as
`Statistic.reduce` reduces them (sums added, `gather` values collected sorted and distinct,
`having` bounds on the summed column, distinct key rows when there is neither), finished
once on the driver and broadcast; a later statistic's rows read the earlier values from
the broadcast. The families of a run share each job (a job costs about half a second
before any work): every family's first statistic in one job, then every second one, each
row tagged with its statistic (`sid`), and all decisions in one job, a partition's corpus
built once for all of them. The decision runs by `mapInPandas` over the same partitions and returns
findings rows (every `Finding` field; `related` as JSON) and the per-article columns,
which stay in Spark (joined onto the articles table by `tables.py`). A family not yet
split into two phases (`whole_corpus_only`) runs on the driver over the collected
articles, with a note in the log.

Rows cross between Python and the JVM as JSON text where their types vary by family
(statistic keys and gathered values, `related`): JSON keeps str, int (also above 2**63,
e.g. uint64 hashes), float (NaN too), bool and None as they are, so the reduced frame
the driver finishes holds the values the pandas engine's frame holds.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pandas as pd

from copydesk.model import Finding
from copydesk.rules import record_suppressions
from copydesk.run import decide_whole
from copydesk.validators.base import Decision, Statistic, Validator

log = logging.getLogger("copydesk.spark")

#: columns of the articles DataFrame that are engine bookkeeping, not article fields:
#: input order (findings and the whole-corpus fallback keep the pandas engine's order) and
#: a page's removed furniture (copydesk/corpus/pages.py) as JSON
ORDER, FURNITURE = "_copydesk_order", "_copydesk_furniture"
PRIVATE = (ORDER, FURNITURE)

#: a statistic's partial rows; `sid` tells apart the statistics that share one pass
STAT_SCHEMA = "sid int, k string, si array<bigint>, sf array<double>, fl array<boolean>, g string"
#: a decision's rows; `sid` tells apart the families that share one pass
DECISION_SCHEMA = ("sid int, kind string, article_id string, check string, rule string, field string, "
                   "start bigint, end bigint, text string, message string, severity string, suggestion string, "
                   "file string, line bigint, related string, cols array<double>")


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def part_corpus(frame: pd.DataFrame):
    """A partition's articles (pandas, as Arrow hands them) as a copydesk Corpus: the
    bookkeeping columns taken off, `line` nullable integer as the readers give it, page
    furniture back in `Corpus.furniture`."""
    from copydesk.corpus.tables import Corpus

    frame = frame.reset_index(drop=True)
    furniture: dict[str, list[str]] = {}
    if FURNITURE in frame:
        furniture = {str(i): json.loads(v) for i, v in zip(frame["id"].tolist(), frame[FURNITURE].tolist())
                     if isinstance(v, str)}
    frame = frame.drop(columns=[c for c in PRIVATE if c in frame])
    if "line" in frame:
        frame["line"] = pd.array([None if pd.isna(v) else int(v) for v in frame["line"].tolist()], dtype="Int64")
    corpus = Corpus.from_frame(frame)
    corpus.furniture = furniture
    return corpus


def for_arrow(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with pandas' Arrow-backed string columns (pandas 3's default `str`) as plain
    object columns: pyspark's mapInPandas builds its Arrow batch from single-chunk arrays."""
    for c in frame.columns:
        if isinstance(frame[c].dtype, pd.StringDtype) or str(frame[c].dtype) in ("str", "string"):
            frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    return frame


def article_parts(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The non-empty Arrow batches of one Spark partition, each a part of whole articles
    (at most session.ARROW_BATCH_ROWS): a worker holds one part's tables at a time, so its
    memory follows the batch size, not the partition's (a partition of 125k articles, 1M
    in 8 shuffle partitions, held whole, took 4.2 GB per Python worker). Decisions are per
    article and findings are put in one order afterwards (run.canonical_order), so how the
    articles are split never changes a finding."""
    for batch in batches:
        if len(batch):
            yield batch.reset_index(drop=True)


# --------------------------------------------------------------------------- statistics

def encode_rows(stat: Statistic, rows: pd.DataFrame | None, sid: int = 0) -> pd.DataFrame:
    """A statistic's partial rows for the JVM: the key as a JSON list, each sum as an
    integer or a float (and which), the gathered value as JSON; `sid` numbers the
    statistic among those sharing the pass."""
    empty = pd.DataFrame({"sid": pd.Series(dtype="int32"), "k": pd.Series(dtype=object),
                          "si": pd.Series(dtype=object),
                          "sf": pd.Series(dtype=object), "fl": pd.Series(dtype=object),
                          "g": pd.Series(dtype=object)})
    if rows is None or not len(rows):
        return empty
    n = len(rows)
    keys = [rows[k].tolist() for k in stat.keys]
    k = [dumps(list(v)) for v in zip(*keys)] if keys else ["[]"] * n
    ints, floats, flags = [], [], []
    for name in stat.sums:
        col = rows[name]
        is_float = not pd.api.types.is_integer_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype)
        values = col.tolist()
        ints.append([0] * n if is_float else [int(v) for v in values])
        floats.append([float(v) for v in values] if is_float else [0.0] * n)
        flags.append(is_float)
    out = pd.DataFrame({"sid": pd.Series([sid] * n, dtype="int32"), "k": k})
    out["si"] = [list(v) for v in zip(*ints)] if ints else [[] for _ in range(n)]
    out["sf"] = [list(v) for v in zip(*floats)] if floats else [[] for _ in range(n)]
    out["fl"] = [list(flags)] * n
    out["g"] = [dumps(v) for v in rows[stat.gather].tolist()] if stat.gather else None
    return out


def reduce_many(stats: list[Statistic], encoded) -> list[pd.DataFrame]:
    """Statistic.reduce on Spark for statistics sharing one pass: the encoded partial rows
    grouped by (sid, key) in one job, each statistic's `having` bounds applied to its own
    rows, then each reduced frame (keys, sums, gather) rebuilt on the driver."""
    from pyspark.sql import functions as F

    width = max((len(s.sums) for s in stats), default=0)
    aggs = []
    for i in range(width):  # get(): NULL past the end of a statistic with fewer sums
        aggs += [F.sum(F.get("si", i)).alias(f"si{i}"), F.sum(F.get("sf", i)).alias(f"sf{i}"),
                 F.max(F.get("fl", i)).alias(f"fl{i}")]
    if any(s.gather for s in stats):
        aggs.append(F.collect_set("g").alias("g"))
    reduced = encoded.groupBy("sid", "k").agg(*aggs) if aggs else encoded.select("sid", "k").distinct()
    bounds = []  # (this statistic's rows, their `having` test)
    for sid, stat in enumerate(stats):
        if stat.having is None:
            continue
        column, low, high = stat.having
        i = stat.sums.index(column)
        total = F.col(f"si{i}").cast("double") + F.col(f"sf{i}")
        inside = F.lit(True)
        if low is not None:
            inside = inside & (total >= low)
        if high is not None:
            inside = inside & (total <= high)
        bounds.append((F.col("sid") == sid, inside))
    if bounds:
        test = F.when(*bounds[0])
        for rows_of, inside in bounds[1:]:
            test = test.when(rows_of, inside)
        reduced = reduced.filter(test.otherwise(F.lit(True)))
    rows: list[list] = [[] for _ in stats]
    for r in reduced.collect():
        rows[r["sid"]].append(r)
    return [_reduced_frame(stat, got) for stat, got in zip(stats, rows)]


def _reduced_frame(stat: Statistic, rows: list) -> pd.DataFrame:
    keys, sums = list(stat.keys), list(stat.sums)
    columns = [*keys, *sums, *([stat.gather] if stat.gather else [])]
    if not rows:
        return pd.DataFrame(columns=columns)
    data: dict[str, list] = {}
    decoded = [json.loads(r["k"]) for r in rows]
    for j, key in enumerate(keys):
        data[key] = [d[j] for d in decoded]
    for i, name in enumerate(sums):
        is_float = any(r[f"fl{i}"] for r in rows)
        data[name] = [r[f"sf{i}"] if is_float else int(r[f"si{i}"]) for r in rows]
    if stat.gather:
        data[stat.gather] = [sorted({json.loads(g) for g in r["g"]}) for r in rows]
    return pd.DataFrame(data, columns=columns)


# --------------------------------------------------------------------------- decisions

def finding_rows(findings: list[Finding]) -> dict[str, list]:
    names = ("article_id", "check", "rule", "field", "start", "end", "text", "message", "severity",
             "suggestion", "file", "line")
    cols: dict[str, list] = {n: [getattr(f, n) for f in findings] for n in names}
    cols["line"] = [None if v is None or pd.isna(v) else int(v) for v in cols["line"]]
    cols["related"] = [None if f.related is None else dumps(f.related) for f in findings]
    return cols


def decision_frame(validator: Validator, decision: Decision, sid: int = 0) -> pd.DataFrame:
    """A decision as rows of DECISION_SCHEMA: kind "f" (a finding), "c" (an article's
    columns, in `validator.article_columns` order) and "s" (the family's status); `sid`
    numbers the family among those sharing the pass."""
    cols = finding_rows(decision.findings)
    n = len(decision.findings)
    parts = [pd.DataFrame({"kind": pd.Series(["f"] * n, dtype=object),
                           **{k: pd.Series(v, dtype="Int64" if k in ("start", "end", "line") else object)
                              for k, v in cols.items()},
                           "cols": pd.Series([None] * n, dtype=object)})]
    names = validator.article_columns
    if names and decision.columns is not None and len(decision.columns):
        c = decision.columns.assign(id=decision.columns["id"].astype(str)).drop_duplicates("id")
        values = [c[n].astype(float).tolist() if n in c else [0.0] * len(c) for n in names]
        parts.append(pd.DataFrame({"kind": pd.Series(["c"] * len(c), dtype=object),
                                   "article_id": pd.Series(c["id"].tolist(), dtype=object),
                                   "cols": pd.Series([list(v) for v in zip(*values)], dtype=object)}))
    if validator.status:
        parts.append(pd.DataFrame({"kind": pd.Series(["s"], dtype=object),
                                   "message": pd.Series([validator.status], dtype=object)}))
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    out.insert(0, "sid", pd.Series([sid] * len(out), dtype="int32"))
    return out


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Concatenated decision frames with one type per column (missing values None)."""
    for name in frame.columns:
        if name in ("start", "end", "line"):
            frame[name] = frame[name].astype("Int64")
        elif name == "sid":
            frame[name] = frame[name].astype("int32")
        else:
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame


def read_findings(rows) -> list[Finding]:
    out = []
    for r in rows:
        related = r["related"]
        out.append(Finding(
            article_id=r["article_id"], check=r["check"], rule=r["rule"], field=r["field"],
            start=int(r["start"]), end=int(r["end"]), text=r["text"], message=r["message"],
            severity=r["severity"], suggestion=r["suggestion"], file=r["file"],
            line=None if r["line"] is None else int(r["line"]),
            related=None if related is None else json.loads(related),
        ))
    return out


class SparkExecutor:
    """The run over a Spark DataFrame of articles (one row per article, any partitioning:
    every partition holds whole articles).

    `local` is the pandas Corpus of the same articles when the driver has it already
    (inputs read by copydesk's own readers): the whole-corpus fallback and the records'
    suppressions use it; otherwise they collect the articles they need.
    """

    def __init__(self, spark, articles, local=None, note=None):
        self.spark = spark
        self.articles = articles
        self.local = local
        self.note = note or (lambda message: log.info(message))
        #: per-article columns decided so far: column name -> Spark DataFrame (id, name)
        self.article_columns: dict[str, Any] = {}
        #: source-pooled shares to add: (SourceShare, its family's columns DataFrame)
        self.shares: dict[str, Any] = {}

    # ------------------------------------------------------------------ the protocol
    def decide(self, validator: Validator) -> Decision:
        return self.decide_many([validator])[0]

    def decide_many(self, validators: list[Validator]) -> list[Decision]:
        """The families' decisions, sharing Spark jobs: one per statistic level (every
        family's first statistic in one job, then every second one, ...) and one for all
        decisions, each building a partition's tables once for all families."""
        decisions: list[Decision | None] = [None] * len(validators)
        phased = []
        for i, validator in enumerate(validators):
            if validator.whole_corpus_only:
                decisions[i] = self._decide_on_driver(validator)
            else:
                phased.append(i)
        if phased:
            group = [validators[i] for i in phased]
            for i, decision in zip(phased, self._decide_partitions(group, self.statistics(group))):
                decisions[i] = decision
        return decisions  # type: ignore[return-value]

    def _decide_on_driver(self, validator: Validator) -> Decision:
        self.note(f"{validator.check}: not yet split into statistics and decisions; "
                  "running it on the driver over the collected articles")
        decision = decide_whole(validator, self.driver_corpus())
        if validator.article_columns:
            self._keep_columns(validator, self._columns_from_pandas(validator, decision.columns))
        return Decision(decision.findings)

    def suppressions(self) -> dict[str, frozenset[str]]:
        from copydesk.rules import IGNORE_FIELD

        if self.local is not None:
            from copydesk.run import LocalExecutor

            return LocalExecutor(self.local).suppressions()
        if IGNORE_FIELD not in self.articles.columns:
            return {}
        from pyspark.sql import functions as F

        rows = (self.articles.filter(F.col(IGNORE_FIELD).isNotNull())
                .select("id", IGNORE_FIELD, "file", "line").toPandas())
        places = {str(i): (f"{f}:{n}" if isinstance(f, str) and not pd.isna(n) else (f if isinstance(f, str) else ""))
                  for i, f, n in zip(rows["id"], rows["file"], rows["line"])}
        return record_suppressions(rows, lambda a: f"{places[a] + ': ' if places.get(a) else ''}article {a!r}")

    # ------------------------------------------------------------------ phases
    def statistics(self, validators: list[Validator]) -> list[dict[str, Any]]:
        """Every statistic of each of `validators`, reduced in Spark and finished on the
        driver in each family's order (as Validator.local_statistics): level by level, a
        level's statistics of every family in one job; a later statistic's rows read the
        earlier values of its own family from a broadcast."""
        plans = [v.statistics() for v in validators]
        values: list[dict[str, Any]] = [{} for _ in validators]
        sc = self.spark.sparkContext
        for level in range(max((len(p) for p in plans), default=0)):
            group = [(j, plan[level]) for j, plan in enumerate(plans) if len(plan) > level]
            earlier = sc.broadcast(values)

            def rows(batches, group=group, earlier=earlier):
                for frame in article_parts(batches):
                    part = part_corpus(frame)
                    yield for_arrow(pd.concat([encode_rows(stat, stat.rows(part, earlier.value[j]), sid)
                                               for sid, (j, stat) in enumerate(group)], ignore_index=True))

            reduced = reduce_many([stat for _, stat in group], self.articles.mapInPandas(rows, STAT_SCHEMA))
            for (j, stat), frame in zip(group, reduced):
                values[j] = {**values[j], stat.name: stat.finish(frame, values[j])}
            earlier.unpersist()
        return values

    def _decide_partitions(self, validators: list[Validator], values: list[dict[str, Any]]) -> list[Decision]:
        """Every family's decision in one job over the partitions, part by part
        (article_parts); the run puts the findings in one order (run.canonical_order)."""
        from pyspark import StorageLevel
        from pyspark.sql import functions as F

        stats = self.spark.sparkContext.broadcast(values)

        def decide(batches):
            for frame in article_parts(batches):
                part = part_corpus(frame)
                yield for_arrow(normalised(pd.concat(
                    [decision_frame(v, v.decide(part, stats.value[sid]), sid) for sid, v in enumerate(validators)],
                    ignore_index=True)))

        out = self.articles.mapInPandas(decide, DECISION_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
        decisions = []
        try:
            by_family: list[list] = [[] for _ in validators]
            for r in out.filter(F.col("kind") != "c").collect():
                by_family[r["sid"]].append(r)
            for sid, (validator, mine) in enumerate(zip(validators, by_family)):
                status = next((r["message"] for r in mine if r["kind"] == "s" and r["message"]), "")
                if status:
                    validator.status = status
                if validator.article_columns:
                    names = validator.article_columns
                    columns = out.filter((F.col("kind") == "c") & (F.col("sid") == sid)).select(
                        F.col("article_id").alias("id"), *[F.col("cols")[i].alias(n) for i, n in enumerate(names)])
                    self._keep_columns(validator, columns.dropDuplicates(["id"]).localCheckpoint(eager=True))
                decisions.append(Decision(read_findings([r for r in mine if r["kind"] == "f"])))
        finally:
            out.unpersist()
            stats.unpersist()
        return decisions

    # ------------------------------------------------------------------ per-article columns
    def _columns_from_pandas(self, validator: Validator, columns: pd.DataFrame | None):
        names = list(validator.article_columns)
        schema = "id string, " + ", ".join(f"`{n}` double" for n in names)
        if columns is None or not len(columns):
            return self.spark.createDataFrame([], schema)
        c = columns.assign(id=columns["id"].astype(str)).drop_duplicates("id")
        frame = pd.DataFrame({"id": c["id"], **{n: (c[n].astype(float) if n in c else 0.0) for n in names}})
        return self.spark.createDataFrame(frame, schema)

    def _keep_columns(self, validator: Validator, columns) -> None:
        for name in validator.article_columns:
            self.article_columns[name] = columns.select("id", name)
        for share in validator.source_shares:
            self.shares[share.name] = share

    def articles_with_columns(self):
        """The articles DataFrame with every decided per-article column (0 where an
        article has none, as run.merge_article_columns) and the source-pooled shares (as
        run.pool_source_shares: sum(numerator) / sum(denominator) per source, 0 when the
        denominator is 0; a missing source pools with the empty one)."""
        from pyspark.sql import functions as F

        frame = self.articles
        for name, columns in self.article_columns.items():
            if name in frame.columns:
                frame = frame.drop(name)
            frame = frame.join(columns, on="id", how="left").fillna(0.0, subset=[name])
        for name, share in self.shares.items():
            source = F.coalesce(F.col("source").cast("string"), F.lit(""))
            pooled = (frame.groupBy(source.alias("_s"))
                      .agg(F.sum(share.numerator).alias("_n"), F.sum(share.denominator).alias("_d"))
                      .select("_s", F.when(F.col("_d") > 0, F.col("_n") / F.col("_d")).otherwise(F.lit(0.0))
                              .alias(name)))
            if name in frame.columns:
                frame = frame.drop(name)
            frame = (frame.withColumn("_s", source).join(F.broadcast(pooled), on="_s", how="left")
                     .drop("_s").fillna(0.0, subset=[name]))
        return frame.orderBy(ORDER) if ORDER in frame.columns else frame

    # ------------------------------------------------------------------ the driver's copy
    def driver_corpus(self):
        """The articles as one pandas Corpus on the driver (the whole-corpus fallback)."""
        if self.local is None:
            frame = self.articles.orderBy(ORDER).toPandas() if ORDER in self.articles.columns \
                else self.articles.toPandas()
            self.local = part_corpus(frame)
        return self.local
