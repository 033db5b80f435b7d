/* Filters for the catalogue table: progressive enhancement, no framework,
 * no network.
 *
 * Without JavaScript the complete table is there.  With it, a form above
 * each table marked "catalogue-filterable" filters its rows by theme, access
 * mode, provider, who may use the API (data.gouv.fr's three publics; an API
 * open to that public under conditions is marked so), status and words (title, description, provider's name and
 * acronym, themes, keywords; accents, case and little words such as "de" or
 * "api" ignored); each choice shows how many APIs it would leave, and a
 * choice that would leave none is greyed out; column headers sort; the
 * address keeps the view (?theme=sante&access=open&q=adresse&sort=-last_update)
 * so it can be shared, and takes a theme or provider by its name too
 * (?theme=Santé).  On a phone the form folds behind one button that says
 * which filters are on.  When nothing matches, the full-text search is
 * offered.  Rows carry their facets as data-* attributes (see
 * _ext/catalogue/pages/tables.py).
 */
"use strict";

(() => {
  const fold = window.catalogueFold;  // catalogue-fold.js

  const collator = new Intl.Collator("fr", { sensitivity: "base", numeric: true });

  const list = (text, separator) => (text ? text.split(separator) : []);

  // Each facet: its URL parameter, its label, and how to read a row.
  const FACETS = [
    {
      name: "theme",
      label: "Thème",
      all: "Tous les thèmes",
      read: (row) => [list(row.dataset.themes, " "), list(row.dataset.themeLabels, "|")],
    },
    {
      name: "access",
      label: "Mode d’accès",
      all: "Tous les modes d’accès",
      order: ["open", "account", "restricted", "unknown"],
      read: (row) => [[row.dataset.access], [row.dataset.accessLabel]],
    },
    {
      name: "provider",
      label: "Fournisseur",
      all: "Tous les fournisseurs",
      read: (row) => (row.dataset.provider ? [[row.dataset.provider], [row.dataset.providerLabel]] : [[], []]),
    },
    {
      // data.gouv.fr's three publics; a row is listed for a public that may
      // use the API (yes, or under condition: then marked as such).  See
      // _ext/catalogue/records/audience.py for how the answers are decided.
      name: "audience",
      label: "Qui peut y accéder\u202f?",
      all: "Tous les publics",
      order: ["local_authority_and_administration", "company_and_association", "private"],
      names: {
        local_authority_and_administration: "Une collectivité ou une administration",
        company_and_association: "Une entreprise ou une association",
        private: "Un particulier",
      },
      read(row) {
        const admitted = list(row.dataset.audiences, " ")
          .map((pair) => pair.split(":"))
          .filter(([, answer]) => answer === "yes" || answer === "under_condition")
          .map(([who]) => who);
        return [admitted, admitted.map((who) => this.names[who])];
      },
    },
    {
      name: "status",
      label: "Statut",
      all: "Tous les statuts",
      order: ["stable", "beta", "deprecated", "retired"],
      read: (row) => [[row.dataset.status], [row.dataset.statusLabel]],
    },
  ];

  let counter = 0;

  const setup = (table) => {
    counter += 1;
    const prefix = `catalogue-filter-${counter}`;
    const rows = [...table.tBodies[0].rows];
    const items = rows.map((row, index) => {
      const facets = {};
      const labels = {};
      for (const facet of FACETS) {
        const [values, names] = facet.read(row);
        facets[facet.name] = values;
        labels[facet.name] = names;
      }
      const text = fold(
        `${row.textContent} ${row.dataset.keywords || ""} ${(row.dataset.themeLabels || "").replace(/\|/g, " ")}`,
      );
      return { row, index, facets, labels, text };
    });

    const state = { q: "", sort: "" };
    FACETS.forEach((facet) => (state[facet.name] = ""));
    const params = new URLSearchParams(window.location.search);
    Object.keys(state).forEach((key) => {
      if (params.has(key)) state[key] = params.get(key);
    });
    const stop = new Set((window.catalogueWords || { stopwords: [] }).stopwords);

    // -- the form ----------------------------------------------------------
    const form = document.createElement("form");
    form.className = "catalogue-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filtrer le catalogue");
    form.addEventListener("submit", (event) => event.preventDefault());

    const field = (text, control) => {
      const wrapper = document.createElement("div");
      wrapper.className = "catalogue-filter";
      const label = document.createElement("label");
      label.htmlFor = control.id;
      label.textContent = text;
      wrapper.append(label, control);
      return wrapper;
    };

    const words = document.createElement("input");
    words.type = "search";
    words.id = `${prefix}-q`;
    words.name = "q";
    words.autocomplete = "off";
    words.value = state.q;
    form.append(field("Mots (nom, description, fournisseur, mots-clés)", words));

    const selects = {};
    for (const facet of FACETS) {
      const known = new Map();
      for (const item of items) {
        item.facets[facet.name].forEach((value, i) => {
          if (value && !known.has(value)) known.set(value, item.labels[facet.name][i] || value);
        });
      }
      const entries = [...known];
      entries.sort((a, b) =>
        facet.order
          ? facet.order.indexOf(a[0]) - facet.order.indexOf(b[0])
          : collator.compare(a[1], b[1]),
      );
      const select = document.createElement("select");
      select.id = `${prefix}-${facet.name}`;
      select.name = facet.name;
      select.append(new Option(facet.all, ""));
      for (const [value, label] of entries) {
        const option = new Option(label, value);
        option.dataset.label = label;
        select.append(option);
      }
      // The address may name a theme or a provider rather than give its id.
      const wanted = fold(state[facet.name]);
      const chosen = entries.find(([value, label]) => value === state[facet.name] || fold(label) === wanted || fold(value) === wanted);
      state[facet.name] = chosen ? chosen[0] : "";
      select.value = state[facet.name];
      selects[facet.name] = select;
      form.append(field(facet.label, select));
    }

    const reset = document.createElement("button");
    reset.type = "button";
    reset.className = "catalogue-filters-reset";
    reset.textContent = "Effacer les filtres";
    form.append(reset);

    const count = document.createElement("p");
    count.className = "catalogue-count";
    count.setAttribute("role", "status");
    const empty = document.createElement("p");
    empty.className = "catalogue-empty";
    empty.textContent = "Aucune API ne correspond à ces filtres.";
    empty.hidden = true;

    const panel = document.createElement("details");
    panel.className = "catalogue-filters-panel";
    const summary = document.createElement("summary");
    const summaryLabel = document.createElement("span");
    summaryLabel.textContent = "Filtrer le catalogue";
    const active = document.createElement("span");
    active.className = "catalogue-active-filters";
    summary.append(summaryLabel, active);
    panel.append(summary, form);
    // Open on a wide screen; on a phone, one button that says what is on.
    panel.open = window.matchMedia("(min-width: 46em)").matches;

    const wrapper = table.closest(".catalogue-table-wrapper") || table;
    wrapper.before(panel, count);
    wrapper.after(empty);

    // -- sorting ------------------------------------------------------------
    const headers = [...table.tHead.rows[0].cells];
    const columnKey = (cell) =>
      [...cell.classList].find((name) => name.startsWith("catalogue-column-"))?.slice(17) || "";
    const keys = headers.map(columnKey);
    const sortButtons = [];
    headers.forEach((cell, column) => {
      const key = keys[column];
      if (!key) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "catalogue-sort";
      button.textContent = cell.textContent.trim();
      button.addEventListener("click", () => {
        state.sort = state.sort === key ? `-${key}` : key;
        apply();
      });
      cell.replaceChildren(button);
      sortButtons.push([cell, key]);
    });

    // A column sorts by its text; the date of last update sorts by the
    // row's data-updated, shown as a column or not (sort=-last_update).
    const sortValue = (item, key) =>
      key === "last_update"
        ? item.row.dataset.updated || ""
        : item.row.cells[keys.indexOf(key)].textContent.trim();

    let shownOrder = items;  // the rows' order in the page
    const sortRows = () => {
      const descending = state.sort.startsWith("-");
      const key = state.sort.replace(/^-/, "");
      const sortable = key === "last_update" || keys.includes(key);
      const ordered = items.slice();
      if (sortable) {
        ordered.sort((a, b) => {
          // Names keep the build's French order (records/french.py sort_key),
          // the order the table arrives in: one order, computed once.
          const order = key === "title" ? a.index - b.index : collator.compare(sortValue(a, key), sortValue(b, key));
          return (descending ? -order : order) || a.index - b.index;
        });
      } else {
        state.sort = "";
      }
      // Rows move only when the order changes (a filter keeps it), and all
      // at once: moved one by one from their own body, 10,000 rows took
      // Chromium 23 s (bench/browser.py, "un filtre appliqué").
      if (ordered.some((item, position) => item !== shownOrder[position])) {
        const body = table.tBodies[0];
        body.replaceChildren();
        const rows = document.createDocumentFragment();
        for (const item of ordered) rows.appendChild(item.row);
        body.append(rows);
        shownOrder = ordered;
      }
      for (const [cell, cellKey] of sortButtons) {
        if (sortable && cellKey === key) {
          cell.setAttribute("aria-sort", descending ? "descending" : "ascending");
        } else {
          cell.removeAttribute("aria-sort");
        }
      }
    };

    // -- filtering ----------------------------------------------------------
    // Words of the query that name something (not "de", "api"...).
    const queryWords = () => {
      const all = fold(state.q).split(/[^a-z0-9]+/).filter(Boolean);
      const kept = all.filter((word) => !stop.has(word));
      return kept.length ? kept : all;
    };

    const matches = (item, except, wanted) => {
      if (wanted.length && !wanted.every((word) => item.text.includes(word))) return false;
      return FACETS.every(
        (facet) =>
          facet.name === except ||
          !state[facet.name] ||
          item.facets[facet.name].includes(state[facet.name]),
      );
    };

    // "sous conditions", beside the name of an API that the chosen public
    // may use only under conditions.
    const conditional = (item) =>
      state.audience && list(item.row.dataset.audiences, " ").includes(`${state.audience}:under_condition`);
    const markCondition = (item) => {
      let mark = item.row.querySelector(".catalogue-condition");
      if (!conditional(item)) {
        if (mark) mark.hidden = true;
        return;
      }
      if (!mark) {
        mark = document.createElement("span");
        mark.className = "catalogue-condition catalogue-badge catalogue-eligible-under_condition";
        mark.textContent = "sous conditions";
        item.row.cells[0].append(" ", mark);
      }
      mark.hidden = false;
    };

    const apply = () => {
      sortRows();
      const wanted = queryWords();
      let shown = 0;
      for (const item of items) {
        item.row.hidden = !matches(item, null, wanted);
        if (!item.row.hidden) shown += 1;
        markCondition(item);
      }
      let parity = 0;
      for (const row of table.tBodies[0].rows) {
        if (row.hidden) continue;
        parity += 1;
        row.classList.toggle("row-odd", parity % 2 === 1);
        row.classList.toggle("row-even", parity % 2 === 0);
      }
      // Counts: what each choice would leave, the other filters applied.
      for (const facet of FACETS) {
        const counts = new Map();
        let total = 0;
        for (const item of items) {
          if (!matches(item, facet.name, wanted)) continue;
          total += 1;
          item.facets[facet.name].forEach((value) => counts.set(value, (counts.get(value) || 0) + 1));
        }
        for (const option of selects[facet.name].options) {
          const n = option.value === "" ? total : counts.get(option.value) || 0;
          option.textContent = option.value === "" ? `${facet.all} (${n})` : `${option.dataset.label} (${n})`;
          // A choice that would leave nothing is greyed out (unless chosen).
          option.disabled = option.value !== "" && n === 0 && option.value !== state[facet.name];
        }
      }
      const on = FACETS.filter((facet) => state[facet.name]).map(
        (facet) => `${facet.label}\u202f: ${selects[facet.name].selectedOptions[0].dataset.label}`,
      );
      if (state.q) on.unshift(`«\u00a0${state.q}\u00a0»`);
      active.textContent = on.length ? `(${on.join(", ")})` : "";
      count.textContent =
        shown === items.length
          ? `${shown} API dans le catalogue`
          : `${shown} API affichée${shown > 1 ? "s" : ""} sur ${items.length}`;
      empty.hidden = shown !== 0;
      if (shown === 0) {
        const search = `${document.documentElement.dataset.content_root || ""}search.html`;
        empty.replaceChildren("Aucune API ne correspond à ces filtres. ");
        if (state.q) {
          const link = document.createElement("a");
          link.href = `${search}?q=${encodeURIComponent(state.q)}`;
          link.textContent = `Chercher «\u00a0${state.q}\u00a0» dans tout le site`;
          empty.append(link, ", ou effacez des filtres.");
        } else {
          empty.append("Effacez des filtres pour en voir davantage.");
        }
      }

      const url = new URLSearchParams(window.location.search);
      Object.entries(state).forEach(([key, value]) => (value ? url.set(key, value) : url.delete(key)));
      const query = url.toString();
      window.history.replaceState(null, "", `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`);
    };

    words.addEventListener("input", () => {
      state.q = words.value.trim();
      apply();
    });
    for (const facet of FACETS) {
      selects[facet.name].addEventListener("change", () => {
        state[facet.name] = selects[facet.name].value;
        apply();
      });
    }
    reset.addEventListener("click", () => {
      Object.keys(state).forEach((key) => (state[key] = ""));
      words.value = "";
      FACETS.forEach((facet) => (selects[facet.name].value = ""));
      apply();
      words.focus();
    });

    apply();
    // For the benchmark (bench/browser.py): when the filters first respond.
    performance.mark("catalogue-filters-ready");
  };

  document.querySelectorAll("table.catalogue-filterable").forEach(setup);
})();
