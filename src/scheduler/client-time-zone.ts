/**
 * The user's time zone as Teams reports it, read from an incoming activity without importing the Bot Framework:
 * Teams puts a `clientInfo` entity on messages (`{ type: 'clientInfo', locale, country, platform, timezone }`),
 * and Bot Framework activities may carry `localTimezone`. Pure.
 */
import { resolveTimeZone } from './policy-quiet-hours';

/** The parts of an activity this reads; a botbuilder `Activity` fits. */
export interface ActivityTimeZoneSource {
  localTimezone?: string | null;
  entities?: ReadonlyArray<{ type?: string; [key: string]: unknown }> | null;
}

/**
 * The IANA zone the activity names (clientInfo `timezone`/`localTimezone` first, then `activity.localTimezone`),
 * canonicalised by `Intl`; undefined when none is given or `Intl` does not know it (then keep the stored one).
 * Never throws.
 */
export function timeZoneFromActivity(activity: ActivityTimeZoneSource | undefined | null): string | undefined {
  const candidates: unknown[] = [];
  for (const entity of activity?.entities ?? []) {
    if (entity && typeof entity === 'object' && String(entity.type).toLowerCase() === 'clientinfo') {
      candidates.push(entity.timezone, entity.localTimezone);
    }
  }
  candidates.push(activity?.localTimezone);
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || candidate.trim() === '') continue;
    const resolved = resolveTimeZone(candidate);
    // resolveTimeZone falls back to the default for unknown names; only a name Intl accepted counts here.
    if (resolved.toLowerCase() === candidate.trim().toLowerCase() || resolved !== resolveTimeZone(undefined)) return resolved;
  }
  return undefined;
}
