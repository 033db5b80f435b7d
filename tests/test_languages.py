"""Records in another language, and bare addresses in record text.

``tests/roots/test-languages`` holds one record in English (``lang: en``)
and one in French, each with quotes, apostrophes and bare web addresses in
its text.  The English record must read as English: marked ``lang="en"``,
with English quotes, and indexed without the French stemmer; the French one
keeps French typography.  In both, a bare ``https://`` or e-mail address is
a link, and an address the allowlist would refuse stays text.
"""

from __future__ import annotations

import pytest

from helpers.html import body, key_links, page
from helpers.output import search_index

pytestmark = pytest.mark.sphinx("html", testroot="languages", freshenv=True)


@pytest.fixture
def built(app):
    app.build()
    assert app.warning.getvalue() == ""
    return app


def test_english_record_is_marked_and_typeset_in_english(built):
    main = body(page(built.outdir, "apis/api-companies"))
    assert main.find("h1")["lang"] == "en"
    tagline = main.select_one("p.catalogue-tagline")
    assert tagline["lang"] == "en"
    assert tagline.get_text() == "Look up a company\u2019s \u201cregistered office\u201d and its services."
    description = next(p for p in main.find_all("p") if "endpoint" in p.get_text())
    assert description.find_parent(attrs={"lang": "en"}) is not None
    assert "\u201cservices\u201d" in description.get_text() and "«" not in description.get_text()
    # The page's own words (labels, links) stay French and unmarked.
    assert key_links(main)["Documentation technique"].find_parent(attrs={"lang": True})["lang"] == "fr"


def test_french_record_keeps_french_typography(built):
    main = body(page(built.outdir, "apis/api-registre"))
    assert not main.select("[lang]")
    tagline = main.select_one("p.catalogue-tagline")
    assert tagline.get_text() == "Trouver le «\u00a0siège\u00a0» d\u2019une société et ses services."


def test_bare_addresses_become_links(built):
    english = body(page(built.outdir, "apis/api-companies"))
    french = body(page(built.outdir, "apis/api-registre"))
    links = {a["href"] for a in english.select("section a") + french.select("section a")}
    assert "https://register.example.org/guide" in links
    assert "https://registre.example.gouv.fr/guide" in links
    assert "mailto:aide%40registre.example.gouv.fr" in links
    # ftp:// is not an allowed link: left as the words the writer typed.
    assert not any(href.startswith("ftp:") for href in links)
    assert "ftp://files.example.org/dump mirror" in english.get_text()
    for link in english.select("a[href^='https://register.example.org/guide']"):
        assert "noopener" in link["rel"]


def test_english_record_is_indexed_unstemmed(built):
    index = search_index(built.outdir)
    docs = index["docnames"]
    english, french = docs.index("apis/api-companies"), docs.index("apis/api-registre")

    def pages(word: str) -> set[int]:
        found = set()
        for mapping in (index["terms"], index["titleterms"]):
            value = mapping.get(word, [])
            found |= set(value) if isinstance(value, list) else {value}
        return found

    # The English page holds its words as written (folded), the French one
    # their French stems: "services" → "servic", "registre" → "registr".
    assert english in pages("services") and english not in pages("servic")
    assert french in pages("servic") and french not in pages("services")
    assert english in pages("register") and english not in pages("registr")
    assert english in pages("companies")


def test_index_files_oe_under_o(built):
    """"Œ" does not decompose: Sphinx alone would make it a letter after Z."""
    soup = page(built.outdir, "genindex")
    letters = [h2.get_text(strip=True) for h2 in soup.select("h2")]
    assert "Œ" not in letters and letters == sorted(letters), letters
    o_group = soup.find("h2", string="O").find_next("table")
    entries = o_group.get_text(" ")
    assert "Œuvres et archives (page)" in entries  # a hand-written page's title
    assert "Œuvres sociales" in entries  # a record's keyword
