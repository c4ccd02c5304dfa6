"""dropped-attribution: a source that one version of a story states and another cut."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from copydesk.cli import app
from copydesk.corpus import Corpus, load_corpus
from copydesk.validators.attribution import AttributionValidator

SEED = Path(__file__).resolve().parents[1] / "seeds" / "rt-azerbaijan-armenia-losses.txt"
PASHINYAN = "According to Armenian Prime Minister Nikol Pashinyan, "
SHARED = (
    "The council met on Tuesday evening to discuss the harbour budget for next year. "
    "Dozens of residents attended the meeting at the old town hall on Main Street.\n\n"
)


def versions(*bodies: str, **settings):
    rows = [{"id": f"v{i}", "title": "Harbour budget", "lede": "", "body": SHARED + body, "source": "wire"}
            for i, body in enumerate(bodies)]
    c = Corpus.from_frame(pd.DataFrame(rows))
    found = AttributionValidator(**settings).run(c)
    for f in found:
        assert c.text_of(f.article_id, f.field)[f.start:f.end] == f.text
    return [f for f in found if f.rule == "dropped-attribution"], found


def test_cut_source_is_flagged_in_the_version_that_lacks_it():
    dropped, _ = versions(
        "The harbour will need 40 million dollars for repairs, the port authority said.",
        "The harbour will need 40 million dollars for repairs.",
    )
    assert len(dropped) == 1
    f = dropped[0]
    assert (f.article_id, f.severity, f.text) == ("v1", "error", "The harbour will need 40 million dollars for repairs.")
    assert "v0" in f.message and "“the port authority said”" in f.message
    assert f.related["article_id"] == "v0"
    assert f.related["text"] == "The harbour will need 40 million dollars for repairs, the port authority said."


def test_said_that_and_according_to_cuts_with_a_repaired_capital():
    dropped, _ = versions(
        "The mayor said that the ferry service would end in March. "
        "According to the budget office, the harbour loses money every winter.",
        "The ferry service would end in March. The harbour loses money every winter.",
    )
    assert sorted(f.text for f in dropped) == ["The ferry service would end in March.",
                                               "The harbour loses money every winter."]
    assert {f.article_id for f in dropped} == {"v1"}


def test_changes_that_are_not_a_cut_source_are_not_flagged():
    """Cut clauses with a verb that is no attribution ("proposed by", "did not say",
    "add to") are content changes; beside them, a real cut source still is one."""
    dropped, _ = versions(
        "The harbour will need 40 million dollars for repairs, proposed by the council in May. "
        "He did not say where the money would come from, but the repairs will start soon. "
        "Fees will add to the cost of the new ferry over the coming decade. "
        "Ticket prices will rise by a third next spring, the operator said.",
        "The harbour will need 40 million dollars for repairs. "
        "The repairs will start soon. "
        "Fees will raise the cost of the new ferry over the coming decade. "
        "Ticket prices will rise by a third next spring.",
    )
    assert [f.text for f in dropped] == ["Ticket prices will rise by a third next spring."]


def test_the_sourced_version_is_never_flagged_and_one_finding_per_sentence():
    dropped, _ = versions(
        "The harbour will need 40 million dollars for repairs, the port authority said.",
        "The harbour will need 40 million dollars for repairs, the port authority said.",
        "The harbour will need 40 million dollars for repairs.",
    )
    assert [f.article_id for f in dropped] == ["v2"]  # once, though two versions say who


def test_articles_sharing_too_little_or_only_stock_lines_are_not_versions():
    rows = []
    for i, body in enumerate(["The harbour will need 40 million dollars for repairs, the port authority said.",
                              "The harbour will need 40 million dollars for repairs."]):
        rows.append({"id": f"v{i}", "title": "t", "lede": "",
                     "body": "The council met on Tuesday evening to discuss the harbour budget.\n\n" + body})
    c = Corpus.from_frame(pd.DataFrame(rows))
    assert not [f for f in AttributionValidator().run(c) if f.rule == "dropped-attribution"]  # one shared sentence
    # the same two stock sentences in 25 articles of an outlet pair none of them
    rows = [{"id": f"s{i}", "title": "t", "lede": "", "body": SHARED + (
        "Officials gave the figure of 12 new berths, the port authority said." if i == 0 else
        "Officials gave the figure of 12 new berths.")} for i in range(25)]
    c = Corpus.from_frame(pd.DataFrame(rows))
    assert not [f for f in AttributionValidator().run(c) if f.rule == "dropped-attribution"]
    assert sorted(f.article_id for f in AttributionValidator(version_max_fanout=30).run(c)
                  if f.rule == "dropped-attribution") == sorted(f"s{i}" for i in range(1, 25))


def test_dropped_quote_speaker_replaces_the_unattributed_quote_finding():
    dropped, found = versions(
        '"We cannot keep the ferry running on goodwill alone," the harbour master said.',
        '"We cannot keep the ferry running on goodwill alone."',
    )
    assert [(f.article_id, f.rule) for f in found] == [("v1", "dropped-attribution")]
    off, _ = versions(
        '"We cannot keep the ferry running on goodwill alone," the harbour master said.',
        '"We cannot keep the ferry running on goodwill alone."',
        compare_versions=False,
    )
    assert off == []


def test_seed_and_its_edited_copy_in_one_corpus(tmp_path):
    """The issue's edit, with the published seed beside it: the finding names the cut
    source and points at the seed's sentence, in the seed's own file and line."""
    text = SEED.read_text(encoding="utf-8")
    original = tmp_path / "seed.txt"
    original.write_text(text, encoding="utf-8")
    edited = tmp_path / "edited.txt"
    edited.write_text(text.replace(PASHINYAN + "49", "49"), encoding="utf-8")
    c = load_corpus([original, edited])
    found = AttributionValidator().run(c)
    assert [(f.article_id, f.rule) for f in found] == [("edited", "dropped-attribution")]
    assert f"“{PASHINYAN.rstrip(', ')}”" in found[0].message

    sarif = tmp_path / "r.sarif"
    res = CliRunner().invoke(app, ["check", str(original), str(edited), "--no-docs", "-q", "-f", "json",
                                   "-f", f"sarif={sarif}"])
    report = json.loads(res.stdout)
    (result,) = [r for r in json.loads(sarif.read_text())["runs"][0]["results"]
                 if r["ruleId"] == "attribution/dropped-attribution"]
    (rel,) = result["relatedLocations"]
    assert rel["physicalLocation"]["artifactLocation"]["uri"].endswith("seed.txt")
    assert rel["logicalLocations"][0]["fullyQualifiedName"] == "seed/body"
    (finding,) = [f for f in report["findings"] if f["check"] == "attribution"]
    related = finding["related"]
    assert finding["file"] == str(edited) and related["file"] == str(original)
    assert related["article_id"] == "seed"
    line = text[:text.index(PASHINYAN)].count("\n") + 1  # in the seed file
    assert related["line"] == line and related["text"].startswith(PASHINYAN)


def test_sample_corpus_attribution_defects_are_exactly_the_documented_ones():
    """seeds/README.md lists one defect per attribution rule in the sample corpus,
    including the Northern Post rewrite that cuts the Valley Wire's source."""
    sample = Path(__file__).resolve().parents[1] / "seeds" / "sample"
    found = AttributionValidator().run(load_corpus([sample]))
    assert sorted((f.article_id, f.rule) for f in found) == [
        ("ledger-0415-fire", "unattributed-quote"),
        ("post-budget-0404", "dropped-attribution"),
        ("wire-budget-0403", "vague-source"),
        ("wire-flood-0402", "unattributed-claim"),
    ]
    (dropped,) = [f for f in found if f.rule == "dropped-attribution"]
    assert dropped.related["article_id"] == "wire-budget-0403"
    assert "“Board chair Linda Osei said”" in dropped.message
