"""Baselines: accept today's findings, fail only on new ones.

`copydesk baseline PATHS` writes the current findings to a JSON file; `copydesk check
--baseline FILE` then leaves out findings that the file lists and gates only on the rest.
A finding is identified by article id + `check/rule` + the matched text (white space
collapsed), never by line or offset, so edits elsewhere in an article or file, added
articles and re-ordered records do not turn known findings into new ones. Entries carry a
count: an article with the same boilerplate line twice has two known findings, and a
third copy is new.

Entries that no longer match anything are reported as *fixed*, so the baseline can be
tightened (`copydesk baseline` again); an entry can only be fixed when its article was
checked in this run (with `--changed-since`, unchanged articles are not) and its check
ran, or when a full run no longer has its article at all.

The file is sorted and has no timestamps, so it diffs cleanly in review.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copydesk import __version__
from copydesk.fsutil import atomic_open
from copydesk.model import Finding

SCHEMA = 1
DEFAULT_FILE = "copydesk-baseline.json"
_SPACE = re.compile(r"\s+")


class BaselineError(Exception):
    """The baseline file cannot be read or is not a copydesk baseline."""


Key = tuple[str, str, str]


def finding_key(article_id: str, check: str, rule: str, text: str) -> Key:
    return (str(article_id), f"{check}/{rule}", _SPACE.sub(" ", text).strip())


def key_of(f: Finding | dict[str, Any]) -> Key:
    get = f.get if isinstance(f, dict) else lambda k: getattr(f, k)
    return finding_key(get("article_id"), get("check"), get("rule"), get("text"))


def fingerprint(f: Finding | dict[str, Any]) -> str:
    """A stable hash of the baseline key (SARIF partialFingerprints use it too)."""
    return hashlib.sha256("\0".join(key_of(f)).encode("utf-8")).hexdigest()[:32]


@dataclass
class Baseline:
    path: Path
    counts: Counter = field(default_factory=Counter)
    info: dict[Key, dict[str, Any]] = field(default_factory=dict)


@dataclass
class BaselineMatch:
    new: list[Finding]
    known: list[Finding]
    fixed: list[dict[str, Any]]


def baseline_document(findings: Iterable[Finding | dict[str, Any]]) -> dict[str, Any]:
    counts: Counter = Counter()
    info: dict[Key, dict[str, Any]] = {}
    for f in findings:
        k = key_of(f)
        counts[k] += 1
        if k not in info:
            get = f.get if isinstance(f, dict) else lambda name, f=f: getattr(f, name)
            info[k] = {"file": get("file"), "severity": get("severity"), "message": get("message")}
    entries = []
    for k in sorted(counts):
        article_id, rule, text = k
        entries.append({"article_id": article_id, "rule": rule, "text": text, "count": counts[k], **info[k]})
    return {
        "schema": SCHEMA,
        "tool": {"name": "copydesk", "version": __version__},
        "findings": entries,
    }


def write_baseline(findings: Iterable[Finding | dict[str, Any]], path: Path) -> dict[str, Any]:
    """Write the baseline atomically (temp file renamed into place): a crash or Ctrl-C
    leaves the previous baseline whole."""
    doc = baseline_document(findings)
    with atomic_open(path) as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return doc


def load_baseline(path: Path) -> Baseline:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"{path}: baseline file not found (write one with `copydesk baseline`)") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"{path}: not a copydesk baseline (a JSON object with a 'findings' list)")
    if doc.get("schema", SCHEMA) > SCHEMA:
        raise BaselineError(f"{path}: baseline schema {doc['schema']} is newer than this copydesk understands")
    base = Baseline(Path(path))
    for i, e in enumerate(doc["findings"]):
        try:
            check, _, rule = e["rule"].partition("/")
            k = finding_key(e["article_id"], check, rule, e["text"])
            count = int(e.get("count", 1))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BaselineError(f"{path}: entry #{i + 1} needs article_id, rule and text") from exc
        base.counts[k] += count
        base.info.setdefault(k, {kk: e.get(kk) for kk in ("file", "severity", "message")})
    return base


def apply_baseline(
    baseline: Baseline,
    findings: list[Finding],
    checked: set[str] | None,
    checks_run: set[str],
) -> BaselineMatch:
    """Split findings into new and known; list the baseline entries that no longer match.

    `checked` is the set of article ids this run checked (None: a full run, where an entry
    whose article is gone from the corpus is fixed too); `checks_run` the check families
    the suites ran.
    """
    remaining = Counter(baseline.counts)
    new, known = [], []
    for f in findings:
        k = key_of(f)
        if remaining[k] > 0:
            remaining[k] -= 1
            known.append(f)
        else:
            new.append(f)
    fixed = []
    for k, n in sorted(remaining.items()):
        if n <= 0:
            continue
        article_id, rule, text = k
        if rule.partition("/")[0] not in checks_run:
            continue
        if checked is None or article_id in checked:
            fixed.append({"article_id": article_id, "rule": rule, "text": text, "count": n,
                          **{kk: v for kk, v in baseline.info.get(k, {}).items() if v is not None}})
    return BaselineMatch(new, known, fixed)
