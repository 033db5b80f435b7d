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

import datetime as dt
import difflib
import hashlib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import schema as schemas
from .records import IDENTIFIER, RECORD_DIRS, Kind, fold

# -- Tables of the mapping (declared once, documented in the report) ------------------

#: Old theme spellings (compared case and accents ignored) → our theme name.
#: The first block is the list of the old template, the second other
#: spellings met in real records.  Our 18 themes are also matched directly,
#: case and accents ignored ("Education" → "Éducation", "energie" →
#: "Énergie"), so they need no entry here.
THEME_ALIASES: dict[str, str] = {
    # The old template's list.
    "Administration & législation": "Administration",  # the old site's name of Administration
    "Droit & Justice": "Droit et justice",
    "Particulier": "Particuliers",
    "Professionnels": "Entreprise",  # APIs about companies, self-employed and their obligations
    # Other spellings.
    "Administration et législation": "Administration",
    "Administrations": "Administration",
    "Droit": "Droit et justice",
    "Justice": "Droit et justice",
    "Législation": "Droit et justice",
    "Enseignement": "Éducation",
    "Éducation nationale": "Éducation",
    "Enseignement supérieur": "Recherche",
    "Enseignement supérieur & recherche": "Recherche",
    "Recherche & enseignement supérieur": "Recherche",
    "Énergies": "Énergie",
    "Entreprises": "Entreprise",
    "Professionnel": "Entreprise",
    "Citoyens": "Particuliers",
    "Citoyen": "Particuliers",
    "Usagers": "Particuliers",
    "Emploi & formation": "Emploi",
    "Travail": "Emploi",
    "Transports": "Transport",
    "Mobilité": "Transport",
    "Mobilités": "Transport",
    "Cartographie": "Géographie",
    "Géographie & cartographie": "Géographie",
    "Impôts": "Fiscalité",
    "Fiscal": "Fiscalité",
    "Habitat": "Logement",
    "Logement & urbanisme": "Logement",
    "Solidarité": "Social",
    "Solidarités": "Social",
    "Protection sociale": "Social",
    "Environnement & énergie": "Environnement",
    "Météo": "Environnement",
    "Santé & social": "Santé",
}

#: Old API keys that carry no content: dropped, and explained once.
DROPPED_KEYS: dict[str, str] = {
    "visits_2019": "nombre de visites de la page en 2019, qui ne servait qu'au tri",
    "layout": "gabarit de page de l'ancien site",
    "category": "classement d'une ancienne version du site, remplacé par les thèmes",
    "stat": "compteur affiché par l'ancien site, calculé à la volée",
    "clients": "logos de réutilisateurs d'une ancienne version du site",
    "additional_css": "style propre à l'ancien site",
    "useSwaggerProxy": "réglage technique de l'ancien site",
    "hide_pre_footer": "réglage d'affichage de l'ancien site",
}

#: Old API keys with content that our format has no field for: dropped, with why.
UNMAPPED_KEYS: dict[str, str] = {
    "is_france_connected": "notre format n'a pas de champ FranceConnect ; dites-le dans la "
    "description si c'est utile",
    "stats_detail_resume": "les statistiques d'usage n'ont pas de champ dans notre format",
    "stats_detail_description": "les statistiques d'usage n'ont pas de champ dans notre format",
    "stats_detail_link": "les statistiques d'usage n'ont pas de champ dans notre format",
    "monitoring_description": "phrase d'accompagnement de la page de statut ; notre page dit "
    "déjà ce qu'est monitoring_link",
}

#: Old provider keys that our provider records have no field for.
PROVIDER_DROPPED_KEYS: dict[str, str] = {
    "logo": "le catalogue n'affiche pas de logos",
    "nameWithPronoun": "forme grammaticale du nom, inutile ici",
    "data": "tableau des données détenues ; les données se décrivent dans les fiches d'API",
    "siteOpenData": "pas de champ dans notre format ; les jeux de données se citent dans les "
    "fiches d'API (datagouv_uuid)",
    "siteAPI": "pas de champ dans notre format",
}

#: Every key of the old API records, for spotting misspellings.
API_KEYS: tuple[str, ...] = (
    "title", "tagline", "producer", "is_open", "keywords", "themes", "last_update",
    "contact_link", "doc_tech_link", "doc_tech_external", "external_site", "partners",
    "content_intro", "rate_limiting_resume", "rate_limiting_description",
    "rate_limiting_link", "access_page", "datagouv_uuid", "uptime", "datapass_link",
    "account_link", "monitoring_link", "status", *UNMAPPED_KEYS, *DROPPED_KEYS,
)  # fmt: skip

#: Every key of the old provider records.
PROVIDER_KEYS: tuple[str, ...] = (
    "name", "acronym", "type", "site", "description", "short", "contact", "annuaire",
    *PROVIDER_DROPPED_KEYS,
)  # fmt: skip

#: ``is_open`` → ``access``; ``is_eligible`` → ``eligible``.
ACCESS_VALUES = {1: "open", 0: "account", -1: "restricted"}
ELIGIBLE_VALUES = {1: "yes", 0: "under_condition", -1: "no"}

