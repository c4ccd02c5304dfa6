"""The Spark engine (copydesk/backends/spark/): the same findings as the pandas engine.

One SparkSession (local[2]) serves the module; the standalone-cluster test starts its own
in a subprocess. Every corpus here is generated from text written for these tests.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'copydesk[spark]')")

from typer.testing import CliRunner  # noqa: E402

from copydesk.cli import app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

#: one expectation per check family (no built-in GX expectations: their Spark cost says
#: nothing about the findings, which these tests compare)
FAMILY_SUITES = {
    "articles": {"name": "articles", "meta": {"copydesk": {"table": "articles"}}, "expectations": [
        {"type": "expect_articles_to_have_consistent_numbers", "kwargs": {}, "severity": "critical"}]},
    "paragraphs": {"name": "paragraphs", "meta": {"copydesk": {"table": "paragraphs"}}, "expectations": [
        {"type": "expect_paragraphs_to_have_no_boilerplate", "kwargs": {}, "severity": "critical"}]},
    "sentences": {"name": "sentences", "meta": {"copydesk": {"table": "sentences"}}, "expectations": [
        {"type": "expect_sentences_to_have_no_misspellings", "kwargs": {}, "severity": "warning"},
        {"type": "expect_sentences_to_be_attributed", "kwargs": {}, "severity": "warning"}]},
}


@pytest.fixture(scope="module")
def spark():
    from copydesk.backends.spark.session import get_session

    session = get_session("local[2]")
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

def pandas_report(paths, suites, cfg=None):
    from copydesk.config import load_config
    from copydesk.corpus import load_corpus
    from copydesk.engine import validate_corpus
    from copydesk.reports.report import build_report

    cfg = cfg or load_config(None)
    corpus = load_corpus(paths, cfg.fields, max_record_bytes=cfg.max_record_bytes)
    return build_report(corpus, validate_corpus(corpus, cfg, suites)), corpus


def spark_report(spark, paths, suites, read=None, cfg=None):
    from copydesk.backends.spark.check import validate_spark
    from copydesk.backends.spark.inputs import spark_read
    from copydesk.config import load_config
    from copydesk.reports.report import build_report

    cfg = cfg or load_config(None)
    source = spark_read(spark, paths, cfg.fields, cfg.max_record_bytes, read=read)
    result, corpus, totals = validate_spark(spark, source, cfg, suites)
    report = build_report(corpus, result)
    if totals:
        report["corpus"].update(totals)
    return report, source


def _outcomes(report):
    return [(e["suite"], e["expectation"], e["success"], e["element_count"], e["unexpected_count"])
            for e in report["expectations"]]


# --------------------------------------------------------------------------- tests

def test_seeds_same_report_under_both_engines(spark, tmp_path, monkeypatch):
    """`copydesk check seeds --engine spark` (the CLI, default suites) reports what the pandas
    engine reports: the same findings, expectation outcomes and corpus. Spark reads the
    JSONL file and the driver the plain-text article (COPYDESK_SPARK_READ=spark), so the
    findings' lines and columns come from both ways in."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COPYDESK_SPARK_READ", "spark")
    runner = CliRunner()
    reports = {}
    for engine in ("pandas", "spark"):
        out = tmp_path / f"{engine}.json"
        result = runner.invoke(app, ["check", "seeds", "--engine", engine, "-f", f"json={out}", "--no-docs", "-q"])
        assert result.exit_code in (0, 1), result.output
        reports[engine] = json.loads(out.read_text(encoding="utf-8"))
    pandas, spark_ = reports["pandas"], reports["spark"]
    assert pandas["findings"], "the seeds have findings to compare"
    assert spark_["findings"] == pandas["findings"]
    assert _outcomes(spark_) == _outcomes(pandas)
    assert spark_["corpus"] == pandas["corpus"]
    assert spark_["backends"] == pandas["backends"]
    assert spark_["success"] == pandas["success"]


