"""Run GX suites over a Corpus: load suites, run validators once, validate tables, build docs.

This module imports Great Expectations; the CLI imports it only inside commands that
validate, so `copydesk --help` stays instant.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copydesk.model import Finding
from copydesk.validators.base import all_validators

if TYPE_CHECKING:
    from copydesk.config import Config
    from copydesk.corpus.tables import Corpus
    from copydesk.rules import RuleSelection

TABLES = ("articles", "paragraphs", "sentences")
GX_TO_SEVERITY = {"critical": "error", "warning": "warning", "info": "info"}
DOCS_SITE = "copydesk"


class SuiteError(Exception):
    """A suite file cannot be read or names an expectation copydesk cannot resolve."""


@dataclass
class ExpectationOutcome:
    suite: str
    expectation: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    severity: str
    kwargs: dict[str, Any]
    check: str | None = None
    settings: dict[str, Any] | None = None
    exception: str | None = None


@dataclass
class RunResult:
    outcomes: list[ExpectationOutcome]
    findings: list[Finding]
    backends: dict[str, str] = field(default_factory=dict)
    docs_index: Path | None = None


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
    """GX ExpectationSuites, after registering copydesk's expectations; unknown names fail.

    GX drops an expectation it cannot resolve or build with only a log line; here every
    expectation type is resolved and built first, and the suite's count is compared.
    """
    import great_expectations as gx
    from great_expectations.exceptions import ExpectationNotFoundError
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
    from great_expectations.expectations.registry import get_expectation_impl

    import copydesk.expectations  # noqa: F401  (registers the custom expectations)

    built = {}
    for name, data in suite_dicts.items():
        where = data["meta"]["copydesk"].get("file", name)
        expectations = []
        for i, exp in enumerate(data["expectations"]):
            kind = exp.get("type") if isinstance(exp, dict) else None
            if not kind:
                raise SuiteError(f"{where}: expectation #{i + 1} has no 'type'")
            try:
                get_expectation_impl(kind)
            except ExpectationNotFoundError as exc:
                raise SuiteError(f"{where}: unknown expectation {kind!r} (not a GX or copydesk expectation)") from exc
            config = {k: v for k, v in exp.items() if k != "id"}
            try:
                expectations.append(ExpectationConfiguration(**config).to_domain_obj())
            except Exception as exc:  # pydantic/GX raise several types for bad kwargs
                detail = str(exc).strip().splitlines()
                raise SuiteError(f"{where}: expectation #{i + 1} ({kind}) could not be loaded: "
                                 f"{' '.join(detail[-2:]) if detail else type(exc).__name__}") from exc
        suite = gx.ExpectationSuite(
            name=name, expectations=expectations,
            meta={k: v for k, v in data["meta"].items() if k != "copydesk"},
        )
        if len(suite.expectations) != len(data["expectations"]):
            raise SuiteError(f"{where}: {len(data['expectations']) - len(suite.expectations)} expectation(s) "
                             "could not be loaded")
        table = data["meta"]["copydesk"]["table"]
        for exp in suite.expectations:
            expected = getattr(exp, "corpus_table", None)
            if expected is not None and expected != table:
                raise SuiteError(f"{where}: {exp.expectation_type} checks the {expected} table, but suite "
                                 f"{name!r} validates {table}; move it to a {expected} suite")
        built[name] = (table, suite)
    return built


def _context():
    """An ephemeral GX context with no Data Docs site: the site is added when it is built
    (`validate_corpus`), into a staging folder, so nothing is written before then."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={},
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def custom_checks(built) -> list[tuple[str, dict]]:
    """(check, settings) for every copydesk expectation in the suites, in suite order."""
    from copydesk.expectations.core import CopydeskExpectation

    seen = []
    for _table, suite in built.values():
        for exp in suite.expectations:
            if isinstance(exp, CopydeskExpectation):
                item = (exp.check, dict(exp.settings or {}))
                if item not in seen:
                    seen.append(item)
    return seen


