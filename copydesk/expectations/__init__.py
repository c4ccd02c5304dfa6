"""GX adapter for copydesk validators. Importing it imports Great Expectations (slow):
only the commands that validate do so."""

from copydesk.expectations.core import CopydeskExpectation, RunContext, active, current
from copydesk.expectations.journalism import CUSTOM_EXPECTATIONS

__all__ = ["CUSTOM_EXPECTATIONS", "CopydeskExpectation", "RunContext", "active", "current"]
