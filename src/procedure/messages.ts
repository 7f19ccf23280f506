import { format, type Locale, type Localized } from '../i18n/locale';
import { isStepId, stepDefinition } from './steps';
import type { InputField, MessageKey, MessageRef } from './types';

/** Replies and notifications of the guided migration, in both languages. `{x}` are MessageRef params. */
export const MESSAGES: Readonly<Record<MessageKey, Localized>> = {
  'not-allowed': {
    de: 'Nur der Admin, der die Migration von {domain} gestartet hat, und die in COEXIST_ADMINS eingetragenen Admins dürfen sie ändern. Den Stand sehen alle mit /status.',
    en: 'Only the admin who started the migration of {domain} and the admins listed in COEXIST_ADMINS may change it. Everyone can see the progress with /status.',
  },
  'no-migration': {
    de: 'Für {domain} läuft keine Migration. Starte sie mit /migrate {domain}.',
    en: 'There is no migration for {domain}. Start one with /migrate {domain}.',
  },
  'invalid-domain': {
    de: '„{input}“ ist kein gültiger Domänenname. Beispiel: /migrate meinefirma.de',
    en: '"{input}" is not a valid domain name. Example: /migrate meinefirma.de',
  },
  'did-you-mean': {
    de: 'Meintest du {suggestion}? Für diese Domäne läuft schon eine Migration. {domain} unterscheidet sich nur in ein, zwei Zeichen.',
    en: 'Did you mean {suggestion}? A migration for that domain is already running. {domain} differs from it by one or two characters.',
  },
  'migration-started': {
    de: 'Migration von {domain} gestartet. Zuerst ein paar Angaben, dann geht es Schritt für Schritt weiter.',
    en: 'Started the migration of {domain}. First a few details, then we go step by step.',
  },
  'migration-resumed': {
    de: 'Weiter mit {domain}: Schritt {number} von {total}, {step}.',
    en: 'Resuming {domain}: step {number} of {total}, {step}.',
  },
  'card-outdated': {
    de: 'Diese Karte war nicht mehr aktuell; hier ist der aktuelle Stand. Es wurde nichts doppelt gespeichert.',
    en: 'That card was out of date; here is the current state. Nothing was applied twice.',
  },
  'step-already-done': {
    de: 'Schritt „{step}“ ist bereits erledigt.',
    en: 'Step "{step}" is already done.',
  },
  'step-not-done': {
    de: 'Schritt „{step}“ ist noch nicht erledigt, es gibt nichts rückgängig zu machen.',
    en: 'Step "{step}" is not done yet, so there is nothing to undo.',
  },
  'step-not-optional': {
    de: 'Schritt „{step}“ ist nicht optional und kann nicht übersprungen werden.',
    en: 'Step "{step}" is not optional and cannot be skipped.',
  },
  'step-needs-probe': {
    de: 'Schritt „{step}“ bestätigt die DNS-Prüfung selbst. Klicke auf „Jetzt prüfen“, sobald der Eintrag gesetzt ist.',
    en: 'Step "{step}" is confirmed by the DNS check itself. Click "Check now" once the record is in place.',
  },
  'checklist-incomplete': {
    de: 'Noch {open} von {total} Benutzern offen in „{step}“. Hake jeden Benutzer ab, wenn er erledigt ist.',
    en: '{open} of {total} users still open in "{step}". Tick each user when they are done.',
  },
  'unknown-user': {
    de: '{address} steht nicht in der Benutzerliste dieser Migration.',
    en: '{address} is not in this migration’s list of users.',
  },
  'unknown-step': {
    de: 'Unbekannter Schritt „{step}“.',
    en: 'Unknown step "{step}".',
  },
  'inputs-invalid': {
    de: 'Bitte korrigieren: {detail}',
    en: 'Please correct: {detail}',
  },
  'inputs-saved': {
    de: 'Angaben gespeichert.',
    en: 'Details saved.',
  },
  'step-verified': {
    de: '{verified} — weiter mit: {next}',
    en: '{verified} — next: {next}',
  },
  'step-confirmed': {
    de: '„{step}“ erledigt ✓ — weiter mit: {next}',
    en: '"{step}" done ✓ — next: {next}',
  },
  'step-undone': {
    de: '„{step}“ ist wieder offen.',
    en: '"{step}" is open again.',
  },
  'step-skipped': {
    de: '„{step}“ übersprungen — weiter mit: {next}',
    en: '"{step}" skipped — next: {next}',
  },
  'probe-missing': {
    de: '„{step}“: noch nicht gefunden. Ich prüfe wieder um {at} (UTC).',
    en: '"{step}": not found yet. I will check again at {at} (UTC).',
  },
  'probe-wrong': {
    de: '„{step}“: gefunden, aber nicht wie erwartet. Ich prüfe wieder um {at} (UTC).',
    en: '"{step}": found, but not as expected. I will check again at {at} (UTC).',
  },
  'probe-error-retry': {
    de: '„{step}“ konnte gerade nicht geprüft werden (DNS antwortete nicht). Das heißt nicht, dass etwas fehlt; ich versuche es um {at} (UTC) erneut.',
    en: 'Could not check "{step}" right now (DNS did not answer). That does not mean anything is missing; I will retry at {at} (UTC).',
  },
  'checking': {
    de: 'Prüfe {steps} …',
    en: 'Checking {steps} …',
  },
  'reset-confirm-needed': {
    de: 'Wirklich alles für {domain} verwerfen? Bitte auf der Karte bestätigen.',
    en: 'Really discard everything for {domain}? Please confirm on the card.',
  },
  'reset-done': {
    de: 'Die Migration von {domain} wurde verworfen. Mit /migrate {domain} beginnt sie neu.',
    en: 'The migration of {domain} was discarded. /migrate {domain} starts it afresh.',
  },
  'reset-cancelled': {
    de: 'Nichts verworfen; {domain} bleibt, wie es war.',
    en: 'Nothing discarded; {domain} stays as it was.',
  },
  'reminder-open': {
    de: 'Erinnerung: Schritt {number} „{step}“ für {domain} ist noch offen.',
    en: 'Reminder: step {number} "{step}" for {domain} is still open.',
  },
  'reminders-on': { de: 'Erinnerungen für {domain} sind an.', en: 'Reminders for {domain} are on.' },
  'reminders-off': { de: 'Erinnerungen für {domain} sind aus.', en: 'Reminders for {domain} are off.' },
  'migration-complete': {
    de: 'Der Mischbetrieb für {domain} läuft ✓',
    en: 'Mixed operation for {domain} is running ✓',
  },
  'inputs-needed': {
    de: 'Für „{step}“ fehlen noch Angaben: {fields}.',
    en: '"{step}" still needs details: {fields}.',
  },
  'bad-event': {
    de: 'Das konnte ich nicht verarbeiten ({detail}). Es wurde nichts geändert.',
    en: 'I could not process that ({detail}). Nothing was changed.',
  },
};

