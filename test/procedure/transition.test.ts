import { msg } from '../../src/i18n/message';
import assert from 'node:assert/strict';
import { renderMessage } from '../../src/procedure/messages';
import { transition } from '../../src/procedure/transition';
import { SCHEMA_VERSION, STEP_IDS, type Migration, type MigrationEvent, type StepId } from '../../src/procedure/types';
import {
  DOMAIN, T0, TENANT, USERS_TEXT, atUserAddresses, configuredAdmin, deepFreeze, ofType, probe, run, started, starter, stranger, withInputs,
} from './fixtures';

const keys = (effects: ReturnType<typeof transition>[1]): string[] =>
  effects.map((e) => (e.type === 'reply' || e.type === 'notify' ? `${e.type}:${e.message.key}` : e.type === 'send-card' || e.type === 'update-card'
    ? `${e.type}:${e.card.kind}${e.card.kind === 'step' ? `:${e.card.stepId}${e.card.note ? `:${e.card.note.key}` : ''}` : ''}` : e.type));

/** Ticks every user of a checklist step and confirms it. */
function finishChecklist(m: Migration, stepId: 'user-addresses' | 'forwarding'): Migration {
  let current = m;
  for (const u of m.inputs.users) [current] = run(current, [{ type: 'user-toggle', actor: starter, revision: current.revision, stepId, address: u.address, done: true }]) as [Migration, never];
  const [after] = run(current, [{ type: 'confirm', actor: starter, revision: current.revision, stepId }]);
  return after!;
}

describe('procedure/transition: start', () => {
  it('creates a migration with schemaVersion, ASCII domain, starter as admin, and asks for inputs and probes', () => {
    const [m, effects] = transition(undefined, { type: 'start', tenantId: TENANT, domain: ' MeineFirma.DE. ', actor: starter }, T0);
    assert.ok(m);
    assert.equal(m.schemaVersion, SCHEMA_VERSION);
    assert.equal(m.domain, DOMAIN);
    assert.equal(m.tenantId, TENANT);
    assert.equal(m.startedBy, starter.id);
    assert.deepEqual(m.admins, [starter.id]);
    assert.equal(m.revision, 1);
    assert.equal(m.createdAt, T0);
    assert.equal(m.currentStep, 'verify-domain');
    assert.equal(m.reminders, true);
    assert.deepEqual(Object.keys(m.steps), [...STEP_IDS]);
    assert.ok(Object.values(m.steps).every((s) => s.status === 'open'));
    assert.deepEqual(keys(effects), ['reply:migration-started', 'send-card:inputs', 'run-probes']);
    assert.deepEqual(ofType(effects, 'run-probes')[0], { type: 'run-probes', stepIds: ['verify-domain', 'mx', 'autodiscover', 'spf'], source: 'start' });
  });

  it('stores an internationalized domain in its A-label form', () => {
    const [m] = transition(undefined, { type: 'start', tenantId: TENANT, domain: 'müller-bau.de', actor: starter }, T0);
    assert.equal(m?.domain, 'xn--mller-bau-q9a.de');
  });

  for (const bad of ['', 'meinefirma', 'max@meinefirma.de', 'meine firma.de', '-x.de', 'a..de']) {
    it(`rejects the domain ${JSON.stringify(bad)} with a clear message and creates nothing`, () => {
      const [m, effects] = transition(undefined, { type: 'start', tenantId: TENANT, domain: bad, actor: starter }, T0);
      assert.equal(m, undefined);
      assert.deepEqual(keys(effects), ['reply:invalid-domain']);
    });
  }

  it('asks "did you mean …?" for a near miss of a domain the tenant already migrates (the guide\'s meinefirmna.de typo)', () => {
    const [m, effects] = transition(undefined, { type: 'start', tenantId: TENANT, domain: 'meinefirmna.de', actor: starter, knownDomains: [DOMAIN, 'other.com'] }, T0);
    assert.equal(m, undefined);
    assert.deepEqual(keys(effects), ['reply:did-you-mean', 'send-card:did-you-mean']);
    const card = ofType(effects, 'send-card')[0].card;
    assert.deepEqual(card, { kind: 'did-you-mean', domain: 'meinefirmna.de', suggestion: DOMAIN });
    assert.match(renderMessage(ofType(effects, 'reply')[0].message, 'en'), /Did you mean meinefirma\.de\?/);
  });

  it('creates the near-miss domain anyway when the admin insists (force)', () => {
    const [m] = transition(undefined, { type: 'start', tenantId: TENANT, domain: 'meinefirmna.de', actor: starter, knownDomains: [DOMAIN], force: true }, T0);
    assert.equal(m?.domain, 'meinefirmna.de');
  });

  it('does not ask for a domain far from every known one', () => {
    const [m] = transition(undefined, { type: 'start', tenantId: TENANT, domain: 'andere-firma.de', actor: starter, knownDomains: [DOMAIN] }, T0);
    assert.equal(m?.domain, 'andere-firma.de');
  });

  it('resumes an existing migration without changing it', () => {
    const m = atUserAddresses();
    const [same, effects] = transition(deepFreeze(m), { type: 'start', tenantId: TENANT, domain: DOMAIN, actor: stranger }, T0 + 5000);
    assert.equal(same, m);
    assert.deepEqual(keys(effects), ['reply:migration-resumed', 'send-card:step:user-addresses', 'run-probes']);
    assert.deepEqual(ofType(effects, 'run-probes')[0].stepIds, ['spf']);
    assert.match(renderMessage(ofType(effects, 'reply')[0].message, 'de'), /Schritt 4 von 9/);
  });
});

