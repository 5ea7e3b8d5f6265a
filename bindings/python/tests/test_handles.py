"""Handles: state kept between calls (a compiled schedule, a live incident). Their answers are
the operations' answers, computed once; they pickle; their methods are the declared ones."""

import inspect
import json
import pathlib
import pickle
from datetime import datetime, timedelta, timezone

import pytest

import watchstander
from watchstander import incident, schedule

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIXTURE = json.loads((ROOT / "benches" / "fixtures" / "five-layers.json").read_text())
EVENTS = json.loads((ROOT / "examples" / "incidents" / "inc-1042-events.json").read_text())
Y0, Y1 = "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z"
UTC = timezone.utc


@pytest.fixture(scope="module")
def compiled():
    return schedule.CompiledSchedule(FIXTURE, Y0, Y1)


def test_responders_agree_with_the_operation_at_every_handoff(compiled):
    shifts = schedule.shifts(schedule=FIXTURE, from_=Y0, to=Y1)["shifts"]
    instants = sorted({s["start"] for s in shifts})[:200]
    many = schedule.oncall_many(schedule=FIXTURE, at=instants, window={"start": Y0, "end": Y1})["on_call"]
    for t, expected in zip(instants, many):
        assert compiled.responders(t) == expected
        assert compiled.responders(int(t.timestamp())) == expected
        assert compiled.responders(t.isoformat()) == expected


def test_brief_shifts_are_the_operations_shifts_without_explanations(compiled):
    full = schedule.shifts(schedule=FIXTURE, from_=Y0, to=Y1)["shifts"]
    brief = compiled.shifts()
    assert [(b["person"], b["start"], b["end"], b["layer"]) for b in brief] == [
        (f["person"], f["start"], f["end"], f.get("layer")) for f in full
    ]
    # Explanations on request, by index.
    assert compiled.explain(brief[7]["index"]) == full[7]
    assert compiled.explained_shifts()["shifts"] == full


def test_shift_columns_are_the_shifts(compiled):
    cols = compiled.shift_columns()
    brief = compiled.shifts()
    assert len(cols["start"]) == len(brief)
    for i in (0, 1, len(brief) // 2, len(brief) - 1):
        assert cols["people"][cols["person"][i]] == brief[i]["person"]
        assert cols["start"][i] == int(brief[i]["start"].timestamp())
        assert cols["end"][i] == int(brief[i]["end"].timestamp())


def test_oncall_many_lists_and_columns_agree(compiled):
    start = datetime(2026, 2, 1, tzinfo=UTC)
    ats = [start + timedelta(minutes=37 * k) for k in range(500)]
    lists = compiled.oncall_many(ats)
    cols = compiled.oncall_many_columns([int(a.timestamp()) for a in ats])
    assert len(lists) == len(ats) and len(cols["offsets"]) == len(ats) + 1
    for i, who in enumerate(lists):
        got = [cols["people"][p] for p in cols["person"][cols["offsets"][i] : cols["offsets"][i + 1]]]
        assert got == who == compiled.responders(ats[i])


def test_oncall_many_takes_numpy_datetimes_when_numpy_is_there(compiled):
    np = pytest.importorskip("numpy")
    ats = np.array(["2026-02-01T00:00", "2026-02-03T12:00"], dtype="datetime64[s]")
    assert compiled.oncall_many(ats) == [compiled.responders("2026-02-01T00:00:00Z"), compiled.responders("2026-02-03T12:00:00Z")]
    cols = compiled.shift_columns()
    assert isinstance(cols["start"], np.ndarray) and cols["start"].dtype == np.int64


def test_oncall_explains_and_agrees_with_the_operation(compiled):
    t = datetime(2026, 3, 30, 8, 30, tzinfo=UTC)
    assert compiled.oncall(t) == schedule.oncall(schedule=FIXTURE, at=t, window={"start": Y0, "end": Y1})


def test_a_handle_pickles_and_rewindows():
    h = schedule.CompiledSchedule(FIXTURE, Y0, Y1)
    t = "2026-03-02T10:00:00Z"
    back = pickle.loads(pickle.dumps(h))
    assert type(back) is schedule.CompiledSchedule
    assert back.window() == h.window() and back.responders(t) == h.responders(t)
    later = "2026-06-15T10:00:00Z"
    with pytest.raises(watchstander.ScheduleError) as info:
        h.responders(later)
    assert info.value.code == "outside_window"
    w = h.rewindow("2026-04-01T00:00:00Z", "2026-07-01T00:00:00Z")
    assert w["start"] == datetime(2026, 4, 1, tzinfo=UTC)
    assert h.responders(later) == schedule.oncall_many(schedule=FIXTURE, at=[later])["on_call"][0]


def test_bad_input_to_a_handle_is_a_typed_error():
    with pytest.raises(watchstander.ScheduleError) as info:
        schedule.CompiledSchedule({"id": "s", "zone": "Mars/Base", "layers": []}, Y0, Y1)
    assert info.value.code == "unknown_zone" and info.value.path == "schedule.zone"
    h = schedule.CompiledSchedule(FIXTURE, Y0, Y1)
    with pytest.raises(watchstander.NaiveDatetimeError):
        h.responders(datetime(2026, 2, 1))
    with pytest.raises(watchstander.InputError):
        h.explain(10**9)


def test_a_live_incident_applies_events_one_by_one_like_a_replay():
    live = incident.LiveIncident()
    for e in EVENTS:
        live.apply(e)
    now = datetime(2026, 11, 26, 11, 40, tzinfo=UTC)
    replayed = incident.replay(events=EVENTS, now=now)
    status = live.status(now)
    assert live.incident() == replayed["incident"]
    assert status["facts"] == replayed["facts"] and status["sla"] == replayed["sla"]
    assert live.len() == len(EVENTS)
    assert live.apply(EVENTS[0])["outcome"] == "duplicate"
    assert live.timeline(zone="Europe/London")["entries"] == incident.timeline(events=EVENTS, zone="Europe/London")["entries"]


def test_a_refused_event_raises_and_changes_nothing():
    live = incident.LiveIncident(events=EVENTS)
    before = live.incident()
    # Declining a resolved incident is not allowed.
    bad = {"id": "bad", "incident": "INC-1042", "kind": "status_changed", "to": "declined",
           "occurred_at": "2026-11-26T11:59:00Z", "recorded_at": "2026-11-26T11:59:00Z", "actor": "sam"}
    with pytest.raises(watchstander.IncidentError):
        live.apply(bad)
    assert live.incident() == before
    results = live.apply_all([bad])
    assert results[0]["outcome"] == "rejected" and results[0]["error"]["module"] == "incident"


def test_a_live_incident_pickles():
    live = incident.LiveIncident(events=EVENTS[:3])
    back = pickle.loads(pickle.dumps(live))
    assert back.incident() == live.incident() and back.len() == 3
    back.apply(EVENTS[3])
    assert back.len() == 4 and live.len() == 3


def test_every_declared_method_is_on_its_class():
    """The generated classes name exactly the methods the core declares (no hand-written
    surface), and the native fast paths are bound to the same names."""
    for module in (schedule, incident):
        for name in getattr(module, "__all__"):
            cls = getattr(module, name)
            if not (isinstance(cls, type) and issubclass(cls, watchstander._native.Handle)):
                continue
            methods = {m for m in vars(cls) if not m.startswith("_")}
            assert methods, name
            for m in methods:
                assert callable(getattr(cls, m)), (name, m)
            sig = inspect.signature(getattr(cls, "__new__"))
            assert list(sig.parameters)[0] == "cls"
