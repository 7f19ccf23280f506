import { isMessage, msg as catalogMessage } from '../i18n/message';
import type { ProbeResult } from '../probes/types';
import { findNearMiss, parseDomain } from './domain';
import { applyInputs } from './inputs';
import { computeCurrentStep, createMigration, mayChange, missingInputs, openChecklistUsers } from './migration';
import { nextRecheckAt } from './recheck';
import { DNS_STEP_IDS, STEPS, isDnsStepId, isStepId, stepDefinition } from './steps';
import { STEP_IDS } from './types';
import type {
  CardModel, DnsStepId, Effect, MessageRef, Migration, MigrationEvent, ProbeSource, StepId, StepState, TransitionResult,
} from './types';

type ActorEventOf<T extends MigrationEvent['type']> = Extract<MigrationEvent, { type: T }>;

const msg = (key: MessageRef['key'], params?: MessageRef['params']): MessageRef => (params ? { key, params } : { key });
const reply = (key: MessageRef['key'], params?: MessageRef['params']): Effect => ({ type: 'reply', message: msg(key, params) });

/** A click (the event carries the card's revision) is answered by replacing that card; a typed command by a new one. */
function cardFor(event: { revision?: number }, card: CardModel): Effect {
  return event.revision !== undefined ? { type: 'update-card', card } : { type: 'send-card', card };
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

/**
 * A copy to change, one revision on. The input migration is never mutated. Only the two levels this module
 * assigns to are copied (the record's own fields, each step's fields; unknown fields such as the bot's
 * `liveCard` come along); deeper values (inputs, probe results, checklists, confirmations) are shared and only
 * ever replaced, never changed in place (test/procedure/transition.test.ts freezes inputs deeply to prove it).
 * structuredClone of the whole record was ~4 % of a "Check now" click's CPU.
 */
function touch(m: Migration, now: number): Migration {
  const steps = {} as Record<StepId, StepState>;
  for (const id of Object.keys(m.steps) as StepId[]) steps[id] = { ...m.steps[id] };
  return { ...m, steps, revision: m.revision + 1, updatedAt: now };
}

/** Recomputes the current step, the completion time, and when each changed step's status changed. */
function settle(prev: Migration, m: Migration, now: number): void {
  for (const id of STEP_IDS) if (prev.steps[id].status !== m.steps[id].status) m.steps[id].since = now;
  m.currentStep = computeCurrentStep(m);
  if (m.currentStep === null) m.completedAt ??= now;
  else delete m.completedAt;
}

/**
 * A click from a card rendered before this part last changed must not apply (twice): answer it with the
 * card as it is now and a note. `changedAt` is the revision of that part's last change.
 */
function isStale(event: { revision?: number }, changedAt: number): boolean {
  return event.revision !== undefined && event.revision < changedAt;
}

/** After a person moved the procedure on: the next card, the "what's next" note, probes for a DNS step. */
function advanced(before: Migration, after: Migration, event: { revision?: number }, note: MessageRef): Effect[] {
  const effects: Effect[] = [];
  if (after.currentStep === null) {
    if (before.currentStep !== null) {
      effects.push(cardFor(event, { kind: 'done' }));
      effects.push({ type: 'notify', message: msg('migration-complete', { domain: after.domain }) });
    } else {
      effects.push(cardFor(event, { kind: 'done' }));
    }
    return effects;
  }
  effects.push(cardFor(event, { kind: 'step', stepId: after.currentStep, note }));
  if (after.currentStep !== before.currentStep && isDnsStepId(after.currentStep)) {
    effects.push({ type: 'run-probes', stepIds: [after.currentStep], source: 'advance' });
  }
  return effects;
}

function start(m: Migration | undefined, event: ActorEventOf<'start'>, now: number): TransitionResult {
  const parsed = parseDomain(String(event.domain ?? ''));
  if (!parsed.ok) return [m, [reply('invalid-domain', { input: String(event.domain ?? '').slice(0, 100) })]];
  const domain = parsed.domain;
  if (m !== undefined) {
    if (m.domain !== domain) return [m, [reply('bad-event', { detail: `migration for ${m.domain}, event for ${domain}` })]];
    const current = m.currentStep;
    const effects: Effect[] = [];
    if (current === null) {
      effects.push({ type: 'send-card', card: { kind: 'done' } });
      return [m, effects];
    }
    const def = stepDefinition(current);
    effects.push(reply('migration-resumed', { domain, number: def.number, total: STEPS.length, step: current }));
    effects.push({ type: 'send-card', card: missingInputs(m, current).length > 0 ? { kind: 'inputs' } : { kind: 'step', stepId: current } });
    const open = DNS_STEP_IDS.filter((id) => m.steps[id].status !== 'done' && m.steps[id].status !== 'skipped');
    if (open.length > 0) effects.push({ type: 'run-probes', stepIds: open, source: 'start' });
    return [m, effects];
  }
  if (event.force !== true) {
    const suggestion = findNearMiss(domain, (event.knownDomains ?? []).map((d) => d.toLowerCase()));
    if (suggestion !== undefined) {
      return [undefined, [
        reply('did-you-mean', { domain, suggestion }),
        { type: 'send-card', card: { kind: 'did-you-mean', domain, suggestion } },
      ]];
    }
  }
  if (typeof event.tenantId !== 'string' || event.tenantId === '') return [undefined, [reply('bad-event', { detail: 'no tenant id' })]];
  const created = createMigration(event.tenantId, domain, event.actor.id, now);
  if (typeof event.conversationId === 'string' && event.conversationId !== '') created.conversationId = event.conversationId;
  if (event.locale === 'de' || event.locale === 'en') created.locale = event.locale;
  return [created, [
    reply('migration-started', { domain }),
    { type: 'send-card', card: { kind: 'inputs' } },
    { type: 'run-probes', stepIds: [...DNS_STEP_IDS], source: 'start' },
  ]];
}

function probeResults(m: Migration, results: readonly ProbeResult[], source: ProbeSource, now: number, spfSuggestion: unknown): TransitionResult {
  const relevant = results.filter((r): r is ProbeResult & { id: DnsStepId } => r !== null && typeof r === 'object' && isDnsStepId(r.id));
  const suggestion = typeof spfSuggestion === 'string' && /^v=spf1(\s|$)/i.test(spfSuggestion.trim()) ? spfSuggestion.trim() : undefined;
  if (relevant.length === 0 && (suggestion === undefined || suggestion === m.steps.spf.suggestion)) return [m, []];
  const next = touch(m, now);
  if (suggestion !== undefined) next.steps.spf.suggestion = suggestion;
  if (relevant.length === 0) return [next, []];
  const effects: Effect[] = [];
  const verified: DnsStepId[] = [];
  const notes = new Map<DnsStepId, MessageRef>();
  // The step the admin will be at once this batch's confirmations apply: steps up to it wait and are polled.
  const confirmedNow = new Set<string>(relevant.filter((r) => r.status === 'ok').map((r) => r.id));
  const reached = STEPS.find((s) => m.steps[s.id].status !== 'done' && m.steps[s.id].status !== 'skipped' && !confirmedNow.has(s.id));
  const currentNumber = reached === undefined ? Infinity : reached.number;
  for (const r of relevant) {
    const step = next.steps[r.id];
    const status = (['ok', 'missing', 'wrong', 'error'] as const).includes(r.status) ? r.status : 'error';
    step.lastProbe = {
      status, found: r.found ?? null, expected: r.expected ?? null, advice: isMessage(r.advice) ? r.advice : catalogMessage('probe.no-result'),
      ...(typeof r.ttlSeconds === 'number' ? { ttlSeconds: r.ttlSeconds } : {}),
      at: now,
    };
    if (step.status === 'done' || step.status === 'skipped') continue;
    if (status === 'ok') {
      step.status = 'done';
      step.confirmed = { by: 'probe', at: now };
      step.changedAt = next.revision;
      delete step.recheckAttempts;
      if (step.recheckAt !== undefined) effects.push({ type: 'cancel-jobs', stepIds: [r.id] });
      delete step.recheckAt;
      verified.push(r.id);
      continue;
    }
    // Only steps the admin has reached wait and are polled; later ones are probed again when they become current.
    if (stepDefinition(r.id).number <= currentNumber || source === 'check') {
      if (step.status === 'open') {
        step.status = 'waiting-for-dns';
        step.changedAt = next.revision;
      }
      const attempt = step.recheckAttempts ?? 0;
      const at = nextRecheckAt(now, attempt, typeof r.ttlSeconds === 'number' ? r.ttlSeconds : undefined);
      step.recheckAttempts = attempt + 1;
      step.recheckAt = at;
      effects.push({ type: 'schedule-recheck', stepId: r.id, at });
      const key = status === 'error' ? 'probe-error-retry' : status === 'missing' ? 'probe-missing' : 'probe-wrong';
      notes.set(r.id, msg(key, { step: r.id, at: iso(at) }));
    }
  }
  settle(m, next, now);
  const nextLabel = next.currentStep ?? 'done';
  if (source !== 'start') {
    for (const id of verified) effects.push({ type: 'notify', message: msg('step-verified', { step: id, next: nextLabel, domain: next.domain }) });
  }
  const moved = next.currentStep !== m.currentStep;
  if (next.currentStep === null && m.currentStep !== null) {
    effects.push({ type: 'update-card', card: { kind: 'done' } });
    effects.push({ type: 'notify', message: msg('migration-complete', { domain: next.domain }) });
  } else if (source === 'check-all') {
    effects.push({ type: 'send-card', card: { kind: 'status' } });
  } else if (source === 'check') {
    const checked = relevant[0].id;
    const stepId = moved && next.currentStep !== null ? next.currentStep : checked;
    const note = verified.includes(checked) ? msg('step-verified', { step: checked, next: nextLabel, domain: next.domain }) : notes.get(checked);
    effects.push({ type: 'update-card', card: note ? { kind: 'step', stepId, note } : { kind: 'step', stepId } });
  } else if (next.currentStep !== null && (source !== 'start' || (moved && next.inputsChangedAt > 1))) {
    // After `start` the live card is the inputs form until inputs were given once: do not replace it.
    const cur = next.currentStep;
    const curChanged = moved || relevant.some((r) => r.id === cur);
    if (curChanged) {
      const note = isDnsStepId(cur) ? notes.get(cur) : undefined;
      effects.push({ type: 'update-card', card: note ? { kind: 'step', stepId: cur, note } : { kind: 'step', stepId: cur } });
    }
  }
  if (moved && next.currentStep !== null && isDnsStepId(next.currentStep) && !relevant.some((r) => r.id === next.currentStep)) {
    effects.push({ type: 'run-probes', stepIds: [next.currentStep], source: 'advance' });
  }
  return [next, effects];
}

function confirm(m: Migration, event: ActorEventOf<'confirm'>, now: number): TransitionResult {
  const id = event.stepId;
  const def = stepDefinition(id);
  const state = m.steps[id];
  if (isStale(event, state.changedAt)) return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('card-outdated') })]];
  if (state.status === 'done' || state.status === 'skipped') {
    return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('step-already-done', { step: id }) })]];
  }
  if (def.kind === 'dns' && def.manualConfirm !== true) {
    return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('step-needs-probe', { step: id }) })]];
  }
  const missing = missingInputs(m, id);
  if (missing.length > 0) {
    return [m, [cardFor(event, { kind: 'inputs', note: msg('inputs-needed', { step: id, fields: missing.join(',') }) })]];
  }
  if (id === 'user-addresses' || id === 'forwarding') {
    const open = openChecklistUsers(m, id);
    if (open.length > 0) {
      return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('checklist-incomplete', { step: id, open: open.length, total: m.inputs.users.length }) })]];
    }
  }
  const next = touch(m, now);
  const step = next.steps[id];
  step.status = 'done';
  step.confirmed = { by: event.actor.id, at: now };
  step.changedAt = next.revision;
  const effects: Effect[] = [];
  if (def.kind === 'dns') {
    delete step.recheckAt;
    delete step.recheckAttempts;
    effects.push({ type: 'cancel-jobs', stepIds: [id] });
  }
  if (id === 'internal-relay') {
    const connector = next.steps['outbound-connector'];
    step.connectorRequested = event.connectorRequested === true;
    if (event.connectorRequested === true) {
      if (connector.status === 'skipped' && connector.confirmed?.by === 'system') {
        connector.status = 'open';
        delete connector.confirmed;
        connector.changedAt = next.revision;
      }
    } else if (connector.status === 'open') {
      connector.status = 'skipped';
      connector.confirmed = { by: 'system', at: now };
      connector.changedAt = next.revision;
    }
  }
  settle(m, next, now);
  effects.push(...advanced(m, next, event, msg('step-confirmed', { step: id, next: next.currentStep ?? 'done' })));
  return [next, effects];
}

