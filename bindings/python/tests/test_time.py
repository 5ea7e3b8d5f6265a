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


def test_leap_second_instants_are_refused_with_a_time_error():
    with pytest.raises(watchstander.TimeError) as info:
        wtime.to_local(zone="UTC", instant="2016-12-31T23:59:60Z")
    assert info.value.code == "invalid_timestamp"
    assert info.value.path == "instant"


def test_results_outside_the_years_1_to_9999_are_typed_errors_not_strings():
    with pytest.raises(watchstander.TimeError) as info:
        wtime.add(zone="UTC", start=datetime(9999, 12, 31, tzinfo=timezone.utc), amount=2, unit="days")
    assert info.value.code == "out_of_range"
    with pytest.raises(watchstander.TimeError):
        wtime.add(zone="UTC", start=datetime(1, 1, 1, 12, tzinfo=timezone.utc), amount=-1, unit="days")


def test_deep_input_is_an_input_error_not_a_recursion_error():
    deep: object = "x"
    for _ in range(10_000):
        deep = [deep]
    with pytest.raises(watchstander.InputError) as info:
        # The payload of an alert is kept as any JSON value: nesting is read until the limit.
        watchstander.alert.normalize(source="native", payload={"labels": {}, "extra": deep})
    assert info.value.code == "input_too_deep"


def test_errors_survive_pickle_and_keep_their_class_and_fields():
    import pickle

    with pytest.raises(watchstander.Error) as info:
        watchstander.schedule.validate(schedule={"id": "s", "zone": "Mars/Base", "layers": []})
    err = info.value
    assert isinstance(err, watchstander.ScheduleError) and isinstance(err, watchstander.TimeError)
    back = pickle.loads(pickle.dumps(err))
    assert type(back).__name__ == type(err).__name__
    assert isinstance(back, watchstander.ScheduleError) and isinstance(back, watchstander.TimeError)
    assert (back.code, back.path, back.details, back.op) == (err.code, err.path, err.details, err.op)
    assert back.name == "Mars/Base"


def _bad_zone(_: int) -> None:
    wtime.to_local(zone="Mars/Base", instant="2026-01-01T00:00:00Z")


def test_errors_cross_a_process_pool():
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_bad_zone, 1)
        with pytest.raises(watchstander.TimeError) as info:
            future.result()
    assert info.value.code == "unknown_zone"
