import { msg } from '../../src/i18n/message';
import assert from 'node:assert/strict';
import { ALL_VERBS, VERBS, parseCardAction, type ActionData } from '../../src/cards/actions';
import { escapeMarkdown, plainText } from '../../src/cards/escape-markdown';
import { mulberry32 } from '../support/random';
import { MAX_CHECKLIST_ROWS, renderProcedureCard } from '../../src/cards/procedure-cards';
import type { AdaptiveCardJson } from '../../src/cards/render';
import type { Locale } from '../../src/i18n/locale';
import type { ProbeStatus } from '../../src/probes/types';
import { STEPS } from '../../src/procedure/steps';
import { transition } from '../../src/procedure/transition';
import type { CardModel, Migration, MigrationEvent, Provider, StepId } from '../../src/procedure/types';
import { DOMAIN, T0, TENANT, atUserAddresses, deepFreeze, probe, run, started, starter, stranger, withInputs } from '../procedure/fixtures';
import { CARD_BUDGET_BYTES, cardProblems } from './validate-card';

const LOCALES: Locale[] = ['de', 'en'];

/** Every Action.Execute in a card (body ActionSets and card actions, at any depth). */
function executeActions(value: unknown, out: Array<{ verb?: unknown; data?: unknown; title?: unknown }> = []): Array<{ verb?: unknown; data?: unknown; title?: unknown }> {
  if (Array.isArray(value)) value.forEach((v) => executeActions(v, out));
  else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'Action.Execute') out.push(o);
    for (const v of Object.values(o)) executeActions(v, out);
  }
  return out;
}

/** Renders and applies every check the issue asks for; returns the card. */
function renderChecked(model: CardModel, m: Migration | undefined, locale: Locale, options: { migrations?: Migration[] } = {}): AdaptiveCardJson {
  const result = renderProcedureCard(model, m, locale, options);
  assert.ok(result.ok, `template warnings/leftovers: ${JSON.stringify(result)}`);
  assert.deepEqual(cardProblems(result.card), [], `${model.kind} ${locale}`);
  assert.ok(result.bytes <= CARD_BUDGET_BYTES, `${result.bytes} bytes`);
  for (const action of executeActions(result.card)) {
    assert.ok(typeof action.verb === 'string' && (ALL_VERBS as readonly string[]).includes(action.verb), `verb ${String(action.verb)}`);
    const data = action.data as ActionData;
    assert.equal(data.verb, action.verb);
    assert.equal(typeof data.domain, 'string');
    assert.equal(typeof data.revision, 'number');
    assert.ok(typeof action.title === 'string' && action.title.length > 0);
  }
  return result.card;
}

const text = (card: AdaptiveCardJson): string => JSON.stringify(card);

function withProbe(base: Migration, stepId: 'verify-domain' | 'mx' | 'autodiscover' | 'spf', status: ProbeStatus): Migration {
  const [m] = run(base, [{ type: 'probe-result', source: 'check', results: [probe(stepId, status, { ttlSeconds: 300, advice: msg('probe.could-not-check-detail', { detail: '*auf* _x_' }) })] }]);
  return m!;
}

describe('the last-check block when the check could not run', () => {
  it('never shows "Expected (nothing)": a probe without an expectation points at the step\'s values instead', () => {
    for (const stepId of ['verify-domain', 'mx', 'autodiscover', 'spf'] as const) {
      const [m] = run(withInputs(), [{ type: 'probe-result', source: 'check', results: [probe(stepId, 'error', { expected: null })] }]);
      for (const locale of LOCALES) {
        const card = text(renderChecked({ kind: 'step', stepId }, m!, locale));
        assert.ok(!card.includes('(nothing)') && !card.includes('(nichts)'), `${stepId} ${locale}`);
        assert.ok(card.includes(locale === 'de' ? '(die Werte des Schritts oben)' : '(the values of the step above)'), `${stepId} ${locale}`);
      }
    }
  });
});

function withProvider(m: Migration, provider: Provider): Migration {
  return run(m, [{ type: 'input', actor: starter, values: { provider } }])[0]!;
}