function undo(m: Migration, event: ActorEventOf<'undo'>, now: number): TransitionResult {
  const id = event.stepId;
  const state = m.steps[id];
  if (isStale(event, state.changedAt)) return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('card-outdated') })]];
  if (state.status !== 'done' && state.status !== 'skipped') {
    return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('step-not-done', { step: id }) })]];
  }
  const next = touch(m, now);
  const step = next.steps[id];
  step.status = 'open';
  delete step.confirmed;
  delete step.recheckAttempts;
  step.changedAt = next.revision;
  if (id === 'internal-relay') {
    delete step.connectorRequested;
    const connector = next.steps['outbound-connector'];
    if (connector.status === 'skipped' && connector.confirmed?.by === 'system') {
      connector.status = 'open';
      delete connector.confirmed;
      connector.changedAt = next.revision;
    }
  }
  settle(m, next, now);
  return [next, [cardFor(event, { kind: 'step', stepId: id, note: msg('step-undone', { step: id }) })]];
}

function skip(m: Migration, event: ActorEventOf<'skip'>, now: number): TransitionResult {
  const id = event.stepId;
  const def = stepDefinition(id);
  const state = m.steps[id];
  if (isStale(event, state.changedAt)) return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('card-outdated') })]];
  if (!def.optional) return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('step-not-optional', { step: id }) })]];
  if (state.status === 'done' || state.status === 'skipped') {
    return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('step-already-done', { step: id }) })]];
  }
  const next = touch(m, now);
  const step = next.steps[id];
  step.status = 'skipped';
  step.confirmed = { by: event.actor.id, at: now };
  step.changedAt = next.revision;
  settle(m, next, now);
  return [next, advanced(m, next, event, msg('step-skipped', { step: id, next: next.currentStep ?? 'done' }))];
}

