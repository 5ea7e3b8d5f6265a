"""Parses watchstander's iCalendar fixtures with the `icalendar` and
`recurring_ical_events` packages and checks every event against its JSON sidecar.

The fixtures are written by `crates/watchstander/tests/ical_fixtures.rs` into the directory
named by WATCHSTANDER_ICS_OUT; `tests/ical/run.sh` sets it and runs everything. The sidecars
hold values computed from the fixture inputs (instants, local readings, texts, UID parts),
never read back from the .ics files.

Zoned times are checked twice: as `icalendar` decodes them (it maps an IANA TZID to
`zoneinfo`) and through the calendar's own VTIMEZONE (`Timezone.to_tz(lookup_tzid=False)`),
which is what a client without tz data of its own would use.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import struct
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

OUT = os.environ.get("WATCHSTANDER_ICS_OUT")
UTC = dt.timezone.utc
EXPECTED_FIXTURES = 8

pytestmark = pytest.mark.skipif(
    not OUT, reason="set WATCHSTANDER_ICS_OUT (tests/ical/run.sh does)"
)


def fixture_names() -> list[str]:
    if not OUT:
        return []
    manifest = json.loads((Path(OUT) / "manifest.json").read_text(encoding="utf-8"))
    return manifest["fixtures"]


def load(name: str) -> tuple[icalendar.Calendar, dict]:
    directory = Path(OUT)
    expected = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
    raw = (directory / expected["file"]).read_bytes()
    return icalendar.Calendar.from_ical(raw), expected


def instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def local(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y%m%dT%H%M%S")


def fnv1a_uid(parts: list[str]) -> str:
    """FNV-1a 64 over each part's UTF-8 length (u64 little-endian) then its octets."""
    h = 0xCBF29CE484222325
    data = b"".join(struct.pack("<Q", len(p.encode())) + p.encode() for p in parts)
    for byte in data:
        h ^= byte
        h = (h * 0x100000001B3) % 2**64
    return f"{h:016x}@watchstander"


def text_of_unknown(prop) -> str:
    """The TEXT value of a property `icalendar` does not type.

    icalendar keeps NAME (RFC 7986) and X- properties as raw `vUnknown`; RFC 5545 §3.8.8.2
    gives X- properties the default value type TEXT, and RFC 7986 types NAME as TEXT, so the
    writer escapes them. Undo RFC 5545 TEXT escaping in one pass.
    """
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(prop))


def test_manifest_lists_every_file():
    names = fixture_names()
    assert len(names) == EXPECTED_FIXTURES, names
    on_disk = sorted(p.stem for p in Path(OUT).glob("*.ics"))
    assert on_disk == sorted(names)


@pytest.mark.parametrize("name", fixture_names())
def test_calendar_properties_and_timezones(name):
    cal, expected = load(name)
    assert cal.name == "VCALENDAR"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["METHOD"]) == expected["method"]
    assert text_of_unknown(cal["X-WR-CALNAME"]) == expected["calendar_name"]
    assert text_of_unknown(cal["NAME"]) == expected["calendar_name"]
    tzids = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert tzids == expected["zones"]
    for tz in cal.walk("VTIMEZONE"):
        # Every observance is a dated onset with offsets; icalendar can build a tzinfo.
        assert tz.to_tz(lookup_tzid=False) is not None
        times, infos = tz.get_transitions()
        assert times == sorted(times)
        assert len(infos) == len(times) >= 1
        # After the observance in force at the start, icalendar's reading of each onset (in
        # UTC) must be one of the zone's known transitions, and every known transition within
        # the events' span must be there.
        facts = expected["zone_facts"][str(tz["TZID"])]
        listed = [
            (t.replace(tzinfo=UTC), int(info[0].total_seconds()))
            for t, info in zip(times[1:], infos[1:])
        ]
        known = [
            (instant(k["at"]), k["offset_after_seconds"])
            for k in facts["known_2026_transitions"]
        ]
        span = (instant(facts["events_from"]), instant(facts["events_to"]))
        for k in known:
            if span[0] <= k[0] <= span[1]:
                assert k in listed, (tz["TZID"], k, listed)
        for t in listed:
            if t[0].year == 2026:
                assert t in known, (tz["TZID"], t)