describe('procedure/transition: probe results', () => {
  it('advances a DNS step by itself when its probe says ok, and says what is next', () => {
    const m = withInputs();
    const [next, effects] = run(m, [{ type: 'probe-result', source: 'timer', results: [probe('verify-domain', 'ok')] }]);
    assert.equal(next!.steps['verify-domain'].status, 'done');
    assert.deepEqual(next!.steps['verify-domain'].confirmed, { by: 'probe', at: T0 });
    assert.equal(next!.currentStep, 'mx');
    assert.equal(next!.revision, m.revision + 1);
    assert.deepEqual(keys(effects), ['notify:step-verified', 'update-card:step:mx', 'run-probes']);
    assert.equal(renderMessage(ofType(effects, 'notify')[0].message, 'en'), 'The verification TXT record for meinefirma.de is now visible ✓ — next: MX and name servers stay at the provider');
    assert.deepEqual(ofType(effects, 'run-probes')[0], { type: 'run-probes', stepIds: ['mx'], source: 'advance' });
  });

  it('notifies "SPF is now visible ✓ — next: …" when the SPF probe turns ok', () => {
    let m = finishChecklist(finishChecklist(atUserAddresses(), 'user-addresses'), 'forwarding');
    [m] = run(m, [{ type: 'confirm', actor: starter, revision: m.revision, stepId: 'internal-relay', connectorRequested: false }]) as [Migration, never];
    assert.equal(m.currentStep, 'spf');
    const [, effects] = run(m, [{ type: 'probe-result', source: 'timer', results: [probe('spf', 'ok')] }]);
    const notify = ofType(effects, 'notify')[0];
    assert.equal(renderMessage(notify.message, 'en'), 'SPF is now visible ✓ — next: Set up two-factor sign-in');
    assert.equal(renderMessage(notify.message, 'de'), 'SPF ist jetzt sichtbar ✓ — weiter mit: Zwei-Faktor-Anmeldung einrichten');
  });

  const verdicts = [
    { status: 'missing' as const, key: 'probe-missing', ttl: undefined, delays: [60_000, 120_000, 240_000] },
    { status: 'wrong' as const, key: 'probe-wrong', ttl: 30, delays: [60_000, 120_000, 240_000] },
    { status: 'error' as const, key: 'probe-error-retry', ttl: undefined, delays: [60_000, 120_000, 240_000] },
    { status: 'missing' as const, key: 'probe-missing', ttl: 3600, delays: [3_600_000, 3_600_000, 3_600_000] },
  ];
  for (const v of verdicts) {
    it(`a "${v.status}" verdict (TTL ${v.ttl ?? 'unknown'}) waits for DNS and re-checks with back-off, never before the TTL`, () => {
      let m = withInputs();
      for (const [i, delay] of v.delays.entries()) {
        const now = T0 + i * 10_000_000;
        let effects;
        [m, effects] = transition(deepFreeze(m), { type: 'probe-result', source: 'check', results: [probe('verify-domain', v.status, v.ttl ? { ttlSeconds: v.ttl } : {})] }, now) as [Migration, never];
        assert.equal(m.steps['verify-domain'].status, 'waiting-for-dns');
        assert.equal(m.currentStep, 'verify-domain');
        const schedule = ofType(effects, 'schedule-recheck')[0];
        assert.deepEqual(schedule, { type: 'schedule-recheck', stepId: 'verify-domain', at: now + delay });
        const card = ofType(effects, 'update-card')[0].card;
        assert.equal(card.kind === 'step' && card.note?.key, v.key);
      }
    });
  }

  it('an error verdict is "could not check, will retry" in both languages, never "missing"', () => {
    const [, effects] = run(withInputs(), [{ type: 'probe-result', source: 'check', results: [probe('verify-domain', 'error')] }]);
    const card = ofType(effects, 'update-card')[0].card;
    assert.ok(card.kind === 'step' && card.note);
    const en = renderMessage(card.note, 'en');
    const de = renderMessage(card.note, 'de');
    assert.match(en, /Could not check/);
    assert.match(en, /does not mean anything is missing/);
    assert.match(de, /konnte gerade nicht geprüft werden/);
    assert.doesNotMatch(en, /not found/i);
  });

  it('caps the back-off at one hour', () => {
    let m = withInputs();
    let last = 0;
    for (let i = 0; i < 12; i++) {
      let effects;
      [m, effects] = transition(m, { type: 'probe-result', source: 'timer', results: [probe('verify-domain', 'missing')] }, T0) as [Migration, never];
      last = ofType(effects, 'schedule-recheck')[0].at - T0;
    }
    assert.equal(last, 3_600_000);
  });

  it('marks a later DNS step done when its probe is ok, without notifying during start and without moving the current step', () => {
    const [m, effects] = run(withInputs(), [{ type: 'probe-result', source: 'start', results: [probe('spf', 'ok'), probe('mx', 'ok')] }]);
    assert.equal(m!.steps.spf.status, 'done');
    assert.equal(m!.steps.mx.status, 'done');
    assert.equal(m!.currentStep, 'verify-domain');
    assert.deepEqual(ofType(effects, 'notify'), []);
  });

  it('on resume, a start probe that moves the current step updates the live card; on a fresh start it keeps the inputs form', () => {
    const [resumed, effects] = run(withInputs(), [{ type: 'probe-result', source: 'start', results: [probe('verify-domain', 'ok')] }]);
    assert.equal(resumed!.currentStep, 'mx');
    assert.deepEqual(keys(effects), ['update-card:step:mx', 'run-probes']);
    const [fresh, freshEffects] = run(started(), [{ type: 'probe-result', source: 'start', results: [probe('verify-domain', 'ok'), probe('mx', 'missing')] }]);
    assert.equal(fresh!.currentStep, 'mx');
    assert.deepEqual(keys(freshEffects), ['schedule-recheck']);
  });

  it('does not poll a DNS step the admin has not reached yet', () => {
    const [m, effects] = run(withInputs(), [{ type: 'probe-result', source: 'start', results: [probe('spf', 'missing')] }]);
    assert.equal(m!.steps.spf.status, 'open');
    assert.equal(m!.steps.spf.lastProbe?.status, 'missing');
    assert.deepEqual(ofType(effects, 'schedule-recheck'), []);
  });

  it('cancels a pending re-check when the step is confirmed', () => {
    const [m1] = run(withInputs(), [{ type: 'probe-result', source: 'timer', results: [probe('verify-domain', 'missing')] }]);
    const [, effects] = run(m1, [{ type: 'probe-result', source: 'timer', results: [probe('verify-domain', 'ok')] }]);
    assert.deepEqual(ofType(effects, 'cancel-jobs'), [{ type: 'cancel-jobs', stepIds: ['verify-domain'] }]);
  });

  it('keeps the probe\'s found, expected, advice and time for the card', () => {
    const [m] = run(withInputs(), [{ type: 'probe-result', source: 'timer', results: [probe('spf', 'wrong', { ttlSeconds: 300, advice: msg('probe.spf.loop', { domain: 'x.test' }) })] }]);
    assert.deepEqual(m!.steps.spf.lastProbe, {
      status: 'wrong', found: ['other-value'], expected: 'one SPF record with include:spf.protection.outlook.com, at most 10 DNS lookups',
      advice: { code: 'probe.spf.loop', params: { domain: 'x.test' } }, ttlSeconds: 300, at: T0,
    });
  });

  it('stores the injected SPF suggestion on the spf step, and ignores one that is not an SPF record', () => {
    const record = 'v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ~all';
    const [m] = run(withInputs(), [{ type: 'probe-result', source: 'timer', results: [probe('spf', 'wrong')], spfSuggestion: record }]);
    assert.equal(m!.steps.spf.suggestion, record);
    const [same] = run(m, [{ type: 'probe-result', source: 'timer', results: [], spfSuggestion: 'include:x' }]);
    assert.equal(same, m);
    const [kept] = run(m, [{ type: 'probe-result', source: 'timer', results: [probe('spf', 'wrong')] }]);
    assert.equal(kept!.steps.spf.suggestion, record);
  });

  it('ignores results for unknown probes and for a reset migration', () => {
    const m = withInputs();
    const [same, effects] = transition(m, { type: 'probe-result', source: 'timer', results: [{ id: 'dkim', status: 'ok', found: null, expected: null, advice: msg('probe.mx.ok') }] }, T0);
    assert.equal(same, m);
    assert.deepEqual(effects, []);
    assert.deepEqual(transition(undefined, { type: 'probe-result', source: 'timer', results: [probe('mx', 'ok')] }, T0), [undefined, []]);
  });

  it('"Check now" on a step runs its probe; /check runs all and answers with the status card', () => {
    const m = withInputs();
    assert.deepEqual(transition(m, { type: 'check', actor: stranger, stepId: 'mx', revision: m.revision }, T0)[1], [{ type: 'run-probes', stepIds: ['mx'], source: 'check' }]);
    assert.deepEqual(transition(m, { type: 'check', actor: stranger }, T0)[1], [{ type: 'run-probes', stepIds: ['verify-domain', 'mx', 'autodiscover', 'spf'], source: 'check-all' }]);
    const [, effects] = run(m, [{ type: 'probe-result', source: 'check-all', results: [probe('mx', 'missing'), probe('spf', 'error')] }]);
    assert.ok(keys(effects).includes('send-card:status'));
  });
});

