"""``python -m importers push-datagouv``: publish our API records as data.gouv.fr dataservices.

For each API record that passes our checks (the same as ``make
validate``), the payload of :mod:`catalogue.exports.udata` is sent to
udata's API: ``PATCH /dataservices/<datagouv_id>/`` when the record holds
a ``datagouv_id``, ``POST /dataservices/`` otherwise.  udata's API updates
with ``PATCH`` (it has no ``PUT`` for dataservices); since every field we
map is in the payload, ``null`` when absent, an update makes data.gouv.fr
say what the record says, and leaves alone what our format does not hold.

- The API key is read from the environment (``DATAGOUV_API_KEY``), never
  from a file, sent in the ``X-API-KEY`` header as udata expects, and
  never printed.
- A new dataservice is created in the name of the producer's
  organisation (the provider's ``datagouv_id``); without it, the record is
  not sent: udata would make the key's owner, a person, its publisher.
  An update never moves a dataservice to another organisation.
- The id data.gouv.fr returns on creation is written into the record
  (``datagouv_id:``, :mod:`importers.framework.editing`): the key's line
  is added or replaced, every other byte stays.  An imported file keeps
  its digest line, so it now counts as edited by hand: the next import
  keeps it (and the id) instead of overwriting it.
- ``--dry-run`` prints each request that would be sent, and sends and
  writes nothing.

One line per record says what was done, then a summary; the exit status
is 1 if data.gouv.fr refused something or an id could not be written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue.checks.census import take_census
from catalogue.checks.record import check_file
from catalogue.commands.validate import validate
from catalogue.exports.udata import dataservice_payload, not_sent
from catalogue.records.catalogue import Catalogue
from catalogue.records.kinds import docname_for
from catalogue.records.model import Entry, Record, build_record
from catalogue.records.schema import schema_dir_for

from ..framework.editing import EditError, with_key
from .client import FetchError, Response, Send, send_json

API_KEY_VARIABLE = "DATAGOUV_API_KEY"
DEFAULT_API = "https://www.data.gouv.fr/api/1/"
DEFAULT_SITE = "https://catalogue.api.gouv.fr/"
_OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")


@dataclass
class PushReport:
    """One line per record, said as soon as it is known, and the counts for the summary."""

    out: Callable[[str], None] = print
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, status: str, line: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        self.lines.append(line)
        self.out(line)

    def summary(self, dry_run: bool) -> str:
        c = self.counts.get
        if dry_run:
            return (
                f"Bilan (essai : rien n'a été envoyé ni écrit) : {c('create', 0)} à créer, "
                f"{c('update', 0)} à mettre à jour, {c('skipped', 0)} non envoyée(s)."
            )
        return (
            f"Bilan : {c('create', 0)} créée(s), {c('update', 0)} mise(s) à jour sur data.gouv.fr ; "
            f"{c('skipped', 0)} non envoyée(s) ; {c('refused', 0)} refusée(s) ou en échec."
        )


def plain(value: Any) -> Any:
    """A record's value as ``catalogue.json`` holds it (tuples as lists, entries as tables)."""
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    if isinstance(value, Entry):
        return {name: plain(item) for name, item in value.values.items()}
    return value


def load(root: Path) -> tuple[Catalogue, dict[str, int]]:
    """Every record of *root* as the build keeps it, and the number of problems of each file."""
    schema_dir = schema_dir_for(root)
    records: list[Record] = []
    for kind, path in take_census(root).records:
        checked = check_file(kind, path, schema_dir)
        if checked.loaded is not None:
            records.append(build_record(kind, docname_for(kind, path.stem), checked.data, len(checked.problems), schema_dir))
    problems = {relative: len(found) for relative, found in validate(root).problems.items()}
    return Catalogue(records), problems


def api_data(catalogue: Catalogue, api: Record) -> dict[str, Any]:
    """*api* as ``catalogue.json`` holds it, without Sphinx: the export takes nothing else."""
    data = {"id": api.id, **{name: plain(value) for name, value in api.values.items()}}
    producer = catalogue.producer_of(api)  # type: ignore[arg-type]
    data["producer_name"] = producer.name if producer else None
    data["contact"] = catalogue.contact_of(api)  # type: ignore[arg-type]
    return data


@dataclass
class Request:
    """One call to make for one record."""

    relative: str
    #: ``create`` (POST) or ``update`` (PATCH).
    status: str
    method: str
    url: str
    payload: dict[str, Any]
    #: What the record holds and the payload does not carry, for its line.
    tail: str


def plan(catalogue: Catalogue, api: Record, base: str, site_url: str, titles: dict[str, str]) -> Request | str:
    """The request for *api*, or why it is not sent."""
    relative = f"{docname_for('api', api.id)}.yml"
    producer = catalogue.producer_of(api)  # type: ignore[arg-type]
    organization = producer.values.get("datagouv_id") if producer else None
    data = api_data(catalogue, api)
    payload = dataservice_payload(data, organization, site_url, titles)
    unsent = not_sent(data)
    tail = f" ; non repris : {', '.join(unsent)}" if unsent else ""
    stored = api.values.get("datagouv_id")
    if stored:
        payload.pop("organization", None)  # an update never moves a dataservice
        return Request(relative, "update", "PATCH", f"{base}dataservices/{stored}/", payload, tail)
    if organization:
        return Request(relative, "create", "POST", f"{base}dataservices/", payload, tail)
    return (
        f"{relative} : non envoyée : le fournisseur {api.values.get('producer')} n'a pas de datagouv_id "
        "(l'organisation data.gouv.fr au nom de laquelle publier) ; ajoutez-le à sa fiche"
    )


