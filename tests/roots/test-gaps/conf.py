extensions = ["catalogue"]
language = "fr"
exclude_patterns = ["_build"]
