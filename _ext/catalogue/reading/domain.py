"""The ``catalogue`` domain: the single store of catalogue data.

Everything the build knows about records lives in the domain's data, keyed
by the docname of the document that contributed it, so that Sphinx can
forget a document (:meth:`~CatalogueDomain.clear_doc`) and merge the work
of parallel readers (:meth:`~CatalogueDomain.merge_domaindata`) without
leaving anything stale.  As in ``sphinx/domains/citation.py``, each store is
a typed property over ``self.data``, and the two methods are written
against :data:`PER_DOCUMENT`, the one list of them:

``records``
    docname → :class:`~catalogue.records.model.ApiRecord` (or provider, theme).
``positions``
    docname → positions of the fields that name other records, for the
    messages of the cross-checks.
``mentions``
    docname → records a record's Markdown names with roles (kept only when
    there are some).
``problems``
    docname → problems found while reading the file.
``placeholders``
    docname → specs of the document's placeholders (tables, related APIs...),
    collected in :meth:`~CatalogueDomain.process_doc` as ``sphinx.ext.todo``
    collects its nodes.
``refs``
    docname → catalogue records the document refers to with roles.
``digests``
    docname → digest of what the document's late content and references
    showed when it was last written (see :mod:`.freshness`).
``cross_problems``
    docname → problems that involve other records; recomputed after every
    read phase (:mod:`.consistency`).
``snapshots``
    docname → the specification snapshot an API's page was built from (file,
    sha256, lock entry), to re-read the page when it changes (:mod:`.specs`).
``elements``
    docname → the data elements an API's specification returns, for the
    index of data (kept only when there are some).

and, for the whole site, ``logos``: the providers' logos of this build.

The domain also declares the object types ``api``, ``fournisseur`` and
``theme`` (so records appear in ``objects.inv`` and in the search index's
objects) and resolves the roles ``{api}``, ``{fournisseur}`` and
``{theme}``, which show the record's title.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ..records.catalogue import Catalogue
from ..records.model import Record
from .placeholders import late_content

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..checks.problems import Mention, Problem
    from ..openapi.elements import DataElement

class LateSpec(Protocol):
    """What a placeholder shows, described in a picklable, hashable way."""

    def inputs(self, domain: CatalogueDomain) -> Hashable:
        """The data the rendering depends on (compared between builds)."""

    def render(self, domain: CatalogueDomain, builder: Builder, docname: str) -> list[nodes.Node]:
        """The nodes that replace the placeholder in *docname*."""


#: Object type (and role) of each record kind.
OBJECT_TYPES = {"api": "api", "provider": "fournisseur", "theme": "theme"}

#: The stores kept per document: cleared and merged together.
PER_DOCUMENT = (
    "records", "positions", "mentions", "problems", "placeholders", "refs", "digests", "cross_problems",
    "snapshots", "elements",
)


def catalogue_domain(env: BuildEnvironment) -> CatalogueDomain:
    """The catalogue domain of *env*: the one place that looks it up by name."""
    return cast(CatalogueDomain, env.domains["catalogue"])


class CatalogueRole(XRefRole):
    """``{api}`id```, ``{fournisseur}`id```, ``{theme}`id```: a link titled by the record.

    Registered both in the domain (``{catalogue:api}``) and globally, so
    that pages can write the short form.  An unknown id is a warning with
    the file and line of the role.
    """

    innernodeclass = nodes.inline

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain = "catalogue"
        self.reftype = self.name.rpartition(":")[2]
        self.classes = ["xref", "catalogue", f"catalogue-{self.reftype}"]
        if self.disabled:
            return self.create_non_xref_node()
        return self.create_xref_node()


class CatalogueDomain(Domain):
    name = "catalogue"
    label = "Catalogue des API"
    object_types: ClassVar[dict[str, ObjType]] = {
        "api": ObjType("API", "api"),
        "fournisseur": ObjType("fournisseur", "fournisseur"),
        "theme": ObjType("thème", "theme"),
    }
    roles: ClassVar[dict[str, Any]] = {name: CatalogueRole(warn_dangling=True) for name in object_types}
    dangling_warnings: ClassVar[dict[str, str]] = {
        "api": "API inconnue : « %(target)s » ; donnez le nom d'un fichier de apis/, sans .yml",
        "fournisseur": "fournisseur inconnu : « %(target)s » ; donnez le nom d'un fichier de apis/fournisseurs/, sans .yml",
        "theme": "thème inconnu : « %(target)s » ; donnez le nom d'un fichier de apis/themes/, sans .yml",
    }
    initial_data: ClassVar[dict[str, Any]] = {name: {} for name in PER_DOCUMENT}
    data_version = 4

    _catalogue: Catalogue | None = None
    #: Whether a document was read or removed in this build (the domain
    #: object lives for one build): the exports are rewritten only then.
    modified: bool = False

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: Pages resolved for writing in this build (see :mod:`catalogue.site.search`).
        self.written: set[str] = set()

    # -- the stores --------------------------------------------------------------------

    @property
    def records(self) -> dict[str, Record]:
        return self.data.setdefault("records", {})

    @property
    def positions(self) -> dict[str, dict[tuple, tuple[int, int]]]:
        return self.data.setdefault("positions", {})

    @property
    def mentions(self) -> dict[str, tuple[Mention, ...]]:
        return self.data.setdefault("mentions", {})

    @property
    def problems(self) -> dict[str, tuple[Problem, ...]]:
        return self.data.setdefault("problems", {})

    @property
    def placeholders(self) -> dict[str, list[LateSpec]]:
        return self.data.setdefault("placeholders", {})

    @property
    def refs(self) -> dict[str, frozenset[tuple[str, str]]]:
        return self.data.setdefault("refs", {})

    @property
    def digests(self) -> dict[str, bytes]:
        return self.data.setdefault("digests", {})

    @property
    def cross_problems(self) -> dict[str, list[Problem]]:
        return self.data.setdefault("cross_problems", {})

    @property
    def snapshots(self) -> dict[str, Hashable]:
        return self.data.setdefault("snapshots", {})

    @property
    def elements(self) -> dict[str, tuple[DataElement, ...]]:
        return self.data.setdefault("elements", {})

    @property
    def logos(self) -> dict[str, tuple[str, str]]:
        """Provider id → (file name, digest) of the logos the census accepted (not per document)."""
        return self.data.setdefault("logos", {})

    def note_logos(self, logos: dict[str, tuple[str, str]]) -> None:
        """The logos of this build; pages that show one are re-written when it changes."""
        if logos != self.logos:
            self.data["logos"] = logos
            self._changed()

    def _stores(self) -> Iterator[dict[str, Any]]:
        return (getattr(self, name) for name in PER_DOCUMENT)

    # -- storing -----------------------------------------------------------------------

    def _changed(self) -> None:
        self._catalogue = None
        self.modified = True

    def note_record(
        self, record: Record, positions: dict, problems: Iterable[Problem], mentions: Iterable[Mention] = ()
    ) -> None:
        self.records[record.docname] = record
        self.positions[record.docname] = positions
        if mentions := tuple(mentions):
            self.mentions[record.docname] = mentions
        self.note_problems(record.docname, problems)
        self._changed()

    def note_problems(self, docname: str, problems: Iterable[Problem]) -> None:
        """Problems found while reading a file (kept only when there are some)."""
        if problems := tuple(problems):
            self.problems[docname] = problems

    def note_snapshot(self, docname: str, seen: Hashable, elements: Iterable[DataElement]) -> None:
        """The snapshot an API's page was built from, and the data its operations return."""
        self.snapshots[docname] = seen
        if elements := tuple(elements):
            self.elements[docname] = elements
        self._changed()

    def note_refs(self, docname: str, refs: Set[tuple[str, str]]) -> None:
        if refs:
            self.refs[docname] = frozenset(refs)

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Collect the specs of the document's placeholders (pages and directives made them)."""
        specs = [node["spec"] for node in document.findall(late_content)]
        if specs:
            self.placeholders[docname] = specs

    def clear_doc(self, docname: str) -> None:
        for store in self._stores():
            store.pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # A parallel reader sends back everything it knows; take only the
        # documents it read (walking those, not its whole catalogue).
        for name, store in zip(PER_DOCUMENT, self._stores(), strict=True):
            theirs = otherdata.get(name, {})
            for docname in docnames:
                if docname in theirs:
                    store[docname] = theirs[docname]
        self._changed()

    # -- reading -----------------------------------------------------------------------

    @property
    def catalogue(self) -> Catalogue:
        """All records, indexed; rebuilt only after the data changed."""
        if self._catalogue is None:
            self._catalogue = Catalogue(self.records.values())
        return self._catalogue

    def problems_of(self, docname: str) -> list[Problem]:
        return [*self.problems.get(docname, ()), *self.cross_problems.get(docname, ())]

    def record_for(self, typ: str, target: str) -> Record | None:
        catalogue = self.catalogue
        if typ == "api":
            return catalogue.apis.get(target)
        if typ == "fournisseur":
            return catalogue.providers.get(target)
        if typ == "theme":
            return catalogue.theme_like(target)
        return None

    # -- cross-references --------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        record = self.record_for(typ, target)
        if record is None:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(record.title, record.title, classes=contnode.get("classes", []))
        return make_refnode(builder, fromdocname, record.docname, None, contnode, record.title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        for typ in self.object_types:
            resolved = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if resolved is not None:
                results.append((f"catalogue:{typ}", resolved))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for docname in sorted(self.records):
            record = self.records[docname]
            # The search page merges object hits with the page's other hits
            # (static/catalogue-search.js): one result per record.
            yield record.id, record.title, OBJECT_TYPES[record.kind], docname, "", 1
