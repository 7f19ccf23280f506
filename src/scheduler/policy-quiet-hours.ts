/**
 * Quiet hours in the user's own time zone. Teams sends the IANA zone name (`clientInfo.localTimezone`);
 * everything here uses `Intl` only, so daylight-saving changes come from the platform's tz database. Pure.
 */

/** When nobody should get a proactive message. Times are local wall-clock `HH:MM`. */
export interface QuietHours {
  /** Start of the quiet window, e.g. `20:00`. */
  start: string;
  /** End of the quiet window, e.g. `08:00`. When `end <= start` the window runs over midnight. */
  end: string;
  /** Saturday and Sunday are quiet all day. */
  weekends: boolean;
}

export const DEFAULT_QUIET_HOURS: QuietHours = Object.freeze({ start: '20:00', end: '08:00', weekends: true });

/** The zone used when Teams sent none or one `Intl` does not know: the product's home market. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** Local wall-clock parts of an instant. */
export interface LocalTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The zone to use for `name`: itself when `Intl` knows it, else {@link DEFAULT_TIME_ZONE}. Pure; never throws.
 */
export function resolveTimeZone(name: string | undefined | null): string {
  if (typeof name !== 'string' || name.trim() === '') {
    return DEFAULT_TIME_ZONE;
  }
  const known = resolved.get(name);
  if (known !== undefined) return known;
  let zone: string;
  try {
    zone = formatter(name.trim()).resolvedOptions().timeZone;
  } catch {
    zone = DEFAULT_TIME_ZONE;
  }
  // resolvedOptions() allocates on every call and ran on every turn (the bot reads the zone from each activity).
  if (resolved.size < 1000) resolved.set(name, zone);
  return zone;
}

const resolved = new Map<string, string>();

/** Wall-clock parts of `at` (epoch ms) in `timeZone` (a zone {@link resolveTimeZone} accepted). Pure. */
export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) {
    parts[p.type] = p.value;
  }
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), weekday: WEEKDAYS[parts.weekday!] ?? 0,
  };
}

/** `YYYY-MM-DD` of `at` in `timeZone`; the unit of "at most one nudge per day". Pure. */
export function localDate(at: number, timeZone: string): string {
  const t = localTime(at, timeZone);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

function offsetMs(at: number, timeZone: string): number {
  const t = localTime(at, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  return asUtc - Math.floor(at / 60_000) * 60_000;
}

/**
 * The instant of local wall time `y-m-d hh:mm` in `timeZone`. A wall time repeated by a DST change maps to its
 * earlier instant; one skipped by a DST change (02:30 on the spring-forward day in Berlin) is shifted forward by
 * the gap (03:30), as Temporal's `compatible` disambiguation does. Pure.
 */
export function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Two candidate offsets cover both sides of a DST change; the earlier instant showing the wanted wall
  // time wins (for the repeated hour in autumn), else the first instant after a gap.
  const candidates = new Set<number>();
  for (const probe of [wall - 36 * 3_600_000, wall, wall + 36 * 3_600_000]) {
    candidates.add(wall - offsetMs(probe, timeZone));
  }
  const exact = [...candidates].filter((c) => {
    const t = localTime(c, timeZone);
    return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) === wall;
  }).sort((a, b) => a - b);
  if (exact.length > 0) {
    return exact[0]!;
  }
  // In a gap the wall time does not exist; the earliest candidate past it is the one shifted by the gap.
  const after = [...candidates].filter((c) => {
    const t = localTime(c, timeZone);
    return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) > wall;
  }).sort((a, b) => a - b);
  return after[0] ?? wall;
}

/** Minutes after local midnight for `HH:MM`; throws RangeError for anything else (config is validated once). */
export function parseClock(text: string): number {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m) {
    throw new RangeError(`"${text}" is not a time of day (HH:MM)`);
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

/** True when `at` falls in the quiet hours of `timeZone`. Pure; throws RangeError only for a malformed `HH:MM`. */
export function isQuiet(at: number, timeZone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const t = localTime(at, timeZone);
  if (quiet.weekends && (t.weekday === 0 || t.weekday === 6)) {
    return true;
  }
  const start = parseClock(quiet.start);
  const end = parseClock(quiet.end);
  const now = t.hour * 60 + t.minute;
  if (start === end) {
    return false;
  }
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * `at` itself when it is outside the quiet hours, else the first allowed instant after it (the end of the quiet
 * window on the next non-weekend day, in the user's zone, DST-aware). Pure.
 */
export function nextAllowedTime(at: number, timeZone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): number {
  if (!isQuiet(at, timeZone, quiet)) {
    return at;
  }
  const end = parseClock(quiet.end);
  const t = localTime(at, timeZone);
  // An allowed period can only begin at the quiet window's end or at local midnight (a weekend ending);
  // try those boundaries on the following days in order. Eight days covers any weekend plus window.
  for (let i = 0; i <= 8; i++) {
    const d = new Date(Date.UTC(t.year, t.month - 1, t.day + i));
    const boundaries = [0, end].sort((a, b) => a - b);
    for (const minutes of boundaries) {
      const candidate = instantOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(),
        Math.floor(minutes / 60), minutes % 60, timeZone);
      if (candidate > at && !isQuiet(candidate, timeZone, quiet)) {
        return candidate;
      }
    }
  }
  return at;
}
