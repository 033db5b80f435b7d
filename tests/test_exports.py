"""The catalogue for machines: JSON, CSV, DCAT-AP, sitemap, Atom, page metadata.

Every file is parsed with a real parser (json, csv, xml.etree) and checked
against what the YAML records say, and ``catalogue.json`` against its JSON
Schema.  They must also follow the records on incremental builds.
"""

from __future__ import annotations

import csv
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from catalogue.exports.csv_export import LIST_SEPARATOR
from catalogue.exports.data import JSON_FORMAT

#: The columns of catalogue.csv, as published (a change here is a change for its readers).
CSV_COLUMNS = (
    "id", "url", "title", "tagline", "producer", "producer_name", "partners", "access", "status",
    "sunset_date", "themes", "keywords", "documentation_link", "business_documentation_link",
    "openapi_link", "base_api_url", "external_site", "contact_link", "contact", "terms_link",
    "terms_summary", "licence", "access_link", "access_reason", "access_reason_category", "eligibility",
    "audiences", "rate_limiting_resume", "availability", "support", "monitoring_link", "related_apis", "datasets",
    "last_update", "lang", "datagouv_id", "description",
)

REPO = Path(__file__).resolve().parents[1]
BASIC = REPO / "tests" / "roots" / "test-basic"
BASE = "https://catalogue.example.gouv.fr/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

pytestmark = pytest.mark.sphinx("html", testroot="basic", confoverrides={"html_baseurl": BASE})


def records(srcdir: Path, folder: str = "apis") -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((Path(srcdir) / folder).glob("*.yml"))
    }


def catalogue_json(outdir: Path) -> dict:
    return json.loads((Path(outdir) / "catalogue.json").read_text(encoding="utf-8"))


