"""What every importer shares: the report, matching names, writing records, the final check.

==================  ==========================================================
``report``          one line per source record, dropped keys, a summary
``matching``        themes, providers and identifiers named by a source
``writing``         our YAML, in the template's order; hand edits kept
``validation``      ``make validate`` run after writing, in the report
==================  ==========================================================
"""
