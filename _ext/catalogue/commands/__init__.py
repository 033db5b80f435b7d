"""Commands for contributors, with no Sphinx: ``make validate`` and ``make new-api``.

==================  ==========================================================
``validate``        every record checked as the build checks it, in one run
``scaffold``        a new record from its commented template
==================  ==========================================================
"""
