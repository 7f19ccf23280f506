import { strict as assert } from 'node:assert';
import {
  DEFAULT_TIME_ZONE, instantOf, isQuiet, localDate, localTime, nextAllowedTime, parseClock, resolveTimeZone,
} from '../../src/scheduler/policy-quiet-hours';

const BERLIN = 'Europe/Berlin';
const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);

describe('scheduler/policy-quiet-hours', () => {
  it('reads local wall time in the user zone, DST-aware', () => {
    // 26 Nov 2026 is CET (UTC+1), 1 Jul 2026 CEST (UTC+2).
    assert.deepEqual(localTime(at('2026-11-26T18:30:00Z'), BERLIN), { year: 2026, month: 11, day: 26, hour: 19, minute: 30, weekday: 4 });
    assert.equal(localTime(at('2026-07-01T18:30:00Z'), BERLIN).hour, 20);
    assert.equal(localDate(at('2026-11-26T23:30:00Z'), BERLIN), '2026-11-27');
    assert.equal(localDate(at('2026-11-26T23:30:00Z'), 'America/New_York'), '2026-11-26');
  });

  it('falls back to Europe/Berlin for a missing or unknown zone, and canonicalises known ones', () => {
    assert.equal(resolveTimeZone(undefined), DEFAULT_TIME_ZONE);
    assert.equal(resolveTimeZone(''), DEFAULT_TIME_ZONE);
    assert.equal(resolveTimeZone('Mars/Olympus_Mons'), DEFAULT_TIME_ZONE);
    assert.equal(resolveTimeZone('America/New_York'), 'America/New_York');
    assert.equal(resolveTimeZone('europe/berlin'), 'Europe/Berlin');
  });

  it('is quiet from 20:00 to 08:00 and all weekend by default', () => {
    const cases: Array<[string, boolean]> = [
      ['2026-11-26T06:59:00Z', true],  // Thu 07:59 CET
      ['2026-11-26T07:00:00Z', false], // Thu 08:00
      ['2026-11-26T18:59:00Z', false], // Thu 19:59
      ['2026-11-26T19:00:00Z', true],  // Thu 20:00
      ['2026-11-28T11:00:00Z', true],  // Sat noon
      ['2026-11-29T11:00:00Z', true],  // Sun noon
      ['2026-11-30T07:00:00Z', false], // Mon 08:00
    ];
    for (const [text, quiet] of cases) assert.equal(isQuiet(at(text), BERLIN), quiet, text);
  });

  it('moves a job due in quiet hours to the next allowed time', () => {
    assert.equal(iso(nextAllowedTime(at('2026-11-26T20:15:00Z'), BERLIN)), '2026-11-27T07:00:00.000Z'); // Thu 21:15 → Fri 08:00
    assert.equal(iso(nextAllowedTime(at('2026-11-27T03:00:00Z'), BERLIN)), '2026-11-27T07:00:00.000Z'); // Fri 04:00 → Fri 08:00
    assert.equal(iso(nextAllowedTime(at('2026-11-27T19:30:00Z'), BERLIN)), '2026-11-30T07:00:00.000Z'); // Fri 20:30 → Mon 08:00
    assert.equal(iso(nextAllowedTime(at('2026-11-29T22:59:00Z'), BERLIN)), '2026-11-30T07:00:00.000Z'); // Sun 23:59 → Mon 08:00
    const allowed = at('2026-11-26T10:00:00Z');
    assert.equal(nextAllowedTime(allowed, BERLIN), allowed);
  });

  it('uses the user zone: 21:00 in New York is 03:00 in Berlin', () => {
    const t = at('2026-11-27T02:00:00Z'); // Thu 21:00 EST, Fri 03:00 CET
    assert.equal(iso(nextAllowedTime(t, 'America/New_York')), '2026-11-27T13:00:00.000Z'); // Fri 08:00 EST
    assert.equal(iso(nextAllowedTime(t, BERLIN)), '2026-11-27T07:00:00.000Z');
  });

  it('lands on 08:00 local time across the spring-forward weekend in Berlin (29 Mar 2026)', () => {
    // Fri 27 Mar 21:00 CET → Mon 30 Mar 08:00 CEST (06:00Z), not 07:00Z.
    assert.equal(iso(nextAllowedTime(at('2026-03-27T20:00:00Z'), BERLIN)), '2026-03-30T06:00:00.000Z');
    // Without weekend quiet: Sat 28 Mar 21:00 CET → Sun 29 Mar (the DST day) 08:00 CEST = 06:00Z.
    const weekdaysOnly = { start: '20:00', end: '08:00', weekends: false };
    assert.equal(iso(nextAllowedTime(at('2026-03-28T20:00:00Z'), BERLIN, weekdaysOnly)), '2026-03-29T06:00:00.000Z');
  });

  it('lands on 08:00 local time across the fall-back day in Berlin (25 Oct 2026)', () => {
    const weekdaysOnly = { start: '20:00', end: '08:00', weekends: false };
    // Sat 24 Oct 21:00 CEST (19:00Z) → Sun 25 Oct 08:00 CET = 07:00Z: 25 hours of night.
    assert.equal(iso(nextAllowedTime(at('2026-10-24T19:00:00Z'), BERLIN, weekdaysOnly)), '2026-10-25T07:00:00.000Z');
    // In the repeated hour (02:30 happens twice) it is still quiet until 08:00.
    assert.equal(iso(nextAllowedTime(at('2026-10-25T01:30:00Z'), BERLIN, weekdaysOnly)), '2026-10-25T07:00:00.000Z');
  });

  it('maps wall times on DST days: a skipped one forward by the gap, a repeated one to its first instant', () => {
    assert.equal(iso(instantOf(2026, 3, 29, 2, 30, BERLIN)), '2026-03-29T01:30:00.000Z'); // 03:30 CEST
    assert.equal(iso(instantOf(2026, 3, 29, 3, 0, BERLIN)), '2026-03-29T01:00:00.000Z');
    assert.equal(iso(instantOf(2026, 10, 25, 2, 30, BERLIN)), '2026-10-25T00:30:00.000Z'); // first 02:30 (CEST)
    assert.equal(iso(instantOf(2026, 10, 25, 8, 0, BERLIN)), '2026-10-25T07:00:00.000Z');
  });

  it('handles a quiet window that does not cross midnight, and an empty one', () => {
    const lunch = { start: '12:00', end: '13:30', weekends: false };
    assert.equal(isQuiet(at('2026-11-26T11:15:00Z'), BERLIN, lunch), true); // 12:15
    assert.equal(iso(nextAllowedTime(at('2026-11-26T11:15:00Z'), BERLIN, lunch)), '2026-11-26T12:30:00.000Z');
    assert.equal(isQuiet(at('2026-11-26T23:00:00Z'), BERLIN, lunch), false);
    assert.equal(isQuiet(at('2026-11-26T19:00:00Z'), BERLIN, { start: '08:00', end: '08:00', weekends: false }), false);
  });

  it('rejects a malformed time of day with a RangeError naming it', () => {
    assert.equal(parseClock('7:05'), 425);
    assert.throws(() => parseClock('25:00'), /"25:00" is not a time of day/);
    assert.throws(() => isQuiet(0, BERLIN, { start: 'evening', end: '08:00', weekends: true }), RangeError);
  });
});
