/* The catalogue's folding of text: accents, ligatures and case ignored.
 *
 * The same as catalogue.records.fold in Python, which folds the search index
 * and sorts the tables: lower case, compatibility decomposition (NFKD),
 * combining marks removed, "œ", "æ", "ß" spelt out.  Shared by the search
 * (catalogue-search.js and the stemmer of language_data.js) and the
 * catalogue's filters (catalogue-filters.js); tests/browser/test_search.py
 * checks it against the Python function.
 */
"use strict";

window.catalogueFold = (text) =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{Mn}/gu, "")
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .toLowerCase();
