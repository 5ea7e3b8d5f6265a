"""Conversion between Python values and the core's JSON. No domain logic lives here."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Dict, Mapping

from . import _native
from .errors import Error, from_envelope, naive

# Instants in core output are always RFC 3339 in UTC with a trailing "Z".
_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")


def _duration_text(d: timedelta) -> str:
    sign = "-" if d < timedelta(0) else ""
    d = abs(d)
    seconds = d.days * 86400 + d.seconds
    text = f"{sign}PT{seconds}"
    if d.microseconds:
        text += f".{d.microseconds:06d}".rstrip("0")
    return text + "S"


def to_json_value(value: Any, where: str = "") -> Any:
    """Python → JSON-ready value. Aware datetimes become RFC 3339 strings; naive ones raise."""
    return _to_json(value, where)


# The path of a value is kept as nested ``(parent, key)`` tuples and only rendered as text
# ("layers[2].start") for an error message: formatting it for every element of a long list
# of instants cost more than the conversion itself.
def _render(where: Any) -> str:
    if isinstance(where, str):
        return where
    parent, key = where
    head = _render(parent)
    if isinstance(key, int):
        return f"{head}[{key}]"
    return f"{head}.{key}" if head else str(key)


def _to_json(value: Any, where: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise naive(_render(where), value)
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta):
        return _duration_text(value)
    if isinstance(value, Mapping):
        return {str(k): _to_json(v, (where, str(k))) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_json(v, (where, i)) for i, v in enumerate(value)]
    return value


def local_text(value: Any, where: str) -> Any:
    """A local wall-clock time: a naive datetime (or ISO text). Aware datetimes are refused."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise Error(
                code="aware_local_time",
                module="time",
                message=(
                    f"{where} is a local wall-clock time, but {value!r} has tzinfo; "
                    "pass a naive datetime (the zone is given separately)"
                ),
                path=where,
            )
        return value.isoformat()
    return value


def _parse_instant(text: str) -> datetime:
    body = text[:-1]
    if "." in body:
        head, frac = body.split(".", 1)
        body = f"{head}.{frac[:6].ljust(6, '0')}"
    return datetime.fromisoformat(body).replace(tzinfo=timezone.utc)


def from_json_value(value: Any) -> Any:
    """JSON → Python. RFC 3339 UTC instants become aware ``datetime``s in UTC."""
    kind = type(value)
    if kind is dict:
        return {k: from_json_value(v) for k, v in value.items()}
    if kind is list:
        return [from_json_value(v) for v in value]
    # Cheap shape checks first: most strings (ids, names, texts) fail them at once.
    if kind is str and len(value) >= 20 and value[-1] == "Z" and value[10] == "T" and _INSTANT.match(value):
        return _parse_instant(value)
    return value


def call(op: str, payload: Dict[str, Any]) -> Any:
    """Runs a core operation; ``None`` values are left out so the core's defaults apply."""
    body = {k: _to_json(v, k) for k, v in payload.items() if v is not None}
    envelope = json.loads(_native.call(op, json.dumps(body)))
    if "error" in envelope:
        raise from_envelope(envelope["error"])
    return from_json_value(envelope["ok"])
