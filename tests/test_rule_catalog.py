"""`copydesk explain --format json`: every rule with check, rule, severity, summary,
settings (name, default, doc) and example; rule names as options spell them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from copydesk.cli import app
from copydesk.rules import RuleNameError, RuleSelection, check_rule_name, rule_settings, split_names
from copydesk.validators.base import all_validators

runner = CliRunner()


def _explain(*args: str) -> dict:
    res = runner.invoke(app, ["explain", "--format", "json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_json_lists_every_rule_with_its_documentation_and_settings():
    doc = _explain()
    registry = all_validators()
    codes = [r["code"] for r in doc["rules"]]
    assert sorted(codes) == sorted(f"{c}/{r}" for c, cls in registry.items() for r in cls.rules)
    for entry in doc["rules"]:
        cls = registry[entry["check"]]
        rule = cls.rules[entry["rule"]]
        assert entry["code"] == f"{entry['check']}/{entry['rule']}"
        assert entry["severity"] == rule.severity and entry["table"] == cls.table
        assert entry["summary"] == " ".join(rule.summary.split()) and entry["summary"]
        assert entry["example"] == " ".join(rule.example.split())
        assert [s["name"] for s in entry["settings"]] == list(cls.defaults())
        for s in entry["settings"]:
            assert set(s) == {"name", "type", "default", "doc", "source"}
            json.dumps(s["default"])  # JSON-ready
    phrase = next(r for r in doc["rules"] if r["code"] == "boilerplate/phrase")
    settings = {s["name"]: s for s in phrase["settings"]}
    assert settings["min_repeats"]["default"] == registry["boilerplate"].defaults()["min_repeats"]
    assert "repeated-line" in settings["min_repeats"]["doc"]


def test_json_for_one_check_or_rule_and_configured_severity(tmp_path):
    assert {r["check"] for r in _explain("typos")["rules"]} == {"typos"}
    (only,) = _explain("boilerplate/navigation")["rules"]
    assert only["code"] == "boilerplate/navigation"
    cfg = tmp_path / "copydesk.toml"
    cfg.write_text('[severity]\n"boilerplate/navigation" = "error"\n', encoding="utf-8")
    (entry,) = _explain("boilerplate/navigation", "--config", str(cfg))["rules"]
    assert (entry["severity"], entry["configured_severity"]) == ("warning", "error")


def test_json_unknown_rule_is_exit_2_naming_the_known_ones():
    res = runner.invoke(app, ["explain", "typos/nope", "--format", "json"])
    assert res.exit_code == 2
    assert "misspelling" in res.output and "name-variant" in res.output
    res = runner.invoke(app, ["explain", "--format", "yaml"])
    assert res.exit_code == 2


def test_every_setting_of_every_family_is_typed_and_documented():
    for check, cls in all_validators().items():
        for entry in rule_settings(cls):
            assert entry["doc"], f"{check}.{entry['name']} has no doc"
            assert entry["type"] and entry["type"] != "Any", f"{check}.{entry['name']} has no type"


def test_typed_settings_check_names_and_types():
    """A family's settings dataclass: unknown names and wrong types are errors naming the
    setting; an int is taken for a float and a list for a tuple."""
    from copydesk.validators.numbers import NumbersValidator

    v = NumbersValidator(min_claim_value=2, check_fields=["title"])
    assert v.settings["min_claim_value"] == 2.0 and isinstance(v.settings["min_claim_value"], float)
    assert v.settings["check_fields"] == ("title",)
    with pytest.raises(TypeError, match="unknown setting.*min_claim_valu\\b.*known: check_fields"):
        NumbersValidator(min_claim_valu=2)
    with pytest.raises(TypeError, match="setting year_slack must be int, not 'one'"):
        NumbersValidator(year_slack="one")
    with pytest.raises(TypeError, match="setting flag_unmatched must be bool"):
        NumbersValidator(flag_unmatched=1)
    info = {i.name: i for i in NumbersValidator.Settings.describe()}
    assert info["arith_window"].type == "int" and info["arith_window"].default == 300
    assert info["arith_window"].doc and "dev set" in info["arith_window"].source


def test_rule_names_and_selection():
    assert split_names(["typos,boilerplate/phrase", " numbers ", ""]) == ["typos", "boilerplate/phrase", "numbers"]
    assert check_rule_name("typos/name-variant") == "typos/name-variant"
    with pytest.raises(RuleNameError, match="known checks and rules: attribution: .*typos: "):
        check_rule_name("typo")
    with pytest.raises(RuleNameError, match="the boilerplate check has: navigation, phrase, repeated-line"):
        check_rule_name("boilerplate/phrases")
    sel = RuleSelection.from_options(["typos"], ["typos/name-variant"])
    assert sel.allows("typos", "misspelling") and not sel.allows("typos", "name-variant")
    assert not sel.allows("boilerplate", "phrase")
    assert sel.checks() == {"typos"}
    narrow = RuleSelection.from_options([], ["typos", "boilerplate/navigation"])
    assert not narrow.allows("typos", "misspelling") and narrow.allows("boilerplate", "phrase")
    assert not narrow.allows("boilerplate", "navigation")
    back = RuleSelection.from_options(["typos/misspelling"], ["typos"])
    assert back.allows("typos", "misspelling") and not back.allows("typos", "dialect")
    assert not RuleSelection() and RuleSelection().checks() is None