function userToggle(m: Migration, event: ActorEventOf<'user-toggle'>, now: number): TransitionResult {
  const id = event.stepId;
  if (id !== 'user-addresses' && id !== 'forwarding') return [m, [reply('unknown-step', { step: String(id) })]];
  const state = m.steps[id];
  if (isStale(event, Math.max(state.changedAt, m.inputsChangedAt))) {
    return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('card-outdated') })]];
  }
  const address = String(event.address ?? '').toLowerCase();
  if (!m.inputs.users.some((u) => u.address === address)) {
    return [m, [cardFor(event, { kind: 'step', stepId: id, note: msg('unknown-user', { address: address.slice(0, 254) }) })]];
  }
  const next = touch(m, now);
  const step = next.steps[id];
  step.checklist = { ...(step.checklist ?? {}), [address]: { done: event.done === true, by: event.actor.id, at: now } };
  step.changedAt = next.revision;
  if (event.done !== true && step.status === 'done') {
    step.status = 'open';
    delete step.confirmed;
  }
  settle(m, next, now);
  return [next, [cardFor(event, { kind: 'step', stepId: id })]];
}

function autodiscoverFallback(m: Migration, event: ActorEventOf<'autodiscover-fallback'>, now: number): TransitionResult {
  const state = m.steps.autodiscover;
  if (isStale(event, state.changedAt)) return [m, [cardFor(event, { kind: 'step', stepId: 'autodiscover', note: msg('card-outdated') })]];
  if ((state.fallback === true) === (event.enabled === true)) return [m, [cardFor(event, { kind: 'step', stepId: 'autodiscover' })]];
  const next = touch(m, now);
  next.steps.autodiscover.fallback = event.enabled === true;
  next.steps.autodiscover.changedAt = next.revision;
  return [next, [cardFor(event, { kind: 'step', stepId: 'autodiscover' })]];
}

