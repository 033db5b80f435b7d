/* Search as you type, in a form of the page (catalogue-search-box on the home page).
 *
 * The index and the stemmer are loaded the first time the reader uses the
 * field (they weigh more than the page); then each keystroke runs
 * catalogue-engine.js over them, in the browser, and lists the best APIs
 * with their access mode and provider.  Entrée sends the query to the search
 * page, which lists every result.  Without JavaScript the form still works:
 * it is a plain GET to the search page.
 */
"use strict";

(() => {
  const SHOWN = 6;

  const load = (url) =>
    new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });

  // searchindex.js calls Search.setIndex: outside the search page there is
  // no Search object, so a small one receives the index.
  const loadIndex = (url) =>
    new Promise((resolve, reject) => {
      if (window.Search && window.Search._index) {
        resolve(window.Search._index);
        return;
      }
      if (!window.Search) window.Search = {};
      window.Search.setIndex = (index) => {
        window.Search._index = index;
        resolve(index);
      };
      load(url).catch(reject);
    });

  const setup = (form) => {
    const input = form.querySelector('input[name="q"]');
    const panel = form.querySelector(".catalogue-suggestions");
    let engine = null;
    let loading = null;

    const prepare = () => {
      if (!loading) {
        loading = (window.Stemmer ? Promise.resolve() : load(form.dataset.language))
          .then(() => (window.catalogueSearchData ? null : load(form.dataset.data)))
          .then(() => loadIndex(form.dataset.index))
          .then((index) => {
            engine = window.catalogueEngine.create(index, window.catalogueSearchData);
          });
      }
      return loading;
    };

    const show = () => {
      const query = input.value.trim();
      panel.replaceChildren();
      if (!query || engine === null) return;
      const { results } = engine.search(query);
      const apis = results.filter((r) => r.kind === "api").slice(0, SHOWN);
      const status = document.createElement("p");
      status.className = "catalogue-suggestions-status";
      status.textContent = apis.length
        ? `${apis.length === 1 ? "Une API proposée" : `${apis.length} API proposées`}`
        : "Aucune API ne correspond\u202f; Entrée cherche dans tout le site.";
      panel.append(status);
      if (!apis.length) return;
      const list = document.createElement("ul");
      list.className = "catalogue-suggestions-list";
      const { docnames } = window.Search._index;
      for (const result of apis) {
        const [, title, provider, access, accessLabel, , lang] = result.record;
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = `${form.dataset.root}${docnames[result.doc]}.html`;
        link.textContent = title;
        if (lang && lang !== "fr") link.lang = lang;
        item.append(link);
        if (accessLabel) {
          const badge = document.createElement("span");
          badge.className = `catalogue-badge catalogue-access-${access}`;
          badge.textContent = accessLabel;
          item.append(" ", badge);
        }
        if (provider) {
          const who = document.createElement("span");
          who.className = "catalogue-result-provider";
          who.textContent = provider;
          item.append(" ", who);
        }
        list.append(item);
      }
      panel.append(list);
    };

    // Keyboard: ↓ from the field goes to the first suggestion, ↑ and ↓ move
    // between them (↑ from the first goes back to the field), Échap closes.
    input.addEventListener("keydown", (event) => {
      const first = panel.querySelector("a");
      if (event.key === "ArrowDown" && first) {
        event.preventDefault();
        first.focus();
      } else if (event.key === "Escape") {
        panel.replaceChildren();
      }
    });
    panel.addEventListener("keydown", (event) => {
      const links = [...panel.querySelectorAll("a")];
      const index = links.indexOf(document.activeElement);
      if (index < 0) return;
      if (event.key === "ArrowDown" && index < links.length - 1) {
        event.preventDefault();
        links[index + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (index > 0 ? links[index - 1] : input).focus();
      } else if (event.key === "Escape") {
        input.focus();
        panel.replaceChildren();
      }
    });

    input.addEventListener("focus", prepare, { once: true });
    input.addEventListener("input", () => {
      if (engine) show();
      else prepare().then(show);
    });
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form.catalogue-search-form[data-suggest]").forEach(setup);
  });
})();
