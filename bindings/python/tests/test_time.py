"""Python-specific behaviour of the time functions: datetimes in and out, errors."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

import watchstander
from watchstander import time as wtime


def test_version_matches_core():
    assert watchstander.__version__.count(".") == 2


def test_aware_datetime_in_aware_utc_datetime_out():
    start = datetime(2026, 3, 7, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    out = wtime.add(zone="America/New_York", start=start, amount=1, unit="days")
    assert out["instant"] == datetime(2026, 3, 8, 13, 0, tzinfo=timezone.utc)
    assert out["instant"].tzinfo is timezone.utc
    # 23 hours: the day of the spring-forward change.
    assert out["instant"] - start == timedelta(hours=23)


def test_naive_datetime_is_refused_with_a_clear_error():
    with pytest.raises(watchstander.NaiveDatetimeError) as info:
        wtime.to_local(zone="UTC", instant=datetime(2026, 1, 1, 9, 0))
    err = info.value
    assert isinstance(err, watchstander.TimeError)
    assert isinstance(err, watchstander.Error)
    assert err.code == "naive_datetime"
    assert "tzinfo" in err.message


def test_naive_datetime_nested_in_a_document_names_its_path():
    clock = {"target": {"within": "PT1H"}, "started_at": datetime(2026, 1, 1, 9, 0)}
    with pytest.raises(watchstander.NaiveDatetimeError) as info:
        watchstander.severity.sla_status(clock=clock, now=datetime(2026, 1, 1, 10, tzinfo=timezone.utc))
    assert info.value.path == "clock.started_at"


def test_local_times_take_naive_datetimes_and_refuse_aware_ones():
    out = wtime.resolve_local(zone="America/New_York", local=datetime(2026, 3, 8, 2, 30))
    assert out["instant"] == datetime(2026, 3, 8, 7, 30, tzinfo=timezone.utc)
    assert out["adjustment"]["kind"] == "gap"
    with pytest.raises(watchstander.Error) as info:
        wtime.resolve_local(zone="UTC", local=datetime(2026, 3, 8, 2, 30, tzinfo=timezone.utc))
    assert info.value.code == "aware_local_time"


def test_unknown_zone_is_a_time_error_naming_the_zone():
    with pytest.raises(watchstander.TimeError) as info:
        wtime.to_local(zone="Mars/Olympus_Mons", instant="2026-01-01T00:00:00Z")
    assert info.value.code == "unknown_zone"
    assert "Mars/Olympus_Mons" in str(info.value)


def test_shape_errors_are_input_errors_with_a_path():
    with pytest.raises(watchstander.InputError) as info:
        watchstander.severity.policy(policy={"levels": "SEV-1"})
    assert info.value.code == "invalid_input"
    assert info.value.path == "policy.levels"


def test_generic_call_and_operation_list():
    names = [name for name, _ in watchstander.operations()]
    assert "time.resolve_local" in names and "severity.deadline" in names
    out = watchstander.call("time.parse_duration", duration="PT90M")
    assert out["fixed_seconds"] == 5400


def test_unknown_operation():
    with pytest.raises(watchstander.InputError) as info:
        watchstander.call("time.teleport")
    assert info.value.code == "unknown_operation"


def test_timedelta_is_sent_as_a_fixed_duration():
    cal = {"zone": "UTC", "hours": {"mon": ["09:00-17:00"]}}
    out = wtime.business_add(calendar=cal, start="2026-11-30T09:00:00Z", duration=timedelta(hours=2))
    assert out["instant"] == datetime(2026, 11, 30, 11, 0, tzinfo=timezone.utc)


def test_sub_second_instants_survive():
    out = wtime.to_local(zone="UTC", instant=datetime(2026, 1, 1, 0, 0, 0, 250000, tzinfo=timezone.utc))
    assert out["local"] == "2026-01-01T00:00:00.250"


def test_every_module_has_its_error_class():
    from watchstander import errors

    modules = {name.split(".", 1)[0] for name, _ in watchstander.operations()}
    missing = [m for m in modules if m not in errors._BY_MODULE]
    assert missing == []
    for m in modules:
        assert getattr(watchstander, errors._BY_MODULE[m].__name__) is errors._BY_MODULE[m]
