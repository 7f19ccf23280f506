import assert from 'node:assert/strict';
import { decodeRecord, encodeRecord, type RecordType } from '../../src/store/record-type';
import { computeCurrentStep, describeMigration, mayChange, migrationRecordType } from '../../src/procedure/migration';
import { transition } from '../../src/procedure/transition';
import { SCHEMA_VERSION, type Migration } from '../../src/procedure/types';
import { applyInputs } from '../../src/procedure/inputs';
import { requiredJobs } from '../../src/scheduler/jobs';
import { T0, TENANT, atUserAddresses, configuredAdmin, run, started, starter, stranger } from './fixtures';

describe('procedure/migration', () => {
  it('stores the conversation and locale given at start, for proactive messages', () => {
    const [m] = transition(undefined, { type: 'start', tenantId: TENANT, domain: 'meinefirma.de', actor: starter, conversationId: 'conv-1', locale: 'de' }, T0);
    assert.equal(m!.conversationId, 'conv-1');
    assert.equal(m!.locale, 'de');
  });

  it('records since when each step has its status', () => {
    const m = atUserAddresses();
    assert.equal(m.steps.mx.since, T0);
    assert.equal(m.steps.forwarding.since, T0);
    const [undone] = transition(m, { type: 'undo', actor: starter, stepId: 'mx' }, T0 + 99_000);
    assert.equal(undone!.steps.mx.since, T0 + 99_000);
    assert.equal(undone!.steps.forwarding.since, T0);
  });

  it('describes what the scheduler needs: pending DNS steps, open manual steps since when, users moved', () => {
    const d = describeMigration(atUserAddresses());
    assert.deepEqual(d.pendingDnsSteps, ['spf']);
    assert.deepEqual(d.openManualSteps.map((s) => s.stepId), ['user-addresses', 'forwarding', 'internal-relay', 'outbound-connector', 'mfa']);
    assert.equal(d.openManualSteps[0].openSince, T0);
    assert.equal(d.allUsersMoved, false);
    assert.equal(d.ownerUserId, starter.id);
    assert.equal(d.titles.spf.de, 'SPF-Eintrag ergänzen');
    // One frozen object for every migration (the upkeep describes each of a tenant's migrations after every turn).
    assert.equal(describeMigration(started()).titles, d.titles);
    assert.ok(Object.isFrozen(d.titles));
  });

  it('never calls mixed operation finished because the listed users moved: only the admin saying no mailbox remains does', () => {
    const m = atUserAddresses();
    const moved: Migration = { ...m, steps: { ...m.steps, 'user-addresses': { ...m.steps['user-addresses'], status: 'done' }, forwarding: { ...m.steps.forwarding, status: 'done' } } };
    assert.ok(moved.inputs.users.length > 0);
    // The details form lists only the users who move; mailboxes staying at the provider are the normal case.
    assert.equal(describeMigration(moved).allUsersMoved, false);
    assert.equal(describeMigration({ ...moved, inputs: { ...moved.inputs, remaining: 'some' } }).allUsersMoved, false);
    assert.equal(describeMigration({ ...moved, inputs: { ...moved.inputs, remaining: 'none' } }).allUsersMoved, true);
    assert.equal(describeMigration({ ...m, inputs: { ...m.inputs, remaining: 'none' } }).allUsersMoved, false, 'steps 4 and 5 still open');
    // No cut-over reminder job without that statement.
    assert.ok(!requiredJobs(TENANT, 'id', describeMigration(moved)).some((j) => j.kind === 'cutover'));
    assert.ok(requiredJobs(TENANT, 'id', describeMigration({ ...moved, inputs: { ...moved.inputs, remaining: 'none' } })).some((j) => j.kind === 'cutover'));
  });

  it('reads "do mailboxes stay at the provider?" from the details form; an old stored migration without it counts as some', () => {
    const m = atUserAddresses();
    const none = applyInputs(m.inputs, { remaining: 'none' }, m.domain);
    assert.ok(none.ok && none.inputs.remaining === 'none');
    const bad = applyInputs(m.inputs, { remaining: 'maybe' }, m.domain);
    assert.ok(!bad.ok && bad.errors.remaining);
    assert.equal(m.inputs.remaining, undefined);
  });

  it('is a store record type: round-trips through the envelope and rejects broken data', () => {
    const type: RecordType<Migration> = migrationRecordType;
    const m = atUserAddresses();
    const envelope = encodeRecord(type, m);
    assert.equal(envelope.schemaVersion, SCHEMA_VERSION);
    const decoded = decodeRecord(type, JSON.parse(JSON.stringify(envelope)));
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.value, m);
    assert.equal(decodeRecord(type, { ...envelope, data: { ...m, steps: {} } }).ok, false);
    assert.equal(decodeRecord(type, { ...envelope, data: { ...m, schemaVersion: undefined } }).ok, false);
  });

  it('a migration restored from JSON carries on exactly where it was', () => {
    const m = atUserAddresses();
    const restored = JSON.parse(JSON.stringify(m)) as Migration;
    const event = { type: 'user-toggle' as const, actor: starter, revision: m.revision, stepId: 'user-addresses' as const, address: m.inputs.users[0].address, done: true };
    assert.deepEqual(transition(restored, event, T0), transition(m, event, T0));
  });

  it('authorization: starter, listed admins and COEXIST_ADMINS change; others only read', () => {
    const m = started();
    assert.equal(mayChange(m, starter), true);
    assert.equal(mayChange(m, configuredAdmin), true);
    assert.equal(mayChange(m, stranger), false);
    assert.equal(mayChange({ ...m, admins: [starter.id, stranger.id] }, stranger), true);
    assert.equal(computeCurrentStep(m), 'verify-domain');
    const [, effects] = run(m, [{ type: 'show', actor: stranger, card: 'inputs' }]);
    assert.deepEqual(effects, [{ type: 'send-card', card: { kind: 'inputs' } }]);
  });
});
