"""The rule catalog: every check/rule with its default severity, documentation, settings
and example (``copydesk explain``, ``--format json``), and rule names as the command line
and configuration spell them (``typos`` or ``typos/name-variant``).

Settings are read from each family's typed settings dataclass (copydesk/settings.py).

Light to import (validators are imported on demand, GX never).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copydesk.config import Config

#: The severity that switches a rule off (in ``[severity]``); findings of it are dropped.
OFF = "off"

class RuleNameError(ValueError):
    """A check or rule name that does not exist; the message names the known ones."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, (tuple, list, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, PurePath):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def rule_settings(cls) -> list[dict[str, Any]]:
    """A check family's settings as its typed settings dataclass declares them
    (copydesk/settings.py): name, type, default (JSON-ready), doc and where the default
    comes from, in declared order."""
    return [{"name": info.name, "type": info.type, "default": _jsonable(info.default), "doc": info.doc,
             "source": info.source} for info in cls.Settings.describe()]


def setting_comment(info) -> str:
    """A setting's doc, then where its default comes from, as one comment line."""
    return f"{info.doc} ({info.source})" if info.doc and info.source else info.doc or info.source


def known_rules() -> dict[str, tuple[str, ...]]:
    """Every check and its rules, sorted: {"attribution": ("dropped-attribution", ...), ...}."""
    from copydesk.validators.base import all_validators

    return {check: tuple(sorted(cls.rules)) for check, cls in sorted(all_validators().items())}


def _known_text(known: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{check}: {', '.join(rules)}" for check, rules in known.items())


def check_rule_name(name: str, known: dict[str, tuple[str, ...]] | None = None) -> str:
    """``name`` (a check, or check/rule) if it exists, else :class:`RuleNameError`."""
    known = known_rules() if known is None else known
    check, sep, rule = name.partition("/")
    if check not in known:
        raise RuleNameError(f"unknown check {check!r} in {name!r}; known checks and rules: {_known_text(known)}")
    if sep and rule not in known[check]:
        raise RuleNameError(f"unknown rule {name!r}; the {check} check has: {', '.join(known[check])}")
    return name


def split_names(values: Iterable[str]) -> list[str]:
    """Repeated and comma-separated option values as one list ("a,b" "c" -> a, b, c)."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@dataclass(frozen=True)
class RuleSelection:
    """Which rules run: ``--select`` (only these; all when empty) minus ``--ignore``.
    Names are checks (``typos``) or rules (``typos/name-variant``); a rule name is more
    specific than its check, so ``--select typos --ignore typos/dialect`` keeps the other
    typo rules, and ``--ignore typos --select typos/misspelling`` keeps misspelling."""

    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()

    @classmethod
    def from_options(cls, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSelection:
        """From option values; :class:`RuleNameError` for a name that does not exist."""
        known = known_rules()
        chosen = [check_rule_name(n, known) for n in split_names(select)]
        dropped = [check_rule_name(n, known) for n in split_names(ignore)]
        return cls(frozenset(chosen), frozenset(dropped))

    def __bool__(self) -> bool:
        return bool(self.select or self.ignore)

    def allows(self, check: str, rule: str) -> bool:
        code = f"{check}/{rule}"
        if code in self.ignore:
            return False
        if code in self.select:
            return True
        if check in self.ignore:
            return False
        return not self.select or check in self.select

    def checks(self) -> set[str] | None:
        """The check families that can still report something (None: all)."""
        if not self:
            return None
        return {check for check, rules in known_rules().items() if any(self.allows(check, r) for r in rules)}


def catalog(cfg: Config | None = None, only: str | None = None) -> list[dict[str, Any]]:
    """Every rule (or those of ``only``: a check or check/rule) for ``explain --format json``:
    code, check, rule, default severity, the severity ``cfg`` sets, the table it is checked
    on, summary, why, example, and the family's settings (name, default, doc)."""
    import sys

    from copydesk.validators.base import all_validators

    registry = all_validators()
    if only:
        check_rule_name(only)
    check_only, _, rule_only = (only or "").partition("/")
    entries = []
    for check, cls in sorted(registry.items()):
        if check_only and check != check_only:
            continue
        settings = rule_settings(cls)
        how = getattr(sys.modules.get(cls.__module__), "HOW_TO_ALLOW", None)
        for r in cls.rules.values():
            if rule_only and r.name != rule_only:
                continue
            configured = cfg.severity_for(check, r.name, r.severity) if cfg is not None else r.severity
            entries.append({
                "code": f"{check}/{r.name}", "check": check, "rule": r.name,
                "severity": r.severity, "configured_severity": configured, "table": cls.table,
                "summary": " ".join(r.summary.split()), "why": " ".join(r.why.split()),
                "example": " ".join(r.example.split()), "settings": settings,
                "how_to_allow": " ".join(how.split()) if how else None,
            })
    return entries


# --------------------------------------------------------------------------- per record

#: The record field that switches rules off for that article alone (and, for the typo
#: check, lists words it accepts there: copydesk/validators/typos.py `ignore_column`).
IGNORE_FIELD = "copydesk_ignore"


def ignore_entries(value: Any) -> list[str]:
    """The entries of a record's ``copydesk_ignore``: a list, JSON text of a list (readers
    store containers as JSON text), or a string of names separated by commas or spaces."""
    import json

    if value is None or (isinstance(value, float) and value != value):  # None / NaN
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                pass
        if isinstance(value, str):
            return [p for p in re.split(r"[\s,]+", text) if p]
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return [str(v).strip() for v in items if v is not None and str(v).strip()]
    return [str(value)]


def is_rule_entry(entry: str, known: dict[str, tuple[str, ...]]) -> bool:
    """An entry names a rule (``check/rule``) or a check; anything else is a word for the
    typo check."""
    return "/" in entry or entry in known


def record_suppressions(articles, where=None) -> dict[str, frozenset[str]]:
    """Article id -> the checks and check/rules its ``copydesk_ignore`` switches off.

    ``where(article_id)`` names the record in errors (file:line). An entry with a ``/``
    that is no known rule is a :class:`RuleNameError` naming the known ones: a misspelt
    suppression must not pass silently (nor suppress nothing while the user believes it
    works)."""
    if IGNORE_FIELD not in getattr(articles, "columns", ()):
        return {}
    known = known_rules()
    out: dict[str, frozenset[str]] = {}
    for article_id, value in zip(articles["id"].tolist(), articles[IGNORE_FIELD].tolist()):
        names = [e for e in ignore_entries(value) if is_rule_entry(e, known)]
        for name in names:
            try:
                check_rule_name(name, known)
            except RuleNameError as exc:
                place = where(article_id) if where else None
                raise RuleNameError(f"{place or 'article ' + repr(article_id)}: {IGNORE_FIELD}: {exc}") from None
        if names:
            out[str(article_id)] = frozenset(names)
    return out


def suppressed(names: frozenset[str] | None, check: str, rule: str) -> bool:
    return bool(names) and (check in names or f"{check}/{rule}" in names)