def validate_corpus(
    corpus: Corpus,
    config: Config | None,
    suite_dicts: dict[str, dict],
    docs_dir: Path | None = None,
    progress=None,
    only_articles: set[str] | None = None,
    selection: RuleSelection | None = None,
) -> RunResult:
    """Run every check family the suites use (once), then every suite over its table.

    With `only_articles`, validators still see the whole corpus (vocabulary, lines
    repeated per source), but the GX tables and the findings are restricted to those
    article ids (`copydesk check --changed-since`). `selection` (--select/--ignore) limits
    the rules reported; a check left with no rule is not run.

    `docs_dir` must be a folder copydesk owns (`copydesk.reports.datadocs.check_docs_dir`,
    checked here before any work); the site replaces the previous one atomically.
    """
    from copydesk.expectations.core import RunContext, active, add_evidence_column

    if docs_dir is not None:
        from copydesk.reports.datadocs import check_docs_dir

        check_docs_dir(docs_dir)
    built = build_suites(suite_dicts)
    run = RunContext(corpus, config, selection)
    checks = custom_checks(built)
    steps = _Steps(progress, total=len(checks) + len(built))
    for check, settings in checks:
        steps.start(f"checking {check}")
        found = run.findings(check, settings)
        own_table = all_validators()[check].table
        add_evidence_column(corpus, check, own_table, found)
        if own_table != "articles":  # for suites that count articles (corpus_table: articles)
            add_evidence_column(corpus, check, "articles", found)

    ctx = _context()
    run_id = _run_id()
    source = ctx.data_sources.add_pandas("copydesk")
    outcomes: list[ExpectationOutcome] = []
    with active(run):
        for name, (table, suite) in built.items():
            steps.start(f"validating {name}")
            frame = getattr(corpus, table)
            id_cols = ["id"] if table == "articles" else ["article_id"]
            if only_articles is not None:
                frame = frame[frame[id_cols[0]].isin(only_articles)]
            asset = source.add_dataframe_asset(name)
            batch = asset.add_batch_definition_whole_dataframe(f"{name}-all")
            suite = ctx.suites.add(suite)
            vd = ctx.validation_definitions.add(_validation_definition(name, batch, suite))
            result = vd.run(
                batch_parameters={"dataframe": frame},
                run_id=run_id,
                result_format={
                    "result_format": "COMPLETE",
                    "partial_unexpected_count": 20,
                    "unexpected_index_column_names": id_cols,
                },
            )
            outcomes.extend(_outcome(name, exp, res) for exp, res in zip(suite.expectations, result.results))
    steps.finish()
    # one check run twice with different settings (two expectations) finds many things twice:
    # a finding is reported once (same check, rule, place and message)
    findings = list({(f.article_id, f.check, f.rule, f.field, f.start, f.end, f.message): f
                     for check, settings in checks for f in run.findings(check, settings)}.values())
    if only_articles is not None:
        findings = [f for f in findings if f.article_id in only_articles]
    docs_index = None
    if docs_dir is not None:
        from copydesk.reports.datadocs import add_editor_pages, build_site_config, publish_site

        def build(staging: Path) -> None:
            ctx.add_data_docs_site(site_name=DOCS_SITE, site_config=build_site_config(staging))
            ctx.build_data_docs(site_names=[DOCS_SITE])
            add_editor_pages(staging, corpus, findings, outcomes, only_articles)

        docs_index = publish_site(docs_dir, build)
    return RunResult(outcomes, findings, dict(run.backends), docs_index)


def _run_id():
    """One GX run id for all suites of a copydesk run, named so Data Docs say who ran it.

    The run name becomes a folder of the site (validations/<suite>/<run name>/<run time>/),
    so it is `copydesk-YYYYMMDDTHHMMSSZ`: no space or `:`, which upload-artifact and
    Windows reject, and it sorts by time.
    """
    import datetime

    from great_expectations.core.run_identifier import RunIdentifier

    now = datetime.datetime.now(datetime.timezone.utc)
    return RunIdentifier(run_name=f"copydesk-{now:%Y%m%dT%H%M%SZ}", run_time=now)


def _validation_definition(name, batch, suite):
    import great_expectations as gx

    return gx.ValidationDefinition(name=name, data=batch, suite=suite)


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


def _outcome(suite_name, exp, res) -> ExpectationOutcome:
    from copydesk.expectations.core import CopydeskExpectation

    custom = isinstance(exp, CopydeskExpectation)
    result = res.result or {}
    exception = None
    info = res.exception_info or {}
    if info.get("raised_exception"):
        exception = info.get("exception_message")
    else:  # metric errors are keyed by metric id
        for value in info.values():
            if isinstance(value, dict) and value.get("raised_exception"):
                exception = value.get("exception_message")
                break
    severity = getattr(exp, "severity", "critical")
    severity = GX_TO_SEVERITY.get(getattr(severity, "value", severity), "error")
    kwargs = {k: v for k, v in res.expectation_config.kwargs.items() if k not in ("batch_id",)}
    return ExpectationOutcome(
        suite=suite_name,
        expectation=res.expectation_config.type,
        success=bool(res.success),
        element_count=result.get("element_count"),
        unexpected_count=result.get("unexpected_count"),
        severity=severity,
        kwargs=kwargs,
        check=exp.check if custom else None,
        settings=dict(exp.settings) if custom else None,
        exception=exception,
    )
