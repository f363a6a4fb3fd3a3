"""Turn pydantic validation errors into positioned, bilingual diagnostics.

pydantic reports each error with a ``loc`` (the keys and indexes leading to
the value), a ``type`` and a context. The loader recorded a position for every
such ``loc``; the model's field metadata gives the example for the hint.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any, Iterator

import pycountry
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .diagnostics import Diagnostic
from .codes import make
from .loader import Document, Loc
from .models import LocalizedText
from .vocab import categories, regions, suggest, units

REGION_FIELDS = ("region", "areas")
"""Fields holding Kemendagri regency codes (a supplier's region, a service's areas)."""

# pydantic error type -> (Indonesian, English) problem, formatted with the error's ctx
PROBLEMS: dict[str, tuple[str, str]] = {
    "string_type": ("harus berupa teks", "must be text"),
    "int_type": ("harus berupa angka bulat", "must be a whole number"),
    "int_from_float": ("harus berupa angka bulat", "must be a whole number"),
    "int_parsing": ("harus berupa angka bulat", "must be a whole number"),
    "float_type": ("harus berupa angka", "must be a number"),
    "float_parsing": ("harus berupa angka", "must be a number"),
    "finite_number": (
        "harus berupa angka biasa, bukan .inf atau .nan",
        "must be an ordinary number, not .inf or .nan",
    ),
    "bool_type": ("harus `true` atau `false`", "must be `true` or `false`"),
    "list_type": (
        "harus berupa daftar (baris diawali `- `)",
        "must be a list (lines starting `- `)",
    ),
    "model_type": ("harus berupa pemetaan `kolom: nilai`", "must be a mapping of `key: value`"),
    "model_attributes_type": (
        "harus berupa pemetaan `kolom: nilai`",
        "must be a mapping of `key: value`",
    ),
    "dict_type": ("harus berupa pemetaan `kolom: nilai`", "must be a mapping of `key: value`"),
    "date_type": ("harus berupa tanggal TTTT-BB-HH", "must be a date YYYY-MM-DD"),
    "date_parsing": ("harus berupa tanggal TTTT-BB-HH", "must be a date YYYY-MM-DD"),
    "date_from_datetime_parsing": ("harus berupa tanggal TTTT-BB-HH", "must be a date YYYY-MM-DD"),
    "date_from_datetime_inexact": (
        "harus berupa tanggal tanpa jam",
        "must be a date without a time",
    ),
    "greater_than": ("harus lebih besar dari {gt}", "must be greater than {gt}"),
    "greater_than_equal": ("minimal {ge}", "must be at least {ge}"),
    "less_than": ("harus kurang dari {lt}", "must be less than {lt}"),
    "less_than_equal": ("maksimal {le}", "must be at most {le}"),
    "future_year": (
        "tahun tidak boleh di masa depan (maksimal {le})",
        "the year cannot be in the future (at most {le})",
    ),
    "too_short": ("minimal {min_length} isian", "needs at least {min_length} entries"),
    "too_long": ("maksimal {max_length} isian", "at most {max_length} entries"),
    "string_too_short": (
        "tidak boleh kosong atau terlalu pendek (minimal {min_length} karakter)",
        "must not be empty or too short (at least {min_length} characters)",
    ),
    "string_too_long": (
        "terlalu panjang (maksimal {max_length} karakter)",
        "too long (at most {max_length} characters)",
    ),
    "string_pattern_mismatch": ("format tidak sesuai", "wrong format"),
    "none_required": ("harus kosong", "must be empty"),
}
GENERIC = ("nilai tidak valid", "invalid value")
NUMBER_TYPES = {"int_type", "int_from_float", "int_parsing", "float_type", "float_parsing"}


def _unwrap(tp: Any) -> Iterator[Any]:
    """The model classes a (possibly Annotated / Optional / list) type can hold."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        yield from _unwrap(typing.get_args(tp)[0])
    elif origin in (typing.Union, types.UnionType, list, tuple):
        for arg in typing.get_args(tp):
            yield from _unwrap(arg)
    elif isinstance(tp, type) and issubclass(tp, BaseModel):
        yield tp


def field_at(model: type[BaseModel], loc: Loc) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model holding the last key of ``loc`` and that key's FieldInfo."""
    current: type[BaseModel] | None = model
    info: FieldInfo | None = None
    holder: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return current, None
        holder = current
        info = current.model_fields[part]
        current = next(_unwrap(info.annotation), None)
    return holder, info


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(root)"


