"""Run a check: load suites, run the families once (copydesk/run.py), validate the
tables with GX (copydesk/backends/gx/), build Data Docs.

GX-free at import: the CLI imports this module only inside commands that validate, and
GX itself is imported when suites are built, so `copydesk --help` stays instant.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import TYPE_CHECKING

from copydesk.run import (  # noqa: F401  (ExpectationOutcome, RunResult: the run's records, re-exported)
    TABLES,
    ExpectationOutcome,
    RunContext,
    RunResult,
    SuiteError,
    add_evidence_column,
    evidence_column,
    only_rows,
    settings_key,
)

if TYPE_CHECKING:
    from copydesk.config import Config
    from copydesk.corpus.tables import Corpus
    from copydesk.rules import RuleSelection


def default_suite_dir() -> Path:
    """The folder of the default suites: copydesk/suites/ in a wheel, the top-level
    expectations/ folder in a source checkout or an editable install.

    copydesk.suites is a namespace package (JSON only, no ``__init__.py``), for which
    ``importlib.resources.files`` returns a MultiplexedPath whose ``str()`` is not a path,
    so the folder is taken from the import system's search locations instead.
    """
    spec = importlib.util.find_spec("copydesk.suites")
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location)
        if any(folder.glob("*.json")):
            return folder
    return Path(__file__).resolve().parents[1] / "expectations"


def load_suite_dicts(extra: list[str | Path] | None = None, replace_defaults: bool = False) -> dict[str, dict]:
    """Default suites, then user suite files/folders: a suite with the same name replaces
    the default one, a new name extends the set."""
    sources: list[Path] = [] if replace_defaults else [default_suite_dir()]
    sources += [Path(p) for p in extra or []]
    suites: dict[str, dict] = {}
    for source in sources:
        if source.is_dir():
            files = sorted(source.glob("*.json"))
        elif source.is_file():
            files = [source]
        else:
            raise SuiteError(f"{source}: no such suite file or folder")
        for path in files:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise SuiteError(f"{path}: cannot read suite: {exc}") from exc
            if not isinstance(data, dict) or not isinstance(data.get("expectations"), list):
                raise SuiteError(f"{path}: a suite is a JSON object with an 'expectations' list")
            name = data.get("name") or path.stem
            data["name"] = name
            data.setdefault("meta", {})
            table = data["meta"].get("copydesk", {}).get("table", name)
            if table not in TABLES:
                raise SuiteError(f"{path}: suite {name!r} must name its table ({', '.join(TABLES)}) "
                                 "in meta.copydesk.table")
            data["meta"].setdefault("copydesk", {})["table"] = table
            data["meta"]["copydesk"]["file"] = str(path)
            suites[name] = data
    if not suites:
        raise SuiteError("no expectation suites found")
    return suites


def build_suites(suite_dicts: dict[str, dict]):
    """GX ExpectationSuites for the suite dicts (copydesk/backends/gx/validate.py)."""
    from copydesk.backends.gx.validate import build_suites as build

    return build(suite_dicts)


def validate_corpus(
    corpus: Corpus,
    config: Config | None,
    suite_dicts: dict[str, dict],
    docs_dir: Path | None = None,
    progress=None,
    only_articles: set[str] | None = None,
    selection: RuleSelection | None = None,
    jobs: int = 1,
) -> RunResult:
    """Run every check family the suites use (once), then every suite over its table.

    With `only_articles`, validators still see the whole corpus (vocabulary, lines
    repeated per source), but the GX tables and the findings are restricted to those
    article ids (`copydesk check --changed-since`). `selection` (--select/--ignore) limits
    the rules reported; a check left with no rule is not run.

    `docs_dir` must be a folder copydesk owns (`copydesk.backends.gx.datadocs.check_docs_dir`,
    checked here before any work); the site replaces the previous one atomically.
    """
    return run_validation(PandasTables(corpus, jobs), config, suite_dicts, docs_dir, progress, only_articles,
                          selection)


class PandasTables:
    """The pandas engine's side of `run_validation`: the corpus's own tables in memory.

    An engine gives `run_validation` its executor (copydesk/run.py `Executor`), writes the
    evidence columns the suites read, hands GX each table (restricted to `only_articles`),
    and names the corpus the editor pages of Data Docs show (copydesk/backends/spark/ has
    the Spark engine's)."""

    engine = "pandas"
    #: whether the run decides every family in one go (Executor.decide_many) before
    #: reporting any: worth it where each pass over the corpus has a fixed cost (Spark jobs)
    decide_together = False

    def __init__(self, corpus: Corpus, jobs: int = 1):
        self.corpus = corpus
        self.jobs = jobs

    def executor(self):
        """One process, or `jobs` worker processes (0: every core; copydesk/backends/local.py)."""
        if self.jobs == 1:
            from copydesk.run import LocalExecutor

            return LocalExecutor(self.corpus)
        from copydesk.backends.local import ParallelExecutor

        return ParallelExecutor(self.corpus, self.jobs)

    def add_evidence(self, check: str, table: str, findings, column: str) -> None:
        add_evidence_column(self.corpus, check, table, findings, column)

    def frame(self, table: str, only_articles: set[str] | None):
        return only_rows(getattr(self.corpus, table), table, only_articles)

    def docs_corpus(self, findings) -> Corpus:
        return self.corpus


def run_validation(tables, config: Config | None, suite_dicts: dict[str, dict], docs_dir: Path | None = None,
                   progress=None, only_articles: set[str] | None = None,
                   selection: RuleSelection | None = None) -> RunResult:
    """What both engines share (see validate_corpus): suites -> each family run once ->
    evidence columns -> GX validation of each suite's table -> findings -> Data Docs.
    `tables` is the engine's side (PandasTables, or the Spark engine's SparkTables)."""
    from copydesk.backends.gx.validate import Validation, custom_checks, tables_needing

    if docs_dir is not None:
        from copydesk.backends.gx.datadocs import check_docs_dir

        check_docs_dir(docs_dir)
    built = build_suites(suite_dicts)
    run = RunContext(None, config, selection, executor=tables.executor())
    checks = custom_checks(built)
    need = tables_needing(built, checks)
    steps = _Steps(progress, total=len(checks) + len(built))
    if tables.decide_together:  # one pass over the corpus shared by every family
        steps.start("checking " + ", ".join(dict.fromkeys(check for check, _ in checks)))
        run.prepare(checks)
    for check, settings in checks:
        steps.start(f"checking {check}")
        found = run.findings(check, settings)
        for table in sorted(need[(check, settings_key(settings))]):
            tables.add_evidence(check, table, found, evidence_column(check, settings))

    validation = Validation(tables.engine)
    outcomes: list[ExpectationOutcome] = []
    for name, (table, suite) in built.items():
        steps.start(f"validating {name}")
        outcomes.extend(validation.validate(name, table, suite, tables.frame(table, only_articles)))
    steps.finish()
    findings = run.all_findings(checks, only_articles)
    docs_index = None
    if docs_dir is not None:
        from copydesk.backends.gx.datadocs import add_editor_pages, publish_site

        def build(staging: Path) -> None:
            validation.build_docs(staging)
            add_editor_pages(staging, tables.docs_corpus(findings), findings, outcomes, only_articles,
                             tables.jobs)

        docs_index = publish_site(docs_dir, build)
    return RunResult(outcomes, findings, dict(run.backends), docs_index)


class _Steps:
    """Advance a rich progress bar one step per check family and per suite (or nothing)."""

    def __init__(self, progress, total: int):
        self.progress = progress
        self.task = progress.add_task("checks", total=total) if progress else None
        self.started = False

    def start(self, description: str) -> None:
        if self.progress is None:
            return
        if self.started:
            self.progress.advance(self.task)
        self.progress.update(self.task, description=description)
        self.started = True

    def finish(self) -> None:
        if self.progress is not None and self.started:
            self.progress.advance(self.task)


