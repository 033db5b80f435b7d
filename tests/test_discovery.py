"""For machines and agents: ``/.well-known/api-catalog`` (RFC 9727) and ``llms.txt``.

Both are computed from ``catalogue.json``: here from the one a build of
``tests/roots/test-datagouv-push`` writes, and from hand-made records for
the hostile cases.
"""

from __future__ import annotations

import json
import re

import pytest
from catalogue.exports.discovery import MEDIA_TYPE, PROFILE, WELL_KNOWN_PATH, api_catalog, llms_txt
from helpers.commands import ROOTS, sphinx

SITE = "https://catalogue.exemple.gouv.fr/"


@pytest.fixture(scope="module")
def document(tmp_path_factory) -> dict:
    """The catalogue.json of a real build (built once for the module)."""
    out = tmp_path_factory.mktemp("discovery") / "html"
    result = sphinx("-E", "-q", "-b", "html", "-D", f"html_baseurl={SITE}", str(ROOTS / "test-datagouv-push"), str(out))
    assert result.returncode == 0, result.stderr
    return json.loads((out / "catalogue.json").read_text(encoding="utf-8"))


def test_api_catalog_is_a_linkset(document) -> None:
    linkset = api_catalog(document, SITE)
    json.dumps(linkset)
    assert list(linkset) == ["linkset"]
    first, *contexts = linkset["linkset"]
    assert first["anchor"] == SITE + WELL_KNOWN_PATH
    assert first["profile"] == [{"href": PROFILE}]
    assert MEDIA_TYPE == 'application/linkset+json; profile="https://www.rfc-editor.org/info/rfc9727"'
    live = [api for api in document["apis"] if api["status"] != "retired"]
    assert [item["href"] for item in first["item"]] == [api["url"] for api in live]
    assert "api-refusee" not in json.dumps(first)  # retired: not offered to agents
    assert {d["href"] for d in first["describedby"]} == {SITE + "catalogue.json", SITE + "catalogue.csv", SITE + "catalogue.dcat.jsonld"}
    by_anchor = {context["anchor"]: context for context in contexts}
    assert list(by_anchor) == [api["url"] for api in live]
    for context in contexts:
        # RFC 9264: every target is an object with an absolute href.
        for relation, targets in context.items():
            if relation != "anchor":
                assert all(re.match(r"^https?://", target["href"]) for target in targets)
    nouvelle = by_anchor[SITE + "apis/api-nouvelle.html"]
    assert nouvelle["service-doc"] == [{"href": "https://nouvelle.exemple.gouv.fr/doc", "type": "text/html"}]
    assert nouvelle["service-desc"] == [{"href": "https://nouvelle.exemple.gouv.fr/openapi.yaml", "type": "application/vnd.oai.openapi"}]
    assert nouvelle["terms-of-service"] == [{"href": "https://nouvelle.exemple.gouv.fr/cgu"}]
    existante = by_anchor[SITE + "apis/api-existante.html"]
    assert "service-doc" not in existante  # « non publié »: no link
    assert existante["status"] == [{"href": "https://status.existante.exemple.gouv.fr", "type": "text/html"}]


def test_llms_txt(document) -> None:
    text = llms_txt(document, SITE)
    lines = text.split("\n")
    assert lines[0] == "# Catalogue des API du service public" or lines[0].startswith("# ")
    assert lines[2].startswith("> Les API web offertes par les organismes publics français : 5 API en service, de 2 fournisseurs, en 5 thèmes.")
    assert "« ouverte » (sans compte ni clé : 3)" in text and "« sur habilitation » (réservée à certains publics, sur demande : 1)" in text
    sections = [line for line in lines if line.startswith("## ")]
    assert sections == ["## Données pour les machines", "## API", "## Optional"]
    api_section = text.split("## API\n\n")[1].split("\n\n## ")[0].split("\n")
    assert len(api_section) == 5 and all(re.match(r"^- \[[^\]]+\]\(https://\S+\): ", line) for line in api_section)
    assert (
        "- [API Nouvelle Exemple](https://catalogue.exemple.gouv.fr/apis/api-nouvelle.html): Consultez les nouveautés du "
        "référentiel d'exemple, mises à jour chaque jour. ; fournisseur : Direction de l'exemple numérique ; accès : ouverte ; "
        "OpenAPI : https://nouvelle.exemple.gouv.fr/openapi.yaml ; documentation : https://nouvelle.exemple.gouv.fr/doc"
    ) in lines
    optional = text.split("## Optional\n\n")[1]
    assert optional.startswith("- [API Refusée Exemple](https://catalogue.exemple.gouv.fr/apis/api-refusee.html): ")
    assert "; retirée" in optional.split("\n")[0]
    assert f"- [api-catalog]({SITE}{WELL_KNOWN_PATH}): " in text
    assert text.endswith("\n") and "\n\n\n" not in text


def test_record_text_cannot_add_lines_or_links() -> None:
    hostile = {
        "title": "Les API",
        "apis": [{
            "id": "api-x", "url": "apis/api-x.html", "title": "API ] (https://evil.example) [x\n## Injecté",
            "tagline": "ligne\n- [faux](https://evil.example)", "producer_name": None, "access": "open",
            "status": "stable", "documentation_link": "https://x.fr/a(b)<c>", "openapi_link": None,
            "base_api_url": None, "monitoring_link": None, "terms_link": "non publié",
            "business_documentation_link": None,
        }],
        "providers": [], "themes": [],
    }
    text = llms_txt(hostile, "https://s.fr")
    assert [line for line in text.split("\n") if line.startswith("## ")] == ["## Données pour les machines", "## API", "## Optional"]
    (line,) = [line for line in text.split("\n") if "api-x" in line]
    assert line.startswith(r"- [API \] (https://evil.example) \[x ## Injecté](https://s.fr/apis/api-x.html): ligne - [faux]")
    assert "documentation : <https://x.fr/a(b)%3Cc%3E>" in line
    linkset = api_catalog(hostile, "https://s.fr")
    assert linkset["linkset"][0]["item"] == [{"href": "https://s.fr/apis/api-x.html", "title": "API ] (https://evil.example) [x ## Injecté"}]
    assert "terms-of-service" not in linkset["linkset"][1]  # « non publié »
