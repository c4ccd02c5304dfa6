"""`SparkExecutor`: the run's `Executor` (copydesk/run.py) over a Spark DataFrame of articles.

A family's statistics (copydesk/validators/base.py `Statistic`) are computed by
`mapInPandas` over partitions of whole articles, reduced with groupBy/agg exactly as
`Statistic.reduce` reduces them (sums added, `gather` values collected sorted and distinct,
`having` bounds on the summed column, distinct key rows when there is neither), finished
once on the driver and broadcast; a later statistic's rows read the earlier values from
the broadcast. The decision runs by `mapInPandas` over the same partitions and returns
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

STAT_SCHEMA = "k string, si array<bigint>, sf array<double>, fl array<boolean>, g string"
DECISION_SCHEMA = ("kind string, article_id string, check string, rule string, field string, start bigint, "
                   "end bigint, text string, message string, severity string, suggestion string, file string, "
                   "line bigint, related string, cols array<double>")


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


def _whole_batches(batches: Iterator[pd.DataFrame]) -> pd.DataFrame | None:
    """The Arrow batches of one Spark partition as one frame (None when empty): a partition
    of whole articles either way, fewer and larger ones cost less per family."""
    frames = [b for b in batches if len(b)]
    if not frames:
        return None
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- statistics

def encode_rows(stat: Statistic, rows: pd.DataFrame | None) -> pd.DataFrame:
    """A statistic's partial rows for the JVM: the key as a JSON list, each sum as an
    integer or a float (and which), the gathered value as JSON."""
    empty = pd.DataFrame({"k": pd.Series(dtype=object), "si": pd.Series(dtype=object),
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
    out = pd.DataFrame({"k": k})
    out["si"] = [list(v) for v in zip(*ints)] if ints else [[] for _ in range(n)]
    out["sf"] = [list(v) for v in zip(*floats)] if floats else [[] for _ in range(n)]
    out["fl"] = [list(flags)] * n
    out["g"] = [dumps(v) for v in rows[stat.gather].tolist()] if stat.gather else None
    return out


def reduce_spark(stat: Statistic, encoded) -> pd.DataFrame:
    """Statistic.reduce on Spark: the encoded partial rows grouped by key, then the reduced
    frame (keys, sums, gather) rebuilt on the driver."""
    from pyspark.sql import functions as F

    keys, sums = list(stat.keys), list(stat.sums)
    columns = [*keys, *sums, *([stat.gather] if stat.gather else [])]
    if not sums and not stat.gather:
        reduced = encoded.select("k").distinct()
    else:
        aggs = []
        for i in range(len(sums)):
            aggs += [F.sum(F.col("si")[i]).alias(f"si{i}"), F.sum(F.col("sf")[i]).alias(f"sf{i}"),
                     F.max(F.col("fl")[i]).alias(f"fl{i}")]
        if stat.gather:
            aggs.append(F.collect_set("g").alias("g"))
        reduced = encoded.groupBy("k").agg(*aggs)
        if stat.having is not None:
            column, low, high = stat.having
            i = sums.index(column)
            total = F.col(f"si{i}").cast("double") + F.col(f"sf{i}")
            if low is not None:
                reduced = reduced.filter(total >= low)
            if high is not None:
                reduced = reduced.filter(total <= high)
    rows = reduced.collect()
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


def decision_frame(validator: Validator, decision: Decision) -> pd.DataFrame:
    """A decision as rows of DECISION_SCHEMA: kind "f" (a finding), "c" (an article's
    columns, in `validator.article_columns` order) and "s" (the family's status)."""
    cols = finding_rows(decision.findings)
    n = len(decision.findings)
    frame = pd.DataFrame({"kind": pd.Series(["f"] * n, dtype=object),
                          **{k: pd.Series(v, dtype="Int64" if k in ("start", "end", "line") else object)
                             for k, v in cols.items()},
                          "cols": pd.Series([None] * n, dtype=object)})
    parts = [frame]
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
    if len(parts) == 1:
        return frame
    out = pd.concat(parts, ignore_index=True)
    for name in out.columns:
        if name in ("start", "end", "line"):
            out[name] = out[name].astype("Int64")
        else:
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


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
        if validator.whole_corpus_only:
            self.note(f"{validator.check}: not yet split into statistics and decisions; "
                      "running it on the driver over the collected articles")
            decision = decide_whole(validator, self.driver_corpus())
            if validator.article_columns:
                self._keep_columns(validator, self._columns_from_pandas(validator, decision.columns))
            return Decision(decision.findings)
        values = self.statistics(validator)
        return self._decide_partitions(validator, values)

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
    def statistics(self, validator: Validator) -> dict[str, Any]:
        """Every statistic of `validator`, reduced in Spark and finished on the driver, in
        order (as Validator.local_statistics)."""
        values: dict[str, Any] = {}
        sc = self.spark.sparkContext
        for stat in validator.statistics():
            earlier = sc.broadcast(values)

            def rows(batches, stat=stat, earlier=earlier):
                frame = _whole_batches(batches)
                if frame is not None:
                    yield for_arrow(encode_rows(stat, stat.rows(part_corpus(frame), earlier.value)))

            encoded = self.articles.mapInPandas(rows, STAT_SCHEMA)
            values = {**values, stat.name: stat.finish(reduce_spark(stat, encoded), values)}
            earlier.unpersist()
        return values

    def _decide_partitions(self, validator: Validator, values: dict[str, Any]) -> Decision:
        from pyspark import StorageLevel
        from pyspark.sql import functions as F

        stats = self.spark.sparkContext.broadcast(values)

        def decide(batches):
            frame = _whole_batches(batches)
            if frame is not None:
                yield for_arrow(decision_frame(validator, validator.decide(part_corpus(frame), stats.value)))

        out = self.articles.mapInPandas(decide, DECISION_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            # a partition's findings in the family's order, partitions in input order
            rows = out.filter(F.col("kind") != "c").collect()
            findings = read_findings([r for r in rows if r["kind"] == "f"])
            status = next((r["message"] for r in rows if r["kind"] == "s" and r["message"]), "")
            if status:
                validator.status = status
            if validator.article_columns:
                names = validator.article_columns
                columns = out.filter(F.col("kind") == "c").select(
                    F.col("article_id").alias("id"), *[F.col("cols")[i].alias(n) for i, n in enumerate(names)])
                columns = columns.dropDuplicates(["id"]).localCheckpoint(eager=True)
                self._keep_columns(validator, columns)
        finally:
            out.unpersist()
            stats.unpersist()
        return Decision(findings)

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
