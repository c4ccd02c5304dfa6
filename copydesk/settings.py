"""Typed settings of the check families: one frozen dataclass per family.

Each field is one setting: its name, type, default, a one-line doc and where the default
comes from (`setting(default, doc, source=...)`). `copydesk explain`, `copydesk init`,
configuration checks and the validators themselves read the dataclass, so a setting is
declared once. Values from the configuration file and suites are checked against the
field's type when a validator is built (`FamilySettings.build`).

Light to import: the standard library only.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Union

_MUTABLE = (list, dict, set)


def setting(default: Any, doc: str, source: str = "") -> Any:
    """A settings field: `default`, a one-line `doc`, and `source`, where the default comes
    from (a style guide, a measurement on the dev set, a convention)."""
    meta = {"doc": doc, "source": source}
    if isinstance(default, _MUTABLE):
        return dataclasses.field(default_factory=lambda: type(default)(default), metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


@dataclass(frozen=True)
class SettingInfo:
    """One setting as `copydesk explain` and `copydesk init` show it."""

    name: str
    type: str
    default: Any
    doc: str
    source: str


def _type_name(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        return " | ".join(_type_name(a) for a in typing.get_args(hint))
    if origin is not None:
        args = ", ".join("..." if a is Ellipsis else _type_name(a) for a in typing.get_args(hint))
        return f"{getattr(origin, '__name__', str(origin))}[{args}]"
    return "None" if hint is type(None) else getattr(hint, "__name__", str(hint))


def _conforms(value: Any, hint: Any) -> tuple[bool, Any]:
    """(value fits `hint`, the value to keep): an int is accepted for a float setting and a
    tuple for a list one; bools are never numbers."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return True, value
    if origin in (Union, types.UnionType):
        for arg in typing.get_args(hint):
            ok, kept = _conforms(value, arg)
            if ok:
                return True, kept
        return False, value
    if hint is type(None):
        return value is None, value
    if origin in (list, tuple, set, frozenset):
        if not isinstance(value, (list, tuple, set, frozenset)):
            return False, value
        args = [a for a in typing.get_args(hint) if a is not Ellipsis]
        kept = []
        for item in value:
            ok, item = _conforms(item, args[0]) if args else (True, item)
            if not ok:
                return False, value
            kept.append(item)
        return True, origin(kept) if origin is not list else kept
    if origin is dict:
        return isinstance(value, dict), value
    if hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return True, float(value)
        return False, value
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    if isinstance(hint, type):
        return isinstance(value, hint), value
    return True, value


@dataclass(frozen=True)
class FamilySettings:
    """Base of each family's settings dataclass (no settings of its own)."""

    _hints: ClassVar[dict[type, dict[str, Any]]] = {}

    @classmethod
    def hints(cls) -> dict[str, Any]:
        """The resolved type of each field (annotations are strings under postponed evaluation)."""
        if cls not in FamilySettings._hints:
            FamilySettings._hints[cls] = typing.get_type_hints(cls)
        return FamilySettings._hints[cls]

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        return cls().as_dict()

    @classmethod
    def describe(cls) -> list[SettingInfo]:
        hints = cls.hints()
        defaults = cls.defaults()
        return [SettingInfo(f.name, _type_name(hints[f.name]), defaults[f.name], f.metadata.get("doc", ""),
                            f.metadata.get("source", "")) for f in dataclasses.fields(cls)]

    @classmethod
    def build(cls, family: str, values: Mapping[str, Any]) -> FamilySettings:
        """The settings with `values` over the defaults; TypeError naming the family and the
        setting for an unknown name or a value of the wrong type."""
        names = cls.names()
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise TypeError(f"{family}: unknown setting(s) {', '.join(unknown)}; "
                            f"known: {', '.join(names) or 'none'}")
        hints = cls.hints()
        kept = {}
        for name, value in values.items():
            ok, value = _conforms(value, hints[name])
            if not ok:
                raise TypeError(f"{family}: setting {name} must be {_type_name(hints[name])}, "
                                f"not {value!r}")
            kept[name] = value
        return cls(**kept)

    def as_dict(self) -> dict[str, Any]:
        """Field name -> value (shallow: values are not copied)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
