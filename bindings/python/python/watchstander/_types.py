"""Type aliases shared by the wrappers."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, Union

#: An instant: a timezone-aware ``datetime`` or an RFC 3339 string with offset.
Instant = Union[datetime, str]
#: A local wall-clock time: a naive ``datetime`` or ``"YYYY-MM-DDTHH:MM[:SS]"``.
LocalTime = Union[datetime, str]
#: A JSON object in one of the documented formats.
Json = Dict[str, Any]