function input(m: Migration, event: ActorEventOf<'input'>, now: number): TransitionResult {
  const values = event.values !== null && typeof event.values === 'object' ? event.values : {};
  const draft = Object.fromEntries(
    Object.entries(values).filter(([k, v]) => ['verificationValue', 'tenantName', 'provider', 'users'].includes(k) && typeof v === 'string'),
  ) as Record<string, string>;
  if (Object.keys(draft).length === 0) return [m, [cardFor(event, { kind: 'inputs' })]];
  if (isStale(event, m.inputsChangedAt)) {
    return [m, [cardFor(event, { kind: 'inputs', note: msg('card-outdated'), draft })]];
  }
  const parsed = applyInputs(m.inputs, draft, m.domain);
  if (!parsed.ok) {
    return [m, [cardFor(event, { kind: 'inputs', draft, errors: parsed.errors, note: msg('inputs-invalid', { detail: '' }) })]];
  }
  const next = touch(m, now);
  next.inputs = parsed.inputs;
  next.inputsChangedAt = next.revision;
  const addresses = new Set(parsed.inputs.users.map((u) => u.address));
  for (const id of ['user-addresses', 'forwarding'] as const) {
    const step = next.steps[id];
    step.checklist = Object.fromEntries(Object.entries(step.checklist ?? {}).filter(([a]) => addresses.has(a)));
    if (step.status === 'done' && openChecklistUsers(next, id).length > 0) {
      step.status = 'open';
      delete step.confirmed;
      step.changedAt = next.revision;
    }
  }
  settle(m, next, now);
  const effects: Effect[] = [];
  const current = next.currentStep;
  effects.push(cardFor(event, current === null ? { kind: 'done' } : { kind: 'step', stepId: current, note: msg('inputs-saved') }));
  const verification = next.steps['verify-domain'];
  if (parsed.inputs.verificationValue !== m.inputs.verificationValue && verification.status !== 'done') {
    effects.push({ type: 'run-probes', stepIds: ['verify-domain'], source: 'input' });
  }
  return [next, effects];
}

