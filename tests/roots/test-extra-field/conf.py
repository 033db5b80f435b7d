# A site whose record format has one more field than the repository's:
# tests/test_format.py copies the repository's schemas into schema/ and adds
# `sandbox_link` before building.
extensions = ["catalogue"]
language = "fr"
exclude_patterns = ["_build", "schema"]
html_baseurl = "https://catalogue.example.gouv.fr/"
