"""Writing the files for machines at the end of every HTML build, and the build's summary.

``catalogue.json`` (:mod:`.data`), ``catalogue.csv`` (:mod:`.csv_export`),
``catalogue.dcat.jsonld`` (:mod:`.dcat`), ``catalogue.udata.json`` (each
API as data.gouv.fr's API takes it, :mod:`.udata`), the record schemas for
editors (with the theme list as an ``enum``) and the schema of
``catalogue.json``, under ``_static/schemas/``; the providers' logos and
the APIs' specification snapshots, under ``_static/logos/`` and
``_static/openapi/``; and, when the site knows its address
(``html_baseurl``), the files for machines that discover APIs:
``.well-known/api-catalog`` and ``llms.txt`` (:mod:`.discovery`).  They are
written from the domain's data, so they stay correct on incremental
builds, and only when a record was read or removed.

The build also ends by saying how many API records it read and how many API
pages the output holds: the two numbers must be equal.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..pages.elements import LOGO_DIR, SPEC_DIR
from ..reading import long_texts
from ..reading.domain import catalogue_domain
from ..records import schema
from ..records.catalogue import Catalogue
from ..records.format import record_format
from ..records.kinds import SNAPSHOT_DIR, kind_of
from ..records.model import with_texts
from ..records.schema import schema_dir_for
from .csv_export import catalogue_csv
from .data import SCHEMA_FILE, catalogue_json, export_schema
from .dcat import dcat_catalogue
from .discovery import WELL_KNOWN_PATH, api_catalog, llms_txt
from .files import write_bytes, write_json, write_text
from .search_data import FILE as SEARCH_FILE
from .search_data import WORDS_FILE, search_data_js, words_js
from .udata import catalogue_payloads

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: Each API record as data.gouv.fr's API accepts it (``make push-datagouv`` sends the same).
UDATA_FILE = "catalogue.udata.json"


def publish(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the machine-readable catalogue and the schemas."""
    if exception is not None or app.builder.format != "html":
        return
    domain = catalogue_domain(app.env)
    outdir = Path(app.outdir)
    if not domain.modified and (outdir / "catalogue.json").exists():
        return  # no record read or removed: the files are current
    schema_dir = schema_dir_for(app.srcdir)
    catalogue = with_all_texts(app, domain.catalogue, schema_dir)
    document = catalogue_json(app, catalogue, schema_dir)
    write_json(outdir / "catalogue.json", document)
    write_text(
        outdir / "catalogue.csv",
        catalogue_csv(document["apis"], record_format("api", schema_dir)),
        encoding="utf-8-sig",
    )
    write_json(outdir / "catalogue.dcat.jsonld", dcat_catalogue(app, catalogue, document["apis"]))
    site_url = app.config.html_baseurl or None
    write_json(outdir / UDATA_FILE, catalogue_payloads(document, site_url))
    if site_url:
        write_json(outdir / WELL_KNOWN_PATH, api_catalog(document, site_url))
        write_text(outdir / "llms.txt", llms_txt(document, site_url))

    write_text(outdir / SEARCH_FILE, search_data_js(catalogue))
    publish_logos(app, domain.logos)
    publish_snapshots(app, domain.snapshots)
    themes = [theme.title for theme in catalogue.sorted_themes]
    for kind, filename in schema.SCHEMA_FILES.items():
        write_json(outdir / "_static" / "schemas" / filename, schema.published(kind, themes, schema_dir), indent=2)
    write_json(outdir / "_static" / "schemas" / SCHEMA_FILE, export_schema(app, schema_dir), indent=2)


def publish_words(app: Sphinx) -> None:
    """``builder-inited``: the search's stop words and synonyms, before any page is written.

    Pages load the file with a checksum of it (``?v=``) that Sphinx computes
    when it writes them: the file must be in place before, or a first build
    and the next would write different pages.
    """
    if app.builder.format == "html":
        write_text(Path(app.outdir) / WORDS_FILE, words_js(app.config.catalogue_synonyms))


def publish_logos(app: Sphinx, logos: dict[str, tuple[str, str]]) -> None:
    """Copy the logos the census accepted to ``_static/logos/``; remove the others."""
    folder = Path(app.outdir) / LOGO_DIR
    wanted = {filename for filename, _ in logos.values()}
    for filename in sorted(wanted):
        write_bytes(folder / filename, (Path(app.srcdir) / "apis" / "logos" / filename).read_bytes())
    for stale in folder.glob("*") if folder.is_dir() else ():
        if stale.name not in wanted:
            stale.unlink()


def publish_snapshots(app: Sphinx, snapshots: dict) -> None:
    """Copy the specification snapshots the API pages were built from to ``_static/openapi/``; remove the others.

    Readers download them from the site itself: no request to the provider,
    no CORS.  They are served as the ``.json`` or ``.yaml`` files they are
    (the census accepts no other name), never as a page.
    """
    folder = Path(app.outdir) / SPEC_DIR
    wanted = {seen[0] for seen in snapshots.values() if seen}
    for filename in sorted(wanted):
        write_bytes(folder / filename, (Path(app.srcdir) / SNAPSHOT_DIR / filename).read_bytes())
    for stale in folder.glob("*") if folder.is_dir() else ():
        if stale.name not in wanted:
            stale.unlink()


def with_all_texts(app: Sphinx, catalogue: Catalogue, schema_dir: Path) -> Catalogue:
    """The catalogue with the long texts of its records (see :mod:`catalogue.reading.long_texts`)."""
    return Catalogue(
        with_texts(record, record_format(record.kind, schema_dir), long_texts.load(app.doctreedir, record.docname))
        for kind in (catalogue.apis, catalogue.providers, catalogue.themes)
        for record in kind.values()
    )


def report_counts(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: say how many API records the site holds, and check each has its page.

    Counted over the whole site, not this build: an incremental build
    re-writes few pages, but none of the others may have gone missing.
    """
    if exception is not None or app.builder.format != "html":
        return
    catalogue = catalogue_domain(app.env).catalogue
    api_docs = [docname for docname in app.env.all_docs if kind_of(docname) == "api"]
    written = [
        docname
        for docname in api_docs
        if (Path(app.outdir) / app.builder.get_target_uri(docname)).is_file()
    ]
    logger.info(
        "catalogue : %d fiches d'API lues, %d pages d'API présentes dans le site (%d fournisseurs, %d thèmes)",
        len(api_docs),
        len(written),
        len(catalogue.providers),
        len(catalogue.themes),
    )
    missing = sorted(set(api_docs) - set(written))
    if missing:
        logger.warning(
            "catalogue : %d fiche(s) d'API sans page : %s",
            len(missing),
            ", ".join(missing),
            type="catalogue",
            subtype="pages",
        )