/** Fixtures: every step in every state it can be in. */
function stateFixtures(): Array<{ name: string; m: Migration; stepId: StepId; note?: CardModel }> {
  const out: Array<{ name: string; m: Migration; stepId: StepId; note?: CardModel }> = [];
  const bases = { started: started(), withInputs: withInputs(), atUsers: atUserAddresses() };
  for (const step of STEPS) {
    out.push({ name: `${step.id} open, no inputs`, m: bases.started, stepId: step.id });
    for (const provider of ['strato', 'ionos', 'other'] as const) out.push({ name: `${step.id} open, ${provider}`, m: withProvider(bases.withInputs, provider), stepId: step.id });
    if (step.kind === 'dns') {
      for (const status of ['ok', 'missing', 'wrong', 'error'] as const) {
        out.push({ name: `${step.id} probe ${status}`, m: withProbe(bases.withInputs, step.id as 'mx', status), stepId: step.id });
      }
    } else {
      const [done] = run(bases.atUsers, [{ type: 'confirm', actor: starter, stepId: step.id }]);
      out.push({ name: `${step.id} after a typed confirm`, m: done!, stepId: step.id });
    }
  }
  const [skipped] = run(bases.atUsers, [{ type: 'skip', actor: starter, stepId: 'outbound-connector' }]);
  out.push({ name: 'outbound-connector skipped', m: skipped!, stepId: 'outbound-connector' });
  const [systemSkipped] = run(bases.atUsers, [{ type: 'confirm', actor: starter, stepId: 'internal-relay', connectorRequested: false }]);
  out.push({ name: 'outbound-connector not needed', m: systemSkipped!, stepId: 'outbound-connector' });
  const [fallback] = run(withProvider(bases.withInputs, 'strato'), [{ type: 'autodiscover-fallback', actor: starter, enabled: true }]);
  out.push({ name: 'autodiscover fallback (strato)', m: fallback!, stepId: 'autodiscover' });
  const [ticked] = run(bases.atUsers, [{ type: 'user-toggle', actor: starter, stepId: 'forwarding', address: bases.atUsers.inputs.users[0].address, done: true }]);
  out.push({ name: 'forwarding with one user ticked', m: ticked!, stepId: 'forwarding' });
  return out;
}

describe('cards/procedure-cards: every template, both languages, every step and state', () => {
  const fixtures = stateFixtures();
  for (const locale of LOCALES) {
    for (const f of fixtures) {
      it(`step card: ${f.name} (${locale})`, () => {
        const card = renderChecked({ kind: 'step', stepId: f.stepId, note: { key: 'card-outdated' } }, f.m, locale);
        const number = STEPS.find((s) => s.id === f.stepId)!.number;
        assert.ok(text(card).includes(locale === 'de' ? `Schritt ${number} von 9` : `Step ${number} of 9`));
        assert.ok(text(card).includes(f.m.domain));
      });
    }
    const others: Array<[string, CardModel, () => Migration]> = [
      ['inputs, empty', { kind: 'inputs' }, started],
      ['inputs, filled', { kind: 'inputs' }, withInputs],
      ['inputs, with errors and draft', { kind: 'inputs', draft: { verificationValue: 'ms=abc', users: 'x' }, errors: { verificationValue: { key: 'inputs-invalid', params: { field: 'verificationValue', reason: 'verification', domain: DOMAIN } }, users: { key: 'inputs-invalid', params: { field: 'users', reason: 'user-address', line: 1, value: 'x' } } }, note: { key: 'inputs-invalid', params: { detail: '' } } }, started],
      ['inputs, needed note', { kind: 'inputs', note: { key: 'inputs-needed', params: { step: 'forwarding', fields: 'tenantName,users' } } }, started],
      ['status', { kind: 'status', note: { key: 'checking', params: { steps: 'mx,spf' } } }, atUserAddresses],
      ['reset confirmation', { kind: 'reset-confirm' }, atUserAddresses],
      ['done', { kind: 'done' }, atUserAddresses],
      ['did you mean', { kind: 'did-you-mean', domain: 'meinefirmna.de', suggestion: DOMAIN }, started],
      ['message', { kind: 'message', message: { key: 'reset-done', params: { domain: DOMAIN } } }, started],
    ];
    for (const [name, model, make] of others) {
      it(`${name} card (${locale})`, () => {
        renderChecked(model, make(), locale);
      });
    }
    it(`status card over several domains, and with none (${locale})`, () => {
      const m1 = atUserAddresses();
      const [m2] = transition(undefined, { type: 'start', tenantId: TENANT, domain: 'zweite-firma.de', actor: starter }, T0);
      const card = renderChecked({ kind: 'status' }, undefined, locale, { migrations: [m1, m2!] });
      assert.ok(text(card).includes('zweite-firma.de') && text(card).includes(DOMAIN));
      const empty = renderChecked({ kind: 'status' }, undefined, locale, { migrations: [] });
      assert.match(text(empty), /\/migrate meinefirma\.de/);
      if (locale === 'de') assert.match(text(empty), /Starten Sie eine mit/, 'German says "Sie"');
    });
  }
});

