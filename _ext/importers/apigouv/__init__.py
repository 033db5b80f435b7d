"""``make import-apigouv SRC=...``: bring in the records of the historical api.gouv.fr.

The catalogue that this site succeeds kept one Markdown file with YAML front
matter per API (``_data/api/<slug>.md``) and per provider
(``_data/producteurs/<id>.md``).  This module turns such files into our
YAML records (``apis/<id>.yml``, ``apis/fournisseurs/<id>.yml``) and prints
a report: one line per record (what was mapped, guessed, dropped, and what
a human must still fill in), then a summary.

Decisions, so that a provider knows what to expect:

- **Nothing is invented.**  Our format requires things the old one never
  had (``terms_link``, a provider's ``description``...).  The importer
  writes what it has; it does not make up a value, and it has no "draft"
  mode: a record that lacks a required field *fails validation* like any
  hand-written one.  The build reports it (and fails under ``-W``, hence
  ``make strict`` and the tests), its page shows a notice listing what is
  wrong, and ``make validate`` names each field to fill.  After writing, the
  importer runs that same validation and prints, per record, the fields to
  fill (``à compléter``) and the values to correct (``à corriger``), so that
  the report and ``make validate`` always agree.  A draft mode would have
  let half-empty pages go live silently; a failing check cannot be missed.
- **Identifiers** are the old file names, lower-cased, accents removed,
  with ``_`` and any other character that is not a letter or a digit turned
  into ``-`` (``sirene_v3`` → ``sirene-v3``).  Each rename is reported, and
  ``producer`` and ``partners`` follow the renames.
- **Keys** are mapped as the README's table says (``is_open`` → ``access``,
  ``doc_tech_external`` → ``documentation_link``, ``access_page`` →
  ``eligibility``...).  The keys that carry no content (:data:`DROPPED_KEYS`)
  are dropped and explained once at the end of the report; those whose
  content has no place in our format (:data:`UNMAPPED_KEYS`) too, with the
  reason.  A misspelled key (``extrenal_site``) is mapped as if correctly
  spelled when exactly one known key is close, and reported either way.
- **Themes** go through :data:`THEME_ALIASES` (old spelling → our theme),
  then a comparison that ignores case and accents.  A theme that matches
  neither is reported and left out; a record left without theme then lacks
  a required field.
- **Partners** that name a provider (its id, before or after renaming, or
  its acronym or name, case and accents ignored) become that provider's id;
  the others stay free names.  A free name written like an id (``renater``)
  would be taken for an unknown id by our checks: its first letter is
  capitalised, and the change reported.
- **Text** (``content_intro`` + body, eligibility explanations...) is
  converted to clean MyST: ``<External>``, ``<Button>`` and ``<a>`` become
  Markdown links (a link relative to the old site cannot be followed from
  ours: its text is kept, the link dropped and reported), ``<NextSteps/>``
  and HTML comments are removed, other HTML tags and widgets are removed
  (and reported), headings are renumbered so that levels are consecutive
  and start at ``##``; tables, lists, links and emoji are kept.
- **Re-running** gives the same bytes.  Each file starts with a header that
  names its source and a digest (``# empreinte:``) of the rest of the file.
  A file whose digest still matches was not touched since its import and is
  rewritten; a file with another digest, or without header (written by
  hand), is never overwritten: it is skipped and reported, unless
  ``FORCE=1`` (``--force``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from catalogue.records.kinds import Kind

from ..framework.matching import ProviderIndex, existing_providers, one_line, load_theme_names, slug
from ..framework.report import ImportReport, Outcome, SourceError, print_report
from ..framework.validation import attach_validation
from ..framework.writing import ordered, render_file, write_record
from .fields import Context, map_api, map_provider
from .reading import data_dir, fix_keys, read_front_matter
from .tables import DROPPED_KEYS, HEADER, PROVIDER_DROPPED_KEYS, PROVIDER_KEYS, THEME_ALIASES, UNMAPPED_KEYS


def import_apigouv(root: Path, src: Path, force: bool = False) -> ImportReport:
    """Import every record of *src* into the catalogue at *root*; validate; report."""
    folder = data_dir(src)
    report = ImportReport(
        reasons={**DROPPED_KEYS, **UNMAPPED_KEYS, **PROVIDER_DROPPED_KEYS}, empty_keys=frozenset(DROPPED_KEYS)
    )
    sources: list[tuple[Kind, Path]] = [
        ("provider", path) for path in sorted((folder / "producteurs").glob("*.md"))
    ] + [("api", path) for path in sorted((folder / "api").glob("*.md"))]

    # Read everything first: partners need every provider's name and new id.
    parsed: list[tuple[Kind, Path, Outcome, dict[str, Any], str]] = []
    for kind, path in sources:
        relative = path.relative_to(folder).as_posix()
        outcome = Outcome(relative, kind, identifier=slug(path.stem))
        try:
            front, body = read_front_matter(path)
        except (SourceError, OSError, UnicodeDecodeError) as exc:
            outcome.status, outcome.error = "error", str(exc)
            report.outcomes.append(outcome)
            continue
        if not outcome.identifier:
            outcome.status, outcome.error = "error", "nom de fichier sans lettre ni chiffre"
            report.outcomes.append(outcome)
            continue
        if outcome.identifier != path.stem:
            outcome.renamed.append(f"{path.stem} → {outcome.identifier}")
        parsed.append((kind, path, outcome, front, body))

    providers = ProviderIndex(known=existing_providers(root))
    for kind, path, outcome, front, _body in parsed:
        if kind == "provider":
            providers.renames[path.stem] = outcome.identifier
            spelled = fix_keys(front, PROVIDER_KEYS, Outcome(outcome.source, kind))  # "acronyme" too
            providers.known[outcome.identifier] = (one_line(spelled.get("name")), one_line(spelled.get("acronym")))
    context = Context(load_theme_names(root, THEME_ALIASES), providers)

    targets: dict[str, str] = {}
    for kind, _path, outcome, front, body in parsed:
        record = map_provider(front, outcome) if kind == "provider" else map_api(front, body, context, outcome)
        record = ordered(kind, record)
        outcome.mapped = len(record)
        report.outcomes.append(outcome)
        if outcome.target in targets:
            outcome.status = "error"
            outcome.error = f"même identifiant que {targets[outcome.target]} ({outcome.identifier})"
            continue
        targets[outcome.target] = outcome.source
        text = render_file(HEADER.format(source=outcome.source), kind, record)
        outcome.status = write_record(root / outcome.target, text, force)

    kind_order = {"provider": 0, "api": 1}
    report.outcomes.sort(key=lambda o: (kind_order[o.kind], o.source))
    attach_validation(root, report)
    return report


def main(root: Path, src: Path, force: bool = False) -> int:
    """``python -m importers apigouv SRC``: the report on stdout; 1 if a file was unreadable."""
    return print_report(lambda: import_apigouv(root, src, force))