#: A provider type outside our list becomes this one, reported as guessed.
OTHER_PROVIDER_TYPE = "Autre organisme public"

HEADER = "# Importé de api.gouv.fr ({source}) par make import-apigouv."
DIGEST_PREFIX = "# empreinte: "

_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(.*)$", re.DOTALL)
_EMAIL = re.compile(r"(?:mailto:)?[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+")
_UUID = re.compile(r"^([0-9a-f]{24}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")


class SourceError(Exception):
    """An old record that cannot be read at all (no front matter, bad YAML)."""


# -- The report --------------------------------------------------------------------------


@dataclass
class Outcome:
    """What happened to one old record."""

    source: str
    kind: Kind
    identifier: str = ""
    #: created, updated, unchanged, overwritten, skipped, or error.
    status: str = ""
    mapped: int = 0
    renamed: list[str] = field(default_factory=list)
    misspelled: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    to_fill: list[str] = field(default_factory=list)
    to_fix: list[str] = field(default_factory=list)
    #: Old keys dropped for lack of content or of a place (explained once).
    dropped_keys: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def target(self) -> str:
        return f"{RECORD_DIRS[self.kind]}/{self.identifier}.yml"

    @property
    def written(self) -> bool:
        return self.status in ("created", "updated", "unchanged", "overwritten")

    def line(self) -> str:
        """The report line: ``api/x.md → apis/x.yml : créée ; 14 champs repris ; ...``."""
        if self.status == "error":
            return f"{self.source} : non importée ; {self.error}"
        head = f"{self.source} → {self.target} : "
        if self.status == "skipped":
            return head + (
                "ignorée : la fiche existe et a été écrite ou modifiée à la main "
                "(FORCE=1 pour l'écraser)"
            )
        parts = [_STATUS_LABELS[self.status], _count(self.mapped, "champ repris", "champs repris")]
        if self.renamed:
            parts.append("renommé : " + ", ".join(self.renamed))
        parts.extend(self.misspelled)
        if self.guessed:
            parts.append("deviné : " + ", ".join(self.guessed))
        if self.dropped:
            parts.append("abandonné : " + ", ".join(self.dropped))
        if self.to_fill:
            parts.append("à compléter : " + ", ".join(self.to_fill))
        if self.to_fix:
            parts.append("à corriger : " + ", ".join(self.to_fix))
        return head + " ; ".join(parts)


def _count(number: int, singular: str, plural: str) -> str:
    """``1 fiche lue``, ``0 fiche lue``, ``2 fiches lues``: French plural starts at 2."""
    return f"{number} {singular if number < 2 else plural}"


_STATUS_LABELS = {
    "created": "créée",
    "updated": "mise à jour",
    "unchanged": "inchangée",
    "overwritten": "écrasée (FORCE)",
}


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def incomplete(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.written and (o.to_fill or o.to_fix)]

    def lines(self) -> Iterable[str]:
        for outcome in self.outcomes:
            yield outcome.line()
        yield from self.dropped_key_lines()
        yield self.summary()

    def dropped_key_lines(self) -> Iterable[str]:
        """Each dropped old key, explained once for the whole import."""
        counts = Counter(key for o in self.outcomes for key in o.dropped_keys)
        if not counts:
            return
        yield "Clés de l'ancien format abandonnées :"
        reasons = {**DROPPED_KEYS, **UNMAPPED_KEYS, **PROVIDER_DROPPED_KEYS}
        for key in sorted(counts, key=lambda k: (fold(k), k)):
            what = "sans contenu" if key in DROPPED_KEYS else "sans champ correspondant"
            yield f"  {key} ({counts[key]} fiche{'s' if counts[key] > 1 else ''}) : {what}, {reasons[key]}"

    def summary(self) -> str:
        written = self.count("created", "updated", "unchanged", "overwritten")
        text = (
            f"Bilan : {_count(len(self.outcomes), 'fiche lue', 'fiches lues')} ; "
            f"{_count(written, 'importée', 'importées')} "
            f"({_count(self.count('created'), 'créée', 'créées')}, "
            f"{_count(self.count('updated'), 'mise à jour', 'mises à jour')}, "
            f"{_count(self.count('unchanged'), 'inchangée', 'inchangées')}, "
            f"{_count(self.count('overwritten'), 'écrasée', 'écrasées')}) ; "
            f"{_count(self.count('skipped'), 'ignorée', 'ignorées')} (fiches écrites ou modifiées à la main) ; "
            f"{_count(self.count('error'), 'illisible', 'illisibles')} ; "
            f"{len(self.incomplete)} à compléter ou corriger avant publication"
        )
        if self.incomplete:
            text += " : make validate en donne le détail"
        return text + "."

    @property
    def ok(self) -> bool:
        return self.count("error") == 0


# -- Reading the old files ----------------------------------------------------------------


