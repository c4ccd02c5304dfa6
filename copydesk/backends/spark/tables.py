"""The tables GX validates on Spark, built partition-wise with their evidence columns.

Paragraphs and sentences come from copydesk.corpus.tables.build_spans over each partition
of whole articles, so their rows are the pandas engine's rows. The evidence columns are
written by the run's own `run.add_evidence_column` on each partition, reading the
findings of the partition's articles (broadcast): a row's evidence text is the pandas
engine's, because it is the same code over the same rows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from copydesk.backends.spark.executor import PRIVATE, article_parts, for_arrow, part_corpus
from copydesk.corpus.tables import SPAN_COLUMNS
from copydesk.model import Finding
from copydesk.run import add_evidence_column

SPAN_SCHEMA = {
    "paragraphs": "article_id string, source string, field string, index bigint, start bigint, end bigint, text string",
    "sentences": ("article_id string, source string, field string, index bigint, start bigint, end bigint, "
                  "text string, paragraph bigint"),
}


class EvidenceRequests:
    """The evidence columns a run asks for: table -> [(column, check, findings)], in order."""

    def __init__(self):
        self.by_table: dict[str, list[tuple[str, str, list[Finding]]]] = {}

    def add(self, check: str, table: str, findings: list[Finding], column: str) -> None:
        wanted = self.by_table.setdefault(table, [])
        wanted[:] = [w for w in wanted if w[0] != column]  # a column written again replaces the old one
        wanted.append((column, check, list(findings)))

    def columns(self, table: str) -> list[str]:
        return [c for c, _, _ in self.by_table.get(table, [])]

    def for_articles(self, table: str, ids: set[str]) -> list[tuple[str, str, list[Finding]]]:
        return [(c, check, [f for f in found if f.article_id in ids]) for c, check, found in self.by_table.get(table, [])]


def _evidence(part, table: str, requests: list[tuple[str, str, list[Finding]]]) -> None:
    for column, check, found in requests:
        add_evidence_column(part, check, table, found, column)


def build_table(spark, articles, table: str, evidence: EvidenceRequests):
    """`table` ("articles", "paragraphs" or "sentences") as a Spark DataFrame with its
    evidence columns (empty string for a clean row), built partition-wise from `articles`
    (which holds the per-article columns already)."""
    from pyspark.sql.types import StringType, StructField, StructType

    shared = spark.sparkContext.broadcast(evidence.by_table.get(table, []))
    columns = evidence.columns(table)

    def requests_for(part) -> list[tuple[str, str, list[Finding]]]:
        ids = set(part.articles["id"].tolist())
        return [(c, check, [f for f in found if f.article_id in ids]) for c, check, found in shared.value]

    if table == "articles":
        base = articles.schema
        keep = [f for f in base.fields if f.name not in PRIVATE and f.name not in columns]
        schema = StructType(keep + [StructField(c, StringType()) for c in columns])
        names = [f.name for f in keep]

        def run(batches):
            for frame in article_parts(batches):
                original = frame.drop(columns=[c for c in (*PRIVATE, *columns) if c in frame])
                part = part_corpus(frame)
                _evidence(part, "articles", requests_for(part))
                out = original[names].copy()
                for c in columns:
                    out[c] = part.articles[c].to_numpy()
                yield for_arrow(out)
    else:
        schema = SPAN_SCHEMA[table] + "".join(f", `{c}` string" for c in columns)

        def run(batches):
            for frame in article_parts(batches):
                part = part_corpus(frame)
                _evidence(part, table, requests_for(part))
                spans: pd.DataFrame = getattr(part, table)
                yield for_arrow(spans[[*SPAN_COLUMNS, *(["paragraph"] if table == "sentences" else []), *columns]].copy())

    return articles.mapInPandas(run, schema), shared


def collect_articles(articles, ids: set[str], columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of `ids` (a driver-side set, small: the flagged articles) as pandas."""
    from pyspark.sql import functions as F

    if not ids:
        return articles.limit(0).toPandas()
    wanted = articles.sparkSession.createDataFrame([(i,) for i in sorted(ids)], "id string")
    frame = articles.join(F.broadcast(wanted), on="id", how="inner")
    if columns is not None:
        frame = frame.select(*columns)
    return frame.toPandas()


def table_counts(articles) -> dict[str, Any]:
    """Articles and words of the whole corpus, counted partition-wise with Corpus.word_count's
    own rule (str.split), for the report when the driver holds only the flagged articles."""
    from pyspark.sql import functions as F

    def count(batches):
        for frame in batches:
            words = sum(len(v.split()) for c in ("title", "lede", "body") for v in frame[c].tolist()
                        if isinstance(v, str))
            yield pd.DataFrame({"n": [len(frame)], "w": [words]})

    row = (articles.select("title", "lede", "body").mapInPandas(count, "n bigint, w bigint")
           .agg(F.sum("n").alias("n"), F.sum("w").alias("w")).collect()[0])
    return {"articles": int(row["n"] or 0), "words": int(row["w"] or 0)}