describe('procedure/transition: confirm, undo, skip', () => {
  const table: Array<{ name: string; setup: () => Migration; event: (m: Migration) => MigrationEvent; expect: (m: Migration, after: Migration | undefined, k: string[]) => void }> = [
    {
      name: 'a stranger cannot confirm (refusal, nothing changes)',
      setup: atUserAddresses,
      event: (m) => ({ type: 'confirm', actor: stranger, revision: m.revision, stepId: 'internal-relay' }),
      expect: (m, after, k) => { assert.equal(after, m); assert.deepEqual(k, ['reply:not-allowed']); },
    },
    {
      name: 'an admin from COEXIST_ADMINS may confirm',
      setup: atUserAddresses,
      event: (m) => ({ type: 'confirm', actor: configuredAdmin, revision: m.revision, stepId: 'internal-relay' }),
      expect: (_m, after) => { assert.equal(after!.steps['internal-relay'].status, 'done'); assert.equal(after!.steps['internal-relay'].confirmed!.by, configuredAdmin.id); },
    },
    {
      name: 'a DNS step without manual confirmation needs its probe',
      setup: withInputs,
      event: (m) => ({ type: 'confirm', actor: starter, revision: m.revision, stepId: 'mx' }),
      expect: (m, after, k) => { assert.equal(after, m); assert.deepEqual(k, ['update-card:step:mx:step-needs-probe']); },
    },
    {
      name: 'step 1 may be confirmed by hand (Microsoft allows removing the TXT after verification)',
      setup: withInputs,
      event: (m) => ({ type: 'confirm', actor: starter, revision: m.revision, stepId: 'verify-domain' }),
      expect: (_m, after, k) => {
        assert.equal(after!.steps['verify-domain'].status, 'done');
        assert.deepEqual(k, ['cancel-jobs', 'update-card:step:mx:step-confirmed', 'run-probes']);
      },
    },
    {
      name: 'a checklist step is not done while users are open',
      setup: atUserAddresses,
      event: (m) => ({ type: 'confirm', actor: starter, revision: m.revision, stepId: 'user-addresses' }),
      expect: (m, after, k) => { assert.equal(after, m); assert.deepEqual(k, ['update-card:step:user-addresses:checklist-incomplete']); },
    },
    {
      name: 'a checklist step without users asks for the inputs',
      setup: started,
      event: (m) => ({ type: 'confirm', actor: starter, revision: m.revision, stepId: 'forwarding' }),
      expect: (m, after, k) => { assert.equal(after, m); assert.deepEqual(k, ['update-card:inputs']); },
    },
    {
      name: 'a typed confirm of a done step says it is done (no error, no double confirmation)',
      setup: () => run(atUserAddresses(), [{ type: 'confirm', actor: starter, stepId: 'internal-relay' }])[0]!,
      event: () => ({ type: 'confirm', actor: starter, stepId: 'internal-relay' }),
      expect: (m, after, k) => { assert.equal(after, m); assert.deepEqual(k, ['send-card:step:internal-relay:step-already-done']); },
    },
    {
      name: 'internal relay saved without a connector request skips step 7 and moves to SPF',
      setup: () => finishChecklist(finishChecklist(atUserAddresses(), 'user-addresses'), 'forwarding'),
      event: (m) => ({ type: 'confirm', actor: starter, revision: m.revision, stepId: 'internal-relay', connectorRequested: false }),
      expect: (_m, after, k) => {
        assert.equal(after!.steps['outbound-connector'].status, 'skipped');
        assert.equal(after!.steps['outbound-connector'].confirmed!.by, 'system');
        assert.equal(after!.currentStep, 'spf');
        assert.deepEqual(k, ['update-card:step:spf:step-confirmed', 'run-probes']);
      },
    },
    {
      name: 'internal relay that asked for a connector makes step 7 current',
      setup: () => finishChecklist(finishChecklist(atUserAddresses(), 'user-addresses'), 'forwarding'),
      event: (m) => ({ type: 'confirm', actor: starter, revision: m.revision, stepId: 'internal-relay', connectorRequested: true }),
      expect: (_m, after) => {
        assert.equal(after!.steps['outbound-connector'].status, 'open');
        assert.equal(after!.steps['internal-relay'].connectorRequested, true);
        assert.equal(after!.currentStep, 'outbound-connector');
      },
    },
    {
      name: 'the optional step 7 may be skipped',
      setup: atUserAddresses,
      event: (m) => ({ type: 'skip', actor: starter, revision: m.revision, stepId: 'outbound-connector' }),
      expect: (_m, after) => { assert.equal(after!.steps['outbound-connector'].status, 'skipped'); assert.equal(after!.steps['outbound-connector'].confirmed!.by, starter.id); },
    },
    {
      name: 'a required step cannot be skipped',
      setup: atUserAddresses,
      event: (m) => ({ type: 'skip', actor: starter, revision: m.revision, stepId: 'spf' }),
      expect: (m, after, k) => { assert.equal(after, m); assert.deepEqual(k, ['update-card:step:spf:step-not-optional']); },
    },
    {
      name: 'undo reopens a done step and makes it current again',
      setup: atUserAddresses,
      event: (m) => ({ type: 'undo', actor: starter, revision: m.revision, stepId: 'mx' }),
      expect: (_m, after, k) => {
        assert.equal(after!.steps.mx.status, 'open');
        assert.equal(after!.steps.mx.confirmed, undefined);
        assert.equal(after!.currentStep, 'mx');
        assert.deepEqual(k, ['update-card:step:mx:step-undone']);
      },
    },
    {
      name: 'undo of an open step changes nothing',
      setup: atUserAddresses,
      event: (m) => ({ type: 'undo', actor: starter, revision: m.revision, stepId: 'spf' }),
      expect: (m, after, k) => { assert.equal(after, m); assert.deepEqual(k, ['update-card:step:spf:step-not-done']); },
    },
    {
      name: 'undo of internal relay brings back a step 7 the system had skipped',
      setup: () => run(atUserAddresses(), [{ type: 'confirm', actor: starter, stepId: 'internal-relay', connectorRequested: false }])[0]!,
      event: (m) => ({ type: 'undo', actor: starter, revision: m.revision, stepId: 'internal-relay' }),
      expect: (_m, after) => { assert.equal(after!.steps['outbound-connector'].status, 'open'); assert.equal(after!.steps['internal-relay'].connectorRequested, undefined); },
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const m = row.setup();
      const [after, effects] = transition(deepFreeze(m), row.event(m), T0 + 60_000);
      row.expect(m, after, keys(effects));
    });
  }
});

