"""Helpers of the tests, one module per job.

==================  ==========================================================
``text``            French dates and order, folding: the site's rules, redone
``sources``         a test project's records, read without the extension
``html``            a built page: sections, fields, tables, links
``output``          the search index, and a build's progress lines
``tables``          what tables and record pages must show, from the records
``commands``        the repository, copies of test roots, running commands
==================  ==========================================================
"""
