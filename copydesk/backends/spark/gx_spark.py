"""GX metric providers for the Spark execution engine that copydesk's suites need.

* copydesk's row condition (`copydesk.rows_clean`) has its Spark partial in its class
  (copydesk/backends/gx/expectations.py).
* `column_values.dateutil_parseable` (the default articles suite's date check) has only
  a pandas provider in GX 1.x; the Spark one here runs the same test (dateutil's parser on
  each string value) in a Python UDF, so the outcome is the pandas engine's.
"""

from __future__ import annotations

_DONE = False


def _parseable(value) -> bool | None:
    from dateutil.parser import parse

    if value is None:
        return None
    try:
        parse(value)
        return True
    except (ValueError, OverflowError):
        return False


def register() -> None:
    global _DONE
    if _DONE:
        return
    from great_expectations.execution_engine import SparkDFExecutionEngine
    from great_expectations.expectations.metrics.column_map_metrics.column_values_dateutil_parseable import (
        ColumnValuesDateutilParseable,
    )
    from great_expectations.expectations.metrics.map_metric_provider import column_condition_partial

    import copydesk.backends.gx.expectations  # noqa: F401  (copydesk's providers, Spark's included)

    def _spark(cls, column, **kwargs):
        from pyspark.sql import functions as F
        from pyspark.sql.types import BooleanType

        return F.udf(_parseable, BooleanType())(column)

    ColumnValuesDateutilParseable._spark = column_condition_partial(engine=SparkDFExecutionEngine)(_spark)
    ColumnValuesDateutilParseable._register_metric_functions()
    _DONE = True
