/* The /join/ form: a business owner lists a product from a phone, in four steps.
 *
 * It reads numbers as Indonesians write them (50.000, 50rb, Rp 1,5 jt; window.catalogJoin.
 * parseNumber, held to tests/fixtures/indonesian_numbers.json like the Python intake) and
 * says what it understood, keeps a draft in localStorage (never the photos), and sends the
 * answers three ways:
 *   - GitHub's issue form, prefilled through its query parameters (field ids);
 *   - without a GitHub account: the issue body GitHub would write (byte for byte what
 *     catalog/issue_form.py render_body gives) plus the photos, shared with the trading
 *     house by the Web Share API, or as a download, a mailto: and a wa.me link;
 *   - for git users: the product's YAML file (and a new supplier's supplier.yaml), to
 *     download or to open on GitHub's new-file page.
 * No backend, no dependencies, no third-party host.
 *
 * The HTML, vocabularies, issue-form fields and messages are rendered by the site generator
 * (catalog/templates/block_join_form.html, text from catalog/data/ui.yaml). The repository
 * and branch come from mkdocs.yml through this script tag's data-repo and data-branch
 * attributes (theme/main.html).
 */
(function () {
  "use strict";

  var script = document.currentScript;

  // -- numbers as Indonesians write them (pure; the same table as catalog/intake/numbers.py) --
  var CURRENCIES = [["US$", "USD"], ["USD", "USD"], ["$", "USD"], ["IDR", "IDR"], ["Rp.", "IDR"],
                    ["Rp", "IDR"]];
  var MULTIPLIERS = { rb: 3, ribu: 3, k: 3, jt: 6, juta: 6, m: 9, miliar: 9, milyar: 9 };
  var MAX_DIGITS = 15;
  // Python's str.strip() whitespace (the issue body is rendered by Python too).
  var PY_SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var PY_STRIP = new RegExp("^" + PY_SPACE + "+|" + PY_SPACE + "+$", "g");

  function pyStrip(text) { return String(text).replace(PY_STRIP, ""); }
  function collapse(text) { return String(text).split(/\s+/).filter(Boolean).join(" "); }

  /* {value, currency} for what could be read, else {error, …} saying why (for the message). */
  function readNumber(text) {
    var shown = collapse(text);
    var rest = shown;
    var currency = null;
    for (var i = 0; i < CURRENCIES.length; i++) {
      var mark = CURRENCIES[i][0];
      if (rest.slice(0, mark.length).toLowerCase() === mark.toLowerCase()) {
        currency = CURRENCIES[i][1];
        rest = rest.slice(mark.length).trim();
        break;
      }
    }
    rest = rest.replace(/,-$/, "").trim(); // "Rp 50.000,-": no cents
    var match = /^(\d[\d.,]*)\s*([a-z]+)?$/.exec(rest.toLowerCase());
    if (!match) return { error: "number", text: shown };
    var digits = match[1];
    var word = match[2];
    var shift = 0;
    if (word !== undefined) {
      if (!Object.prototype.hasOwnProperty.call(MULTIPLIERS, word)) return { error: "word", text: shown, word: word };
      shift = MULTIPLIERS[word];
      if (digits.indexOf(".") >= 0) return { error: "word_dot", text: shown, fixed: shown.replace(/\./g, ",") };
    }
    if (digits.indexOf(".") < 0 && /^\d{1,3}(,\d{3})+$/.test(digits)) {
      return { error: "comma", text: shown, whole: digits.replace(/,/g, "") };
    }
    var comma = digits.indexOf(",");
    if (digits.split(",").length > 2 || (comma >= 0 && digits.indexOf(".", comma) >= 0)) {
      return { error: "form", text: shown };
    }
    var whole = comma >= 0 ? digits.slice(0, comma) : digits;
    var fraction = comma >= 0 ? digits.slice(comma + 1) : "";
    if (whole.indexOf(".") >= 0) {
      // A dot groups thousands, strictly by three (Babel's strict reading of the id locale).
      if (!/^[1-9]\d{0,2}(\.\d{3})+$/.test(whole) || (comma >= 0 && !fraction)) {
        return { error: "dot", text: shown, fixed: shown.replace(/\./g, ",") };
      }
      whole = whole.replace(/\./g, "");
    }
    if ((whole + fraction).length > MAX_DIGITS) return { error: "large", text: shown };
    // Shift the decimal point by the multiplier's power of ten on the digits themselves,
    // so that 1,1 jt is exactly 1100000.
    while (fraction.length < shift) fraction += "0";
    whole += fraction.slice(0, shift);
    fraction = fraction.slice(shift);
    var value = Number(whole + (fraction ? "." + fraction : ""));
    return { value: value, currency: currency };
  }

  function parseNumber(text) {
    var reading = readNumber(text);
    return reading.error ? null : { value: reading.value, currency: reading.currency };
  }

  // Number words, for the message that says which reading "50,000" should be written as.
  var ID_SMALL = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
                  "sembilan", "sepuluh", "sebelas"];
  var ID_BIG = [[1e12, "triliun"], [1e9, "miliar"], [1e6, "juta"], [1e3, "ribu"]];
  function idWords(n) {
    if (n < 12) return ID_SMALL[n];
    if (n < 20) return idWords(n - 10) + " belas";
    var tail = function (rest) { return rest ? " " + idWords(rest) : ""; };
    if (n < 100) return idWords(Math.floor(n / 10)) + " puluh" + tail(n % 10);
    if (n < 200) return "seratus" + tail(n - 100);
    if (n < 1000) return idWords(Math.floor(n / 100)) + " ratus" + tail(n % 100);
    if (n < 2000) return "seribu" + tail(n - 1000);
    for (var i = 0; i < ID_BIG.length; i++) {
      var unit = ID_BIG[i][0];
      if (n >= unit) return idWords(Math.floor(n / unit)) + " " + ID_BIG[i][1] + tail(n % unit);
    }
    return String(n);
  }
  var EN_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                  "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                  "seventeen", "eighteen", "nineteen"];
  var EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
  var EN_BIG = [[1e12, "trillion"], [1e9, "billion"], [1e6, "million"], [1e3, "thousand"]];
  function enWords(n) {
    if (n < 20) return EN_SMALL[n];
    if (n < 100) return EN_TENS[Math.floor(n / 10)] + (n % 10 ? "-" + EN_SMALL[n % 10] : "");
    if (n < 1000) return EN_SMALL[Math.floor(n / 100)] + " hundred" + (n % 100 ? " " + enWords(n % 100) : "");
    for (var i = 0; i < EN_BIG.length; i++) {
      var unit = EN_BIG[i][0];
      if (n >= unit) return enWords(Math.floor(n / unit)) + " " + EN_BIG[i][1] + (n % unit ? " " + enWords(n % unit) : "");
    }
    return String(n);
  }

  /* 50000 -> "50.000" (id) or "50,000" (en); 9.5 -> "9,5"; money: two decimals when any. */
  function formatNumber(value, lang, money) {
    var parts = (Number.isInteger(value) ? String(value) : money ? value.toFixed(2)
                 : String(Number(value.toFixed(6)))).split(".");
    var group = lang === "en" ? "," : ".";
    var point = lang === "en" ? "." : ",";
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, group);
    return parts.length > 1 ? whole + point + parts[1] : whole;
  }
  /* As catalog.i18n.money: "Rp 50.000" on Indonesian pages, "IDR 50,000" on English ones. */
  function formatMoney(value, currency, lang) {
    var figure = formatNumber(value, lang, true);
    if (currency === "IDR" && lang !== "en") return "Rp " + figure;
    return currency + " " + figure;
  }

  window.catalogJoin = { parseNumber: parseNumber, readNumber: readNumber };

  // -- the form ---------------------------------------------------------------------------------
  var MAX_URL = 8000; // GitHub and browsers handle longer URLs badly
  var STEPS = 4;
  var DRAFT_KEY = "catalog-join-draft";
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var PHOTO_TYPES = { jpg: "jpg", jpeg: "jpg", png: "png", webp: "webp", avif: "avif", heic: "heic", heif: "heif" };
  var MIME_TYPES = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/avif": "avif",
                     "image/heic": "heic", "image/heif": "heif" };
  var MIN_PHOTO_SIDE = 800;
  var MAX_PHOTOS = 8;

  function init() {
    var form = document.getElementById("join-form");
    if (!form) return;
    function $(id) { return document.getElementById(id); }
    function json(id) { return JSON.parse($(id).textContent); }
    var M = json("join-messages");
    var ISSUE = json("join-issue-form");
    var HOUSE = json("join-house");
    var SUPPLIERS = {};
    [].forEach.call($("jf-suppliers").options, function (o) {
      SUPPLIERS[o.getAttribute("data-nib")] = { id: o.getAttribute("data-id"), name: o.value };
    });
    var FIELDS = {};
    ISSUE.fields.forEach(function (f) { FIELDS[f.id] = f; });
    var lang = form.getAttribute("data-lang") === "en" ? "en" : "id";
    var repo = ((script && script.getAttribute("data-repo")) || "").replace(/\/+$/, "");
    var branch = (script && script.getAttribute("data-branch")) || "main";

    var step = 1;
    var touched = {};
    var revealed = {};       // step -> its errors are shown (after "next" was refused)
    var route = null;        // the last way of sending tried: "github", "share" or "yaml"
    var productEdited = false;
    var supplierEdited = false;
    var photos = [];         // {file, original, ext, width, height}
    var githubOpened = false;
    var storage = null;
    try { storage = window.localStorage; storage.getItem(DRAFT_KEY); } catch (e) { storage = null; }

    var sections = [].slice.call(form.querySelectorAll(".jf-step"));
    var stepNames = [].slice.call(form.querySelectorAll(".jf-progress__name")).map(function (el) { return el.textContent; });

    // -- small helpers --------------------------------------------------------------------
    function val(id) { var el = $(id); return el ? pyStrip(el.value) : ""; }
    function checked(id) { var el = $(id); return !!(el && el.checked); }
    function fmt(text, params) {
      return String(text).replace(/\{(\w+)\}/g, function (m, k) {
        return params && k in params ? params[k] : m;
      });
    }
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function isoDate(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
    function today() { return isoDate(new Date()); }
    function inAYear() { var d = new Date(); d.setFullYear(d.getFullYear() + 1); return isoDate(d); }
    function dmy(iso) { var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso); return m ? m[3] + "-" + m[2] + "-" + m[1] : iso; }
    function slugify(text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
        .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
    }
    function option(id) { var el = $(id); return el && el.selectedIndex >= 0 ? el.options[el.selectedIndex] : null; }
    /* The issue form's text for one of its options, from the model value the page's select holds. */
    function optionText(fieldId, value) {
      var f = FIELDS[fieldId];
      var i = f && value ? f.values.indexOf(value) : -1;
      return i >= 0 ? f.options[i] : "";
    }
    function digitsOf(text) { return text.replace(/[\s.\-]/g, ""); }
    function sameName(a, b) { return slugify(a) === slugify(b); } // as `catalog intake` compares them
    function enc(text) { return encodeURIComponent(text); }

    // -- what the answers say so far ------------------------------------------------------
    function knownSupplier() {
      var nib = digitsOf(val("jf-s-nib"));
      return /^\d{13}$/.test(nib) && Object.prototype.hasOwnProperty.call(SUPPLIERS, nib) ? SUPPLIERS[nib] : null;
    }
    function newSupplier() { return !knownSupplier(); }
    function foodKind() { var o = option("jf-category"); return (o && o.getAttribute("data-food")) || ""; }
    function certsShown() { var kind = foodKind(); return kind === "fresh" || kind === "processed"; }
    function tierPrice() { return checked("jf-price-tier"); }
    function productId() { return val("jf-product"); }
    function supplierId() { return val("jf-supplier"); }

    /* Normalised WhatsApp number in E.164 (+62…), or null. */
    function whatsapp(text) {
      var d = text.replace(/[\s().\-]/g, "");
      if (/^0/.test(d)) d = "+62" + d.slice(1);
      else if (/^62/.test(d)) d = "+" + d;
      if (/^\+62/.test(d)) return /^\+62[1-9]\d{7,12}$/.test(d) ? d : null;
      return /^\+[1-9]\d{7,14}$/.test(d) ? d : null;
    }
    function hsCode(text) {
      var compact = text.replace(/[\s.]/g, "");
      return /^\d{6}$/.test(compact) ? compact.slice(0, 4) + "." + compact.slice(4) : text;
    }

    function numberMessage(reading) {
      switch (reading.error) {
        case "word": return fmt(M.err_number_word, reading);
        case "word_dot": return fmt(M.err_number_word_dot, reading);
        case "comma": {
          var n = Number(reading.whole);
          return fmt(M.err_number_comma, { text: reading.text, dots: formatNumber(n, "id"),
                                           words: lang === "en" ? enWords(n) : idWords(n) });
        }
        case "dot": return fmt(M.err_number_dot, reading);
        case "form": return fmt(M.err_number_form, reading);
        case "large": return fmt(M.err_number_large, reading);
        default: return fmt(M.err_number, reading);
      }
    }
    /* A number field's reading: {value, currency} or {message}; null when empty. */
    function number(id, opts) {
      var text = val(id);
      if (!text) return null;
      var reading = readNumber(text);
      if (reading.error) return { message: numberMessage(reading) };
      if (!opts.money && reading.currency) return { message: M.err_no_currency };
      if (opts.whole && !Number.isInteger(reading.value)) return { message: opts.min > 0 ? M.err_positive : M.err_whole };
      if (reading.value < opts.min) return { message: opts.money ? M.err_price : (opts.min > 0 ? M.err_positive : M.err_whole) };
      return reading;
    }
    function whole(id, min) { return number(id, { whole: true, min: min }); }
    function price() {
      var reading = number("jf-price-amount", { money: true, min: 0 });
      if (reading && !reading.message && !(reading.value > 0)) return { message: M.err_price };
      if (reading && !reading.message && !reading.currency) reading.currency = val("jf-currency") || "IDR";
      return reading;
    }
    /* "35 x 12 x 28" -> {length, width, height}; {message} when it cannot be read. */
    function size() {
      var text = val("jf-size");
      if (!text) return null;
      var parts = text.toLowerCase().replace(/cm/g, "").split(/\s*[x×*]\s*/).map(pyStrip);
      var values = parts.map(function (p) { var r = parseNumber(p); return r && !r.currency && r.value > 0 ? r.value : null; });
      if ((values.length !== 2 && values.length !== 3) || values.indexOf(null) >= 0) return { message: M.err_size };
      var out = { length: values[0], width: values[1] };
      if (values.length === 3) out.height = values[2];
      return out;
    }
    /* "850 g", "1,2 kg" -> grams; {message} when it cannot be read. */
    function weight() {
      var text = val("jf-weight");
      if (!text) return null;
      var m = /^(.*?)\s*(kg|g|gr|gram)?$/.exec(collapse(text).toLowerCase());
      var reading = parseNumber(m ? m[1] : text);
      if (!reading || reading.currency || !(reading.value > 0)) return { message: M.err_weight };
      var grams = m && m[2] === "kg" ? Number((reading.value * 1000).toPrecision(15)) : reading.value;
      return { value: grams };
    }

    /* Export packing (as catalog/intake/convert.py reads it): all three fields or none.
     * units: "24", "24 buah", "22,68 kg"; size: "60 x 40 x 40" (three sides, cm);
     * gross: "18,5", "18,5 kg", "18.500 g" -> kg. Each: null (empty), {value} or {message}. */
    var UNIT_WORDS = null;
    function unitWords() {
      if (UNIT_WORDS) return UNIT_WORDS;
      UNIT_WORDS = { pcs: 1, pc: 1, unit: 1, units: 1, biji: 1 };
      var unitSelect = $("jf-unit");
      [].forEach.call(unitSelect ? unitSelect.options : [], function (o) {
        if (o.value) { UNIT_WORDS[o.value.toLowerCase()] = 1; UNIT_WORDS[collapse(o.textContent).toLowerCase()] = 1; }
      });
      (FIELDS.unit ? FIELDS.unit.options : []).forEach(function (text) {
        text.split(" / ").forEach(function (half) { UNIT_WORDS[collapse(half).toLowerCase()] = 1; });
      });
      return UNIT_WORDS;
    }
    function packUnits() {
      var text = val("jf-pack-units");
      if (!text) return null;
      var words = collapse(text).split(" ");
      if (words.length > 1 && unitWords()[words[words.length - 1].toLowerCase().replace(/\.$/, "")]) words.pop();
      var reading = readNumber(words.join(" "));
      if (reading.error) return { message: numberMessage(reading) };
      if (reading.currency || !(reading.value > 0)) return { message: M.err_pack_units };
      return { value: reading.value };
    }
    function packSize() {
      var text = val("jf-pack-size");
      if (!text) return null;
      var parts = text.toLowerCase().replace(/cm/g, "").split(/\s*[x×*]\s*/).map(pyStrip);
      var values = parts.map(function (p) { var r = parseNumber(p); return r && !r.currency && r.value > 0 ? r.value : null; });
      if (values.length !== 3 || values.indexOf(null) >= 0) return { message: M.err_pack_size };
      return { length: values[0], width: values[1], height: values[2] };
    }
    function packGross() {
      var text = val("jf-pack-gross");
      if (!text) return null;
      var m = /^(.*?)\s*(kg|g|gr|gram)?$/.exec(collapse(text).toLowerCase());
      var reading = parseNumber(m ? m[1] : text);
      if (!reading || reading.currency || !(reading.value > 0)) return { message: M.err_pack_gross };
      var grams = m && m[2] && m[2] !== "kg";
      return { value: grams ? Number((reading.value / 1000).toPrecision(15)) : reading.value };
    }
    var PACKING = ["jf-pack-units", "jf-pack-size", "jf-pack-gross"];
    /* {units_per_carton, carton_cm, gross_kg} when all three read, else null. */
    function packing() {
      var u = packUnits(), c = packSize(), g = packGross();
      if (!u || !c || !g || u.message || c.message || g.message) return null;
      return { units: u.value, carton: c, gross: g.value };
    }
    function paymentTerms() {
      return [].slice.call(form.querySelectorAll("#jf-payment input[data-term]"))
        .filter(function (el) { return el.checked; })
        .map(function (el) { return el.getAttribute("data-term"); });
    }

    // -- checks: [{id, message}] ------------------------------------------------------------
    /* ``scope``: {steps: [..], photos, confirm, ids}. Fields of hidden groups are not checked. */
    function check(scope) {
      var problems = [];
      var steps = scope.steps || [];
      function add(id, message) {
        if (!problems.some(function (p) { return p.id === id; })) problems.push({ id: id, message: message });
      }
      function required(id) { if (!val(id)) { add(id, M.err_required); return false; } return true; }
      function numberProblem(id, reading) { if (reading && reading.message) add(id, reading.message); }

      if (steps.indexOf(1) >= 0) {
        if (required("jf-s-name") && val("jf-s-name").length < 2) add("jf-s-name", M.err_required);
        if (required("jf-s-nib")) {
          if (!/^\d{13}$/.test(digitsOf(val("jf-s-nib")))) add("jf-s-nib", M.err_nib);
          else if (knownSupplier() && val("jf-s-name") && !sameName(val("jf-s-name"), knownSupplier().name)) {
            add("jf-s-nib", fmt(M.err_nib_name, { name: knownSupplier().name }));
          }
        }
        if (newSupplier()) {
          var wa = val("jf-s-whatsapp");
          if (wa && !whatsapp(wa)) add("jf-s-whatsapp", M.err_whatsapp);
          var mail = val("jf-s-email");
          if (mail && !/^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(mail)) add("jf-s-email", M.err_email);
          if (!wa && !mail) add("jf-s-whatsapp", M.err_contact);
          required("jf-s-type");
          required("jf-s-scale");
          required("jf-s-region");
          required("jf-s-desc-id");
        }
      }
      if (steps.indexOf(2) >= 0) {
        required("jf-name-id");
        required("jf-category");
        required("jf-desc-id");
        numberProblem("jf-size", size());
        numberProblem("jf-weight", weight());
        if (certsShown()) {
          ["jf-halal", "jf-pirt", "jf-bpom"].forEach(function (id) {
            var el = $(id);
            var n = digitsOf(val(id));
            if (n && !new RegExp(el.getAttribute("data-pattern")).test(n)) {
              add(id, fmt(M.err_cert, { example: el.getAttribute("data-example") }));
            }
          });
          if (foodKind() === "processed") {
            if (!val("jf-halal")) add("jf-halal", M.err_food_halal);
            if (!val("jf-pirt") && !val("jf-bpom")) add("jf-pirt", M.err_food_licence);
          }
        }
      }
      if (steps.indexOf(3) >= 0) {
        var moq = required("jf-moq-qty") ? whole("jf-moq-qty", 1) : null;
        numberProblem("jf-moq-qty", moq);
        var moqValue = moq && !moq.message ? moq.value : null;
        required("jf-unit");
        var unit = option("jf-unit");
        var moqShown = moqValue !== null ? formatNumber(moqValue, lang) + (unit && unit.value ? " " + unit.textContent : "") : "";
        var cap = whole("jf-cap-qty", 1);
        numberProblem("jf-cap-qty", cap);
        if (cap && !cap.message && moqValue !== null && cap.value < moqValue) add("jf-cap-qty", fmt(M.err_capacity, { moq: moqShown }));
        var lo = required("jf-lead-min") ? whole("jf-lead-min", 0) : null;
        var hi = required("jf-lead-max") ? whole("jf-lead-max", 0) : null;
        numberProblem("jf-lead-min", lo);
        numberProblem("jf-lead-max", hi);
        if (lo && hi && !lo.message && !hi.message && hi.value < lo.value) add("jf-lead-max", M.err_lead);
        if (tierPrice()) {
          if (required("jf-price-amount")) numberProblem("jf-price-amount", price());
          var from = whole("jf-tier-qty", 1);
          numberProblem("jf-tier-qty", from);
          if (from && !from.message && moqValue !== null && from.value < moqValue) add("jf-tier-qty", fmt(M.err_tier_moq, { moq: moqShown }));
          if (val("jf-valid-until") && val("jf-valid-until") < today()) add("jf-valid-until", M.err_past);
        }
        if (val("jf-hs") && !/^\d{4}\.\d{2}$/.test(hsCode(val("jf-hs")))) add("jf-hs", M.err_hs);
        // a named place belongs to an Incoterm (a listed price without one is EXW)
        if (val("jf-place") && !tierPrice() && !val("jf-basis")) add("jf-basis", M.err_place_basis);
        numberProblem("jf-pack-units", packUnits());
        numberProblem("jf-pack-size", packSize());
        numberProblem("jf-pack-gross", packGross());
        if (PACKING.some(function (id) { return val(id); })) {
          PACKING.forEach(function (id) { if (!val(id)) add(id, M.err_pack_missing); });
        }
      }
      if (scope.photos) {
        if (!photos.length || photos.length > MAX_PHOTOS) add("jf-photos", M.err_photo_count);
        photos.forEach(function (p) {
          if (!p.ext) add("jf-photos", fmt(M.err_photo_type, { name: p.original }));
          else if (p.width && Math.max(p.width, p.height) < MIN_PHOTO_SIDE) {
            add("jf-photos", fmt(M.err_photo_small, { name: p.original, width: p.width, height: p.height }));
          }
        });
      }
      if (scope.confirm && !(checked("jf-confirm-photos") && checked("jf-confirm-true"))) add("jf-confirm-photos", M.err_confirm);
      if (scope.ids) {
        // An id must be a slug and not one the site's URLs reserve (`catalog validate`: R301, R323).
        [["jf-supplier", "supplier"], ["jf-product", "product"]].forEach(function (pair) {
          var value = val(pair[0]);
          if (!value) add(pair[0], M.err_required);
          else if (!SLUG.test(value)) add(pair[0], M.err_slug);
          else if ((M.reserved_ids[pair[1]] || []).indexOf(value) >= 0) add(pair[0], fmt(M.err_reserved, { name: value }));
        });
      }
      return problems;
    }
    var ALL_STEPS = [1, 2, 3];
    function scopeOf(kind) {
      if (kind === "share") return { steps: ALL_STEPS, photos: true, confirm: true };
      if (kind === "yaml") return { steps: ALL_STEPS, photos: true, ids: true };
      return { steps: ALL_STEPS };
    }
    function stepOf(id) {
      var el = $(id);
      var section = el && el.closest(".jf-step");
      return section ? +section.getAttribute("data-step") : 0;
    }
    /* The error element of a field (the confirmations share their fieldset's). */
    function errorOf(id) { return id === "jf-confirm-photos" ? $("jf-confirm-error") : $(id + "-error"); }

    // -- the answers as issue-form values (field id -> text; see issue_form.render_body) ---------
    function leadTime() {
      var lo = val("jf-lead-min"), hi = val("jf-lead-max");
      if (lo && hi) return lo === hi ? lo : lo + "-" + hi;
      return lo || hi;
    }
    function priceText() {
      var text = val("jf-price-amount");
      var reading = text ? readNumber(text) : null;
      // The currency chosen beside the figure goes into the text when the figure names none.
      if (reading && !reading.error && !reading.currency && val("jf-currency") === "USD") return "USD " + text;
      return text;
    }
    function photoName(p, i) {
      return (productId() || "foto") + "-" + (i + 1) + "." + (p.ext || "jpg");
    }
    function issueValues() {
      var v = { supplier_name: val("jf-s-name"), supplier_nib: val("jf-s-nib") };
      if (newSupplier()) {
        v.supplier_whatsapp = val("jf-s-whatsapp");
        v.supplier_email = val("jf-s-email");
        v.supplier_person = val("jf-s-person");
        v.supplier_type = optionText("supplier_type", val("jf-s-type"));
        v.supplier_scale = optionText("supplier_scale", val("jf-s-scale"));
        var region = option("jf-s-region");
        if (region && region.value) {
          v.supplier_province = region.getAttribute("data-province");
          v.supplier_regency = region.textContent;
        }
        v.supplier_description_id = val("jf-s-desc-id");
        v.supplier_description_en = val("jf-s-desc-en");
      }
      v.name_id = val("jf-name-id");
      v.name_en = val("jf-name-en");
      v.category = optionText("category", val("jf-category"));
      v.description_id = val("jf-desc-id");
      v.description_en = val("jf-desc-en");
      v.photos = photos.map(photoName).join("\n");
      v.photo_captions = val("jf-captions");
      v.moq = val("jf-moq-qty");
      v.unit = optionText("unit", val("jf-unit"));
      v.capacity = val("jf-cap-qty");
      v.lead_time = leadTime();
      if (tierPrice()) {
        v.price = priceText();
        v.price_min_qty = val("jf-tier-qty");
        v.price_valid_until = dmy(val("jf-valid-until"));
      }
      v.price_basis = optionText("price_basis", val("jf-basis"));
      v.price_place = val("jf-place");
      v.payment_terms = paymentTerms().map(function (term) { return optionText("payment_terms", term); });
      v.packing_units = val("jf-pack-units");
      v.packing_size = val("jf-pack-size");
      v.packing_gross = val("jf-pack-gross");
      v.hs_code = val("jf-hs");
      v.material = val("jf-material");
      v.size = val("jf-size");
      v.net_weight = val("jf-weight");
      v.packaging = val("jf-packaging");
      v.samples = optionText("samples", val("jf-samples"));
      if (checked("jf-oem")) v.oem = FIELDS.oem.options[FIELDS.oem.values.findIndex(Boolean)];
      v.customization = val("jf-customization");
      if (certsShown()) {
        v.halal_number = val("jf-halal");
        if (v.halal_number) v.halal_scheme = optionText("halal_scheme", val("jf-halal-scheme"));
        v.pirt_number = val("jf-pirt");
        v.bpom_number = val("jf-bpom");
      }
      v.confirm = [].slice.call(form.querySelectorAll("#jf-confirm input[data-option]"))
        .filter(function (el) { return el.checked; })
        .map(function (el) { return FIELDS.confirm.options[+el.getAttribute("data-option")]; });
      return v;
    }
    /* The issue body exactly as GitHub writes it for these values (issue_form.render_body). */
    function renderBody(values) {
      return ISSUE.fields.map(function (f) {
        var value = values[f.id];
        var text;
        if (f.kind === "checkboxes") {
          var ticked = value || [];
          text = f.options.map(function (o) { return "- [" + (ticked.indexOf(o) >= 0 ? "X" : " ") + "] " + o; }).join("\n");
        } else if (Array.isArray(value)) {
          text = value.join(", ");
        } else {
          text = pyStrip(value || "");
        }
        return "### " + f.label + "\n\n" + (text || ISSUE.no_response);
      }).join("\n\n");
    }
    function title(values) { return ISSUE.title_prefix + (values.name_id || ""); }
    /* GitHub's issue form prefilled: typed fields only (GitHub documents prefilling by field id
     * and says nothing of how a dropdown or a checkbox would be given; those are chosen there). */
    function issueUrl(values) {
      var base = repo + "/issues/new?";
      var head = [["template", ISSUE.template], ["title", title(values)]];
      // Photos are attached on GitHub itself: the names of photos picked here mean nothing there.
      var kept = ISSUE.fields.filter(function (f) {
        return (f.kind === "input" || f.kind === "textarea") && f.id !== "photos" && values[f.id];
      });
      var dropped = [];
      function build() {
        return base + head.concat(kept.map(function (f) { return [f.id, values[f.id]]; }))
          .map(function (p) { return enc(p[0]) + "=" + enc(p[1]); }).join("&");
      }
      var url = build();
      while (url.length > MAX_URL && kept.length) {
        var longest = kept.reduce(function (a, f) { return enc(values[f.id]).length > enc(values[a.id]).length ? f : a; });
        kept.splice(kept.indexOf(longest), 1);
        dropped.push(longest);
        url = build();
      }
      return { href: url, dropped: dropped };
    }

    // -- YAML for git users -------------------------------------------------------------------
    function quoted(text) { return JSON.stringify(text); }
    function scalarText(text, indent) {
      // Several lines read best as a literal block; anything unusual stays a quoted string.
      var lines = text.replace(/\r\n?/g, "\n").split("\n").map(function (l) { return l.replace(/\s+$/, ""); });
      var plainChars = !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(text);
      if (lines.length > 1 && plainChars && /^\S/.test(lines[0])) {
        var spaces = new Array(indent + 3).join(" ");
        return "|-\n" + lines.map(function (l) { return l ? spaces + l : ""; }).join("\n");
      }
      return quoted(text);
    }
    function localized(key, idText, enText, indent) {
      var spaces = new Array(indent + 1).join(" ");
      var out = spaces + key + ":\n" + spaces + "  id: " + scalarText(idText, indent + 2) + "\n";
      if (enText) out += spaces + "  en: " + scalarText(enText, indent + 2) + "\n";
      return out;
    }
    /* "Kotak isi 12 / Box of 12" -> [id, en]; one language -> [text, ""] (as the intake reads it). */
    function langPair(text) {
      var i = text.indexOf(" / ");
      if (i >= 0 && pyStrip(text.slice(0, i)) && pyStrip(text.slice(i + 3))) return [pyStrip(text.slice(0, i)), pyStrip(text.slice(i + 3))];
      return [text, ""];
    }
    function num(reading, text) {
      // Numbers as YAML numbers; anything else (still being typed) stays visible as text.
      return reading && !reading.message ? String(reading.value) : quoted(text);
    }

    function productYaml() {
      var y = "# yaml-language-server: $schema=../../schema/product.schema.json\n";
      y += localized("name", val("jf-name-id"), val("jf-name-en"), 0);
      y += localized("description", val("jf-desc-id"), val("jf-desc-en"), 0);
      y += "category: " + (val("jf-category") || '""') + "\n";
      if (!photos.length) y += "images: []\n";
      else y += "images:\n";
      var captions = val("jf-captions").split("\n").map(pyStrip).filter(Boolean);
      photos.forEach(function (p, i) {
        y += "  - file: " + quoted("photos/" + photoName(p, i)) + "\n";
        var alt;
        if (i < captions.length) alt = langPair(captions[i]);
        else {
          alt = [fmt(M.caption_id, { name: val("jf-name-id") || "Produk", n: i + 1 }),
                 val("jf-name-en") ? fmt(M.caption_en, { name: val("jf-name-en"), n: i + 1 }) : ""];
        }
        y += localized("alt", alt[0], alt[1], 4);
      });
      if (val("jf-hs")) y += "hs_code: " + quoted(hsCode(val("jf-hs"))) + "\n";
      y += "status: active\n";
      var unit = val("jf-unit") || '""';
      y += "moq: {quantity: " + num(whole("jf-moq-qty", 1), val("jf-moq-qty")) + ", unit: " + unit + "}\n";
      if (val("jf-cap-qty")) {
        y += "capacity_per_month: {quantity: " + num(whole("jf-cap-qty", 1), val("jf-cap-qty")) + ", unit: " + unit + "}\n";
      }
      y += "lead_time_days: {min: " + num(whole("jf-lead-min", 0), val("jf-lead-min")) +
           ", max: " + num(whole("jf-lead-max", 0), val("jf-lead-max")) + "}\n";
      if (tierPrice()) {
        var reading = price();
        var basis = val("jf-basis") || "EXW";
        var moq = whole("jf-moq-qty", 1);
        var from = val("jf-tier-qty") ? num(whole("jf-tier-qty", 1), val("jf-tier-qty")) : num(moq, val("jf-moq-qty"));
        y += "price:\n  currency: " + (reading && !reading.message ? reading.currency : val("jf-currency") || "IDR") + "\n";
        y += "  basis: " + basis + "\n";
        if (val("jf-place")) y += "  place: " + quoted(collapse(val("jf-place"))) + "\n";
        // An amount only once the price reads as a number: never a silent 50 for "50.000".
        y += "  tiers:\n    - {min_qty: " + from + (reading && !reading.message ? ", amount: " + reading.value : "") + "}\n";
        y += "  valid_until: " + (val("jf-valid-until") || inAYear()) + "\n";
        y += "incoterms: [" + basis + "]\n";
      } else {
        y += "price:\n  on_request: true\n";
        // on request, yet quoted on an Incoterm at a named place (FOB Bungkutoko, Kendari)
        if (val("jf-basis")) {
          y += "  basis: " + val("jf-basis") + "\n";
          if (val("jf-place")) y += "  place: " + quoted(collapse(val("jf-place"))) + "\n";
          y += "incoterms: [" + val("jf-basis") + "]\n";
        }
      }
      if (val("jf-material")) { var mat = langPair(val("jf-material")); y += localized("material", mat[0], mat[1], 0); }
      var dims = size();
      if (dims && !dims.message) {
        y += "size_cm: {length: " + dims.length + ", width: " + dims.width + (dims.height !== undefined ? ", height: " + dims.height : "") + "}\n";
      }
      var grams = weight();
      if (grams && !grams.message) y += "net_weight_g: " + grams.value + "\n";
      if (val("jf-packaging")) { var pack = langPair(val("jf-packaging")); y += localized("packaging", pack[0], pack[1], 0); }
      var exportPacking = packing();
      if (exportPacking) {
        var c = exportPacking.carton;
        y += "export_packing:\n  units_per_carton: " + exportPacking.units + "\n" +
             "  carton_cm: {length: " + c.length + ", width: " + c.width + ", height: " + c.height + "}\n" +
             "  gross_kg: " + exportPacking.gross + "\n";
      }
      var terms = paymentTerms();
      if (terms.length) y += "payment_terms: [" + terms.join(", ") + "]\n";
      var samples = val("jf-samples");
      if (samples) y += "samples: {available: " + (samples !== "no") + ", free: " + (samples === "free") + "}\n";
      if (checked("jf-oem") || val("jf-customization")) {
        y += "customization:\n  oem: " + checked("jf-oem") + "\n";
        if (val("jf-customization")) { var note = langPair(val("jf-customization")); y += localized("note", note[0], note[1], 2); }
      }
      var certs = "";
      if (certsShown()) {
        if (val("jf-halal")) {
          certs += "  - type: halal\n    number: " + quoted(digitsOf(val("jf-halal"))) + "\n    scheme: " + val("jf-halal-scheme") + "\n";
        }
        if (val("jf-pirt")) certs += "  - type: pirt\n    number: " + quoted(digitsOf(val("jf-pirt"))) + "\n";
        if (val("jf-bpom")) certs += "  - type: bpom\n    number: " + quoted(digitsOf(val("jf-bpom"))) + "\n";
      }
      if (certs) y += "certifications:\n" + certs;
      return y;
    }

    function supplierYaml() {
      var y = "# yaml-language-server: $schema=../../schema/supplier.schema.json\n";
      y += "name: " + quoted(val("jf-s-name")) + "\n";
      y += "type: " + (val("jf-s-type") || '""') + "\n";
      y += "scale: " + (val("jf-s-scale") || '""') + "\n";
      y += localized("description", val("jf-s-desc-id"), val("jf-s-desc-en"), 0);
      y += "nib: " + quoted(digitsOf(val("jf-s-nib"))) + "\n";
      y += "region: " + quoted(val("jf-s-region")) + "\n";
      y += "contact:\n";
      var wa = val("jf-s-whatsapp");
      if (wa) y += "  whatsapp: " + quoted(whatsapp(wa) || wa) + "\n";
      if (val("jf-s-email")) y += "  email: " + quoted(val("jf-s-email")) + "\n";
      if (val("jf-s-person")) y += "  person: " + quoted(val("jf-s-person")) + "\n";
      return y;
    }

    // -- showing it -----------------------------------------------------------------------------
    function encodePath(text) { return encodeURIComponent(text).replace(/%2F/g, "/"); }
    function newFileUrl(path, text) {
      var base = repo + "/new/" + encodeURI(branch) + "?filename=" + encodePath(path);
      var full = base + "&value=" + encodePath(text);
      return full.length <= MAX_URL ? { href: full, full: true } : { href: base, full: false };
    }
    function setFileLink(link, url) {
      link.href = url.href;
      link.textContent = url.full ? M.github : M.github_empty;
    }
    function setEcho(id, text) {
      var echo = $(id + "-echo");
      if (!echo) return;
      echo.textContent = text || "";
      echo.hidden = !text;
    }
    function echoes() {
      function readAs(reading, shown) { return reading && !reading.message ? fmt(M.read_as, { value: shown(reading) }) : ""; }
      var plain = function (r) { return formatNumber(r.value, lang); };
      // A count is echoed when it reads differently from what was typed (2000, 2 rb -> 2.000).
      [["jf-moq-qty", 1], ["jf-cap-qty", 1], ["jf-tier-qty", 1], ["jf-lead-min", 0], ["jf-lead-max", 0]].forEach(function (pair) {
        var reading = whole(pair[0], pair[1]);
        var same = reading && !reading.message && plain(reading) === val(pair[0]);
        setEcho(pair[0], same ? "" : readAs(reading, plain));
      });
      setEcho("jf-price-amount", readAs(price(), function (r) { return formatMoney(r.value, r.currency, lang); }));
      var dims = size();
      setEcho("jf-size", dims && !dims.message ? fmt(M.read_size, {
        value: [dims.length, dims.width, dims.height].filter(function (x) { return x !== undefined; })
          .map(function (x) { return formatNumber(x, lang); }).join(" × ") }) : "");
      var grams = weight();
      setEcho("jf-weight", grams && !grams.message ? fmt(M.read_weight, { value: formatNumber(grams.value, lang) }) : "");
      var units = packUnits();
      // in the minimum order's unit: "Dibaca: 24 buah" says which unit the count is in
      var unitOption = option("jf-unit");
      var unitsShown = units && !units.message ? formatNumber(units.value, lang) +
        (unitOption && unitOption.value ? " " + collapse(unitOption.textContent) : "") : "";
      setEcho("jf-pack-units", unitsShown && unitsShown !== val("jf-pack-units") ? fmt(M.read_as, { value: unitsShown }) : "");
      var carton = packSize();
      setEcho("jf-pack-size", carton && !carton.message ? fmt(M.read_size, {
        value: [carton.length, carton.width, carton.height].map(function (x) { return formatNumber(x, lang); }).join(" × ") }) : "");
      var gross = packGross();
      setEcho("jf-pack-gross", gross && !gross.message ? fmt(M.read_kg, { value: formatNumber(gross.value, lang) }) : "");
    }
    function renderPhotos() {
      var list = $("jf-photos-list");
      list.textContent = "";
      photos.forEach(function (p, i) {
        var item = document.createElement("li");
        var params = { file: photoName(p, i), name: p.original, width: p.width, height: p.height };
        item.textContent = fmt(p.width ? M.photo_item_size : M.photo_item, params);
        list.appendChild(item);
      });
      list.hidden = !photos.length;
    }

    var lastValues = null;
    function render() {
      var known = knownSupplier();
      $("jf-supplier-fields").hidden = !!known;
      $("jf-known").textContent = known ? fmt(M.known_supplier, { name: known.name }) : "";
      $("jf-certs").hidden = !certsShown();
      $("jf-tier-fields").hidden = !tierPrice();
      // an empty Incoterm is EXW for a listed price, and none for a price on request
      $("jf-basis").options[0].textContent = tierPrice() ? M.basis_default : M.basis_none;
      if (!productEdited) $("jf-product").value = slugify(val("jf-name-id"));
      if (!supplierEdited) $("jf-supplier").value = known ? known.id : slugify(val("jf-s-name"));
      echoes();
      renderPhotos();

      var values = issueValues();
      lastValues = values;
      var text = renderBody(values);
      // GitHub's issue form, prefilled
      var issue = $("jf-issue");
      if (issue) {
        var url = issueUrl(values);
        issue.href = url.href;
        var note = $("jf-issue-note");
        var notes = [];
        if (githubOpened) notes.push(M.github_opened);
        if (url.dropped.length) {
          notes.push(fmt(M.github_dropped, { fields: url.dropped.map(function (f) { return "“" + f.label + "”"; }).join(", ") }));
        }
        note.textContent = notes.join(" ");
        note.hidden = !notes.length;
        var list = $("jf-then-choose-list");
        list.textContent = "";
        ISSUE.fields.forEach(function (f) {
          var value = values[f.id];
          if (f.kind !== "dropdown" || !value || (Array.isArray(value) && !value.length)) return;
          var item = document.createElement("li");
          var chosen = document.createElement("strong");
          chosen.textContent = Array.isArray(value) ? value.join(", ") : value;
          item.appendChild(document.createTextNode(f.label + ": "));
          item.appendChild(chosen);
          list.appendChild(item);
        });
        list.hidden = !list.childNodes.length;
        $("jf-then-choose-none").hidden = !!list.childNodes.length;
      }
      // without GitHub: e-mail and WhatsApp carry the same text
      var mail = $("jf-mail");
      if (mail) mail.href = "mailto:" + HOUSE.email + "?subject=" + enc(title(values)) + "&body=" + enc(text);
      var wa = $("jf-wa");
      if (wa) wa.href = "https://wa.me/" + HOUSE.whatsapp + "?text=" + enc(text);

      // for git users
      var supplier = supplierId() || "…";
      var path = "products/" + supplier + "/" + (productId() || "…") + ".yaml";
      var yaml = productYaml();
      $("jf-filename").textContent = path;
      $("jf-yaml").textContent = yaml;
      var tooLong = false;
      if (repo) {
        var fileUrl = newFileUrl(path, yaml);
        setFileLink($("jf-github"), fileUrl);
        tooLong = !fileUrl.full;
        $("jf-upload").href = repo + "/upload/" + encodeURI(branch) + "/products/" + encodePath(supplier) + "/photos";
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
          var sUrl = newFileUrl(sPath, sText);
          setFileLink($("jf-supplier-github"), sUrl);
          tooLong = tooLong || !sUrl.full;
        } else {
          $("jf-supplier-github").hidden = true;
        }
      }
      var fileNote = $("jf-github-note");
      fileNote.hidden = !tooLong;
      fileNote.textContent = tooLong ? fmt(M.too_long, { supplier: supplier }) : "";
    }

    function showProblems(problems) {
      var byId = {};
      problems.forEach(function (p) { byId[p.id] = p.message; });
      form.querySelectorAll("input, select, textarea").forEach(function (el) {
        var error = errorOf(el.id);
        if (!error || el.id === "jf-confirm-true") return;
        var message = byId[el.id];
        var visible = message && (route || revealed[stepOf(el.id)] || touched[el.id]);
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
      if (id === "jf-confirm-photos") return $("jf-confirm").querySelector("legend").firstChild.textContent.trim();
      var label = form.querySelector('label[for="' + id + '"]');
      var text = label ? label.textContent : id;
      var mark = label && label.querySelector(".jf-req");
      return (mark ? text.replace(mark.textContent, "") : text).trim();
    }

    /* Show a field: on its step (or in the opened git details), below the sticky header. */
    function reveal(id) {
      var n = stepOf(id);
      if (n && n !== step) goTo(n, false);
      var details = $(id) && $(id).closest("details");
      if (details) details.open = true;
      var el = $(id);
      var box = el.closest(".jf-field") || el;
      box.scrollIntoView({ block: "start" });
      el.focus({ preventScroll: true });
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
          reveal(p.id);
        });
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(head);
      box.appendChild(list);
      box.hidden = false;
    }

    var lastValid = null;
    function update() {
      render();
      var problems = check({ steps: ALL_STEPS, photos: route === "share" || route === "yaml",
                             confirm: route === "share", ids: route === "yaml" });
      showProblems(problems);
      if (route) summary(check(scopeOf(route)));
      var valid = check(scopeOf("github")).length === 0;
      if (valid !== lastValid) {
        $("jf-status").textContent = valid ? M.valid : "";
        lastValid = valid;
      }
    }

    // -- steps ------------------------------------------------------------------------------------
    function goTo(n, focus) {
      step = Math.max(1, Math.min(STEPS, n));
      sections.forEach(function (s) { s.hidden = +s.getAttribute("data-step") !== step; });
      form.querySelectorAll(".jf-progress__item").forEach(function (item) {
        var k = +item.getAttribute("data-step");
        if (k === step) item.setAttribute("aria-current", "step");
        else item.removeAttribute("aria-current");
        item.classList.toggle("jf-progress__item--done", k < step);
      });
      $("jf-back").hidden = step === 1;
      $("jf-next").hidden = step === STEPS;
      $("jf-next").textContent = step < STEPS ? fmt(M.next_to, { step: stepNames[step] }) : "";
      if (focus) {
        // The progress bar in view, the step's heading focused (read out by screen readers).
        form.querySelector(".jf-progress").scrollIntoView({ block: "start" });
        $("jf-step-" + step + "-title").focus({ preventScroll: true });
      }
      saveDraft();
    }
    function next() {
      revealed[step] = true;
      var problems = check({ steps: [step] }).filter(function (p) { return stepOf(p.id) === step; });
      update();
      if (problems.length) {
        // the first in the page's order
        var fields = [].slice.call(sections[step - 1].querySelectorAll("input, select, textarea")).map(function (el) { return el.id; });
        problems.sort(function (a, b) { return fields.indexOf(a.id) - fields.indexOf(b.id); });
        reveal(problems[0].id);
        return;
      }
      goTo(step + 1, true);
    }

    /* Before sending: everything checked; refused (with the summary focused) when not ready. */
    function ready(kind, event) {
      route = kind;
      update();
      if (check(scopeOf(kind)).length) {
        if (event) event.preventDefault();
        $("jf-summary").focus();
        return false;
      }
      return true;
    }

    // -- draft ------------------------------------------------------------------------------------
    function draftFields() {
      return [].slice.call(form.querySelectorAll("input, select, textarea")).filter(function (el) {
        return el.id && el.type !== "file";
      });
    }
    function saveDraft() {
      if (!storage || !started) return;
      var fields = {};
      draftFields().forEach(function (el) {
        fields[el.id] = el.type === "checkbox" || el.type === "radio" ? el.checked : el.value;
      });
      try {
        storage.setItem(DRAFT_KEY, JSON.stringify({ version: 1, step: step, fields: fields,
          productEdited: productEdited, supplierEdited: supplierEdited }));
      } catch (e) { /* full or refused: the form still works */ }
    }
    function restoreDraft() {
      if (!storage) return false;
      var draft;
      try { draft = JSON.parse(storage.getItem(DRAFT_KEY) || "null"); } catch (e) { draft = null; }
      if (!draft || draft.version !== 1 || !draft.fields) return false;
      draftFields().forEach(function (el) {
        if (!Object.prototype.hasOwnProperty.call(draft.fields, el.id)) return;
        var value = draft.fields[el.id];
        if (el.type === "checkbox" || el.type === "radio") el.checked = value === true;
        else el.value = String(value);
      });
      productEdited = !!draft.productEdited;
      supplierEdited = !!draft.supplierEdited;
      step = draft.step || 1;
      return true;
    }
    function clearDraft() {
      try { if (storage) storage.removeItem(DRAFT_KEY); } catch (e) { /* nothing kept anyway */ }
      form.reset();
      Object.keys(pending).forEach(function (id) { clearTimeout(pending[id]); });
      photos = [];
      touched = {};
      revealed = {};
      route = null;
      productEdited = false;
      supplierEdited = false;
      shownSummary = null;
      $("jf-summary").hidden = true;
      $("jf-summary").textContent = "";
      githubOpened = false;
      $("jf-share-status").textContent = "";
      started = false;
      update();
      goTo(1, false);
      started = true;
      $("jf-draft-status").textContent = M.draft_cleared;
      $("jf-step-1-title").focus();
    }

    // -- photos -------------------------------------------------------------------------------------
    function pickPhotos(files) {
      photos = [].slice.call(files).map(function (file) {
        var m = /\.([A-Za-z0-9]+)$/.exec(file.name);
        var ext = (m && PHOTO_TYPES[m[1].toLowerCase()]) || MIME_TYPES[file.type] || null;
        return { file: file, original: file.name, ext: ext, width: 0, height: 0 };
      });
      photos.forEach(function (p) {
        if (!p.ext || !window.URL || !URL.createObjectURL) return;
        // The size only (no pixels are kept): the image loads from memory and is let go.
        var url = URL.createObjectURL(p.file);
        var img = new Image();
        img.onload = function () {
          p.width = img.naturalWidth;
          p.height = img.naturalHeight;
          URL.revokeObjectURL(url);
          if (photos.indexOf(p) >= 0) update();
        };
        img.onerror = function () { URL.revokeObjectURL(url); }; // HEIC and the like: not checked here
        img.src = url;
      });
      touched["jf-photos"] = true;
      update();
    }
    function sharedFiles() {
      return photos.map(function (p, i) {
        var type = p.file.type || "image/" + (p.ext === "jpg" ? "jpeg" : p.ext);
        return new File([p.file], photoName(p, i), { type: type, lastModified: p.file.lastModified });
      });
    }

    function download(name, text, type) {
      var blob = new Blob([text], { type: type });
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

    // -- wiring -------------------------------------------------------------------------------------
    var started = false;
    var pending = {};
    form.addEventListener("input", function (event) {
      var el = event.target;
      var id = el.id;
      if (id === "jf-product") productEdited = el.value !== "";
      if (id === "jf-supplier") supplierEdited = el.value !== "";
      if ($(id + "-echo")) {
        // Say what a number is read as at once; say what is wrong once the typing pauses.
        clearTimeout(pending[id]);
        pending[id] = setTimeout(function () { touched[id] = true; update(); }, 700);
      }
      if (id === "jf-price-amount") {
        var reading = readNumber(val(id));
        if (!reading.error && reading.currency && val("jf-currency") !== reading.currency) $("jf-currency").value = reading.currency;
      }
      update();
      saveDraft();
    });
    form.addEventListener("change", function (event) {
      var id = event.target.id;
      if (id === "jf-photos") { pickPhotos(event.target.files || []); return; }
      touched[id] = true;
      update();
      saveDraft();
    });
    form.addEventListener("focusout", function (event) {
      var id = event.target.id;
      if (id && /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName)) { touched[id] = true; update(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    $("jf-next").addEventListener("click", next);
    $("jf-back").addEventListener("click", function () { goTo(step - 1, true); });
    $("jf-draft-clear").addEventListener("click", clearDraft);

    var issueLink = $("jf-issue");
    if (issueLink) {
      if (!repo) $("jf-route-github").hidden = true;
      issueLink.addEventListener("click", function (event) {
        if (!ready("github", event)) return;
        githubOpened = true;
        update();
      });
    }
    var shareFiles = false;
    try {
      shareFiles = !!(navigator.canShare && navigator.canShare({ files: [new File(["x"], "x.jpg", { type: "image/jpeg" })] }));
    } catch (e) { shareFiles = false; }
    $("jf-share-actions").hidden = !shareFiles;
    if (shareFiles) $("jf-fallback-intro").textContent = M.fallback_or;
    $("jf-share").addEventListener("click", function (event) {
      if (!ready("share", event)) return;
      var values = issueValues();
      var data = { title: title(values), text: renderBody(values), files: sharedFiles() };
      var status = $("jf-share-status");
      if (!(navigator.canShare && navigator.canShare(data))) { status.textContent = M.share_failed; return; }
      navigator.share(data).then(function () { status.textContent = M.share_done; }, function (error) {
        if (!error || error.name !== "AbortError") status.textContent = M.share_failed;
      });
    });
    $("jf-text-download").addEventListener("click", function (event) {
      if (!ready("share", event)) return;
      download((productId() || "produk") + ".md", renderBody(issueValues()), "text/markdown;charset=utf-8");
    });
    ["jf-mail", "jf-wa"].forEach(function (id) {
      if ($(id)) $(id).addEventListener("click", function (event) { ready("share", event); });
    });
    $("jf-download").addEventListener("click", function (event) {
      if (!ready("yaml", event)) return;
      download((productId() || "produk") + ".yaml", $("jf-yaml").textContent, "application/x-yaml");
    });
    $("jf-supplier-download").addEventListener("click", function (event) {
      if (!ready("yaml", event)) return;
      download("supplier.yaml", $("jf-supplier-yaml").textContent, "application/x-yaml");
    });
    $("jf-github").addEventListener("click", function (event) { ready("yaml", event); });
    $("jf-supplier-github").addEventListener("click", function (event) { ready("yaml", event); });
    ["jf-github", "jf-supplier-github", "jf-upload"].forEach(function (id) { $(id).target = "_blank"; });
    $("jf-valid-until").min = today();

    // Stepping needs this script: without it every step stays shown.
    form.querySelector(".jf-progress").hidden = false;
    form.querySelector(".jf-nav").hidden = false;
    form.querySelector(".jf-draft").hidden = false;
    var restored = restoreDraft();
    if (!storage) $("jf-draft-status").textContent = M.no_storage;
    else if (restored) $("jf-draft-status").textContent = M.draft_restored;
    $("jf-draft-clear").hidden = !storage;
    update();
    goTo(step, false);
    started = true;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
