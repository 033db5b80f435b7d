"""Providers' logos: small image files under ``apis/logos/``, checked before they are published.

A logo is ``apis/logos/<provider-id>.svg`` or ``.png``.  It comes from
another organisation like a record, and it is published at the site's own
address: an SVG is a document that can carry scripts and links, which a
reader opening the file would run in the site's origin.  So a logo is
accepted only when

- it names a provider of the catalogue and is at most :data:`MAX_BYTES`;
- a PNG starts with PNG's signature;
- an SVG is well-formed XML with no DOCTYPE or entity, made only of the
  drawing elements of :data:`SVG_ELEMENTS`, with no event handler, no link
  or reference that leaves the file (only ``#id``), and no style or
  attribute that loads anything (``url(`` other than ``#id``, ``@import``).

Anything else is refused with its reason, in both doors (the census of
:mod:`.census` calls :func:`logo_problem`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

#: Largest logo accepted: a logo is an icon, not a poster.
MAX_BYTES = 100 * 1024

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

#: The SVG elements a logo may use: shapes, text, gradients, groups, reuse.
SVG_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline",
        "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask",
        "symbol", "use", "style", "pattern",
    }
)

_STYLE_DANGER = re.compile(r"url\s*\(\s*['\"]?(?!#)|@import|expression\s*\(|javascript:", re.IGNORECASE)


def logo_problem(path: Path) -> str | None:
    """Why the logo at *path* is refused, or None if it may be published."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"fichier illisible ({exc.strerror}) ; vérifiez-le"
    if len(data) > MAX_BYTES:
        return f"logo trop lourd ({-(-len(data) // 1024)} Kio) ; un logo ne dépasse pas {MAX_BYTES // 1024} Kio"
    if path.suffix == ".png":
        return None if data.startswith(PNG_SIGNATURE) else "ce fichier n'est pas une image PNG ; enregistrez-le en PNG"
    return _svg_problem(data)


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _svg_problem(data: bytes) -> str | None:
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        return "SVG avec une déclaration DOCTYPE ou ENTITY refusé ; enregistrez le logo en SVG simple"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"SVG illisible ({exc}) ; enregistrez-le à nouveau depuis votre logiciel de dessin"
    if _local(root.tag) != "svg":
        return "ce fichier n'est pas un SVG (il ne commence pas par <svg>) ; enregistrez le logo en SVG"
    for element in root.iter():
        tag = _local(element.tag)
        if tag not in SVG_ELEMENTS:
            return f"élément SVG « {tag} » refusé dans un logo ; gardez seulement des formes, du texte et des dégradés"
        for name, value in element.attrib.items():
            attribute = _local(name)
            if attribute.lower().startswith("on"):
                return f"attribut « {attribute} » refusé dans un logo : il exécuterait du code ; retirez-le"
            if attribute == "href" and not value.startswith("#"):
                return f"lien « {value[:60]} » refusé dans un logo : un logo ne renvoie qu'à lui-même (#id)"
            # style, and presentation attributes (fill, mask, filter...)
            # whose url() may name another file.
            if _STYLE_DANGER.search(value):
                return f"attribut « {attribute} » qui charge une ressource refusé dans un logo ; retirez url(), @import"
        if tag == "style" and _STYLE_DANGER.search(element.text or ""):
            return "feuille de style qui charge une ressource refusée dans un logo ; retirez url(), @import"
    return None
