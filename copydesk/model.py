"""Plain records shared by readers, validators and reports (no heavy imports)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")
TEXT_FIELDS = ("title", "lede", "body")


def severity_rank(severity: str) -> int:
    """Order of severities for `--fail-on`: info < warning < error."""
    return SEVERITIES.index(severity)


@dataclass
class Article:
    """One article as ingested. Offsets of findings index these strings exactly."""

    id: str
    title: str = ""
    lede: str = ""
    body: str = ""
    source: str | None = None
    url: str | None = None
    published: str | None = None
    file: str | None = None
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # (line, column), both 1-based, where each field's text starts in the file, for
    # inputs whose fields are stored verbatim (plain text); None where unknown.
    origin: dict[str, tuple[int, int]] | None = None


@dataclass
class IngestError:
    """A record that could not become an article: where it is and why."""

    file: str
    line: int | None
    error: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Finding:
    """One problem found by a validator, located by character offsets in one field.

    `article[field][start:end] == text` always holds. `related` optionally carries a
    second span (e.g. the conflicting number in the body) as a dict with the same
    keys field/start/end/text plus any parsed values.
    """

    article_id: str
    check: str
    rule: str
    field: str
    start: int
    end: int
    text: str
    message: str
    severity: str = "error"
    suggestion: str | None = None
    file: str | None = None
    line: int | None = None
    related: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if d["related"] is None:
            del d["related"]
        return d
