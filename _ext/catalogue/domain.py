"""The ``catalogue`` domain: the single store of catalogue data.

Everything the build knows about records lives in the domain's data, keyed
by the docname of the document that contributed it, so that Sphinx can
forget a document (:meth:`clear_doc`) and merge the work of parallel
readers (:meth:`merge_domaindata`) without leaving anything stale:

``records``
    docname → :class:`~catalogue.records.ApiRecord` (or provider, theme).
``positions``
    docname → positions of the fields that name other records, for the
    messages of the cross-checks.
``problems``
    docname → problems found while reading the file.
``late``
    docname → specs of the placeholders of the document (tables, related
    APIs...), whatever page they are on.
``mentions``
    docname → records a record's Markdown names with roles, with their
    places in the file, for the cross-checks (kept only when there are some).
``refs``
    docname → catalogue records the document refers to with roles.
``digests``
    docname → digest of what the document's late content and references
    showed when it was last written (see :mod:`catalogue.freshness`).
``cross_problems``
    docname → problems that involve other records; recomputed after every
    read phase, from the records above.

The domain also declares the object types ``api``, ``fournisseur`` and
``theme`` (so records appear in ``objects.inv`` and in the search index's
objects) and resolves the roles ``{api}``, ``{fournisseur}`` and
``{theme}``, which show the record's title.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .collection import Catalogue
from .records import ApiRecord, ProviderRecord, Record, ThemeRecord
from .tables import ApiTableDirective, ProviderTableDirective, ThemeTablesDirective

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .late import LateSpec
    from .validation import Mention, Problem


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
    roles: ClassVar[dict[str, Any]] = {
        "api": CatalogueRole(warn_dangling=True),
        "fournisseur": CatalogueRole(warn_dangling=True),
        "theme": CatalogueRole(warn_dangling=True),
    }
    directives: ClassVar[dict[str, Any]] = {
        "api-table": ApiTableDirective,
        "provider-table": ProviderTableDirective,
        "theme-tables": ThemeTablesDirective,
    }
    dangling_warnings: ClassVar[dict[str, str]] = {
        "api": "API inconnue : « %(target)s » ; donnez le nom d'un fichier de apis/, sans .yml",
        "fournisseur": "fournisseur inconnu : « %(target)s » ; donnez le nom d'un fichier de apis/fournisseurs/, sans .yml",
        "theme": "thème inconnu : « %(target)s » ; donnez le nom d'un fichier de apis/themes/, sans .yml",
    }
    initial_data: ClassVar[dict[str, Any]] = {
        "records": {},
        "positions": {},
        "mentions": {},
        "problems": {},
        "late": {},
        "refs": {},
        "digests": {},
        "cross_problems": {},
    }
    data_version = 2

    _catalogue: Catalogue | None = None
    #: Whether a document was read or removed in this build (the domain
    #: object lives for one build): the exports are rewritten only then.
    modified: bool = False

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: Pages resolved for writing in this build (see :mod:`catalogue.search`).
        self.written: set[str] = set()

    # -- storing -----------------------------------------------------------------------

    def _changed(self) -> None:
        self._catalogue = None
        self.modified = True

    def note_record(
        self, record: Record, positions: dict, problems: Iterable[Problem], mentions: Iterable[Mention] = ()
    ) -> None:
        self.data["records"][record.docname] = record
        self.data["positions"][record.docname] = positions
        if mentions := tuple(mentions):
            self.data["mentions"][record.docname] = mentions
        self.note_problems(record.docname, problems)
        self._changed()

    def note_problems(self, docname: str, problems: Iterable[Problem]) -> None:
        """Problems found while reading a file (kept only when there are some)."""
        problems = tuple(problems)
        if problems:
            self.data["problems"][docname] = problems

    def note_late(self, docname: str, spec: LateSpec) -> None:
        self.data["late"].setdefault(docname, []).append(spec)

    def note_refs(self, docname: str, refs: Set[tuple[str, str]]) -> None:
        if refs:
            self.data["refs"][docname] = frozenset(refs)

    def clear_doc(self, docname: str) -> None:
        for key in ("records", "positions", "mentions", "problems", "late", "refs", "digests", "cross_problems"):
            self.data[key].pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # A parallel reader sends back everything it knows; take only the
        # documents it read (walking those, not its whole catalogue).
        for key in ("records", "positions", "mentions", "problems", "late", "refs", "digests"):
            theirs = otherdata[key]
            for docname in docnames:
                if docname in theirs:
                    self.data[key][docname] = theirs[docname]
        self._changed()

    # -- reading -----------------------------------------------------------------------

    @property
    def catalogue(self) -> Catalogue:
        """All records, indexed; rebuilt only after the data changed."""
        if self._catalogue is None:
            self._catalogue = Catalogue(self.data["records"].values())
        return self._catalogue

    def problems_of(self, docname: str) -> list[Problem]:
        return [
            *self.data["problems"].get(docname, ()),
            *self.data["cross_problems"].get(docname, ()),
        ]

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
        for typ in ("api", "fournisseur", "theme"):
            resolved = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if resolved is not None:
                results.append((f"catalogue:{typ}", resolved))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        kinds = {ApiRecord: "api", ProviderRecord: "fournisseur", ThemeRecord: "theme"}
        for docname in sorted(self.data["records"]):
            record = self.data["records"][docname]
            # The search page merges object hits with the page's other hits
            # (static/catalogue-search.js): one result per record.
            yield record.id, record.title, kinds[type(record)], docname, "", 1
