"""Liuzhi Monitor: capture, extract, review, ledger, estimate, publish."""

__version__ = "0.1.0"
