"""copydesk: a data-quality validator for news corpora."""

__version__ = "0.1.0"