describe('cards/procedure-cards: content', () => {
  it('shows found versus expected and the verdict of the last probe; an error says "could not check"', () => {
    const [m] = run(withInputs(), [{ type: 'probe-result', source: 'check', results: [probe('spf', 'wrong')], spfSuggestion: 'v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ~all' }]);
    const t = text(renderChecked({ kind: 'step', stepId: 'spf' }, m!, 'en'));
    // The record to publish is labelled as the new value, not as the record already there.
    assert.ok(t.includes('New value (your current record with Microsoft 365 merged in)'), t);
    assert.ok(!t.includes('Value (from your current record)'));
    assert.ok(text(renderChecked({ kind: 'step', stepId: 'spf' }, m!, 'de')).includes('Neuer Wert (Ihr bisheriger Eintrag, um Microsoft 365 ergänzt)'));
    assert.ok(t.includes('other-value'));
    assert.ok(t.includes('v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ~all'));
    assert.ok(t.includes('Found, but not as expected'));
    const e = text(renderChecked({ kind: 'step', stepId: 'spf' }, withProbe(withInputs(), 'spf', 'error'), 'de'));
    assert.ok(e.includes('Konnte nicht prüfen'));
    assert.ok(!e.includes('Noch nicht gefunden'));
  });

  it('puts the PowerShell in a monospace run, not in markdown', () => {
    const card = renderChecked({ kind: 'step', stepId: 'internal-relay' }, atUserAddresses(), 'en');
    const t = text(card);
    assert.ok(t.includes('"text":"Connect-ExchangeOnline\\nSet-AcceptedDomain -Identity meinefirma.de -DomainType InternalRelay'));
    assert.ok(t.includes('"fontType":"Monospace"'));
  });

  it('escapes user-typed names before they reach markdown, including a typed ${…}', () => {
    const evil = '*Boss* _x_ [click](https://evil.example) ${secret} # head';
    const [m] = run(started(), [{ type: 'input', actor: starter, values: { tenantName: 'firma', users: `${evil}; boss@meinefirma.de` } }]);
    const card = renderChecked({ kind: 'step', stepId: 'user-addresses' }, m, 'de');
    const t = text(card);
    assert.ok(t.includes(JSON.stringify(`○ ${escapeMarkdown(evil)}`).slice(1, -1)), t);
    assert.ok(!t.includes('[click](https'));
    renderChecked({ kind: 'inputs' }, m, 'en');
  });

  it('keeps a checklist of 200 users within the budget, in the typed order, a page at a time', () => {
    const users = Array.from({ length: 200 }, (_, i) => `Benutzer ${i}; user${i}@meinefirma.de`).join('\n');
    let [m] = run(started(), [{ type: 'input', actor: starter, values: { tenantName: 'firma', users } }]) as [Migration, never];
    const addresses = (card: AdaptiveCardJson) => executeActions(card).filter((a) => a.verb === VERBS.userToggle).map((a) => (a.data as ActionData).address);
    const before = addresses(renderChecked({ kind: 'step', stepId: 'user-addresses' }, m, 'en'));
    [m] = run(m, [{ type: 'user-toggle', actor: starter, stepId: 'user-addresses', address: 'user3@meinefirma.de', done: true }]) as [Migration, never];
    for (const locale of LOCALES) {
      const card = renderChecked({ kind: 'step', stepId: 'user-addresses' }, m, locale);
      const toggles = executeActions(card).filter((a) => a.verb === VERBS.userToggle);
      assert.equal(toggles.length, MAX_CHECKLIST_ROWS);
      assert.deepEqual(toggles.map((a) => (a.data as ActionData).address), before, 'a tick moves no row');
      assert.equal((toggles[3]!.data as ActionData).done, false, 'the ticked row now offers "Reopen" in the same place');
      assert.match(text(card), locale === 'de' ? /Angezeigt: 1–30 von 200/ : /Showing 1–30 of 200/);
    }
    for (let i = 0; i < MAX_CHECKLIST_ROWS; i++) {
      [m] = run(m, [{ type: 'user-toggle', actor: starter, stepId: 'user-addresses', address: `user${i}@meinefirma.de`, done: true }]) as [Migration, never];
    }
    const next = renderChecked({ kind: 'step', stepId: 'user-addresses' }, m, 'en');
    assert.equal(addresses(next)[0], 'user30@meinefirma.de', 'the next page once the first is done');
    assert.match(text(next), /Showing 31–60 of 200/);
    renderChecked({ kind: 'inputs' }, m, 'de');
  });

  it('the inputs form keeps what was typed after a rejected submit', () => {
    const m = started();
    const [, effects] = transition(m, { type: 'input', actor: starter, revision: m.revision, values: { verificationValue: 'ms=abc', users: 'Max; max@andere.de' } }, T0);
    const model = (effects[0] as { card: CardModel }).card;
    const card = renderChecked(model, m, 'de');
    const t = text(card);
    assert.ok(t.includes('"value":"ms=abc"'));
    assert.ok(t.includes('"value":"Max; max@andere.de"'));
    assert.ok(t.includes('liegt nicht in meinefirma.de'));
  });

  it('the reset card confirms with the current revision and offers cancel', () => {
    const m = atUserAddresses();
    const actions = executeActions(renderChecked({ kind: 'reset-confirm' }, m, 'en'));
    assert.deepEqual(actions.map((a) => a.verb), [VERBS.resetConfirm, VERBS.resetCancel]);
    assert.equal((actions[0].data as ActionData).revision, m.revision);
  });
});

