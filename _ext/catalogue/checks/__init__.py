"""Reading and checking record files, with no Sphinx: the same code for both doors.

``make validate`` and the build call these, and nothing else decides what
a record may hold.

==================  ==========================================================
``problems``        what the checks find: problems, with place and code
``census``          which files under ``apis/`` are records
``characters``      characters refused in any text; lines as editors count
``source``          YAML with positions, nesting bounded, no aliases
``schema_errors``   JSON Schema checks, in plain French
``dialect``         the Markdown allowlist of record text
``record``          one record: all of the above, and the format's rules
``catalogue``       checks that need every record (references, duplicates)
==================  ==========================================================
"""
