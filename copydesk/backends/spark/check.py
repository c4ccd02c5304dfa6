"""`copydesk check --engine spark`: read the inputs into Spark, run the run on Spark, validate
the tables with GX's Spark execution engine, and hand the CLI what the report needs.

The orchestration is the pandas engine's (copydesk/engine.py `run_validation`); this
module gives it the Spark side (`SparkTables`): the executor, the evidence columns, the
tables, and the corpus the report and the editor pages of Data Docs read. When the
driver read the inputs (copydesk's own readers) that corpus is the whole pandas corpus;
when Spark read them (JSONL/Parquet, copydesk/backends/spark/inputs.py) it holds only the
flagged articles (and the other versions their findings name), so the driver's memory
follows the findings, not the corpus, and the report's corpus counts come from Spark.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from copydesk.backends.spark.executor import PRIVATE, SparkExecutor
from copydesk.backends.spark.inputs import SparkInput
from copydesk.backends.spark.tables import EvidenceRequests, build_table, collect_articles, table_counts

log = logging.getLogger("copydesk.spark")


class SparkTables:
    """The Spark engine's side of engine.run_validation."""

    engine = "spark"
    #: each statistic level and the decision of every family share one Spark job
    #: (SparkExecutor.decide_many): a job costs ~0.5 s before any work
    decide_together = True
    #: processes the driver writes the editor pages with (the driver's cores are Spark's)
    jobs = 1

    def __init__(self, spark, source: SparkInput, note=None):
        from copydesk.backends.spark import gx_spark

        gx_spark.register()
        self.spark = spark
        self.source = source
        self.evidence = EvidenceRequests()
        self.run_executor = SparkExecutor(spark, source.articles, source.corpus if source.local else None, note)
        self._tables: dict[str, Any] = {}
        self._held: list[Any] = []

    def executor(self) -> SparkExecutor:
        return self.run_executor

    def add_evidence(self, check: str, table: str, findings, column: str) -> None:
        self.evidence.add(check, table, findings, column)

    def frame(self, table: str, only_articles: set[str] | None):
        if only_articles is not None:
            raise ValueError("--changed-since is not supported with --engine spark")
        if table not in self._tables:
            from pyspark import StorageLevel

            if "articles" not in self._tables:
                articles = self.run_executor.articles_with_columns().persist(StorageLevel.MEMORY_AND_DISK)
                self._held.append(articles)
                self._base = articles
            frame, shared = build_table(self.spark, self._base, table, self.evidence)
            frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
            self._held += [frame, shared]
            self._tables[table] = frame
        return self._tables[table]

    def docs_corpus(self, findings):
        return self.report_corpus(findings)

    def report_corpus(self, findings):
        """The pandas corpus the report reads: the whole one when the driver read the
        inputs, else the flagged articles (and those their `related` spans name)."""
        if self.source.local:
            return self.source.corpus
        corpus = self.source.corpus
        ids = {f.article_id for f in findings}
        ids |= {f.related["article_id"] for f in findings if f.related and f.related.get("article_id")}
        if getattr(corpus, "_flagged_ids", None) != ids:
            from copydesk.backends.spark.executor import part_corpus
            from copydesk.backends.spark.located import attach_located_lines

            frame = collect_articles(self.source.articles, ids)
            if len(frame):
                from copydesk.backends.spark.executor import ORDER

                frame = frame.sort_values(ORDER, kind="stable") if ORDER in frame else frame
            flagged = part_corpus(frame if len(frame) else self.source.articles.limit(0).toPandas())
            for name in ("articles", "paragraphs", "sentences", "furniture"):
                setattr(corpus, name, getattr(flagged, name))
            corpus.__dict__.pop("_position_cache", None)
            corpus.__dict__.pop("_line_cache", None)
            corpus.__dict__.pop("_file_cache", None)
            attach_located_lines(self.spark, corpus, findings, self.source.spark_files)
            corpus._flagged_ids = ids
        return corpus

    def close(self) -> None:
        for held in self._held:
            try:
                held.unpersist()
            except Exception:  # noqa: BLE001 - a stopped session: nothing left to free
                pass
        self._held.clear()


def validate_spark(spark, source: SparkInput, config, suite_dicts: dict[str, dict], docs_dir: Path | None = None,
                   progress=None, selection=None, note=None):
    """engine.run_validation on Spark: (RunResult, the corpus the report reads, the
    corpus-wide counts the report gives when that corpus holds only flagged articles)."""
    from copydesk.engine import run_validation

    tables = SparkTables(spark, source, note)
    try:
        result = run_validation(tables, config, suite_dicts, docs_dir, progress, None, selection)
        corpus = tables.report_corpus(result.findings)
        totals = None if source.local else table_counts(source.articles)
    finally:
        tables.close()
    return result, corpus, totals


def public_columns(frame) -> list[str]:
    return [c for c in frame.columns if c not in PRIVATE]