describe('procedure/transition: stale cards', () => {
  it('a second click on the same card does not confirm twice: it refreshes the card with a note', () => {
    const m = finishChecklist(finishChecklist(atUserAddresses(), 'user-addresses'), 'forwarding');
    const click: MigrationEvent = { type: 'confirm', actor: starter, revision: m.revision, stepId: 'internal-relay', connectorRequested: true };
    const [once] = transition(deepFreeze(m), click, T0);
    const [twice, effects] = transition(deepFreeze(once), click, T0 + 1000);
    assert.equal(twice, once);
    assert.deepEqual(keys(effects), ['update-card:step:internal-relay:card-outdated']);
    assert.equal(renderMessage({ key: 'card-outdated' }, 'en'), 'That card was out of date; here is the current state. Nothing was applied twice.');
  });

  it('an old card is stale only for the part that changed: step 4 still confirms after a probe changed SPF', () => {
    let m = atUserAddresses();
    const cardRevision = m.revision;
    [m] = run(m, [{ type: 'probe-result', source: 'timer', results: [probe('spf', 'missing')] }]) as [Migration, never];
    assert.ok(m.revision > cardRevision);
    const [after] = run(m, [{ type: 'confirm', actor: starter, revision: cardRevision, stepId: 'internal-relay' }]);
    assert.equal(after!.steps['internal-relay'].status, 'done');
  });

  const staleEvents: Array<[string, (m: Migration, rev: number) => MigrationEvent]> = [
    ['undo', (_m, rev) => ({ type: 'undo', actor: starter, revision: rev, stepId: 'mx' })],
    ['user-toggle', (m, rev) => ({ type: 'user-toggle', actor: starter, revision: rev, stepId: 'user-addresses', address: m.inputs.users[0].address, done: true })],
    ['autodiscover-fallback', (_m, rev) => ({ type: 'autodiscover-fallback', actor: starter, revision: rev, enabled: true })],
    ['input', (_m, rev) => ({ type: 'input', actor: starter, revision: rev, values: { provider: 'ionos' } })],
  ];
  for (const [name, make] of staleEvents) {
    it(`a ${name} click from a card older than the part's last change is refused with a refreshed card`, () => {
      let m = atUserAddresses();
      // Change every part once more, so a card from revision 1 is older than all of them.
      [m] = run(m, [
        { type: 'undo', actor: starter, revision: m.revision, stepId: 'mx' },
        { type: 'autodiscover-fallback', actor: starter, enabled: true },
        { type: 'user-toggle', actor: starter, stepId: 'user-addresses', address: m.inputs.users[0].address, done: true },
        { type: 'input', actor: starter, values: { provider: 'strato' } },
      ]) as [Migration, never];
      const [after, effects] = transition(deepFreeze(m), make(m, 1), T0);
      assert.equal(after, m);
      const card = ofType(effects, 'update-card')[0].card;
      assert.ok('note' in card && card.note?.key === 'card-outdated', JSON.stringify(effects));
    });
  }
});

