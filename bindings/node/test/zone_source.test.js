'use strict'

// Zone sources: a TZif directory chosen with setZoneSource reaches every call. Expected values
// are the tz database's rules (EDT is UTC-4 in July, BST UTC+1), not the engine's output.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ws = require('..')

const NEW_YORK = '/usr/share/zoneinfo/America/New_York'

test('a TZif directory changes the answer, and a missing zone is a typed error', async (t) => {
  assert.equal(ws.tzdb().source, 'bundled')
  if (!fs.existsSync(NEW_YORK)) return t.skip('no system tz database')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tzif-'))
  fs.mkdirSync(path.join(dir, 'Europe'))
  fs.copyFileSync(NEW_YORK, path.join(dir, 'Europe', 'London'))
  fs.writeFileSync(path.join(dir, '+VERSION'), '2099z\n')
  const input = { zone: 'Europe/London', instant: '2026-07-01T12:00:00Z' }
  try {
    assert.equal(ws.time.toLocal(input).offset, '+01:00')
    assert.deepEqual(ws.setZoneSource(dir), { version: '2099z', source: dir })
    assert.equal(ws.time.toLocal(input).offset, '-04:00')
    assert.equal((await ws.time.toLocalAsync(input)).offset, '-04:00')
    assert.deepEqual(ws.time.tzdb(), { version: '2099z', source: dir })
    assert.throws(
      () => ws.time.toLocal({ ...input, zone: 'America/Chicago' }),
      (e) => e instanceof ws.WatchstanderError && e.code === 'unknown_zone' && e.details.zone_source.includes(dir),
    )
  } finally {
    ws.setZoneSource(null)
    fs.rmSync(dir, { recursive: true })
  }
  assert.equal(ws.time.toLocal(input).offset, '+01:00')
  assert.throws(() => ws.setZoneSource(path.join(dir, 'missing')), (e) => e.code === 'invalid_zone_source')
})
