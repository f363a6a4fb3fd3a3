/* Supplier directory filters (suppliers/ and en/suppliers/; catalog/templates/directory_suppliers.html
 * loads this file, no other page does).
 *
 * Progressive enhancement: without JavaScript the page lists every supplier grouped by
 * province. Here the two selects (province, business type) are shown; a choice hides
 * the suppliers and province groups that do not match, says how many are shown
 * ("3 pemasok" / "3 suppliers", templates in the page's data-count attributes) and is
 * kept in the URL query (?province=<slug>&type=<type>): a reload, the back button and
 * a shared link show the same list. Unknown values in the query are ignored.
 */
(function () {
  "use strict";

  const box = document.getElementById("cat-dir");
  const form = document.getElementById("cat-dir-filters");
  const status = document.getElementById("cat-dir-status");
  if (!box || !form || !status) return;
  const FIELDS = ["province", "type"];
  const rows = Array.from(box.querySelectorAll("[data-dir-row]"));
  const groups = Array.from(box.querySelectorAll("[data-dir-group]"));
  const none = box.querySelector(".cat-dir__none");
  const reset = form.querySelector(".cat-dir__reset");
  const numbers = new Intl.NumberFormat(box.dataset.lang === "en" ? "en-US" : "id-ID");

  function select(name) {
    return form.elements.namedItem(name);
  }

  function fromUrl() {
    const query = new URLSearchParams(location.search);
    for (const name of FIELDS) {
      const field = select(name);
      const wanted = query.get(name) || "";
      const known = Array.from(field.options).some((o) => o.value === wanted);
      field.value = known ? wanted : "";
    }
  }

  function toUrl() {
    const query = new URLSearchParams(location.search);
    for (const name of FIELDS) {
      const value = select(name).value;
      if (value) query.set(name, value);
      else query.delete(name);
    }
    const search = query.toString();
    const url = location.pathname + (search ? "?" + search : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      history.pushState(null, "", url);
    }
  }

  function show() {
    const province = select("province").value;
    const type = select("type").value;
    let shown = 0;
    for (const row of rows) {
      const match = (!province || row.dataset.province === province)
        && (!type || row.dataset.type === type);
      row.hidden = !match;
      if (match) shown += 1;
    }
    for (const group of groups) {
      group.hidden = !group.querySelector("[data-dir-row]:not([hidden])");
    }
    const template = shown === 1 ? box.dataset.countOne : box.dataset.count;
    status.textContent = template.replace("{count}", numbers.format(shown));
    if (none) none.hidden = shown > 0;
    if (reset) reset.hidden = !province && !type;
  }

  form.addEventListener("change", () => {
    toUrl();
    show();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => {
    // the form's own reset sets the selects back to "all" after this event
    setTimeout(() => {
      toUrl();
      show();
      select("province").focus();
    });
  });
  window.addEventListener("popstate", () => {
    fromUrl();
    show();
  });

  fromUrl();
  show();
  form.hidden = false;
})();