describe('procedure/transition: checklists, fallback, inputs', () => {
  it('ticks users one by one; unticking on a done step reopens it', () => {
    let m = finishChecklist(atUserAddresses(), 'user-addresses');
    assert.equal(m.steps['user-addresses'].status, 'done');
    assert.equal(m.currentStep, 'forwarding');
    const address = m.inputs.users[1].address;
    [m] = run(m, [{ type: 'user-toggle', actor: starter, revision: m.revision, stepId: 'user-addresses', address, done: false }]) as [Migration, never];
    assert.equal(m.steps['user-addresses'].status, 'open');
    assert.equal(m.steps['user-addresses'].checklist![address].done, false);
    assert.equal(m.currentStep, 'user-addresses');
  });

  it('refuses a tick for an address not in the list', () => {
    const m = atUserAddresses();
    const [after, effects] = transition(m, { type: 'user-toggle', actor: starter, revision: m.revision, stepId: 'forwarding', address: 'nobody@meinefirma.de', done: true }, T0);
    assert.equal(after, m);
    assert.deepEqual(keys(effects), ['update-card:step:forwarding:unknown-user']);
  });

  it('switches the autodiscover step to the guide\'s fallback and back', () => {
    let m = withInputs();
    [m] = run(m, [{ type: 'autodiscover-fallback', actor: starter, revision: m.revision, enabled: true }]) as [Migration, never];
    assert.equal(m.steps.autodiscover.fallback, true);
    [m] = run(m, [{ type: 'autodiscover-fallback', actor: starter, revision: m.revision, enabled: false }]) as [Migration, never];
    assert.equal(m.steps.autodiscover.fallback, false);
  });

  it('saves valid inputs, normalizes them, and probes the verification value', () => {
    const m = started();
    const [after, effects] = transition(m, {
      type: 'input', actor: starter, revision: m.revision,
      values: { verificationValue: ' "ms87654321" ', tenantName: 'Firma.onmicrosoft.com', provider: 'IONOS', users: USERS_TEXT },
    }, T0);
    assert.deepEqual(after!.inputs, {
      verificationValue: 'MS=ms87654321', tenantName: 'firma.onmicrosoft.com', provider: 'ionos',
      users: [
        { name: 'Max Muster', address: 'max.muster@meinefirma.de', alias: 'max.muster@firma.onmicrosoft.com' },
        { name: 'Erika Beispiel', address: 'erika@meinefirma.de', alias: 'erika@firma.onmicrosoft.com' },
      ],
    });
    assert.equal(after!.inputsChangedAt, after!.revision);
    assert.deepEqual(keys(effects), ['update-card:step:verify-domain:inputs-saved', 'run-probes']);
  });

  it('rejects bad inputs field by field, keeps what was typed, and changes nothing', () => {
    const m = started();
    const values = { verificationValue: 'ms=abc', tenantName: 'firma', provider: 'strato', users: 'Max; max@andere.de' };
    const [after, effects] = transition(deepFreeze(m), { type: 'input', actor: starter, revision: m.revision, values }, T0);
    assert.equal(after, m);
    const card = ofType(effects, 'update-card')[0].card;
    assert.ok(card.kind === 'inputs');
    assert.deepEqual(card.draft, values);
    assert.deepEqual(Object.keys(card.errors ?? {}).sort(), ['users', 'verificationValue']);
    assert.match(renderMessage(card.errors!.users!, 'de'), /Zeile 1: „max@andere\.de“ liegt nicht in meinefirma\.de/);
    assert.match(renderMessage(card.errors!.verificationValue!, 'en'), /MS=ms12345678/);
  });

  it('drops ticks of users removed from the list and reopens a done checklist when users are added', () => {
    let m = finishChecklist(atUserAddresses(), 'user-addresses');
    [m] = run(m, [{ type: 'input', actor: starter, revision: m.revision, values: { users: 'Erika Beispiel; erika@meinefirma.de\nNeu Person; neu@meinefirma.de' } }]) as [Migration, never];
    assert.deepEqual(Object.keys(m.steps['user-addresses'].checklist!), ['erika@meinefirma.de']);
    assert.equal(m.steps['user-addresses'].status, 'open');
    assert.equal(m.currentStep, 'user-addresses');
  });
});

