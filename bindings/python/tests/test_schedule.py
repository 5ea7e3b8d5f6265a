"""Python-specific behaviour of watchstander.schedule: datetimes in and out, keyword names,
errors. The operations' results are checked by the shared conformance cases."""

import json
import pathlib
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

import watchstander
from watchstander import schedule as ws

ROOT = pathlib.Path(__file__).resolve().parents[3]

WEEKLY = {
    "id": "payments",
    "zone": "Europe/London",
    "layers": [{"id": "weekly", "rotation": {
        "members": ["alice", "bob"], "anchor": "2026-01-05T09:00", "handoff": {"every": 1, "unit": "weeks"}}}],
}


def test_aware_datetimes_in_and_aware_utc_datetimes_out():
    # Monday 30 March 2026 09:00 in London is BST: 08:00 UTC, turn 12 → alice.
    at = datetime(2026, 3, 30, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    now = ws.oncall(schedule=WEEKLY, at=at)
    entry = now["on_call"][0]
    assert entry["person"] == "alice"
    assert entry["shift"]["start"] == datetime(2026, 3, 30, 8, 0, tzinfo=timezone.utc)
    assert entry["shift"]["start"].tzinfo is timezone.utc
    # The week before spanned the change to summer time: 167 hours.
    before = ws.oncall(schedule=WEEKLY, at=at - timedelta(seconds=1))["on_call"][0]
    assert before["shift"]["end"] - before["shift"]["start"] == timedelta(hours=167)


def test_from_is_spelt_from_underscore():
    out = ws.handoffs(
        schedule=WEEKLY,
        from_=datetime(2026, 3, 23, tzinfo=timezone.utc),
        to=datetime(2026, 4, 6, tzinfo=timezone.utc),
    )
    assert [h["at"] for h in out["handoffs"]] == [
        datetime(2026, 3, 23, 9, 0, tzinfo=timezone.utc),
        datetime(2026, 3, 30, 8, 0, tzinfo=timezone.utc),
    ]
    assert out["handoffs"][1]["from"] == ["bob"]


def test_next_handoffs_after_an_instant():
    out = ws.handoffs(schedule=WEEKLY, after="2026-03-24T00:00:00Z", count=2)
    assert [h["to"] for h in out["handoffs"]] == [["alice"], ["bob"]]


def test_naive_datetime_is_refused_with_its_name():
    with pytest.raises(watchstander.NaiveDatetimeError) as info:
        ws.oncall(schedule=WEEKLY, at=datetime(2026, 3, 30, 9, 0))
    assert info.value.path == "at"


def test_schedule_errors_are_schedule_errors_with_codes():
    with pytest.raises(watchstander.ScheduleError) as info:
        ws.shifts(schedule=WEEKLY, from_="2026-01-01T00:00:00Z", to="2036-01-01T00:00:00Z")
    assert info.value.code == "window_too_long"
    assert info.value.module == "schedule"
    bad = json.loads(json.dumps(WEEKLY))
    bad["layers"][0]["rotation"]["handoff"] = {"rrule": "DTSTART:20260101T090000\nRRULE:FREQ=DAILY"}
    del bad["layers"][0]["rotation"]["anchor"]
    with pytest.raises(watchstander.TimeError) as info:
        ws.validate(schedule=bad)
    assert info.value.code == "rrule_without_zone"


def test_datetimes_inside_the_schedule_document_are_converted():
    doc = json.loads(json.dumps(WEEKLY))
    doc["overrides"] = [{
        "id": "cover",
        "person": "chen",
        "start": datetime(2026, 3, 31, 12, 0, tzinfo=ZoneInfo("Asia/Singapore")),
        "end": datetime(2026, 3, 31, 18, 0, tzinfo=ZoneInfo("Asia/Singapore")),
    }]
    now = ws.oncall(schedule=doc, at="2026-03-31T05:00:00Z")
    assert now["on_call"][0]["person"] == "chen"
    assert now["on_call"][0]["replaced"] == ["alice"]


def test_every_example_schedule_validates_from_python():
    for path in sorted((ROOT / "examples" / "schedules").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for s in doc.get("schedules", [doc]):
            assert ws.validate(schedule=s)["valid"] is True, path.name


def test_the_sample_team_report_reads_well():
    doc = json.loads((ROOT / "examples" / "org" / "schedules.json").read_text(encoding="utf-8"))
    primary = doc["schedules"][0]
    report = ws.handoff_report(schedule=primary, at="2026-11-26T15:00:00Z")
    assert report["text"][0].startswith("Handoff Thu 2026-11-26 16:00 (Europe/London): alice → eve")
    assert report["incoming"][0]["time_off"] == ["Thanksgiving"]
    ledger = ws.fairness(schedule=primary, from_="2026-11-01T00:00:00Z", to="2026-12-01T00:00:00Z")
    assert abs(sum(r["over_fair_share"] for r in ledger["rows"])) < 1e-9


def test_ical_export_parses_with_the_icalendar_package():
    icalendar = pytest.importorskip("icalendar")
    doc = json.loads((ROOT / "examples" / "org" / "schedules.json").read_text(encoding="utf-8"))
    primary = doc["schedules"][0]
    out = ws.ical(
        schedule=primary,
        from_=datetime(2026, 12, 1, tzinfo=timezone.utc),
        to=datetime(2026, 12, 8, tzinfo=timezone.utc),
        now=datetime(2026, 11, 30, tzinfo=timezone.utc),
        person="dana",
        times="zoned",
        alarm_minutes=15,
    )
    cal = icalendar.Calendar.from_ical(out["ics"])
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == len(out["events"]) > 0
    kolkata = ZoneInfo("Asia/Kolkata")
    for ev, listed in zip(events, out["events"]):
        assert str(ev["UID"]) == listed["uid"]
        start = ev.decoded("DTSTART")
        # Written in dana's own zone, and the same instant as listed.
        assert start.utcoffset() == kolkata.utcoffset(start.replace(tzinfo=None))
        assert start == listed["start"]
        assert ev.decoded("DTEND") == listed["end"]
        assert "Takes over from" in str(ev["DESCRIPTION"])
    # Stable: a second export with another DTSTAMP has the same UIDs.
    again = ws.ical(schedule=primary, from_="2026-12-01T00:00:00Z", to="2026-12-08T00:00:00Z",
                    now="2026-12-01T09:00:00Z", person="dana")
    assert [e["uid"] for e in again["events"]] == [e["uid"] for e in out["events"]]