def test_generated_corpus_same_findings(spark, tmp_path, monkeypatch):
    """2,000 generated articles, read by Spark (JSONL by textFile, parsed on the executors):
    the same findings, per-article columns and evidence as the pandas engine."""
    monkeypatch.chdir(tmp_path)
    records = generated_articles(2000)
    records.insert(500, {"id": "gen-00010", "title": "A second record with an id already used", "body": "Text."})
    path = write_jsonl(tmp_path / "generated.jsonl", records)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "body": \n')  # invalid JSON: an ingest error
        fh.write(json.dumps({"id": "nobody", "title": "No body here"}) + "\n")
    expected, corpus = pandas_report(["generated.jsonl"], FAMILY_SUITES)
    got, source = spark_report(spark, ["generated.jsonl"], FAMILY_SUITES, read="spark")
    assert not source.local  # read by Spark, not by the driver's readers
    checks = {f["check"] for f in expected["findings"]}
    assert {"numbers", "boilerplate", "typos", "attribution"} <= checks
    assert len(expected["findings"]) > 100
    assert got["findings"] == expected["findings"]
    assert got["corpus"] == expected["corpus"]
    assert _outcomes(got) == _outcomes(expected)


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
    sorted and distinct, `having` bounds, uint64 keys, distinct keys without sums."""
    from copydesk.backends.spark.executor import encode_rows, reduce_spark
    from copydesk.validators.base import Statistic

    rows = pd.DataFrame({"h": pd.array([2 ** 63 + 5, 1, 1, 2 ** 63 + 5, 7], dtype="uint64"),
                         "a": ["x", "y", "x", "z", "w"], "n": [1, 1, 1, 1, 1], "w": [0.5, 1.0, 2.0, 0.25, 3.0]})
    for stat in (Statistic("s", lambda p, s: rows, keys=("h",), sums=("n", "w"), gather="a", having=("n", 2, None)),
                 Statistic("t", lambda p, s: rows, keys=("h", "a")),
                 Statistic("u", lambda p, s: rows, keys=("a",), sums=("n",), having=("n", None, 1))):
        encoded = pd.concat([encode_rows(stat, rows.iloc[:2]), encode_rows(stat, rows.iloc[2:])], ignore_index=True)
        got = reduce_spark(stat, spark.createDataFrame(encoded, "k string, si array<bigint>, sf array<double>, "
                                                                 "fl array<boolean>, g string"))
        want = stat.reduce(rows)
        key = list(stat.keys)
        got = got.sort_values(key, ignore_index=True)
        want = want.sort_values(key, ignore_index=True)
        assert got.astype(str).to_dict("list") == want.astype(str).to_dict("list")


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


def test_uri_paths_survive_pathlib():
    from copydesk.backends.spark.inputs import is_uri, restore_uri

    assert restore_uri(Path("s3a://bucket/crawl/part-0.jsonl")) == "s3a://bucket/crawl/part-0.jsonl"
    assert restore_uri(Path("hdfs://nn:8020/corpus")) == "hdfs://nn:8020/corpus"
    assert restore_uri(Path("file:///tmp/x.jsonl")) == "file:///tmp/x.jsonl"
    assert not is_uri(restore_uri(Path("seeds/sample/news.jsonl")))


def test_check_through_a_local_standalone_cluster(tmp_path):
    """A real cluster: `local-cluster[2,1,1024]` starts a standalone master and two executor
    JVMs (separate processes, each with its Python workers); one check runs through it."""
    records = generated_articles(12, seed=3)
    write_jsonl(tmp_path / "c.jsonl", records)
    suite = tmp_path / "articles.json"
    suite.write_text(json.dumps(FAMILY_SUITES["articles"]), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("COPYDESK_SPARK_MASTER", None)
    out = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "copydesk.cli", "check", "c.jsonl", "--engine", "spark",
         "--spark-master", "local-cluster[2,1,1024]", "--suite", str(suite), "--select", "numbers",
         "-f", f"json={out}", "--no-docs", "-q"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    expected, _ = pandas_report([tmp_path / "c.jsonl"], {"articles": FAMILY_SUITES["articles"],
                                                          "paragraphs": FAMILY_SUITES["paragraphs"],
                                                          "sentences": FAMILY_SUITES["sentences"]})
    numbers = [f for f in expected["findings"] if f["check"] == "numbers"]
    assert report["corpus"]["articles"] == 12
    assert [(f["article_id"], f["rule"], f["start"]) for f in report["findings"]] == \
        [(f["article_id"], f["rule"], f["start"]) for f in numbers]


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
