/**
 * The texts the scheduler sends on its own: a confirmed step, a nudge for open manual steps, and the
 * end-of-coexistence checklist. German and English; the conversation's Teams locale decides. Pure.
 */
import { format, type Locale, type Localized } from '../i18n/locale';

/** Step titles by the stable ids of DESIGN.md, for when the procedure does not hand one over. */
export const STEP_TITLES: Readonly<Record<string, Localized>> = Object.freeze({
  'verify-domain': { de: 'Domäne bestätigen (TXT MS=ms…)', en: 'Verify the domain (TXT MS=ms…)' },
  mx: { de: 'MX bleibt beim Provider', en: 'MX stays at the provider' },
  autodiscover: { de: 'Autodiscover-CNAME', en: 'Autodiscover CNAME' },
  'user-addresses': { de: 'Adressen der Benutzer in Microsoft 365', en: 'User addresses in Microsoft 365' },
  forwarding: { de: 'Weiterleitungen beim Provider', en: 'Forwarding at the provider' },
  'internal-relay': { de: 'Domänentyp „Interne Relaydomäne“', en: 'Domain type "Internal Relay"' },
  'outbound-connector': { de: 'Ausgehender Connector', en: 'Outbound connector' },
  spf: { de: 'SPF-Eintrag', en: 'SPF record' },
  mfa: { de: 'Mehrstufige Authentifizierung', en: 'Multi-factor authentication' },
});

/** The title of `stepId` in `locale`; the id itself for an unknown step. Pure. */
export function stepTitle(stepId: string, locale: Locale, titles: Readonly<Record<string, Localized>> = STEP_TITLES): string {
  return titles[stepId]?.[locale] ?? stepId;
}

const CONFIRMED: Localized = {
  de: '{step} für {domain} ist jetzt sichtbar ✓',
  en: '{step} for {domain} is now visible ✓',
};
const NEXT: Localized = { de: ' — weiter mit: {next}', en: ' — next: {next}' };
const DONE: Localized = { de: ' — alle Schritte erledigt.', en: ' — all steps done.' };

/** "SPF is now visible ✓ — next: …" for a DNS step a re-check confirmed. Pure. */
export function confirmedText(locale: Locale, domain: string, step: string, next: string | undefined): string {
  return format(CONFIRMED[locale], { step, domain }) + (next === undefined ? DONE[locale] : format(NEXT[locale], { next }));
}

const NUDGE_LINE: Localized = { de: '• {step} (offen seit {days} Tagen)', en: '• {step} (open for {days} days)' };
const NUDGE_FOOT: Localized = {
  de: 'Mit /status sehen Sie alle Schritte; /remind off schaltet Erinnerungen ab.',
  en: 'Type /status to see every step; /remind off turns reminders off.',
};

/** A nudge listing open manual steps and how long each has been open. Pure. */
export function nudgeText(locale: Locale, domain: string, steps: ReadonlyArray<{ title: string; openDays: number }>): string {
  const head = locale === 'de'
    ? `Erinnerung für ${domain}: ${steps.length === 1 ? 'ein Schritt ist' : `${steps.length} Schritte sind`} noch offen.`
    : `Reminder for ${domain}: ${steps.length === 1 ? 'one step is' : `${steps.length} steps are`} still open.`;
  return [head, ...steps.map((s) => format(NUDGE_LINE[locale], { step: s.title, days: s.openDays })), NUDGE_FOOT[locale]].join('\n');
}

const CUTOVER: Localized<readonly string[]> = {
  de: [
    'Alle Benutzer von {domain} sind zu Microsoft 365 umgezogen. Zeit, den Mischbetrieb zu beenden:',
    '1. MX-Eintrag auf Microsoft 365 umstellen (den Wert zeigt das Microsoft 365 Admin Center unter Einstellungen › Domänen).',
    '2. Die Domäne in Exchange wieder auf „Autoritative Domäne“ setzen: Set-AcceptedDomain -Identity {domain} -DomainType Authoritative',
    '3. Die Weiterleitungen beim Provider entfernen.',
    '4. SPF bereinigen: den Provider aus dem SPF-Eintrag nehmen, z. B. "v=spf1 include:spf.protection.outlook.com -all".',
    '/remind off schaltet diese Erinnerung ab.',
  ],
  en: [
    'Every user of {domain} has moved to Microsoft 365. Time to end the mixed operation:',
    '1. Point the MX record to Microsoft 365 (the Microsoft 365 admin center shows the value under Settings › Domains).',
    '2. Set the domain back to Authoritative in Exchange: Set-AcceptedDomain -Identity {domain} -DomainType Authoritative',
    '3. Remove the forwarding at the provider.',
    '4. Clean up SPF: drop the provider from the SPF record, e.g. "v=spf1 include:spf.protection.outlook.com -all".',
    '/remind off turns this reminder off.',
  ],
};

/** The end-of-coexistence checklist. Pure. */
export function cutoverText(locale: Locale, domain: string): string {
  return CUTOVER[locale].map((line) => format(line, { domain })).join('\n');
}
