"""Check families, one module each; importing this package registers them all."""

from copydesk.validators import attribution  # noqa: F401
from copydesk.validators import boilerplate  # noqa: F401
from copydesk.validators import numbers  # noqa: F401
from copydesk.validators import typos  # noqa: F401
from copydesk.validators.base import REGISTRY, Rule, Validator, all_validators

__all__ = ["REGISTRY", "Rule", "Validator", "all_validators"]
