"""The pandas engine on every core: article-partitioned parallelism for both phases.

The corpus is split into contiguous shards of whole articles (balanced by text length).
Each statistic's rows are computed per shard in worker processes and reduced in the
parent (Statistic.reduce, then finish, as one process would); each shard's decision is
then made in a worker that reads the finished statistics. Workers are forked after the
statistics exist, so the corpus, the statistics and the loaded lexicons are shared with
them copy-on-write instead of being pickled; only rows and decisions travel back.

The findings do not depend on the number of workers: a partition of whole articles
decides what the whole corpus decides (tests/test_phases.py), and the findings of every
executor come in one canonical order (`canonical_order`).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from copydesk.model import TEXT_FIELDS
from copydesk.run import LocalExecutor, canonical_order, merge_article_columns, pool_source_shares
from copydesk.validators.base import Decision, Validator

if TYPE_CHECKING:
    from copydesk.corpus.tables import Corpus

#: fewer articles than this per worker are checked in one process: forking a worker and
#: sending its results back costs more than it saves on small corpora
MIN_ARTICLES_PER_JOB = 500


def available_cores() -> int:
    """The cores this process may run on (the affinity mask, where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int) -> int:
    """`--jobs`: 0 means every available core; parallel runs need fork (Linux)."""
    if jobs < 0:
        raise ValueError(f"--jobs must be 0 (all cores) or a positive number, not {jobs}")
    n = available_cores() if jobs == 0 else jobs
    if n > 1 and ("fork" not in multiprocessing.get_all_start_methods() or sys.platform != "linux"):
        return 1
    return n


def workers_for(items: int, jobs: int, min_per_job: int) -> int:
    """How many processes share `items` pieces of work: at most `jobs` (resolved, 0 =
    every core), with at least `min_per_job` items each, and never fewer than one."""
    return min(resolve_jobs(jobs), max(1, items // min_per_job))


def shard_bounds(lengths: np.ndarray, n: int) -> list[tuple[int, int]]:
    """At most `n` contiguous [start, end) row ranges with about equal sums of `lengths`."""
    m = len(lengths)
    if n <= 1 or m <= 1:
        return [(0, m)]
    if m <= n:
        return [(i, i + 1) for i in range(m)]
    cum = np.cumsum(lengths)
    cuts = np.searchsorted(cum, [cum[-1] * k / n for k in range(1, n)], side="left") + 1
    edges = sorted({0, m, *(min(max(int(c), 1), m - 1) for c in cuts)})
    return list(zip(edges, edges[1:]))


def shard(corpus: Corpus, start: int, end: int) -> Corpus:
    """The corpus's articles [start, end) with their paragraphs, sentences and furniture."""
    articles = corpus.articles.iloc[start:end]
    ids = set(articles["id"].astype(str))
    return dataclasses.replace(
        corpus, articles=articles,
        paragraphs=corpus.paragraphs[corpus.paragraphs["article_id"].isin(ids)],
        sentences=corpus.sentences[corpus.sentences["article_id"].isin(ids)],
        furniture={k: v for k, v in corpus.furniture.items() if k in ids},
        ingest_errors=[],
    )


_WORK: Callable[[int], Any] | None = None


def _call(i: int) -> Any:
    assert _WORK is not None
    return _WORK(i)


def fork_map(work: Callable[[int], Any], n: int, jobs: int) -> list[Any]:
    """[work(0), ..., work(n - 1)] in `jobs` forked workers (in order); `work` and all it
    reads are inherited by the workers, not pickled."""
    global _WORK
    _WORK = work
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, n)) as pool:
            return pool.map(_call, range(n), chunksize=1)
    finally:
        _WORK = None


class ParallelExecutor(LocalExecutor):
    """LocalExecutor over `jobs` worker processes (1: in this process)."""

    def __init__(self, corpus: Corpus, jobs: int = 0):
        super().__init__(corpus)
        self.jobs = resolve_jobs(jobs)
        self._shards: list[Corpus] | None = None

    def shards(self) -> list[Corpus]:
        if self._shards is None:
            arts = self.corpus.articles
            n = workers_for(len(arts), self.jobs, MIN_ARTICLES_PER_JOB)
            lengths = sum(arts[f].fillna("").astype(str).str.len().to_numpy() if f in arts else 0
                          for f in TEXT_FIELDS)
            bounds = shard_bounds(np.asarray(lengths, dtype=float) + 1.0, n)
            self._shards = [shard(self.corpus, a, b) for a, b in bounds] if len(bounds) > 1 else [self.corpus]
        return self._shards

    def decide(self, validator: Validator) -> Decision:
        parts = self.shards()
        if len(parts) == 1 or validator.whole_corpus_only:
            return super().decide(validator)
        stats = validator.local_statistics(parts, map_rows=lambda stat, parts, values: fork_map(
            lambda i: stat.rows(parts[i], values), len(parts), self.jobs))
        decisions = fork_map(lambda i: _decide(validator, parts[i], stats), len(parts), self.jobs)
        findings = canonical_order(self.corpus, [f for d, _ in decisions for f in d.findings])
        statuses = [status for _, status in decisions if status]
        if statuses:
            validator.status = statuses[0]
        columns = [d.columns for d, _ in decisions if d.columns is not None]
        decision = Decision(findings, pd.concat(columns, ignore_index=True) if columns else None)
        if validator.article_columns:
            merge_article_columns(self.corpus.articles, decision.columns, validator.article_columns)
            pool_source_shares(validator, self.corpus.articles)
        return decision


def _decide(validator: Validator, part: Corpus, stats: dict[str, Any]) -> tuple[Decision, str]:
    """A worker's decision, with the status the validator set (workers' attributes are lost)."""
    decision = validator.decide(part, stats)
    return decision, validator.status
