"""Configuration: `[tool.copydesk]` in pyproject.toml, or a `copydesk.toml` file.

Keys (all optional)::

    [tool.copydesk]
    docs_dir = "reports"            # where Data Docs are written
    fail_on = "error"               # error | warning | never
    languagetool_url = ""           # LanguageTool server; also COPYDESK_LANGUAGETOOL_URL
    suites = "expectations"         # folder of GX suite JSON replacing/extending the defaults
    max_record_bytes = 10_000_000   # a bigger record is an ingest error (cost grows with size)
    exclude = ["drafts/", "*.tmp.jsonl"]   # files or folders not to check (fnmatch patterns)

    [tool.copydesk.fields]          # map your input's names onto copydesk's fields
    body = "story_text"
    title = "hed"

    [tool.copydesk.checks.boilerplate]   # per-check settings (validator keyword arguments)
    min_repeats = 3

    [tool.copydesk.severity]        # per-rule severity overrides, "check/rule" or "check";
    "boilerplate/repeated-line" = "warning"   # "off" switches a rule (or check) off
    "typos/dialect" = "off"

In copydesk.toml the same keys sit at the top level (or under [tool.copydesk]). The file
is looked for from the first checked path upwards, then from the working folder upwards
(as ruff does), and a key it does not know is an error naming the known ones.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILES = ("copydesk.toml", "pyproject.toml")

# A record larger than this is an ingest error (copydesk/corpus/readers.py): checks cost
# time and memory in proportion to a record's size, and one runaway record (a whole dump
# pasted into one field) must not take the run down. 10 MB is ~1.5M words, 1,000 times a
# long feature story.
DEFAULT_MAX_RECORD_BYTES = 10_000_000


class ConfigError(Exception):
    """The configuration file cannot be read or has a wrong value."""


@dataclass
class Config:
    path: Path | None = None
    fields: dict[str, str] = field(default_factory=dict)
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    docs_dir: str = "reports"
    fail_on: str = "error"
    languagetool_url: str | None = None
    suites: str | None = None
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    exclude: list[str] = field(default_factory=list)

    def check_settings(self, check: str) -> dict[str, Any]:
        return dict(self.checks.get(check, {}))

    def severity_for(self, check: str, rule: str, default: str) -> str:
        return self.severity.get(f"{check}/{rule}", self.severity.get(check, default))


def _table_from(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("copydesk")
    return data.get("tool", {}).get("copydesk", data)


def find_config(start: Path) -> Path | None:
    """The nearest copydesk.toml, or pyproject.toml with [tool.copydesk], upwards from start."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and _table_from(candidate) is None:
                    continue
                return candidate
    return None


TABLE_KEYS = ("fields", "checks", "severity")
VALUE_KEYS = ("docs_dir", "fail_on", "languagetool_url", "suites", "max_record_bytes", "exclude")


def load_config(path: str | Path | None = None, start: Path | None = None) -> Config:
    """Load an explicit config file, or discover one upwards from `start` (a checked file
    or folder), then upwards from the working folder."""
    if path is not None:
        cfg_path = Path(path)
        if not cfg_path.is_file():
            raise ConfigError(f"{cfg_path}: configuration file not found")
    else:
        cfg_path = None
        if start is not None and (start.exists() or start.parent.exists()):
            cfg_path = find_config(start if start.is_dir() else start.parent)
        cfg_path = cfg_path or find_config(Path.cwd())
    table: dict[str, Any] = {}
    if cfg_path is not None:
        table = _table_from(cfg_path) or {}
    unknown = sorted(set(table) - set(TABLE_KEYS) - set(VALUE_KEYS) - {"tool"})
    if unknown:
        hints = {k: k.replace("-", "_") for k in unknown if k.replace("-", "_") in VALUE_KEYS + TABLE_KEYS}
        hint = "".join(f" ({k!r} is spelt {v!r})" for k, v in hints.items())
        raise ConfigError(f"{cfg_path}: unknown configuration key{'s' if len(unknown) > 1 else ''} "
                          f"{', '.join(map(repr, unknown))}{hint}; known: {', '.join(VALUE_KEYS + TABLE_KEYS)}")
    cfg = Config(path=cfg_path)
    for key in TABLE_KEYS:
        value = table.get(key, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{cfg_path}: [{key}] must be a table")
        setattr(cfg, key, dict(value))
    for key in VALUE_KEYS:
        if key in table:
            setattr(cfg, key, table[key])
    if not isinstance(cfg.exclude, list) or not all(isinstance(p, str) for p in cfg.exclude):
        raise ConfigError(f"{cfg_path}: exclude must be a list of patterns (strings), not {cfg.exclude!r}")
    if isinstance(cfg.max_record_bytes, bool) or not isinstance(cfg.max_record_bytes, int) \
            or cfg.max_record_bytes < 1:
        raise ConfigError(f"{cfg_path}: max_record_bytes must be a positive whole number of bytes, "
                          f"not {cfg.max_record_bytes!r}")
    if cfg.fail_on not in ("error", "warning", "info", "never"):
        raise ConfigError(f"{cfg_path}: fail_on must be error, warning, info or never")
    for rule, sev in cfg.severity.items():
        if sev not in ("error", "warning", "info", "off"):
            raise ConfigError(f"{cfg_path}: severity for {rule!r} must be error, warning, info or off")
    _check_names(cfg, cfg_path)
    env_url = os.environ.get("COPYDESK_LANGUAGETOOL_URL")
    if env_url:
        cfg.languagetool_url = env_url
    return cfg


def _check_names(cfg: Config, cfg_path) -> None:
    """A misspelt check, rule or setting in [checks.*] or [severity], or a setting of the wrong
    type, would be ignored or fail late and the user would believe a gate changed; name it
    instead (validators are cheap to import, GX is not touched)."""
    from copydesk.validators.base import all_validators

    registry = all_validators()
    for check, values in cfg.checks.items():
        if check not in registry:
            raise ConfigError(f"{cfg_path}: [checks.{check}]: no such check; known: {', '.join(sorted(registry))}")
        if not isinstance(values, dict):
            raise ConfigError(f"{cfg_path}: [checks.{check}] must be a table of settings")
        try:  # names and types as the family's settings dataclass declares them
            registry[check].Settings.build(check, values)
        except TypeError as exc:
            raise ConfigError(f"{cfg_path}: [checks.{check}]: {exc}") from None
    for key in cfg.severity:
        check, _, rule = key.partition("/")
        if check not in registry:
            raise ConfigError(f"{cfg_path}: severity {key!r}: no such check; known: {', '.join(sorted(registry))}")
        if rule and rule not in registry[check].rules:
            raise ConfigError(f"{cfg_path}: severity {key!r}: the {check} check has no rule {rule!r}; "
                              f"its rules: {', '.join(sorted(registry[check].rules))}")
