"""Reading udata's JSON: saved pages, single dataservices, folders of them, or the live API.

What ``SRC`` may be:

- a file holding a page of ``/api/1/dataservices/`` or of
  ``/api/2/dataservices/search/`` (``{data, page, page_size, total,
  next_page, previous_page}``), a single dataservice as
  ``/api/1/dataservices/<id>/`` returns it, or a list of dataservices;
- a folder of such files (``*.json``, in name order);
- an API address (``https://www.data.gouv.fr/api/1/dataservices/?organization=<id>``):
  every page is read, following ``next_page``, through the injected
  ``fetch`` (:func:`.client.fetch_json` by default).

A service read twice (two pages of a folder, a page and its own file)
counts once: the copy modified last (``metadata_modified_at``) is kept.
A saved page whose ``total`` exceeds what was read is reported: its next
pages are not in the source, and nothing is fetched for files.

Online, ``next_page`` (and, later, the dataset and organisation links) is
followed only on the host of ``SRC``: a page cannot send the import to
another machine.  Pages are bounded (:data:`.tables.MAX_PAGES`), and an
address met twice ends the walk.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..framework.report import SourceError
from .client import Fetch, FetchError, fetch_json
from .tables import MAX_FILE_BYTES, MAX_PAGES

_OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")


@dataclass
class Found:
    """One dataservice as read, and where."""

    data: dict[str, Any]
    where: str


@dataclass
class Collected:
    """Every dataservice of a source, by data.gouv.fr id, and what could not be read."""

    services: dict[str, Found] = field(default_factory=dict)
    #: (where, why) of each file, page or item that could not be read.
    errors: list[tuple[str, str]] = field(default_factory=list)
    #: Lines for the report: services read twice, pages missing.
    notes: list[str] = field(default_factory=list)
    #: The live API's fetch and address, when SRC is a URL (else None).
    fetch: Fetch | None = None
    origin: str | None = None

    def same_site(self, url: Any) -> bool:
        """Whether *url* may be fetched: online, and on the host of SRC."""
        if not (self.fetch and self.origin and isinstance(url, str)):
            return False
        here, there = urlsplit(self.origin), urlsplit(url)
        return (there.scheme, there.netloc) == (here.scheme, here.netloc)


def is_url(src: str | Path) -> bool:
    return isinstance(src, str) and re.match(r"^https?://", src, re.IGNORECASE) is not None


def collect(src: str | Path, fetch: Fetch | None = None) -> Collected:
    """Every dataservice of *src* (see the module's docstring); :class:`SourceError` if none can be."""
    if is_url(src):
        return _collect_online(str(src), fetch or fetch_json)
    path = Path(src)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.json") if p.is_file() and not p.name.startswith("."))
        if not files:
            raise SourceError(f"{path} ne contient aucun fichier .json (pages ou API de data.gouv.fr)")
    elif path.is_file():
        files = [path]
    else:
        raise SourceError(f"{src} n'existe pas : indiquez un fichier .json, un dossier ou une adresse https://")
    collected = Collected()
    announced: list[tuple[str, int]] = []
    for file in files:
        where = file.name
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise SourceError(f"fichier de plus de {MAX_FILE_BYTES // (1024 * 1024)} Mio")
            document = json.loads(file.read_bytes().decode("utf-8-sig"))
            items, page = items_of(document)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, SourceError) as exc:
            collected.errors.append((where, _why(exc)))
            continue
        if page and isinstance(page.get("total"), int) and page.get("next_page"):
            announced.append((where, page["total"]))
        _add_items(collected, items, where)
    for where, total in announced:
        if total > len(collected.services):
            collected.notes.append(
                f"{where} : la page annonce {total} API, {len(collected.services)} lues ; les pages "
                "suivantes (next_page) ne sont pas dans la source (donnez l'adresse de l'API pour les lire)"
            )
    return collected


def items_of(document: Any) -> tuple[list[Any], dict[str, Any] | None]:
    """The dataservices a JSON document holds, and the page around them (if it is one)."""
    if isinstance(document, list):
        return document, None
    if isinstance(document, dict):
        if isinstance(document.get("data"), list):
            return document["data"], document
        if "id" in document and ("title" in document or "slug" in document):
            return [document], None
    raise SourceError(
        "ni une page de l'API data.gouv.fr (clé data), ni une API (clés id et title), ni une liste d'API"
    )


def _collect_online(url: str, fetch: Fetch) -> Collected:
    collected = Collected(fetch=fetch, origin=url)
    seen: set[str] = set()
    next_url: Any = url
    while next_url:
        if not isinstance(next_url, str) or not collected.same_site(next_url):
            collected.notes.append(f"page suivante ignorée (autre site que {url}) : {next_url}")
            break
        if next_url in seen:
            collected.notes.append(f"page déjà lue, lecture arrêtée : {next_url}")
            break
        if len(seen) >= MAX_PAGES:
            collected.notes.append(f"lecture arrêtée après {MAX_PAGES} pages : {next_url}")
            break
        seen.add(next_url)
        try:
            items, page = items_of(fetch(next_url))
        except (FetchError, SourceError) as exc:
            if not collected.services and next_url == url:
                raise SourceError(f"{url} : {_why(exc)}") from None
            collected.errors.append((next_url, _why(exc)))
            break
        _add_items(collected, items, next_url)
        next_url = page.get("next_page") if page else None
    return collected


def _add_items(collected: Collected, items: list[Any], where: str) -> None:
    for index, item in enumerate(items, start=1):
        place = f"{where}, élément {index}" if len(items) > 1 else where
        if not isinstance(item, dict):
            collected.errors.append((place, "pas un objet JSON"))
            continue
        identifier = item.get("id")
        if not isinstance(identifier, str) or not _OBJECT_ID.match(identifier):
            collected.errors.append((place, f"identifiant data.gouv.fr absent ou invalide ({identifier!r})"))
            continue
        known = collected.services.get(identifier)
        if known is None:
            collected.services[identifier] = Found(item, place)
            continue
        newer = str(item.get("metadata_modified_at") or "") > str(known.data.get("metadata_modified_at") or "")
        kept = Found(item, place) if newer else known
        collected.notes.append(
            f"dataservices/{identifier} : lue deux fois ({known.where} ; {place}), une seule fiche ; "
            f"gardée : {kept.where}" + (" (modifiée plus récemment)" if newer else "")
        )
        collected.services[identifier] = kept


def _why(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"JSON invalide ligne {exc.lineno}, colonne {exc.colno} : {exc.msg}"
    if isinstance(exc, UnicodeDecodeError):
        return "le fichier n'est pas en UTF-8"
    return str(exc)
