import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
CONFORMANCE = ROOT / "tests" / "conformance"


def conformance_cases():
    return list(_cases())


def _cases():
    for path in sorted(CONFORMANCE.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            yield pytest.param(case, id=f"{path.relative_to(CONFORMANCE)}::{case['name']}")