/** Names of the inputs, as the form labels them. */
export const FIELD_LABELS: Readonly<Record<InputField, Localized>> = {
  verificationValue: { de: 'Bestätigungswert (MS=ms…)', en: 'Verification value (MS=ms…)' },
  tenantName: { de: 'Mandant (….onmicrosoft.com)', en: 'Tenant (….onmicrosoft.com)' },
  provider: { de: 'Bisheriger Anbieter', en: 'Current provider' },
  remaining: { de: 'Bleiben Postfächer beim Anbieter?', en: 'Do mailboxes stay at the provider?' },
  users: { de: 'Umziehende Benutzer', en: 'Users who move' },
};

/** Why an input was rejected (`inputs-invalid` params.reason). */
export const INPUT_ERRORS: Readonly<Record<string, Localized>> = {
  verification: {
    de: 'Der Bestätigungswert sieht aus wie MS=ms12345678 (Microsoft 365 Admin Center → Einstellungen → Domänen → {domain} → TXT-Eintrag).',
    en: 'The verification value looks like MS=ms12345678 (Microsoft 365 admin center → Settings → Domains → {domain} → TXT record).',
  },
  tenant: {
    de: 'Der Mandantenname sieht aus wie firma.onmicrosoft.com (Microsoft 365 Admin Center → Einstellungen → Domänen).',
    en: 'The tenant name looks like firma.onmicrosoft.com (Microsoft 365 admin center → Settings → Domains).',
  },
  provider: { de: 'Anbieter: Strato, IONOS/1&1 oder andere.', en: 'Provider: Strato, IONOS/1&1 or other.' },
  remaining: { de: 'Bitte wählen Sie, ob Postfächer beim Anbieter bleiben.', en: 'Please choose whether mailboxes stay at the provider.' },
  'users-empty': { de: 'Mindestens ein Benutzer: Name; Adresse; Alias (eine Zeile je Benutzer).', en: 'At least one user: name; address; alias (one line per user).' },
  'users-too-many': { de: 'Höchstens {max} Benutzer auf einmal.', en: 'At most {max} users at once.' },
  'user-name': { de: 'Zeile {line}: Name fehlt oder ist zu lang (höchstens 100 Zeichen, ohne < >).', en: 'Line {line}: the name is missing or too long (at most 100 characters, no < >).' },
  'user-address': { de: 'Zeile {line}: „{value}“ ist keine gültige E-Mail-Adresse.', en: 'Line {line}: "{value}" is not a valid email address.' },
  'user-domain': { de: 'Zeile {line}: „{value}“ liegt nicht in {domain}.', en: 'Line {line}: "{value}" is not in {domain}.' },
  'user-alias': { de: 'Zeile {line}: der Alias „{value}“ muss auf .onmicrosoft.com enden.', en: 'Line {line}: the alias "{value}" must end in .onmicrosoft.com.' },
  'user-alias-tenant': { de: 'Zeile {line}: der Alias „{value}“ liegt nicht im Mandanten {tenant}.', en: 'Line {line}: the alias "{value}" is not in the tenant {tenant}.' },
  'user-alias-needs-tenant': { de: 'Zeile {line}: ohne Alias brauche ich den Mandantennamen (firma.onmicrosoft.com).', en: 'Line {line}: without an alias I need the tenant name (firma.onmicrosoft.com).' },
  'user-duplicate': { de: 'Zeile {line}: {value} steht doppelt in der Liste.', en: 'Line {line}: {value} is listed twice.' },
};

