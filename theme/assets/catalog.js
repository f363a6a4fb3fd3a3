/* Catalogue scripts: quote list, Pagefind search and filters, header search.
 *
 * Progressive enhancement only: without JavaScript the catalogue shows its static
 * grid, the header form still goes to /products/?q=, and product pages keep their
 * WhatsApp and e-mail links. No dependencies and no third-party hosts. The trading
 * house's contact comes from <script id="cat-i18n"> (theme/main.html, from mkdocs.yml
 * extra.trading_house); interface text from window.catalogUi, set by the per-language
 * assets/catalog-ui.<lang>.<hash>.min.js the page loads before this file
 * (catalog/site/ui_script.py, from catalog/data/ui.yaml).
 */
(function () {
  "use strict";

  const cfgEl = document.getElementById("cat-i18n");
  if (!cfgEl) return;
  const cfg = JSON.parse(cfgEl.textContent);
  const root = new URL(String(cfg.base || ".").replace(/\/?$/, "/"), location.href);
  const PAGE_SIZE = 24;
  const FILTER_GROUPS = ["kind", "category", "province", "regency", "certification", "segment",
    "export_ready", "moq", "price"];
  const SORTS = { name: { name: "asc" }, moq: { moq: "asc" }, newest: { newest: "desc" } };
  // Every product page carries this word (catalog/templates/product.html): searching it
  // instead of Pagefind's filter-only search (null), which fetches every index chunk,
  // costs one chunk.
  const ALL_PRODUCTS = "__product__";

  function t(key, params) {
    const text = (window.catalogUi && window.catalogUi[key]) || key;
    return params ? text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? params[k] : m)) : text;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function formatNumber(n, lang) {
    return new Intl.NumberFormat(lang === "en" ? "en-US" : "id-ID").format(n);
  }

  /* -- quote list and compare set storage --------------------------------------------- */
  const KEY = root.pathname + "catalog.quote";
  const COMPARE_KEY = root.pathname + "catalog.compare";
  const COMPARE_MAX = 4;
  const PRODUCT_ID = /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/;
  const compareHref = () => new URL((cfg.lang === "en" ? "en/" : "") + "compare/", root);

  function positive(value) {
    const n = Number(value);
    return typeof value === "number" && Number.isFinite(n) && n > 0;
  }

  // The optional parts of a product's quote JSON (catalog/site/generate.py, _quote_extras
  // and C2's "packing"), kept only when well formed: each kept key keeps its value exactly,
  // so a card built from the search index carries the same JSON as the page's own card.
  function cleanPrice(raw) {
    if (!raw || typeof raw !== "object" || !/^[A-Z]{3}$/.test(String(raw.currency))) return null;
    const tiers = Array.isArray(raw.tiers) ? raw.tiers.filter((tier) =>
      Array.isArray(tier) && tier.length === 2 && positive(tier[0]) && positive(tier[1])) : [];
    if (!tiers.length) return null;
    const price = { currency: raw.currency, basis: typeof raw.basis === "string" ? raw.basis : null };
    if (typeof raw.per === "string") price.per = raw.per;
    return Object.assign(price, { tiers: tiers.map((tier) => [tier[0], tier[1]]).sort((a, b) => a[0] - b[0]) });
  }

  function cleanPacking(raw) {
    if (!raw || typeof raw !== "object") return null;
    const { units_per_carton: units, carton_m3: m3, carton_kg: kg } = raw;
    return positive(units) && positive(m3) && positive(kg)
      ? { units_per_carton: units, carton_m3: m3, carton_kg: kg } : null;
  }

  function cleanItem(raw) {
    if (!raw || typeof raw !== "object") return null;
    const item = {
      id: String(raw.id || ""), name: String(raw.name || ""),
      supplier: String(raw.supplier || ""), moq: Math.max(1, Math.ceil(Number(raw.moq) || 1)),
      unit: String(raw.unit || ""), url: String(raw.url || ""),
    };
    if (!PRODUCT_ID.test(item.id) || !item.name) return null;
    if (raw.qty !== undefined && raw.qty !== "") item.qty = String(raw.qty);
    if ("price" in raw) item.price = cleanPrice(raw.price);
    if ("packing" in raw) item.packing = cleanPacking(raw.packing);
    if (typeof raw.province === "string") item.province = raw.province;
    // A site-relative path (media/…) or an http(s) URL; nothing else reaches an <img>.
    if ("photo" in raw) {
      item.photo = typeof raw.photo === "string"
        && /^(https?:\/\/[^\s]+|[a-z0-9][\w./-]*)$/i.test(raw.photo) ? raw.photo : null;
    }
    if (Array.isArray(raw.lead) && raw.lead.length === 2 && raw.lead.every((d) => Number.isInteger(d) && d >= 0)) {
      item.lead = [raw.lead[0], raw.lead[1]];
    }
    for (const key of ["incoterms", "certs"]) {
      if (Array.isArray(raw[key])) item[key] = raw[key].filter((v) => typeof v === "string");
    }
    // A service (issue 21): counted in its service unit, no container load; where it serves.
    if (raw.kind === "service") {
      item.kind = "service";
      if (typeof raw.areas === "string") item.areas = raw.areas;
    }
    return item;
  }

  const store = {
    read() {
      try {
        const data = JSON.parse(localStorage.getItem(KEY) || "null");
        if (data && Array.isArray(data.items)) {
          return { items: data.items.map(cleanItem).filter(Boolean),
            buyer: data.buyer && typeof data.buyer === "object" ? data.buyer : {} };
        }
      } catch (e) { /* unreadable or blocked storage: an empty list */ }
      return { items: [], buyer: {} };
    },
    write(data) {
      try { localStorage.setItem(KEY, JSON.stringify(data)); return true; } catch (e) { return false; }
    },
    available() {
      try { localStorage.setItem(KEY + ".probe", "1"); localStorage.removeItem(KEY + ".probe"); return true; } catch (e) { return false; }
    },
  };

  // The compare set: product ids, at most COMPARE_MAX, in the order they were chosen.
  function cleanIds(ids) {
    return [...new Set((Array.isArray(ids) ? ids : []).map(String).filter((id) => PRODUCT_ID.test(id)))]
      .slice(0, COMPARE_MAX);
  }

  const compareSet = {
    read() {
      try { return cleanIds(JSON.parse(localStorage.getItem(COMPARE_KEY) || "[]")); } catch (e) { return []; }
    },
    write(ids) {
      try { localStorage.setItem(COMPARE_KEY, JSON.stringify(cleanIds(ids))); return true; } catch (e) { return false; }
    },
  };

  function parseQuote(button) {
    try { return cleanItem(JSON.parse(button.getAttribute("data-quote"))); } catch (e) { return null; }
  }

  /* -- "add to quote list" buttons and "compare" toggles ---------------------------------- */
  let toast = null;
  let toastTimer = 0;

  // A polite status message, with a link (quote list or comparison) when one helps.
  function announceQuote(text, link) {
    if (!toast) {
      toast = el("div", { class: "cat-toast", role: "status", "aria-live": "polite" });
      document.body.append(toast);
    }
    toast.replaceChildren(el("span", { text }));
    if (link) toast.append(" ", el("a", { href: link.href, text: link.text }));
    toast.classList.add("cat-toast--shown");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => toast.classList.remove("cat-toast--shown"), 6000);
  }

  function quoteLink() {
    const count = store.read().items.length;
    return count ? { href: new URL(cfg.inquiry, root).href, text: t("quote_view", { count }) } : null;
  }

  function compareLink() {
    const ids = compareSet.read();
    if (!ids.length) return null;
    const url = compareHref();
    url.searchParams.set("p", ids.join(","));
    return { href: url.href, text: t("compare_view", { count: ids.length }) };
  }

  // Beside each "add" button (cards, product pages, search results): once the product is
  // in the list, a link to the list and an explicit remove button; always a compare toggle.
  function quoteTools(button, item) {
    const next = button.nextElementSibling;
    if (next && next.classList.contains("cat-quote-tools")) return next;
    const tools = el("div", { class: "cat-quote-tools" },
      el("span", { class: "cat-quote-tools__added", hidden: true },
        el("a", { class: "cat-quote-tools__open", href: new URL(cfg.inquiry, root).href }),
        el("button", { type: "button", class: "md-button cat-quote-drop", "data-id": item.id,
          "aria-label": t("quote_drop_label", { name: item.name }), text: t("quote_remove") })),
      // (no compare toggle for a service: the compare table is about goods, issue 21)
      el("button", { type: "button", class: "md-button cat-compare-toggle", "data-id": item.id,
        "data-name": item.name, "aria-pressed": "false", hidden: item.kind === "service",
        "aria-label": t("compare_toggle_label", { name: item.name }), text: t("compare_toggle") }));
    button.after(tools);
    return tools;
  }

  function syncQuoteButtons() {
    const items = store.read().items;
    const ids = new Set(items.map((i) => i.id));
    const compared = new Set(compareSet.read());
    for (const button of document.querySelectorAll(".cat-quote-add")) {
      const item = parseQuote(button);
      if (!item) continue;
      const added = ids.has(item.id);
      button.hidden = false;
      button.removeAttribute("aria-pressed");
      button.setAttribute("data-added", added ? "true" : "false");
      button.textContent = t(added ? "quote_added" : "quote_add");
      const tools = quoteTools(button, item);
      tools.querySelector(".cat-quote-tools__added").hidden = !added;
      tools.querySelector(".cat-quote-tools__open").textContent = t("quote_view", { count: items.length });
      tools.querySelector(".cat-compare-toggle").setAttribute("aria-pressed", compared.has(item.id) ? "true" : "false");
    }
  }

  function addToQuote(button) {
    const item = parseQuote(button);
    if (!item) return;
    const data = store.read();
    // Once added, the button says so; pressing it again only says so again (removing
    // is the separate "Remove" button beside it).
    if (data.items.some((i) => i.id === item.id)) {
      announceQuote(t("quote_already_status", { name: item.name }), quoteLink());
      return;
    }
    data.items.push(item);
    if (!store.write(data)) { announceQuote(t("quote_no_storage"), null); return; }
    syncQuoteButtons();
    announceQuote(t("quote_added_status", { name: item.name, count: data.items.length }), quoteLink());
  }

  function dropFromQuote(button) {
    const id = button.getAttribute("data-id");
    const data = store.read();
    const item = data.items.find((i) => i.id === id);
    if (!item) return;
    data.items = data.items.filter((i) => i.id !== id);
    if (!store.write(data)) { announceQuote(t("quote_no_storage"), null); return; }
    const add = button.closest(".cat-quote-tools").previousElementSibling;
    syncQuoteButtons();
    if (add) add.focus();   // the remove button is hidden now
    announceQuote(t("quote_removed_status", { name: item.name }), quoteLink());
  }

  function toggleCompare(button) {
    const id = button.getAttribute("data-id");
    const name = button.getAttribute("data-name") || id;
    const ids = compareSet.read();
    let text;
    if (ids.includes(id)) {
      ids.splice(ids.indexOf(id), 1);
      text = t("compare_removed_status", { name });
    } else if (ids.length >= COMPARE_MAX) {
      announceQuote(t("compare_full", { max: COMPARE_MAX, name }), compareLink());
      return;
    } else {
      ids.push(id);
      text = t("compare_added_status", { name, count: ids.length, max: COMPARE_MAX });
    }
    if (!compareSet.write(ids)) { announceQuote(t("quote_no_storage"), null); return; }
    syncQuoteButtons();
    announceQuote(text, compareLink());
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest ? event.target : null;
    if (!target) return;
    const add = target.closest(".cat-quote-add");
    if (add) { addToQuote(add); return; }
    const drop = target.closest(".cat-quote-drop");
    if (drop) { dropFromQuote(drop); return; }
    const toggle = target.closest(".cat-compare-toggle");
    if (toggle) toggleCompare(toggle);
  });

  window.addEventListener("storage", (event) => {
    if (event.key === KEY) { syncQuoteButtons(); if (inquiry) inquiry.refresh(); }
    if (event.key === COMPARE_KEY) { syncQuoteButtons(); if (comparison) comparison.refresh(); }
  });

  /* -- catalogue search (Pagefind JS API) -------------------------------------------- */
  let pagefind = null;

  async function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (pf) => {
        await pf.options({ excerptLength: 0 });
        await pf.init();
        return pf;
      });
    }
    return pagefind;
  }

  // Filter values travel in the URL by stable id (category=kopi, province=jawa-timur,
  // export_ready=yes), the same in both languages, so the language switch keeps them;
  // Pagefind's filter values are the labels in the page's language. The ids and their
  // labels in each language come with the page (data-filters, catalog/templates/listing.html).
  let filterVocab = {};   // group -> id -> {id: label, en: label}

  function filterId(group, value) {
    const ids = filterVocab[group] || {};
    if (Object.hasOwn(ids, value)) return value;
    // an older link or bookmark names the label, in either language
    const found = Object.entries(ids).find(([, labels]) => Object.values(labels).includes(value));
    return found ? found[0] : value;
  }

  function filterLabel(group, id) {
    const ids = filterVocab[group] || {};
    const labels = Object.hasOwn(ids, id) ? ids[id] : null;
    return (labels && (labels[cfg.lang] || labels.id)) || id;
  }

  function readState() {
    const params = new URLSearchParams(location.search);
    const state = { q: (params.get("q") || "").trim(), sort: params.get("sort") || "", filters: {} };
    if (!(state.sort in SORTS)) state.sort = "";
    for (const group of FILTER_GROUPS) {
      const values = params.getAll(group).filter(Boolean).map((v) => filterId(group, v));
      if (values.length) state.filters[group] = [...new Set(values)];
    }
    return state;
  }

  function stateURL(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const group of FILTER_GROUPS) for (const v of state.filters[group] || []) params.append(group, v);
    if (state.sort) params.set("sort", state.sort);
    const query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function isActive(state) {
    return Boolean(state.q || state.sort || Object.keys(state.filters).length);
  }

  // Catalogue entries are the pages with a `kind` filter (products and services, issue 21;
  // its values are labels in the page's language): without a kind chosen, both.
  function pagefindFilters(filters, except) {
    const kinds = Object.keys(filterVocab.kind || { product: 1 }).map((k) => filterLabel("kind", k));
    const out = { kind: { any: kinds } };
    for (const [group, values] of Object.entries(filters)) {
      if (group !== except && values.length) out[group] = { any: values.map((v) => filterLabel(group, v)) };
    }
    return out;
  }

  /* The language selector (theme/partials/alternate.html) links this page's twin; on the
     catalogue it carries the search along (query, filters by id, sort; the page number is
     in the twin's path). */
  function syncLanguageLinks() {
    for (const link of document.querySelectorAll(".md-select__link[hreflang]")) {
      if (!link.hasAttribute("data-twin")) link.setAttribute("data-twin", link.getAttribute("href"));
      const twin = new URL(link.getAttribute("data-twin"), location.href);
      twin.search = location.search;
      link.setAttribute("href", twin.href);
    }
  }

  /* A result's card data (quote list, photo srcsets and size) comes in its search metadata
     as JSON spelled in Braille patterns, one per UTF-8 byte, so that Pagefind indexes no
     word of it (catalog/site/views.py, unsearchable). */
  function unsearchable(text) {
    const bytes = Uint8Array.from(String(text || ""), (c) => c.codePointAt(0) - 0x2800);
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  function resultCard(data) {
    const meta = data.meta || {};
    let extra = {};
    try { extra = unsearchable(meta.card) || {}; } catch (e) { /* card without photo or quote button */ }
    // the photo's URLs: its stem (site-relative, or under media_url) and each variant's rest
    const photoUrl = (rest) => new URL(String(extra.photo || "") + rest, root).href;
    const srcset = (list) => (Array.isArray(list) ? list : [])
      .map(([rest, width]) => photoUrl(rest) + " " + width + "w").join(", ");
    let quote = null;
    if (extra.quote && typeof extra.quote === "object") {
      const given = { supplier: meta.supplier, province: meta.province };
      if (extra.photo && Array.isArray(extra.jpeg) && extra.jpeg.length) given.photo = extra.photo + extra.jpeg[0][0];
      try { quote = cleanItem(Object.assign(given, extra.quote)); } catch (e) { /* no quote button */ }
    }
    const page = new URL(data.url, location.href);
    const name = (quote && quote.name) || meta.title || "";
    const media = el("div", { class: "cat-card__media" });
    if (extra.photo && Array.isArray(extra.jpeg) && extra.jpeg.length) {
      const [w, h] = String(extra.size || "").split("x");
      const sizes = "(max-width: 480px) 92vw, (max-width: 960px) 45vw, 280px";
      const picture = el("picture");
      if (Array.isArray(extra.avif) && extra.avif.length) {
        picture.append(el("source", { type: "image/avif", srcset: srcset(extra.avif), sizes }));
      }
      picture.append(el("img", {
        src: photoUrl(extra.jpeg[0][0]), srcset: srcset(extra.jpeg), sizes, width: w || null, height: h || null,
        alt: extra.alt || "", loading: "lazy", decoding: "async",
      }));
      media.append(picture);
    }
    const card = el("li", { class: "cat-card", "data-product": quote ? quote.id : null },
      el("a", { class: "cat-card__link", href: page.href }, media,
        el("h3", { class: "cat-card__name", text: name })),
      el("p", { class: "cat-card__supplier", text: [meta.supplier, meta.province].filter(Boolean).join(" · ") }),
      meta.areas ? el("p", { class: "cat-card__service", text: t("svc_serves", { areas: meta.areas }) }) : null,
      el("dl", { class: "cat-card__facts" },
        el("div", null, el("dt", { text: t("fact_moq") }), el("dd", { text: meta.moq || "" })),
        el("div", null, el("dt", { text: t("fact_price") }), el("dd", { text: meta.price || "" }))));
    const ready = (data.filters && data.filters.export_ready) || [];
    if (ready.includes(t("yes"))) card.append(el("p", { class: "cat-badge cat-badge--export", text: t("export_ready") }));
    if (quote) {
      card.append(el("button", { type: "button", class: "cat-quote-add md-button",
        "data-quote": JSON.stringify(quote), text: t("quote_add") }));
    }
    return card;
  }

  function initSearch(box) {
    // The page's own part of the catalogue (one page of PAGE_SIZE cards, its count heading
    // and pager) gives way to the results of a search, which covers every product
    // whichever page it starts from.
    const staticParts = ["cat-static-grid", "products", "cat-pager"]
      .map((id) => document.getElementById(id)).filter(Boolean);
    const showStatic = (shown) => { for (const part of staticParts) part.hidden = !shown; };
    const input = el("input", { type: "search", id: "cat-q", name: "q", class: "cat-search__input",
      placeholder: t("search_placeholder"), autocomplete: "off", enterkeyhint: "search" });
    const form = el("form", { class: "cat-search__form", role: "search" },
      el("label", { for: "cat-q", class: "cat-search__label", text: t("search_label") }),
      el("div", { class: "cat-search__row" }, input,
        el("button", { type: "submit", class: "md-button md-button--primary", text: t("search_submit") })));
    // Filters: beside the results on a wide screen (a sidebar); on a phone or tablet in a
    // bottom sheet (a modal <dialog>: focus moves in, Escape closes, focus returns to the
    // "Filter (N)" button), never open on load, reload or back. One panel moves between them.
    try { filterVocab = JSON.parse(box.getAttribute("data-filters") || "{}") || {}; } catch (e) { filterVocab = {}; }
    const groupsBox = el("div", { class: "cat-filters__groups" },
      el("p", { class: "cat-filters__loading", text: t("search_loading") }));
    const panelTitle = el("h2", { id: "cat-filters-title", class: "cat-filters__title", text: t("filters_title") });
    const closeSheet = el("button", { type: "button", class: "cat-filters__close", "aria-label": t("filters_close") },
      el("span", { "aria-hidden": "true", text: "×" }));
    const reset = el("button", { type: "button", class: "md-button cat-filters__reset", text: t("filters_reset") });
    const showResults = el("button", { type: "button", class: "md-button md-button--primary cat-filters__show" });
    const panel = el("div", { class: "cat-filters", id: "cat-filters" },
      el("div", { class: "cat-filters__head" }, panelTitle, closeSheet), groupsBox,
      el("div", { class: "cat-filters__foot" }, reset, showResults));
    const sheet = el("dialog", { class: "cat-filters__sheet", id: "cat-filters-sheet", "aria-labelledby": "cat-filters-title" });
    const side = el("div", { class: "cat-filters__side" });
    const openSheet = el("button", { type: "button", class: "md-button cat-filters__open",
      "aria-haspopup": "dialog", "aria-controls": "cat-filters-sheet", text: t("filters_open") });
    const sort = el("select", { id: "cat-sort", class: "cat-search__sort" },
      el("option", { value: "", text: t("sort_relevance") }),
      ...Object.keys(SORTS).map((s) => el("option", { value: s, text: t("sort_" + s) })));
    const clear = el("button", { type: "button", class: "md-button cat-search__clear", text: t("filters_clear") });
    const tools = el("div", { class: "cat-search__tools" }, openSheet,
      el("div", { class: "cat-search__sortbox" }, el("label", { for: "cat-sort", text: t("sort_label") }), sort),
      clear);
    const status = el("p", { class: "cat-search__status", role: "status", "aria-live": "polite" });
    const results = el("ul", { class: "cat-grid", id: "cat-results", hidden: true });
    const more = el("button", { type: "button", class: "md-button cat-search__more", hidden: true, text: t("search_more") });
    box.replaceChildren(form, tools, side, sheet, status, results, more);
    const wide = window.matchMedia("(min-width: 60em)");
    const placePanel = () => {
      if (wide.matches && sheet.open) sheet.close();
      (wide.matches ? side : sheet).append(panel);
    };
    placePanel();
    wide.addEventListener("change", placePanel);
    showCount(Number(box.getAttribute("data-total")) || 0);   // until the index answers

    const checkboxes = {};   // group -> id -> {input, count, label}
    let totals = null;       // pagefind.filters(): counts over every product
    let current = readState();
    let typing = false;      // the newest history entry was made while typing
    let seq = 0;
    let pending = [];        // results not yet rendered ("show more")

    function renderGroups(all) {
      groupsBox.replaceChildren();
      for (const group of FILTER_GROUPS) {
        const values = Object.keys(all[group] || {}).sort((a, b) => a.localeCompare(b, cfg.lang, { numeric: true }));
        if (!values.length) continue;
        checkboxes[group] = {};
        const fieldset = el("fieldset", { class: "cat-filters__group" }, el("legend", { text: t("filter_" + group) }));
        values.forEach((label, i) => {
          const id = `cat-f-${group}-${i}`;
          const value = filterId(group, label);
          const box_ = el("input", { type: "checkbox", id, name: group, value });
          const count = el("span", { class: "cat-count" });
          fieldset.append(el("div", { class: "cat-filters__option" }, box_,
            el("label", { for: id }, el("span", { text: label }), " ", count)));
          checkboxes[group][value] = { input: box_, count, label };
        });
        groupsBox.append(fieldset);
      }
    }

    function applyControls(state) {
      input.value = state.q;
      sort.value = state.sort;
      for (const [group, values] of Object.entries(checkboxes)) {
        for (const [value, c] of Object.entries(values)) {
          c.input.checked = (state.filters[group] || []).includes(value);
        }
      }
      const active = Object.values(state.filters).reduce((n, v) => n + v.length, 0);
      openSheet.textContent = active ? t("filters_open_active", { count: formatNumber(active, cfg.lang) }) : t("filters_open");
      panelTitle.textContent = active ? t("filters_active", { count: formatNumber(active, cfg.lang) }) : t("filters_title");
      reset.hidden = !active;
      clear.hidden = !isActive(state);
    }

    function controlsState() {
      const state = { q: input.value.trim(), sort: sort.value, filters: {} };
      for (const [group, values] of Object.entries(checkboxes)) {
        const on = Object.entries(values).filter(([, c]) => c.input.checked).map(([v]) => v);
        if (on.length) state.filters[group] = on;
      }
      return state;
    }

    // An option no product matches (with the other groups' filters) is hidden, unless
    // it is ticked; a group left with no option shown hides too.
    function showCounts(counts) {
      for (const [group, values] of Object.entries(checkboxes)) {
        let shownInGroup = 0;
        for (const c of Object.values(values)) {
          const n = (counts[group] && counts[group][c.label]) || 0;
          c.count.textContent = formatNumber(n, cfg.lang);
          const option = c.input.closest(".cat-filters__option");
          option.hidden = !n && !c.input.checked;
          if (!option.hidden) shownInGroup += 1;
        }
        const fieldset = Object.values(values)[0].input.closest("fieldset");
        fieldset.hidden = !shownInGroup;
      }
    }

    // "Show N products": N is what the catalogue shows for the current search.
    function showCount(n) {
      showResults.textContent = n === 1 ? t("filters_show_one") : t("filters_show", { count: formatNumber(n, cfg.lang) });
    }

    async function renderMore(mine) {
      const batch = pending.splice(0, PAGE_SIZE);
      const datas = await Promise.all(batch.map((r) => r.data()));
      if (mine !== seq) return [];   // a newer search owns the list now
      const cards = datas.map(resultCard);
      results.append(...cards);
      more.hidden = !pending.length;
      syncQuoteButtons();
      return cards;
    }

    function done(mine) {
      if (mine !== seq) return false;
      results.setAttribute("aria-busy", "false");
      box.setAttribute("data-shown", location.search);   // what the results answer
      return true;
    }

    async function run(state) {
      const mine = ++seq;
      results.setAttribute("aria-busy", "true");
      const term = state.q || ALL_PRODUCTS;
      const sortKey = state.sort || (state.q ? "" : "name");
      let pf;
      try {
        pf = await loadPagefind();
        if (!totals) {
          totals = await pf.filters();
          renderGroups(totals);
        }
        applyControls(state);
        if (!isActive(state)) {
          if (mine !== seq) return;
          showCounts(totals);
          showCount(Object.values(totals.kind || {}).reduce((n, c) => n + c, 0));
          results.hidden = true; more.hidden = true; status.textContent = "";
          status.removeAttribute("data-count");
          showStatic(true);
          done(mine);
          return;
        }
        const options = { filters: pagefindFilters(state.filters) };
        if (SORTS[sortKey]) options.sort = SORTS[sortKey];
        const found = await pf.search(term, options);
        const counts = Object.assign({}, found.filters);
        // A checked group ORs its values: count them without that group's own filter.
        await Promise.all(Object.keys(state.filters).map(async (group) => {
          const other = await pf.search(term, { filters: pagefindFilters(state.filters, group) });
          counts[group] = other.filters[group] || {};
        }));
        if (mine !== seq) return;
        showCounts(counts);
        pending = found.results.slice();
        results.replaceChildren();
        await renderMore(mine);
        if (mine !== seq) return;
        const n = found.results.length;
        status.textContent = n === 0 ? t("search_none") : n === 1 ? t("search_results_one") : t("search_results", { count: formatNumber(n, cfg.lang) });
        status.setAttribute("data-count", String(n));
        showCount(n);
        results.hidden = false;
        showStatic(false);
        done(mine);
      } catch (err) {
        if (mine !== seq) return;
        console.warn("catalogue search unavailable:", err);
        status.textContent = t("search_unavailable");
        if (!totals) groupsBox.replaceChildren(el("p", { class: "cat-filters__loading", text: t("search_unavailable") }));
        status.removeAttribute("data-count");
        results.hidden = true; more.hidden = true;
        showStatic(true);
        done(mine);
      }
    }

    function commit(state, { fromTyping = false } = {}) {
      const url = stateURL(state);
      const here = location.pathname + location.search + location.hash;
      if (url !== here) {
        if (fromTyping && typing) history.replaceState(state, "", url);
        else history.pushState(state, "", url);
        syncLanguageLinks();
      }
      typing = fromTyping;
      current = state;
      return run(state);
    }

    let debounce = 0;
    input.addEventListener("input", () => {
      clearTimeout(debounce);
      if (pagefind && input.value.trim()) pagefind.then((pf) => pf.preload(input.value.trim())).catch(() => {});
      debounce = setTimeout(() => commit(controlsState(), { fromTyping: true }), 300);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(debounce);
      commit(controlsState());
    });
    groupsBox.addEventListener("change", () => commit(controlsState()));
    openSheet.addEventListener("click", () => {
      if (!totals) run(current);   // the filters wait for the page's photos: fetch them now
      sheet.showModal();
    });
    closeSheet.addEventListener("click", () => sheet.close());
    // a tap on the backdrop (outside the sheet's panel) closes it too
    sheet.addEventListener("click", (event) => { if (event.target === sheet) sheet.close(); });
    sheet.addEventListener("close", () => { if (!wide.matches) openSheet.focus({ preventScroll: true }); });
    reset.addEventListener("click", () => commit({ q: input.value.trim(), sort: sort.value, filters: {} }));
    showResults.addEventListener("click", () => {
      sheet.close();
      // The first result (or card of the page's own grid) in view: unless it already is in
      // the upper half of the screen, the tool row ("Filter (N)", sort) goes to the top
      // with the results right below it.
      const first = document.querySelector("#cat-results:not([hidden]) .cat-card, #cat-static-grid:not([hidden]) .cat-card");
      const top = first ? first.getBoundingClientRect().top : 0;
      if (first && (top < 0 || top > window.innerHeight / 2)) tools.scrollIntoView({ block: "start" });
    });
    sort.addEventListener("change", () => commit(controlsState()));
    clear.addEventListener("click", () => {
      commit({ q: "", sort: "", filters: {} });
      input.focus();
    });
    more.addEventListener("click", async () => {
      const cards = await renderMore(seq);
      const link = cards[0] && cards[0].querySelector("a");
      if (link) link.focus();
    });
    window.addEventListener("popstate", () => {
      clearTimeout(debounce);
      typing = false;
      if (sheet.open) sheet.close();
      syncLanguageLinks();
      current = readState();
      run(current);
    });
    // The header search on this page (or a further page of it, <catalogue>/page/N/)
    // searches in place instead of loading the catalogue's first page.
    const header = document.querySelector(".cat-hsearch");
    if (header) {
      header.addEventListener("submit", (event) => {
        if (event.defaultPrevented) return;
        const target = new URL(header.action, location.href);
        const rest = location.pathname.startsWith(target.pathname)
          ? location.pathname.slice(target.pathname.length) : null;
        if (rest === null || !/^(page\/\d+\/)?$/.test(rest)) return;
        event.preventDefault();
        const q = header.querySelector("input").value.trim();
        header.reset();
        header.classList.remove("cat-hsearch--open");
        if (q) { input.value = q; commit(controlsState()); }
        input.focus();
      });
    }
    // The search box and its tool row have one known height, which the page reserves
    // before this script runs (no layout shift; catalog.css). A link naming filters by
    // label (before ids) is rewritten to the ids.
    applyControls(current);
    const params = new URLSearchParams(location.search);
    const byLabel = FILTER_GROUPS.some((g) => params.getAll(g).some((v) => v && filterId(g, v) !== v));
    history.replaceState(current, "", byLabel ? stateURL(current) : location.href);
    syncLanguageLinks();
    // With nothing asked yet, the index (filter counts) waits until the photos of the
    // static grid have loaded: on a slow phone link they are what the buyer sees first.
    if (isActive(current) || document.readyState === "complete") run(current);
    else window.addEventListener("load", () => run(current), { once: true });
  }

  /* -- quote list page (/inquiry/) ------------------------------------------------------ */
  let inquiry = null;
  // Incoterms 2020 (catalog/data/incoterms.yaml), for the "Incoterm wanted" choice.
  const INCOTERMS = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"];
  // The buyer's details the list remembers on this device, in the message's order.
  const BUYER_FIELDS = [["name", "quote_name"], ["company", "quote_company"],
    ["country", "quote_country"], ["phone", "quote_phone"], ["email", "quote_email"],
    ["place", "quote_place"], ["incoterm", "quote_incoterm"], ["needed_by", "quote_needed_by"],
    ["notes", "quote_notes"]];

  function locale(lang) { return lang === "en" ? "en-US" : "id-ID"; }

  function plain(text) { return String(text).replace(/[\u00a0\u202f]/g, " ").replace(/ {2,}/g, " "); }

  function formatMoney(value, currency, lang) {
    const cents = Math.round(value * 100) / 100;
    const digits = Number.isInteger(cents) ? 0 : 2;
    return plain(new Intl.NumberFormat(locale(lang), { style: "currency", currency,
      minimumFractionDigits: digits, maximumFractionDigits: digits }).format(cents));
  }

  function formatDecimal(value, lang, digits) {
    return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(value);
  }

  // The price tier that applies to a quantity: the last whose minimum it reaches.
  function tierFor(price, qty) {
    if (!price || !price.tiers.length) return null;
    let found = null;
    for (const tier of price.tiers) if (qty >= tier[0]) found = tier;
    return found;
  }

  function priceText(item, qty, lang) {
    if (!item.price) return t("quote_price_request");
    const tier = tierFor(item.price, qty);
    if (!tier) return t("quote_price_below", { min: formatNumber(item.price.tiers[0][0], lang), unit: item.unit });
    return plain(t("quote_price", { price: formatMoney(tier[1], item.price.currency, lang), unit: item.unit,
      per: item.price.per || item.unit,
      basis: item.price.basis || "", min: formatNumber(tier[0], lang),
      total: formatMoney(tier[1] * qty, item.price.currency, lang) }));
  }

  // What one item takes in a container, from its export packing (null without one).
  function loadOf(item, qty) {
    const p = item.packing;
    if (!p || !(qty > 0)) return null;
    const cartons = Math.ceil(qty / p.units_per_carton - 1e-9);
    return { cartons, m3: cartons * p.carton_m3, kg: cartons * p.carton_kg };
  }

  function loadText(load, lang) {
    return t("quote_load", { cartons: formatNumber(load.cartons, lang),
      m3: formatDecimal(load.m3, lang, 2), kg: formatDecimal(load.kg, lang, 1) });
  }

  // The 20-ft container of the page config (theme/main.html: cfg.containers["20"]).
  function container20() {
    const all = cfg.containers || {};
    const spec = all["20"] || all.container20;
    if (!spec) return null;
    const volume = Number(spec.volume_m3);
    const payload = Number(spec.payload_kg);
    return volume > 0 && payload > 0 ? { volume, payload } : null;
  }

  // Totals over the items with export packing; the share of one 20-ft container is the
  // larger of the volume and the weight share.
  function loadTotals(rows, lang) {
    const counted = rows.filter((r) => r.load);
    const excluded = rows.filter((r) => !r.load && r.item.kind !== "service").map((r) => r.name);
    if (!counted.length) return { lines: [t(excluded.length || !rows.length ? "quote_totals_none" : "quote_totals_services")], excluded };
    const sum = counted.reduce((s, r) => ({ cartons: s.cartons + r.load.cartons, m3: s.m3 + r.load.m3,
      kg: s.kg + r.load.kg }), { cartons: 0, m3: 0, kg: 0 });
    const lines = [t("quote_totals_all", { cartons: formatNumber(sum.cartons, lang),
      m3: formatDecimal(sum.m3, lang, 2), kg: formatDecimal(sum.kg, lang, 1) })];
    const box = container20();
    if (box) {
      const byVolume = sum.m3 / box.volume;
      const byWeight = sum.kg / box.payload;
      const share = Math.max(byVolume, byWeight);
      lines.push(plain(t("quote_totals_share", {
        // (a small load keeps a decimal: "0.4%", not "0%")
        percent: new Intl.NumberFormat(locale(lang), { style: "percent",
          maximumFractionDigits: share < 0.1 ? 1 : 0 }).format(share),
        limit: t(byVolume >= byWeight ? "quote_limit_volume" : "quote_limit_weight") })));
    }
    if (excluded.length) lines.push(t("quote_totals_excluded", { names: excluded.join(", ") }));
    return { lines, excluded, sum };
  }

  function initInquiry(box) {
    const lang = box.getAttribute("data-lang") || cfg.lang;
    const house = cfg.house || {};
    const waNumber = String(house.whatsapp || "").replace(/\D/g, "");
    let known = null;   // product id -> its record in its supplier's products.json, once fetched

    function productInfo(item) {
      const record = known && known.get(item.id);
      return {
        name: (record && record.name && (record.name[lang] || record.name.id)) || item.name,
        url: (record && (lang === "en" ? record.url_en || record.url : record.url)) || item.url,
        unavailable: Boolean(known) && !record,
      };
    }

    function localLink(url) {
      // Saved URLs are the published (canonical) ones; link within this copy of the site.
      try { return location.origin + new URL(url).pathname; } catch (e) { return url; }
    }

    // A whole quantity as people type it: 1000, 1.000 (Indonesian), 1,000 or 1 000; NaN
    // for anything else (1,5 or 1.5 is no count of pieces). A number input would read
    // "1.000" as one.
    function readQty(text) {
      const s = String(text).trim();
      if (/^\d+$/.test(s)) return Number(s);
      if (/^\d{1,3}([.,\u00a0\u202f ]\d{3})+$/.test(s)) return Number(s.replace(/\D/g, ""));
      return NaN;
    }

    function quantityOf(form, item) {
      const input = form && form.querySelector(`.cat-quote__qty[data-id="${item.id}"]`);
      const value = readQty(input ? input.value : item.qty !== undefined ? item.qty : item.moq);
      return Number.isFinite(value) && value > 0 ? value : 0;
    }

    // Each item's tier price and load, and the load totals, for the quantities typed.
    function rowsOf(form) {
      return store.read().items.filter((item) => !productInfo(item).unavailable).map((item) => {
        const qty = quantityOf(form, item);
        return { item, qty, name: productInfo(item).name, load: loadOf(item, qty) };
      });
    }

    // A product's container load; a service's area instead (it has none).
    function loadLine(row) {
      if (row.item.kind === "service") return t("quote_service_areas", { areas: row.item.areas || "" });
      return row.load ? loadText(row.load, lang) : t("quote_load_none");
    }

    function showFigures(form) {
      const rows = rowsOf(form);
      for (const row of rows) {
        const li = form.querySelector(`.cat-quote__item[data-id="${row.item.id}"]`);
        if (!li) continue;
        li.querySelector(".cat-quote__price").textContent = priceText(row.item, row.qty, lang);
        li.querySelector(".cat-quote__load").textContent = loadLine(row);
      }
      const totals = form.querySelector(".cat-quote__totals-lines");
      if (totals) totals.replaceChildren(...loadTotals(rows, lang).lines.map((line) => el("li", { text: line })));
    }

    function render() {
      const data = store.read();
      if (!store.available()) {
        box.replaceChildren(el("p", { class: "cat-quote__notice", text: t("quote_no_storage") }));
        return;
      }
      if (!data.items.length) {
        box.replaceChildren(el("p", { class: "cat-quote__empty" }, t("quote_empty"), " ",
          el("a", { href: new URL(cfg.catalogue, root).href, text: t("catalogue_title") })));
        return;
      }
      const list = el("ul", { class: "cat-quote__items" });
      data.items.forEach((item, i) => {
        const info = productInfo(item);
        const li = el("li", { class: "cat-quote__item", "data-id": item.id },
          el("p", { class: "cat-quote__name" }, el("a", { href: localLink(info.url), text: info.name })),
          el("p", { class: "cat-quote__supplier", text: item.supplier }));
        if (info.unavailable) {
          li.classList.add("cat-quote__item--unavailable");
          li.append(el("p", { class: "cat-quote__unavailable", text: t("quote_unavailable") }));
        } else {
          const id = "cat-qty-" + i;
          const hint = el("p", { class: "cat-quote__hint", id: id + "-hint",
            text: t("quote_qty_min", { moq: formatNumber(item.moq, lang), unit: item.unit }) });
          const qty = el("input", { type: "text", id, name: "qty", class: "cat-quote__qty",
            "data-min": String(item.moq), inputmode: "numeric", autocomplete: "off", required: true,
            value: item.qty !== undefined ? item.qty : String(item.moq), "aria-describedby": id + "-hint",
            "data-id": item.id });
          li.append(el("div", { class: "cat-quote__qtybox" },
            el("label", { for: id, text: t("quote_qty", { unit: item.unit }) }), qty), hint,
            el("p", { class: "cat-quote__price" }), el("p", { class: "cat-quote__load" }));
          check(qty);
        }
        li.append(el("button", { type: "button", class: "md-button cat-quote__remove", "data-id": item.id,
          "aria-label": t("quote_remove_label", { name: info.name }), text: t("quote_remove") }));
        list.append(li);
      });
      const buyer = data.buyer || {};
      const field = (name, label, options = {}) => {
        const id = "cat-buyer-" + name;
        const attrs = { id, name, required: options.required || null, autocomplete: options.autocomplete || null };
        let control;
        if (options.multiline) control = el("textarea", Object.assign({ rows: "3" }, attrs));
        else if (options.choices) control = el("select", attrs, ...options.choices.map(([value, text]) => el("option", { value, text })));
        else control = el("input", Object.assign({ type: options.type || "text", inputmode: options.inputmode || null, min: options.min || null }, attrs));
        control.value = typeof buyer[name] === "string" ? buyer[name] : "";
        if (options.choices && control.selectedIndex < 0) control.value = "";
        return el("div", { class: "cat-quote__field" },
          el("label", { for: id }, label, options.required ? el("span", { class: "cat-quote__required", text: " (" + t("quote_required") + ")" }) : null),
          control);
      };
      const error = el("p", { class: "cat-quote__error", role: "alert", hidden: true });
      const actions = el("div", { class: "cat-quote__actions" });
      if (waNumber) actions.append(el("button", { type: "submit", class: "md-button md-button--primary cat-quote__wa", value: "whatsapp", text: t("quote_send_wa") }));
      if (house.email) actions.append(el("button", { type: "submit", class: "md-button cat-quote__mail", value: "email", text: t("quote_send_mail") }));
      const comparable = data.items.filter((item) => !productInfo(item).unavailable);
      const compare = comparable.length >= 2 ? el("button", { type: "button", class: "md-button cat-quote__compare",
        text: comparable.length > COMPARE_MAX ? t("compare_these_first", { max: COMPARE_MAX }) : t("compare_these") }) : null;
      const today = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);
      const form = el("form", { class: "cat-quote" },
        el("fieldset", null, el("legend", { text: t("quote_products") }), list, compare),
        el("section", { class: "cat-quote__totals", "aria-labelledby": "cat-quote-totals" },
          el("h2", { id: "cat-quote-totals", text: t("quote_totals") }),
          el("ul", { class: "cat-quote__totals-lines" }),
          el("p", { class: "cat-quote__note", text: t("quote_totals_note") })),
        el("fieldset", { class: "cat-quote__buyer" }, el("legend", { text: t("quote_buyer") }),
          field("name", t("quote_name"), { required: true, autocomplete: "name" }),
          field("company", t("quote_company"), { autocomplete: "organization" }),
          field("country", t("quote_country"), { autocomplete: "country-name" }),
          field("phone", t("quote_phone"), { type: "tel", autocomplete: "tel" }),
          field("email", t("quote_email"), { type: "email", autocomplete: "email" })),
        el("fieldset", { class: "cat-quote__delivery" }, el("legend", { text: t("quote_delivery") }),
          field("place", t("quote_place")),
          field("incoterm", t("quote_incoterm"), { choices: [["", t("quote_incoterm_any")], ...INCOTERMS.map((c) => [c, c])] }),
          field("needed_by", t("quote_needed_by"), { type: "date", min: today }),
          field("notes", t("quote_notes"), { multiline: true })),
        error, actions);
      box.replaceChildren(form);
      showFigures(form);

      form.addEventListener("input", (event) => {
        const target = event.target;
        const saved = store.read();
        if (target.name === "qty") {
          check(target);
          const item = saved.items.find((i) => i.id === target.getAttribute("data-id"));
          if (item) item.qty = target.value;
        } else if (target.name) {
          saved.buyer[target.name] = target.value;
        }
        store.write(saved);
        if (target.name === "qty") showFigures(form);
        // (checkValidity() would fire "invalid" events, and with them the alert, on every key)
        if ([...form.elements].every((e) => !e.validity || e.validity.valid)) error.hidden = true;
      });
      form.addEventListener("invalid", (event) => {
        if (event.target.name === "qty") check(event.target);
        error.textContent = t("quote_fix");
        error.hidden = false;
      }, true);
      form.addEventListener("click", (event) => {
        if (event.target.closest(".cat-quote__compare")) {
          const ids = comparable.map((item) => item.id).slice(0, COMPARE_MAX);
          compareSet.write(ids);
          const url = compareHref();
          url.searchParams.set("p", ids.join(","));
          location.href = url.href;
          return;
        }
        const button = event.target.closest(".cat-quote__remove");
        if (!button) return;
        const saved = store.read();
        saved.items = saved.items.filter((i) => i.id !== button.getAttribute("data-id"));
        store.write(saved);
        render();
        syncQuoteButtons();
        const next = box.querySelector(".cat-quote__remove, a");
        if (next) next.focus();
      });
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const bad = [...form.elements].find((e) => e.willValidate && !e.checkValidity());
        if (bad) {
          // The browser would scroll the field just into view, under the sticky header:
          // bring it (and the message below it) to the middle first, then let it say why.
          bad.scrollIntoView({ block: "center" });
          bad.reportValidity();
          return;
        }
        error.hidden = true;
        send(event.submitter && event.submitter.value === "email" ? "email" : "whatsapp", form);
      });
    }

    function check(input) {
      const min = Number(input.getAttribute("data-min"));
      const value = readQty(input.value);
      const ok = Number.isInteger(value) && value >= min;
      const hint = input.closest(".cat-quote__item").querySelector(".cat-quote__hint");
      input.setCustomValidity(ok ? "" : hint.textContent);
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      hint.classList.toggle("cat-quote__hint--error", !ok);
    }

    function fieldValue(form, name) {
      const control = form.elements[name];
      const value = control ? control.value.trim() : "";
      if (name === "needed_by" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        const [y, m, d] = value.split("-").map(Number);
        return new Intl.DateTimeFormat(locale(lang), { dateStyle: "long", timeZone: "UTC" })
          .format(new Date(Date.UTC(y, m - 1, d)));
      }
      return value;
    }

    function message(form) {
      const lines = [t("quote_msg_intro", { house: house.name || "" }), ""];
      const rows = rowsOf(form);
      rows.forEach((row, i) => {
        const info = productInfo(row.item);
        lines.push(t("quote_msg_item", { n: i + 1, name: row.name, supplier: row.item.supplier,
          qty: formatNumber(row.qty, lang), unit: row.item.unit }));
        lines.push("   " + priceText(row.item, row.qty, lang));
        lines.push("   " + loadLine(row));
        lines.push("   " + info.url);
      });
      lines.push("", t("quote_totals") + ":");
      for (const line of loadTotals(rows, lang).lines) lines.push("- " + line);
      lines.push("");
      for (const [name, key] of BUYER_FIELDS) {
        const value = fieldValue(form, name);
        if (value) lines.push(`${t(key)}: ${value}`);
      }
      return { text: lines.join("\n"), count: rows.length };
    }

    function send(channel, form) {
      const { text, count } = message(form);
      if (!count) return;
      if (channel === "email") {
        const subject = t("quote_msg_subject", { count });
        const link = el("a", { href: `mailto:${house.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(text)}` });
        link.click();
        return;
      }
      const url = `https://wa.me/${waNumber}?text=${encodeURIComponent(text)}`;
      const win = window.open(url, "_blank");
      if (win) win.opener = null;
      else location.href = url;
    }

    render();
    inquiry = { refresh: render };
    // Names and links come from the listed products' suppliers' small files
    // (suppliers/<id>/products.json), not from the whole feed. A supplier that is
    // gone (404) has no products any more; any other failure keeps the list as saved.
    const suppliers = [...new Set(store.read().items.map((i) => String(i.id).split("/")[0]))];
    if (suppliers.length) {
      Promise.all(suppliers.map((id) =>
        fetch(new URL(`suppliers/${encodeURIComponent(id)}/products.json`, root).href)
          .then((r) => (r.ok ? r.json() : r.status === 404 ? { products: [] }
            : Promise.reject(new Error(String(r.status)))))))
        .then((shards) => {
          const before = store.read().items.map((i) => JSON.stringify(productInfo(i)));
          known = new Map(shards.flatMap((s) => s.products || []).map((p) => [p.id, p]));
          const after = store.read().items.map((i) => JSON.stringify(productInfo(i)));
          if (before.join() !== after.join()) render();
        })
        .catch(() => { /* offline or no feed: show the saved items as they are */ });
    }
  }

  /* -- compare page (/compare/) ------------------------------------------------------------ */
  let comparison = null;

  // The set comes from the URL (?p=supplier/product,…: a shared link) or, without one,
  // from this device; each product's facts from the quote JSON on its own page.
  function initCompare(box) {
    const lang = box.getAttribute("data-lang") || cfg.lang;
    const pages = new Map();   // id -> quote item, or null when the product is gone
    const status = el("p", { class: "cat-compare__status", role: "status", "aria-live": "polite" });

    function idsFromURL() {
      const p = new URLSearchParams(location.search).get("p");
      return p === null ? null : cleanIds(p.split(","));
    }

    function keepURL(ids) {
      const url = new URL(location.href);
      if (ids.length) url.searchParams.set("p", ids.join(","));
      else url.searchParams.delete("p");
      // (URLSearchParams writes "/" and "," percent-encoded; both are safe in a query)
      const query = url.searchParams.toString().replace(/%2F/g, "/").replace(/%2C/g, ",");
      history.replaceState(null, "", url.pathname + (query ? "?" + query : "") + url.hash);
    }

    function fetchItem(id) {
      if (pages.has(id)) return Promise.resolve(pages.get(id));
      const url = new URL((lang === "en" ? "en/" : "") + `products/${id}/`, root);
      return fetch(url.href).then((r) => {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(String(r.status));
        return r.text().then((html) => {
          const doc = new DOMParser().parseFromString(html, "text/html");
          const button = doc.querySelector(".cat-actions .cat-quote-add[data-quote]");
          const item = button ? parseQuote(button) : null;
          if (item) item.page = url.href;
          return item;
        });
      }).then((item) => { pages.set(id, item); return item; });
    }

    function cell(content) { return el("td", null, content); }

    function list(values) {
      return values.length ? el("ul", { class: "cat-compare__list" }, ...values.map((v) => el("li", { text: v })))
        : el("span", { class: "cat-compare__none", text: t("compare_none") });
    }

    function priceCell(item) {
      if (!item.price) return document.createTextNode(t("compare_price_request"));
      const rows = item.price.tiers.map(([min, amount]) => t("compare_tier", {
        min: formatNumber(min, lang), unit: item.unit, per: item.price.per || item.unit,
        price: formatMoney(amount, item.price.currency, lang) }));
      const box_ = el("div", null, list(rows));
      if (item.price.basis) box_.append(el("p", { class: "cat-compare__basis", text: t("compare_basis", { basis: item.price.basis }) }));
      return box_;
    }

    function packingText(item) {
      const p = item.packing;
      if (!p) return t("compare_packing_none");
      return t("compare_packing", { units: formatDecimal(p.units_per_carton, lang, 2), unit: item.unit,
        m3: formatDecimal(p.carton_m3, lang, 3), kg: formatDecimal(p.carton_kg, lang, 1) });
    }

    function table(items) {
      const head = el("tr", null, el("td", { class: "cat-compare__corner" }));
      for (const item of items) {
        const photo = item.photo ? el("img", { src: new URL(item.photo, root).href, alt: "", width: "400",
          height: "300", loading: "lazy", decoding: "async" }) : null;
        head.append(el("th", { scope: "col", "data-id": item.id },
          photo ? el("div", { class: "cat-compare__photo" }, photo) : null,
          el("a", { href: item.page, text: item.name }),
          el("button", { type: "button", class: "md-button cat-compare__remove", "data-id": item.id,
            "aria-label": t("compare_remove_label", { name: item.name }), text: t("quote_remove") })));
      }
      const lead = (item) => !item.lead ? t("compare_none") : item.lead[0] === item.lead[1]
        ? t("compare_day", { n: formatNumber(item.lead[0], lang) })
        : t("compare_days", { min: formatNumber(item.lead[0], lang), max: formatNumber(item.lead[1], lang) });
      const rows = [
        ["supplier", t("compare_row_supplier"), (item) => document.createTextNode(item.supplier)],
        ["province", t("compare_row_province"), (item) => document.createTextNode(item.province || t("compare_none"))],
        ["moq", t("compare_row_moq"), (item) => document.createTextNode(`${formatNumber(item.moq, lang)} ${item.unit}`)],
        ["price", t("compare_row_price"), priceCell],
        ["lead", t("compare_row_lead"), (item) => document.createTextNode(lead(item))],
        ["incoterms", t("compare_row_incoterms"), (item) => document.createTextNode((item.incoterms || []).join(", ") || t("compare_none"))],
        ["certs", t("compare_row_certs"), (item) => list(item.certs || [])],
        ["packing", t("compare_row_packing"), (item) => document.createTextNode(packingText(item))],
      ];
      const body = el("tbody");
      for (const [key, label, value] of rows) {
        body.append(el("tr", { "data-row": key }, el("th", { scope: "row", text: label }), ...items.map((item) => cell(value(item)))));
      }
      return el("div", { class: "cat-compare__scroll", tabindex: "0", role: "region", "aria-labelledby": "cat-compare-caption" },
        el("table", { class: "cat-compare__table" },
          el("caption", { id: "cat-compare-caption", class: "cat-sr-only", text: t("compare_caption", { count: items.length }) }),
          el("thead", null, head), body));
    }

    async function render(ids, focusAfter) {
      if (!ids.length) {
        box.replaceChildren(status, el("p", { class: "cat-compare__empty" }, t("compare_empty"), " ",
          el("a", { href: new URL(cfg.catalogue, root).href, text: t("catalogue_title") })));
        return;
      }
      if (!ids.every((id) => pages.has(id))) {
        box.replaceChildren(status, el("p", { class: "cat-compare__loading", text: t("compare_loading") }));
        box.setAttribute("aria-busy", "true");
      }
      let items;
      try {
        items = await Promise.all(ids.map(fetchItem));
      } catch (e) {
        box.replaceChildren(status, el("p", { class: "cat-compare__error", text: t("compare_failed") }));
        box.setAttribute("aria-busy", "false");
        return;
      }
      const gone = ids.filter((id, i) => !items[i]);
      const shown = items.filter(Boolean);
      const share = el("button", { type: "button", class: "md-button cat-compare__share", text: t("compare_share") });
      const parts = [status];
      for (const id of gone) parts.push(el("p", { class: "cat-compare__gone", text: t("compare_unavailable", { id }) }));
      if (shown.length) parts.push(table(shown));
      if (shown.length === 1) parts.push(el("p", { class: "cat-compare__more" }, t("compare_one_more"), " ",
        el("a", { href: new URL(cfg.catalogue, root).href, text: t("catalogue_title") })));
      if (shown.length) parts.push(el("div", { class: "cat-compare__tools" }, share));
      box.replaceChildren(...parts);
      box.setAttribute("aria-busy", "false");
      box.setAttribute("data-shown", shown.map((i) => i.id).join(","));
      if (focusAfter) { const next = box.querySelector(".cat-compare__remove, a"); if (next) next.focus(); }
    }

    box.addEventListener("click", (event) => {
      const remove = event.target.closest(".cat-compare__remove");
      if (remove) {
        const id = remove.getAttribute("data-id");
        const ids = (idsFromURL() || compareSet.read()).filter((i) => i !== id);
        compareSet.write(ids);
        keepURL(ids);
        const item = pages.get(id);
        render(ids, true).then(() => { status.textContent = t("compare_removed_status", { name: item ? item.name : id }); });
        syncQuoteButtons();
        return;
      }
      if (event.target.closest(".cat-compare__share")) {
        const done = (ok) => { status.textContent = t(ok ? "compare_copied" : "compare_copy_failed"); };
        if (navigator.clipboard) navigator.clipboard.writeText(location.href).then(() => done(true), () => done(false));
        else done(false);
      }
    });

    function begin() {
      // A shared link wins and becomes this device's set; without one, the saved set.
      const fromURL = idsFromURL();
      const ids = fromURL !== null ? fromURL : compareSet.read();
      if (fromURL !== null) compareSet.write(ids);
      keepURL(ids);
      return render(ids, false);
    }

    begin();
    comparison = { refresh: () => { const ids = compareSet.read(); keepURL(ids); render(ids, false); } };
  }

  /* -- header search ---------------------------------------------------------------------- */
  function initHeaderSearch(form) {
    const field = form.querySelector("input");
    // Phones show only the magnifier: the first tap opens the field instead of submitting.
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented || field.value.trim() || field.offsetWidth > 8) return;
      event.preventDefault();
      form.classList.add("cat-hsearch--open");
      field.focus();
    });
    field.addEventListener("blur", () => {
      setTimeout(() => { if (!form.contains(document.activeElement) && !field.value) form.classList.remove("cat-hsearch--open"); }, 150);
    });
    field.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { field.value = ""; form.classList.remove("cat-hsearch--open"); form.querySelector("button").focus(); }
    });
  }

  /* -- start ------------------------------------------------------------------------------ */
  function start() {
    syncQuoteButtons();
    const header = document.querySelector(".cat-hsearch");
    if (header) initHeaderSearch(header);
    const search = document.getElementById("cat-search");
    if (search) initSearch(search);
    const list = document.getElementById("cat-inquiry");
    if (list) initInquiry(list);
    const compare = document.getElementById("cat-compare");
    if (compare) initCompare(compare);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
