import { text } from '../i18n/message';
import type { Locale } from '../i18n/locale';
import { FIELD_LABELS, renderMessage } from '../procedure/messages';
import { formatUsers } from '../procedure/inputs';
import { missingInputs } from '../procedure/migration';
import { STEPS, stepDefinition, type StepContext } from '../procedure/steps';
import type { CardModel, InputField, MessageRef, Migration, StepId, StepState, StoredProbe } from '../procedure/types';
import { VERBS, type ActionData, type Verb } from './actions';
import { escapeMarkdown, plainText } from './escape-markdown';
import { renderCard, type RenderResult } from './render';
import doneTemplate from './templates/done.json';
import didYouMeanTemplate from './templates/did-you-mean.json';
import inputsTemplate from './templates/inputs.json';
import messageTemplate from './templates/message.json';
import resetTemplate from './templates/reset-confirm.json';
import statusTemplate from './templates/status.json';
import stepTemplate from './templates/step.json';

/** Rows of a per-user checklist shown on one card (open users first); the rest is counted, keeping the card small. */
export const MAX_CHECKLIST_ROWS = 30;

const t = (locale: Locale, de: string, en: string): string => (locale === 'de' ? de : en);

interface Button { title: string; verb: Verb; data: ActionData; style: 'default' | 'positive' | 'destructive' }

function button(m: Pick<Migration, 'domain' | 'revision'>, title: string, verb: Verb, extra: Partial<ActionData> = {}, style: Button['style'] = 'default'): Button {
  return { title, verb, data: { verb, domain: m.domain, revision: m.revision, ...extra }, style };
}

const header = (domain: string): string => `coexist · ${domain}`;

