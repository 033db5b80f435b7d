/* The catalogue's search engine: a reader's question against Sphinx's index.
 *
 * Readers type questions ("comment obtenir le quotient familial d'un
 * usager"), not titles.  Sphinx's own search wants every word in a page;
 * this engine adds up, for each page, the words of the query it matches,
 * and scales the sum by the share of the query the page matches (each word
 * counted by its rarity, so that missing a common word costs little):
 * each counts by where it is (a word of the page's title, tagline, keywords
 * or provider three times a word of its text) and by how rare it is in the
 * site (a word every page holds, such as "numéro", counts little), with a
 * bonus when the page's title holds every word or one of its keywords is in
 * the query.  A page that matches more of the words thus comes first, and no
 * page is left out because it misses one.  Before matching, each word is
 *
 * - folded (accents and case removed, catalogue-fold.js) and stemmed with
 *   Sphinx's French stemmer, as the index was built (and looked for as
 *   typed too: records in another language are indexed unstemmed);
 * - dropped if it is a stop word or a word of a question ("le", "des",
 *   "comment", "api"), unless the query has nothing else;
 * - widened to its declared synonyms and acronyms (conf.py,
 *   catalogue_synonyms), which count a little less than the word itself;
 * - forgiven one typo (one letter added, removed or changed) when it is at
 *   least five letters long and the index has no such word.
 *
 * No DOM here: catalogue-search.js (the search page) and catalogue-suggest.js
 * (the box of the home page) show the results.  The data come from Sphinx's
 * searchindex.js, _static/catalogue-search-data.js (records) and
 * _static/catalogue-words.js (stop words, synonyms), written by
 * _ext/catalogue/exports/search_data.py.
 */
"use strict";

