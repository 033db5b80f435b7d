"""Sphinx's own search, tuned for readers looking for an API.

Readers type "donnees", "etablissement", "dgfip": without accents, in any
case, by acronym or keyword.  This module keeps Sphinx's search (its index,
its ``searchtools.js``, no external service) and extends it in three places:

1. **Language** (:class:`FrenchSearch`): words are folded (accents and case
   removed, ``œ`` → ``oe``) before the French Snowball stemmer, in the index
   (Python, :func:`catalogue.records.french.fold`) and in the query (the same
   stemmer in JavaScript, wrapped the same way with
   ``static/catalogue-fold.js``), so "donnees" and "données" meet.
2. **Index** (:func:`boost_records`): an API page's tagline, keywords, themes
   and its provider's name and acronym count as *title* words of the page,
   so an API that matches on them ranks above a page that merely mentions
   the word (Sphinx scores a title word 15, a body word 5); the index
   entries (keywords, acronyms) are stored folded.
3. **Query** (``static/catalogue-search.js``): the query is folded before
   Sphinx parses it, page titles are compared without accents, and each
   page appears once in the results, with its best score.

On incremental builds, the index entries of pages not re-written are read
back from the previous index (Sphinx 9.0 forgets them: see
:func:`restore_index_entries`).

Tables that list records are marked ``no-search`` (see
:mod:`catalogue.pages.tables`): the catalogue page does not match every query.
"""

from __future__ import annotations

import json
from pathlib import Path

import sphinx.search
from sphinx.application import Sphinx
from sphinx.search.fr import SearchFrench

from .. import private
from ..reading.domain import catalogue_domain
from ..records.catalogue import Catalogue
from ..records.french import fold

_SPHINX_JS = Path(sphinx.search.__file__).parent / "minified-js"

#: Wraps Sphinx's French stemmer so that it folds words first, like
#: :meth:`FrenchSearch.stem`.
_FOLDING_STEMMER = """
var Stemmer = function () {
  const french = new FrenchStemmer();
  // catalogue-fold.js, loaded on every page before the search runs.
  this.stemWord = (word) => french.stemWord(window.catalogueFold(word));
};
window.Stemmer = Stemmer;
"""


class FrenchSearch(SearchFrench):
    """French search with accents and case ignored."""

    lang = "fr"
    language_name = "French"
    # The stemmer is shipped in js_stemmer_code (with its folding wrapper),
    # not as Sphinx's raw file.
    js_stemmer_rawcode = ""

    @property
    def js_stemmer_code(self) -> str:  # type: ignore[override]
        parts = [
            (_SPHINX_JS / "base-stemmer.js").read_text(encoding="utf-8"),
            (_SPHINX_JS / "french-stemmer.js").read_text(encoding="utf-8"),
            _FOLDING_STEMMER,
        ]
        return "\n".join(parts)

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        # Sphinx memoises stems within one page; the same words recur on
        # every page of a catalogue, so remember them for the whole build.
        self._stems: dict[str, str] = {}
        #: Whether the page being indexed is in French: a record in another
        #: language (``lang: en``) is indexed folded but not stemmed, since
        #: the French stemmer mangles English words ("services" → "servic",
        #: "data" → "dat").  Set by :func:`note_written` just before Sphinx
        #: feeds the page to the index.
        self.french = True

    def stem(self, word: str) -> str:
        if not self.french:
            return fold(word)
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self.stemmer.stemWord(fold(word))
        return stem


def record_title_words(catalogue: Catalogue, docname: str) -> list[str]:
    """Words that count as title words for a record's page."""
    record = catalogue.record_at(docname)
    if record is None or record.kind != "api":
        return []
    texts = [record.tagline or "", *record.keywords, *record.themes]
    producer = catalogue.producer_of(record)
    if producer is not None:
        texts += [producer.name, producer.acronym or ""]
    return [text for text in texts if text]


def restore_index_entries(app: Sphinx, maps: private.IndexMaps, written: set[str]) -> None:
    """Put back the index entries of the pages not written in this build.

    Sphinx 9.0 reloads the previous search index on an incremental build
    but not its index entries (``IndexBuilder.load`` skips them), so the
    keywords and acronyms of every page not re-written would vanish from
    the search.  They are read back from the index still on disk.
    """
    path = Path(app.outdir) / app.builder.searchindex_filename
    try:
        text = path.read_text(encoding="utf-8")
        frozen = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    except (OSError, ValueError):
        return
    docnames = frozen.get("docnames", [])
    restored: dict[str, set[tuple[str, str, str]]] = {}
    for entry, places in frozen.get("indexentries", {}).items():
        for index, target, main in places:
            docname = docnames[index]
            if docname not in written and docname in app.env.all_docs:
                restored.setdefault(docname, set()).add((entry, target, "main" if main else ""))
    for docname, entries in restored.items():
        if docname not in maps.index_entries:
            maps.index_entries[docname] = sorted(entries)


def record_language(catalogue: Catalogue, docname: str) -> str:
    record = catalogue.record_at(docname)
    return (getattr(record, "lang", None) or "fr") if record is not None else "fr"


def note_written(app: Sphinx, doctree, docname: str) -> None:
    """``doctree-resolved``: remember the pages fed to the index in this
    build, and tell the index the language of the page it is about to read.

    The HTML builder resolves a page and feeds it to the index right after
    (serial and parallel writing alike), so the language set here is the
    page's own when :meth:`FrenchSearch.stem` runs.
    """
    domain = catalogue_domain(app.env)
    domain.written.add(docname)
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None and isinstance(indexer.lang, FrenchSearch):
        indexer.lang.french = record_language(domain.catalogue, docname) == "fr"


def boost_records(app: Sphinx) -> list:
    """``html-collect-pages``: extend the search index before Sphinx writes it.

    Runs after every page was fed to the index and before the index is
    dumped, for the pages written in this build only: Sphinx reloads the
    previous index, with the boosts of the other pages, and prunes a page
    from it before feeding it again.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    if isinstance(indexer.lang, FrenchSearch):
        indexer.lang.french = True
    maps = private.IndexMaps(indexer)
    domain = catalogue_domain(app.env)
    restore_index_entries(app, maps, domain.written)
    catalogue: Catalogue = domain.catalogue
    lang = indexer.lang
    for api in catalogue.sorted_apis:
        docname = api.docname
        if docname not in domain.written or docname not in maps.titles:
            continue
        french = (api.lang or "fr") == "fr"
        for text in record_title_words(catalogue, docname):
            for word in lang.split(text):
                stemmed = (lang.stem(word) if french else fold(word)).lower()
                if not lang.word_filter(stemmed):
                    continue
                maps.title_words.setdefault(stemmed, set()).add(docname)
                # Sphinx keeps a word of a page in titles or in terms, not both.
                maps.body_words.get(stemmed, set()).discard(docname)
    for docname in domain.written & maps.index_entries.keys():
        entries = maps.index_entries[docname]
        maps.index_entries[docname] = sorted({(fold(e), i, m) for e, i, m in entries})
    return []
