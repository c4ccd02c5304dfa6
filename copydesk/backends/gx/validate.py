"""GX suites over copydesk's tables: build suites, validate each table, read the outcomes.

The tables arrive with the run's evidence columns already written (copydesk/run.py), as
pandas DataFrames (the local engine) or Spark DataFrames (copydesk/backends/spark/);
`Validation` adds the matching GX data source (`add_pandas` or `add_spark`) and runs every
suite over its table in one ephemeral context, which then builds Data Docs.
"""

from __future__ import annotations

import datetime
from typing import Any

from copydesk.run import ExpectationOutcome, SuiteError, evidence_column, settings_key

GX_TO_SEVERITY = {"critical": "error", "warning": "warning", "info": "info"}
DOCS_SITE = "copydesk"


def build_suites(suite_dicts: dict[str, dict]):
    """GX ExpectationSuites, after registering copydesk's expectations; unknown names fail.

    GX drops an expectation it cannot resolve or build with only a log line; here every
    expectation type is resolved and built first, and the suite's count is compared. A
    copydesk expectation reads the evidence column of its family and settings
    (run.evidence_column), which copydesk sets in its kwargs.
    """
    import great_expectations as gx
    from great_expectations.exceptions import ExpectationNotFoundError
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
    from great_expectations.expectations.registry import get_expectation_impl

    from copydesk.backends.gx.expectations import CopydeskExpectation

    built = {}
    for name, data in suite_dicts.items():
        where = data["meta"]["copydesk"].get("file", name)
        expectations = []
        for i, exp in enumerate(data["expectations"]):
            kind = exp.get("type") if isinstance(exp, dict) else None
            if not kind:
                raise SuiteError(f"{where}: expectation #{i + 1} has no 'type'")
            try:
                impl = get_expectation_impl(kind)
            except ExpectationNotFoundError as exc:
                raise SuiteError(f"{where}: unknown expectation {kind!r} (not a GX or copydesk expectation)") from exc
            config = {k: v for k, v in exp.items() if k != "id"}
            if isinstance(impl, type) and issubclass(impl, CopydeskExpectation):
                config["kwargs"] = _evidence_kwargs(where, i, impl, dict(config.get("kwargs") or {}))
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


def _evidence_kwargs(where: str, i: int, impl, kwargs: dict[str, Any]) -> dict[str, Any]:
    """A copydesk expectation's kwargs with `column` set to its family's evidence column for
    its settings: the expectation maps over that column (a row passes when it is empty),
    whatever column a suite names (suites written for earlier versions name the text)."""
    settings = kwargs.get("settings") or {}
    if not isinstance(settings, dict):
        raise SuiteError(f"{where}: expectation #{i + 1}: settings must be an object")
    kwargs["column"] = evidence_column(impl.family, settings)
    return kwargs


def custom_checks(built) -> list[tuple[str, dict]]:
    """(check, settings) for every copydesk expectation in the suites, in suite order."""
    from copydesk.backends.gx.expectations import CopydeskExpectation

    seen = []
    for _table, suite in built.values():
        for exp in suite.expectations:
            if isinstance(exp, CopydeskExpectation):
                item = (exp.check, dict(exp.settings or {}))
                if settings_key(item[1]) not in {settings_key(s) for c, s in seen if c == item[0]}:
                    seen.append(item)
    return seen


def tables_needing(built, checks) -> dict[tuple[str, str], set[str]]:
    """(check, settings key) -> the tables whose evidence column the suites read: the family's
    own table, and any other a suite validates it on (`corpus_table: articles`)."""
    from copydesk.backends.gx.expectations import CopydeskExpectation
    from copydesk.validators.base import all_validators

    registry = all_validators()
    need = {(c, settings_key(s)): {registry[c].table, "articles"} for c, s in checks}
    for table, suite in built.values():
        for exp in suite.expectations:
            if isinstance(exp, CopydeskExpectation):
                need.setdefault((exp.check, settings_key(exp.settings or {})), set()).add(table)
    return need


def context():
    """An ephemeral GX context with no Data Docs site: the site is added when it is built,
    into a staging folder, so nothing is written before then."""
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


def run_id():
    """One GX run id for all suites of a copydesk run, named so Data Docs say who ran it.

    The run name becomes a folder of the site (validations/<suite>/<run name>/<run time>/),
    so it is `copydesk-YYYYMMDDTHHMMSSZ`: no space or `:`, which upload-artifact and
    Windows reject, and it sorts by time.
    """
    from great_expectations.core.run_identifier import RunIdentifier

    now = datetime.datetime.now(datetime.timezone.utc)
    return RunIdentifier(run_name=f"copydesk-{now:%Y%m%dT%H%M%SZ}", run_time=now)


class Validation:
    """One GX context validating copydesk's tables, pandas (`engine="pandas"`) or Spark."""

    def __init__(self, engine: str = "pandas"):
        self.ctx = context()
        self.run_id = run_id()
        self.source = (self.ctx.data_sources.add_spark("copydesk") if engine == "spark"
                       else self.ctx.data_sources.add_pandas("copydesk"))

    def validate(self, name: str, table: str, suite, frame) -> list:
        """Run `suite` over `frame` (the table `table`); its ExpectationOutcomes."""
        import great_expectations as gx

        asset = self.source.add_dataframe_asset(name)
        batch = asset.add_batch_definition_whole_dataframe(f"{name}-all")
        suite = self.ctx.suites.add(suite)
        vd = self.ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
        result = vd.run(
            batch_parameters={"dataframe": frame},
            run_id=self.run_id,
            # SUMMARY: counts and the first 20 unexpected values and ids, for Data Docs;
            # COMPLETE would collect every unexpected row's value and id to the driver
            # (a Spark job each, and memory that grows with the corpus) for nothing copydesk
            # reports: findings come from the run, outcomes from the counts
            result_format={
                "result_format": "SUMMARY",
                "partial_unexpected_count": 20,
                "unexpected_index_column_names": ["id"] if table == "articles" else ["article_id"],
            },
        )
        return [outcome(name, exp, res) for exp, res in zip(suite.expectations, result.results)]

    def build_docs(self, staging) -> None:
        from copydesk.backends.gx.datadocs import build_site_config

        self.ctx.add_data_docs_site(site_name=DOCS_SITE, site_config=build_site_config(staging))
        self.ctx.build_data_docs(site_names=[DOCS_SITE])


def outcome(suite_name, exp, res):
    """One expectation's result as copydesk reports it (engine.ExpectationOutcome)."""
    from copydesk.backends.gx.expectations import CopydeskExpectation

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