def test_catalogue_json_matches_its_schema_and_the_records(app):
    app.build()
    data = catalogue_json(app.outdir)
    schema = json.loads((Path(app.outdir) / "_static/schemas/catalogue.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["format"] == JSON_FORMAT
    # The published schema describes every field of the record schemas, and
    # the keys computed from the catalogue, each required (null when absent).
    for kind, file in (("api", "api"), ("provider", "fournisseur"), ("theme", "theme")):
        fields = json.loads((REPO / "schema" / f"{file}.schema.json").read_text(encoding="utf-8"))["properties"]
        described = schema["$defs"][kind]
        assert set(fields) <= set(described["required"]) == set(described["properties"]), kind
    assert {"id", "url", "producer_name", "contact", "valid"} <= set(schema["$defs"]["api"]["required"])

    apis = records(app.srcdir)
    assert [api["id"] for api in data["apis"]] == ["api-alpha", "api-eau", "api-ecoles", "api-zebre"]
    assert {api["id"] for api in data["apis"]} == set(apis)
    for api in data["apis"]:
        source = apis[api["id"]]
        assert api["url"] == f"{BASE}apis/{api['id']}.html"
        for key in ("title", "tagline", "producer", "access", "themes", "documentation_link", "terms_link"):
            assert api[key] == source[key], (api["id"], key)
        assert api["keywords"] == source.get("keywords", [])
        assert api["status"] == source.get("status", "stable")
        assert api["last_update"] == (str(source["last_update"]) if "last_update" in source else None)
        assert api["valid"] is True

    eau = next(api for api in data["apis"] if api["id"] == "api-eau")
    assert eau["partners"] == [
        {"id": "dinum", "name": "Direction interministérielle du numérique"},
        {"id": None, "name": "Partenaire Libre"},
    ]
    assert [e["eligible"] for e in eau["eligibility"]] == ["yes", "under_condition", "no"]
    assert eau["availability"] == 99.5
    zebre = next(api for api in data["apis"] if api["id"] == "api-zebre")
    assert zebre["contact_link"] is None
    assert zebre["contact"] == "contact@numerique.gouv.fr"  # the provider's

    providers = records(app.srcdir, "apis/fournisseurs")
    assert {p["id"] for p in data["providers"]} == set(providers)
    dinum = next(p for p in data["providers"] if p["id"] == "dinum")
    assert dinum["apis"] == ["api-alpha", "api-zebre"]
    assert dinum["partner_of"] == ["api-eau"]
    assert {t["name"] for t in data["themes"]} == {t["name"] for t in records(app.srcdir, "apis/themes").values()}


def test_catalogue_csv_has_one_row_per_api(app):
    app.build()
    raw = (Path(app.outdir) / "catalogue.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for spreadsheets
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    by_id = {row["id"]: row for row in rows}
    apis = records(app.srcdir)
    assert set(by_id) == set(apis)
    eau = by_id["api-eau"]
    assert eau["themes"] == LIST_SEPARATOR.join(apis["api-eau"]["themes"])
    assert eau["keywords"] == "potable | ARS"
    assert eau["partners"] == "dinum | Partenaire Libre"
    assert eau["availability"] == "99.5"
    assert "## Données disponibles" in eau["description"]  # multi-line text survives
    assert by_id["api-zebre"]["contact"] == "contact@numerique.gouv.fr"
    assert eau["audiences"] == (
        "local_authority_and_administration: yes | company_and_association: under_condition | private: no"
    )


def test_dcat_catalogue_lists_every_api_as_a_data_service(app):
    app.build()
    dcat = json.loads((Path(app.outdir) / "catalogue.dcat.jsonld").read_text(encoding="utf-8"))
    assert dcat["@type"] == "dcat:Catalog"
    assert dcat["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    services = {s["dct:identifier"]: s for s in dcat["dcat:service"]}
    assert set(services) == set(records(app.srcdir))
    eau = services["api-eau"]
    assert eau["@type"] == "dcat:DataService"
    assert eau["dct:title"] == {"@value": "API eau", "@language": "fr"}
    assert eau["dcat:endpointDescription"] == {"@id": "https://eau.example.gouv.fr/openapi.json"}
    assert eau["dct:publisher"]["foaf:name"].startswith("Institut national de la statistique")
    assert eau["dcat:contactPoint"]["vcard:hasEmail"] == {"@id": "mailto:eau@example.gouv.fr"}
    assert eau["dcat:servesDataset"] == [{"@id": "https://www.data.gouv.fr/fr/datasets/5889d03ea3a72974cbf0d5b0/"}]
    assert eau["dct:modified"] == {"@value": "2025-11-02", "@type": "xsd:date"}
    # Access rights: the EU's code, and who may use it in words.
    rights = eau["dct:accessRights"]
    assert rights["@id"] == "http://publications.europa.eu/resource/authority/access-right/RESTRICTED"
    assert [label["@value"] for label in rights["rdfs:label"]] == [
        "Sur habilitation",
        "Une collectivité ou une administration\u202f: oui",
        "Une entreprise ou une association\u202f: sous conditions",
        "Un particulier\u202f: non",
    ]
    assert services["api-alpha"]["dct:accessRights"]["@id"].endswith("/PUBLIC")


def test_who_may_use_each_api_is_exported(app):
    """``audiences``: the coded eligibility lines, or "yes" for all when the API is open or on account."""
    app.build()
    data = json.loads((Path(app.outdir) / "catalogue.json").read_text(encoding="utf-8"))
    apis = {api["id"]: api for api in data["apis"]}
    assert apis["api-eau"]["audiences"] == {
        "local_authority_and_administration": "yes",
        "company_and_association": "under_condition",
        "private": "no",
    }
    everyone = dict.fromkeys(("local_authority_and_administration", "company_and_association", "private"), "yes")
    assert apis["api-alpha"]["audiences"] == everyone  # open
    assert apis["api-ecoles"]["audiences"] == everyone  # account, no line says otherwise
    assert list(apis["api-eau"]).index("audiences") == list(apis["api-eau"]).index("eligibility") + 1


def test_sitemap_lists_every_page(app):
    app.build()
    root = ET.parse(Path(app.outdir) / "sitemap.xml").getroot()
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")}
    assert set(urls) == {f"{BASE}{docname}.html" for docname in app.env.found_docs}
    assert urls[f"{BASE}apis/api-eau.html"] == "2025-11-02"
    assert urls[f"{BASE}index.html"] is None


def test_atom_feed_lists_latest_updates_first(app):
    app.build()
    feed = ET.parse(Path(app.outdir) / "atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    dated = sorted(
        ((str(api["last_update"]), api["title"]) for api in records(app.srcdir).values() if "last_update" in api),
        reverse=True,
    )
    assert [e.findtext(f"{ATOM}title") for e in entries] == [title for _date, title in dated]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [f"{date}T00:00:00Z" for date, _ in dated]
    assert feed.findtext(f"{ATOM}updated") == f"{dated[0][0]}T00:00:00Z"
    # Linked from the pages' heads.
    home = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in home and f'href="{BASE}atom.xml"' in home


def _head(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head


def test_api_pages_carry_webapi_json_ld_and_open_graph(app):
    app.build()
    apis = records(app.srcdir)
    for api_id, api in apis.items():
        head = _head(Path(app.outdir) / "apis" / f"{api_id}.html")
        data = json.loads(head.find("script", type="application/ld+json").string)
        assert data["@type"] == "WebAPI"
        assert data["name"] == api["title"]
        assert data["documentation"] == api["documentation_link"]
        assert data["url"] == f"{BASE}apis/{api_id}.html"
        assert head.find("meta", property="og:description")["content"] == api["tagline"]
        assert head.find("meta", property="og:title")["content"] == api["title"]
    provider_head = _head(Path(app.outdir) / "apis" / "fournisseurs" / "dinum.html")
    assert provider_head.find("script", type="application/ld+json") is None
    assert provider_head.find("meta", property="og:title")["content"] == "Direction interministérielle du numérique (DINUM)"


@pytest.mark.sphinx("html", testroot="basic", srcdir="exports-escaping", confoverrides={"html_baseurl": BASE})
def test_head_metadata_escapes_record_text(app):
    """A tagline that tries to close the script element stays data."""
    record = Path(app.srcdir) / "apis" / "api-zebre.yml"
    text = record.read_text(encoding="utf-8").replace(
        "tagline: Une API ouverte pour tester le tri en fin de liste.",
        'tagline: "Fin </script><script>alert(1)</script> & « guillemets »"',
    )
    record.write_text(text, encoding="utf-8")
    app.build()
    page = (Path(app.outdir) / "apis" / "api-zebre.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    head = BeautifulSoup(page, "html.parser").head
    data = json.loads(head.find("script", type="application/ld+json").string)
    assert data["description"] == "Fin </script><script>alert(1)</script> & « guillemets »"
    assert head.find("meta", property="og:description")["content"] == data["description"]


@pytest.mark.sphinx("html", testroot="basic", srcdir="exports-incremental", confoverrides={"html_baseurl": BASE})
def test_exports_follow_incremental_builds(app, make_app):
    app.build()
    srcdir = Path(app.srcdir)
    record = srcdir / "apis" / "api-zebre.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("title: API Zèbre", "title: API Zébu"), encoding="utf-8")
    (srcdir / "apis" / "api-alpha.yml").unlink()
    shutil.copy(srcdir / "apis" / "api-ecoles.yml", srcdir / "apis" / "api-lycees.yml")
    lycees = srcdir / "apis" / "api-lycees.yml"
    lycees.write_text(
        lycees.read_text(encoding="utf-8").replace("title: API Écoles", "title: API Lycées").replace(
            "last_update: 2025-06-15", "last_update: 2026-03-01"
        ),
        encoding="utf-8",
    )
    again = make_app("html", srcdir=srcdir, confoverrides={"html_baseurl": BASE})
    again.build()
    assert "0 removed" not in again._status.getvalue()

    data = catalogue_json(again.outdir)
    titles = [api["title"] for api in data["apis"]]
    assert titles == ["API eau", "API Écoles", "API Lycées", "API Zébu"]
    rows = list(csv.DictReader((Path(again.outdir) / "catalogue.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(row["title"] for row in rows) == sorted(titles)
    feed = ET.parse(Path(again.outdir) / "atom.xml").getroot()
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "API Lycées"
    sitemap = (Path(again.outdir) / "sitemap.xml").read_text(encoding="utf-8")
    assert "api-alpha" not in sitemap and "api-lycees" in sitemap
    dcat = json.loads((Path(again.outdir) / "catalogue.dcat.jsonld").read_text(encoding="utf-8"))
    assert sorted(s["dct:identifier"] for s in dcat["dcat:service"]) == ["api-eau", "api-ecoles", "api-lycees", "api-zebre"]


@pytest.mark.sphinx("html", testroot="basic", srcdir="exports-no-baseurl", confoverrides={"html_baseurl": ""})
def test_without_base_url_no_sitemap_nor_feed(app):
    app.build()
    assert not (Path(app.outdir) / "sitemap.xml").exists()
    assert not (Path(app.outdir) / "atom.xml").exists()
    data = catalogue_json(app.outdir)
    assert data["apis"][0]["url"] == "apis/api-alpha.html"
    assert "html_baseurl vide" in app._status.getvalue()


def test_record_schemas_are_published_with_the_theme_list(app):
    app.build()
    schemas = Path(app.outdir) / "_static" / "schemas"
    api = json.loads((schemas / "api.schema.json").read_text(encoding="utf-8"))
    assert api["$defs"]["theme"]["enum"] == ["Éducation", "Entreprise", "Santé"]  # French order
    provider = json.loads((schemas / "fournisseur.schema.json").read_text(encoding="utf-8"))
    assert provider == json.loads((REPO / "schema" / "fournisseur.schema.json").read_text(encoding="utf-8"))


# -- The licence of the catalogue's content ------------------------------------------------------

LICENCE_OUVERTE = {
    "id": "lov2",
    "name": "Licence Ouverte 2.0 (Etalab)",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def test_catalogue_json_states_the_licence_of_its_content(app):
    """A top-level ``licence``: data.gouv.fr's id, the name, the address; described by the schema."""
    app.build()
    data = catalogue_json(app.outdir)
    assert data["licence"] == LICENCE_OUVERTE
    assert list(data)[:5] == ["$schema", "format", "title", "site", "licence"]
    schema = json.loads((Path(app.outdir) / "_static/schemas/catalogue.schema.json").read_text(encoding="utf-8"))
    assert "licence" in schema["required"]
    assert set(schema["properties"]["licence"]["required"]) == set(LICENCE_OUVERTE)
    jsonschema.Draft202012Validator(schema).validate(data)
    # The schema refuses a document without it: the key is part of the format.
    without = {key: value for key, value in data.items() if key != "licence"}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(without))
    # Not to be mixed up with the licence of each API's data, a field of its record.
    assert all("licence" in api for api in data["apis"])


def test_dcat_catalogue_states_the_licence_of_its_content(app):
    app.build()
    dcat = json.loads((Path(app.outdir) / "catalogue.dcat.jsonld").read_text(encoding="utf-8"))
    assert dcat["dct:license"] == {
        "@id": LICENCE_OUVERTE["url"],
        "@type": "dct:LicenseDocument",
        "rdfs:label": {"@value": LICENCE_OUVERTE["name"], "@language": "fr"},
    }
    # Each service keeps its own terms as its licence.
    eau = next(s for s in dcat["dcat:service"] if s["dct:identifier"] == "api-eau")
    assert eau["dct:license"] == {"@id": "https://eau.example.gouv.fr/cgu"}


def test_catalogue_csv_has_no_place_for_the_licence(app):
    """One row per API: the content's licence is said in catalogue.json and the DCAT file
    (and the README); the CSV's only ``licence`` column is each API's data licence."""
    app.build()
    raw = (Path(app.outdir) / "catalogue.csv").read_bytes().decode("utf-8-sig")
    header = next(csv.reader(raw.splitlines()))
    assert [column for column in header if "licen" in column] == ["licence"]
