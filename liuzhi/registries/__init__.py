"""Registries kept beside the figures: who cooperates with whom (agreements), who wrote to
whom (communications), who was held (cases, private by default) and where (facilities).

The models live in ``liuzhi.registries.models`` and are written only through the ledger's
audited Writer. This package's ``__init__`` imports nothing, because the ledger imports the
models module to register its tables for the audit check.
"""
