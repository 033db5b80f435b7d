"""Every private API of Sphinx and MyST-Parser that the extension uses, in one place.

Each is used because no public API gives the same thing; each says the
version it was checked against (the pinned one, ``requirements.txt``) and
why.  When a dependency is upgraded, this module is the list to re-read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def builder_of(env: BuildEnvironment) -> Builder:
    """The builder that is writing, from a post-transform.

    Sphinx 9.0.4: a post-transform gets the environment, and
    ``SphinxTransform.app`` and ``BuildEnvironment.app`` are deprecated
    (removed in 11.0) in favour of nothing; both return ``env._app``.  The
    late content of a page needs the builder for its relative links.
    """
    return env._app.builder  # noqa: SLF001


def post_transform_names(env: BuildEnvironment) -> set[str]:
    """Names of the post-transforms registered for this build.

    Sphinx 9.0.4: the registry is reachable only as ``env._app.registry``.
    The tables written straight to HTML must be wrapped as Furo's table
    post-transform would wrap them, and only when that transform runs.
    """
    return {transform.__name__ for transform in env._app.registry.get_post_transforms()}  # noqa: SLF001


class IndexMaps:
    """The search indexer's maps, to extend them before the index is written.

    Sphinx 9.0.4: :class:`sphinx.search.IndexBuilder` keeps the words of
    each page in ``_title_mapping`` and ``_mapping``, page titles in
    ``_titles`` and index entries in ``_index_entries``, with no public way
    to add to them; ``html-collect-pages`` runs after every page was fed to
    the indexer and before the index is dumped, the one moment to do it.
    """

    def __init__(self, indexer: Any) -> None:
        self._indexer = indexer

    @property
    def titles(self) -> dict[str, str]:
        return self._indexer._titles  # noqa: SLF001

    @property
    def title_words(self) -> dict[str, set[str]]:
        return self._indexer._title_mapping  # noqa: SLF001

    @property
    def body_words(self) -> dict[str, set[str]]:
        return self._indexer._mapping  # noqa: SLF001

    @property
    def index_entries(self) -> dict[str, list[tuple[str, str, str]]]:
        return self._indexer._index_entries  # noqa: SLF001


@contextmanager
def sections_under(renderer: Any, node: nodes.Element) -> Iterator[None]:
    """Headings rendered by MyST become sub-sections of *node*.

    MyST-Parser 5.2.0: the renderer places a heading by looking up its
    level in ``_level_to_section``; ``nested_render_text`` offers a
    ``temp_root_node`` that resets the map only for headings at the document
    root, while record text is rendered inside a section of the page.
    """
    saved = renderer._level_to_section  # noqa: SLF001
    renderer._level_to_section = {0: node}  # noqa: SLF001
    try:
        yield
    finally:
        renderer._level_to_section = saved  # noqa: SLF001