@pytest.mark.parametrize("name", fixture_names())
def test_events_match_their_inputs(name):
    cal, expected = load(name)
    own_zones = {
        str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in cal.walk("VTIMEZONE")
    }
    events = cal.walk("VEVENT")
    assert len(events) == len(expected["events"])
    for event, want in zip(events, expected["events"]):
        uid = str(event["UID"])
        assert uid == want["uid"]
        assert uid == fnv1a_uid(want["uid_parts"])

        for prop_name, key in (("DTSTART", "start"), ("DTEND", "end")):
            prop = event[prop_name]
            decoded = event.decoded(prop_name)
            assert decoded.tzinfo is not None, f"{uid} {prop_name} is floating"
            assert decoded.astimezone(UTC) == instant(want[key]["utc"]), (uid, prop_name)
            tzid = want[key]["tzid"]
            if tzid is None:
                assert "TZID" not in prop.params, (uid, prop_name)
                assert decoded.utcoffset() == dt.timedelta(0)
            else:
                assert prop.params["TZID"] == tzid
                wall = decoded.replace(tzinfo=None)
                assert wall == local(want[key]["local"]), (uid, prop_name)
                via_vtimezone = wall.replace(tzinfo=own_zones[tzid]).astimezone(UTC)
                assert via_vtimezone == instant(want[key]["utc"]), (uid, prop_name)

        assert str(event["SUMMARY"]) == want["summary"]
        for prop_name, key in (("DESCRIPTION", "description"), ("LOCATION", "location")):
            got = str(event[prop_name]) if prop_name in event else None
            assert got == want[key], (uid, prop_name)
        categories = (
            [str(c) for c in event["CATEGORIES"].cats] if "CATEGORIES" in event else []
        )
        assert categories == want["categories"]
        assert (str(event["URL"]) if "URL" in event else None) == want["url"]
        assert (str(event["STATUS"]) if "STATUS" in event else None) == want["status"]
        assert event.decoded("SEQUENCE") == want["sequence"]
        assert str(event["TRANSP"]) == want["transparency"]
        assert event.decoded("DTSTAMP") == instant(want["dtstamp"])
        assert event.decoded("LAST-MODIFIED") == instant(want["last_modified"])
        for x_name, x_value in want["extra"]:
            assert text_of_unknown(event[x_name]) == x_value

        alarms = event.walk("VALARM")
        assert len(alarms) == len(want["alarms"])
        for alarm, want_alarm in zip(alarms, want["alarms"]):
            assert str(alarm["ACTION"]) == "DISPLAY"
            trigger = alarm.decoded("TRIGGER")
            assert trigger == -dt.timedelta(seconds=want_alarm["before_start_seconds"])
            assert str(alarm["DESCRIPTION"]) == want_alarm["description"]


@pytest.mark.parametrize("name", fixture_names())
def test_recurring_ical_events_finds_every_event(name):
    cal, expected = load(name)
    if not expected["events"]:
        window = (dt.datetime(2000, 1, 1, tzinfo=UTC), dt.datetime(2100, 1, 1, tzinfo=UTC))
        assert list(recurring_ical_events.of(cal).between(*window)) == []
        return
    starts = [instant(e["start"]["utc"]) for e in expected["events"]]
    ends = [instant(e["end"]["utc"]) for e in expected["events"]]
    window = (min(starts) - dt.timedelta(days=1), max(ends) + dt.timedelta(days=1))
    found = {
        str(e["UID"]): (e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC))
        for e in recurring_ical_events.of(cal).between(*window)
    }
    want = {
        e["uid"]: (instant(e["start"]["utc"]), instant(e["end"]["utc"]))
        for e in expected["events"]
    }
    assert found == want