describe('procedure/transition: reset, timers, reminders', () => {
  it('reset needs a confirmation card, then discards the migration and cancels its jobs', () => {
    const m = atUserAddresses();
    const [same, asked] = transition(m, { type: 'reset-request', actor: starter }, T0);
    assert.equal(same, m);
    assert.deepEqual(keys(asked), ['send-card:reset-confirm', 'reply:reset-confirm-needed']);
    const [gone, effects] = transition(deepFreeze(m), { type: 'reset-confirm', actor: starter, revision: m.revision }, T0);
    assert.equal(gone, undefined);
    assert.deepEqual(effects[0], { type: 'cancel-jobs' });
    const answer = effects[1];
    assert.ok(answer.type === 'update-card' && answer.card.kind === 'message');
    assert.equal(renderMessage(answer.card.message, 'en'), 'The migration of meinefirma.de was discarded. /migrate meinefirma.de starts it afresh.');
  });

  it('a reset confirmation from an outdated card discards nothing', () => {
    const m = atUserAddresses();
    const [same, effects] = transition(m, { type: 'reset-confirm', actor: starter, revision: m.revision - 1 }, T0);
    assert.equal(same, m);
    assert.deepEqual(keys(effects), ['update-card:reset-confirm', 'reply:card-outdated']);
  });

  it('a stranger cannot reset, cancel or toggle reminders', () => {
    const m = atUserAddresses();
    for (const event of [
      { type: 'reset-request', actor: stranger },
      { type: 'reset-confirm', actor: stranger, revision: m.revision },
      { type: 'reminders', actor: stranger, enabled: false },
      { type: 'input', actor: stranger, values: { provider: 'ionos' } },
    ] as MigrationEvent[]) {
      const [same, effects] = transition(m, event, T0);
      assert.equal(same, m, event.type);
      assert.deepEqual(keys(effects), ['reply:not-allowed'], event.type);
    }
  });

  it('anyone may read: status, a step card, a check', () => {
    const m = atUserAddresses();
    assert.deepEqual(keys(transition(m, { type: 'show', actor: stranger, card: 'status' }, T0)[1]), ['send-card:status']);
    assert.deepEqual(keys(transition(m, { type: 'show', actor: stranger, card: 'step', revision: 1 }, T0)[1]), ['update-card:step:user-addresses']);
    assert.deepEqual(keys(transition(m, { type: 'check', actor: stranger }, T0)[1]), ['run-probes']);
  });

  it('a re-check timer runs the probe while the step waits, and nothing once it is done', () => {
    const [m] = run(withInputs(), [{ type: 'probe-result', source: 'timer', results: [probe('verify-domain', 'missing')] }]);
    const [after, effects] = transition(m, { type: 'timer', job: 'recheck', stepId: 'verify-domain' }, T0 + 60_000);
    assert.deepEqual(effects, [{ type: 'run-probes', stepIds: ['verify-domain'], source: 'timer' }]);
    assert.equal(after!.steps['verify-domain'].recheckAt, undefined);
    assert.deepEqual(transition(atUserAddresses(), { type: 'timer', job: 'recheck', stepId: 'mx' }, T0)[1], []);
  });

  it('a reminder names the open current step, and is silent when reminders are off', () => {
    const m = atUserAddresses();
    const [, effects] = transition(m, { type: 'timer', job: 'reminder', stepId: 'user-addresses' }, T0);
    assert.equal(renderMessage(ofType(effects, 'notify')[0].message, 'de'), 'Erinnerung: Schritt 4 „Adressen der Benutzer in Microsoft 365“ für meinefirma.de ist noch offen.');
    const [off, offEffects] = transition(m, { type: 'reminders', actor: starter, enabled: false }, T0);
    assert.equal(off!.reminders, false);
    assert.deepEqual(keys(offEffects), ['reply:reminders-off']);
    assert.deepEqual(transition(off, { type: 'timer', job: 'reminder', stepId: 'user-addresses' }, T0)[1], []);
  });
});

