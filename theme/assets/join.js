/* The /join/ form: builds a product's YAML file (and a new supplier's supplier.yaml) as the
 * user types, checks what a browser can, offers a download and GitHub's "create new file"
 * page prefilled. No backend, no dependencies, no third-party host.
 *
 * The form's HTML, vocabularies and messages are rendered by the site generator
 * (catalog/templates/block_join_form.html, text from catalog/data/ui.yaml). The repository
 * and branch come from mkdocs.yml (repo_url, extra.submission.branch) through this
 * script tag's data-repo and data-branch attributes (theme/main.html).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var MAX_URL = 8000; // GitHub and browsers handle longer URLs badly; fall back to download
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var PHOTO = /^(?!\/)(?!.*\.\.)[A-Za-z0-9._\/-]+\.(jpe?g|png|webp|avif|heic|heif)$/i;

  function init() {
    var form = document.getElementById("join-form");
    if (!form) return;
    var M = JSON.parse(document.getElementById("join-messages").textContent);
    var repo = ((script && script.getAttribute("data-repo")) || "").replace(/\/+$/, "");
    var branch = (script && script.getAttribute("data-branch")) || "main";
    var touched = {};
    var showAll = false;
    var productEdited = false;
    var lastValid = null;

    function $(id) { return document.getElementById(id); }
    function val(id) { var el = $(id); return el ? el.value.trim() : ""; }
    function fmt(text, params) {
      return String(text).replace(/\{(\w+)\}/g, function (m, k) {
        return params && k in params ? params[k] : m;
      });
    }
    function today() {
      var d = new Date();
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
    }
    function slugify(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
        .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
    }
    function isWhole(text) { return /^\d+$/.test(text); }
    function option(id) { var el = $(id); return el && el.selectedIndex >= 0 ? el.options[el.selectedIndex] : null; }
    function photoFile(i) {
      var file = val("jf-photo-" + i);
      return file && file.indexOf("/") < 0 ? "photos/" + file : file;
    }
    function certNumber(id) { return val(id).replace(/[\s.\-]/g, ""); }
    function newSupplier() { return $("jf-new-supplier").checked; }
    function tierPrice() { return $("jf-price-tier").checked; }

    // -- checks: [{id, message}] -------------------------------------------------------
    function check() {
      var problems = [];
      function add(id, message) {
        if (!problems.some(function (p) { return p.id === id; })) problems.push({ id: id, message: message });
      }
      function required(id) { if (!val(id)) { add(id, M.required); return false; } return true; }
      // An id must be a slug and not one the site's URLs reserve (`catalog validate`: R301, R323).
      function idProblem(id, kind) {
        var value = val(id);
        if (!SLUG.test(value)) add(id, M.slug);
        else if ((M.reserved_ids[kind] || []).indexOf(value) >= 0) add(id, fmt(M.reserved, { name: value }));
      }

      if (required("jf-supplier")) idProblem("jf-supplier", "supplier");
      if (newSupplier()) {
        if (required("jf-s-name") && val("jf-s-name").length < 2) add("jf-s-name", M.required);
        required("jf-s-type");
        required("jf-s-scale");
        if (required("jf-s-nib") && !/^\d{13}$/.test(val("jf-s-nib").replace(/\s/g, ""))) add("jf-s-nib", M.nib);
        required("jf-s-region");
        var wa = val("jf-s-whatsapp").replace(/[\s\-]/g, "");
        if (wa && !/^\+62[1-9]\d{7,12}$/.test(wa)) add("jf-s-whatsapp", M.whatsapp);
        var mail = val("jf-s-email");
        if (mail && !/^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(mail)) add("jf-s-email", M.email);
        if (!wa && !mail) add("jf-s-whatsapp", M.contact);
        required("jf-s-desc-id");
      }
      required("jf-name-id");
      if (required("jf-product")) idProblem("jf-product", "product");
      required("jf-category");
      required("jf-desc-id");
      if (val("jf-hs") && !/^\d{4}\.\d{2}$/.test(val("jf-hs"))) add("jf-hs", M.hs);

      var moq = val("jf-moq-qty");
      if (required("jf-moq-qty") && !(isWhole(moq) && +moq > 0)) add("jf-moq-qty", M.positive);
      required("jf-moq-unit");
      var cap = val("jf-cap-qty");
      if (cap && !(isWhole(cap) && +cap > 0)) add("jf-cap-qty", M.positive);
      if (cap && !val("jf-cap-unit")) add("jf-cap-unit", M.required);
      if (!cap && val("jf-cap-unit")) add("jf-cap-qty", M.required);
      var mu = option("jf-moq-unit"), cu = option("jf-cap-unit");
      if (isWhole(moq) && isWhole(cap) && mu && cu && mu.value && cu.value) {
        if (mu.getAttribute("data-dim") !== cu.getAttribute("data-dim")) {
          add("jf-cap-unit", M.units);
        } else if (+cap * +cu.getAttribute("data-factor") < +moq * +mu.getAttribute("data-factor")) {
          add("jf-cap-qty", fmt(M.capacity, { moq: moq + " " + mu.textContent }));
        }
      }
      var lo = val("jf-lead-min"), hi = val("jf-lead-max");
      if (required("jf-lead-min") && !isWhole(lo)) add("jf-lead-min", M.whole);
      if (required("jf-lead-max") && !isWhole(hi)) add("jf-lead-max", M.whole);
      if (isWhole(lo) && isWhole(hi) && +hi < +lo) add("jf-lead-max", M.lead);

      if (tierPrice()) {
        required("jf-currency");
        required("jf-basis");
        var qty = val("jf-tier-qty");
        if (required("jf-tier-qty")) {
          if (!(isWhole(qty) && +qty > 0)) add("jf-tier-qty", M.positive);
          else if (isWhole(moq) && +qty < +moq) add("jf-tier-qty", fmt(M.tier_moq, { moq: moq }));
        }
        var amount = val("jf-tier-amount");
        if (required("jf-tier-amount") && !(+amount > 0)) add("jf-tier-amount", M.positive);
        if (required("jf-valid-until") && val("jf-valid-until") < today()) add("jf-valid-until", M.past);
      }

      ["jf-halal", "jf-pirt", "jf-bpom"].forEach(function (id) {
        var el = $(id);
        var number = certNumber(id);
        if (number && !new RegExp(el.getAttribute("data-pattern")).test(number)) {
          add(id, fmt(M.cert, { example: el.getAttribute("data-example") }));
        }
      });
      var cat = option("jf-category");
      if (cat && cat.getAttribute("data-food") === "processed") {
        if (!certNumber("jf-halal")) add("jf-halal", M.food_halal);
        if (!certNumber("jf-pirt") && !certNumber("jf-bpom")) add("jf-pirt", M.food_licence);
      }

      var seen = {};
      for (var i = 1; i <= 3; i++) {
        var file = photoFile(i);
        var id = "jf-photo-" + i;
        if (i === 1) required(id);
        if (file) {
          if (!PHOTO.test(file)) add(id, M.photo_file);
          else if (seen[file]) add(id, M.photo_twice);
          seen[file] = true;
          if (!val(id + "-alt-id")) add(id + "-alt-id", M.photo_alt);
        } else if (val(id + "-alt-id") || val(id + "-alt-en")) {
          add(id, M.required);
        }
      }
      return problems;
    }

    // -- YAML ------------------------------------------------------------------------------
    function quoted(text) { return JSON.stringify(text); }
    function scalarText(text, indent) {
      // Several lines read best as a literal block; anything unusual stays a quoted string.
      var lines = text.replace(/\r\n?/g, "\n").split("\n").map(function (l) { return l.replace(/\s+$/, ""); });
      var plainChars = !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text);
      if (lines.length > 1 && plainChars && /^\S/.test(lines[0])) {
        var pad = new Array(indent + 3).join(" ");
        return "|-\n" + lines.map(function (l) { return l ? pad + l : ""; }).join("\n");
      }
      return quoted(text);
    }
    function localized(key, idText, enText, indent) {
      var pad = new Array(indent + 1).join(" ");
      var out = pad + key + ":\n" + pad + "  id: " + scalarText(idText, indent + 2) + "\n";
      if (enText) out += pad + "  en: " + scalarText(enText, indent + 2) + "\n";
      return out;
    }
    function num(text) {
      // Numbers as YAML numbers; anything else (still being typed) stays visible as text.
      return text !== "" && isFinite(+text) ? String(+text) : quoted(text);
    }

    function productYaml() {
      var y = "# yaml-language-server: $schema=../../schema/product.schema.json\n";
      y += localized("name", val("jf-name-id"), val("jf-name-en"), 0);
      y += localized("description", val("jf-desc-id"), val("jf-desc-en"), 0);
      y += "category: " + (val("jf-category") || '""') + "\n";
      y += "images:\n";
      var any = false;
      for (var i = 1; i <= 3; i++) {
        var file = photoFile(i);
        if (!file && (i > 1 || any)) continue;
        any = true;
        y += "  - file: " + quoted(file) + "\n";
        y += localized("alt", val("jf-photo-" + i + "-alt-id"), val("jf-photo-" + i + "-alt-en"), 4);
      }
      if (val("jf-hs")) y += "hs_code: " + quoted(val("jf-hs")) + "\n";
      y += "status: active\n";
      y += "moq: {quantity: " + num(val("jf-moq-qty")) + ", unit: " + (val("jf-moq-unit") || '""') + "}\n";
      if (val("jf-cap-qty")) {
        y += "capacity_per_month: {quantity: " + num(val("jf-cap-qty")) + ", unit: " + (val("jf-cap-unit") || '""') + "}\n";
      }
      y += "lead_time_days: {min: " + num(val("jf-lead-min")) + ", max: " + num(val("jf-lead-max")) + "}\n";
      if (tierPrice()) {
        y += "price:\n  currency: " + val("jf-currency") + "\n  basis: " + val("jf-basis") + "\n";
        y += "  tiers:\n    - {min_qty: " + num(val("jf-tier-qty")) + ", amount: " + num(val("jf-tier-amount")) + "}\n";
        y += "  valid_until: " + (val("jf-valid-until") || '""') + "\n";
        y += "incoterms: [" + val("jf-basis") + "]\n";
      } else {
        y += "price:\n  on_request: true\n";
      }
      var certs = "";
      if (val("jf-halal")) {
        certs += "  - type: halal\n    number: " + quoted(val("jf-halal")) + "\n    scheme: " + val("jf-halal-scheme") + "\n";
      }
      if (val("jf-pirt")) certs += "  - type: pirt\n    number: " + quoted(val("jf-pirt")) + "\n";
      if (val("jf-bpom")) certs += "  - type: bpom\n    number: " + quoted(val("jf-bpom")) + "\n";
      if (certs) y += "certifications:\n" + certs;
      return y;
    }

    function supplierYaml() {
      var y = "# yaml-language-server: $schema=../../schema/supplier.schema.json\n";
      y += "name: " + quoted(val("jf-s-name")) + "\n";
      y += "type: " + (val("jf-s-type") || '""') + "\n";
      y += "scale: " + (val("jf-s-scale") || '""') + "\n";
      y += localized("description", val("jf-s-desc-id"), val("jf-s-desc-en"), 0);
      y += "nib: " + quoted(val("jf-s-nib").replace(/\s/g, "")) + "\n";
      y += "region: " + quoted(val("jf-s-region")) + "\n";
      y += "contact:\n";
      var wa = val("jf-s-whatsapp").replace(/[\s\-]/g, "");
      if (wa) y += "  whatsapp: " + quoted(wa) + "\n";
      if (val("jf-s-email")) y += "  email: " + quoted(val("jf-s-email")) + "\n";
      return y;
    }

    // -- output ----------------------------------------------------------------------------
    function encode(text) { return encodeURIComponent(text).replace(/%2F/g, "/"); }
    function githubUrl(path, text) {
      var base = repo + "/new/" + encodeURI(branch) + "?filename=" + encode(path);
      var full = base + "&value=" + encode(text);
      return full.length <= MAX_URL ? { href: full, full: true } : { href: base, full: false };
    }
    function setLink(link, url) {
      link.href = url.href;
      link.textContent = url.full ? M.github : M.github_empty;
    }

    function render() {
      var supplier = val("jf-supplier") || "…";
      var product = val("jf-product") || "…";
      var path = "products/" + supplier + "/" + product + ".yaml";
      var text = productYaml();
      $("jf-filename").textContent = path;
      $("jf-yaml").textContent = text;
      var note = $("jf-github-note");
      var tooLong = false;
      if (repo) {
        var url = githubUrl(path, text);
        setLink($("jf-github"), url);
        tooLong = !url.full;
        $("jf-upload").href = repo + "/upload/" + encodeURI(branch) + "/products/" + encode(supplier) + "/photos";
      } else {
        $("jf-github").hidden = true;
      }
      var sOut = $("jf-supplier-output");
      sOut.hidden = !newSupplier();
      if (newSupplier()) {
        var sPath = "products/" + supplier + "/supplier.yaml";
        var sText = supplierYaml();
        $("jf-supplier-filename").textContent = sPath;
        $("jf-supplier-yaml").textContent = sText;
        if (repo) {
          var sUrl = githubUrl(sPath, sText);
          setLink($("jf-supplier-github"), sUrl);
          tooLong = tooLong || !sUrl.full;
        } else {
          $("jf-supplier-github").hidden = true;
        }
      }
      note.hidden = !tooLong;
      note.textContent = tooLong ? fmt(M.too_long, { supplier: supplier }) : "";
    }

    function showProblems(problems) {
      var byId = {};
      problems.forEach(function (p) { byId[p.id] = p.message; });
      form.querySelectorAll("input, select, textarea").forEach(function (el) {
        var error = $(el.id + "-error");
        if (!error) return;
        var message = byId[el.id];
        var visible = message && (showAll || touched[el.id]);
        if (visible) {
          el.setAttribute("aria-invalid", "true");
          error.textContent = message;
          error.hidden = false;
        } else {
          el.removeAttribute("aria-invalid");
          error.textContent = "";
          error.hidden = true;
        }
      });
    }

    function labelOf(id) {
      var label = form.querySelector('label[for="' + id + '"]');
      var text = label ? label.textContent : id;
      var mark = label && label.querySelector(".jf-req");
      return (mark ? text.replace(mark.textContent, "") : text).trim();
    }

    var shownSummary = null;
    function summary(problems) {
      var box = $("jf-summary");
      var key = JSON.stringify(problems);
      if (key === shownSummary) return; // unchanged: keep the links (one may be being clicked)
      shownSummary = key;
      box.textContent = "";
      if (!problems.length) { box.hidden = true; return; }
      var head = document.createElement("p");
      head.textContent = fmt(M.summary, { count: problems.length });
      var list = document.createElement("ul");
      problems.forEach(function (p) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + p.id;
        link.textContent = labelOf(p.id) + ": " + p.message;
        link.addEventListener("click", function (event) {
          event.preventDefault();
          $(p.id).focus();
        });
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(head);
      box.appendChild(list);
      box.hidden = false;
    }

    function update() {
      render();
      var problems = check();
      showProblems(problems);
      var valid = problems.length === 0;
      if (showAll) summary(problems);
      if (valid !== lastValid) {
        $("jf-status").textContent = valid ? M.valid : "";
        lastValid = valid;
      }
      return problems;
    }

    function ready(event) {
      showAll = true;
      var problems = update();
      if (problems.length) {
        event.preventDefault();
        $("jf-summary").focus();
        return false;
      }
      return true;
    }

    function download(name, text) {
      var blob = new Blob([text], { type: "application/x-yaml" });
      var url = URL.createObjectURL(blob);
      var a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
    }

    // -- wiring ----------------------------------------------------------------------------
    form.addEventListener("input", function (event) {
      var id = event.target.id;
      if (id === "jf-product") productEdited = event.target.value !== "";
      if (id === "jf-name-id" && !productEdited) $("jf-product").value = slugify(event.target.value);
      update();
    });
    form.addEventListener("change", function (event) {
      touched[event.target.id] = true;
      $("jf-supplier-fields").hidden = !newSupplier();
      $("jf-tier-fields").hidden = !tierPrice();
      update();
    });
    form.addEventListener("focusout", function (event) {
      if (event.target.id) { touched[event.target.id] = true; update(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); ready(event); });
    $("jf-download").addEventListener("click", function (event) {
      if (!ready(event)) return;
      download((val("jf-product") || "produk") + ".yaml", $("jf-yaml").textContent);
    });
    $("jf-supplier-download").addEventListener("click", function (event) {
      if (!ready(event)) return;
      download("supplier.yaml", $("jf-supplier-yaml").textContent);
    });
    $("jf-github").addEventListener("click", ready);
    $("jf-supplier-github").addEventListener("click", ready);
    ["jf-github", "jf-supplier-github", "jf-upload"].forEach(function (id) {
      $(id).target = "_blank";
    });
    $("jf-valid-until").min = today();
    $("jf-supplier-fields").hidden = !newSupplier();
    $("jf-tier-fields").hidden = !tierPrice();
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
