"""Synthetic catalogues for the benchmark, in two forms with the same content.

``generate(n, seed, root, kind)`` writes a complete Sphinx site of *n* APIs
under *root*:

``kind="records"``
    the catalogue as this project writes it: YAML records under ``apis/``
    (APIs, providers, the 18 real themes) turned into pages by the
    ``catalogue`` extension, plus the site's hand-written pages.
``kind="specs"``
    the same records, and an OpenAPI 3.0 snapshot (``apis/openapi/``) for
    one API in ten (:func:`spec_of`: 3-12 operations, nested responses, a
    shared schema): what reading specifications costs.
``kind="baseline"``
    the same visible content written by hand as plain MyST pages (one page
    per API, provider and theme, the tables written out), built without the
    extension but with the same configuration, theme and navigation.  Its
    build time is what Sphinx costs anyway; the difference is our cost.

Everything is drawn from one ``random.Random(seed)``: the same *n* and
*seed* give the same files, so results can be compared between runs and
between machines.  Records are shaped like the real ones (see
``apis/api-entreprise.yml``): 3-10 keywords, 1-3 themes, access modes
55 % open / 25 % account / 20 % restricted, eligibility on restricted APIs,
partners, related APIs, operating conditions on a third, descriptions of
100-250 words with a ``##`` heading and a small table.

Run ``python bench/generate.py N DIR [--kind records|baseline]`` to look at
one; the records are checked with ``python -m catalogue validate``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
EXT = PROJECT / "_ext"
sys.path.insert(0, str(EXT))

# The extension's own sort order and French labels, so that the baseline's
# tables list the rows in the order the extension uses.
from catalogue.records.format import record_format  # noqa: E402
from catalogue.records.french import fold, sort_key  # noqa: E402
from catalogue.records.vocabulary import ACCESS_LABELS, ELIGIBLE_LABELS, STATUS_LABELS, french_date, french_percent  # noqa: E402

#: Hand-written pages of the site, copied to both kinds of site.
PAGES = (
    "index.md", "catalogue.md", "themes.md", "fournisseurs.md", "definitions.md",
    "apropos.md", "guide-fournisseurs.md", "mentions-legales.md", "accessibilite.md", "donnees.md",
    "a-completer.md",
)
DIRS = ("_static", "_templates", "locales", "templates")

# -- Vocabulary ----------------------------------------------------------------------

OBJECTS = [
    "des adresses", "du cadastre", "des entreprises", "des associations", "des établissements scolaires",
    "des professionnels de santé", "des marchés publics", "des subventions", "des transports en commun",
    "de la qualité de l'air", "de la qualité de l'eau", "des prix des carburants", "des offres d'emploi",
    "des formations", "des logements sociaux", "des permis de construire", "des risques naturels",
    "de la biodiversité", "des prévisions météorologiques", "de la consommation électrique", "des déchets",
    "des forêts publiques", "des parcelles agricoles", "de la jurisprudence", "des textes officiels",
    "des annonces légales", "des résultats électoraux", "des élus locaux", "des budgets locaux",
    "des impôts locaux", "des prestations sociales", "du quotient familial", "du statut étudiant",
    "des diplômes", "des bourses", "des horaires des services publics", "du stationnement",
    "des bornes de recharge", "des vélos en libre-service", "du patrimoine", "des musées",
    "des bibliothèques", "des archives", "des publications scientifiques", "des brevets", "des marques",
    "des véhicules", "des permis de conduire", "des accidents de la route", "de la sécurité alimentaire",
    "des médicaments", "des hôpitaux", "de la vaccination", "des crèches", "de l'aide à domicile",
    "des demandeurs d'emploi", "des cotisations", "des retraites", "de l'état civil", "des communes",
    "des codes postaux", "des bâtiments", "des diagnostics énergétiques", "des zones inondables",
    "des sites pollués", "des installations classées", "des eaux souterraines", "de la pêche",
    "du tourisme", "des hébergements", "des événements culturels", "des équipements sportifs",
    "des routes", "des ports", "des aéroports", "des gares", "des lignes ferroviaires", "du foncier",
    "des loyers", "des ventes immobilières", "des aides agricoles", "des exploitations agricoles",
]
PREFIXES = [
    "Annuaire", "Référentiel", "Registre", "Recherche", "Données", "Statistiques", "Carte", "Suivi",
    "Déclaration", "Contrôle", "Calcul", "Consultation", "Inventaire", "Indicateurs", "Base",
]
QUALIFIERS = [
    "", "", "", "en temps réel", "historiques", "locales", "nationales", "de référence", "v2", "v3",
    "simplifiée", "détaillée", "ouvertes", "certifiées", "géolocalisées",
]
VERBS = [
    "Consultez", "Retrouvez", "Interrogez", "Vérifiez", "Téléchargez", "Recherchez", "Obtenez",
    "Suivez", "Déclarez", "Calculez", "Comparez", "Affichez",
]
COMPLEMENTS = [
    "en temps réel", "à partir d'un identifiant", "par commune ou par département",
    "sans ressaisie pour l'usager", "avec leur historique depuis 2010", "sur tout le territoire",
    "dans vos propres services numériques", "au format JSON ou CSV", "mis à jour chaque jour",
    "pour vos démarches en ligne", "avec leurs coordonnées géographiques",
]
WORDS = (
    "données service public usager administration collectivité territoire commune département région "
    "réseau registre fichier référentiel identifiant numéro adresse code nom libellé date période année "
    "mois jour valeur montant taux indicateur mesure station capteur relevé historique mise à jour "
    "publication diffusion consultation recherche requête réponse format flux fichier export import "
    "licence accès compte clé jeton habilitation démarche formulaire justificatif attestation pièce "
    "dossier demande instruction décision notification suivi état statut catégorie type nature "
    "secteur activité entreprise établissement association organisme agence opérateur ministère "
    "service direction bureau agent partenaire fournisseur éditeur logiciel application portail site "
    "outil interface programme développeur documentation exemple cas usage besoin qualité fiabilité "
    "disponibilité performance sécurité confidentialité protection personnelle secret statistique "
    "fiscal social sanitaire environnemental énergétique agricole culturel scolaire universitaire "
    "national local public ouvert libre gratuit complet précis récent ancien officiel certifié "
    "permet fournit donne propose offre renvoie contient regroupe recense décrit présente complète "
    "facilite simplifie améliore garantit assure couvre concerne porte sur chaque plusieurs certains "
    "tous les des une un la le du de pour avec sans dans sur par entre selon ainsi également aussi "
    "notamment en particulier depuis avant après lors"
).split()
KEYWORDS = sorted({
    "SIRET", "SIREN", "RNA", "INSEE", "BAN", "cadastre", "géocodage", "open data", "référentiel",
    "annuaire", "registre", "statistiques", "temps réel", "géolocalisation", "commune", "département",
    "région", "code postal", "code INSEE", "attestation", "justificatif", "habilitation", "DataPass",
    "FranceConnect", "ProConnect", "marchés publics", "subventions", "aides", "emploi", "formation",
    "santé", "hôpital", "médicament", "école", "collège", "lycée", "université", "diplôme", "bourse",
    "logement", "loyer", "immobilier", "énergie", "électricité", "gaz", "carburant", "climat",
    "météo", "pollution", "eau", "forêt", "agriculture", "biodiversité", "déchets", "transport",
    "train", "bus", "vélo", "route", "stationnement", "recharge", "véhicule", "permis", "sécurité",
    "justice", "jurisprudence", "loi", "décret", "élections", "élus", "budget", "impôts", "fiscalité",
    "prestations", "retraite", "famille", "handicap", "état civil", "culture", "musée", "patrimoine",
    "archives", "bibliothèque", "recherche", "publications", "brevets", "tourisme", "sport",
    "GeoJSON", "CSV", "JSON", "REST", "OpenAPI", "DCAT", "API", "données ouvertes", "historique",
})
REGIONS = [
    "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire", "Corse",
    "Grand Est", "Hauts-de-France", "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
    "Pays de la Loire", "Provence-Alpes-Côte d'Azur", "Guadeloupe", "Martinique", "Guyane",
    "La Réunion", "Mayotte",
]
CITIES = [
    "Paris", "Marseille", "Lyon", "Toulouse", "Nice", "Nantes", "Montpellier", "Strasbourg",
    "Bordeaux", "Lille", "Rennes", "Reims", "Toulon", "Saint-Étienne", "Le Havre", "Grenoble",
    "Dijon", "Angers", "Nîmes", "Clermont-Ferrand", "Aix-en-Provence", "Brest", "Tours", "Amiens",
    "Limoges", "Annecy", "Perpignan", "Besançon", "Metz", "Orléans", "Rouen", "Mulhouse", "Caen",
    "Nancy", "Argenteuil", "Montreuil", "Roubaix", "Tourcoing", "Avignon", "Poitiers", "Pau",
    "La Rochelle", "Calais", "Cannes", "Ajaccio", "Bastia", "Valence", "Quimper", "Lorient",
    "Vannes", "Troyes", "Chambéry", "Niort", "Béziers", "Colmar", "Bayonne", "Cherbourg", "Laval",
]
DOMAINS = [
    "de la santé", "de l'énergie", "de l'emploi", "de la statistique", "de l'environnement",
    "de la mer", "de la forêt", "de l'eau", "du logement", "des transports", "de la culture",
    "de la recherche", "de l'éducation", "de la sécurité routière", "de l'agriculture",
    "de la biodiversité", "du numérique", "des finances publiques", "de l'information géographique",
    "de la météorologie", "du patrimoine", "des archives", "du sport", "de la jeunesse",
    "de l'alimentation", "des territoires", "de l'habitat", "des solidarités", "de la famille",
    "de la retraite", "de l'innovation", "de l'aménagement", "de la mobilité", "du tourisme",
    "de la justice", "de l'industrie", "du commerce", "de l'artisanat", "de la formation",
    "des risques", "du climat", "des océans", "de l'espace", "des données",
]
PROVIDER_PATTERNS = {
    "Ministère": ["Ministère {d}", "Direction générale {d}", "Direction nationale {d}", "Secrétariat général {d}"],
    "Opérateur": ["Agence nationale {d}", "Institut national {d}", "Office français {d}",
                  "Centre national {d}", "Établissement public {d}"],
    "Collectivité territoriale": ["Région {r}", "Métropole de {c}", "Ville de {c}", "Communauté d'agglomération de {c}"],
    "Autorité administrative indépendante": ["Autorité de régulation {d}", "Haute autorité {d}", "Commission nationale {d}"],
    "Groupement d'intérêt public": ["Groupement d'intérêt public {d}", "GIP Plateforme {d}"],
    "Organisme de sécurité sociale": ["Caisse nationale {d}", "Caisse régionale {d} {r}"],
    "Entreprise publique": ["Société nationale {d}", "Compagnie publique {d}"],
    "Autre organisme public": ["Observatoire national {d}", "Conseil supérieur {d}", "Conservatoire national {d}"],
}
TYPE_WEIGHTS = [30, 30, 15, 5, 6, 6, 3, 5]
FREE_PARTNERS = [
    "Banque de France", "MSA", "Infogreffe", "La Poste", "SNCF Réseau", "Chambres de commerce et d'industrie",
    "Régions de France", "Association des maires de France", "Open Food Facts", "OpenStreetMap France",
    "Mutualité sociale agricole", "Conseil national des barreaux",
]
PUBLICS = [
    "Une administration, une collectivité ou un organisme chargé d'une mission de service public",
    "Un éditeur de logiciel", "Une entreprise", "Une association", "Un particulier",
    "Un établissement de santé", "Un organisme de recherche", "Un opérateur de transport",
]
ELIGIBILITY_NOTES = [
    "Si votre démarche est prévue par un texte.", "Seulement pour le compte d'une administration.",
    "Les données de votre propre structure sont consultables en ligne.",
    "Dans la limite des données nécessaires à la mission.", "Après signature d'une convention.",
]
SUPPORT = [
    "Du lundi au vendredi, de 9 h à 18 h, par courriel.", "Par le formulaire de contact du site.",
    "Par courriel, réponse sous deux jours ouvrés.",
]
STOP = {"de", "la", "le", "les", "des", "du", "d", "l", "et", "en", "pour", "à"}


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def acronym_of(name: str) -> str:
    words = re.split(r"[\s'’-]+", name)
    return "".join(w[0].upper() for w in words if w and w.lower() not in STOP)


# -- The model: plain data shared by both kinds of site ---------------------------------


@dataclass
class Model:
    """The content of a synthetic catalogue, before it is written as files."""

    apis: list[dict] = field(default_factory=list)
    providers: dict[str, dict] = field(default_factory=dict)
    themes: dict[str, dict] = field(default_factory=dict)  # id -> {name, description}

    @property
    def by_id(self) -> dict[str, dict]:
        return {api["id"]: api for api in self.apis}

    def theme_id(self, name: str) -> str:
        return next(tid for tid, theme in self.themes.items() if theme["name"] == name)

    def sorted_apis(self) -> list[dict]:
        return sorted(self.apis, key=lambda a: sort_key(a["title"], a["id"]))

    def related_index(self) -> dict[str, list[dict]]:
        """For each API, the APIs it names and those that name it (as the extension shows them)."""
        by_id = self.by_id
        ids: dict[str, set[str]] = {api["id"]: set() for api in self.apis}
        for api in self.apis:
            for other in api.get("related_apis", ()):
                if other in by_id and other != api["id"]:
                    ids[api["id"]].add(other)
                    ids[other].add(api["id"])
        key = lambda a: sort_key(a["title"], a["id"])  # noqa: E731
        return {api_id: sorted((by_id[i] for i in others), key=key) for api_id, others in ids.items()}


def _sentence(rng: random.Random, count: int) -> str:
    words = [rng.choice(WORDS) for _ in range(count)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, words: int) -> tuple[str, int]:
    sentences, total = [], 0
    while total < words:
        count = rng.randint(8, 18)
        sentences.append(_sentence(rng, count))
        total += count
    return textwrap.fill(" ".join(sentences), 72), total


def _description(rng: random.Random, title: str) -> str:
    """100-250 words: an introduction, a ## heading with a small table, more text."""
    target = rng.randint(100, 250)
    intro, used = _paragraph(rng, min(60, target // 2))
    heading = rng.choice(["Données disponibles", "Services", "Ressources", "Usages"])
    rows = [f"| {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} | {rng.choice(WORDS)} {rng.choice(WORDS)} |"
            for _ in range(rng.randint(2, 4))]
    table = "\n".join(["| Donnée | Exemple |", "| ------ | ------- |", *rows])
    used += 4 * len(rows)
    rest, _ = _paragraph(rng, max(20, target - used))
    intro = textwrap.fill(f"{title} : " + intro.replace("\n", " "), 72)
    return f"{intro}\n\n## {heading}\n\n{table}\n\n{rest}\n"


def _date(rng: random.Random, start: int, end: int) -> str:
    return f"{rng.randint(start, end)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _unique(candidate: str, taken: set[str], extra: list[str]) -> str:
    """*candidate*, or with one of *extra* then a number appended, so that its folded form is new.

    The catalogue refuses two APIs (or providers) whose names differ only by
    accents or case.
    """
    numbered = (f"{candidate} {i}" for i in itertools.count(2))
    for option in itertools.chain([candidate], (f"{candidate} {e}" for e in extra), numbered):
        if fold(option).strip() not in taken:
            taken.add(fold(option).strip())
            return option
    raise AssertionError("unreachable")  # itertools.count never ends


def model(n: int, seed: int = 1) -> Model:
    """The content of a catalogue of *n* APIs, drawn from *seed*."""
    rng = random.Random(seed)
    result = Model()
    for path in sorted((PROJECT / "apis" / "themes").glob("*.yml")):
        result.themes[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    theme_names = [t["name"] for t in result.themes.values()]

    # Providers: about one for ten APIs, at least 12, of every type.
    names: set[str] = set()
    types = list(PROVIDER_PATTERNS)
    for _ in range(max(12, n // 10)):
        ptype = rng.choices(types, TYPE_WEIGHTS)[0]
        pattern = rng.choice(PROVIDER_PATTERNS[ptype])
        name = pattern.format(d=rng.choice(DOMAINS), r=rng.choice(REGIONS), c=rng.choice(CITIES))
        name = _unique(name, names, [f"de {r}" for r in REGIONS])
        acronym = acronym_of(name)
        pid = base = slug(acronym if len(acronym) >= 3 and rng.random() < 0.7 else name)[:60].strip("-")
        number = 2
        while pid in result.providers:
            pid, number = f"{base}-{number}", number + 1
        provider = {"id": pid, "name": name}
        if rng.random() < 0.8 and len(acronym) >= 2:
            provider["acronym"] = acronym
        provider["type"] = ptype
        provider["site"] = f"https://www.{pid}.gouv.fr"
        provider["contact"] = rng.choice([f"contact@{pid}.gouv.fr", f"https://www.{pid}.gouv.fr/contact"])
        if rng.random() < 0.5:
            provider["annuaire"] = f"https://lannuaire.service-public.fr/gouvernement/{pid}"
        provider["description"] = _paragraph(rng, rng.randint(30, 80))[0] + "\n"
        result.providers[pid] = provider
    provider_ids = list(result.providers)
    # A few providers produce many APIs, most produce a few.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(provider_ids))]

    titles: set[str] = set()
    ids: set[str] = set()
    for _ in range(n):
        producer = rng.choices(provider_ids, weights)[0]
        acronym = result.providers[producer].get("acronym", "")
        obj = rng.choice(OBJECTS)
        if rng.random() < 0.3:
            bare = re.sub(r"^(des|du|de la|de l')\s*", "", obj)
            title = f"API {bare[0].upper()}{bare[1:]}"
        else:
            title = f"API {rng.choice(PREFIXES)} {obj}"
        qualifier = rng.choice(QUALIFIERS)
        title = _unique(f"{title} {qualifier}".strip(), titles, [acronym] if acronym else [])
        aid = base = "api-" + slug(title.removeprefix("API "))[:60].strip("-")
        number = 2
        while aid in ids:
            aid, number = f"{base}-{number}", number + 1
        ids.add(aid)
        access = rng.choices(["open", "account", "restricted"], [55, 25, 20])[0]
        status = rng.choices(["stable", "beta", "deprecated", "retired"], [75, 12, 8, 5])[0]
        api: dict = {"id": aid, "title": title}
        api["tagline"] = f"{rng.choice(VERBS)} {obj} {rng.choice(COMPLEMENTS)}."
        api["producer"] = producer
        partners = []
        for _ in range(rng.choices([0, 1, 2, 3], [45, 30, 15, 10])[0]):
            partner = rng.choice(provider_ids) if rng.random() < 0.6 else rng.choice(FREE_PARTNERS)
            if partner != producer and partner not in partners:
                partners.append(partner)
        if partners:
            api["partners"] = partners
        api["access"] = access
        if access != "open":
            api["access_link"] = (
                f"https://www.{producer}.gouv.fr/compte" if access == "account"
                else f"https://datapass.api.gouv.fr/demandes/{aid}/nouveau"
            )
            if rng.random() < 0.5:
                api["access_details"] = _paragraph(rng, rng.randint(20, 50))[0] + "\n"
        if access == "restricted":
            api["eligibility"] = []
            for who in rng.sample(PUBLICS, rng.randint(2, 4)):
                item = {"who": who, "eligible": rng.choice(["yes", "no", "under_condition"])}
                if rng.random() < 0.7:
                    item["description"] = rng.choice(ELIGIBILITY_NOTES)
                api["eligibility"].append(item)
        if status != "stable" or rng.random() < 0.3:
            api["status"] = status
        if status == "deprecated" or (status == "retired" and rng.random() < 0.5):
            api["sunset_date"] = _date(rng, 2024, 2028)
        api["themes"] = rng.sample(theme_names, rng.choices([1, 2, 3], [50, 35, 15])[0])
        api["keywords"] = rng.sample(KEYWORDS, rng.randint(3, 10))
        api["description"] = _description(rng, title)
        site = f"https://{aid}.{producer}.gouv.fr"
        api["documentation_link"] = f"{site}/documentation"
        if rng.random() < 0.5:
            api["openapi_link"] = f"{site}/openapi.json"
        if rng.random() < 0.6:
            api["external_site"] = site
        if rng.random() < 0.5:
            api["contact_link"] = f"support@{aid}.gouv.fr"
        api["terms_link"] = f"{site}/cgu"
        if rng.random() < 0.7:
            api["terms_summary"] = rng.choice(
                ["Licence Ouverte 2.0.", "Réservée aux administrations, dans le cadre de leurs missions.",
                 "Accès libre et gratuit, sous conditions d'usage."]
            )
        if rng.random() < 1 / 3:
            api["rate_limiting_resume"] = f"{rng.choice([10, 50, 100, 250])} appels / seconde / IP"
            if rng.random() < 0.5:
                api["rate_limiting_description"] = _paragraph(rng, rng.randint(15, 40))[0] + "\n"
            api["availability"] = rng.choice([99, 99.5, 99.9])
            api["support"] = rng.choice(SUPPORT)
            if rng.random() < 0.5:
                api["monitoring_link"] = f"https://status.{aid}.gouv.fr"
        if rng.random() < 0.2:
            api["datasets"] = [{"id": "".join(rng.choice("0123456789abcdef") for _ in range(24))}]
        api["last_update"] = _date(rng, 2020, 2025)
        result.apis.append(api)

    all_ids = [api["id"] for api in result.apis]
    for api in result.apis:
        count = min(rng.choices([0, 1, 2, 3], [35, 30, 20, 15])[0], len(all_ids) - 1)
        related = [other for other in rng.sample(all_ids, min(len(all_ids), count + 1)) if other != api["id"]][:count]
        if related:
            api["related_apis"] = related
    return result


# -- Writing the records site ----------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """YAML as contributors write it: long texts as ``|`` blocks, keys in order."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

#: Keys in the order of the record format (the schema's).
API_KEYS = record_format("api").names


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


def api_yaml(api: dict) -> str:
    return dump({key: api[key] for key in API_KEYS if key in api})


def write_api_record(root: Path, api: dict) -> Path:
    path = root / "apis" / f"{api['id']}.yml"
    path.write_text(api_yaml(api), encoding="utf-8")
    return path


def _copy_site(root: Path, catalogue_ext: bool) -> None:
    """The hand-written parts of the site, and its configuration."""
    root.mkdir(parents=True, exist_ok=True)
    for page in PAGES:
        shutil.copy2(PROJECT / page, root / page)
    for folder in DIRS:
        shutil.copytree(PROJECT / folder, root / folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.mo"))
    conf = (PROJECT / "conf.py").read_text(encoding="utf-8")
    conf = conf.replace('os.path.abspath("_ext")', repr(str(EXT)))
    if not catalogue_ext:
        conf = conf.replace('    "catalogue",\n', "")
        assert '"catalogue"' not in conf
    (root / "conf.py").write_text(conf, encoding="utf-8")


def _example_apis(m: Model) -> tuple[str, str]:
    """Stand-ins for the real APIs that definitions.md cites as examples."""
    ordered = m.sorted_apis()
    open_api = next(a for a in ordered if a["access"] == "open")
    restricted = next((a for a in ordered if a["access"] == "restricted"), ordered[-1])
    return open_api["id"], restricted["id"]


def write_records(m: Model, root: Path) -> None:
    _copy_site(root, catalogue_ext=True)
    for sub in ("apis/fournisseurs", "apis/themes"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for tid in m.themes:
        shutil.copy2(PROJECT / "apis" / "themes" / f"{tid}.yml", root / "apis" / "themes" / f"{tid}.yml")
    for pid, provider in m.providers.items():
        data = {k: v for k, v in provider.items() if k != "id"}
        (root / "apis" / "fournisseurs" / f"{pid}.yml").write_text(dump(data), encoding="utf-8")
    for api in m.apis:
        write_api_record(root, api)
    open_id, restricted_id = _example_apis(m)
    definitions = root / "definitions.md"
    text = definitions.read_text(encoding="utf-8")
    text = text.replace("{api}`api-adresse`", f"{{api}}`{open_id}`")
    text = text.replace("{api}`api-entreprise`", f"{{api}}`{restricted_id}`")
    definitions.write_text(text, encoding="utf-8")


# -- Writing the baseline: the same pages, by hand ---------------------------------------------

ACCESS_TERMS = {"open": "API ouverte", "account": "API avec compte", "restricted": "API sur habilitation"}


def esc(text: str) -> str:
    """Text for a Markdown table cell or line: nothing read as markup."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def link(text: str, target: str) -> str:
    return f"[{esc(text)}]({target})"


def url(address: str, text: str | None = None) -> str:
    if "@" in address and "://" not in address:
        address = address.removeprefix("mailto:")
        return f"[{esc(text or address)}](mailto:{address})"
    return f"[{esc(text or address)}]({address})"


def shift_headings(markdown: str) -> str:
    return re.sub(r"^(#+) ", lambda m: "#" + m.group(1) + " ", markdown, flags=re.MULTILINE)


def indent(text: str, prefix: str = "  ") -> str:
    return textwrap.indent(text.strip(), prefix)


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def listing(text: str) -> str:
    """A table of records, left out of the search index as the extension does (``no-search``)."""
    return f"```{{container}} no-search\n{text}\n```"


def index_entries(entries: list[str]) -> str:
    return "\n".join(f"```{{index}} single: {entry}\n```" for entry in entries)


class Baseline:
    """Writes the pages the extension would generate, as plain MyST."""

    def __init__(self, m: Model) -> None:
        self.m = m
        self.by_id = m.by_id
        self.theme_ids = {t["name"]: tid for tid, t in m.themes.items()}
        self.ordered = m.sorted_apis()
        self.related = m.related_index()
        self.produced: dict[str, list[dict]] = {pid: [] for pid in m.providers}
        self.partnered: dict[str, list[dict]] = {pid: [] for pid in m.providers}
        self.by_theme: dict[str, list[dict]] = {t["name"]: [] for t in m.themes.values()}
        for api in self.ordered:
            self.produced[api["producer"]].append(api)
            for partner in api.get("partners", ()):
                if partner in self.partnered:
                    self.partnered[partner].append(api)
            for name in api["themes"]:
                self.by_theme[name].append(api)

    def provider_title(self, p: dict) -> str:
        acronym = p.get("acronym")
        if acronym and acronym.casefold() not in p["name"].casefold():
            return f"{p['name']} ({acronym})"
        return p["name"]

    def api_row(self, api: dict, columns: list[str], prefix: str) -> list[str]:
        """One row of an API table; *prefix* leads from the page to ``apis/``."""
        cells = []
        for column in columns:
            if column == "title":
                cells.append(link(api["title"], f"{prefix}{api['id']}.md"))
            elif column == "tagline":
                cells.append(esc(api["tagline"]))
            elif column == "producer":
                p = self.m.providers[api["producer"]]
                cells.append(link(p.get("acronym") or p["name"], f"{prefix}fournisseurs/{p['id']}.md"))
            elif column == "access":
                cells.append(ACCESS_LABELS[api["access"]])
            elif column == "status":
                cells.append(STATUS_LABELS[api.get("status", "stable")])
            elif column == "last_update":
                cells.append(french_date(api["last_update"]))
        return cells

    def api_table(self, apis: list[dict], columns: list[str], prefix: str, empty: str) -> str:
        if not apis:
            return empty
        headers = {"title": "API", "tagline": "Description", "producer": "Fournisseur", "access": "Accès",
                   "status": "Statut", "last_update": "Mise à jour"}
        return listing(table([headers[c] for c in columns], [self.api_row(a, columns, prefix) for a in apis]))

    def api_page(self, api: dict) -> str:
        m = self.m
        out = ["---\norphan: true\n---\n", f"# {esc(api['title'])}\n"]
        out.append(index_entries([api["title"], *[f"{k}; {api['title']}" for k in api["keywords"]]]) + "\n")
        out.append(esc(api["tagline"]) + "\n")
        status = api.get("status", "stable")
        out.append(f"Accès : {ACCESS_LABELS[api['access']]} — {STATUS_LABELS[status]}\n")
        if status in ("deprecated", "retired"):
            sunset = api.get("sunset_date")
            if status == "retired":
                text = (f"Cette API est retirée depuis le {french_date(sunset)} : elle n'est plus servie."
                        if sunset else "Cette API est retirée : elle n'est plus servie.")
            else:
                text = (f"Cette API est dépréciée : elle cessera d'être servie le {french_date(sunset)}."
                        if sunset else "Cette API est dépréciée : évitez de l'utiliser pour un nouveau service.")
            see = ""
            if api.get("related_apis"):
                see = "\n\nVoyez aussi : " + ", ".join(
                    link(self.by_id[o]["title"], f"{o}.md") for o in api["related_apis"])
            out.append(f":::{{warning}}\n{text}{see}\n:::\n")
        # Comment y accéder ?
        access = api["access"]
        doc_text = "consultez la documentation technique" if access != "open" else "Consultez la documentation technique"
        if access == "open":
            steps = f"Cette API est {{term}}`ouverte <{ACCESS_TERMS['open']}>` : aucun compte n'est demandé. "
        elif access == "account":
            steps = (f"Cette API est libre d'accès {{term}}`après création d'un compte <{ACCESS_TERMS['account']}>`. "
                     f"{url(api['access_link'], 'Créer un compte')}, puis ")
        else:
            eligible = [e["who"] for e in api.get("eligibility", ()) if e["eligible"] in ("yes", "under_condition")]
            steps = f"Cette API est {{term}}`soumise à habilitation <{ACCESS_TERMS['restricted']}>`. "
            if eligible:
                steps += "Elle est ouverte à : " + esc(" ; ".join(eligible)) + ". "
            steps += url(api["access_link"], "Demander l'accès") + ", puis "
        steps += url(api["documentation_link"], doc_text) + "."
        out.append(f":::{{topic}} Comment y accéder ?\n{steps}\n:::\n")
        # Summary.
        producer = m.providers[api["producer"]]
        target = f"fournisseurs/{producer['id']}.md"
        fields = [":{term}`Fournisseur`: " + link(self.provider_title(producer), target)]
        if api.get("partners"):
            partners = [
                link(self.provider_title(m.providers[p]), f"fournisseurs/{p}.md") if p in m.providers else esc(p)
                for p in api["partners"]
            ]
            fields.append(":{term}`Partenaires <Partenaire>`: " + ", ".join(partners))
        fields.append(":Contact: " + url(api.get("contact_link") or producer["contact"]))
        themes = [link(name, f"themes/{self.theme_ids[name]}.md") for name in api["themes"]]
        fields.append(":{term}`Thèmes <Thème>`: " + ", ".join(themes))
        fields.append(":Mots-clés: " + esc(", ".join(api["keywords"])))
        fields.append(":Dernière mise à jour: " + french_date(api["last_update"]))
        out.append("\n".join(fields) + "\n")
        out.append("## Description\n\n" + shift_headings(api["description"]))
        # Accès.
        label = ACCESS_LABELS[access].lower()
        section = [f"## Accès\n\nMode d'accès : {{term}}`{label} <{ACCESS_TERMS[access]}>`.\n"]
        if api.get("access_link"):
            section.append("Demander l'accès : " + url(api["access_link"]) + "\n")
        if api.get("access_details"):
            section.append(api["access_details"])
        if api.get("eligibility"):
            rows = [[esc(e["who"]), ELIGIBLE_LABELS[e["eligible"]], esc(e.get("description", ""))]
                    for e in api["eligibility"]]
            section.append("Qui peut y accéder ? ({term}`éligibilité <Éligibilité>`)\n\n"
                           + table(["Public", "Éligible", "Précisions"], rows) + "\n")
        out.append("\n".join(section))
        # Documentation.
        docs = ["{term}`Documentation technique` : " + url(api["documentation_link"])]
        if api.get("openapi_link"):
            docs.append("{term}`Spécification OpenAPI <OpenAPI>` : " + url(api["openapi_link"]))
        if api.get("external_site"):
            docs.append("Site de l'API : " + url(api["external_site"]))
        terms = "{term}`Conditions d'utilisation` : " + url(api["terms_link"])
        if api.get("terms_summary"):
            terms += f" ({esc(api['terms_summary'])})"
        docs.append(terms)
        out.append("## Documentation\n\n" + "\n".join(f"- {d}" for d in docs) + "\n")
        # Conditions de fonctionnement.
        ops = []
        if api.get("rate_limiting_resume"):
            body = esc(api["rate_limiting_resume"])
            if api.get("rate_limiting_description"):
                body += "\n\n" + indent(api["rate_limiting_description"])
            ops.append(":{term}`Limite d'appels`: " + body)
        if api.get("availability") is not None:
            ops.append(":{term}`Disponibilité visée <Disponibilité>`: " + french_percent(api["availability"]))
        if api.get("support"):
            ops.append(":Assistance: " + esc(api["support"]))
        if api.get("monitoring_link"):
            ops.append(":{term}`Page de statut`: " + url(api["monitoring_link"]))
        if ops:
            out.append("## Conditions de fonctionnement\n\n" + "\n".join(ops) + "\n")
        related = self.related[api["id"]]
        if related:
            items = [f"- {link(o['title'], o['id'] + '.md')} : {esc(o['tagline'])}" for o in related]
            out.append("## API liées\n\n" + "\n".join(items) + "\n")
        if api.get("datasets"):
            items = [
                "- " + url("https://www.data.gouv.fr/fr/datasets/" + d["id"] + "/", d.get("title") or "Jeu de données " + d["id"])
                for d in api["datasets"]
            ]
            out.append("## Jeux de données\n\nCette API sert les {term}`jeux de données <Jeu de données>` "
                       "suivants, publiés sur data.gouv.fr :\n\n" + "\n".join(items) + "\n")
        return "\n".join(out)

    def provider_page(self, p: dict) -> str:
        entries = [p["name"]] + ([f"{p['acronym']}; {p['name']}"] if p.get("acronym") else [])
        out = ["---\norphan: true\n---\n", f"# {esc(self.provider_title(p))}\n", index_entries(entries) + "\n",
               p["description"]]
        fields = [f":Type d'organisme: {p['type']}", f":Site: {url(p['site'])}", f":Contact: {url(p['contact'])}"]
        if p.get("annuaire"):
            fields.append(f":Annuaire de l'administration: {url(p['annuaire'])}")
        out.append("\n".join(fields) + "\n")
        produced, partnered = self.produced[p["id"]], self.partnered[p["id"]]
        out.append("## API produites\n\n" + self.api_table(
            produced, ["title", "tagline", "access"], "../", "Ce fournisseur ne produit aucune API du catalogue.") + "\n")
        out.append("## API en partenariat\n\n" + self.api_table(
            partnered, ["title", "producer", "access"], "../",
            "Ce fournisseur n'est partenaire d'aucune API du catalogue.") + "\n")
        return "\n".join(out)

    def theme_apis(self, name: str) -> list[dict]:
        return self.by_theme[name]

    def theme_page(self, tid: str, theme: dict) -> str:
        return "\n".join([
            "---\norphan: true\n---\n", f"# {theme['name']}\n", index_entries([f"{theme['name']} (thème)"]) + "\n",
            theme["description"] + "\n",
            self.api_table(self.theme_apis(theme["name"]), ["title", "tagline", "producer", "access"], "../",
                           "Aucune API du catalogue ne correspond.") + "\n",
        ])

    def sorted_themes(self) -> list[tuple[str, dict]]:
        return sorted(self.m.themes.items(), key=lambda item: sort_key(item[1]["name"], item[0]))

    def write(self, root: Path) -> None:
        m = self.m
        _copy_site(root, catalogue_ext=False)
        for sub in ("apis/fournisseurs", "apis/themes"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        for api in m.apis:
            (root / "apis" / f"{api['id']}.md").write_text(self.api_page(api), encoding="utf-8")
        for pid, p in m.providers.items():
            (root / "apis" / "fournisseurs" / f"{pid}.md").write_text(self.provider_page(p), encoding="utf-8")
        for tid, theme in m.themes.items():
            (root / "apis" / "themes" / f"{tid}.md").write_text(self.theme_page(tid, theme), encoding="utf-8")

        ordered = self.ordered
        self._replace(root / "catalogue.md", "```{api-table}\n:columns: title, tagline, producer, access, status\n:filters:\n```",
                      self.api_table(ordered, ["title", "tagline", "producer", "access", "status"], "apis/", ""))
        latest = sorted(ordered, key=lambda a: a["last_update"], reverse=True)[:5]
        # The home page's search box and overview are the extension's: a
        # hand-written site has a plain form and its figures written out.
        self._replace(root / "index.md", "```{catalogue-search-box}\n```",
                      '<form action="search.html" method="get" role="search">'
                      '<label for="q">Rechercher une API</label> <input id="q" type="search" name="q">'
                      ' <button type="submit">Rechercher</button></form>')
        self._replace(root / "index.md", "```{catalogue-overview}\n```",
                      f"{len(m.apis)} API, {len(m.providers)} fournisseurs.")
        self._replace(root / "index.md", "```{api-table}\n:sort: last_update\n:limit: 5\n:columns: title, producer, last_update\n```",
                      self.api_table(latest, ["title", "producer", "last_update"], "apis/", "")
                      + "\n\nSuivre les mises à jour : [flux Atom](https://catalogue.api.gouv.fr/atom.xml)")
        sections = []
        for tid, theme in self.sorted_themes():
            apis = self.theme_apis(theme["name"])
            sections.append(f"## [{theme['name']}](apis/themes/{tid}.md) ({len(apis)})\n\n"
                            + self.api_table(apis, ["title", "producer", "access"], "apis/",
                                             "Aucune API du catalogue ne correspond."))
        self._replace(root / "themes.md", "```{theme-tables}\n```", "\n\n".join(sections))
        providers = sorted(m.providers.values(), key=lambda p: sort_key(p["name"], p["id"]))
        rows = [[link(self.provider_title(p), f"apis/fournisseurs/{p['id']}.md"), esc(p["type"]),
                 str(len(self.produced[p["id"]])), str(len(self.partnered[p["id"]]))] for p in providers]
        self._replace(root / "fournisseurs.md", "```{provider-table}\n:columns: name, type, apis, partnerships\n```",
                      listing(table(["Fournisseur", "Type", "API produites", "Partenariats"], rows)))
        # The list of records to complete is the extension's: a hand-written site has none.
        for block in GAPS_BLOCKS:
            self._replace(root / "a-completer.md", block, "")
        # No specification is read without the extension: the index of data is empty.
        self._replace(root / "donnees.md", "```{data-index}\n```", "Aucune spécification n'est lue.")
        open_id, restricted_id = _example_apis(m)
        self._replace(root / "definitions.md", "{api}`api-adresse`", f"{{doc}}`apis/{open_id}`")
        self._replace(root / "definitions.md", "{api}`api-entreprise`", f"{{doc}}`apis/{restricted_id}`")

    @staticmethod
    def _replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{path.name}: {old!r} introuvable"
        path.write_text(text.replace(old, new), encoding="utf-8")


# -- Entry points -------------------------------------------------------------------------------


def validate(root: Path) -> subprocess.CompletedProcess:
    """``make validate`` on a generated records site (what contributors run)."""
    env = dict(os.environ, PYTHONPATH=str(EXT), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), "validate"],
                          env=env, capture_output=True, text=True)


#: The directives of a-completer.md, left out of the baseline site.
GAPS_BLOCKS = ('```{gaps-table}\n```', '```{gaps-criteria}\n```')


# -- Specifications (kind "specs") ---------------------------------------------------------

#: One API in this many gets a specification snapshot.
SPEC_EVERY = 10
FIELD_WORDS = ["identifiant", "code", "libelle", "date", "montant", "statut", "adresse", "commune",
               "siret", "nom", "prenom", "valeur", "periode", "type", "categorie", "numero", "taux"]


def _field_name(rng: random.Random) -> str:
    first, second = rng.sample(FIELD_WORDS, 2)
    return first + second.capitalize() if rng.random() < 0.6 else f"{first}_{second}"


def _schema(rng: random.Random, depth: int) -> dict:
    """An object of 4 to 10 properties, some of them objects or lists of objects (3 levels at most)."""
    properties = {}
    for _ in range(rng.randint(4, 10)):
        name = _field_name(rng)
        roll = rng.random()
        if depth < 3 and roll < 0.15:
            properties[name] = _schema(rng, depth + 1)
        elif depth < 3 and roll < 0.25:
            properties[name] = {"type": "array", "items": _schema(rng, depth + 1)}
        else:
            kind = rng.choice(["string", "string", "integer", "number", "boolean"])
            properties[name] = {"type": kind, "description": _sentence(rng, rng.randint(4, 12))}
    return {"type": "object", "properties": properties}


def spec_of(api: dict, seed: int) -> dict:
    """A valid OpenAPI 3.0 document for *api*: 3 to 12 operations under 1 to 3 tags, a shared schema."""
    rng = random.Random(f"{seed}-{api['id']}")
    tags = [prefix for prefix in rng.sample(PREFIXES, rng.randint(1, 3))]
    shared = _schema(rng, 1)
    paths: dict = {}
    for index in range(rng.randint(3, 12)):
        resource = slug(rng.choice(OBJECTS))
        path = f"/{resource}/{index}" + ("/{identifiant}" if rng.random() < 0.5 else "")
        parameters = [{"name": "identifiant", "in": "path", "required": True, "schema": {"type": "string"}}] \
            if "{identifiant}" in path else []
        parameters += [{"name": _field_name(rng), "in": "query", "schema": {"type": "string"},
                        "description": _sentence(rng, 6)} for _ in range(rng.randint(0, 3))]
        response = {"$ref": "#/components/schemas/Commun"} if rng.random() < 0.3 else _schema(rng, 1)
        paths[path] = {"get": {
            "summary": _sentence(rng, rng.randint(3, 8)).rstrip("."),
            "operationId": f"operation{index}",
            "tags": [rng.choice(tags)],
            "parameters": parameters,
            "responses": {"200": {"description": "Réponse", "content": {"application/json": {"schema": response}}}},
        }}
    return {
        "openapi": "3.0.3",
        "info": {"title": api["title"], "version": "1.0.0", "description": _sentence(rng, 20)},
        "servers": [{"url": f"https://{api['id']}.example.gouv.fr/v1"}],
        "tags": [{"name": tag, "description": _sentence(rng, 8)} for tag in tags],
        "paths": paths,
        "components": {"schemas": {"Commun": shared}},
    }


def write_specs(m: Model, root: Path, seed: int) -> int:
    """A snapshot for one API in :data:`SPEC_EVERY` (in title order); how many."""
    folder = root / "apis" / "openapi"
    folder.mkdir(parents=True, exist_ok=True)
    chosen = m.sorted_apis()[::SPEC_EVERY]
    for api in chosen:
        text = json.dumps(spec_of(api, seed), ensure_ascii=False, indent=1)
        (folder / f"{api['id']}.json").write_text(text + "\n", encoding="utf-8")
    return len(chosen)


def generate(n: int, seed: int, root: Path, kind: str) -> Model:
    """Write the *kind* site of *n* APIs under *root* (emptied first); return its content."""
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    m = model(n, seed)
    if kind in ("records", "specs"):
        write_records(m, root)
        if kind == "specs":
            write_specs(m, root, seed)
        checked = validate(root)
        # Generated records must be valid, or the benchmark measures error paths.
        assert checked.returncode == 0, f"fiches générées invalides :\n{checked.stdout[:3000]}{checked.stderr}"
    elif kind == "baseline":
        Baseline(m).write(root)
    else:
        raise ValueError(f"kind: records, specs or baseline, not {kind!r}")
    return m


def self_check(n: int = 100, seed: int = 1, workdir: Path | None = None) -> None:
    """Both sites of *n* APIs build with ``-W`` (no warning); records validate."""
    import tempfile

    base = Path(workdir or tempfile.mkdtemp(prefix="bench-check-"))
    for kind in ("records", "baseline"):
        src = base / f"{kind}-{n}"
        generate(n, seed, src, kind)
        out = base / f"{kind}-{n}-out"
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", "--no-color", "-W", "-q", "-b", "html", "-d", str(out / "doctrees"), str(src), str(out / "html")],
            capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1"),
        )
        assert done.returncode == 0, f"{kind}: la construction avec -W échoue :\n{done.stderr[-5000:]}"
        print(f"{kind} ({n} API) : construit avec -W, aucun avertissement")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("root", type=Path, nargs="?")
    parser.add_argument("--kind", choices=("records", "specs", "baseline"), default="records")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="construire les deux sites avec -W (N petit)")
    args = parser.parse_args()
    if args.check:
        self_check(args.n, args.seed, args.root)
    else:
        generate(args.n, args.seed, args.root, args.kind)
        print(f"{args.root} : {args.kind}, {args.n} API")


if __name__ == "__main__":
    main()
