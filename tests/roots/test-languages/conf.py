# A catalogue whose records are not all in French: one record in English
# (lang: en), one in French, both with bare web addresses in their text.
extensions = ["catalogue"]
language = "fr"
exclude_patterns = ["_build"]