describe('cards: a click goes card → parseCardAction → transition, and a repeated click is harmless', () => {
  function click(m: Migration, card: AdaptiveCardJson, verb: string, actor = starter, pick = 0): ReturnType<typeof transition> {
    const action = executeActions(card).filter((a) => a.verb === verb)[pick];
    assert.ok(action, `no ${verb} button`);
    const parsed = parseCardAction(action.data, { actor, tenantId: TENANT });
    assert.ok(parsed.ok, JSON.stringify(parsed));
    return transition(deepFreeze(m), parsed.event, T0 + 10_000);
  }

  it('confirm from the card applies once; the same click again yields the refreshed card and a note', () => {
    const m = atUserAddresses();
    const [m2] = run(m, [{ type: 'input', actor: starter, values: { users: 'Max Muster; max.muster@meinefirma.de' } }]);
    const [m3] = run(m2, [{ type: 'user-toggle', actor: starter, stepId: 'user-addresses', address: 'max.muster@meinefirma.de', done: true }]);
    const card = renderChecked({ kind: 'step', stepId: 'user-addresses' }, m3, 'de');
    const [after, effects] = click(m3!, card, VERBS.confirm);
    assert.equal(after!.steps['user-addresses'].status, 'done');
    assert.equal(after!.revision, m3!.revision + 1);
    assert.deepEqual(effects.map((e) => e.type), ['update-card']);
    const [again, againEffects] = click(after!, card, VERBS.confirm);
    assert.equal(again, after);
    const refreshed = (againEffects[0] as { type: string; card: CardModel });
    assert.equal(refreshed.type, 'update-card');
    const rendered = renderChecked(refreshed.card, again, 'de');
    assert.match(text(rendered), /Diese Karte war nicht mehr aktuell/);
  });

  it('a stranger clicking confirm is refused and nothing changes', () => {
    const m = atUserAddresses();
    const [after, effects] = click(m, renderChecked({ kind: 'step', stepId: 'internal-relay' }, m, 'en'), VERBS.confirm, stranger);
    assert.equal(after, m);
    assert.deepEqual(effects, [{ type: 'reply', message: { key: 'not-allowed', params: { domain: DOMAIN } } }]);
  });

  it('internal relay has two confirm buttons: saved, or saving asked for a connector', () => {
    const m = atUserAddresses();
    const card = renderChecked({ kind: 'step', stepId: 'internal-relay' }, m, 'en');
    const [withConnector] = click(m, card, VERBS.confirm, starter, 1);
    assert.equal(withConnector!.steps['internal-relay'].connectorRequested, true);
    assert.equal(withConnector!.currentStep, 'user-addresses');
    assert.equal(withConnector!.steps['outbound-connector'].status, 'open');
  });

  it('every verb a card can show parses into an event', () => {
    const seen = new Set<string>();
    const m = atUserAddresses();
    const events: MigrationEvent[] = [];
    const cards: Array<[CardModel, Migration]> = [
      ...STEPS.map((s) => [{ kind: 'step', stepId: s.id }, m] as [CardModel, Migration]),
      [{ kind: 'step', stepId: 'autodiscover' }, withInputs()], [{ kind: 'inputs' }, m], [{ kind: 'status' }, m], [{ kind: 'reset-confirm' }, m], [{ kind: 'done' }, m],
      [{ kind: 'did-you-mean', domain: 'meinefirmna.de', suggestion: DOMAIN }, m],
    ];
    for (const [model, mig] of cards) {
      for (const action of executeActions(renderChecked(model, mig, 'en'))) {
        const parsed = parseCardAction(action.data, { actor: starter, tenantId: TENANT, knownDomains: [DOMAIN] });
        assert.ok(parsed.ok, JSON.stringify(action.data));
        seen.add(String(action.verb));
        events.push(parsed.event);
      }
    }
    assert.deepEqual([...seen].sort(), ALL_VERBS.filter((v) => v !== VERBS.resetRequest && v !== VERBS.reminders).sort());
    for (const event of events) {
      // The bot loads the migration of the event's domain; a start for another domain finds none.
      const [, effects] = transition(event.type === 'start' && event.domain !== m.domain ? undefined : deepFreeze(m), event, T0);
      assert.ok(effects.length > 0, JSON.stringify(event));
      assert.ok(!effects.some((e) => e.type === 'reply' && e.message.key === 'bad-event'), JSON.stringify(event));
    }
  });

  it('rejects malformed action data with a reason instead of throwing', () => {
    for (const data of [null, 'x', {}, { verb: 'migration.nope', domain: DOMAIN, revision: 1 }, { verb: VERBS.confirm, domain: DOMAIN }, { verb: VERBS.confirm, revision: 1 },
      { verb: VERBS.confirm, domain: DOMAIN, revision: 1, stepId: 'bogus' }, { verb: VERBS.userToggle, domain: DOMAIN, revision: 1, stepId: 'mx', address: 'a@b' }]) {
      const parsed = parseCardAction(data, { actor: starter, tenantId: TENANT });
      assert.equal(parsed.ok, false, JSON.stringify(data));
    }
  });
});