function statusLabel(state: StepState, locale: Locale): { text: string; color: string; icon: string } {
  switch (state.status) {
    case 'done':
      return state.confirmed?.by === 'probe'
        ? { text: t(locale, 'Erledigt ✓ (per DNS-Prüfung bestätigt)', 'Done ✓ (confirmed by the DNS check)'), color: 'Good', icon: '✓' }
        : { text: t(locale, 'Erledigt ✓', 'Done ✓'), color: 'Good', icon: '✓' };
    case 'skipped':
      return state.confirmed?.by === 'system'
        ? { text: t(locale, 'Nicht nötig (Schritt 6 verlangte keinen Connector)', 'Not needed (step 6 did not ask for a connector)'), color: 'Default', icon: '–' }
        : { text: t(locale, 'Übersprungen', 'Skipped'), color: 'Default', icon: '–' };
    case 'waiting-for-dns':
      return state.lastProbe?.status === 'error'
        ? { text: t(locale, 'Konnte nicht prüfen, versuche es wieder', 'Could not check, will retry'), color: 'Warning', icon: '…' }
        : { text: t(locale, 'Warte auf DNS', 'Waiting for DNS'), color: 'Warning', icon: '…' };
    default:
      return { text: t(locale, 'Offen', 'Open'), color: 'Accent', icon: '○' };
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

/** Probe values as text for a monospace run: records one per line; null is "nothing". */
function showValue(value: unknown, locale: Locale, status: StoredProbe['status']): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
    return status === 'error' ? t(locale, '(keine Antwort)', '(no answer)') : t(locale, '(nichts)', '(nothing)');
  }
  if (typeof value === 'string') return plainText(value);
  if (Array.isArray(value)) return plainText(value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n'));
  return plainText(JSON.stringify(value));
}

const VERDICT: Record<StoredProbe['status'], { de: string; en: string; color: string }> = {
  ok: { de: 'Gefunden wie erwartet ✓', en: 'Found as expected ✓', color: 'Good' },
  missing: { de: 'Noch nicht gefunden', en: 'Not found yet', color: 'Warning' },
  wrong: { de: 'Gefunden, aber nicht wie erwartet', en: 'Found, but not as expected', color: 'Attention' },
  error: { de: 'Konnte nicht prüfen (DNS antwortete nicht). Das heißt nicht, dass etwas fehlt; ich versuche es wieder.', en: 'Could not check (DNS did not answer). That does not mean anything is missing; I will retry.', color: 'Warning' },
};

// The same few minutes are formatted on every card (the last check, the next one): remembered by minute, since
// Date#toISOString was a visible share of rendering a step card.
const utcByMinute = new Map<number, string>();
function utc(ms: number): string {
  const minute = Math.floor(ms / 60_000);
  let text = utcByMinute.get(minute);
  if (text === undefined) {
    text = `${new Date(minute * 60_000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    if (utcByMinute.size >= 1024) utcByMinute.clear();
    utcByMinute.set(minute, text);
  }
  return text;
}

function contextOf(m: Migration): StepContext {
  const spfExpected = m.steps.spf.suggestion;
  return {
    domain: m.domain,
    tenant: m.inputs.tenantName,
    provider: m.inputs.provider,
    verificationValue: m.inputs.verificationValue,
    spfExpected: typeof spfExpected === 'string' && spfExpected !== '' ? spfExpected : undefined,
    fallback: m.steps.autodiscover.fallback === true,
  };
}

/** A catalog message for a markdown TextBlock: the catalog text is ours, its parameters may be typed text. */
export function messageForMarkdown(ref: MessageRef, locale: Locale): string {
  const params = ref.params
    ? Object.fromEntries(Object.entries(ref.params).map(([k, v]) => [k, typeof v === 'string' ? escapeMarkdown(v) : v]))
    : undefined;
  return renderMessage(params ? { ...ref, params } : ref, locale);
}

function notesOf(note: MessageRef | undefined, locale: Locale): Array<{ text: string; style: string }> {
  return note ? [{ text: messageForMarkdown(note, locale), style: 'emphasis' }] : [];
}

/** How a card states times. */
export interface CardTimeOptions {
  /**
   * When the re-check job for a stored `recheckAt` (computed at `probedAt`) is really due: the scheduler compresses
   * waits under COEXIST_RECHECK_FIRST_MS, and a card must show that time, not the real-time one. Absent: `recheckAt`.
   */
  recheckDueAt?: (recheckAt: number, probedAt: number | undefined) => number;
}

/**
 * Template data for one step's card (`templates/step.json`). Pure. The texts come from the step data
 * (validated values only); free text (user names) is escaped here.
 */
export function buildStepCardData(m: Migration, stepId: StepId, locale: Locale, note?: MessageRef, options: CardTimeOptions = {}): object {
  const def = stepDefinition(stepId);
  const state = m.steps[stepId];
  const guide = def.guide(contextOf(m), locale);
  const status = statusLabel(state, locale);
  const due = state.recheckAt !== undefined ? (options.recheckDueAt?.(state.recheckAt, state.lastProbe?.at) ?? state.recheckAt) : undefined;
  const notes = notesOf(due !== undefined && note?.key.startsWith('probe-') && typeof note.params?.at === 'string'
    ? { ...note, params: { ...note.params, at: new Date(due).toISOString().slice(11, 16) } } : note, locale);
  const missing = missingInputs(m, stepId);
  if (missing.length > 0 && state.status !== 'done' && state.status !== 'skipped') {
    notes.push({ text: messageForMarkdown({ key: 'inputs-needed', params: { step: stepId, fields: missing.join(',') } }, locale), style: 'warning' });
  }
  if (state.status === 'waiting-for-dns' && due !== undefined) {
    const next = utc(due);
    status.text += t(locale, ` · nächste Prüfung ${next}`, ` · next check ${next}`);
  }

  const checklists: object[] = [];
  if (def.checklist && m.inputs.users.length > 0) {
    const list = state.checklist ?? {};
    const users = m.inputs.users;
    const doneCount = users.filter((u) => list[u.address]?.done === true).length;
    // Rows keep the order the admin typed: a tick never moves the button under the cursor. Past MAX_CHECKLIST_ROWS
    // the card shows the page (fixed blocks of that size) holding the first open user, so a page stays put until
    // all of it is done.
    const firstOpen = users.findIndex((u) => list[u.address]?.done !== true);
    const start = firstOpen < 0 ? 0 : Math.floor(firstOpen / MAX_CHECKLIST_ROWS) * MAX_CHECKLIST_ROWS;
    const shown = users.slice(start, start + MAX_CHECKLIST_ROWS);
    const rows = shown.map((u) => {
      const done = list[u.address]?.done === true;
      return {
        text: `${done ? '✓' : '○'} ${escapeMarkdown(u.name)}`,
        detail: stepId === 'user-addresses'
          ? `${t(locale, 'primär', 'primary')}: ${u.address}\nalias: ${u.alias}`
          : `${u.address} → ${u.alias}`,
        button: button(m, done ? t(locale, 'Wieder öffnen', 'Reopen') : t(locale, 'Erledigt', 'Done'), VERBS.userToggle, { stepId, address: u.address, done: !done }),
      };
    });
    const end = start + rows.length;
    checklists.push({
      heading: t(locale, `Benutzer (${doneCount} von ${users.length} erledigt)`, `Users (${doneCount} of ${users.length} done)`),
      rows,
      more: rows.length < users.length ? [{ text: t(locale,
        `Angezeigt: ${start + 1}–${end} von ${users.length}; die nächsten folgen, sobald diese erledigt sind.`,
        `Showing ${start + 1}–${end} of ${users.length}; the next ones follow once these are done.`) }] : [],
    });
  }

  const probe = state.lastProbe;
  const probeBlock = def.kind === 'dns' && probe ? [{
    heading: t(locale, 'Letzte DNS-Prüfung', 'Last DNS check'),
    verdict: VERDICT[probe.status][locale],
    color: VERDICT[probe.status].color,
    foundLabel: t(locale, 'Gefunden', 'Found'),
    found: showValue(probe.found, locale, probe.status),
    expectedLabel: t(locale, 'Erwartet', 'Expected'),
    // A check that could not run (no resolver, no nameservers) has no expectation of its own: the step's values
    // above are what is expected, never "(nothing)".
    expected: isEmpty(stepId === 'spf' && state.suggestion ? state.suggestion : probe.expected)
      ? t(locale, '(die Werte des Schritts oben)', '(the values of the step above)')
      : showValue(stepId === 'spf' && state.suggestion ? state.suggestion : probe.expected, locale, 'ok'),
    advice: escapeMarkdown(text(probe.advice, locale)),
    when: utc(probe.at),
  }] : [];

  const done = state.status === 'done' || state.status === 'skipped';
  const actions: Button[] = [];
  if (!done) {
    if (def.kind === 'dns') actions.push(button(m, t(locale, 'Jetzt prüfen', 'Check now'), VERBS.check, { stepId }, 'positive'));
    if (stepId === 'verify-domain') actions.push(button(m, t(locale, 'In Microsoft 365 bestätigt', 'Verified in Microsoft 365'), VERBS.confirm, { stepId }));
    if (stepId === 'autodiscover') {
      actions.push(state.fallback
        ? button(m, t(locale, 'Doch normaler CNAME', 'Back to the normal CNAME'), VERBS.autodiscoverFallback, { stepId, enabled: false })
        : button(m, t(locale, 'Anbieter kann den CNAME nicht setzen', 'Provider cannot set the CNAME'), VERBS.autodiscoverFallback, { stepId, enabled: true }));
    }
    if (stepId === 'internal-relay') {
      actions.push(button(m, t(locale, 'Gespeichert ✓', 'Saved ✓'), VERBS.confirm, { stepId, connectorRequested: false }, 'positive'));
      actions.push(button(m, t(locale, 'Speichern verlangte einen Connector', 'Saving asked for a connector'), VERBS.confirm, { stepId, connectorRequested: true }));
    } else if (def.kind !== 'dns') {
      const title = def.checklist ? t(locale, 'Alle Benutzer erledigt ✓', 'All users done ✓') : t(locale, 'Erledigt ✓', 'Done ✓');
      actions.push(button(m, title, VERBS.confirm, { stepId }, 'positive'));
    }
    if (def.optional) actions.push(button(m, t(locale, 'Überspringen', 'Skip'), VERBS.skip, { stepId }));
  } else {
    actions.push(button(m, t(locale, 'Rückgängig', 'Undo'), VERBS.undo, { stepId }, 'destructive'));
    if (m.currentStep !== null && m.currentStep !== stepId) {
      actions.push(button(m, t(locale, 'Zum aktuellen Schritt', 'Go to current step'), VERBS.show, { card: 'step', stepId: m.currentStep }, 'positive'));
    }
  }
  if (def.needs.length > 0) actions.push(button(m, t(locale, 'Angaben', 'Details'), VERBS.show, { card: 'inputs' }));
  actions.push(button(m, 'Status', VERBS.show, { card: 'status' }));

  return {
    header: header(m.domain),
    progress: t(locale, `Schritt ${def.number} von ${STEPS.length}`, `Step ${def.number} of ${STEPS.length}`),
    stepTitle: `${def.number}. ${def.title[locale]}`,
    statusText: status.text,
    statusColor: status.color,
    notes,
    intro: guide.intro,
    sections: guide.sections.map((s) => ({ heading: s.heading, lines: s.lines.map((text) => ({ text })), links: s.link ? [s.link] : [] })),
    valueBlocks: guide.values.length > 0
      ? [{ heading: t(locale, 'Einzutragen', 'Values to enter'), values: guide.values.map((v) => ({ label: v.label, value: plainText(v.value) })) }]
      : [],
    checklists,
    powershell: guide.powershell ? [{ heading: t(locale, 'PowerShell (Exchange Online)', 'PowerShell (Exchange Online)'), code: plainText(guide.powershell) }] : [],
    probe: probeBlock,
    help: guide.help,
    actions,
  };
}

const FIELDS: readonly InputField[] = ['verificationValue', 'tenantName', 'provider', 'remaining', 'users'];
const HINTS: Record<InputField, { de: string; en: string }> = {
  verificationValue: { de: 'Form: MS=ms12345678', en: 'Format: MS=ms12345678' },
  tenantName: { de: 'Form: firma.onmicrosoft.com', en: 'Format: firma.onmicrosoft.com' },
  provider: { de: 'Bitte einen Anbieter wählen', en: 'Please choose a provider' },
  remaining: { de: 'Bitte wählen, ob Postfächer beim Anbieter bleiben', en: 'Please choose whether mailboxes stay at the provider' },
  users: { de: 'Eine Zeile je Benutzer: Name; Adresse; Alias', en: 'One line per user: name; address; alias' },
};

/**
 * Template data for the inputs form (`templates/inputs.json`). Pure. Shows the draft the person typed
 * (after a rejected submit, so nothing is lost) over the stored values, and an error under each bad field.
 */
export function buildInputsCardData(m: Migration, locale: Locale, model: Extract<CardModel, { kind: 'inputs' }> = { kind: 'inputs' }): object {
  const stored: Record<InputField, string> = {
    verificationValue: m.inputs.verificationValue ?? '',
    tenantName: m.inputs.tenantName ?? '',
    provider: m.inputs.provider,
    remaining: m.inputs.remaining ?? 'some',
    users: formatUsers(m.inputs.users),
  };
  const fields = Object.fromEntries(FIELDS.map((f) => {
    const error = model.errors?.[f];
    return [f, {
      label: FIELD_LABELS[f][locale],
      value: plainText(model.draft?.[f] ?? stored[f]),
      hint: HINTS[f][locale],
      errors: error ? [{ text: messageForMarkdown(error, locale) }] : [],
    }];
  }));
  const notes = model.note && !(model.note.key === 'inputs-invalid' && model.errors)
    ? notesOf(model.note, locale)
    : model.errors ? [{ text: t(locale, 'Bitte die markierten Angaben korrigieren; nichts davon ist verloren.', 'Please correct the marked details; nothing you typed is lost.'), style: 'attention' }] : [];
  return {
    header: header(m.domain),
    title: t(locale, 'Angaben zur Migration', 'Migration details'),
    notes,
    intro: t(locale,
      `Diese Angaben brauche ich einmal für **${m.domain}**. Leere Felder behalten den gespeicherten Wert; du kannst später ergänzen.`,
      `I need these details once for **${m.domain}**. Empty fields keep the stored value; you can add more later.`),
    fields,
    providers: [
      { title: 'STRATO', value: 'strato' },
      { title: 'IONOS (1&1)', value: 'ionos' },
      { title: t(locale, 'Anderer Anbieter', 'Other provider'), value: 'other' },
    ],
    remainingChoices: [
      { title: t(locale, 'Ja, einige Postfächer bleiben beim Anbieter (Mischbetrieb)', 'Yes, some mailboxes stay at the provider (mixed operation)'), value: 'some' },
      { title: t(locale, 'Nein, alle Postfächer ziehen zu Microsoft 365 um', 'No, every mailbox moves to Microsoft 365'), value: 'none' },
    ],
    usersPlaceholder: `Max Muster; max.muster@${m.domain}; max.muster@${m.inputs.tenantName ?? 'firma.onmicrosoft.com'}`,
    usersHelp: t(locale,
      'Nur die Benutzer, die zu Microsoft 365 umziehen. Der Alias kann fehlen: dann nehme ich den Teil vor dem @ im Mandanten.',
      'Only the users who move to Microsoft 365. The alias may be left out: then I use the part before the @ in the tenant.'),
    actions: [
      { ...button(m, t(locale, 'Speichern', 'Save'), VERBS.inputs, {}, 'positive'), inputsMode: 'auto' },
      { ...button(m, 'Status', VERBS.show, { card: 'status' }), inputsMode: 'none' },
    ],
  };
}

/** Template data for the overview of all migrations of a tenant (`templates/status.json`). Pure. */
export function buildStatusCardData(migrations: readonly Migration[], locale: Locale, note?: MessageRef): object {
  return {
    title: t(locale, 'Stand der Migrationen', 'Migration status'),
    notes: notesOf(note, locale),
    empty: migrations.length === 0 ? [{ text: t(locale, 'Noch keine Migration. Starten Sie eine mit /migrate meinefirma.de', 'No migration yet. Start with /migrate meinefirma.de') }] : [],
    migrations: migrations.map((m) => {
      const finished = STEPS.filter((s) => m.steps[s.id].status === 'done' || m.steps[s.id].status === 'skipped').length;
      return {
        domain: m.domain,
        summary: m.currentStep === null ? t(locale, 'Mischbetrieb läuft ✓', 'Mixed operation running ✓') : t(locale, `${finished} von ${STEPS.length} erledigt`, `${finished} of ${STEPS.length} done`),
        summaryColor: m.currentStep === null ? 'Good' : 'Default',
        steps: STEPS.map((s) => {
          const label = statusLabel(m.steps[s.id], locale);
          return { icon: label.icon, color: label.color, text: `${s.number}. ${s.title[locale]}`, status: label.text, weight: s.id === m.currentStep ? 'Bolder' : 'Default' };
        }),
        actions: m.currentStep === null
          ? [{ title: t(locale, 'Zusammenfassung', 'Summary'), verb: VERBS.show, data: button(m, '', VERBS.show, { card: 'step' }).data }]
          : [{ title: t(locale, `Weiter mit Schritt ${stepDefinition(m.currentStep).number}`, `Continue with step ${stepDefinition(m.currentStep).number}`), verb: VERBS.show, data: button(m, '', VERBS.show, { card: 'step', stepId: m.currentStep }).data }],
      };
    }),
  };
}

/** Template data for the reset confirmation (`templates/reset-confirm.json`). Pure. */
export function buildResetCardData(m: Migration, locale: Locale): object {
  const finished = STEPS.filter((s) => m.steps[s.id].status === 'done').length;
  return {
    title: t(locale, `Migration von ${m.domain} verwerfen?`, `Discard the migration of ${m.domain}?`),
    text: t(locale,
      'Alle Angaben, Häkchen und Prüfergebnisse dieser Migration werden gelöscht. An DNS, Microsoft 365 und beim Anbieter ändert sich dadurch nichts.',
      'All details, ticks and check results of this migration are deleted. Nothing changes in DNS, Microsoft 365 or at the provider.'),
    summary: t(locale, `${finished} von ${STEPS.length} Schritten sind erledigt, ${m.inputs.users.length} Benutzer eingetragen.`, `${finished} of ${STEPS.length} steps are done, ${m.inputs.users.length} users entered.`),
    actions: [
      button(m, t(locale, 'Ja, verwerfen', 'Yes, discard'), VERBS.resetConfirm, {}, 'destructive'),
      button(m, t(locale, 'Abbrechen', 'Cancel'), VERBS.resetCancel),
    ],
  };
}

/** Template data for the final "mixed operation is running" card (`templates/done.json`). Pure. */
export function buildDoneCardData(m: Migration, locale: Locale): object {
  const connector = m.steps['outbound-connector'].status === 'done';
  return {
    header: header(m.domain),
    title: t(locale, 'Der Mischbetrieb läuft ✓', 'Mixed operation is running ✓'),
    text: t(locale,
      `Für **${m.domain}** ist alles eingerichtet: Postfächer beim Anbieter und in Microsoft 365 erreichen sich gegenseitig.`,
      `Everything is set up for **${m.domain}**: mailboxes at the provider and in Microsoft 365 reach each other.`),
    facts: [
      { title: t(locale, 'MX', 'MX'), value: t(locale, 'beim Anbieter', 'at the provider') },
      { title: t(locale, 'Domänentyp', 'Domain type'), value: 'Internal relay' },
      { title: t(locale, 'Umgezogen', 'Moved'), value: String(m.inputs.users.length) },
      { title: t(locale, 'Ausgehender Connector', 'Outbound connector'), value: connector ? t(locale, 'angelegt', 'created') : t(locale, 'nicht nötig', 'not needed') },
    ],
    laterHeading: t(locale, 'Später', 'Later'),
    later: [
      { text: t(locale, '- DKIM und DMARC für die Domäne einrichten.', '- Set up DKIM and DMARC for the domain.') },
      { text: t(locale, '- Umstellung, wenn alle umgezogen sind: MX zu Microsoft, Domäne wieder „Autoritative Domäne“, Weiterleitungen entfernen, SPF aufräumen.', '- Cut-over once everyone has moved: MX to Microsoft, domain back to "Authoritative", forwarding removed, SPF cleaned up.') },
    ],
    actions: [button(m, 'Status', VERBS.show, { card: 'status' })],
  };
}

/** Template data for "did you mean …?" (`templates/did-you-mean.json`). Pure. */
export function buildDidYouMeanData(domain: string, suggestion: string, locale: Locale): object {
  const data = (d: string, force: boolean): ActionData => ({ verb: VERBS.start, domain: d, revision: 0, force });
  return {
    title: t(locale, `Meintest du ${suggestion}?`, `Did you mean ${suggestion}?`),
    text: messageForMarkdown({ key: 'did-you-mean', params: { domain, suggestion } }, locale),
    actions: [
      { title: t(locale, `Weiter mit ${suggestion}`, `Continue with ${suggestion}`), verb: VERBS.start, data: data(suggestion, false), style: 'positive' },
      { title: t(locale, `Neu: ${domain}`, `New: ${domain}`), verb: VERBS.start, data: data(domain, true), style: 'default' },
    ],
  };
}

export const TEMPLATES = {
  step: stepTemplate,
  inputs: inputsTemplate,
  status: statusTemplate,
  'reset-confirm': resetTemplate,
  done: doneTemplate,
  'did-you-mean': didYouMeanTemplate,
  message: messageTemplate,
} as const;

/**
 * Renders the card an effect names, for one viewer's locale. Pure (never throws for a covered template):
 * answers renderCard's result. `migration` may be undefined only for `did-you-mean`, `message` and `status`;
 * `status` shows `options.migrations` (all of the tenant's) or else just `migration`.
 */
export function renderProcedureCard(
  model: CardModel,
  migration: Migration | undefined,
  locale: Locale,
  options: { migrations?: readonly Migration[] } & CardTimeOptions = {},
): RenderResult {
  const missing = (): RenderResult => renderCard(messageTemplate, { text: messageForMarkdown({ key: 'no-migration', params: { domain: '<domain>' } }, locale) });
  switch (model.kind) {
    case 'step':
      return migration ? renderCard(stepTemplate, buildStepCardData(migration, model.stepId, locale, model.note, options)) : missing();
    case 'inputs':
      return migration ? renderCard(inputsTemplate, buildInputsCardData(migration, locale, model)) : missing();
    case 'status':
      return renderCard(statusTemplate, buildStatusCardData(options.migrations ?? (migration ? [migration] : []), locale, model.note));
    case 'reset-confirm':
      return migration ? renderCard(resetTemplate, buildResetCardData(migration, locale)) : missing();
    case 'done':
      return migration ? renderCard(doneTemplate, buildDoneCardData(migration, locale)) : missing();
    case 'did-you-mean':
      return renderCard(didYouMeanTemplate, buildDidYouMeanData(model.domain, model.suggestion, locale));
    case 'message':
      return renderCard(messageTemplate, { text: messageForMarkdown(model.message, locale) });
  }
}
