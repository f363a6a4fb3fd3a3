/* Catalogue scripts: quote list, Pagefind search and filters, header search.
 *
 * Progressive enhancement only: without JavaScript the catalogue shows its static
 * grid, the header form still goes to /products/?q=, and product pages keep their
 * WhatsApp and e-mail links. No dependencies and no third-party hosts. Interface
 * text and the trading house's contact come from <script id="cat-i18n"> (rendered
 * by theme/main.html from catalog/data/ui.yaml and mkdocs.yml extra.trading_house).
 */
(function () {
  "use strict";

  const cfgEl = document.getElementById("cat-i18n");
  if (!cfgEl) return;
  const cfg = JSON.parse(cfgEl.textContent);
  const root = new URL(String(cfg.base || ".").replace(/\/?$/, "/"), location.href);
  const PAGE_SIZE = 24;
  const FILTER_GROUPS = ["category", "province", "certification", "segment", "export_ready",
    "moq", "price"];
  const SORTS = { name: { name: "asc" }, moq: { moq: "asc" }, newest: { newest: "desc" } };
  // Every product page carries this word (catalog/templates/product.html): searching it
  // instead of Pagefind's filter-only search (null), which fetches every index chunk,
  // costs one chunk.
  const ALL_PRODUCTS = "__product__";

  function t(key, params) {
    const text = (cfg.t && cfg.t[key]) || key;
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

  /* -- quote list storage ------------------------------------------------------ */
  const KEY = root.pathname + "catalog.quote";

  function cleanItem(raw) {
    if (!raw || typeof raw !== "object") return null;
    const item = {
      id: String(raw.id || ""), name: String(raw.name || ""),
      supplier: String(raw.supplier || ""), moq: Math.max(1, Math.ceil(Number(raw.moq) || 1)),
      unit: String(raw.unit || ""), url: String(raw.url || ""),
    };
    if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(item.id) || !item.name) return null;
    if (raw.qty !== undefined && raw.qty !== "") item.qty = String(raw.qty);
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

  function parseQuote(button) {
    try { return cleanItem(JSON.parse(button.getAttribute("data-quote"))); } catch (e) { return null; }
  }

  /* -- "add to quote list" buttons ---------------------------------------------- */
  let toast = null;
  let toastTimer = 0;

  function announceQuote(text, withLink) {
    if (!toast) {
      toast = el("div", { class: "cat-toast", role: "status", "aria-live": "polite" });
      document.body.append(toast);
    }
    const count = store.read().items.length;
    toast.replaceChildren(el("span", { text }));
    if (withLink && count) {
      toast.append(" ", el("a", { href: new URL(cfg.inquiry, root).href, text: t("quote_view", { count }) }));
    }
    toast.classList.add("cat-toast--shown");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => toast.classList.remove("cat-toast--shown"), 6000);
  }

  function syncQuoteButtons() {
    const ids = new Set(store.read().items.map((i) => i.id));
    for (const button of document.querySelectorAll(".cat-quote-add")) {
      const item = parseQuote(button);
      if (!item) continue;
      button.hidden = false;
      button.setAttribute("aria-pressed", ids.has(item.id) ? "true" : "false");
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".cat-quote-add");
    if (!button) return;
    const item = parseQuote(button);
    if (!item) return;
    const data = store.read();
    const index = data.items.findIndex((i) => i.id === item.id);
    if (index >= 0) data.items.splice(index, 1);
    else data.items.push(item);
    if (!store.write(data)) { announceQuote(t("quote_no_storage"), false); return; }
    syncQuoteButtons();
    announceQuote(index >= 0 ? t("quote_removed_status", { name: item.name })
      : t("quote_added_status", { name: item.name, count: data.items.length }), true);
  });

  window.addEventListener("storage", (event) => {
    if (event.key === KEY) { syncQuoteButtons(); if (inquiry) inquiry.refresh(); }
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

  function readState() {
    const params = new URLSearchParams(location.search);
    const state = { q: (params.get("q") || "").trim(), sort: params.get("sort") || "", filters: {} };
    if (!(state.sort in SORTS)) state.sort = "";
    for (const group of FILTER_GROUPS) {
      const values = params.getAll(group).filter(Boolean);
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

  function pagefindFilters(filters, except) {
    const out = { kind: "product" };
    for (const [group, values] of Object.entries(filters)) {
      if (group !== except && values.length) out[group] = { any: values };
    }
    return out;
  }

  function resolveSrcset(srcset, base) {
    return String(srcset || "").split(/,\s+/).filter(Boolean).map((part) => {
      const [url, width] = part.trim().split(/\s+/);
      return new URL(url, base).href + (width ? " " + width : "");
    }).join(", ");
  }

  function resultCard(data) {
    const meta = data.meta || {};
    let quote = null;
    try { quote = cleanItem(JSON.parse(meta.quote)); } catch (e) { /* card without quote button */ }
    const page = new URL(data.url, location.href);
    const name = (quote && quote.name) || meta.title || "";
    const media = el("div", { class: "cat-card__media" });
    if (meta.image || meta.srcset_jpeg) {
      const [w, h] = String(meta.image_size || "").split("x");
      const sizes = "(max-width: 480px) 92vw, (max-width: 960px) 45vw, 280px";
      const picture = el("picture");
      if (meta.srcset_avif) {
        picture.append(el("source", { type: "image/avif", srcset: resolveSrcset(meta.srcset_avif, page), sizes }));
      }
      picture.append(el("img", {
        src: new URL(meta.image || meta.srcset_jpeg.split(/\s/)[0], page).href,
        srcset: meta.srcset_jpeg ? resolveSrcset(meta.srcset_jpeg, page) : null,
        sizes: meta.srcset_jpeg ? sizes : null, width: w || null, height: h || null,
        alt: meta.image_alt || "", loading: "lazy", decoding: "async",
      }));
      media.append(picture);
    }
    const card = el("li", { class: "cat-card", "data-product": quote ? quote.id : null },
      el("a", { class: "cat-card__link", href: page.href }, media,
        el("h3", { class: "cat-card__name", text: name })),
      el("p", { class: "cat-card__supplier", text: [meta.supplier, meta.province].filter(Boolean).join(" · ") }),
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
    const summary = el("summary", { text: t("filters_title") });
    const groupsBox = el("div", { class: "cat-filters__groups" });
    const details = el("details", { class: "cat-filters" }, summary, groupsBox);
    const sort = el("select", { id: "cat-sort", class: "cat-search__sort" },
      el("option", { value: "", text: t("sort_relevance") }),
      ...Object.keys(SORTS).map((s) => el("option", { value: s, text: t("sort_" + s) })));
    const clear = el("button", { type: "button", class: "md-button cat-search__clear", text: t("filters_clear") });
    const tools = el("div", { class: "cat-search__tools" },
      el("div", { class: "cat-search__sortbox" }, el("label", { for: "cat-sort", text: t("sort_label") }), sort),
      clear);
    const status = el("p", { class: "cat-search__status", role: "status", "aria-live": "polite" });
    const results = el("ul", { class: "cat-grid", id: "cat-results", hidden: true });
    const more = el("button", { type: "button", class: "md-button cat-search__more", hidden: true, text: t("search_more") });
    box.replaceChildren(form, details, tools, status, results, more);

    const checkboxes = {};   // group -> value -> {input, count}
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
        values.forEach((value, i) => {
          const id = `cat-f-${group}-${i}`;
          const box_ = el("input", { type: "checkbox", id, name: group, value });
          const count = el("span", { class: "cat-count" });
          fieldset.append(el("div", { class: "cat-filters__option" }, box_,
            el("label", { for: id }, el("span", { text: value }), " ", count)));
          checkboxes[group][value] = { input: box_, count };
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
      summary.textContent = active ? t("filters_active", { count: active }) : t("filters_title");
      if (active) details.open = true;
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

    function showCounts(counts, state) {
      for (const [group, values] of Object.entries(checkboxes)) {
        for (const [value, c] of Object.entries(values)) {
          const n = (counts[group] && counts[group][value]) || 0;
          c.count.textContent = formatNumber(n, cfg.lang);
          c.input.disabled = !n && !c.input.checked;
          c.input.closest(".cat-filters__option").classList.toggle("cat-filters__option--empty", !n);
        }
      }
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
          showCounts(totals, state);
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
        showCounts(counts, state);
        pending = found.results.slice();
        results.replaceChildren();
        await renderMore(mine);
        if (mine !== seq) return;
        const n = found.results.length;
        status.textContent = n === 0 ? t("search_none") : n === 1 ? t("search_results_one") : t("search_results", { count: formatNumber(n, cfg.lang) });
        status.setAttribute("data-count", String(n));
        results.hidden = false;
        showStatic(false);
        done(mine);
      } catch (err) {
        if (mine !== seq) return;
        console.warn("catalogue search unavailable:", err);
        status.textContent = t("search_unavailable");
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
    // Filters start folded on every screen: the box then has one known height, which
    // the page reserves before this script runs (no layout shift; catalog.css).
    applyControls(current);
    history.replaceState(current, "", location.href);
    // With nothing asked yet, the index (filter counts) waits until the photos of the
    // static grid have loaded: on a slow phone link they are what the buyer sees first.
    if (isActive(current) || document.readyState === "complete") run(current);
    else window.addEventListener("load", () => run(current), { once: true });
  }

  /* -- quote list page (/inquiry/) ------------------------------------------------------ */
  let inquiry = null;

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
          const qty = el("input", { type: "number", id, name: "qty", class: "cat-quote__qty",
            min: String(item.moq), step: "1", inputmode: "numeric", required: true,
            value: item.qty !== undefined ? item.qty : String(item.moq), "aria-describedby": id + "-hint",
            "data-id": item.id });
          li.append(el("div", { class: "cat-quote__qtybox" },
            el("label", { for: id, text: t("quote_qty", { unit: item.unit }) }), qty), hint);
          check(qty);
        }
        li.append(el("button", { type: "button", class: "md-button cat-quote__remove", "data-id": item.id,
          "aria-label": t("quote_remove_label", { name: info.name }), text: t("quote_remove") }));
        list.append(li);
      });
      const field = (name, label, required, multiline) => {
        const id = "cat-buyer-" + name;
        const attrs = { id, name, required: required || null, autocomplete: { name: "name", company: "organization", country: "country-name" }[name] || null };
        const control = multiline ? el("textarea", Object.assign({ rows: "3" }, attrs)) : el("input", Object.assign({ type: "text" }, attrs));
        control.value = (data.buyer && data.buyer[name]) || "";
        return el("div", { class: "cat-quote__field" },
          el("label", { for: id }, label, required ? el("span", { class: "cat-quote__required", text: " (" + t("quote_required") + ")" }) : null),
          control);
      };
      const error = el("p", { class: "cat-quote__error", role: "alert", hidden: true });
      const actions = el("div", { class: "cat-quote__actions" });
      if (waNumber) actions.append(el("button", { type: "submit", class: "md-button md-button--primary cat-quote__wa", value: "whatsapp", text: t("quote_send_wa") }));
      if (house.email) actions.append(el("button", { type: "submit", class: "md-button cat-quote__mail", value: "email", text: t("quote_send_mail") }));
      const form = el("form", { class: "cat-quote" },
        el("fieldset", null, el("legend", { text: t("quote_products") }), list),
        el("fieldset", { class: "cat-quote__buyer" }, el("legend", { text: t("quote_buyer") }),
          field("name", t("quote_name"), true), field("company", t("quote_company")),
          field("country", t("quote_country")), field("notes", t("quote_notes"), false, true)),
        error, actions);
      box.replaceChildren(form);

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
        // (checkValidity() would fire "invalid" events, and with them the alert, on every key)
        if ([...form.elements].every((e) => !e.validity || e.validity.valid)) error.hidden = true;
      });
      form.addEventListener("invalid", (event) => {
        if (event.target.name === "qty") check(event.target);
        error.textContent = t("quote_fix");
        error.hidden = false;
      }, true);
      form.addEventListener("click", (event) => {
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
        if (!form.reportValidity()) return;
        error.hidden = true;
        send(event.submitter && event.submitter.value === "email" ? "email" : "whatsapp", form);
      });
    }

    function check(input) {
      const min = Number(input.min);
      const value = input.value === "" ? NaN : Number(input.value);
      const ok = Number.isInteger(value) && value >= min;
      const hint = input.closest(".cat-quote__item").querySelector(".cat-quote__hint");
      input.setCustomValidity(ok ? "" : hint.textContent);
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      hint.classList.toggle("cat-quote__hint--error", !ok);
    }

    function message(form) {
      const data = store.read();
      const lines = [t("quote_msg_intro", { house: house.name || "" }), ""];
      let n = 0;
      for (const item of data.items) {
        const info = productInfo(item);
        if (info.unavailable) continue;
        const qty = form.querySelector(`.cat-quote__qty[data-id="${item.id}"]`);
        n += 1;
        lines.push(t("quote_msg_item", { n, name: info.name, supplier: item.supplier,
          qty: formatNumber(Number(qty ? qty.value : item.moq), lang), unit: item.unit }));
        lines.push("   " + info.url);
      }
      lines.push("");
      for (const [name, key] of [["name", "quote_name"], ["company", "quote_company"], ["country", "quote_country"], ["notes", "quote_notes"]]) {
        const value = form.elements[name].value.trim();
        if (value) lines.push(`${t(key)}: ${value}`);
      }
      return { text: lines.join("\n"), count: n };
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
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