def type_examples(tp: Any) -> list[Any]:
    """Examples declared on an Annotated type, such as ``Date`` inside ``Date | None``."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return next(
            (
                m.examples
                for m in typing.get_args(tp)[1:]
                if isinstance(m, FieldInfo) and m.examples
            ),
            [],
        )
    if origin in (typing.Union, types.UnionType):
        return next((ex for arg in typing.get_args(tp) if (ex := type_examples(arg))), [])
    return []


def _example(info: FieldInfo | None, key: str) -> str:
    examples = info and (info.examples or type_examples(info.annotation))
    if not examples:
        return f"`{key}: …`"
    return f"`{key}: {_yaml_inline(examples[0])}`"


def _yaml_inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_inline(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and (
        value[:1].isdigit() or value[:1] in "+\"'" or any(c in value for c in ",:#{}[]")
    ):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string
    return str(value)


def _did_you_mean(hit: list[str]) -> tuple[str, str]:
    if not hit:
        return "", ""
    return f" (maksudnya `{hit[0]}`?)", f" (did you mean `{hit[0]}`?)"


def _short(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


STATUS_WORDS = {
    "aktif": "active",
    "tayang": "active",
    "draf": "draft",
    "konsep": "draft",
    "dihentikan": "discontinued",
    "berhenti": "discontinued",
}
"""Indonesian words people write for `status` values."""


def _vocabulary_suggestion(value: str, expected: list[str]) -> list[str]:
    """'Did you mean' over the ids and their Indonesian labels (`buah` -> `piece`)."""
    words = {w: v for w, v in STATUS_WORDS.items() if v in expected}
    for vocabulary in (units(), categories()):
        words.update(
            {item.label.id.lower(): key for key, item in vocabulary.items() if key in expected}
        )
    if value.strip().lower() in words:
        return [words[value.strip().lower()]]
    return suggest(value, expected) or [words[w] for w in suggest(value, list(words))]


def _phone_example(value: Any) -> str:
    """`0812 3456 7890` -> `+6281234567890`: the number they meant, in E.164."""
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    if digits.startswith("0") and len(digits) >= 9:
        return "+62" + digits[1:]
    if digits.startswith("62") and len(digits) >= 10:
        return "+" + digits
    return "+6281234567890"


def _constraint(info: FieldInfo | None) -> tuple[str, str]:
    """' > 0' style bounds of a number field, for the problem text."""
    for meta in info.metadata if info else []:
        for attr, sign in (("gt", ">"), ("ge", "≥")):
            bound = getattr(meta, attr, None)
            if bound is not None:
                return f" {sign} {bound}", f" {sign} {bound}"
    return "", ""


def translate(exc: ValidationError, doc: Document, model: type[BaseModel]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for err in exc.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        field = _dotted(loc)
        key = next((p for p in reversed(loc) if isinstance(p, str)), field)
        holder, info = field_at(model, loc)
        value = err.get("input")
        if kind == "extra_forbidden" and " " in str(key).strip():
            # `{id: Kantong, 10 per karton}`: the flow mapping split at the comma
            out.append(make("S212", doc.path, doc.key_pos(loc), field=_short(key)))
        elif kind == "extra_forbidden":
            allowed = list(holder.model_fields) if holder else []
            sid, sen = _did_you_mean(suggest(str(key), allowed))
            out.append(
                make(
                    "S201",
                    doc.path,
                    doc.key_pos(loc),
                    field=key,
                    suggestion_id=sid,
                    suggestion_en=sen,
                    allowed=", ".join(allowed),
                )
            )
        elif kind == "missing":
            out.append(missing_field(doc, loc[:-1], field, _example(info, str(key))))
        elif kind == "literal_error":
            expected = [
                e.strip().strip("'")
                for e in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")
            ]
            if not isinstance(value, str):
                # `region: 35.15` is a number: quotes fix it; `status: 5` needs another value
                quotes = key in REGION_FIELDS or str(value) in expected
                out.append(
                    _type_problem(
                        "string_type", ctx, doc, loc, field, info, key, value if quotes else None
                    )
                )
                continue
            if key in REGION_FIELDS:
                sid, sen = _did_you_mean(suggest(str(value), list(regions())))
                out.append(
                    make(
                        "S207",
                        doc.path,
                        doc.pos(loc),
                        field=field,
                        value=_short(value),
                        suggestion_id=sid,
                        suggestion_en=sen,
                    )
                )
                continue
            sid, sen = _did_you_mean(_vocabulary_suggestion(value, expected))
            out.append(
                make(
                    "S204",
                    doc.path,
                    doc.pos(loc),
                    field=field,
                    value=_short(value),
                    suggestion_id=sid,
                    suggestion_en=sen,
                    allowed=", ".join(expected)
                    if len(expected) <= 20
                    else ", ".join(expected[:20]) + ", …",
                )
            )
        elif kind == "country":
            code = str(value)
            fixed = code.upper()
            ok = len(code) == 2 and fixed != code and pycountry.countries.get(alpha_2=fixed)
            sid, sen = _did_you_mean([fixed] if ok else [])
            out.append(
                make(
                    "S208",
                    doc.path,
                    doc.pos(loc),
                    field=field,
                    value=_short(value),
                    suggestion_id=sid,
                    suggestion_en=sen,
                )
            )
        elif kind == "phone":
            out.append(
                make(
                    "S206",
                    doc.path,
                    doc.pos(loc),
                    field=field,
                    value=_short(value),
                    example=_phone_example(value),
                )
            )
        elif kind == "currency":
            out.append(make("S211", doc.path, doc.pos(loc), field=field, value=_short(value)))
        elif kind == "format":
            out.append(wrong_format(doc, loc, field, value, ctx["expected_id"], ctx["expected_en"]))
        elif (
            kind in ("model_type", "model_attributes_type")
            and info is not None
            and LocalizedText in _unwrap(info.annotation)
        ):
            # `name: 7`: bilingual text is written as text (or {id: …, en: …})
            out.append(_type_problem("string_type", ctx, doc, loc, field, info, key, value))
        elif kind == "string_too_short" and loc and loc[-1] == "id" and len(loc) > 1:
            parent = field_at(model, loc[:-1])[1]
            out.append(
                make(
                    "S209",
                    doc.path,
                    doc.pos(loc),
                    field=_dotted(loc[:-1]),
                    example=_example(parent, str(loc[-2]) if isinstance(loc[-2], str) else "id"),
                )
            )
        else:
            out.append(
                _type_problem(
                    kind,
                    ctx,
                    doc,
                    loc,
                    field,
                    info,
                    key,
                    value if kind in NUMBER_TYPES | {"string_type"} else None,
                )
            )
    return out


def _type_problem(
    kind: str,
    ctx: dict,
    doc: Document,
    loc: Loc,
    field: str,
    info: FieldInfo | None,
    key: Any,
    value: Any = None,
) -> Diagnostic:
    pid, pen = PROBLEMS.get(kind, GENERIC)
    try:
        pid, pen = pid.format(**ctx), pen.format(**ctx)
    except (KeyError, IndexError):
        pass
    example = _example(info, str(key))
    if kind in NUMBER_TYPES:
        bid, ben = _constraint(info)
        pid, pen = pid + bid, pen + ben
        if value is not None and not isinstance(value, (dict, list)):
            pid, pen = f"{pid}, bukan `{_short(value)}`", f"{pen}, not `{_short(value)}`"
    if kind == "string_type" and isinstance(value, (int, float)):
        eid = f"tulis dalam tanda kutip agar dibaca sebagai teks, contoh: {example}"
        een = f"put it in quotes so it reads as text, e.g. {example}"
    else:
        eid, een = f"contoh: {example}", f"e.g. {example}"
    return make(
        "S203",
        doc.path,
        doc.pos(loc),
        field=field,
        problem_id=pid,
        problem_en=pen,
        expected_id=eid,
        expected_en=een,
    )


def validate_model(doc: Document, model: type[BaseModel]) -> tuple[Any, list[Diagnostic]]:
    """Validate ``doc.data`` against ``model``: (instance or None, diagnostics)."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, translate(exc, doc, model)


def missing_field(doc: Document, at: Loc, field: str, example: str) -> Diagnostic:
    """S202: a required field is missing (reported where its mapping is)."""
    return make("S202", doc.path, doc.pos(at), field=field, example=example)


def wrong_format(
    doc: Document, loc: Loc, field: str, value: Any, expected_id: str, expected_en: str
) -> Diagnostic:
    """S205: a value of the wrong format, with what is expected in both languages."""
    return make(
        "S205",
        doc.path,
        doc.pos(loc),
        field=field,
        value=_short(value),
        expected_id=expected_id,
        expected_en=expected_en,
    )
