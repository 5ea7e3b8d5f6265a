"""Columnar metrics inputs from numpy arrays, array.array and lists give the same answers.

The expected figures are worked out by hand from the three incidents below (times in
seconds after the trigger): acknowledged after 240 s and 600 s (the third never), resolved
after 3600 s (the others open).
"""

from __future__ import annotations

import array

import pytest

import watchstander
from watchstander.errors import Error

T0 = 1_767_261_600  # 2026-01-01T10:00:00Z
TRIGGERED = [T0, T0 + 86_400, T0 + 2 * 86_400]
ACKED = [T0 + 240, T0 + 86_400 + 600, -1]
RESOLVED = [T0 + 3600, -1, -1]
SEVERITY = [0, 1, 1]


def response(columns: dict) -> dict:
    return watchstander.metrics.response(
        start="2026-01-01T00:00:00Z",
        end="2026-02-01T00:00:00Z",
        zone="UTC",
        incident_columns=dict(columns, severities=["SEV-1", "SEV-2"]),
    )


def check(result: dict) -> None:
    # Only the empty weeks of January are reported: no value was dropped or misread.
    assert set(result["data_quality"]["by_code"]) == {"empty_period"}
    out = result["response"]
    assert out["counts"]["counted"] == 3
    assert out["counts"]["unacknowledged"] == 1
    assert out["counts"]["open"] == 2
    overall = out["overall"]
    assert overall["time_to_acknowledge"]["mean_seconds"] == 420.0  # (240 + 600) / 2
    assert overall["time_to_acknowledge"]["max_seconds"] == 600
    assert overall["time_to_resolve"]["count"] == 1
    assert overall["time_to_resolve"]["p50_seconds"] == 3600.0
    by = {k["key"]: k for k in out["by_severity"]}
    assert by["SEV-1"]["incidents"] == 1 and by["SEV-2"]["incidents"] == 2


def test_lists_with_negative_for_missing():
    check(response({"triggered_at": TRIGGERED, "acknowledged_at": ACKED,
                    "resolved_at": RESOLVED, "severity": SEVERITY}))


def test_lists_with_none_for_missing():
    none = lambda xs: [None if x < 0 else x for x in xs]  # noqa: E731
    check(response({"triggered_at": TRIGGERED, "acknowledged_at": none(ACKED),
                    "resolved_at": none(RESOLVED), "severity": SEVERITY}))


def test_numpy_int_arrays_of_any_width():
    np = pytest.importorskip("numpy")
    check(response({"triggered_at": np.array(TRIGGERED, dtype=np.int64),
                    "acknowledged_at": np.array(ACKED, dtype=np.int64),
                    "resolved_at": np.array(RESOLVED, dtype=">i8"),  # big-endian too
                    "severity": np.array(SEVERITY, dtype=np.int8)}))


def test_numpy_slices_and_strided_views():
    np = pytest.importorskip("numpy")
    wide = np.array([[t, 0] for t in TRIGGERED], dtype=np.int64)
    check(response({"triggered_at": wide[:, 0],  # not contiguous
                    "acknowledged_at": np.array(ACKED)[::1],
                    "resolved_at": np.array(RESOLVED),
                    "severity": np.array(SEVERITY)}))


def test_numpy_views_read_in_place_or_copied():
    # Contiguous int64 arrays are read where they are; every other layout is copied first.
    # Each gives the same answers.
    np = pytest.importorskip("numpy")
    padded = np.array([0] + TRIGGERED, dtype=np.int64)
    backwards = np.array(TRIGGERED[::-1], dtype=np.int64)
    raw = b"\x00" + np.array(ACKED, dtype="<i8").tobytes()
    misaligned = np.frombuffer(raw, dtype="<i8", offset=1)
    frozen = np.array(RESOLVED, dtype=np.int64)
    frozen.flags.writeable = False
    check(response({"triggered_at": padded[1:],  # starts 8 bytes into its buffer
                    "acknowledged_at": misaligned,
                    "resolved_at": frozen,
                    "severity": np.array(SEVERITY)}))
    check(response({"triggered_at": backwards[::-1],  # negative stride
                    "acknowledged_at": np.array(ACKED), "resolved_at": np.array(RESOLVED),
                    "severity": np.array(SEVERITY)}))


def test_numpy_floats_take_nan_for_missing():
    np = pytest.importorskip("numpy")
    nan = lambda xs: np.array([np.nan if x < 0 else float(x) for x in xs])  # noqa: E731
    check(response({"triggered_at": np.array(TRIGGERED, dtype=np.float64),
                    "acknowledged_at": nan(ACKED), "resolved_at": nan(RESOLVED),
                    "severity": np.array(SEVERITY, dtype=np.float32)}))


def test_numpy_datetimes_take_nat_for_missing():
    np = pytest.importorskip("numpy")
    dt = lambda xs: np.array(  # noqa: E731
        [np.datetime64("NaT") if x < 0 else np.datetime64(x, "s") for x in xs], dtype="datetime64[ns]")
    check(response({"triggered_at": dt(TRIGGERED), "acknowledged_at": dt(ACKED),
                    "resolved_at": dt(RESOLVED), "severity": np.array(SEVERITY)}))


def test_array_module_arrays():
    check(response({"triggered_at": array.array("q", TRIGGERED),
                    "acknowledged_at": array.array("q", ACKED),
                    "resolved_at": array.array("d", RESOLVED),
                    "severity": array.array("B", SEVERITY)}))


def test_a_fraction_is_refused_with_its_row():
    np = pytest.importorskip("numpy")
    with pytest.raises(Error) as e:
        response({"triggered_at": np.array([float(T0), T0 + 0.5])})
    assert e.value.code == "unsupported_value"
    assert "row 1" in str(e.value)


def test_a_two_dimensional_array_is_refused():
    np = pytest.importorskip("numpy")
    with pytest.raises(Error):
        response({"triggered_at": np.array([TRIGGERED, TRIGGERED])})


def test_page_columns_from_numpy():
    np = pytest.importorskip("numpy")
    out = watchstander.metrics.health(
        start="2026-01-01T00:00:00Z", end="2026-02-01T00:00:00Z", zone="UTC",
        page_columns={"person": np.array([0, 0, 1]), "people": ["ana", "bo"],
                      "at": np.array([T0, T0 + 30, T0 + 3600]),
                      "actionable": np.array([1, 0, -1])},
    )
    assert out["alerts"]["pages"] == 3
    # The first two reach ana 30 s apart: one interruption; bo's is another.
    assert out["alerts"]["interruptions"] == 2
