"""copydesk's journalism-aware GX expectations, generated from the validator registry.

Each check family declares its expectation (`Validator.expectation`: class name, doc,
Data Docs sentence) and its table; this module makes one `CopydeskExpectation` subclass
per family, so adding a family is its module plus a suite line. The run
(copydesk/run.py) has already written the family's evidence column on the table (empty
for a clean row, the flagged text and why otherwise), so the expectation is a column map
over that column: a row is unexpected when its evidence is not empty. The metric reads
only the batch, on pandas and on Spark alike; no run state crosses into GX.

Expectation names come from the class names (GX converts CamelCase to snake_case):
`ExpectParagraphsToHaveNoBoilerplate` is `expect_paragraphs_to_have_no_boilerplate`.
"""

from __future__ import annotations

from typing import ClassVar, Optional, Tuple

from great_expectations.execution_engine import PandasExecutionEngine, SparkDFExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics import ColumnMapMetricProvider, column_condition_partial
from great_expectations.render import RenderedStringTemplateContent
from great_expectations.render.components import LegacyRendererType
from great_expectations.render.renderer.renderer import renderer

from copydesk.validators.base import all_validators


class CopydeskRowsClean(ColumnMapMetricProvider):
    """True for rows whose evidence column is empty (no finding of the family in the row).

    Both partials are defined in the class body: GX registers a provider's metric functions
    when the class is created, so one attached later is never seen."""

    condition_metric_name = "copydesk.rows_clean"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, **kwargs):
        return column.astype(str) == ""

    @column_condition_partial(engine=SparkDFExecutionEngine)  # GX's class imports without pyspark
    def _spark(cls, column, **kwargs):
        from pyspark.sql import functions as F

        return column == F.lit("")


class CopydeskExpectation(ColumnMapExpectation):
    """Base of copydesk's custom expectations: one check family over one table.

    Subclasses fix `check` and `corpus_table` (pydantic fields with defaults; the suite
    that holds the expectation must validate that table), `column` (the evidence column
    the run writes; copydesk sets it for the expectation's settings) and `sentence`, which
    the prescriptive renderer turns into Data Docs prose. `settings` passes validator
    settings (the names `copydesk explain CHECK` lists) from the suite.
    """

    check: str
    corpus_table: str
    settings: dict = {}
    family: ClassVar[str] = ""  # the check family, readable on the class (pydantic fields are not)
    sentence: ClassVar[str] = "rows must pass the check"

    map_metric: ClassVar[str] = "copydesk.rows_clean"
    success_keys: ClassVar[Tuple[str, ...]] = ("mostly", "check", "corpus_table", "settings")
    args_keys: ClassVar[Tuple[str, ...]] = ("column",)

    @classmethod
    @renderer(renderer_type=LegacyRendererType.PRESCRIPTIVE)
    def _prescriptive_renderer(
        cls,
        configuration=None,
        result=None,
        runtime_configuration: Optional[dict] = None,
        **kwargs,
    ):
        kw = configuration.kwargs if configuration else {}
        params = {"column": kw.get("column"), "mostly": kw.get("mostly")}
        template = cls.sentence
        mostly = kw.get("mostly")
        if mostly is not None and mostly < 1:
            params["mostly_pct"] = f"{mostly * 100:g}"
            template += ", in at least $mostly_pct % of rows"
        return [
            RenderedStringTemplateContent(
                content_block_type="string_template",
                string_template={
                    "template": template + ".",
                    "params": params,
                    "styling": (runtime_configuration or {}).get("styling"),
                },
            )
        ]


def _expectation_class(check: str, validator) -> type[CopydeskExpectation]:
    spec = validator.expectation
    namespace = {
        "__doc__": spec.doc,
        "__module__": __name__,
        "__annotations__": {"check": str, "corpus_table": str, "column": str, "family": ClassVar[str]},
        "family": check,
        "check": check,
        "corpus_table": validator.table,
        "column": f"{check}_evidence",
        "sentence": spec.sentence,
    }
    return type(spec.class_name, (CopydeskExpectation,), namespace)


#: family -> its expectation class (registered with GX on creation)
CUSTOM_EXPECTATIONS: dict[str, type[CopydeskExpectation]] = {
    check: _expectation_class(check, cls) for check, cls in sorted(all_validators().items())
}
globals().update({cls.__name__: cls for cls in CUSTOM_EXPECTATIONS.values()})
