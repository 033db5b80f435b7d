"""The three kinds of record, where each lives, and how it is named.

A record is one YAML file under ``apis/``; its file name is its identifier
and its Sphinx docname gives both its kind and its page's URL:

==========================  ===========  ==============================
file                        kind         page
==========================  ===========  ==============================
``apis/<id>.yml``           API          ``apis/<id>.html``
``apis/fournisseurs/<id>``  provider     ``apis/fournisseurs/<id>.html``
``apis/themes/<id>.yml``    theme        ``apis/themes/<id>.html``
==========================  ===========  ==============================
"""

from __future__ import annotations

import re
from typing import Literal

from .french import fold

Kind = Literal["api", "provider", "theme"]

#: Folder of each record kind, relative to the source directory.
RECORD_DIRS: dict[Kind, str] = {
    "api": "apis",
    "provider": "apis/fournisseurs",
    "theme": "apis/themes",
}

#: Beside the records: providers' logos, and the snapshots of APIs'
#: OpenAPI specifications with the lock file that says where each came from.
LOGO_DIR = "apis/logos"
SNAPSHOT_DIR = "apis/openapi"
LOCK_NAME = "specs.lock.json"

#: A record identifier: the file name without ``.yml``.
IDENTIFIER = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def kind_of(docname: str) -> Kind | None:
    """The record kind stored at *docname*, or None if it is no record place."""
    folder, _, _name = docname.rpartition("/")
    for kind, kind_folder in RECORD_DIRS.items():
        if folder == kind_folder:
            return kind
    return None


def identifier_of(docname: str) -> str:
    return docname.rpartition("/")[2]


def docname_for(kind: Kind, identifier: str) -> str:
    return f"{RECORD_DIRS[kind]}/{identifier}"


def suggest_identifier(name: str) -> str:
    """An identifier close to *name*: ``Api_Foo`` → ``api-foo``."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return slug or "mon-api"