describe('procedure/transition: the whole procedure and totality', () => {
  it('runs all nine steps to the final card', () => {
    let m = finishChecklist(finishChecklist(atUserAddresses(), 'user-addresses'), 'forwarding');
    [m] = run(m, [
      { type: 'confirm', actor: starter, revision: m.revision, stepId: 'internal-relay', connectorRequested: true },
      { type: 'confirm', actor: starter, stepId: 'outbound-connector' },
      { type: 'probe-result', source: 'advance', results: [probe('spf', 'ok')] },
    ]) as [Migration, never];
    assert.equal(m.currentStep, 'mfa');
    const [done, effects] = transition(deepFreeze(m), { type: 'confirm', actor: starter, revision: m.revision, stepId: 'mfa' }, T0 + 99);
    assert.equal(done!.currentStep, null);
    assert.equal(done!.completedAt, T0 + 99);
    assert.deepEqual(keys(effects), ['update-card:done', 'notify:migration-complete']);
    assert.ok(STEP_IDS.every((id: StepId) => done!.steps[id].status === 'done'));
  });

  const garbage: unknown[] = [
    null, 42, 'confirm', {}, { type: 'nonsense' },
    { type: 'confirm', stepId: 'mx' },
    { type: 'confirm', actor: starter, stepId: 'no-such-step' },
    { type: 'timer', job: 'recheck', stepId: 'nope' },
    { type: 'user-toggle', actor: starter, stepId: 'mx', address: 'a@b.de', done: true },
    { type: 'probe-result', source: 'timer', results: 'nope' },
    { type: 'probe-result', source: 'timer', results: [null, 7] },
    { type: 'input', actor: starter, values: null },
    { type: 'start', tenantId: TENANT, domain: 42, actor: starter },
    { type: 'start', tenantId: TENANT, domain: DOMAIN },
  ];
  for (const event of garbage) {
    it(`never throws and never mutates on ${JSON.stringify(event)}`, () => {
      const m = deepFreeze(atUserAddresses());
      const [after, effects] = transition(m, event as MigrationEvent, T0);
      assert.ok(Array.isArray(effects));
      for (const e of effects) assert.ok(['reply', 'update-card', 'send-card'].includes(e.type), JSON.stringify(e));
      assert.equal(after, m);
    });
  }

  it('answers any change event without a migration with "no migration"', () => {
    const [m, effects] = transition(undefined, { type: 'confirm', actor: starter, stepId: 'mx', domain: DOMAIN }, T0);
    assert.equal(m, undefined);
    assert.equal(renderMessage(ofType(effects, 'reply')[0].message, 'en'), 'There is no migration for meinefirma.de. Start one with /migrate meinefirma.de.');
  });

  it('accepts a Date for now', () => {
    const [m] = transition(undefined, { type: 'start', tenantId: TENANT, domain: DOMAIN, actor: starter }, new Date(T0));
    assert.equal(m!.createdAt, T0);
  });
});

