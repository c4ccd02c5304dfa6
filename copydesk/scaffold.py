"""`copydesk init`: set up a corpus repository for copydesk.

Writes, without overwriting existing files unless asked:

* `copydesk.toml` -- the configuration, commented, with every check's settings and
  defaults (taken from the validators, so it never goes stale);
* `expectations/` -- the default suites, to edit (a suite there replaces the default of
  the same name), and `expectations/examples/per-source-tolerance.json` (per-outlet
  `mostly` thresholds through GX `row_condition`);
* `.github/workflows/copydesk.yml` -- runs the check on pull requests (changed articles
  only, against the baseline when there is one), annotates the diff, uploads SARIF to
  code scanning and the Data Docs and reports as an artifact;
* `.pre-commit-config.yaml` -- a local hook checking the articles changed since HEAD;
* `/reports/` in `.gitignore` (Data Docs are generated).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from copydesk import __version__
from copydesk.corpus.sources import EXTENSIONS

CORPUS_CANDIDATES = ("corpus", "articles", "data")


class ScaffoldError(Exception):
    """The target folder does not exist or a file cannot be written."""


def template(name: str) -> str:
    return (resources.files("copydesk.templates") / name).read_text(encoding="utf-8")


def toml_value(value) -> str:
    """A setting's value written as TOML (None, which TOML lacks, as an empty string)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return '""'
    return json.dumps(value, ensure_ascii=False)


def check_settings_block() -> str:
    """`[checks.<family>]` tables with every setting commented out at its default."""
    from copydesk.rules import setting_comment
    from copydesk.validators import all_validators

    blocks = []
    for check, cls in sorted(all_validators().items()):
        lines = [f"[checks.{check}]              # copydesk explain {check}"]
        for info in cls.Settings.describe():
            line = f"# {info.name} = {toml_value(info.default)}"
            comment = setting_comment(info)
            if comment:
                line = f"{line:<40}  # {comment}"
            lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def guess_corpus(directory: Path) -> str:
    for name in CORPUS_CANDIDATES:
        if (directory / name).is_dir():
            return f"{name}/"
    return "."


def files_pattern(corpus: str) -> str:
    """pre-commit `files:` regex: supported article files under the corpus folder."""
    exts = "|".join(sorted({e.lstrip(".") for e in EXTENSIONS}))
    folder = corpus.strip("/").strip(".")
    prefix = f"^{folder}/.*" if folder else ""
    return f"'{prefix}\\.({exts})$'"


def init_project(directory: Path, corpus: str | None = None, force: bool = False) -> list[tuple[str, str]]:
    """Write the scaffold into `directory`; returns (path, wrote|kept|updated) pairs."""
    from copydesk.engine import default_suite_dir

    directory = Path(directory)
    if not directory.is_dir():
        raise ScaffoldError(f"{directory}: no such folder")
    corpus = corpus or guess_corpus(directory)
    out: list[tuple[str, str]] = []

    def put(rel: str, content: str) -> None:
        path = directory / rel
        if path.exists() and not force:
            out.append((rel, "kept"))
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        except OSError as exc:
            raise ScaffoldError(f"{path}: cannot write: {exc}") from exc
        out.append((rel, "wrote"))

    put("copydesk.toml", template("copydesk.toml").replace("@CHECK_SETTINGS@", check_settings_block()))
    for suite in sorted(default_suite_dir().glob("*.json")):
        put(f"expectations/{suite.name}", suite.read_text(encoding="utf-8"))
    put("expectations/examples/per-source-tolerance.json", template("per-source-tolerance.json"))
    put(".github/workflows/copydesk.yml",
        template("workflow.yml").replace("@VERSION@", __version__).replace("@CORPUS@", corpus))
    put(".pre-commit-config.yaml",
        template("pre-commit-config.yaml").replace("@CORPUS@", json.dumps(corpus))
        .replace("@FILES@", files_pattern(corpus)))

    ignore = directory / ".gitignore"
    lines = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
    if not any(line.strip() in ("reports/", "/reports/", "reports") for line in lines):
        with open(ignore, "a", encoding="utf-8") as fh:
            if lines and lines[-1].strip():
                fh.write("\n")
            fh.write("# copydesk Data Docs (generated)\n/reports/\n")
        out.append((".gitignore", "updated" if lines else "wrote"))
    return out
