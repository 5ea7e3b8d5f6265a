"""Python benchmark: watchstander's Python package vs python-dateutil rrule and
recurring-ical-events (with icalendar) on benches/fixtures/five-layers.json.

Run by benches/run.sh (which installs the peers and builds watchstander in release):

    target/bench-venv/bin/python benches/python/bench.py [--quick]

Prints human-readable lines on stderr and one JSON object per measurement on stdout:
``{"lang", "case", "impl", "median_s", "samples", "note"}``.

The peers compute the same thing naively, as a Python user would without watchstander:
expand each layer's rotation (weekly handoffs at a local time) and restriction windows, clip the
turns to the windows, stack the layers (precedence / union) and apply the `replace` overrides
(last created wins) with one sweep over the sorted boundaries. Both peers are checked to give
exactly the same per-person on-call intervals for the year as watchstander, and the same people
at 1 000 random instants, before anything is timed.
"""

from __future__ import annotations

import bisect
import json
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from dateutil import rrule as du

import watchstander

ROOT = Path(__file__).resolve().parents[2]
# The fixture generator's PRNG, so the instants are the ones the Rust and Node benches use.
sys.path.insert(0, str(ROOT / "benches" / "fixtures"))
from generate import mulberry32  # noqa: E402
FIXTURE = (ROOT / "benches" / "fixtures" / "five-layers.json").read_text()
UTC = timezone.utc
Y0 = datetime(2026, 1, 1, tzinfo=UTC)
Y1 = datetime(2027, 1, 1, tzinfo=UTC)
Y0S, Y1S = int(Y0.timestamp()), int(Y1.timestamp())
QUICK = "--quick" in sys.argv
QUERIES = 100_000 if QUICK else 1_000_000


def instants(n, seed):
    """n instants of 2026 in whole seconds: the same sequence as the Rust and Node benches."""
    rnd = mulberry32(seed)
    span = Y1S - Y0S
    return [Y0S + rnd() % span for _ in range(n)]


