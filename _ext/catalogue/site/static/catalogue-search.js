/* Search the catalogue the way readers type: accents and case ignored.
 *
 * Wraps Sphinx's own search (searchtools.js) rather than replacing it; the
 * index side is in _ext/catalogue/search.py:
 * - the query is folded (accents removed) before Sphinx parses it: the index
 *   holds folded stems and folded index entries;
 * - page and section titles are compared without accents (Sphinx compares
 *   them as typed);
 * - each page appears once in the results; its score adds up the best score
 *   of each way it matched (title, index entry, words), index entries
 *   weighing a fifth of Sphinx's 100 points, so that an API whose title,
 *   tagline or keywords match outranks a page that only mentions the word.
 */
"use strict";

(() => {
  const fold = window.catalogueFold;  // catalogue-fold.js

  // Same order as Sphinx: ascending, the best result last (shown first).
  const byScoreThenName = (a, b) => {
    if (a[4] === b[4]) {
      const left = a[1].toLowerCase();
      const right = b[1].toLowerCase();
      if (left === right) return 0;
      return left > right ? -1 : 1;
    }
    return a[4] > b[4] ? 1 : -1;
  };

  const titleMatches = (query) => {
    const { docnames, titles, alltitles, filenames } = Search._index;
    const results = [];
    for (const [title, found] of Object.entries(alltitles)) {
      if (!fold(title).trim().includes(query) || query.length < title.length / 2) continue;
      for (const [file, id] of found) {
        const score =
          Math.round((Scorer.title * query.length) / title.length) +
          (titles[file] === title ? 1 : 0);
        results.push([
          docnames[file],
          titles[file] !== title ? `${titles[file]} > ${title}` : title,
          id !== null ? "#" + id : "",
          null,
          score,
          filenames[file],
          SearchResultKind.title,
        ]);
      }
    }
    return results;
  };

  const INDEX_WEIGHT = 1 / 5;

  const onePerPage = (results) => {
    const pages = new Map();
    for (const result of results) {
      const kind = result[6];
      const score = kind === SearchResultKind.index ? Math.round(result[4] * INDEX_WEIGHT) : result[4];
      let page = pages.get(result[0]);
      if (page === undefined) {
        page = { best: null, bestScore: -Infinity, byKind: new Map() };
        pages.set(result[0], page);
      }
      // Shown: the best hit that is not an object (an object's name is an
      // identifier, not the page's title).
      if (kind !== SearchResultKind.object && score > page.bestScore) {
        page.best = result;
        page.bestScore = score;
      }
      page.byKind.set(kind, Math.max(page.byKind.get(kind) ?? -Infinity, score));
    }
    const { docnames, titles } = Search._index;
    return [...pages.entries()].map(([docname, { best, byKind }]) => {
      let combined;
      if (best === null) {
        const file = docnames.indexOf(docname);
        const any = results.find((result) => result[0] === docname);
        combined = [docname, titles[file], "", null, 0, any[5], SearchResultKind.title];
      } else {
        combined = best.slice();
      }
      combined[4] = [...byKind.values()].reduce((total, score) => total + score, 0);
      return combined;
    });
  };

  const install = () => {
    if (typeof Search === "undefined" || Search.catalogueFolding) return;
    Search.catalogueFolding = true;
    const parse = Search._parseQuery;
    const perform = Search._performSearch;
    Search._parseQuery = (query) => parse(fold(query));
    Search._performSearch = (query, ...rest) => {
      const results = perform(query, ...rest);
      const extra = titleMatches(query.toLowerCase().trim());
      if (Scorer.score) extra.forEach((item) => (item[4] = Scorer.score(item)));
      return onePerPage(results.concat(extra)).sort(byScoreThenName);
    };
  };

  // Registered before searchtools.js runs Search.init on the same event.
  document.addEventListener("DOMContentLoaded", install);
})();
