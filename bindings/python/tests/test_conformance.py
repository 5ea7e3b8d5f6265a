"""Runs tests/conformance/ through the Python package's named functions.

Each case's ``op`` ``module.verb`` is called as ``watchstander.<module>.<verb>(**input)``;
input keys that are Python keywords get a trailing underscore (``from`` → ``from_``). An
unknown top-level field raises Python's own ``TypeError`` (unexpected keyword argument), which
stands for the core's ``invalid_input``.
"""

import keyword
from datetime import datetime, timezone

import pytest

import watchstander
from conftest import conformance_cases


def normalise(value):
    """Python output → the JSON form cases are written in (instants as ...Z strings)."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None, "the package must return aware datetimes"
        text = value.astimezone(timezone.utc).isoformat()
        return text.replace("+00:00", "Z")
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value


def matches(expected, actual, path="$"):
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for k, v in expected.items():
            assert k in actual, f"{path}.{k}: missing in output"
            matches(v, actual[k], f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (
            f"{path}: expected {len(expected)} items, got {actual!r}"
        )
        for i, (e, a) in enumerate(zip(expected, actual)):
            matches(e, a, f"{path}[{i}]")
    elif isinstance(expected, bool) or expected is None:
        assert actual is expected, f"{path}: expected {expected!r}, got {actual!r}"
    elif isinstance(expected, (int, float)):
        assert not isinstance(actual, bool) and actual == expected, f"{path}: expected {expected!r}, got {actual!r}"
    else:
        assert actual == expected, f"{path}: expected {expected!r}, got {actual!r}"


def function_for(op):
    module, verb = op.split(".", 1)
    return getattr(getattr(watchstander, module), verb)


@pytest.mark.parametrize("case", conformance_cases())
def test_case(case):
    fn = function_for(case["op"])
    kwargs = {(k + "_" if keyword.iskeyword(k) else k): v for k, v in case["input"].items()}
    if "error" in case:
        try:
            fn(**kwargs)
        except watchstander.Error as err:
            assert err.code == case["error"], err.message
        except TypeError as err:
            # A misspelt field is refused by Python's own signature check before it reaches
            # the core; that is the Python form of the core's `invalid_input`.
            assert case["error"] == "invalid_input" and "unexpected keyword argument" in str(err), err
        else:
            pytest.fail(f"expected error {case['error']}")
    else:
        matches(case["expect"], normalise(fn(**kwargs)))


def test_every_operation_has_a_python_function():
    missing = [name for name, _ in watchstander.operations() if not callable(function_for(name))]
    assert missing == []
