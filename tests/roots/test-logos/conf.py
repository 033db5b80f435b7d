# Providers with logos: one SVG and one PNG that are accepted, one SVG that
# carries a script, and a logo named after no provider (both refused).
extensions = ["catalogue"]
language = "fr"
exclude_patterns = ["_build"]
