"""Importers of other catalogues' formats into our records, beside the extension.

Sphinx never loads this package; it depends on the extension
(:mod:`catalogue`), never the other way.

==================  ==========================================================
``framework/``      what every importer shares: report, matching, writing
``apigouv/``        the historical api.gouv.fr records (Markdown + YAML)
==================  ==========================================================

``python -m importers apigouv SRC [--force]`` (``make import-apigouv``).
"""
