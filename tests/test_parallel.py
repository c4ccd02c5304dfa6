"""`--jobs`: the pandas engine's worker processes find exactly what one process finds."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from copydesk.backends import local
from copydesk.run import RunContext
from copydesk.validators import all_validators
from tests.test_phases import _corpora, _key

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="parallel runs fork, on Linux only")


@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_find_what_one_process_finds(monkeypatch, jobs):
    monkeypatch.setattr(local, "MIN_ARTICLES_PER_JOB", 1)
    for corpus in _corpora():
        one = RunContext(corpus)
        executor = local.ParallelExecutor(corpus, jobs)
        assert len(executor.shards()) == min(jobs, len(corpus.articles))
        many = RunContext(corpus, executor=executor)
        for check in sorted(all_validators()):
            expected = [_key(f) for f in one.findings(check)]
            got = [_key(f) for f in many.findings(check)]
            assert got == expected, check  # same findings, same order


def test_per_article_columns_are_the_same_with_workers(monkeypatch):
    monkeypatch.setattr(local, "MIN_ARTICLES_PER_JOB", 1)
    corpus = _corpora()[1]
    RunContext(corpus).findings("attribution")
    expected = corpus.articles[["attribution_candidates", "source_unattributed_share"]].copy()
    corpus.articles = corpus.articles.drop(columns=list(expected.columns))
    RunContext(corpus, executor=local.ParallelExecutor(corpus, 2)).findings("attribution")
    assert corpus.articles[list(expected.columns)].equals(expected)


def test_shards_are_contiguous_and_balanced():
    bounds = local.shard_bounds(np.array([10.0, 10, 10, 10, 1000, 10]), 2)
    assert bounds[0][0] == 0 and bounds[-1][1] == 6
    assert all(a < b for a, b in bounds) and all(b == c for (_, b), (c, _) in zip(bounds, bounds[1:]))
    assert local.shard_bounds(np.ones(4), 8) == [(0, 1), (1, 2), (2, 3), (3, 4)]
    assert local.shard_bounds(np.ones(4), 1) == [(0, 4)]


def test_jobs_zero_means_every_core_and_negative_is_an_error():
    assert local.resolve_jobs(0) == local.available_cores()
    assert local.resolve_jobs(1) == 1
    with pytest.raises(ValueError, match="--jobs"):
        local.resolve_jobs(-2)


def test_check_jobs_option_gives_the_same_report(monkeypatch, tmp_path):
    import json
    from pathlib import Path

    from typer.testing import CliRunner

    from copydesk.cli import app

    monkeypatch.setattr(local, "MIN_ARTICLES_PER_JOB", 1)
    sample = Path(__file__).resolve().parents[1] / "seeds" / "sample" / "news.jsonl"
    reports = []
    for jobs in ("1", "2"):
        out = tmp_path / f"r{jobs}.json"
        res = CliRunner().invoke(app, ["check", str(sample), "--no-docs", "-q", "-f", "json", "-o", str(out),
                                       "--jobs", jobs])
        assert res.exit_code == 1, res.output
        reports.append(json.loads(out.read_text()))
    assert reports[0]["findings"] == reports[1]["findings"] and reports[0]["findings"]
    assert CliRunner().invoke(app, ["check", str(sample), "--no-docs", "-q", "--jobs", "-1"]).exit_code == 2


def test_data_docs_pages_written_by_workers_are_the_same(monkeypatch, tmp_path):
    """Article pages written by two forked workers are the files one process writes."""
    from pathlib import Path

    from typer.testing import CliRunner

    from copydesk.backends.gx import datadocs
    from copydesk.cli import app

    monkeypatch.setattr(datadocs, "MIN_PAGES_PER_JOB", 1)
    forked = []
    real_fork_map = local.fork_map
    monkeypatch.setattr(local, "fork_map", lambda work, n, jobs: forked.append(n) or real_fork_map(work, n, jobs))
    sample = Path(__file__).resolve().parents[1] / "seeds" / "sample"
    sites = []
    for jobs in ("1", "2"):
        docs = tmp_path / f"docs{jobs}"
        res = CliRunner().invoke(app, ["check", str(sample), "-q", "--docs-dir", str(docs), "--jobs", jobs])
        assert res.exit_code == 1, res.output
        sites.append({p.relative_to(docs).as_posix(): p.read_bytes() for p in (docs / "articles").rglob("*.html")})
    assert len(sites[0]) >= 4 and sites[0] == sites[1]
    assert forked == [2]  # only the second run forked, for its pages (the families' shards are too small)