/**
 * Renders a message in one language. Pure. Params named `step`/`next` holding a step id (and `steps`, a
 * comma-separated list) become the step's title in that language; `next: 'done'` says the procedure is complete.
 * An unknown key or reason renders as itself, so a gap is visible in tests.
 */
export function renderMessage(ref: MessageRef, locale: Locale): string {
  const params: Record<string, string | number> = { ...(ref.params ?? {}) };
  if (ref.key === 'step-verified' && isStepId(params.step)) {
    const verified = stepDefinition(params.step).verified;
    params.verified = verified ? format(verified[locale], params) : stepDefinition(params.step).title[locale];
  }
  for (const key of ['step', 'next'] as const) {
    const value = params[key];
    if (isStepId(value)) params[key] = stepDefinition(value).title[locale];
    else if (key === 'next' && value === 'done') params[key] = locale === 'de' ? 'nichts mehr, der Mischbetrieb läuft' : 'nothing, mixed operation is running';
  }
  if (typeof params.fields === 'string') {
    params.fields = params.fields.split(',').map((f) => FIELD_LABELS[f as InputField]?.[locale] ?? f).join(', ');
  }
  if (typeof params.field === 'string' && params.detail === undefined && ref.key !== 'inputs-invalid') {
    params.field = FIELD_LABELS[params.field as InputField]?.[locale] ?? params.field;
  }
  if (typeof params.steps === 'string') {
    params.steps = params.steps.split(',').map((id) => (isStepId(id) ? stepDefinition(id).title[locale] : id)).join(', ');
  }
  if (ref.key === 'inputs-invalid' && typeof params.reason === 'string' && params.detail === undefined) {
    const reason = INPUT_ERRORS[params.reason];
    params.detail = reason ? format(reason[locale], params) : params.reason;
  }
  const entry = MESSAGES[ref.key];
  return entry ? format(entry[locale], params) : ref.key;
}
