"""The GX engine: data sources and validation (validate.py), copydesk's expectation classes
generated from the validator registry (expectations.py) and offline Data Docs
(datadocs.py). Importing validate.py or expectations.py imports Great Expectations (slow):
only the commands that validate do so."""
