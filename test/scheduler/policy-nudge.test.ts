import { strict as assert } from 'node:assert';
import { decideCutover, decideNudge, startOfNextLocalDay } from '../../src/scheduler/policy-nudge';
import { localDate } from '../../src/scheduler/policy-quiet-hours';

const BERLIN = 'Europe/Berlin';
const DAY = 86_400_000;
const at = (text: string) => Date.parse(text);
const iso = (ms: number) => new Date(ms).toISOString();
const on = { remindersEnabled: true, timeZone: BERLIN };

describe('scheduler/policy-nudge', () => {
  const tuesday10 = at('2026-11-24T09:00:00Z'); // Tue 10:00 CET

  it('is done when no manual step is open', () => {
    assert.deepEqual(decideNudge(tuesday10, [], on), { kind: 'done' });
  });

  it('waits until a step has been open for the configured days (3 by default), then nudges', () => {
    const open = [{ stepId: 'forwarding', openSince: tuesday10 - 2 * DAY }];
    const early = decideNudge(tuesday10, open, on);
    assert.deepEqual(early, { kind: 'wait', until: tuesday10 + DAY, reason: 'not-yet' });
    const due = decideNudge(tuesday10 + DAY, open, on);
    assert.equal(due.kind, 'send');
    const oneDay = decideNudge(tuesday10, open, on, { afterDays: 1 });
    assert.equal(oneDay.kind, 'send');
  });

  it('lists only the steps open long enough', () => {
    const open = [{ stepId: 'forwarding', openSince: tuesday10 - 4 * DAY }, { stepId: 'internal-relay', openSince: tuesday10 - DAY }];
    const d = decideNudge(tuesday10, open, on);
    assert.equal(d.kind, 'send');
    if (d.kind === 'send') assert.deepEqual(d.steps.map((s) => s.stepId), ['forwarding']);
  });

  it('sends at most one nudge per migration per day: the next one is on a later local day, keyed by the local date', () => {
    const open = [{ stepId: 'forwarding', openSince: tuesday10 - 10 * DAY }];
    const d = decideNudge(tuesday10, open, on, { everyDays: 1 });
    assert.equal(d.kind, 'send');
    if (d.kind !== 'send') return;
    assert.equal(d.dayKey, '2026-11-24');
    assert.notEqual(localDate(d.nextAt, BERLIN), d.dayKey);
    assert.equal(iso(d.nextAt), '2026-11-25T09:00:00.000Z');
    // everyDays below 1 is clamped to a day: a nudge at 19:50 is followed by one at 19:50 the next day, not sooner.
    const late = decideNudge(at('2026-11-24T18:50:00Z'), open, on, { everyDays: 0 });
    assert.equal(late.kind, 'send');
    if (late.kind === 'send') assert.equal(iso(late.nextAt), '2026-11-25T18:50:00.000Z');
  });

  it('waits for the end of quiet hours in the user zone', () => {
    const open = [{ stepId: 'forwarding', openSince: 0 }];
    const saturday = decideNudge(at('2026-11-28T10:00:00Z'), open, on);
    assert.deepEqual(saturday, { kind: 'wait', until: at('2026-11-30T07:00:00Z'), reason: 'quiet-hours' });
    const ny = decideNudge(at('2026-11-27T02:00:00Z'), open, { remindersEnabled: true, timeZone: 'America/New_York' });
    assert.deepEqual(ny, { kind: 'wait', until: at('2026-11-27T13:00:00Z'), reason: 'quiet-hours' });
  });

  it('honours /remind off: no nudge, looks again a day later so /remind on takes effect', () => {
    const open = [{ stepId: 'forwarding', openSince: 0 }];
    assert.deepEqual(decideNudge(tuesday10, open, { remindersEnabled: false, timeZone: BERLIN }),
      { kind: 'wait', until: tuesday10 + DAY, reason: 'reminders-off' });
    assert.equal(decideNudge(tuesday10 + DAY, open, on).kind, 'send');
  });

  it('knows where the next local day starts, also on DST days', () => {
    assert.equal(iso(startOfNextLocalDay(at('2026-03-28T22:00:00Z'), BERLIN)), '2026-03-28T23:00:00.000Z');
    assert.equal(iso(startOfNextLocalDay(at('2026-03-29T12:00:00Z'), BERLIN)), '2026-03-29T22:00:00.000Z');
  });
});

describe('scheduler/policy-nudge: cut-over reminder', () => {
  const wed10 = at('2026-11-25T09:00:00Z');
  it('waits until every listed user has moved, stops once the cut-over is done', () => {
    assert.deepEqual(decideCutover(wed10, { allUsersMoved: false, cutoverDone: false }, on), { kind: 'wait', until: wed10 + DAY, reason: 'not-yet' });
    assert.deepEqual(decideCutover(wed10, { allUsersMoved: true, cutoverDone: true }, on), { kind: 'done' });
  });
  it('sends in allowed hours and repeats weekly; respects quiet hours and /remind off', () => {
    const d = decideCutover(wed10, { allUsersMoved: true, cutoverDone: false }, on);
    assert.deepEqual(d, { kind: 'send', nextAt: wed10 + 7 * DAY });
    assert.equal(decideCutover(at('2026-11-25T21:00:00Z'), { allUsersMoved: true, cutoverDone: false }, on).kind, 'wait');
    assert.deepEqual(decideCutover(wed10, { allUsersMoved: true, cutoverDone: false }, { remindersEnabled: false, timeZone: BERLIN }),
      { kind: 'wait', until: wed10 + DAY, reason: 'reminders-off' });
  });
});