def data_dir(src: Path) -> Path:
    """The folder holding ``api/`` and ``producteurs/``: *src* itself or its ``_data/``."""
    for candidate in (src, src / "_data"):
        if (candidate / "api").is_dir() or (candidate / "producteurs").is_dir():
            return candidate
    raise SourceError(
        f"{src} ne contient ni api/ ni producteurs/ (ni _data/api/) ; indiquez le dossier "
        "_data/ de l'ancien api.gouv.fr"
    )


def read_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """The YAML front matter and the Markdown body of one old record.

    Old files were edited by hand in many editors: a byte-order mark and
    Windows line ends are tolerated rather than reported.
    """
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError("le fichier ne commence pas par un en-tête YAML (ligne « --- »)")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            break
    else:
        raise SourceError("en-tête YAML non fermé (ligne « --- » attendue)")
    try:
        front = yaml.safe_load("\n".join(lines[1:index]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" ligne {mark.line + 2}" if mark else ""
        raise SourceError(f"en-tête YAML invalide{where} : {getattr(exc, 'problem', exc)}") from None
    if front is None:
        front = {}
    if not isinstance(front, dict):
        raise SourceError("l'en-tête YAML n'est pas une suite de lignes « clé: valeur »")
    return {str(k): v for k, v in front.items()}, "\n".join(lines[index + 1 :])


def slug(name: str) -> str:
    """An old file name or id made into one of ours: ``sirene_v3`` → ``sirene-v3``."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def fix_keys(raw: Mapping[str, Any], known: tuple[str, ...], outcome: Outcome) -> dict[str, Any]:
    """*raw* with misspelled keys renamed when the correction is certain.

    Certain means one known key, and only one, is very close (the old files
    hold ``extrenal_site`` and ``visit_2019``).  Otherwise the key is
    dropped; both cases are reported with the suggestion.
    """
    fixed: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in raw.items():
        if key in known:
            fixed[key] = value
        else:
            unknown.append(key)
    for key in unknown:
        exact = [k for k in known if k.casefold() == key.casefold()]
        close = exact or difflib.get_close_matches(key, known, n=3, cutoff=0.6)
        strong = exact or [k for k in close if difflib.SequenceMatcher(None, key, k).ratio() >= 0.8]
        if len(strong) == 1:
            target = strong[0]
            if target in raw or target in fixed:
                outcome.misspelled.append(
                    f"clé inconnue {key} : vouliez-vous dire {target} ? déjà présente, abandonnée"
                )
                continue
            outcome.misspelled.append(f"clé inconnue {key} : vouliez-vous dire {target} ? lue comme {target}")
            fixed[target] = raw[key]
        elif close:
            outcome.misspelled.append(
                f"clé inconnue {key} : vouliez-vous dire {' ou '.join(close)} ? abandonnée"
            )
        else:
            outcome.misspelled.append(f"clé inconnue {key} : abandonnée")
    return fixed


# -- Markdown of the old site → MyST --------------------------------------------------------


@dataclass
class Converted:
    text: str | None
    notes: list[str] = field(default_factory=list)


_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: An HTML comment, or a code span (whose content is left as written).
_COMMENT_OR_CODE = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?<!`)(?P<ticks>`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))+?(?<!`)(?P=ticks)(?!`)",
    re.DOTALL,
)
#: Script and style elements: their content is code, not text.
_CODE_ELEMENT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_LINK_COMPONENT = re.compile(r"<(External|Button|a)\b([^<>]*)>(.*?)</\1\s*>", re.DOTALL)
_HREF = re.compile(
    r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`)\s*\})"""
)
_WIDGET = re.compile(r"<([A-Z][A-Za-z0-9]*)\b[^<>]*?/>", re.DOTALL)
_PAIRED_COMPONENT = re.compile(r"<([A-Z][A-Za-z0-9]*)\b[^<>]*>(.*?)</\1\s*>", re.DOTALL)
#: HTML elements met in old records (and their likes), removed with their tags only.
_HTML_TAG = re.compile(
    r"</?(p|br|span|div|a|b|i|u|s|strong|em|small|big|sup|sub|center|font|img|hr|ul|ol|li"
    r"|table|thead|tbody|tr|td|th|h[1-6]|iframe|details|summary|section|blockquote|code|pre"
    r"|mark|abbr|del|ins|figure|figcaption|nav|header|footer|article|style|script)\b[^<>]*?/?>",
    re.IGNORECASE,
)
_MD_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_ABSOLUTE = re.compile(r"^(https?|mailto|ftp|tel):", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def convert_markdown(text: str | None) -> Converted:
    """Old-site Markdown (JSX-like components, HTML) → MyST our renderer reads cleanly.

    Fenced code blocks and inline code are left exactly as written.  The
    result has no trailing spaces (YAML could not write it as a block
    otherwise), no run of blank lines, and ends with one newline.
    """
    if not isinstance(text, str):
        return Converted(None)
    notes: list[str] = []
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4))
    pieces = []
    for is_code, chunk in _split_fences(text):
        pieces.append(chunk if is_code else _convert_prose(chunk, notes))
    text = _renumber_headings("\n".join(pieces))
    text = _tidy(text)
    return Converted(text or None, list(dict.fromkeys(notes)))


