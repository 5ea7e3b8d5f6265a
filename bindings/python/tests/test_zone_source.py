"""Zone sources: a TZif directory chosen with ``set_zone_source`` reaches every call.

Expected values are New York's and London's rules in the tz database (EDT is UTC-4 in July,
BST UTC+1), not the engine's output.
"""

import os
import shutil

import pytest

import watchstander
from watchstander import time as wtime

NEW_YORK = "/usr/share/zoneinfo/America/New_York"


@pytest.fixture
def renamed_dir(tmp_path):
    """A TZif directory whose "Europe/London" holds New York's rules."""
    if not os.path.isfile(NEW_YORK):
        pytest.skip("no system tz database")
    (tmp_path / "Europe").mkdir()
    shutil.copyfile(NEW_YORK, tmp_path / "Europe" / "London")
    (tmp_path / "+VERSION").write_text("2099z\n")
    yield tmp_path
    watchstander.set_zone_source(None)


def test_bundled_by_default():
    info = watchstander.tzdb()
    assert info["source"] == "bundled"
    assert info == wtime.tzdb()


def test_a_tzif_directory_changes_the_answer(renamed_dir):
    instant = "2026-07-01T12:00:00Z"
    assert wtime.to_local(zone="Europe/London", instant=instant)["offset"] == "+01:00"
    info = watchstander.set_zone_source(renamed_dir)
    assert info == {"version": "2099z", "source": str(renamed_dir)}
    out = wtime.to_local(zone="Europe/London", instant=instant)
    assert out["offset"] == "-04:00"
    assert out["tzdb"] == info
    assert wtime.tzdb() == info
    # JSON calls and handles follow the same source.
    assert '"-04:00"' in watchstander._native.call_json(
        "time.to_local", '{"zone": "Europe/London", "instant": "2026-07-01T12:00:00Z"}'
    )
    watchstander.set_zone_source(None)
    assert wtime.to_local(zone="Europe/London", instant=instant)["offset"] == "+01:00"


def test_a_missing_zone_is_a_typed_error_naming_the_directory(renamed_dir):
    watchstander.set_zone_source(str(renamed_dir))
    with pytest.raises(watchstander.TimeError) as info:
        wtime.to_local(zone="America/Chicago", instant="2026-07-01T12:00:00Z")
    assert info.value.code == "unknown_zone"
    assert str(renamed_dir) in info.value.details["zone_source"]


def test_a_path_that_is_not_a_directory_is_refused(tmp_path):
    with pytest.raises(watchstander.TimeError) as info:
        watchstander.set_zone_source(tmp_path / "missing")
    assert info.value.code == "invalid_zone_source"
    assert watchstander.tzdb()["source"] == "bundled"
