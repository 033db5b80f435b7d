"""``catalogue.dcat.jsonld``: the catalogue as a DCAT-AP ``dcat:Catalog`` of ``dcat:DataService``.

The form data.gouv.fr publishes for its API catalogue.  Unlike the JSON and
CSV files, this is a mapping of meaning (a field of ours → a DCAT
property), written here field by field; a field added to the format is not
in DCAT until someone says which property it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..records.format import UNPUBLISHED
from ..records.vocabulary import ACCESS_LABELS, AUDIENCE_LABELS, eligibility_verdict
from ..site.urls import page_url, site_url
from .data import CONTENT_LICENCE

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..records.catalogue import Catalogue

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _literal(text: str | None) -> dict[str, str] | None:
    return {"@value": text, "@language": "fr"} if text else None


def _address(*values: str | None) -> dict[str, str] | None:
    """The first of *values* that is a web address (not empty, not « non publié »)."""
    for value in values:
        if value and value != UNPUBLISHED:
            return {"@id": value}
    return None


#: The EU's access-right vocabulary, for each access mode.
ACCESS_RIGHTS = "http://publications.europa.eu/resource/authority/access-right/"
_ACCESS_RIGHT = {"open": "PUBLIC", "account": "PUBLIC", "restricted": "RESTRICTED"}


def _access_rights(api: dict[str, Any]) -> dict[str, Any] | None:
    """``dct:accessRights``: the EU's code for the access mode, and in words the
    mode and who may use the API (:mod:`catalogue.records.audience`), which
    data.gouv.fr's own DCAT export does not carry."""
    if not api["access"]:
        return None
    lines = [ACCESS_LABELS.get(api["access"], api["access"])]
    lines += [
        f"{AUDIENCE_LABELS[who]}\u202f: {eligibility_verdict(answer)}" for who, answer in api["audiences"].items()
    ]
    if api.get("access_reason"):
        lines.append(api["access_reason"])
    statement: dict[str, Any] = {"@type": "dct:RightsStatement", "rdfs:label": [_literal(line) for line in lines]}
    if api["access"] in _ACCESS_RIGHT:
        statement["@id"] = ACCESS_RIGHTS + _ACCESS_RIGHT[api["access"]]
    return statement


def _contact_point(contact: str | None) -> dict[str, str] | None:
    if not contact:
        return None
    if "@" in contact and "://" not in contact:
        return {"@type": "vcard:Kind", "vcard:hasEmail": {"@id": "mailto:" + contact.removeprefix("mailto:")}}
    return {"@type": "vcard:Kind", "vcard:hasURL": {"@id": contact}}


def dcat_catalogue(app: Sphinx, catalogue: Catalogue, apis: list[dict[str, Any]]) -> dict[str, Any]:
    services = []
    for api in apis:
        service = {
            "@id": api["url"],
            "@type": "dcat:DataService",
            "dct:identifier": api["id"],
            "dct:title": _literal(api["title"]),
            "dct:description": _literal(api["tagline"]),
            "dcat:landingPage": {"@id": api["url"]},
            "dcat:endpointDescription": _address(api["openapi_link"], api["documentation_link"]),
            "dcat:endpointURL": {"@id": api["external_site"]} if api["external_site"] else None,
            "dct:publisher": {
                "@id": page_url(app, catalogue.providers[api["producer"]].docname),
                "@type": "foaf:Agent",
                "foaf:name": api["producer_name"],
            }
            if api["producer"] in catalogue.providers
            else None,
            "dcat:contactPoint": _contact_point(api["contact"]),
            "dcat:theme": [_literal(name) for name in api["themes"]],
            "dcat:keyword": [_literal(word) for word in api["keywords"]],
            "dct:accessRights": _access_rights(api),
            "dct:license": _address(api["terms_link"]),
            "dcat:servesDataset": [
                {"@id": f"https://www.data.gouv.fr/fr/datasets/{dataset['id']}/"} for dataset in api["datasets"]
            ],
            "dct:modified": {"@value": api["last_update"], "@type": "xsd:date"} if api["last_update"] else None,
        }
        services.append({key: value for key, value in service.items() if value not in (None, [])})
    return {
        "@context": DCAT_CONTEXT,
        "@id": site_url(app, "catalogue.dcat.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": _literal(app.config.project),
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "foaf:homepage": {"@id": page_url(app, app.config.root_doc)},
        # The licence of the catalogue's content; each service's own is its terms.
        "dct:license": {
            "@id": CONTENT_LICENCE["url"],
            "@type": "dct:LicenseDocument",
            "rdfs:label": _literal(CONTENT_LICENCE["name"]),
        },
        "dcat:service": services,
    }