def _split_fences(text: str) -> list[tuple[bool, str]]:
    """*text* cut into prose and fenced code blocks, in order."""
    chunks: list[tuple[bool, str]] = []
    current: list[str] = []
    fence = ""
    for line in text.split("\n"):
        if not fence:
            match = _FENCE_OPEN.match(line)
            if match:
                chunks.append((False, "\n".join(current)))
                current, fence = [line], match.group(1)
                continue
            current.append(line)
        else:
            current.append(line)
            if re.match(r"^ {0,3}" + re.escape(fence[0]) + "{%d,}\\s*$" % len(fence), line):
                chunks.append((True, "\n".join(current)))
                current, fence = [], ""
    chunks.append((bool(fence), "\n".join(current)))
    return chunks


def _convert_prose(text: str, notes: list[str]) -> str:
    spans: list[str] = []

    def comment_or_code(match: re.Match[str]) -> str:
        # Scanned together, left to right: a comment inside code is code,
        # and a backtick inside a comment opens no code span.
        if match.group("comment") is not None:
            return ""
        spans.append(match.group(0))
        return f"\x00{len(spans) - 1}\x00"

    text = _COMMENT_OR_CODE.sub(comment_or_code, text)
    text = _CODE_ELEMENT.sub(lambda m: _drop_element(m, notes), text)
    text = _LINK_COMPONENT.sub(lambda m: _component_link(m, notes), text)
    text = _WIDGET.sub(lambda m: _drop_widget(m, notes), text)
    text = _PAIRED_COMPONENT.sub(lambda m: _unwrap_component(m, notes), text)
    text = _MD_LINK.sub(lambda m: _markdown_link(m, notes), text)
    text = "\n".join(_strip_tags(line, notes) for line in text.split("\n"))
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)


def _link(label: str, url: str) -> str:
    label = " ".join(label.split()).replace("[", r"\[").replace("]", r"\]")
    if re.search(r"[\s<>()]", url):
        url = f"<{url}>"
    return f"[{label or url}]({url})"


def _component_link(match: re.Match[str], notes: list[str]) -> str:
    """``<External href="u">t</External>`` (or Button, or a) → ``[t](u)``."""
    href = _HREF.search(match.group(2))
    label = " ".join(match.group(3).split())
    url = next((g for g in href.groups() if g is not None), "").strip() if href else ""
    if not url:
        notes.append(f"composant <{match.group(1)}> sans adresse (texte gardé)")
        return label
    if not _ABSOLUTE.match(url):
        notes.append(f"lien relatif {url} (texte gardé)")
        return label
    return _link(label, url)


def _drop_element(match: re.Match[str], notes: list[str]) -> str:
    notes.append(f"élément HTML <{match.group(1).lower()}> et son contenu")
    return ""


def _drop_widget(match: re.Match[str], notes: list[str]) -> str:
    name = match.group(1)
    if name != "NextSteps":  # the old site's "next steps" box: no text of its own
        notes.append(f"composant <{name}/>")
    return ""


def _unwrap_component(match: re.Match[str], notes: list[str]) -> str:
    notes.append(f"composant <{match.group(1)}> (texte gardé)")
    return match.group(2)


def _markdown_link(match: re.Match[str], notes: list[str]) -> str:
    """A Markdown link or image whose target is relative to the old site loses its target."""
    image, label, target = match.group(1), match.group(2), match.group(3).strip("<>")
    if _ABSOLUTE.match(target):
        return match.group(0)
    what = "image relative" if image else "lien relatif"
    notes.append(f"{what} {target or '(vide)'} (texte gardé)" if label else f"{what} {target}")
    return label


def _strip_tags(line: str, notes: list[str]) -> str:
    """Remove HTML tags from one line; ``<br>`` becomes a line break (a space in a table)."""
    in_table = line.lstrip().startswith("|") or line.lstrip().startswith("#")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        notes.append(f"balise HTML <{name}>")
        if name == "br" and not in_table:
            return "\x01"
        return " " if name in ("br", "td", "th") else ""

    indent = line[: len(line) - len(line.lstrip())]
    stripped = _HTML_TAG.sub(replace, line)
    if stripped != line:  # a removed opening tag must not leave its spaces as indentation
        stripped = indent + stripped[len(indent) :].lstrip()
    line = stripped
    if "\x01" not in line:
        return line
    # A <br> inside a paragraph: a hard line break, unless at the end of the line.
    parts = [part.strip() if index else part.rstrip() for index, part in enumerate(line.split("\x01"))]
    out = parts[0]
    for part in parts[1:]:
        if part and out.strip():
            out += "\\\n" + part
        else:
            out += part
    return out