def push(
    root: Path,
    api_url: str = DEFAULT_API,
    api_key: str | None = None,
    dry_run: bool = False,
    send: Send = send_json,
    site_url: str = DEFAULT_SITE,
    out: Callable[[str], None] = print,
) -> PushReport:
    """Send every valid API record of *root*; write back the ids of the created ones."""
    base = api_url.rstrip("/") + "/"
    catalogue, problems = load(root)
    titles = {r.id: r.title for r in [*catalogue.apis.values(), *catalogue.providers.values()]}
    report = PushReport(out)
    for api in catalogue.sorted_apis:
        relative = f"{docname_for('api', api.id)}.yml"
        if problems.get(relative):
            report.add("skipped", f"{relative} : non envoyée : {problems[relative]} erreur(s) dans la fiche (make validate en donne le détail)")
            continue
        request = plan(catalogue, api, base, site_url, titles)
        if isinstance(request, str):
            report.add("skipped", request)
        elif dry_run:
            verb = "serait créée" if request.status == "create" else "serait mise à jour"
            report.add(request.status, f"{relative} : {verb} : {request.method} {request.url}{request.tail}")
            out(json.dumps(request.payload, ensure_ascii=False, indent=2))
        else:
            status, line = carry_out(root, request, send, api_key or "")
            report.add(status, line)
    return report


def carry_out(root: Path, request: Request, send: Send, api_key: str) -> tuple[str, str]:
    """Send *request*; on creation, write the returned id into the record. (status, line)."""
    head = request.relative
    try:
        response = send(request.method, request.url, request.payload, {"X-API-KEY": api_key})
    except FetchError as exc:
        return "refused", f"{head} : échec de l'envoi : {exc}"
    if response.status not in (200, 201):
        return "refused", f"{head} : refusée par data.gouv.fr ({request.method}, HTTP {response.status}) : {_why(response)}"
    if request.status == "update":
        identifier = request.url.rstrip("/").rsplit("/", 1)[1]
        return "update", f"{head} : mise à jour sur data.gouv.fr (id {identifier}){request.tail}"
    returned = response.body.get("id") if isinstance(response.body, dict) else None
    if not isinstance(returned, str) or not _OBJECT_ID.match(returned):
        return "refused", f"{head} : créée, mais data.gouv.fr n'a pas renvoyé d'identifiant lisible : ajoutez datagouv_id à la main"
    problem = write_back(root / request.relative, returned)
    if problem:
        return "refused", f"{head} : créée sur data.gouv.fr (id {returned}) ; datagouv_id NON écrit ({problem}) : ajoutez « datagouv_id: {returned} » à la main"
    return "create", f"{head} : créée sur data.gouv.fr (id {returned}) ; datagouv_id écrit dans la fiche{request.tail}"


def write_back(path: Path, identifier: str) -> str | None:
    """Add ``datagouv_id: <identifier>`` to the record at *path*; the reason if it could not be."""
    try:
        raw = path.read_bytes().decode("utf-8")
        bom = "\ufeff" if raw.startswith("\ufeff") else ""
        changed = with_key(raw.removeprefix(bom), "datagouv_id", identifier)
        path.write_bytes((bom + changed).encode("utf-8"))
    except (OSError, UnicodeDecodeError, EditError) as exc:
        return str(exc)
    return None


def _why(response: Response) -> str:
    """udata's error, in one line: ``message`` and each field's ``errors``."""
    body = response.body if isinstance(response.body, Mapping) else {}
    parts = [str(body["message"])] if body.get("message") else []
    errors = body.get("errors")
    if isinstance(errors, Mapping):
        parts.extend(f"{key} : {value}" for key, value in errors.items())
    text = " ; ".join(parts) or " ".join(response.text.split())[:300] or "réponse vide"
    return " ".join(text.split())


def main(
    root: Path,
    api_url: str = DEFAULT_API,
    dry_run: bool = False,
    send: Send = send_json,
    environ: Mapping[str, str] = os.environ,
    out: Callable[[str], None] = print,
) -> int:
    """The command: one line per record, a summary; 2 without API key, 1 if something failed."""
    key = environ.get(API_KEY_VARIABLE, "").strip()
    if not key and not dry_run:
        out(f"erreur : la variable d'environnement {API_KEY_VARIABLE} est vide ; donnez la clé d'API de "
            "data.gouv.fr (profil, « Clé d'API ») ou lancez un essai avec --dry-run")
        return 2
    site = environ.get("CATALOGUE_BASE_URL", DEFAULT_SITE)
    report = push(root, api_url, key, dry_run, send, site, out)
    out(report.summary(dry_run))
    return 1 if report.counts.get("refused") else 0
