"""Type stub of the compiled extension ``watchstander._native``."""

from typing import List, Tuple

def call(op: str, input_json: str) -> str:
    """Runs a core operation on JSON text; returns ``{"ok": ...}`` or ``{"error": {...}}`` as JSON text."""

def core_version() -> str:
    """The Rust core's version."""

def operations() -> List[Tuple[str, str]]:
    """``(name, summary)`` of every core operation."""