@lru_cache(maxsize=1)
def _markdown_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _renumber_headings(text: str) -> str:
    """Headings made consecutive, starting at ``##``; thematic breaks removed.

    Our renderer nests the text's top heading level under the page's
    section, but MyST warns about a jump (``##`` then ``####``), and the old
    records do jump, or start at ``###`` in the introduction and go back to
    ``##`` in the body.  Each heading takes the level of its parent plus
    one, its parent being the closest previous heading of a higher original
    level.  Setext headings (``Titre`` over ``---``) become ATX ones.
    Thematic breaks (``---``) carried only layout, and docutils refuses
    them at the start or end of a section.
    """
    tokens = _markdown_parser().parse(text)
    lines = text.split("\n")
    edits: list[tuple[int, int, list[str]]] = []
    stack: list[tuple[int, int]] = []  # (original level, new level)
    for index, token in enumerate(tokens):
        if token.level != 0 or not token.map:
            continue
        if token.type == "heading_open":
            level = int(token.tag[1])
            while stack and stack[-1][0] >= level:
                stack.pop()
            new = min(stack[-1][1] + 1 if stack else 2, 6)
            stack.append((level, new))
            content = " ".join(tokens[index + 1].content.split())
            edits.append((token.map[0], token.map[1], ["#" * new + " " + content] if content else []))
        elif token.type == "hr":
            edits.append((token.map[0], token.map[1], [""]))
    for start, end, replacement in reversed(edits):
        lines[start:end] = replacement
    return "\n".join(lines)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


# -- Field mappings ----------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A one-line text value, stripped; None for null or empty."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
        return int(value)
    return None


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def map_date(value: Any, outcome: Outcome) -> str | None:
    """``DD/MM/YYYY`` (maybe followed by a remark) → ``YYYY-MM-DD``."""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = _text(value)
    if text is None:
        return None
    match = _DATE.match(text)
    if not match:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return text
        outcome.dropped.append(f"last_update « {text} » (pas une date JJ/MM/AAAA)")
        return None
    day, month, year, rest = match.groups()
    try:
        iso = dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        outcome.dropped.append(f"last_update « {text} » (date impossible)")
        return None
    if rest.strip():
        outcome.dropped.append(f"last_update : texte après la date « {rest.strip()} »")
    return iso


def map_contact(value: Any, key: str, outcome: Outcome) -> str | None:
    """Keep the first of several e-mail addresses (our field holds one contact)."""
    text = _text(value)
    if text is None:
        return None
    emails = _EMAIL.findall(text)
    if len(emails) > 1 and not re.sub(r"[\s,;]|(?:et|ou)\b", "", _EMAIL.sub("", text)):
        outcome.dropped.append(f"{key} : second courriel {', '.join(emails[1:])}")
        return emails[0]
    return text


def map_availability(value: Any, outcome: Outcome) -> int | float | None:
    """``uptime`` (measured last month) used as ``availability`` (a target): a guess."""
    if isinstance(value, bool) or value is None:
        return None
    number: int | float | None = value if isinstance(value, (int, float)) else None
    if isinstance(value, str):
        cleaned = value.replace(",", ".").replace("%", "").strip()
        if re.fullmatch(r"\d+(\.\d+)?", cleaned):
            number = float(cleaned) if "." in cleaned else int(cleaned)
    if number is None or not 0 < number <= 100:
        outcome.dropped.append(f"uptime « {value} » (pas un pourcentage)")
        return None
    outcome.guessed.append("availability (uptime)")
    return number


def map_datagouv(value: Any, outcome: Outcome) -> list[str]:
    kept: list[str] = []
    for item in _list(value):
        text = _text(item)
        if text is None:
            continue
        if not _UUID.match(text.lower()):
            outcome.dropped.append(f"datagouv_uuid « {text} » (identifiant invalide)")
            continue
        if text.lower() not in kept:
            kept.append(text.lower())
    return kept


def map_keywords(value: Any) -> list[str]:
    """Stripped, deduplicated (case and accents ignored), in the old order."""
    seen: dict[str, str] = {}
    for item in _list(value):
        text = _text(item)
        if text and fold(text) not in seen:
            seen[fold(text)] = text
    return list(seen.values())


@dataclass(frozen=True)
class ThemeList:
    """Our controlled list of themes, and the old spellings that lead to it."""

    names: tuple[str, ...]

    def resolve(self, old: str) -> str | None:
        by_fold = {fold(name): name for name in self.names}
        key = fold(" ".join(old.split()))
        if key in by_fold:
            return by_fold[key]
        aliases = {fold(k): v for k, v in THEME_ALIASES.items()}
        target = aliases.get(key)
        return target if target in self.names else None


def map_themes(value: Any, themes: ThemeList, outcome: Outcome) -> list[str]:
    kept: list[str] = []
    for item in _list(value):
        old = _text(item)
        if old is None:
            continue
        new = themes.resolve(old)
        if new is None:
            outcome.dropped.append(f"thème « {old} » (hors de la liste)")
            continue
        if fold(new) != fold(old):
            outcome.guessed.append(f"thème « {old} » → « {new} »")
        if new not in kept:
            kept.append(new)
    return kept


