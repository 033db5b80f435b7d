"""Checks that need the whole catalogue: references between records, duplicates.

A record can be valid on its own and still name a provider, a theme or a
related API that does not exist, or take a title that another API already
has.  These checks run once all records are known: at the end of every read
phase of the Sphinx build, and in :command:`make validate`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from ..records.catalogue import Catalogue
from ..records.french import fold
from ..records.kinds import IDENTIFIER
from .problems import FieldPath, Mention, Problem
from .schema_errors import nearest_value

#: Paths whose position the cross-checks need; the domain keeps only these.
REFERENCE_FIELDS = ("title", "name", "producer", "partners", "themes", "related_apis", "contact_link")

Positions = Mapping[FieldPath, tuple[int, int]]


def keep_positions(positions: Mapping[FieldPath, tuple[int, int]]) -> dict[FieldPath, tuple[int, int]]:
    """The positions worth keeping between builds (see :data:`REFERENCE_FIELDS`)."""
    return {
        path: position
        for path, position in positions.items()
        if path and path[0] in REFERENCE_FIELDS and len(path) <= 2
    }


def check_catalogue(
    catalogue: Catalogue,
    positions: Mapping[str, Positions],
    mentions: Mapping[str, Iterable[Mention]] | None = None,
) -> dict[str, list[Problem]]:
    """Problems of each record (by docname) that involve other records.

    *mentions*: the records each record's Markdown names with roles.
    """
    found: dict[str, list[Problem]] = defaultdict(list)

    def report(docname: str, path: FieldPath, message: str, code: str) -> None:
        here = positions.get(docname, {})
        probe = path
        while probe and probe not in here:
            probe = probe[:-1]
        line, column = here.get(probe, (1, 1))
        found[docname].append(Problem(path, line, column, message, code))

    provider_ids = sorted(catalogue.providers)
    api_ids = sorted(catalogue.apis)
    theme_names = [theme.title for theme in catalogue.sorted_themes]

    for api in catalogue.sorted_apis:
        if api.producer and api.producer not in catalogue.providers:
            report(api.docname, ("producer",), _unknown_provider(api.producer, provider_ids), "reference.producer")
        for index, partner in enumerate(api.partners):
            if IDENTIFIER.match(partner) and partner not in catalogue.providers:
                report(
                    api.docname,
                    ("partners", index),
                    _unknown_provider(partner, provider_ids, partner=True),
                    "reference.partner",
                )
        for index, name in enumerate(api.themes):
            if catalogue.theme_named(name) is None:
                nearest = nearest_value(name, theme_names)
                hint = f"écrivez « {nearest} »" if nearest else "thèmes : " + ", ".join(theme_names)
                report(api.docname, ("themes", index), f"« {name} » n'est pas un thème du catalogue ; {hint}", "reference.theme")
        for index, other in enumerate(api.related_apis):
            if other == api.id:
                report(api.docname, ("related_apis", index), "une API ne peut être liée à elle-même ; retirez-la", "reference.related")
            elif other not in catalogue.apis:
                nearest = nearest_value(other, api_ids)
                hint = f"vouliez-vous dire « {nearest} » ?" if nearest else "donnez le nom d'un fichier de apis/, sans .yml"
                report(api.docname, ("related_apis", index), f"« {other} » n'est pas une API du catalogue ; {hint}", "reference.related")
        if not api.contact_link and api.producer in catalogue.providers and not catalogue.contact_of(api):
            report(
                api.docname,
                ("contact_link",),
                "aucun contact : ajoutez contact_link, ou un contact à la fiche du fournisseur",
                "reference.contact",
            )

    for docname, named in sorted((mentions or {}).items()):
        for mention in named:
            message = _unknown_mention(catalogue, mention, api_ids, provider_ids, theme_names)
            if message is not None:
                found[docname].append(Problem(mention.path, mention.line, mention.column, message, "reference.mention"))

    _duplicates(report, [(a.docname, a.title) for a in catalogue.sorted_apis], "title", "une autre API")
    _duplicates(report, [(p.docname, p.name) for p in catalogue.sorted_providers], "name", "un autre fournisseur")
    _duplicates(report, [(t.docname, t.name) for t in catalogue.sorted_themes], "name", "un autre thème")
    return {docname: sorted(problems, key=lambda p: (p.line, p.column)) for docname, problems in found.items()}


def _unknown_mention(
    catalogue: Catalogue, mention: Mention, api_ids: list[str], provider_ids: list[str], theme_names: list[str]
) -> str | None:
    """Why a role in record text names no record, or None if it names one."""
    target = mention.target
    if mention.kind == "api":
        if target in catalogue.apis:
            return None
        nearest = nearest_value(target, api_ids)
        what, folder = "une API", "apis/"
    elif mention.kind == "provider":
        if target in catalogue.providers:
            return None
        nearest = nearest_value(target, provider_ids)
        what, folder = "un fournisseur", "apis/fournisseurs/"
    else:
        if catalogue.theme_like(target) is not None:
            return None
        nearest = nearest_value(target, theme_names)
        what, folder = "un thème", "apis/themes/"
    hint = f"vouliez-vous dire « {nearest} » ?" if nearest else f"donnez le nom d'un fichier de {folder}, sans .yml"
    return f"« {target} » n'est pas {what} du catalogue ; {hint}"


def _unknown_provider(identifier: str, known: list[str], partner: bool = False) -> str:
    nearest = nearest_value(identifier, known)
    if nearest:
        hint = f"vouliez-vous dire « {nearest} » ?"
    elif partner:
        hint = (
            "corrigez l'identifiant, ou écrivez le nom complet du partenaire, "
            "majuscules comprises, s'il n'est pas au catalogue"
        )
    else:
        hint = f"créez apis/fournisseurs/{identifier}.yml ou corrigez l'identifiant"
    return f"« {identifier} » n'est pas un fournisseur du catalogue ; {hint}"


def _duplicates(report, named: list[tuple[str, str]], key: str, what: str) -> None:
    by_name: dict[str, list[str]] = defaultdict(list)
    for docname, name in named:
        by_name[fold(name).strip()].append(docname)
    for docnames in by_name.values():
        if len(docnames) < 2:
            continue
        for docname in docnames:
            others = ", ".join(f"{other}.yml" for other in docnames if other != docname)
            report(docname, (key,), f"ce nom est déjà celui d'{what} ({others}) ; choisissez un nom distinct", "reference.duplicate")
