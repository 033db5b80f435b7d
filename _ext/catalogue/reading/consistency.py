"""Problems that involve more than one record, checked after every read phase.

A record can be valid on its own and still name a provider, a theme or a
related API that does not exist, or take a title that another API already
has (:mod:`catalogue.checks.catalogue`).  They are checked, stored in the
domain (record pages show them in their notice) and reported on every
build, since they concern the catalogue rather than the files read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..checks.catalogue import check_catalogue
from .domain import catalogue_domain
from .report import report

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Before the freshness collector (500): page notices show these problems.
PRIORITY = 400


def check_whole_catalogue(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: check references and duplicates; report them."""
    domain = catalogue_domain(env)
    cross = check_catalogue(domain.catalogue, domain.positions, domain.mentions)
    domain.data["cross_problems"] = cross
    for docname in sorted(cross):
        for problem in cross[docname]:
            report(env, docname, problem)
    return []