@dataclass
class ProviderIndex:
    """Providers known to the import: imported ones (after renaming) and existing records."""

    #: Old provider id (file name) → our id.
    renames: dict[str, str] = field(default_factory=dict)
    #: Our id → (name, acronym).
    known: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def resolve_id(self, old: str) -> str:
        """The id a ``producer:`` names, following renames."""
        return self.renames.get(old) or self.renames.get(slug(old)) or slug(old)

    def match(self, partner: str) -> tuple[str | None, str]:
        """The provider a ``partners`` entry names, and how: (id, "id" / "acronyme" / "nom")."""
        if partner in self.known:
            return partner, "id"
        if partner in self.renames:
            return self.renames[partner], "id"
        key = fold(" ".join(partner.split()))
        for what, position in (("acronyme", 1), ("nom", 0)):
            found = sorted(
                pid for pid, names in self.known.items() if names[position] and fold(names[position]) == key
            )
            if len(found) == 1:
                return found[0], what
        # An id typed with "_" or capitals ("france_travail"): the renaming rule applies.
        if " " not in partner.strip():
            candidate = self.renames.get(slug(partner)) or slug(partner)
            if candidate in self.known:
                return candidate, "id"
        return None, ""


def map_partners(value: Any, providers: ProviderIndex, outcome: Outcome) -> list[str]:
    kept: list[str] = []
    for item in _list(value):
        name = _text(item)
        if name is None:
            continue
        found, how = providers.match(name)
        if found is not None:
            if how != "id":
                outcome.guessed.append(f"partenaire « {name} » → {found} (par {how})")
            elif found != name:
                outcome.renamed.append(f"partenaire {name} → {found}")
            new = found
        elif IDENTIFIER.match(name):
            new = _capitalise(name)
            outcome.guessed.append(f"partenaire « {name} » hors catalogue → nom libre « {new} »")
        else:
            new = name
        if new not in kept:
            kept.append(new)
    return kept


def _capitalise(name: str) -> str:
    """The first letter in capitals: ``renater`` → ``Renater``, ``1jeune1solution`` → ``1Jeune1solution``."""
    for index, char in enumerate(name):
        if char.isalpha():
            return name[:index] + char.upper() + name[index + 1 :]
    return name


def map_eligibility(value: Any, outcome: Outcome, notes: list[str]) -> list[dict[str, Any]]:
    """``access_page`` → ``eligibility``: labels joined, 1/0/-1 → yes/under_condition/no."""
    items: list[dict[str, Any]] = []
    for index, old in enumerate(_list(value), start=1):
        if not isinstance(old, dict):
            outcome.dropped.append(f"access_page[{index}] (pas une table)")
            continue
        item: dict[str, Any] = {}
        who = [text for text in (_text(w) for w in _list(old.get("who"))) if text]
        if who:
            item["who"] = " ; ".join(who)
        eligible = _integer(old.get("is_eligible"))
        if eligible in ELIGIBLE_VALUES:
            item["eligible"] = ELIGIBLE_VALUES[eligible]
        elif old.get("is_eligible") is not None:
            outcome.dropped.append(f"access_page[{index}].is_eligible « {old.get('is_eligible')} »")
        converted = convert_markdown(old.get("description"))
        notes.extend(converted.notes)
        if converted.text:
            item["description"] = converted.text
        items.append(item)
    return items


# -- One record --------------------------------------------------------------------------------


@dataclass
class Context:
    themes: ThemeList
    providers: ProviderIndex


def note_dropped_keys(old: Mapping[str, Any], dropped: Iterable[str], outcome: Outcome) -> None:
    """Report the keys our format has no place for, and the keys left empty (``key:``)."""
    dropped = set(dropped)
    for key, value in old.items():
        if key in dropped:
            outcome.dropped_keys.append(key)
            outcome.dropped.append(key)
        elif (value is None or value == "" or value == []) and key != "content_intro":
            outcome.dropped.append(f"{key} (vide)")


def map_access(old: Mapping[str, Any], outcome: Outcome, notes: list[str]) -> dict[str, Any]:
    """``is_open``, ``datapass_link`` / ``account_link`` and ``access_page``."""
    record: dict[str, Any] = {}
    if old.get("is_open") is not None:
        access = ACCESS_VALUES.get(_integer(old["is_open"]))  # type: ignore[arg-type]
        if access:
            record["access"] = access
        else:
            outcome.dropped.append(f"is_open « {old['is_open']} » (ni 1, ni 0, ni -1)")
    datapass, account = _text(old.get("datapass_link")), _text(old.get("account_link"))
    if datapass or account:
        record["access_link"] = datapass or account
        if datapass and account and datapass != account:
            outcome.dropped.append("account_link (datapass_link gardé)")
    if old.get("access_page"):
        eligibility = map_eligibility(old["access_page"], outcome, notes)
        if eligibility:
            record["eligibility"] = eligibility
    return record


