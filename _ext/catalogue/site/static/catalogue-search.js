/* The search page: results of catalogue-engine.js, APIs first, other pages apart.
 *
 * Sphinx's searchtools.js still loads the index and reads ?q=; this script
 * takes over what it shows (Search.performSearch and Search.query): the APIs
 * that match, ranked by how many of the query's words they match, each with
 * its provider, access mode and tagline, then the other pages (providers,
 * themes, the guide, the glossary).  Registered before searchtools.js runs
 * Search.init on DOMContentLoaded.
 */
"use strict";

(() => {
  let engine = null;

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const link = (result) => {
    const { docnames } = Search._index;
    const a = element("a", "", result.title);
    const base = document.documentElement.dataset.content_root || "";
    const builder = DOCUMENTATION_OPTIONS.BUILDER;
    const suffix = DOCUMENTATION_OPTIONS.FILE_SUFFIX;
    a.href = builder === "dirhtml" ? `${base}${docnames[result.doc]}/` : `${base}${docnames[result.doc]}${suffix}`;
    a.dataset.score = String(result.score);
    a.dataset.matched = String(result.matched);
    return a;
  };

  const apiItem = (result) => {
    const [, , provider, access, accessLabel, tagline, lang] = result.record;
    const li = element("li", "catalogue-result");
    const head = element("p", "catalogue-result-head");
    const a = link(result);
    if (lang && lang !== "fr") a.lang = lang;
    head.append(a);
    if (accessLabel) head.append(" ", element("span", `catalogue-badge catalogue-access-${access}`, accessLabel));
    if (provider) head.append(" ", element("span", "catalogue-result-provider", provider));
    li.append(head);
    if (tagline) {
      const p = element("p", "catalogue-result-tagline", tagline);
      if (lang && lang !== "fr") p.lang = lang;
      li.append(p);
    }
    return li;
  };

  const KINDS = { provider: "Fournisseur", theme: "Thème" };

  const pageItem = (result) => {
    const li = element("li", "catalogue-result");
    const head = element("p", "catalogue-result-head");
    head.append(link(result));
    if (KINDS[result.kind]) head.append(" ", element("span", "catalogue-result-kind", KINDS[result.kind]));
    li.append(head);
    return li;
  };

  const plural = (count, one, many) => `${count} ${count > 1 ? many : one}`;

  const render = (query) => {
    if (engine === null) engine = window.catalogueEngine.create(Search._index, window.catalogueSearchData);
    const { results } = engine.search(query);
    const apis = results.filter((r) => r.kind === "api");
    const others = results.filter((r) => r.kind !== "api");
    Search.stopPulse();
    Search.title.textContent = "Résultats de la recherche";
    if (!results.length) {
      Search.status.textContent =
        `Aucune page ne correspond à «\u00a0${query}\u00a0». Essayez d’autres mots ou un sigle, ` +
        "ou parcourez le catalogue par thème.";
    } else {
      Search.status.textContent = `${plural(apis.length, "API", "API")} et ${plural(others.length, "autre page", "autres pages")} pour «\u00a0${query}\u00a0».`;
    }
    const out = Search.output;
    out.replaceChildren();
    out.hidden = true;
    const box = out.parentElement;
    box.querySelectorAll(".catalogue-results-group").forEach((node) => node.remove());
    for (const [title, list, item] of [
      ["API", apis, apiItem],
      ["Autres pages", others, pageItem],
    ]) {
      if (!list.length) continue;
      const group = element("section", "catalogue-results-group");
      group.append(element("h3", "", `${title} (${list.length})`));
      const ul = element("ul", "search catalogue-results");
      ul.setAttribute("role", "list");
      list.forEach((result) => ul.append(item(result)));
      group.append(ul);
      box.append(group);
    }
  };

  const install = () => {
    if (typeof Search === "undefined" || Search.catalogueEngine) return;
    Search.catalogueEngine = true;
    const perform = Search.performSearch;
    Search.performSearch = (query) => {
      document.querySelectorAll("#search-results > *").forEach((node) => node.remove());
      perform(query);
    };
    Search.query = render;
  };

  document.addEventListener("DOMContentLoaded", install);
})();
