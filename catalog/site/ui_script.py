"""The interface strings of theme/assets/catalog.js as one small script per language.

Every page used to carry them inline (``<script id="cat-i18n">``, 6 KB of a 39 KB product
page, the same bytes on every page of a language). Now each language has one file,
``assets/catalog-ui.<lang>.<8 hex>.min.js``, that sets ``window.catalogUi``; pages load it
``defer`` before catalog.js (deferred scripts run in document order), so catalog.js still
finds the strings synchronously, and a browser or CDN keeps the file for a year: its name
changes with its content (catalog/build/publish.py publishes ``*.<8 hex>.min.js`` as
immutable). What differs per page or per site (base URL, language, the trading house's
contact, container figures) stays inline.
"""

from __future__ import annotations

import hashlib
import json

from ..core import i18n
from ..core.diagnostics import Lang
from .model import Asset

UI_KEYS = (
    "search_label", "search_placeholder", "search_submit", "search_results",
    "search_results_one", "search_none", "search_loading", "search_unavailable",
    "search_more", "filters_title", "filters_active", "filters_clear", "filter_category",
    "filter_province", "filter_certification", "filter_segment", "filter_export_ready",
    "filter_moq", "filter_price", "filters_open", "filters_open_active", "filters_close",
    "filters_reset", "filters_show", "filters_show_one",
    "sort_label", "sort_relevance", "sort_name", "sort_moq",
    "sort_newest", "catalogue_title", "fact_moq", "fact_price", "export_ready", "yes",
    "supplier", "quote_add", "quote_added", "quote_added_status", "quote_removed_status",
    "quote_view", "quote_empty", "quote_products", "quote_qty", "quote_qty_min",
    "quote_remove", "quote_remove_label", "quote_unavailable", "quote_buyer", "quote_name",
    "quote_company", "quote_country", "quote_notes", "quote_required", "quote_send_wa",
    "quote_send_mail", "quote_fix", "quote_no_storage", "quote_msg_intro",
    "quote_msg_item", "quote_msg_subject",
    "quote_already_status", "quote_drop_label", "quote_phone", "quote_email",
    "quote_delivery", "quote_place", "quote_incoterm", "quote_incoterm_any",
    "quote_needed_by", "quote_price", "quote_price_below", "quote_price_request",
    "quote_load", "quote_load_none", "quote_totals", "quote_totals_share",
    "quote_limit_volume", "quote_limit_weight", "quote_totals_excluded", "quote_totals_none",
    "quote_totals_note", "compare_toggle", "compare_toggle_label", "compare_added_status",
    "compare_removed_status", "compare_full", "compare_view", "compare_these",
    "compare_these_first", "compare_empty", "compare_one_more", "compare_loading",
    "compare_caption", "compare_unavailable", "compare_failed", "compare_remove_label",
    "compare_share", "compare_copied", "compare_copy_failed", "compare_row_product",
    "compare_row_supplier", "compare_row_province", "compare_row_moq", "compare_row_price",
    "compare_row_lead", "compare_row_incoterms", "compare_row_certs", "compare_row_packing",
    "compare_price_request", "compare_tier", "compare_days", "compare_day",
    "compare_packing", "compare_none", "compare_packing_none", "quote_totals_all",
    "compare_basis",
    # services and local sourcing (issue 21, K)
    "filter_kind", "filter_regency", "svc_serves", "quote_service_areas", "quote_totals_services",
)  # fmt: skip
"""The ui.yaml keys catalog.js reads (its ``t("…")`` calls)."""


def strings(lang: Lang) -> dict[str, str]:
    table = i18n.table()
    return {key: table[key][lang] for key in UI_KEYS}


def ui_script(lang: Lang) -> Asset:
    """``assets/catalog-ui.<lang>.<hash>.min.js`` for one language (identical input, identical
    bytes and name). ``<``, ``>`` and ``&`` are escaped as in Jinja's ``tojson``."""
    text = json.dumps(strings(lang), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    content = f"window.catalogUi={text};\n".encode()
    digest = hashlib.sha256(content).hexdigest()[:8]
    return Asset(f"assets/catalog-ui.{lang}.{digest}.min.js", content)
