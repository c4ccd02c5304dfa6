"""GitLab Code Quality report (``--format gitlab``): a JSON array of issues that GitLab
shows in merge requests (the job's ``artifacts:reports:codequality``).

Fields as GitLab documents them (docs.gitlab.com, "Code Quality", "Code Quality report
format", a subset of the Code Climate spec): ``description``, ``check_name``,
``fingerprint`` (unique per issue, stable across runs so GitLab can tell new issues from
fixed ones), ``severity`` (one of info, minor, major, critical, blocker), ``location.path``
(relative to the repository root) and ``location.lines.begin``.

copydesk's severities map to ``error`` → major, ``warning`` → minor, ``info`` → info; a
record that could not be read (an ingest error) is critical: part of the corpus was not
checked at all. The fingerprint hashes the rule, the article id, the field and the flagged
text (the baseline's key, copydesk/baseline.py, so line shifts do not make an issue new)
plus its occurrence number among identical keys. A finding without a line (an HTML page)
points at line 1 of its file, as GitLab needs a line.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import IO, Any

from copydesk.reports.safe import for_document
from copydesk.reports.concise import describe

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
INGEST_SEVERITY = "critical"
GITLAB_SEVERITIES = ("info", "minor", "major", "critical", "blocker")


def _fingerprint(*parts: Any) -> str:
    key = "\x00".join(str(p) for p in parts)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def gitlab_issues(report: dict[str, Any]) -> list[dict[str, Any]]:
    issues = []
    seen: Counter = Counter()
    for err in report["corpus"]["ingest_errors"]:
        key = ("copydesk/ingest", err["file"], err.get("line"), err["error"])
        seen[key] += 1
        issues.append({
            "type": "issue",
            "description": for_document(f"record could not be read: {err['error']}"),
            "check_name": "copydesk/ingest",
            "fingerprint": _fingerprint(*key, seen[key]),
            "severity": INGEST_SEVERITY,
            "categories": ["Bug Risk"],
            "location": {"path": for_document(err["file"]), "lines": {"begin": int(err.get("line") or 1)}},
        })
    for f in report["findings"]:
        code = f"{f['check']}/{f['rule']}"
        key = (code, f["article_id"], f["field"], f["text"])
        seen[key] += 1
        issues.append({
            "type": "issue",
            "description": for_document(f"{code}: {describe(f)} (article {f['article_id']}, {f['field']})"),
            "check_name": code,
            "fingerprint": _fingerprint(*key, seen[key]),
            "severity": SEVERITY.get(f["severity"], "info"),
            "categories": ["Style"],
            "location": {"path": for_document(f.get("file") or f["article_id"]),
                         "lines": {"begin": int(f.get("line") or 1)}},
        })
    return issues


def write_gitlab(report: dict[str, Any], out: IO[str]) -> None:
    json.dump(gitlab_issues(report), out, ensure_ascii=False, indent=2)
    out.write("\n")
