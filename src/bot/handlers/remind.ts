/**
 * `/remind off` and `/remind on`, and the time zone every activity brings (for quiet hours).
 *
 * The rule for the two switches: a reminder or announcement goes out only when BOTH are on — the person's
 * `/remind` switch (stored in their user settings; it covers every migration they started) and the migration's own
 * switch (the button on its card). `/remind on` says which of the person's migrations are still switched off on
 * their card. With either off, step cards still update in place when a re-check confirms a step (that sends no
 * notification); only the chat messages stop.
 */
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { requestLogFields } from '../../http/request-context';
import type { Locale } from '../../i18n/locale';
import type { Migration } from '../../procedure/types';
import { timeZoneFromActivity } from '../../scheduler/client-time-zone';
import { DEFAULT_QUIET_HOURS, resolveTimeZone, type QuietHours } from '../../scheduler/policy-quiet-hours';
import type { Repositories } from '../../store';
import { actorFrom, tenantFrom } from '../actor';
import { commandSelector, parseCommand } from '../commands';
import type { RegisterHandlers } from '../create-app';
import { activityLocale } from '../locale';

export interface RemindDeps {
  repos: Pick<Repositories<Migration>, 'userSettings' | 'migrations'>;
  admins: readonly string[];
  devTenantId?: string;
  logger: { warn(fields: object, message: string): void };
  /** COEXIST_QUIET_HOURS as the scheduler applies it: null for `off`; undefined: the default window. */
  quietHours?: QuietHours | null;
}

/** `on`, `off`, or undefined for anything else after `/remind`. Pure. */
export function parseRemindArgs(args: string): 'on' | 'off' | undefined {
  const match = /^(on|off|an|aus|ein)$/i.exec(args.trim());
  if (!match) return undefined;
  const word = match[1]!.toLowerCase();
  return word === 'on' || word === 'an' || word === 'ein' ? 'on' : 'off';
}

/** When reminders are held back, as the scheduler applies `quiet` (null: never). Pure. */
function quietText(locale: Locale, quiet: QuietHours | null, zone: string): string {
  const de = locale === 'de';
  if (quiet === null) return de ? ' – zu jeder Zeit (keine Ruhezeiten: COEXIST_QUIET_HOURS=off).' : ' — at any time (no quiet hours: COEXIST_QUIET_HOURS=off).';
  const window = quiet.start === quiet.end ? '' : de ? `nicht zwischen ${quiet.start} und ${quiet.end} Uhr` : `not between ${quiet.start} and ${quiet.end}`;
  const weekends = quiet.weekends ? (de ? 'nicht am Wochenende' : window === '' ? 'not at weekends' : 'at weekends') : '';
  const parts = [window, weekends].filter((p) => p !== '');
  if (parts.length === 0) return '.';
  return de ? ` – ${parts.join(' und ')} (Zeitzone ${zone}).` : ` — ${parts.join(' or ')} (time zone ${zone}).`;
}

/** The confirmation (or usage) text; `quiet` is the scheduler's window (default: the default window; null: COEXIST_QUIET_HOURS=off). Pure. */
export function remindText(locale: Locale, state: { enabled: boolean; changed: boolean; timeZone?: string; offOnCard?: readonly string[]; usage?: boolean;
  quiet?: QuietHours | null }): string {
  const zone = state.timeZone ?? resolveTimeZone(undefined);
  const quiet = quietText(locale, state.quiet === undefined ? DEFAULT_QUIET_HOURS : state.quiet, zone);
  const offOnCard = state.offOnCard ?? [];
  const de = locale === 'de';
  const lines: string[] = [];
  if (state.usage) lines.push(de ? 'Verwendung: `/remind on` oder `/remind off`.' : 'Usage: `/remind on` or `/remind off`.');
  if (state.enabled) {
    lines.push(de
      ? `Erinnerungen sind ${state.changed ? 'jetzt ' : ''}eingeschaltet: Ich melde mich, sobald eine DNS-Änderung sichtbar ist, und erinnere an offene Schritte${quiet}`
      : `Reminders are ${state.changed ? 'now ' : ''}on: I'll tell you when a DNS change becomes visible and remind you of open steps${quiet}`);
    if (offOnCard.length > 0) {
      lines.push(de
        ? `Auf der Karte ausgeschaltet (dort wieder einschalten): ${offOnCard.join(', ')}.`
        : `Still switched off on their card (switch them on there): ${offOnCard.join(', ')}.`);
    }
  } else {
    lines.push(de
      ? `Erinnerungen sind ${state.changed ? 'jetzt ' : ''}ausgeschaltet. Die Schrittkarten aktualisieren sich weiterhin, aber ich schreibe nicht von mir aus. Wieder einschalten mit \`/remind on\`.`
      : `Reminders are ${state.changed ? 'now ' : ''}off. Step cards still update themselves, but I won't write to you on my own. Turn them back on with \`/remind on\`.`);
  }
  return lines.join('\n\n');
}