function check(m: Migration, event: ActorEventOf<'check'>): TransitionResult {
  if (event.stepId === undefined) return [m, [{ type: 'run-probes', stepIds: [...DNS_STEP_IDS], source: 'check-all' }]];
  if (isDnsStepId(event.stepId)) return [m, [{ type: 'run-probes', stepIds: [event.stepId], source: 'check' }]];
  return [m, [cardFor(event, { kind: 'step', stepId: event.stepId })]];
}

function show(m: Migration, event: ActorEventOf<'show'>): TransitionResult {
  if (event.card === 'inputs') return [m, [cardFor(event, { kind: 'inputs' })]];
  if (event.card === 'status') return [m, [cardFor(event, { kind: 'status' })]];
  const stepId = event.stepId !== undefined && isStepId(event.stepId) ? event.stepId : m.currentStep;
  return [m, [cardFor(event, stepId === null ? { kind: 'done' } : { kind: 'step', stepId })]];
}

function timer(m: Migration, event: ActorEventOf<'timer'>, now: number): TransitionResult {
  const state = m.steps[event.stepId];
  if (state.status === 'done' || state.status === 'skipped') return [m, []];
  if (event.job === 'recheck') {
    if (!isDnsStepId(event.stepId)) return [m, []];
    const next = touch(m, now);
    delete next.steps[event.stepId].recheckAt;
    return [next, [{ type: 'run-probes', stepIds: [event.stepId], source: 'timer' }]];
  }
  if (!m.reminders || m.currentStep !== event.stepId) return [m, []];
  const def = stepDefinition(event.stepId);
  return [m, [{ type: 'notify', message: msg('reminder-open', { number: def.number, step: def.id, domain: m.domain }) }]];
}

/** Events that change the migration need an authorized actor; `start`, `check` and `show` do not. */
const NEEDS_AUTH = new Set<MigrationEvent['type']>([
  'confirm', 'undo', 'skip', 'user-toggle', 'autodiscover-fallback', 'input', 'reset-request', 'reset-confirm', 'reset-cancel', 'reminders',
]);
const STEP_EVENTS = new Set<MigrationEvent['type']>(['confirm', 'undo', 'skip', 'user-toggle', 'timer']);