describe('procedure/transition: the copy a change makes', () => {
  // touch() copies only the record's and the steps' own fields and shares deeper values with the input: these
  // events must then never change a shared value in place (the input is frozen deeply, so that would throw).
  const base = (): Migration => {
    const [m] = run(atUserAddresses(), [
      { type: 'user-toggle', actor: starter, stepId: 'user-addresses', address: 'erika@meinefirma.de', done: true },
      { type: 'probe-result', source: 'check', results: [probe('spf', 'wrong')], spfSuggestion: 'v=spf1 include:strato.de include:spf.protection.outlook.com ~all' },
    ]);
    const record = { ...m!, liveCard: { conversationId: 'c', activityId: 'a' } };
    record.steps = { ...record.steps, mx: { ...record.steps.mx, future: 'kept' } as never };
    return deepFreeze(record);
  };
  const events = (m: Migration): MigrationEvent[] => [
    { type: 'probe-result', source: 'check', results: [probe('mx', 'wrong'), probe('spf', 'ok')] },
    { type: 'probe-result', source: 'timer', results: [probe('verify-domain', 'error')], spfSuggestion: 'v=spf1 -all' },
    { type: 'user-toggle', actor: starter, revision: m.revision, stepId: 'user-addresses', address: 'max.muster@meinefirma.de', done: true },
    { type: 'user-toggle', actor: starter, revision: m.revision, stepId: 'user-addresses', address: 'erika@meinefirma.de', done: false },
    { type: 'undo', actor: starter, revision: m.revision, stepId: 'mx' },
    { type: 'skip', actor: starter, revision: m.revision, stepId: 'outbound-connector' },
    { type: 'autodiscover-fallback', actor: starter, revision: m.revision, enabled: true },
    { type: 'input', actor: starter, revision: m.revision, values: { users: 'Max Muster; max.muster@meinefirma.de' } },
    { type: 'timer', job: 'recheck', stepId: 'spf' },
    { type: 'reminders', actor: starter, revision: m.revision, enabled: false },
  ];

  for (const [i, event] of events(base()).entries()) {
    it(`${i}: ${event.type} changes a deep-frozen record without touching it and keeps unknown fields`, () => {
      const m = base();
      const before = JSON.stringify(m);
      const [after, effects] = transition(m, event, T0 + 5000);
      assert.ok(!effects.some((e) => e.type === 'reply' && e.message.key === 'bad-event'), JSON.stringify(effects));
      assert.ok(after && after !== m, 'the event changes the migration');
      assert.equal(JSON.stringify(m), before);
      assert.equal(after.revision, m.revision + 1);
      assert.equal(after.updatedAt, T0 + 5000);
      assert.deepEqual((after as Migration & { liveCard?: unknown }).liveCard, { conversationId: 'c', activityId: 'a' });
      assert.equal((after.steps.mx as unknown as { future?: string }).future, 'kept');
      // The result owns its record and step objects: the next change may assign to them.
      assert.ok(!Object.isFrozen(after) && !Object.isFrozen(after.steps));
      for (const id of STEP_IDS) assert.ok(after.steps[id] !== m.steps[id] && !Object.isFrozen(after.steps[id]), id);
    });
  }
});