def rfc3339(secs):
    return datetime.fromtimestamp(secs, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def measure(fn, samples, warmup=1):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def report(case, impl, median, samples, note=""):
    print(json.dumps({"lang": "python", "case": case, "impl": impl, "median_s": median,
                      "samples": len(samples), "note": note}), flush=True)
    print(f"python {case} {impl:<34} median {median * 1e3:10.3f} ms over {len(samples)} samples {note}",
          file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------
# Shared by both peers: stacking layer pieces and overrides into one timeline.
# ------------------------------------------------------------------------------------------

def stack(layers, overrides):
    """layers: [(union, [(start, end, person)] sorted)], overrides: [(start, end, person, created)]
    (epoch seconds). Returns the timeline: sorted [(start, end, tuple_of_people)]."""
    bounds = {Y0S, Y1S}
    for _, pieces in layers:
        for s, e, _ in pieces:
            bounds.add(s)
            bounds.add(e)
    for s, e, _, _ in overrides:
        bounds.add(min(max(s, Y0S), Y1S))
        bounds.add(min(max(e, Y0S), Y1S))
    bounds = sorted(bounds)
    starts = {}
    for o in overrides:
        starts.setdefault(max(o[0], Y0S), []).append(o)
    active = []
    ptr = [0] * len(layers)
    timeline = []
    for i in range(len(bounds) - 1):
        s, e = bounds[i], bounds[i + 1]
        people = []
        for li, (union, pieces) in enumerate(layers):
            j = ptr[li]
            while j < len(pieces) and pieces[j][1] <= s:
                j += 1
            ptr[li] = j
            if j < len(pieces) and pieces[j][0] <= s:
                if not union:
                    people = []
                people.append(pieces[j][2])
        active = [o for o in active if o[1] > s]
        active.extend(starts.get(s, ()))
        if active:
            people = [max(active, key=lambda o: o[3])[2]]
        people = tuple(sorted(set(people)))
        if timeline and timeline[-1][2] == people and timeline[-1][1] == s:
            timeline[-1] = (timeline[-1][0], e, people)
        else:
            timeline.append((s, e, people))
    return timeline


def person_intervals(timeline):
    """The final shifts in the peers' form: each person's merged on-call intervals."""
    out = {}
    for s, e, people in timeline:
        for p in people:
            lst = out.setdefault(p, [])
            if lst and lst[-1][1] >= s:
                lst[-1][1] = max(lst[-1][1], e)
            else:
                lst.append([s, e])
    return out


def clip(pieces):
    out = [(max(s, Y0S), min(e, Y1S), p) for s, e, p in pieces]
    return sorted(x for x in out if x[0] < x[1])


# ------------------------------------------------------------------------------------------
# Peer 1: python-dateutil rrule (+ zoneinfo), reading the fixture JSON.
# ------------------------------------------------------------------------------------------

DAYS = {"mon": du.MO, "tue": du.TU, "wed": du.WE, "thu": du.TH, "fri": du.FR, "sat": du.SA, "sun": du.SU}
DAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def to_epoch(local, zone):
    # fold=0: the earlier of two repeated times; no boundary of the fixture is in a gap or fold.
    return int(local.replace(tzinfo=zone).timestamp())


def hm(text):
    h, m = text.split(":")
    return int(h), int(m)


def dateutil_layer(layer, default_zone):
    zone = ZoneInfo(layer.get("zone", default_zone))
    rot = layer["rotation"]
    members = rot["members"]
    offset = rot.get("offset", 0)
    assert rot["handoff"]["unit"] == "weeks"
    anchor = datetime.fromisoformat(rot["anchor"])
    until = datetime(2027, 1, 1) + timedelta(days=2 * 7 * rot["handoff"]["every"])
    handoffs = [to_epoch(t, zone) for t in
                du.rrule(du.WEEKLY, interval=rot["handoff"]["every"], dtstart=anchor, until=until)]
    turns = [(handoffs[k], handoffs[k + 1], members[(k + offset) % len(members)])
             for k in range(len(handoffs) - 1)]
    restrictions = layer.get("restrictions")
    if not restrictions:
        return clip(turns)
    first, last = datetime(2025, 12, 24), datetime(2027, 1, 2)
    windows = []
    for r in restrictions:
        sh, sm = hm(r["start"])
        eh, em = hm(r["end"])
        if "start_day" in r:
            days = [DAYS[r["start_day"]]]
            length = (DAY_INDEX[r["end_day"]] - DAY_INDEX[r["start_day"]]) % 7
            if length == 0 and (eh, em) <= (sh, sm):
                length = 7
            freq = du.WEEKLY
        else:
            days = [DAYS[d] for d in r.get("days", DAYS)]
            length = 1 if (eh, em) <= (sh, sm) else 0
            freq = du.DAILY
        for start in du.rrule(freq, byweekday=days, dtstart=first.replace(hour=sh, minute=sm), until=last):
            end = (start + timedelta(days=length)).replace(hour=eh, minute=em)
            windows.append((to_epoch(start, zone), to_epoch(end, zone)))
    windows.sort()
    wstarts = [w[0] for w in windows]
    pieces = []
    for ts, te, person in turns:
        # Windows that can overlap the turn: from the last one starting before it.
        i = max(bisect.bisect_right(wstarts, ts) - 1, 0)
        while i < len(windows) and windows[i][0] < te:
            s, e = max(ts, windows[i][0]), min(te, windows[i][1])
            if s < e:
                pieces.append((s, e, person))
            i += 1
    return clip(pieces)


def parse_instant(text):
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def dateutil_build(text):
    doc = json.loads(text)
    layers = [(l.get("combine") == "union", dateutil_layer(l, doc["zone"])) for l in doc["layers"]]
    overrides = [(parse_instant(o["start"]), parse_instant(o["end"]), o["person"],
                  parse_instant(o["created_at"])) for o in doc["overrides"]]
    return stack(layers, overrides)


# ------------------------------------------------------------------------------------------
# Peer 2: the same schedule as an iCalendar feed, expanded by recurring-ical-events.
# ------------------------------------------------------------------------------------------

def ics_of(doc):
    """An equivalent iCalendar feed (setup, not timed): one recurring event per layer member,
    whose occurrences are that member's restricted turns; one event per override. Written for
    this fixture's shapes (restriction windows aligned with the handoff, none across midnight)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//watchstander//bench//EN"]
    fmt = "%Y%m%dT%H%M%S"
    for layer in doc["layers"]:
        zone = layer.get("zone", doc["zone"])
        rot = layer["rotation"]
        n, every, offset = len(rot["members"]), rot["handoff"]["every"], rot.get("offset", 0)
        anchor = datetime.fromisoformat(rot["anchor"])
        restrictions = layer.get("restrictions", [])
        assert len(restrictions) <= 1
        for m, person in enumerate(rot["members"]):
            first = anchor + timedelta(weeks=every * ((m - offset) % n))
            rule = f"FREQ=WEEKLY;INTERVAL={n * every}"
            if not restrictions:
                start, end = first, first + timedelta(weeks=every)
            else:
                r = restrictions[0]
                sh, sm = hm(r["start"])
                eh, em = hm(r["end"])
                assert (first.hour, first.minute) == (sh, sm), "windows must start at the handoff"
                start = first
                if "start_day" in r:
                    assert DAY_INDEX[r["start_day"]] == first.weekday()
                    length = (DAY_INDEX[r["end_day"]] - DAY_INDEX[r["start_day"]]) % 7 or 7
                    end = (first + timedelta(days=length)).replace(hour=eh, minute=em)
                else:
                    assert (eh, em) > (sh, sm) and every == 1
                    end = first.replace(hour=eh, minute=em)
                    days = r.get("days", list(DAY_INDEX))
                    rule += ";BYDAY=" + ",".join(d[:2].upper() for d in days)
            lines += ["BEGIN:VEVENT", f"UID:{layer['id']}-{person}@bench", "DTSTAMP:20260101T000000Z",
                      f"DTSTART;TZID={zone}:{start.strftime(fmt)}", f"DTEND;TZID={zone}:{end.strftime(fmt)}",
                      f"RRULE:{rule}", f"SUMMARY:{person}", f"CATEGORIES:{layer['id']}",
                      f"X-COMBINE:{layer.get('combine', 'precedence')}", "END:VEVENT"]
    for o in doc["overrides"]:
        z = lambda t: t.replace("-", "").replace(":", "")  # noqa: E731
        lines += ["BEGIN:VEVENT", f"UID:{o['id']}@bench", "DTSTAMP:20260101T000000Z",
                  f"DTSTART:{z(o['start'])}", f"DTEND:{z(o['end'])}", f"CREATED:{z(o['created_at'])}",
                  f"SUMMARY:{o['person']}", "CATEGORIES:override", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def ical_build(ics, layer_order):
    cal = icalendar.Calendar.from_ical(ics)
    pieces = {lid: [] for lid in layer_order}
    union = {}
    overrides = []
    for ev in recurring_ical_events.of(cal).between(Y0, Y1):
        cat = ev.get("CATEGORIES").cats[0]
        s, e = int(ev.DTSTART.timestamp()), int(ev.DTEND.timestamp())
        person = str(ev.get("SUMMARY"))
        if cat == "override":
            overrides.append((s, e, person, int(ev.get("CREATED").dt.timestamp())))
        else:
            pieces[cat].append((s, e, person))
            union[cat] = str(ev.get("X-COMBINE")) == "union"
    layers = [(union.get(lid, False), clip(pieces[lid])) for lid in layer_order]
    return stack(layers, overrides)


# ------------------------------------------------------------------------------------------
# watchstander
# ------------------------------------------------------------------------------------------

def ours_person_intervals(shifts):
    raw = sorted((s["person"], int(s["start"].timestamp()), int(s["end"].timestamp())) for s in shifts)
    out = {}
    for p, s, e in raw:
        lst = out.setdefault(p, [])
        if lst and lst[-1][1] >= s:
            lst[-1][1] = max(lst[-1][1], e)
        else:
            lst.append([s, e])
    return out


def lookup(timeline, starts, t):
    i = bisect.bisect_right(starts, t) - 1
    return timeline[i][2] if i >= 0 and t < timeline[i][1] else ()


def main():
    doc = json.loads(FIXTURE)
    ws = watchstander.schedule
    Y0, Y1 = "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"
    layer_order = [l["id"] for l in doc["layers"]]
    ics = ics_of(doc)

    # Same answers first.
    ours_shifts = ws.shifts(schedule=doc, from_=Y0, to=Y1)["shifts"]
    ours = ours_person_intervals(ours_shifts)
    du_timeline = dateutil_build(FIXTURE)
    ical_timeline = ical_build(ics, layer_order)
    assert person_intervals(du_timeline) == ours, "dateutil peer disagrees with watchstander"
    assert person_intervals(ical_timeline) == ours, "recurring-ical-events peer disagrees with watchstander"
    sample = instants(1000, 7)
    ours_at = ws.oncall_many(schedule=doc, at=[rfc3339(t) for t in sample])["on_call"]
    starts = [s for s, _, _ in du_timeline]
    for t, who in zip(sample, ours_at):
        assert tuple(sorted(set(who))) == lookup(du_timeline, starts, t), f"disagree at {rfc3339(t)}"
    hours = sum(e - s for v in ours.values() for s, e in v) // 3600
    note = (f"agreement: both peers give watchstander's per-person intervals for the year "
            f"({len(ours)} people, {hours} person-hours, {len(ours_shifts)} watchstander shifts, "
            f"{len(du_timeline)} peer timeline segments); same people at 1000 instants")
    print(json.dumps({"lang": "python", "agreement": note}), flush=True)
    print("python " + note, file=sys.stderr, flush=True)

    n = 3 if QUICK else 9
    # (a) a year of final shifts, from the JSON text, as each would hand them to a user
    def ours_dicts():
        return ws.CompiledSchedule(json.loads(FIXTURE), Y0, Y1).shifts()

    def ours_columns():
        return ws.CompiledSchedule(json.loads(FIXTURE), Y0, Y1).shift_columns()

    m, s = measure(ours_dicts, n)
    report("a", "watchstander", m, s, "CompiledSchedule(...).shifts(): parse + compile + every shift as a dict (person, start/end datetimes, layer, index)")
    m, s = measure(ours_columns, n)
    report("a-columns", "watchstander", m, s, "CompiledSchedule(...).shift_columns(): parse + compile + numpy columns")
    m, s = measure(lambda: ws.shifts(schedule=json.loads(FIXTURE), from_=Y0, to=Y1), n)
    report("a-explained", "watchstander", m, s, "schedule.shifts operation: every shift explained (reason, why, uid, local times, DST)")
    m, s = measure(lambda: person_intervals(dateutil_build(FIXTURE)), n)
    report("a", "dateutil", m, s, "parse + rrule expansion + stacking + per-person intervals")
    m, s = measure(lambda: person_intervals(ical_build(ics, layer_order)), 3 if QUICK else 5)
    report("a", "recurring-ical-events", m, s, "icalendar parse + recurring-ical-events + stacking")
    # Where the time goes.
    m, s = measure(lambda: json.loads(FIXTURE), n)
    report("a-parse", "watchstander", m, s, "breakdown: json.loads of the document")
    parsed = json.loads(FIXTURE)
    m, s = measure(lambda: ws.CompiledSchedule(parsed, Y0, Y1), n)
    report("a-compile", "watchstander", m, s, "breakdown: dict -> core conversion + validate + compile")
    h = ws.CompiledSchedule(parsed, Y0, Y1)
    m, s = measure(h.shifts, n)
    report("a-convert", "watchstander", m, s, "breakdown: shifts -> Python dicts")
    m, s = measure(h.shift_columns, n)
    report("a-convert-columns", "watchstander", m, s, "breakdown: shifts -> numpy columns")

    # (b) who is on call at QUERIES random instants
    qs = instants(QUERIES, 42)
    timeline = dateutil_build(FIXTURE)
    starts = [x[0] for x in timeline]
    one = qs[: QUERIES // 10]

    def peer_single():
        for t in one:
            lookup(timeline, starts, t)

    def ours_single():
        r = h.responders
        for t in one:
            r(t)

    m, s = measure(ours_single, 3, warmup=1)
    report("b-single", "watchstander", m / len(one), s, "per query: handle.responders(t) (t in Unix seconds), one call each")
    m, s = measure(peer_single, 3, warmup=1)
    report("b-single", "bisect", m / len(one), s, "per query: bisect over the peer's prebuilt timeline, one call each")
    try:
        import numpy as np

        arr = np.array(qs, dtype=np.int64)
        m, s = measure(lambda: h.oncall_many_columns(arr), 3, warmup=1)
        report("b-batch", "watchstander", m / len(qs), s, f"per query: handle.oncall_many_columns(numpy array of {QUERIES})")
    except ImportError:
        pass
    m, s = measure(lambda: h.oncall_many(qs), 3, warmup=1)
    report("b-batch-lists", "watchstander", m / len(qs), s, f"per query: handle.oncall_many(list of {QUERIES} ints) -> lists of ids")
    m, s = measure(lambda: [lookup(timeline, starts, t) for t in qs], 3, warmup=1)
    report("b-batch", "bisect", m / len(qs), s, f"per query: {QUERIES} bisect lookups in a list comprehension")
    q_text = [rfc3339(t) for t in qs[:20]]
    m, s = measure(lambda: [ws.oncall(schedule=doc, at=t) for t in q_text], 3)
    report("b-recompile", "watchstander", m / len(q_text), s, "per query: schedule.oncall operation (recompiles 90 days each time)")


if __name__ == "__main__":
    main()