function dispatch(m: Migration | undefined, event: MigrationEvent, now: number): TransitionResult {
  if (event.type === 'start') {
    if (!isActor(event.actor)) return [m, [reply('bad-event', { detail: 'no actor' })]];
    return start(m, event, now);
  }
  if (m === undefined) {
    if (event.type === 'probe-result' || event.type === 'timer') return [undefined, []];
    const domain = typeof event.domain === 'string' ? event.domain : '<domain>';
    return [undefined, [reply('no-migration', { domain })]];
  }
  if (NEEDS_AUTH.has(event.type)) {
    const actor = (event as { actor?: unknown }).actor;
    if (!isActor(actor)) return [m, [reply('bad-event', { detail: 'no actor' })]];
    if (!mayChange(m, actor)) return [m, [reply('not-allowed', { domain: m.domain })]];
  }
  if (STEP_EVENTS.has(event.type) && !isStepId((event as { stepId?: unknown }).stepId)) {
    return [m, [reply('unknown-step', { step: String((event as { stepId?: unknown }).stepId).slice(0, 40) })]];
  }
  switch (event.type) {
    case 'probe-result':
      return Array.isArray(event.results) ? probeResults(m, event.results, event.source, now, event.spfSuggestion) : [m, [reply('bad-event', { detail: 'no results' })]];
    case 'confirm': return confirm(m, event, now);
    case 'undo': return undo(m, event, now);
    case 'skip': return skip(m, event, now);
    case 'user-toggle': return userToggle(m, event, now);
    case 'autodiscover-fallback': return autodiscoverFallback(m, event, now);
    case 'input': return input(m, event, now);
    case 'check': return check(m, event);
    case 'show': return show(m, event);
    case 'timer': return timer(m, event, now);
    case 'reset-request':
      return [m, [cardFor(event, { kind: 'reset-confirm' }), ...(event.revision === undefined ? [reply('reset-confirm-needed', { domain: m.domain })] : [])]];
    case 'reset-confirm':
      // Destructive: only from a card showing exactly the current revision.
      if (event.revision !== m.revision) return [m, [{ type: 'update-card', card: { kind: 'reset-confirm' } }, reply('card-outdated')]];
      return [undefined, [{ type: 'cancel-jobs' }, { type: 'update-card', card: { kind: 'message', message: msg('reset-done', { domain: m.domain }) } }]];
    case 'reset-cancel':
      return [m, [cardFor(event, m.currentStep === null
        ? { kind: 'done' }
        : { kind: 'step', stepId: m.currentStep, note: msg('reset-cancelled', { domain: m.domain }) })]];
    case 'reminders': {
      const enabled = event.enabled === true;
      const next = m.reminders === enabled ? m : { ...touch(m, now), reminders: enabled };
      return [next, [reply(enabled ? 'reminders-on' : 'reminders-off', { domain: m.domain })]];
    }
    default:
      return [m, [reply('bad-event', { detail: `unknown event ${String((event as { type?: unknown }).type).slice(0, 40)}` })]];
  }
}

function isActor(value: unknown): value is { id: string; isConfiguredAdmin: boolean } {
  return value !== null && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' && (value as { id: string }).id !== '';
}

/**
 * The migration engine: the next state and the effects to run, for one event. Pure and total: it never
 * throws and never mutates `migration`; an event it cannot apply becomes a `reply` effect with a localized
 * message and the migration unchanged. `undefined` in or out means "no migration" (out: it was reset).
 * `now` is epoch milliseconds (or a Date).
 */
export function transition(migration: Migration | undefined, event: MigrationEvent, now: number | Date): TransitionResult {
  const ms = now instanceof Date ? now.getTime() : now;
  if (event === null || typeof event !== 'object' || typeof (event as { type?: unknown }).type !== 'string') {
    return [migration, [reply('bad-event', { detail: 'not an event' })]];
  }
  try {
    return dispatch(migration, event, ms);
  } catch (error) {
    return [migration, [reply('bad-event', { detail: error instanceof Error ? error.message.slice(0, 120) : 'internal' })]];
  }
}

