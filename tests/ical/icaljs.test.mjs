// Parses watchstander's iCalendar fixtures with ical.js and checks every event against its
// JSON sidecar (values computed from the fixture inputs, never read back from the .ics).
//
// The fixtures are written by crates/watchstander/tests/ical_fixtures.rs into the directory
// named by WATCHSTANDER_ICS_OUT; tests/ical/run.sh sets it and runs everything.
//
// ical.js has no time-zone data of its own: a TZID time converts correctly only through the
// VTIMEZONE components of the file, registered with ICAL.TimezoneService. So these checks
// test the generated VTIMEZONEs directly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';

const OUT = process.env.WATCHSTANDER_ICS_OUT;
const EXPECTED_FIXTURES = 8;
const skip = OUT ? false : 'set WATCHSTANDER_ICS_OUT (tests/ical/run.sh does)';

function fixtureNames() {
  if (!OUT) return [];
  return JSON.parse(fs.readFileSync(path.join(OUT, 'manifest.json'), 'utf8')).fixtures;
}

function load(name) {
  const expected = JSON.parse(fs.readFileSync(path.join(OUT, `${name}.json`), 'utf8'));
  const text = fs.readFileSync(path.join(OUT, expected.file), 'utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(vtimezone);
  }
  return { calendar, expected };
}

/** Milliseconds since the epoch of an RFC 3339 instant. */
const ms = (text) => Date.parse(text);

/** Milliseconds since the epoch of an ICAL.Time, converted through its zone. */
const icalMs = (time) => time.toUnixTime() * 1000;

/**
 * The TEXT value of a property ical.js does not type. ical.js keeps NAME (RFC 7986) and X-
 * properties as raw "unknown" values; RFC 5545 §3.8.8.2 makes TEXT the default type of
 * X- properties, so the writer escapes them. Undo RFC 5545 TEXT escaping in one pass.
 */
function unescapeText(value) {
  return value.replace(/\\([\\;,nN])/g, (_, c) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** FNV-1a 64 over each part's UTF-8 length (u64 little-endian) then its octets. */
function fnv1aUid(parts) {
  let h = 0xcbf29ce484222325n;
  const eat = (bytes) => {
    for (const b of bytes) {
      h ^= BigInt(b);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
  };
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(8);
    length.writeBigUInt64LE(BigInt(bytes.length));
    eat(length);
    eat(bytes);
  }
  return `${h.toString(16).padStart(16, '0')}@watchstander`;
}

test('the manifest lists every fixture file', { skip }, () => {
  const names = fixtureNames();
  assert.equal(names.length, EXPECTED_FIXTURES);
  const onDisk = fs
    .readdirSync(OUT)
    .filter((f) => f.endsWith('.ics'))
    .map((f) => f.slice(0, -4))
    .sort();
  assert.deepEqual(onDisk, [...names].sort());
});

test('the FNV-1a UID helper agrees with an independent computation', () => {
  // The UID of the single part "a" (octets 01 00 00 00 00 00 00 00 61), computed with a
  // separate Python implementation of FNV-1a 64.
  assert.equal(fnv1aUid(['a']), '529a4ddc8ff56bbf@watchstander');
});

for (const name of fixtureNames()) {
  test(`ical.js reads ${name}`, () => {
    const { calendar, expected } = load(name);
    assert.equal(calendar.name, 'vcalendar');
    assert.equal(calendar.getFirstPropertyValue('version'), '2.0');
    assert.equal(calendar.getFirstPropertyValue('method'), expected.method);
    assert.equal(unescapeText(calendar.getFirstPropertyValue('x-wr-calname')), expected.calendar_name);
    assert.equal(unescapeText(calendar.getFirstPropertyValue('name')), expected.calendar_name);

    const tzids = calendar
      .getAllSubcomponents('vtimezone')
      .map((vtz) => vtz.getFirstPropertyValue('tzid'));
    assert.deepEqual(tzids, expected.zones);

    const vevents = calendar.getAllSubcomponents('vevent');
    assert.equal(vevents.length, expected.events.length);
    vevents.forEach((vevent, i) => {
      const want = expected.events[i];
      const event = new ICAL.Event(vevent);
      assert.equal(event.uid, want.uid);
      assert.equal(event.uid, fnv1aUid(want.uid_parts));

      for (const [time, key] of [
        [event.startDate, 'start'],
        [event.endDate, 'end'],
      ]) {
        const w = want[key];
        const label = `${want.uid} ${key}`;
        assert.equal(icalMs(time), ms(w.utc), label);
        if (w.tzid === null) {
          assert.equal(time.zone, ICAL.Timezone.utcTimezone, label);
        } else {
          // The zone is the one built from the file's VTIMEZONE, not a floating time.
          assert.equal(time.zone.tzid, w.tzid, label);
          assert.ok(time.zone.component, label);
          const local = time.toString().replace(/[-:]/g, '');
          assert.equal(local, w.local, label);
        }
      }

      assert.equal(event.summary, want.summary);
      assert.equal(event.description ?? null, want.description);
      assert.equal(event.location ?? null, want.location);
      const categories = vevent.getFirstProperty('categories');
      assert.deepEqual(categories ? categories.getValues() : [], want.categories);
      assert.equal(vevent.getFirstPropertyValue('url') ?? null, want.url);
      assert.equal(vevent.getFirstPropertyValue('status') ?? null, want.status);
      assert.equal(event.sequence, want.sequence);
      assert.equal(vevent.getFirstPropertyValue('transp'), want.transparency);
      assert.equal(icalMs(vevent.getFirstPropertyValue('dtstamp')), ms(want.dtstamp));
      assert.equal(icalMs(vevent.getFirstPropertyValue('last-modified')), ms(want.last_modified));
      for (const [xName, xValue] of want.extra) {
        assert.equal(unescapeText(vevent.getFirstPropertyValue(xName.toLowerCase())), xValue);
      }

      const alarms = vevent.getAllSubcomponents('valarm');
      assert.equal(alarms.length, want.alarms.length);
      alarms.forEach((alarm, k) => {
        assert.equal(alarm.getFirstPropertyValue('action'), 'DISPLAY');
        const trigger = alarm.getFirstPropertyValue('trigger');
        assert.equal(trigger.toSeconds(), -want.alarms[k].before_start_seconds);
        assert.equal(alarm.getFirstPropertyValue('description'), want.alarms[k].description);
      });
    });
  });
}
