"""GX engine: suites load only with registered expectations; the seed's JSON report keeps
the REPORT_FORMAT.md contract; exit codes follow DESIGN.md."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from copydesk.cli import app
from copydesk.corpus import load_corpus
from copydesk.engine import SuiteError, build_suites, default_suite_dir, load_suite_dicts

from .conftest import SEED_ARTICLE, SEEDS, write_jsonl

runner = CliRunner()


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "report.json"
    result = runner.invoke(app, ["check", str(SEEDS), "--format", "json", "--output", str(out), "--no-docs"])
    assert result.exit_code == 1, result.output
    return json.loads(out.read_text())


def test_seed_report_matches_the_contract(seed_report):
    r = seed_report
    assert r["schema"] == 1 and r["tool"] == {"name": "copydesk", "version": "0.1.0"}
    assert r["success"] is False
    assert isinstance(r["corpus"]["articles"], int) and r["corpus"]["articles"] >= 1
    assert "seeds/rt-azerbaijan-armenia-losses.txt" in [f.replace("\\", "/") for f in r["corpus"]["files"]]
    assert r["corpus"]["ingest_errors"] == []
    for e in r["expectations"]:
        assert set(e) >= {"suite", "expectation", "success", "element_count", "unexpected_count"}
        assert isinstance(e["success"], bool)
    keys = {"article_id", "check", "rule", "severity", "field", "start", "end", "text", "message",
            "suggestion", "file", "line"}
    assert r["findings"], "the seed corpus has deliberate defects"
    corpus = load_corpus([SEEDS], base=SEEDS.parent)
    texts = corpus.articles.set_index("id")
    for f in r["findings"]:
        assert keys <= set(f), f
        assert f["field"] in ("title", "lede", "body")
        assert f["severity"] in ("error", "warning", "info")
        assert texts.loc[f["article_id"], f["field"]][f["start"]:f["end"]] == f["text"]


def test_seed_article_boilerplate_is_exactly_the_two_lines(seed_report):
    seed = [f for f in seed_report["findings"]
            if f["article_id"] == "rt-azerbaijan-armenia-losses" and f["check"] == "boilerplate"]
    assert [(f["text"], f["line"]) for f in seed] == [
        ("You can share this story on social media:", 11),
        ("Comments are closed.", 12),
    ]
    failed = {e["expectation"] for e in seed_report["expectations"] if not e["success"]}
    assert "expect_paragraphs_to_have_no_boilerplate" in failed


def test_jsonl_format_writes_one_finding_per_line(tmp_path):
    out = tmp_path / "f.jsonl"
    result = runner.invoke(app, ["check", str(SEED_ARTICLE), "--format", "jsonl", "-o", str(out), "--no-docs"])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["text"] for r in rows if r["check"] == "boilerplate"} == {
        "You can share this story on social media:", "Comments are closed."}


def test_unknown_expectation_is_an_error_not_skipped(tmp_path):
    suite = {"name": "paragraphs", "meta": {"copydesk": {"table": "paragraphs"}},
             "expectations": [{"type": "expect_paragraphs_to_be_poetry", "kwargs": {"column": "text"}}]}
    path = tmp_path / "paragraphs.json"
    path.write_text(json.dumps(suite))
    with pytest.raises(SuiteError, match="unknown expectation 'expect_paragraphs_to_be_poetry'"):
        build_suites(load_suite_dicts([path]))
    result = runner.invoke(app, ["check", str(SEED_ARTICLE), "--suite", str(path), "--no-docs"])
    assert result.exit_code == 2
    assert "expect_paragraphs_to_be_poetry" in result.output


def test_invalid_kwargs_are_an_error_not_skipped(tmp_path):
    suite = {"name": "articles", "expectations": [
        {"type": "expect_column_values_to_not_be_null", "kwargs": {}}]}
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(suite))
    with pytest.raises(SuiteError, match="could not be loaded"):
        build_suites(load_suite_dicts([path]))


def test_custom_expectation_in_the_wrong_table_is_an_error(tmp_path):
    suite = {"name": "sentences", "expectations": [
        {"type": "expect_paragraphs_to_have_no_boilerplate", "kwargs": {"column": "text"}}]}
    path = tmp_path / "sentences.json"
    path.write_text(json.dumps(suite))
    with pytest.raises(SuiteError, match="checks the paragraphs table"):
        build_suites(load_suite_dicts([path], replace_defaults=True))


def test_default_suites_all_load():
    built = build_suites(load_suite_dicts())
    assert set(built) >= {"articles", "paragraphs"}
    on_disk = sum(len(json.loads(p.read_text())["expectations"]) for p in default_suite_dir().glob("*.json"))
    assert sum(len(s.expectations) for _, s in built.values()) == on_disk


def test_fail_on_and_exit_codes(tmp_path):
    footer = "The Harbor Ledger is a reader-funded newsroom covering the bay."
    prose = ["The council approved the budget on Tuesday, the clerk said.",
             "The bridge will open in spring, the mayor said on Monday.",
             "Farmers reported a smaller harvest, the agriculture ministry said."]
    path = write_jsonl(tmp_path / "c.jsonl", [
        {"id": f"a{i}", "source": "Ledger", "title": "Local news", "body": f"{p}\n\n{footer}"}
        for i, p in enumerate(prose)])
    # repeated-line findings are warnings: they fail the gate only from --fail-on warning
    suites = str(default_suite_dir() / "paragraphs.json")
    base = ["check", str(path), "--no-docs", "--suite", suites, "-f", "json", "-o", str(tmp_path / "r.json")]
    assert runner.invoke(app, base).exit_code == 0
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["summary"]["by_severity"]["warning"] == 3 and report["success"] is True
    assert runner.invoke(app, base + ["--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(app, base + ["--fail-on", "never"]).exit_code == 0


def test_usage_and_input_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["check", str(tmp_path / "nope"), "--no-docs"]).exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    result = runner.invoke(app, ["check", str(bad), "--no-docs"])
    assert result.exit_code == 2 and "bad.jsonl:1" in result.output
    cfg = tmp_path / "copydesk.toml"
    cfg.write_text("fail_on = [")
    assert runner.invoke(app, ["check", str(SEED_ARTICLE), "--config", str(cfg), "--no-docs"]).exit_code == 2


def test_ingest_errors_do_not_stop_the_run(tmp_path):
    shutil.copy(SEED_ARTICLE, tmp_path / "seed.txt")
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "body": \n')
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["check", str(tmp_path), "-f", "json", "-o", str(out), "--no-docs"])
    assert result.exit_code == 1
    report = json.loads(out.read_text())
    assert report["corpus"]["articles"] == 1
    assert report["corpus"]["ingest_errors"][0]["line"] == 1
    assert "invalid JSON" in report["corpus"]["ingest_errors"][0]["error"]


def test_ingest_errors_fail_the_gate(tmp_path):
    good = {"id": "ok", "title": "Council approves budget",
            "body": "The council approved the budget on Tuesday, the mayor said.\n\nThe vote was 7-2."}
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(good) + "\n" + '{"id": "broken", "body": \n')
    args = ["check", str(path), "--no-docs", "-f", "json", "-o", str(tmp_path / "r.json"),
            "--suite", str(default_suite_dir() / "paragraphs.json")]
    assert runner.invoke(app, args).exit_code == 1
    assert json.loads((tmp_path / "r.json").read_text())["success"] is False
    assert runner.invoke(app, args + ["--fail-on", "never"]).exit_code == 0


def test_project_wide_config_reaches_the_validators_that_use_it(tmp_path):
    from copydesk.config import load_config
    from copydesk.run import RunContext

    cfg_path = tmp_path / "copydesk.toml"
    cfg_path.write_text('languagetool_url = "http://127.0.0.1:9/"\n[checks.typos]\nlexicon = "words.txt"\n'
                        '[checks.boilerplate]\nmin_repeats = 5\n')
    run = RunContext(load_corpus([SEED_ARTICLE]), load_config(cfg_path))
    typos = run.validator_settings("typos", {"ignore_words": ["Lachin"]})
    assert typos == {"languagetool_url": "http://127.0.0.1:9/", "lexicon_base": str(tmp_path),
                     "lexicon": "words.txt", "ignore_words": ["Lachin"]}
    # suite kwargs win over config; families that take no project-wide setting get none
    assert run.validator_settings("boilerplate", {"min_repeats": 7}) == {"min_repeats": 7}


def test_evidence_columns_say_what_is_wrong_on_each_table():
    """Every check leaves `<check>_evidence` on its own table (the row's text, then why)
    and on the articles table (each flagged span and why), for Data Docs and for suites
    that count articles per source."""
    from copydesk.engine import load_suite_dicts, validate_corpus

    corpus = load_corpus([SEED_ARTICLE])
    validate_corpus(corpus, None, load_suite_dicts())
    paragraphs = corpus.paragraphs["boilerplate_evidence"]
    assert (paragraphs != "").sum() == 2
    assert "Comments are closed.  ⟵  boilerplate line (comments)" in paragraphs.tolist()
    article = corpus.articles.iloc[0]
    assert "“Comments are closed.” boilerplate line (comments)" in article["boilerplate_evidence"]
    assert article["typos_evidence"] == "“atack” possible misspelling of 'attack'"
    assert article["attribution_evidence"] == "" and article["numbers_evidence"] == ""
    sentences = corpus.sentences
    assert sentences.loc[sentences["typos_evidence"] != "", "typos_evidence"].tolist() == [
        "According to Armenian Prime Minister Nikol Pashinyan, 49 Armenian soldiers were killed while "
        "repelling the atack.  ⟵  possible misspelling of 'attack'"]


@pytest.mark.parametrize("table, named", [
    ('[severity]\n"attribution/vague-sauce" = "error"\n', "has no rule 'vague-sauce'"),
    ('[severity]\n"atribution" = "error"\n', "severity 'atribution': no such check"),
    ('[checks.typoz]\nlexicon = "words.txt"\n', "[checks.typoz]: no such check"),
    ('[checks.boilerplate]\nmin_repeat = 5\n', "[checks.boilerplate]: boilerplate: unknown setting(s) min_repeat; known: "),
    ('[checks.numbers]\nyear_slack = "one"\n', "[checks.numbers]: numbers: setting year_slack must be int, not 'one'"),
])
def test_misspelt_checks_and_rules_in_the_config_are_errors(tmp_path, table, named):
    from copydesk.config import ConfigError, load_config

    cfg_path = tmp_path / "copydesk.toml"
    cfg_path.write_text(table)
    with pytest.raises(ConfigError) as err:
        load_config(cfg_path)
    assert named in str(err.value)
    cfg_path.write_text('[severity]\n"attribution/vague-source" = "error"\n"numbers" = "warning"\n')
    assert load_config(cfg_path).severity_for("numbers", "sum-mismatch", "error") == "warning"


def test_a_check_in_two_expectations_reports_each_finding_once():
    """Two expectations of one check with different settings share their common findings."""
    import copy

    from copydesk.engine import load_suite_dicts, validate_corpus

    suites = load_suite_dicts()
    sentences = suites["sentences"]
    attributed = next(e for e in sentences["expectations"] if e["type"] == "expect_sentences_to_be_attributed")
    second = copy.deepcopy(attributed)
    second["kwargs"]["settings"] = {"report_unbalanced": False}
    sentences["expectations"].append(second)
    corpus = load_corpus([SEEDS / "sample" / "news.jsonl"])
    found = validate_corpus(corpus, None, suites).findings
    keys = [(f.article_id, f.check, f.rule, f.field, f.start) for f in found]
    assert len(keys) == len(set(keys))
    assert sum(f.check == "attribution" for f in found) == 4