(() => {
  const fold = window.catalogueFold;
  const ELISIONS = /\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]/g;
  const TITLE = 15;
  const TEXT = 5;
  const SYNONYM = 0.8;
  const TYPO = 0.5;

  const docsOf = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

  // Whether two words differ by at most one letter added, removed or changed.
  const withinOne = (a, b) => {
    if (Math.abs(a.length - b.length) > 1) return false;
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
    if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
    if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
    return a.slice(i) === b.slice(i + 1);
  };

  const create = (index, data, vocabulary = window.catalogueWords) => {
    const stemmer = new window.Stemmer();
    const stems = new Map();
    const stem = (word) => {
      if (!stems.has(word)) stems.set(word, stemmer.stemWord(word));
      return stems.get(word);
    };
    const stop = new Set(vocabulary.stopwords);
    const synonyms = new Map();
    // A group is found by any of its words, as typed or by its stem
    // ("trains" finds the group of "train").
    for (const group of vocabulary.synonyms) {
      for (const word of group) {
        synonyms.set(word, group);
        if (!word.includes(" ")) synonyms.set(stem(word), group);
      }
    }
    const { terms, titleterms, docnames, titles } = index;
    const byLength = new Map();
    for (const key of new Set([...Object.keys(terms), ...Object.keys(titleterms)])) {
      if (!byLength.has(key.length)) byLength.set(key.length, []);
      byLength.get(key.length).push(key);
    }
    const documents = docnames.length;
    const titleStems = titles.map((title) => new Set(fold(title).split(/[^a-z0-9]+/).filter(Boolean).map((w) => stem(w))));
    // The words of a title that name something ("API Particulier" → particulier).
    const titleCores = titles.map((title) =>
      [...new Set(fold(title).replace(ELISIONS, " ").split(/[^a-z0-9]+/).filter((w) => w && !stop.has(w)).map((w) => stem(w)))].sort().join(" "),
    );
    // Keywords and acronyms (index entries "mot-clé; titre", folded): a
    // query that holds a whole keyword names that API.
    const phrases = new Map();
    for (const [entry, places] of Object.entries(index.indexentries || {})) {
      const phrase = entry.split(";")[0].split(/[^a-z0-9]+/).filter(Boolean);
      if (!phrase.length) continue;
      if (!phrases.has(phrase[0])) phrases.set(phrase[0], []);
      phrases.get(phrase[0]).push([phrase, places.map((place) => place[0])]);
    }

    const words = (query) => {
      const all = fold(query).replace(ELISIONS, " ").split(/[^a-z0-9]+/).filter((w) => w.length > 1);
      const kept = all.filter((w) => !stop.has(w));
      return [...new Set(kept.length ? kept : all)];
    };

    const near = (key) => {
      const found = [];
      for (const length of [key.length - 1, key.length, key.length + 1]) {
        for (const other of byLength.get(length) || []) if (other !== key && withinOne(key, other)) found.push(other);
      }
      return found;
    };

    // Best weight of each page for one variant (one word or a phrase);
    // returns how rare the variant is in the site (0: no page holds it).
    const match = (variant, weight, best, typos) => {
      let rarest = 0;
      // The index holds no stop word: a phrase ("transport en commun") is
      // looked for by its other words.
      const all = variant.replace(ELISIONS, " ").split(/[^a-z0-9]+/).filter(Boolean);
      const named = all.filter((word) => !stop.has(word));
      const parts = named.length ? named : all;
      let pages = null;
      for (const word of parts) {
        const found = new Map();
        const part = stem(word);
        // A record in another language is indexed unstemmed: look for the
        // word as typed too.
        let keys = part === word ? [part] : [part, word];
        const known = keys.some((key) => terms[key] !== undefined || titleterms[key] !== undefined);
        if (typos && !known && part.length >= 5) {
          keys = near(part);
          weight *= TYPO;
        }
        for (const key of keys) {
          const inTitles = docsOf(titleterms[key]);
          const inTexts = docsOf(terms[key]);
          // Rare words weigh more: log(1 + pages / pages holding the word).
          const rarity = Math.log(1 + documents / Math.max(1, inTitles.length + inTexts.length));
          if (inTitles.length + inTexts.length) rarest = Math.max(rarest, rarity);
          for (const doc of inTitles) found.set(doc, Math.max(found.get(doc) || 0, TITLE * rarity));
          for (const doc of inTexts) found.set(doc, Math.max(found.get(doc) || 0, TEXT * rarity));
        }
        if (pages === null) pages = found;
        else for (const doc of [...pages.keys()]) if (!found.has(doc)) pages.delete(doc);
      }
      for (const [doc, score] of pages || []) best.set(doc, Math.max(best.get(doc) || 0, score * weight));
      return rarest;
    };

    const search = (query) => {
      const asked = words(query);
      const scores = new Map();
      // How much of the question each word is: its rarity in the site.  A
      // page is scaled by the share of that total it matches, so missing a
      // common word ("numéro", "vérifier") costs little, and a word no page
      // holds costs nothing.
      let total = 0;
      for (const word of asked) {
        const best = new Map();
        let rarity = match(word, 1, best, parts(word) === 1);
        const group = synonyms.get(word) || synonyms.get(stem(word)) || [];
        for (const other of group) if (other !== word) rarity = Math.max(rarity, match(other, SYNONYM, best, false));
        total += rarity;
        // The page's own title naming the word, or one of its synonyms
        // ("API Sirene" for "siret"), says more than its tagline or keywords.
        const own = stem(word);
        const others = group.filter((other) => other !== word && !other.includes(" ")).map((other) => stem(other));
        for (const [doc, score] of best) {
          const entry = scores.get(doc) || { matched: 0, covered: 0, score: 0 };
          entry.matched += 1;
          entry.covered += rarity;
          entry.score += score;
          const title = titleStems[doc];
          if (title.has(own)) entry.score += TITLE * rarity;
          else if (others.some((other) => title.has(other))) entry.score += TITLE * rarity * SYNONYM;
          scores.set(doc, entry);
        }
      }
      const asking = new Set(asked);
      const named = new Map();
      for (const word of asked) {
        for (const [phrase, docs] of phrases.get(word) || []) {
          if (!phrase.every((part) => asking.has(part))) continue;
          for (const doc of docs) named.set(doc, Math.max(named.get(doc) || 0, TITLE * phrase.length));
        }
      }
      const askedCore = [...new Set(asked.map((word) => stem(word)))].sort().join(" ");
      const results = [];
      for (const [doc, { matched, covered, score }] of scores) {
        const docname = docnames[doc];
        // A page whose own title holds every word is named by the query:
        // that outweighs a keyword of another page that holds them too.
        let inTitle = asked.every((word) => titleStems[doc].has(stem(word))) ? TITLE * (asked.length + 1) : 0;
        // ... and most of all when it holds nothing else ("api particulier").
        if (inTitle && titleCores[doc] === askedCore) inTitle += TITLE;
        const record = data.records[docname];
        results.push({
          doc,
          docname,
          title: titles[doc],
          matched,
          // The more of the question a page answers, the higher it ranks.
          score: Math.round((score + inTitle + (named.get(doc) || 0)) * (total ? covered / total : 1) * 10) / 10,
          kind: record ? record[0] : "page",
          record,
        });
      }
      results.sort(
        (a, b) => b.score - a.score || b.matched - a.matched || a.title.localeCompare(b.title, "fr"),
      );
      return { words: asked, results };
    };

    const parts = (word) => word.split(/[^a-z0-9]+/).filter(Boolean).length;

    return { search, words };
  };

  window.catalogueEngine = { create, withinOne };
})();
