"""The engine-free check API: a Validator turns a Corpus into Findings.

Modelled on datatrove's filters: one class per check family, every threshold a named
constructor argument with its default, a docstring citing where each rule comes from,
and a message (the reason) on every finding. Validators never import GX; the
expectations/ package adapts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from copydesk.config import Config
    from copydesk.corpus.tables import Corpus
    from copydesk.model import Finding


@dataclass(frozen=True)
class Rule:
    """A rule inside a check family, as `copydesk explain` shows it."""

    name: str
    severity: str
    summary: str
    why: str
    example: str = ""


class Validator:
    """Base class. Subclasses set `check`, `table`, `rules` and implement `run`.

    `table` names the corpus table whose rows the GX expectation maps over
    ("paragraphs", "sentences" or "articles"); a row is unexpected when a finding of
    this check falls inside it.
    """

    check: ClassVar[str]
    table: ClassVar[str]
    rules: ClassVar[dict[str, Rule]]

    def __init__(self, **settings: Any):
        unknown = set(settings) - set(self.defaults())
        if unknown:
            raise TypeError(f"{self.check}: unknown setting(s) {', '.join(sorted(unknown))}")
        self.settings = {**self.defaults(), **settings}

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Named settings and their defaults (read from the constructor's DEFAULTS)."""
        return dict(getattr(cls, "DEFAULTS", {}))

    @classmethod
    def settings_from_config(cls, config: Config) -> dict[str, Any]:
        """Settings this family takes from project-wide configuration (not from its own
        [checks.<family>] table), e.g. a server URL; none by default."""
        return {}

    def run(self, corpus: Corpus) -> list[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def annotate(self, corpus: Corpus, findings: list[Finding]) -> None:
        """Optionally add per-article columns to corpus.articles (after `run`), so that
        suites can set expectations on them; the default adds nothing."""

    def severity(self, rule: str) -> str:
        return self.rules[rule].severity


REGISTRY: dict[str, type[Validator]] = {}


def register(cls: type[Validator]) -> type[Validator]:
    REGISTRY[cls.check] = cls
    return cls


def all_validators() -> dict[str, type[Validator]]:
    """Every check family, imported on demand (validators are cheap to import)."""
    from copydesk import validators  # noqa: F401  (registers the families)

    return dict(REGISTRY)