def map_rate_limit(old: Mapping[str, Any], outcome: Outcome, notes: list[str]) -> str | None:
    """``rate_limiting_description``, with ``rate_limiting_link`` as a link at its end.

    Our format has no field for the link; two old records have one, and a
    link at the end of the explanation is where a reader looks for it.
    """
    converted = convert_markdown(old.get("rate_limiting_description"))
    notes.extend(converted.notes)
    text = converted.text
    link = _text(old.get("rate_limiting_link"))
    if link and _ABSOLUTE.match(link):
        text = (text + "\n" if text else "") + _link("En savoir plus sur la limite d'appels", link) + "\n"
    elif link:
        outcome.dropped.append(f"rate_limiting_link « {link} » (adresse relative)")
    return text


def map_description(old: Mapping[str, Any], body: str, notes: list[str]) -> str | None:
    """``content_intro`` then the body, converted together (headings nest across both)."""
    intro = old.get("content_intro")
    parts = [p for p in (intro if isinstance(intro, str) else "", body) if p and p.strip()]
    converted = convert_markdown("\n\n".join(parts))
    notes.extend(converted.notes)
    return converted.text


def map_api(front: Mapping[str, Any], body: str, context: Context, outcome: Outcome) -> dict[str, Any]:
    """An old API record → our API record (fields in no particular order)."""
    old = fix_keys(front, API_KEYS, outcome)
    note_dropped_keys(old, [*DROPPED_KEYS, *UNMAPPED_KEYS], outcome)
    notes: list[str] = []  # what the text conversions dropped, reported last
    record: dict[str, Any] = {}
    for key in ("title", "tagline", "external_site", "rate_limiting_resume", "monitoring_link"):
        if _text(old.get(key)):
            record[key] = _text(old.get(key))
    producer = _text(old.get("producer"))
    if producer:
        record["producer"] = context.providers.resolve_id(producer)
        if record["producer"] != producer:
            outcome.renamed.append(f"producer {producer} → {record['producer']}")
    optional: dict[str, Any] = {
        "partners": map_partners(old.get("partners"), context.providers, outcome),
        **map_access(old, outcome, notes),
        "themes": map_themes(old.get("themes"), context.themes, outcome),
        "keywords": map_keywords(old.get("keywords")),
        "description": map_description(old, body, notes),
        "documentation_link": _text(old.get("doc_tech_external")),
        "openapi_link": _text(old.get("doc_tech_link")),
        "contact_link": map_contact(old.get("contact_link"), "contact_link", outcome),
        "rate_limiting_description": map_rate_limit(old, outcome, notes),
        "availability": map_availability(old["uptime"], outcome) if old.get("uptime") is not None else None,
        "datagouv_uuid": map_datagouv(old.get("datagouv_uuid"), outcome),
        "last_update": map_date(old["last_update"], outcome) if old.get("last_update") is not None else None,
    }
    record.update({key: value for key, value in optional.items() if value not in (None, [], "")})
    status = _text(old.get("status"))
    if status in schemas.enum_values("api", "status"):
        record["status"] = status
    elif status:
        outcome.dropped.append(f"status « {status} »")
    outcome.dropped.extend(dict.fromkeys(notes))
    return record


def map_provider_type(value: Any, outcome: Outcome) -> str | None:
    text = _text(value)
    if text is None:
        return None
    allowed = schemas.enum_values("provider", "type")
    for name in allowed:
        if fold(name) == fold(text):
            return name
    outcome.guessed.append(f"type « {text} » → « {OTHER_PROVIDER_TYPE} »")
    return OTHER_PROVIDER_TYPE


def map_provider(front: Mapping[str, Any], outcome: Outcome) -> dict[str, Any]:
    """An old provider record → our provider record."""
    old = fix_keys(front, PROVIDER_KEYS, outcome)
    note_dropped_keys(old, PROVIDER_DROPPED_KEYS, outcome)
    record: dict[str, Any] = {}
    for key in ("name", "acronym", "site", "annuaire"):
        if _text(old.get(key)):
            record[key] = _text(old[key])
    kind = map_provider_type(old.get("type"), outcome)
    if kind:
        record["type"] = kind
    contact = map_contact(old.get("contact"), "contact", outcome)
    if contact:
        record["contact"] = contact
    texts = [old.get("short"), old.get("description")]
    parts = [t for t in texts if isinstance(t, str) and t.strip()]
    described = convert_markdown("\n\n".join(parts))
    outcome.dropped.extend(described.notes)
    if described.text:
        record["description"] = described.text
    return record


# -- Writing ----------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Safe YAML, never anchors, lists indented like our templates."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)


