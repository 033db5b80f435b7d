"""Data elements: what an API returns, under names that match across APIs.

A cross-API index of data ("which APIs give a postal code?") cannot match
field names as written: one API says ``codePostal``, another
``code_postal``, a third ``CodePostal`` deep in ``adresse.code_postal``.
:func:`element_key` folds a field's last name into words, the catalogue's
way (:func:`~catalogue.records.french.fold`: lower case, no accents), with
camelCase, snake_case, kebab-case and digits split: all three become
``code postal``.  :func:`data_elements` gives, for one specification,
each key with the names as written and the operations whose successful
response holds it; merging the lists of several APIs by key makes the
index.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..records.french import fold
from .model import Spec


@dataclass(frozen=True, slots=True)
class ElementUse:
    """One operation that returns a data element, and the field that holds it."""

    method: str
    path: str
    operation_id: str
    #: The field's full dotted name in the response: ``etablissements[].siret``.
    field: str


@dataclass(frozen=True, slots=True)
class DataElement:
    #: The folded words: ``code postal``.
    key: str
    #: The last names as written, sorted: ``("codePostal", "code_postal")``.
    names: tuple[str, ...]
    #: The operations returning it, in the specification's order.
    uses: tuple[ElementUse, ...]


def last_name(field_name: str) -> str:
    """The last segment of a dotted field name: ``a[].code_postal`` → ``code_postal``."""
    return field_name.rsplit(".", 1)[-1].replace("[]", "")


def element_key(name: str) -> str:
    """``codePostal``, ``code_postal``, ``Code-Postal`` → ``code postal``; ``SIRETNumber`` → ``siret number``.

    Words are split where the case turns from lower to upper, before the
    last capital of an acronym followed by lower case, between letters and
    digits, and at anything that is neither; accents are taken out before
    (so that ``numéroRue`` splits as ``numeroRue`` does) and the words
    folded after.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    chars = "".join(c for c in decomposed if not unicodedata.combining(c))
    words: list[str] = []
    current = ""
    for index, char in enumerate(chars):
        if not char.isalnum():
            words.append(current)
            current = ""
            continue
        if current:
            previous, following = current[-1], chars[index + 1 : index + 2]
            if (
                (previous.islower() and char.isupper())
                or (previous.isdigit() != char.isdigit())
                or (previous.isupper() and char.isupper() and following.islower())
            ):
                words.append(current)
                current = ""
        current += char
    words.append(current)
    return " ".join(fold(word) for word in words if word)


def data_elements(spec: Spec) -> tuple[DataElement, ...]:
    """The data elements the successful responses of *spec* hold, sorted by key."""
    names: dict[str, set[str]] = {}
    uses: dict[str, dict[ElementUse, None]] = {}
    for operation in spec.operations:
        if operation.response is None:
            continue
        for field in operation.response.fields:
            name = last_name(field.name)
            key = element_key(name)
            if not key:
                continue
            names.setdefault(key, set()).add(name)
            use = ElementUse(operation.method, operation.path, operation.operation_id, field.name)
            uses.setdefault(key, {})[use] = None
    return tuple(
        DataElement(key, tuple(sorted(names[key])), tuple(uses[key])) for key in sorted(names)
    )