/**
 * Stores the activity's time zone in the sender's settings when it differs from the stored one. Never rejects.
 * `known` (zones this process already stored or read, per tenant and user) spares the store read on every turn.
 */
export async function captureTimeZone(deps: RemindDeps, activity: TurnContext['activity'], known?: Map<string, string>): Promise<void> {
  const zone = timeZoneFromActivity(activity);
  if (!zone) return;
  const tenantId = tenantFrom(activity, deps.devTenantId);
  const actor = actorFrom(activity, deps.admins);
  if (!tenantId || !actor) return;
  const key = `${tenantId}\u0000${actor.id}`;
  if (known?.get(key) === zone) return;
  try {
    const current = await deps.repos.userSettings.get(tenantId, actor.id);
    const stored = current.timeZone === zone || (await deps.repos.userSettings.update(tenantId, actor.id, { timeZone: zone })).ok;
    if (known && stored) {
      if (known.size >= 10_000) known.clear();
      known.set(key, zone);
    }
  } catch (error) {
    // Quiet hours then use the stored (or default) zone; the turn itself must go on.
    deps.logger.warn({ ...requestLogFields(activity), err: error }, 'could not store the time zone');
  }
}

/** Registers `/remind on|off` (anchored: `/remind`, `remind`, with one argument) and the time-zone capture. */
export function registerReminders(deps: RemindDeps): RegisterHandlers {
  const knownZones = new Map<string, string>();
  return (app: Application<TurnState>) => {
    app.turn('beforeTurn', async (context) => {
      await captureTimeZone(deps, context.activity, knownZones);
      return true;
    });
    app.message(commandSelector('remind', true), async (context) => {
      const locale = activityLocale(context.activity);
      const tenantId = tenantFrom(context.activity, deps.devTenantId);
      const actor = actorFrom(context.activity, deps.admins);
      if (!tenantId || !actor) {
        await context.sendActivity(locale === 'de' ? 'Ich kann diese Unterhaltung keinem Mandanten zuordnen.' : 'I cannot tell which tenant this conversation belongs to.');
        return;
      }
      const wanted = parseRemindArgs(parseCommand(context.activity.text)?.args ?? '');
      const before = await deps.repos.userSettings.get(tenantId, actor.id);
      let settings = before;
      if (wanted !== undefined && before.reminders !== (wanted === 'on')) {
        const updated = await deps.repos.userSettings.update(tenantId, actor.id, { reminders: wanted === 'on' });
        if (updated.ok && updated.value) settings = updated.value;
      }
      const offOnCard = settings.reminders
        ? (await deps.repos.migrations.list(tenantId)).filter((m) => m.value.startedBy === actor.id && m.value.reminders === false).map((m) => m.domain)
        : [];
      await context.sendActivity(remindText(locale, {
        enabled: settings.reminders, changed: settings.reminders !== before.reminders, offOnCard,
        ...(settings.timeZone ? { timeZone: settings.timeZone } : {}), ...(wanted === undefined ? { usage: true } : {}),
        ...(deps.quietHours !== undefined ? { quiet: deps.quietHours } : {}),
      }));
    });
  };
}