@lru_cache(maxsize=4)
def field_order(kind: Kind) -> tuple[str, ...]:
    """The keys in the order of our commented template, then the schema's others."""
    name = {"api": "api.yml", "provider": "fournisseur.yml"}[kind]
    template = schemas.DEFAULT_SCHEMA_DIR.parent / "templates" / name
    try:
        keys = list(yaml.safe_load(template.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError):
        keys = []
    return tuple(dict.fromkeys([*keys, *schemas.known_keys(kind)]))


def ordered(kind: Kind, record: Mapping[str, Any]) -> dict[str, Any]:
    order = field_order(kind)
    out = {key: record[key] for key in order if key in record}
    out.update({key: value for key, value in record.items() if key not in out})
    if "eligibility" in out:
        out["eligibility"] = [
            {key: item[key] for key in ("who", "eligible", "description") if key in item}
            for item in out["eligibility"]
        ]
    return out


def required_missing(kind: Kind, record: Mapping[str, Any]) -> list[str]:
    """Required fields absent from *record* (what the importer could not take)."""
    required = schemas.load_schemas()[kind].get("required", [])
    missing = [key for key in required if key not in record]
    if kind == "api" and record.get("access") in ("account", "restricted") and "access_link" not in record:
        missing.append("access_link")
    return missing


def dump_body(kind: Kind, record: Mapping[str, Any]) -> str:
    """The YAML of *record*, after the header: schema hint, fields to fill, data."""
    schema_path = "../schema/api.schema.json" if kind == "api" else "../../schema/fournisseur.schema.json"
    lines = [f"# yaml-language-server: $schema={schema_path}"]
    missing = required_missing(kind, record)
    if missing:
        template = "templates/api.yml" if kind == "api" else "templates/fournisseur.yml"
        lines.append(
            f"# À compléter avant publication : {', '.join(missing)} (voir {template} ; "
            "make validate le signale)."
        )
    data = yaml.dump(
        dict(record),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10**9,
        indent=2,
    )
    return "\n".join(lines) + "\n" + data


def digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def render_file(source: str, kind: Kind, record: Mapping[str, Any]) -> str:
    body = dump_body(kind, record)
    return f"{HEADER.format(source=source)}\n{DIGEST_PREFIX}{digest(body)}\n{body}"


def untouched_since_import(text: str) -> bool:
    """Whether *text* is an imported file whose body still has its recorded digest."""
    lines = text.split("\n", 2)
    if len(lines) < 3 or not lines[0].startswith("# Importé de api.gouv.fr ("):
        return False
    if not lines[1].startswith(DIGEST_PREFIX):
        return False
    return lines[1][len(DIGEST_PREFIX) :].strip() == digest(lines[2])


def write_record(path: Path, text: str, force: bool) -> str:
    """Write *text* at *path* unless a human wrote or edited the file; return the status."""
    if path.exists():
        current = path.read_bytes().decode("utf-8", errors="replace")
        if current == text:
            return "unchanged"
        if not untouched_since_import(current):
            if not force:
                return "skipped"
            path.write_text(text, encoding="utf-8")
            return "overwritten"
        path.write_text(text, encoding="utf-8")
        return "updated"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return "created"


# -- The whole import ------------------------------------------------------------------------------


def load_theme_names(root: Path) -> ThemeList:
    names = []
    for path in sorted((root / RECORD_DIRS["theme"]).glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            names.append(data["name"])
    return ThemeList(tuple(names))


def existing_providers(root: Path) -> dict[str, tuple[str | None, str | None]]:
    known: dict[str, tuple[str | None, str | None]] = {}
    for path in sorted((root / RECORD_DIRS["provider"]).glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            data = None
        data = data if isinstance(data, dict) else {}
        known[path.stem] = (_text(data.get("name")), _text(data.get("acronym")))
    return known


def import_apigouv(root: Path, src: Path, force: bool = False) -> ImportReport:
    """Import every record of *src* into the catalogue at *root*; validate; report."""
    folder = data_dir(src)
    report = ImportReport()
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
            providers.known[outcome.identifier] = (_text(spelled.get("name")), _text(spelled.get("acronym")))
    context = Context(load_theme_names(root), providers)

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
        text = render_file(outcome.source, kind, record)
        outcome.status = write_record(root / outcome.target, text, force)

    kind_order = {"provider": 0, "api": 1}
    report.outcomes.sort(key=lambda o: (kind_order[o.kind], o.source))
    _attach_validation(root, report)
    return report


def _attach_validation(root: Path, report: ImportReport) -> None:
    """Run ``make validate``'s checks and note, per written record, what remains to do."""
    from .validate import validate

    checked = validate(root)
    for outcome in report.outcomes:
        if not outcome.written:
            continue
        to_fill: list[str] = []
        to_fix: list[str] = []
        for problem in checked.problems.get(outcome.target, []):
            if problem.message.startswith("champ obligatoire absent"):
                to_fill.append(problem.field)
            elif "ajoutez access_link" in problem.message:
                to_fill.append("access_link")
            elif problem.message.startswith("aucun contact"):
                to_fill.append("contact_link")
            else:
                to_fix.append(problem.field)
        outcome.to_fill = list(dict.fromkeys(to_fill))
        outcome.to_fix = list(dict.fromkeys(to_fix))


def main(root: Path, src: Path, force: bool = False) -> int:
    """``python -m catalogue import-apigouv SRC``: the report on stdout; 1 if a file was unreadable."""
    try:
        report = import_apigouv(root, src, force)
    except SourceError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1