describe('cards/escape-markdown', () => {
  const table: Array<[string, string]> = [
    ['Max Muster', 'Max Muster'],
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['[x](y)', '\\[x\\](y)'],
    ['> quote\n(a) <b> | c', '\\> quote\n(a) <b> | c'],
    ['# head', '\\# head'],
    ['- item\n+ item\n1. item', '\\- item\n\\+ item\n1\\. item'],
    ['a - b', 'a - b'],
    ['${x}', '$\u200b{x}'],
    ['back\\slash', 'back\\\\slash'],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(escapeMarkdown(input), expected));
  }
  it('never leaves a template expression in plain text', () => {
    assert.ok(!plainText('v=spf1 ${x} ${y}').includes('${'));
  });
  it('the quick test for text needing no escape agrees with the four replacements on 20,000 random texts', () => {
    const full = (text: string): string => plainText(text.replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
      .replace(/^(\s*)([#+\->])/gm, '$1\\$2').replace(/^(\s*\d+)([.)])/gm, '$1\\$2'));
    const alphabet = ['a', 'Z', ' ', '\t', '\n', '\r', '\u2028', '1', '42', '.', ')', '#', '+', '-', '>', '*', '_', '[', ']', '~', '`', '\\', '$', '{', '}', 'ü', '✓'];
    const random = mulberry32(8);
    let escaped = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let n = Math.floor(random() * 12); n > 0; n--) text += alphabet[Math.floor(random() * alphabet.length)];
      const expected = full(text);
      assert.equal(escapeMarkdown(text), expected, JSON.stringify(text));
      if (expected !== text) escaped += 1;
    }
    assert.ok(escaped > 1000 && escaped < 19_000, `${escaped} texts needed escaping`);
  });
});

describe('cards/validate-card: the checker itself fails on bad cards', () => {
  const card = (body: object[], extra: object = {}): AdaptiveCardJson => ({ type: 'AdaptiveCard', version: '1.5', body, ...extra });
  it('reports unknown elements, invalid values, duplicate ids, empty choice sets, wrong version and size', () => {
    assert.equal(cardProblems(card([{ type: 'TextBlock', text: 'ok' }])).length, 0);
    assert.match(cardProblems(card([{ type: 'Bogus' }]))[0], /Unknown element type/);
    assert.match(cardProblems(card([{ type: 'TextBlock', text: 'x', color: 'Purple' }]))[0], /Invalid value/);
    assert.match(cardProblems(card([{ type: 'Input.Text', id: 'a' }, { type: 'Input.Text', id: 'a' }]))[0], /Duplicate Id/);
    assert.match(cardProblems(card([{ type: 'Input.ChoiceSet', id: 'c', choices: [] }]))[0], /at least one choice/);
    assert.ok(cardProblems({ ...card([]), version: '1.2' }).some((p) => /version/.test(p)));
    assert.ok(cardProblems(card([{ type: 'TextBlock', text: 'x'.repeat(CARD_BUDGET_BYTES) }])).some((p) => /size/.test(p)));
  });
});

describe('cards/procedure-cards: times on a step card', () => {
  it('shows the last check and the next one to the minute in UTC, per card (remembered formats never stick)', () => {
    for (const [at, shown] of [[T0 + 59_999, '2026-01-05 09:00 UTC'], [T0 + 60_000, '2026-01-05 09:01 UTC'], [T0 - 1, '2026-01-05 08:59 UTC']] as const) {
      const [m] = run(started(), [{ type: 'probe-result', source: 'check', results: [probe('mx', 'missing', { ttlSeconds: 300 })] }], at);
      const step = m!.steps.mx;
      assert.equal(step.status, 'waiting-for-dns');
      const next = new Date(step.recheckAt!).toISOString().slice(0, 16).replace('T', ' ');
      const en = text(renderChecked({ kind: 'step', stepId: 'mx' }, m, 'en'));
      assert.ok(en.includes(`"${shown}"`), en);
      assert.ok(en.includes(` · next check ${next} UTC`), en);
      const de = text(renderChecked({ kind: 'step', stepId: 'mx' }, m, 'de'));
      assert.ok(de.includes(`"${shown}"`) && de.includes(` · nächste Prüfung ${next} UTC`), de);
    }
  });
});
