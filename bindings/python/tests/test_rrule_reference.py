"""RRULE expansion checked against an independent implementation, python-dateutil.

watchstander expands an RRULE on the local wall clock of its DTSTART zone (working around the
DST bugs of the `rrule` crate, see docs/time.md) and then resolves each local occurrence to
an instant. dateutil expands the same rule on naive local date-times, so the *local* sequences
must be identical. Random rules (hypothesis) cover every frequency, intervals, BYxxx parts,
BYSETPOS, WKST, COUNT and UNTIL, in zones with and without DST.

One difference is by design and kept out of the comparison: with a sub-daily frequency, two
local occurrences can resolve to the same instant in a spring-forward gap (HOURLY 02:00 moves
onto 03:00), and watchstander returns that instant once. Sub-daily rules therefore use zones
whose offset does not change in the years drawn.
"""

from datetime import datetime, timedelta, timezone
from itertools import islice

from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import watchstander

DST_ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham"]
FIXED_ZONES = ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Tokyo"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LIMIT = 60


def byday(freq):
    plain = st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True)
    if freq in ("MONTHLY", "YEARLY"):
        ordinal = st.tuples(st.sampled_from([-1, 1, 2, 3, -2, 4]), st.sampled_from(DAYS)).map(
            lambda t: [f"{t[0]}{t[1]}"]
        )
        return st.one_of(plain, ordinal)
    return plain


@st.composite
def rules(draw):
    freq = draw(st.sampled_from(["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY"]))
    sub_daily = freq in ("HOURLY", "MINUTELY")
    zone = draw(st.sampled_from(FIXED_ZONES if sub_daily else DST_ZONES + FIXED_ZONES))
    start = draw(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)))
    start = start.replace(second=0, microsecond=0)
    parts = [f"FREQ={freq}", f"INTERVAL={draw(st.integers(1, 4))}"]
    if draw(st.booleans()):
        parts.append("BYDAY=" + ",".join(draw(byday(freq))))
    if freq in ("MONTHLY", "YEARLY") and draw(st.booleans()):
        days = draw(st.lists(st.sampled_from([1, 2, 15, 28, 29, 30, 31, -1, -2]), min_size=1, max_size=2, unique=True))
        parts.append("BYMONTHDAY=" + ",".join(map(str, days)))
    if freq == "YEARLY" and draw(st.booleans()):
        months = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3, unique=True))
        parts.append("BYMONTH=" + ",".join(map(str, months)))
    if not sub_daily and draw(st.booleans()):
        hours = draw(st.lists(st.integers(0, 23), min_size=1, max_size=2, unique=True))
        parts.append("BYHOUR=" + ",".join(map(str, sorted(hours))))
        if draw(st.booleans()):
            parts.append(f"BYMINUTE={draw(st.sampled_from([0, 15, 30, 45]))}")
    if freq in ("MONTHLY", "YEARLY") and any(p.startswith(("BYDAY", "BYMONTHDAY")) for p in parts) and draw(st.booleans()):
        parts.append(f"BYSETPOS={draw(st.sampled_from([1, -1, 2]))}")
    if freq == "WEEKLY" and draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(['MO', 'SU']))}")
    end = draw(st.sampled_from(["none", "count", "until"]))
    if end == "count":
        parts.append(f"COUNT={draw(st.integers(1, 40))}")
    elif end == "until":
        until = start + timedelta(days=draw(st.integers(0, 900)), hours=draw(st.integers(0, 23)))
        parts.append(f"UNTIL={until:%Y%m%dT%H%M%S}")
    return zone, start, ";".join(parts)


def local_sequence_from_dateutil(start, rule, horizon):
    expanded = rrulestr(f"DTSTART:{start:%Y%m%dT%H%M%S}\nRRULE:{rule}")
    # Bounded: dateutil walks to the horizon at most, even for rules that never match.
    return [d for d in islice(expanded.xafter(start - timedelta(seconds=1), inc=True), LIMIT) if d < horizon]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules())
def test_local_occurrences_match_dateutil(case):
    zone, start, rule = case
    horizon = start + timedelta(days=3 * 366)
    expected = local_sequence_from_dateutil(start, rule, horizon)
    got = watchstander.time.recurrence(
        rrule=f"DTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}\nRRULE:{rule}",
        # Instants a day either side of the local range cover any offset.
        start=(start - timedelta(days=1)).replace(tzinfo=timezone.utc),
        end=(horizon + timedelta(days=1)).replace(tzinfo=timezone.utc),
        limit=LIMIT,
    )["occurrences"]
    got_locals = [datetime.fromisoformat(o["local"]) for o in got]
    got_locals = [d for d in got_locals if d < horizon]
    n = min(len(expected), len(got_locals))
    assert got_locals[:n] == expected[:n], (zone, start, rule)
    # Neither stops early: whichever list was cut by LIMIT, the shorter one ended with the rule.
    if len(expected) < LIMIT and len(got_locals) < LIMIT:
        assert got_locals == expected, (zone, start, rule)


def test_known_rules_match_dateutil():
    # Named cases from the rrule crate's DST bug reports (docs/time.md): daily 02:30 across
    # New York's spring-forward, last Sunday of the month, the 31st of each month.
    for zone, start, rule in [
        ("America/New_York", datetime(2026, 3, 1, 2, 30), "FREQ=DAILY;COUNT=14"),
        ("Europe/London", datetime(2026, 1, 25, 1, 30), "FREQ=MONTHLY;BYDAY=-1SU;COUNT=12"),
        ("Australia/Lord_Howe", datetime(2026, 1, 31, 9, 0), "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=7"),
        ("America/St_Johns", datetime(2026, 10, 30, 0, 30), "FREQ=WEEKLY;BYDAY=SU,MO;COUNT=8"),
    ]:
        expected = local_sequence_from_dateutil(start, rule, start + timedelta(days=800))
        got = watchstander.time.recurrence(
            rrule=f"DTSTART;TZID={zone}:{start:%Y%m%dT%H%M%S}\nRRULE:{rule}",
            start=datetime(2025, 12, 1, tzinfo=timezone.utc),
            end=datetime(2029, 1, 1, tzinfo=timezone.utc),
            limit=LIMIT,
        )["occurrences"]
        assert [datetime.fromisoformat(o["local"]) for o in got] == expected, (zone, rule)
        assert len(expected) > 5
