"""The Spark engine (copydesk/backends/spark/): the same findings as the pandas engine.

One SparkSession on a local standalone cluster (CLUSTER) serves the module, and one check
per engine over the same inputs (`engine_reports`) serves the comparisons. Every corpus here is generated from text written for these tests.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'copydesk[spark]')")

from typer.testing import CliRunner  # noqa: E402

from copydesk.cli import app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

#: the module's cluster: a standalone master and one worker whose executor (2 cores, 1 GB)
#: is a JVM of its own, with its own Python workers, so tasks, broadcasts and results cross
#: between processes as on a real cluster
CLUSTER = "local-cluster[1,2,1024]"
#: articles per part of a partition in this module's session
PART_ROWS = 150


@pytest.fixture(scope="module")
def spark():
    from copydesk.backends.spark.session import get_session

    session = get_session(CLUSTER)
    # small Arrow batches: each partition of the 2,000 generated articles is decided in
    # several parts (executor.article_parts), as a large corpus is, and must find the same
    session.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(PART_ROWS))
    yield session
    session.stop()


# --------------------------------------------------------------------------- a corpus of our own

_PLACES = ["Alderbrook", "Kestrel Bay", "Moravia Flats", "Tollen Ridge", "Port Varne", "Eskwith"]
_BODIES = ["council", "water board", "port authority", "school district", "transit agency", "harbour trust"]
_TOPICS = ["a new ferry terminal", "the flood barrier", "bus fares", "the library budget", "road repairs",
           "a solar farm", "the night market", "a teachers' contract"]
_VERBS = ["approved", "delayed", "rejected", "revised", "postponed", "expanded"]
_FILLERS = [
    "Residents packed the hall for the second evening in a row.",
    "The vote followed months of public hearings across the district.",
    "Several members asked for an independent review before any spending.",
    "Work on the site is expected to begin once permits are issued.",
    "Local businesses have watched the debate closely since spring.",
    "The plan drew both praise and sharp criticism at the meeting.",
    "A final reading is scheduled for the start of next month.",
    "Opponents said the timetable left too little room for consultation.",
]
#: a source's stock lines (furniture repeated on every page of that outlet)
_FURNITURE = {
    "harbor-ledger": ["Get the Harbor Ledger morning briefing in your inbox every weekday.",
                      "Share this story with your neighbours"],
    "valley-courier": ["Valley Courier readers can follow our live coverage on the app.",
                       "Read more local stories"],
    "ridge-gazette": ["Support independent reporting from the Ridge Gazette today.",
                      "Comments on this article are now closed"],
}
_TYPOS = {"meeting": "meetign", "residents": "residnets", "budget": "budgte", "public": "pubilc",
          "expected": "expectd", "district": "distirct"}


def generated_articles(n: int, seed: int = 7) -> list[dict]:
    """`n` articles from three outlets: stock lines per outlet, story versions (a rewrite of
    an earlier article, sometimes with its source cut), misspellings and headline numbers
    that disagree with the body now and then."""
    rng = random.Random(seed)
    sources = list(_FURNITURE)
    out: list[dict] = []
    for i in range(n):
        source = sources[i % len(sources)]
        place, body_name, topic, verb = (rng.choice(_PLACES), rng.choice(_BODIES), rng.choice(_TOPICS),
                                         rng.choice(_VERBS))
        count = rng.randint(3, 40)
        share = rng.randint(5, 95)
        money = rng.randint(2, 90)
        claim = count if rng.random() > 0.1 else count + rng.randint(1, 5)
        title = f"{place} {body_name} {verb} {topic} after {claim} objections"
        lede = f"The {body_name} in {place} {verb} {topic} on {rng.choice(['Monday', 'Tuesday', 'Friday'])}."
        lines = [
            f"Members received {count} written objections before the meeting, officials said.",
            f"The project is expected to cost {money} million dollars over five years, according to the "
            f"{body_name}'s own estimate.",
            f"About {share} percent of residents who answered the survey backed the plan.",
            *rng.sample(_FILLERS, 3),
            f"\u201cWe listened to every one of them,\u201d the chair of the {body_name} said.",
        ]
        if rng.random() < 0.15:
            lines.append("\u201cThis is the wrong project at the wrong time.\u201d")  # a quote with no speaker
        if rng.random() < 0.3:
            word = rng.choice(sorted(_TYPOS))
            lines = [ln.replace(word, _TYPOS[word], 1) for ln in lines]
        lines += _FURNITURE[source] if rng.random() < 0.8 else _FURNITURE[source][:1]
        record = {"id": f"gen-{i:05d}", "source": source, "url": f"https://{source}.example/news/{i}",
                  "published": f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}", "title": title, "lede": lede,
                  "body": "\n\n".join(lines)}
        if i >= 10 and rng.random() < 0.1:  # another outlet's version of an earlier story
            first = out[rng.randrange(i - 10, i)]
            body = first["body"].split("\n\n")
            if rng.random() < 0.6:
                body = [b.replace(", officials said.", ".").replace(", according to the", ", said the") for b in body]
            record.update(title=first["title"] + " (update)", lede=first["lede"], body="\n\n".join(body))
        if i % 97 == 0:
            record["copydesk_ignore"] = ["typos"]
        out.append(record)
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- helpers

def _outcomes(report):
    return [(e["suite"], e["expectation"], e["success"], e["element_count"], e["unexpected_count"])
            for e in report["expectations"]]


# --------------------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def engine_reports(spark, tmp_path_factory):
    """`copydesk check seeds generated.jsonl` (the CLI, default suites) under both engines:
    the seeds' plain-text article read on the driver, 2,000 generated articles (with a
    duplicate id, invalid JSON and a record with no body) read by Spark
    (COPYDESK_SPARK_READ=spark), so findings' lines and columns come from both ways in.
    One run per engine serves the tests below: a Spark run costs tens of seconds of jobs."""
    import shutil

    work = tmp_path_factory.mktemp("engines")
    shutil.copytree(SEEDS, work / "seeds")
    records = generated_articles(2000)
    records.insert(500, {"id": "gen-00010", "title": "A second record with an id already used", "body": "Text."})
    path = write_jsonl(work / "generated.jsonl", records)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "body": \n')  # invalid JSON: an ingest error
        fh.write(json.dumps({"id": "nobody", "title": "No body here"}) + "\n")
    runner = CliRunner()
    reports, outputs = {}, {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        mp.setenv("COPYDESK_SPARK_READ", "spark")
        for engine in ("pandas", "spark"):
            out = work / f"{engine}.json"
            result = runner.invoke(app, ["check", "seeds", "generated.jsonl", "--engine", engine,
                                         "-f", f"json={out}", "--no-docs", "-v"])
            assert result.exit_code in (0, 1), result.output
            reports[engine] = json.loads(out.read_text(encoding="utf-8"))
            outputs[engine] = result.output
    return reports, outputs


def test_same_report_under_both_engines(engine_reports):
    """The Spark engine reports what the pandas engine reports: the same findings (every
    field, in order), expectation outcomes, corpus counts, ingest errors and backends."""
    (reports, outputs) = engine_reports
    pandas, spark_ = reports["pandas"], reports["spark"]
    assert "read by Spark" in outputs["spark"]  # the JSONL file went through Spark's reader
    assert spark_["findings"] == pandas["findings"]
    assert _outcomes(spark_) == _outcomes(pandas)
    assert spark_["corpus"] == pandas["corpus"]
    assert spark_["backends"] == pandas["backends"]
    assert spark_["success"] == pandas["success"]


def test_compared_corpus_exercises_every_family(engine_reports):
    """The comparison above means something: every family finds things in both inputs,
    and the bad records are ingest errors under both engines."""
    pandas = engine_reports[0]["pandas"]
    checks = {f["check"] for f in pandas["findings"]}
    assert {"numbers", "boilerplate", "typos", "attribution"} <= checks
    assert len(pandas["findings"]) > 100
    assert any(f["file"].startswith("seeds") for f in pandas["findings"])
    errors = [e["error"] for e in pandas["corpus"]["ingest_errors"]]
    assert any("duplicate id 'gen-00010'" in e for e in errors) and any("invalid JSON" in e for e in errors)


def test_partitions_are_decided_in_parts(spark):
    """The module's session splits a partition into Arrow batches of PART_ROWS articles,
    which executor.article_parts hands to the families one at a time (the comparison above
    ran that way)."""
    from copydesk.backends.spark.executor import article_parts
    from copydesk.backends.spark.inputs import from_corpus
    from copydesk.corpus.tables import Corpus
    from copydesk.model import Article

    fields = ("id", "title", "lede", "body", "source", "published")
    corpus = Corpus.from_articles([Article(**{k: r[k] for k in fields if k in r})
                                   for r in generated_articles(2 * PART_ROWS + 10)])
    frame = from_corpus(spark, corpus, partitions=1)

    def sizes(batches):
        for part in article_parts(batches):
            yield pd.DataFrame({"n": [len(part)], "first": [int(part.index[0])]})

    got = frame.mapInPandas(sizes, "n long, first long").toPandas()
    assert got["n"].tolist() == [PART_ROWS, PART_ROWS, 10] and set(got["first"]) == {0}


def test_spark_read_ingest_errors_match_the_readers(spark, tmp_path, monkeypatch):
    """Bad records read by Spark are the readers' ingest errors, in the readers' order."""
    from copydesk.backends.spark.inputs import spark_read
    from copydesk.corpus import load_corpus

    monkeypatch.chdir(tmp_path)
    good = {"id": "a1", "title": "Ferry vote", "body": "The harbour trust met on Monday.", "desk": "metro"}
    lines = [json.dumps(good).encode(), b"", b'{"id": "a2", "title": ', json.dumps({"id": "a3"}).encode(),
             b'{"id": "a4", "body": "caf\xe9 opens"}', json.dumps(dict(good, title="again")).encode(),
             json.dumps({"headline": "Aliased", "text": "A body under another name.", "outlet": "x"}).encode(),
             json.dumps([1, 2]).encode()]
    (tmp_path / "bad.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (tmp_path / "more.jsonl").write_text(json.dumps(dict(good, id="a5")) + "\n", encoding="utf-8")
    expected = load_corpus(["bad.jsonl", "more.jsonl"])
    source = spark_read(spark, ["bad.jsonl", "more.jsonl"], read="spark")
    assert [e.to_dict() for e in source.corpus.ingest_errors] == [e.to_dict() for e in expected.ingest_errors]
    got = source.articles.toPandas().sort_values("_copydesk_order")
    assert got["id"].tolist() == expected.articles["id"].tolist()
    assert got["desk"].tolist() == expected.articles["desk"].tolist()
    assert got["source"].tolist() == expected.articles["source"].tolist()


def test_reduction_mirrors_reduce_rows(spark):
    """groupBy/agg gives Statistic.reduce's frame: integer and float sums, gathered values
    sorted and distinct, `having` bounds, uint64 keys, distinct keys without sums; alone,
    and with the three statistics sharing one pass (each its own bounds)."""
    from copydesk.backends.spark.executor import STAT_SCHEMA, encode_rows, reduce_many
    from copydesk.validators.base import Statistic

    rows = pd.DataFrame({"h": pd.array([2 ** 63 + 5, 1, 1, 2 ** 63 + 5, 7], dtype="uint64"),
                         "a": ["x", "y", "x", "z", "w"], "n": [1, 1, 1, 1, 1], "w": [0.5, 1.0, 2.0, 0.25, 3.0]})
    stats = [Statistic("s", lambda p, s: rows, keys=("h",), sums=("n", "w"), gather="a", having=("n", 2, None)),
             Statistic("t", lambda p, s: rows, keys=("h", "a")),
             Statistic("u", lambda p, s: rows, keys=("a",), sums=("n",), having=("n", None, 1))]

    def encoded(group):
        parts = [encode_rows(stat, half, sid) for half in (rows.iloc[:2], rows.iloc[2:])
                 for sid, stat in enumerate(group)]
        return spark.createDataFrame(pd.concat(parts, ignore_index=True), STAT_SCHEMA)

    def same(got, stat):
        key = list(stat.keys)
        want = stat.reduce(rows).sort_values(key, ignore_index=True)
        assert got.sort_values(key, ignore_index=True).astype(str).to_dict("list") == want.astype(str).to_dict("list")

    for stat in stats:
        same(reduce_many([stat], encoded([stat]))[0], stat)
    for got, stat in zip(reduce_many(stats, encoded(stats)), stats):
        same(got, stat)


def test_engine_option_errors():
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(SEEDS), "--engine", "dask"])
    assert result.exit_code == 2 and "--engine must be pandas or spark" in result.output
    result = runner.invoke(app, ["check", str(SEEDS), "--spark-master", "local[1]"])
    assert result.exit_code == 2 and "--spark-master needs --engine spark" in result.output


def test_missing_pyspark_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark raises ImportError
    result = CliRunner().invoke(app, ["check", str(SEEDS), "--engine", "spark"])
    assert result.exit_code == 2
    assert "copydesk[spark]" in result.output


def test_master_from_option_environment_or_default(monkeypatch):
    from copydesk.backends.spark import DEFAULT_MASTER, MASTER_ENV, master

    monkeypatch.delenv(MASTER_ENV, raising=False)
    assert master(None) == DEFAULT_MASTER == "local[*]"
    monkeypatch.setenv(MASTER_ENV, "spark://desk:7077")
    assert master(None) == "spark://desk:7077"
    assert master("local[2]") == "local[2]"


def test_driver_memory_from_environment_local_default_or_cluster(monkeypatch):
    """A local session gets a quarter of the machine's memory (1-8 GB) instead of Spark's
    1 GB; COPYDESK_SPARK_DRIVER_MEMORY wins; a cluster master and spark-submit's own
    --driver-memory are left alone."""
    from copydesk.backends.spark.session import LOCAL_HEAP_MAX_MB, LOCAL_HEAP_MIN_MB, driver_memory

    local = driver_memory("local[2]", {})
    assert local.endswith("m") and LOCAL_HEAP_MIN_MB <= int(local[:-1]) <= LOCAL_HEAP_MAX_MB
    assert driver_memory("local-cluster[1,2,1024]", {}) == local
    assert driver_memory("spark://desk:7077", {}) is None
    assert driver_memory("spark://desk:7077", {"COPYDESK_SPARK_DRIVER_MEMORY": "6g"}) == "6g"
    assert driver_memory("local[*]", {"COPYDESK_SPARK_DRIVER_MEMORY": "3g"}) == "3g"
    assert driver_memory("local[*]", {"PYSPARK_SUBMIT_ARGS": "--driver-memory 2g pyspark-shell"}) is None


def test_uri_paths_survive_pathlib():
    from copydesk.backends.spark.inputs import is_uri, restore_uri

    assert restore_uri(Path("s3a://bucket/crawl/part-0.jsonl")) == "s3a://bucket/crawl/part-0.jsonl"
    assert restore_uri(Path("hdfs://nn:8020/corpus")) == "hdfs://nn:8020/corpus"
    assert restore_uri(Path("file:///tmp/x.jsonl")) == "file:///tmp/x.jsonl"
    assert not is_uri(restore_uri(Path("seeds/sample/news.jsonl")))


def test_checks_run_through_a_standalone_cluster(spark, engine_reports):
    """The engine comparison above ran through a real standalone cluster: the CLI's check
    took the module's session (an active session is reused, as under spark-submit) and
    its master had an executor of its own registered (the driver plus one)."""
    outputs = engine_reports[1]
    assert spark.sparkContext.master == CLUSTER
    assert f"on {CLUSTER}" in outputs["spark"]
    assert spark.sparkContext._jsc.sc().getExecutorMemoryStatus().size() >= 2


def test_family_not_split_into_phases_runs_on_the_driver(spark):
    """A family that still overrides `run` (whole_corpus_only) sees the whole corpus: the
    executor collects the articles to the driver, runs it there and says so."""
    from copydesk.backends.spark.executor import SparkExecutor
    from copydesk.backends.spark.inputs import from_corpus
    from copydesk.corpus.tables import Corpus
    from copydesk.model import Finding
    from copydesk.validators.base import Rule, Validator

    class WholeOnly(Validator):
        check, table = "demo", "articles"
        rules = {"count": Rule("count", "info", "says the corpus size", "a test family")}
        whole_corpus_only = True

        def run(self, corpus):
            n = len(corpus.articles)  # needs every article at once
            return [Finding(str(a), "demo", "count", "title", 0, 1, t[:1], f"one of {n}")
                    for a, t in zip(corpus.articles["id"], corpus.articles["title"])]

    records = generated_articles(30, seed=5)
    corpus = Corpus.from_frame(pd.DataFrame(records))
    notes = []
    executor = SparkExecutor(spark, from_corpus(spark, corpus, partitions=3), note=notes.append)
    found = executor.decide(WholeOnly()).findings
    assert [f.message for f in found] == ["one of 30"] * 30
    assert [f.article_id for f in found] == [r["id"] for r in records]
    assert notes and "driver" in notes[0]
