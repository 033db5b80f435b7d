# APIs with specification snapshots: Swagger 2.0, OpenAPI 3.0 (YAML) and
# 3.1, $ref cycles, hostile texts, an invalid and an unreadable file, and a
# snapshot that names no API.  tests/test_openapi_pages.py copies the
# fixtures of tests/openapi/ into apis/openapi/ before building.
extensions = ["catalogue"]
language = "fr"
exclude_patterns = ["_build"]
catalogue_synonyms = [["siren", "siret", "sirene"]]
