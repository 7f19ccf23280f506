/**
 * When to remind people of open manual steps and of the final cut-over. Pure: the clock, the user's settings
 * and the migration's open steps come in as arguments.
 */
import { DEFAULT_QUIET_HOURS, localDate, localTime, instantOf, nextAllowedTime, type QuietHours } from './policy-quiet-hours';

const DAY_MS = 86_400_000;

export interface NudgeSettings {
  /** `/remind off` sets this to false. */
  remindersEnabled: boolean;
  /** IANA zone, already checked by `resolveTimeZone`. */
  timeZone: string;
  quiet?: QuietHours;
}

export interface NudgeTiming {
  /** A manual step open this many days gets its first nudge. Default 3. */
  afterDays?: number;
  /** Later nudges for the same open steps come this many days apart (at least 1: one nudge a day at most). Default 3. */
  everyDays?: number;
  /** While reminders are off, look again this often so `/remind on` takes effect without new jobs. Default 1 day. */
  pausedRecheckMs?: number;
}

export interface OpenStep {
  stepId: string;
  /** Epoch ms since the step waits for the admin. */
  openSince: number;
}

export type NudgeDecision =
  /** Nothing is open any more: the job is finished. */
  | { kind: 'done' }
  /** Not now; look again at `until` (reminders off, not open long enough, or quiet hours). */
  | { kind: 'wait'; until: number; reason: 'reminders-off' | 'not-yet' | 'quiet-hours' }
  /**
   * Send one nudge for `steps` now. `dayKey` (local date) makes "at most one per migration per day" an
   * idempotency key; `nextAt` is when to look again.
   */
  | { kind: 'send'; steps: OpenStep[]; dayKey: string; nextAt: number };

/** The first allowed instant of the local day after `at`'s local day. Pure. */
export function startOfNextLocalDay(at: number, timeZone: string): number {
  const t = localTime(at, timeZone);
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day + 1));
  return instantOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, timeZone);
}

/**
 * Decides what a nudge job does at `now`. At most one nudge per migration per local day: `nextAt` always lies on
 * a later local day, and `dayKey` lets the runner enforce it across instances (`markOnce`). Pure; never throws
 * (a malformed quiet-hours config throws RangeError, but config is validated at start).
 */
export function decideNudge(now: number, open: readonly OpenStep[], settings: NudgeSettings, timing: NudgeTiming = {}): NudgeDecision {
  if (open.length === 0) {
    return { kind: 'done' };
  }
  const quiet = settings.quiet ?? DEFAULT_QUIET_HOURS;
  if (!settings.remindersEnabled) {
    return { kind: 'wait', until: now + (timing.pausedRecheckMs ?? DAY_MS), reason: 'reminders-off' };
  }
  const afterMs = Math.max(0, timing.afterDays ?? 3) * DAY_MS;
  const overdue = open.filter((s) => s.openSince + afterMs <= now);
  if (overdue.length === 0) {
    const earliest = Math.min(...open.map((s) => s.openSince + afterMs));
    return { kind: 'wait', until: nextAllowedTime(earliest, settings.timeZone, quiet), reason: 'not-yet' };
  }
  const allowed = nextAllowedTime(now, settings.timeZone, quiet);
  if (allowed !== now) {
    return { kind: 'wait', until: allowed, reason: 'quiet-hours' };
  }
  const everyMs = Math.max(1, timing.everyDays ?? 3) * DAY_MS;
  const next = Math.max(now + everyMs, startOfNextLocalDay(now, settings.timeZone));
  return {
    kind: 'send',
    steps: overdue,
    dayKey: localDate(now, settings.timeZone),
    nextAt: nextAllowedTime(next, settings.timeZone, quiet),
  };
}

export type CutoverDecision =
  | { kind: 'done' }
  | { kind: 'wait'; until: number; reason: 'reminders-off' | 'not-yet' | 'quiet-hours' }
  /** Send the cut-over checklist now; look again at `nextAt` if the cut-over is still not done then. */
  | { kind: 'send'; nextAt: number };

export interface CutoverFacts {
  /** Every listed user has moved to Microsoft 365. */
  allUsersMoved: boolean;
  /** The admin confirmed the cut-over (or the migration ended): no more reminders. */
  cutoverDone: boolean;
}

/**
 * Decides what the end-of-coexistence reminder does at `now`: sent once all listed users have moved, in allowed
 * hours, repeated every `repeatDays` (default 7) until the cut-over is done. Pure.
 */
export function decideCutover(now: number, facts: CutoverFacts, settings: NudgeSettings, repeatDays = 7): CutoverDecision {
  if (facts.cutoverDone) {
    return { kind: 'done' };
  }
  const quiet = settings.quiet ?? DEFAULT_QUIET_HOURS;
  if (!facts.allUsersMoved) {
    return { kind: 'wait', until: now + DAY_MS, reason: 'not-yet' };
  }
  if (!settings.remindersEnabled) {
    return { kind: 'wait', until: now + DAY_MS, reason: 'reminders-off' };
  }
  const allowed = nextAllowedTime(now, settings.timeZone, quiet);
  if (allowed !== now) {
    return { kind: 'wait', until: allowed, reason: 'quiet-hours' };
  }
  return { kind: 'send', nextAt: nextAllowedTime(now + Math.max(1, repeatDays) * DAY_MS, settings.timeZone, quiet) };
}
