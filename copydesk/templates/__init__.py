"""Files `copydesk init` writes into a corpus repository (see copydesk/scaffold.py)."""
