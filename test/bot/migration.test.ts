import assert from 'node:assert/strict';
import { TestAdapter } from 'botbuilder';
import { createBotLimits } from '../../src/bot/turn-guards';
import { createProbeGate } from '../../src/limits/probe-gate';
import { createTurnLimiter, defaultTurnLimitPolicy } from '../../src/limits/turn-limiter';
import { ALL_VERBS, VERBS } from '../../src/cards/actions';
import type { AdaptiveCardJson } from '../../src/cards/render';
import { cardProblems } from '../cards/validate-card';
import { actorFrom, mayStart, tenantFrom } from '../../src/bot/actor';
import { liveCardOf } from '../../src/app/migration-record';
import { runEvent } from '../../src/app/run-event';
import { transition } from '../../src/procedure/transition';
import { GOTO_VERB, MIGRATION_COMMANDS } from '../../src/bot/handlers/migration';
import { jobId } from '../../src/scheduler/jobs';
import {
  ADMIN, DOMAIN, MS_VALUE, PANEL, button, buttons, cardsOf, click, joined, say, startRig, stored, textsOf, type Person, type Rig,
} from './migration-harness';

const INPUTS = {
  verificationValue: MS_VALUE,
  tenantName: 'meinefirma.onmicrosoft.com',
  provider: 'strato',
  users: 'Max Muster; max.muster@meinefirma.test',
};

function parsesAsAdaptiveCard(card: Record<string, unknown>): void {
  assert.deepEqual(cardProblems(card as AdaptiveCardJson), []);
}

/** /migrate, then the inputs form submitted: answers the step card that replaced the form. */
async function startWithInputs(rig: Rig, who: Person = ADMIN): Promise<Record<string, unknown>> {
  const started = await say(rig, who, `/migrate ${DOMAIN}`);
  const form = cardsOf(started)[0]!;
  const save = button(form, VERBS.inputs);
  return (await click(rig, who, save.verb, { ...save.data, ...INPUTS })).card;
}

/** Wraps the rig's migration repository so each read is recorded (`get <domain>`, `list`), in order. */
/** Counts the store's reads of migration records (the records themselves, under any repository or cache). */
function recordReads(rig: Rig): string[] {
  const records = rig.store.records;
  const realGet = records.get.bind(records);
  const realList = records.list.bind(records);
  const reads: string[] = [];
  records.get = async (key) => {
    if (key.startsWith('migration/')) reads.push(`get ${key.split('/').pop()}`);
    return realGet(key);
  };
  records.list = async (prefix) => {
    if (prefix.startsWith('migration/')) reads.push('list');
    return realList(prefix);
  };
  return reads;
}

describe('bot: the guided migration (/migrate, card verbs, effects)', function () {
  this.timeout(30000);
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.close();
  });

  it('/migrate starts a migration: a reply, the inputs form as live card, probes run, a re-check queued the scheduler way', async () => {
    const out = await say(rig, ADMIN, `/migrate ${DOMAIN}`);
    assert.match(textsOf(out)[0]!, /Started the migration of meinefirma\.test/);
    const cards = cardsOf(out);
    assert.equal(cards.length, 1);
    parsesAsAdaptiveCard(cards[0]!);
    assert.match(joined(cards[0]), /Migration details/);
    const m = await stored(rig);
    assert.ok(m);
    assert.equal(m.startedBy, ADMIN.id);
    assert.equal(m.conversationId, 'conv-1');
    assert.equal(m.locale, 'en');
    assert.equal(m.steps['verify-domain'].status, 'waiting-for-dns');
    assert.equal(m.steps['verify-domain'].lastProbe?.status, 'missing');
    // mx is already at the provider: confirmed by the start probe.
    assert.equal(m.steps.mx.status, 'done');
    assert.equal(liveCardOf(m)?.activityId, out.find((a) => a.attachments)?.id);
    const job = await rig.store.jobs.get(jobId('recheck', 'tenant-a', DOMAIN, 'verify-domain'));
    assert.ok(job, 'recheck job queued under the scheduler\'s id');
    assert.deepEqual(job.payload, { migrationId: DOMAIN, stepId: 'verify-domain', attempt: 0 });
    assert.equal(job.dueAt, m.steps['verify-domain'].recheckAt);
  });

  it('anchored commands: case-insensitive, with or without slash; "migrate later please" is a domain error, "statuses" no command', () => {
    assert.ok(MIGRATION_COMMANDS.migrate.test('MIGRATE meinefirma.de'));
    assert.ok(MIGRATION_COMMANDS.status.test('/Status'));
    assert.ok(!MIGRATION_COMMANDS.status.test('statuses'));
    assert.ok(!MIGRATION_COMMANDS.status.test('what is the status'));
    assert.ok(MIGRATION_COMMANDS.check.test('/check meinefirma.de'));
    assert.ok(!MIGRATION_COMMANDS.reset.test('please reset'));
  });

  it('runs the whole procedure through clicks while the zone changes, and each card advances', async () => {
    let card = await startWithInputs(rig);
    parsesAsAdaptiveCard(card);
    assert.match(joined(card), /Step 1 of 9/);
    // Check now before the TXT record exists: still step 1, "not found yet", never "could not check".
    let check = button(card, VERBS.check, { stepId: 'verify-domain' });
    card = (await click(rig, ADMIN, check.verb, check.data)).card;
    assert.match(joined(card), /Step 1 of 9/);
    assert.match(joined(card), /not found yet/i);

    PANEL.verification(rig.dns);
    check = button(card, VERBS.check, { stepId: 'verify-domain' });
    card = (await click(rig, ADMIN, check.verb, check.data)).card;
    // Verified by the probe; mx was already fine, so the card moves on to autodiscover (step 3).
    assert.match(joined(card), /Step 3 of 9/);
    assert.equal((await stored(rig))?.steps['verify-domain'].confirmed?.by, 'probe');
    assert.equal(await rig.store.jobs.get(jobId('recheck', 'tenant-a', DOMAIN, 'verify-domain')), undefined, 're-check cancelled');

    PANEL.autodiscover(rig.dns);
    check = button(card, VERBS.check, { stepId: 'autodiscover' });
    card = (await click(rig, ADMIN, check.verb, check.data)).card;
    assert.match(joined(card), /Step 4 of 9/);
    assert.match(joined(card), /max\.muster@meinefirma\.test/);

    for (const stepId of ['user-addresses', 'forwarding'] as const) {
      const toggle = button(card, VERBS.userToggle, { stepId, address: 'max.muster@meinefirma.test' });
      card = (await click(rig, ADMIN, toggle.verb, toggle.data)).card;
      const confirm = button(card, VERBS.confirm, { stepId });
      card = (await click(rig, ADMIN, confirm.verb, confirm.data)).card;
    }
    assert.match(joined(card), /Step 6 of 9/);
    assert.match(joined(card), /Set-AcceptedDomain -Identity meinefirma\.test -DomainType InternalRelay/);
    const relay = buttons(card).find((b) => b.verb === VERBS.confirm && b.data.stepId === 'internal-relay' && b.data.connectorRequested !== true)!;
    card = (await click(rig, ADMIN, relay.verb, relay.data)).card;
    // No connector asked for: step 7 is skipped by the system, on to SPF, probed at once with a merged suggestion.
    assert.match(joined(card), /Step 8 of 9/);
    assert.match(joined(card), /v=spf1 include:spf\.protection\.outlook\.com include:smtp\.strato\.de ~all/);
    let m = await stored(rig);
    assert.equal(m?.steps['outbound-connector'].status, 'skipped');
    assert.equal(m?.steps.spf.status, 'waiting-for-dns');

    PANEL.spf(rig.dns);
    check = button(card, VERBS.check, { stepId: 'spf' });
    card = (await click(rig, ADMIN, check.verb, check.data)).card;
    assert.match(joined(card), /Step 9 of 9/);
    const mfa = button(card, VERBS.confirm, { stepId: 'mfa' });
    card = (await click(rig, ADMIN, mfa.verb, mfa.data)).card;
    parsesAsAdaptiveCard(card);
    m = await stored(rig);
    assert.equal(m?.currentStep, null);
    assert.ok(m?.completedAt);
    assert.ok(Buffer.byteLength(JSON.stringify(card)) < 40_000);
  });

  it('a second click on an old card applies nothing twice and answers with the current card', async () => {
    let card = await startWithInputs(rig);
    PANEL.verification(rig.dns);
    PANEL.autodiscover(rig.dns);
    const check = button(card, VERBS.check, { stepId: 'verify-domain' });
    card = (await click(rig, ADMIN, check.verb, check.data)).card;
    assert.match(joined(card), /Step 4 of 9/);
    const toggle = button(card, VERBS.userToggle, { stepId: 'user-addresses' });
    await click(rig, ADMIN, toggle.verb, toggle.data);
    const after = await stored(rig);
    const again = await click(rig, ADMIN, toggle.verb, toggle.data);
    assert.match(joined(again.card), /out of date/);
    const later = await stored(rig);
    assert.equal(later?.revision, after?.revision, 'no second application');
    assert.equal(later?.steps['user-addresses'].checklist?.['max.muster@meinefirma.test']?.done, true);
  });

  it('carries on exactly where it was after the SQLite store is closed and reopened between turns', async () => {
    let card = await startWithInputs(rig);
    PANEL.verification(rig.dns);
    const before = await stored(rig);
    rig = await rig.reopen();
    const same = await stored(rig);
    assert.deepEqual(same, before);
    const check = button(card, VERBS.check, { stepId: 'verify-domain' });
    card = (await click(rig, ADMIN, check.verb, check.data)).card;
    assert.match(joined(card), /Step 3 of 9/);
    rig = await rig.reopen();
    const resumed = await say(rig, ADMIN, `/migrate ${DOMAIN}`);
    assert.match(textsOf(resumed).join('\n'), /Resuming meinefirma\.test: step 3 of 9/);
    assert.match(joined(cardsOf(resumed)[0]), /Step 3 of 9/);
  });

  it('a resume whose start probe moves the step updates the live card sent in the same turn (no second card)', async () => {
    await startWithInputs(rig);
    PANEL.verification(rig.dns);
    const out = await say(rig, ADMIN, `/migrate ${DOMAIN}`);
    const cards = cardsOf(out);
    assert.equal(cards.length, 1, 'updated in place');
    assert.match(joined(cards[0]), /Step 3 of 9/);
  });

  it('keeps tenants apart: another tenant sees none of it, cannot click it, and migrates the same domain separately', async () => {
    await startWithInputs(rig);
    const other: Person = { id: 'aad-other', tenantId: 'tenant-b', conversationId: 'conv-b' };
    assert.match(textsOf(await say(rig, other, '/status')).join(''), /No migration is running in this tenant/);
    assert.match(textsOf(await say(rig, other, `/check ${DOMAIN}`)).join(''), /There is no migration for meinefirma\.test/);
    const forged = await click(rig, other, VERBS.confirm, { verb: VERBS.confirm, domain: DOMAIN, revision: 99, stepId: 'verify-domain' });
    assert.match(joined(forged.card), /There is no migration for meinefirma\.test/);
    assert.equal((await stored(rig))?.steps['verify-domain'].status, 'waiting-for-dns');
    await say(rig, other, `/migrate ${DOMAIN}`);
    const theirs = await stored(rig, 'tenant-b');
    assert.equal(theirs?.startedBy, 'aad-other');
    assert.equal((await stored(rig))?.startedBy, ADMIN.id);
    const status = cardsOf(await say(rig, ADMIN, '/status'))[0];
    assert.match(joined(status), /meinefirma\.test/);
  });

  it('refuses changes by someone who is neither the starter nor in COEXIST_ADMINS; /status is for everyone', async () => {
    const card = await startWithInputs(rig);
    const colleague: Person = { id: 'aad-colleague' };
    const confirm = button(card, VERBS.confirm, { stepId: 'verify-domain' });
    const refused = await click(rig, colleague, confirm.verb, confirm.data);
    assert.match(joined(refused.card), /Only the admin who started the migration/);
    assert.equal((await stored(rig))?.steps['verify-domain'].status, 'waiting-for-dns');
    assert.equal(cardsOf(await say(rig, colleague, '/status')).length, 1);
  });

  it('COEXIST_ADMINS: only listed admins start a migration; a listed admin may change another admin\'s migration', async () => {
    await rig.close();
    rig = await startRig({ admins: [ADMIN.id, 'boss@meinefirma.test'] });
    const stranger: Person = { id: 'aad-stranger' };
    assert.match(textsOf(await say(rig, stranger, `/migrate ${DOMAIN}`)).join(''), /Only the admins listed in COEXIST_ADMINS/);
    assert.equal(await stored(rig), undefined);
    const card = await startWithInputs(rig);
    const boss: Person = { id: 'aad-boss', name: 'boss@meinefirma.test' };
    const confirm = button(card, VERBS.confirm, { stepId: 'verify-domain' });
    await click(rig, boss, confirm.verb, confirm.data);
    assert.equal((await stored(rig))?.steps['verify-domain'].confirmed?.by, 'aad-boss');
  });

  it('answers a malformed domain with the parser\'s message in the person\'s language, and a near miss with "did you mean"', async () => {
    assert.match(textsOf(await say(rig, ADMIN, '/migrate https://www.meinefirma.de/kontakt')).join(''), /is a web address, not a domain/);
    assert.match(textsOf(await say(rig, { ...ADMIN, locale: 'de-DE' }, 'migrate max@meinefirma.de')).join(''), /ist eine E-Mail-Adresse, keine Domain/);
    assert.match(textsOf(await say(rig, ADMIN, '/migrate')).join(''), /Which domain\?/);
    await say(rig, ADMIN, `/migrate ${DOMAIN}`);
    const near = await say(rig, ADMIN, '/migrate meinefrima.test');
    assert.match(textsOf(near).join(''), /Did you mean meinefirma\.test\?/);
    const start = button(cardsOf(near)[0], VERBS.start, { domain: 'meinefrima.test' });
    const forced = await click(rig, ADMIN, start.verb, start.data);
    assert.equal(forced.status, 200);
    assert.ok(await stored(rig, 'tenant-a', 'meinefrima.test'), 'created after the admin insisted');
  });

  it('shows a DNS timeout as "could not check, will retry", never as missing', async () => {
    await rig.close();
    rig = await startRig({ timeoutMs: 300, budgetMs: 1500 });
    rig.dns.setBehaviour(DOMAIN, 'TXT', 'timeout');
    const card = await startWithInputs(rig);
    const check = button(card, VERBS.check, { stepId: 'verify-domain' });
    const answer = (await click(rig, ADMIN, check.verb, check.data)).card;
    assert.match(joined(answer), /Could not check/);
    assert.doesNotMatch(joined(answer), /not found yet/i);
    assert.equal((await stored(rig))?.steps['verify-domain'].lastProbe?.status, 'error');
  });

  it('cuts a probe batch at its budget: a name server that never answers costs the click the budget, not the retries', async () => {
    await rig.close();
    rig = await startRig({ timeoutMs: 2000, budgetMs: 400 });
    rig.dns.setBehaviour(DOMAIN, 'TXT', 'timeout');
    const card = await startWithInputs(rig);
    const check = button(card, VERBS.check, { stepId: 'verify-domain' });
    const started = Date.now();
    const answer = (await click(rig, ADMIN, check.verb, check.data)).card;
    assert.ok(Date.now() - started < 1500, `${Date.now() - started} ms (two attempts of 2 s would be 4 s)`);
    assert.match(joined(answer), /Could not check/);
    assert.equal((await stored(rig))?.steps['verify-domain'].lastProbe?.status, 'error');
  });

  it('/check probes every DNS step and sends one status card; /reset asks, the card confirms, jobs are cancelled', async () => {
    await startWithInputs(rig);
    PANEL.verification(rig.dns);
    const checked = await say(rig, ADMIN, '/check');
    const status = cardsOf(checked);
    assert.equal(status.length, 1);
    assert.equal((await stored(rig))?.steps['verify-domain'].status, 'done');

    const reset = await say(rig, ADMIN, '/reset');
    assert.match(textsOf(reset).join(''), /Really discard everything for meinefirma\.test/);
    const yes = button(cardsOf(reset)[0], VERBS.resetConfirm);
    const done = await click(rig, ADMIN, yes.verb, yes.data);
    assert.match(joined(done.card), /meinefirma\.test/);
    assert.equal(await stored(rig), undefined);
    const counts = await rig.store.jobs.counts(Date.now() + 1e12);
    assert.equal(counts.total, 0, 'every job of the migration cancelled');
  });

  it('routes every card verb, procedure.goto and unknown verbs to a card (never a 501)', async () => {
    const card = await startWithInputs(rig);
    const revision = (await stored(rig))!.revision;
    for (const verb of ALL_VERBS) {
      const answer = await click(rig, ADMIN, verb, { verb, domain: DOMAIN, revision, stepId: 'verify-domain', card: 'step', address: 'max.muster@meinefirma.test', enabled: true });
      assert.equal(answer.status, 200, verb);
      parsesAsAdaptiveCard(answer.card);
    }
    const goto = await click(rig, { ...ADMIN, id: 'aad-helpdesk' }, GOTO_VERB, { verb: GOTO_VERB, domain: DOMAIN, stepId: 'spf' });
    assert.match(joined(goto.card), /Step 8 of 9/);
    const unknown = await click(rig, ADMIN, 'migration.teleport', { verb: 'migration.teleport' });
    assert.equal(unknown.status, 200);
    assert.match(joined(unknown.card), /I do not know this button/);
    assert.ok(card);
  });

  it('speaks German to a de-DE admin, on the cards and in replies', async () => {
    const de: Person = { ...ADMIN, locale: 'de-DE' };
    const out = await say(rig, de, `/migrate ${DOMAIN}`);
    assert.match(textsOf(out).join(''), /meinefirma\.test/);
    assert.match(joined(cardsOf(out)[0]), /Angaben|Details/);
    const save = button(cardsOf(out)[0], VERBS.inputs);
    const card = (await click(rig, de, save.verb, { ...save.data, ...INPUTS })).card;
    assert.match(joined(card), /Schritt 1 von 9/);
    assert.equal((await stored(rig))?.locale, 'de');
  });
});

describe('bot: actor and tenant from the activity', () => {
  it('uses aadObjectId, falls back to from.id, and marks COEXIST_ADMINS by id or UPN', () => {
    assert.deepEqual(actorFrom({ from: { id: '29:x', aadObjectId: 'AAD-1', name: 'A' } }, ['aad-1']), { id: 'AAD-1', name: 'A', isConfiguredAdmin: true });
    assert.deepEqual(actorFrom({ from: { id: 'user-id-0', name: 'u' } }, []), { id: 'user-id-0', name: 'u', isConfiguredAdmin: false });
    assert.equal(actorFrom({ from: { id: '29:x', aadObjectId: 'aad-2', name: 'Boss@Firma.de' } }, ['boss@firma.de'])?.isConfiguredAdmin, true);
    assert.equal(actorFrom({}, []), undefined);
    assert.equal(mayStart({ id: 'a', isConfiguredAdmin: false }, []), true);
    assert.equal(mayStart({ id: 'a', isConfiguredAdmin: false }, ['b']), false);
  });

  it('reads the tenant from conversation.tenantId, then channelData.tenant.id, then the dev fallback', () => {
    assert.equal(tenantFrom({ conversation: { tenantId: 't1' } as never, channelData: { tenant: { id: 't2' } } }), 't1');
    assert.equal(tenantFrom({ conversation: {} as never, channelData: { tenant: { id: 't2' } } }), 't2');
    assert.equal(tenantFrom({}, 'dev'), 'dev');
    assert.equal(tenantFrom({}), undefined);
  });
});

describe('bot: times on cards are when the jobs are due', function () {
  this.timeout(30000);

  it('under COEXIST_RECHECK_FIRST_MS the step card shows the compressed re-check time the job really has', async () => {
    const rig = await startRig();
    try {
      rig.deps.recheckTimeScale = { firstMs: 1000 };
      rig.now.value = Date.UTC(2026, 11, 2, 6, 25, 30);
      const card = await startWithInputs(rig);
      const job = await rig.store.jobs.get(jobId('recheck', 'tenant-a', DOMAIN, 'verify-domain'));
      assert.ok(job, 'a re-check is scheduled');
      const realTime = (await stored(rig))!.steps['verify-domain'].recheckAt!;
      assert.ok(job.dueAt - rig.now.value < 10_000 && realTime - rig.now.value >= 60_000, `job in seconds, real-time wait a minute or more`);
      const hhmm = new Date(job.dueAt).toISOString().slice(11, 16);
      const text = joined(card);
      assert.match(text, new RegExp(`next check 2026-12-02 ${hhmm} UTC`), text);
      assert.doesNotMatch(text, new RegExp(new Date(realTime).toISOString().slice(11, 16)), 'not the real-time minute');
      assert.match(text, new RegExp(`check again at ${hhmm}`), text);
    } finally {
      await rig.close();
    }
  });
});

describe('bot: the effect executor under concurrent writes', function () {
  this.timeout(30000);

  it('a re-check saving between a click\'s load and save: the click reloads and re-applies, both updates survive', async () => {
    const rig = await startRig();
    try {
      const card = await startWithInputs(rig);
      // Reach step 4 first, so the checklist click is valid.
      PANEL.verification(rig.dns);
      PANEL.autodiscover(rig.dns);
      const check = button(card, VERBS.check, { stepId: 'verify-domain' });
      const step4 = (await click(rig, ADMIN, check.verb, check.data)).card;
      const tick = button(step4, VERBS.userToggle, { stepId: 'user-addresses' });
      const repo = rig.deps.repos.migrations;
      const records = rig.store.records;
      const realPut = records.put.bind(records);
      let raced = 0;
      records.put = async (key, value, expected) => {
        if (raced === 0 && key.startsWith('migration/')) {
          raced += 1;
          // What a reminder/re-check would do meanwhile: its own eTag-checked write (here: reminders off).
          const current = (await repo.get('tenant-a', DOMAIN))!;
          const [changed] = transition(current.value, { type: 'reminders', enabled: false, actor: { id: ADMIN.id, isConfiguredAdmin: false } }, rig.now.value);
          assert.ok((await repo.put('tenant-a', DOMAIN, changed!, current.etag)).ok);
        }
        return realPut(key, value, expected);
      };
      const surface = { locale: 'en' as const, conversationId: 'conv-1', invoke: true, sendText: async () => undefined, sendCard: async () => undefined, updateCard: async (id: string) => id };
      const parsed = { type: 'user-toggle' as const, stepId: 'user-addresses' as const, address: 'max.muster@meinefirma.test', done: true,
        actor: { id: ADMIN.id, isConfiguredAdmin: false }, domain: DOMAIN, revision: tick.data.revision as number };
      const result = await runEvent(rig.deps, { tenantId: 'tenant-a', domain: DOMAIN }, parsed, surface);
      assert.equal(result.conflicts, 1);
      const m = await stored(rig);
      assert.equal(m?.reminders, false, 'the concurrent write survived');
      assert.equal(m?.steps['user-addresses'].checklist?.['max.muster@meinefirma.test']?.done, true, 'the click was re-applied');
    } finally {
      await rig.close();
    }
  });

  it('a "Check now" click reads its migration once: not the tenant\'s others, not again after its probe', async () => {
    const rig = await startRig();
    try {
      await startWithInputs(rig);
      await say(rig, ADMIN, '/migrate other.test');
      const card = (await click(rig, ADMIN, VERBS.show, { verb: VERBS.show, domain: DOMAIN, revision: (await stored(rig))!.revision, card: 'step' })).card;
      const check = button(card, VERBS.check, { stepId: 'verify-domain' });
      await click(rig, ADMIN, check.verb, check.data);
      const reads = recordReads(rig);
      const before = (await stored(rig))!;
      reads.length = 0;
      const again = button((await click(rig, ADMIN, check.verb, check.data)).card, VERBS.check, { stepId: 'verify-domain' });
      assert.deepEqual(reads, [`get ${DOMAIN}`]);
      const after = (await stored(rig))!;
      assert.equal(after.revision, before.revision + 1, 'the probe result was saved');
      assert.equal(again.data.revision, after.revision, 'the answer shows the saved revision');
    } finally {
      await rig.close();
    }
  });

  it('/check, /reset and /migrate of a running migration read the tenant\'s migrations once (one listing, no further read)', async () => {
    const rig = await startRig();
    try {
      await startWithInputs(rig);
      const reads = recordReads(rig);
      PANEL.verification(rig.dns);
      const checked = await say(rig, ADMIN, '/check');
      assert.equal(cardsOf(checked).length, 1);
      assert.match(joined(cardsOf(checked)[0]!), /Done ✓ \(confirmed by the DNS check\)/, 'the status card shows the check\'s result');
      assert.deepEqual(reads.splice(0), ['list']);
      const resumed = await say(rig, ADMIN, `/migrate ${DOMAIN}`);
      assert.equal(cardsOf(resumed).length, 1);
      assert.deepEqual(reads.splice(0), ['list']);
      const reset = await say(rig, ADMIN, '/reset');
      assert.match(textsOf(reset).join(''), /Really discard everything for meinefirma\.test/);
      assert.deepEqual(reads.splice(0), ['list']);
    } finally {
      await rig.close();
    }
  });

  it('"Check now" on the mx step asks the name server the same four questions every time: NS and MX of the domain, A and AAAA of the MX host', async () => {
    const rig = await startRig();
    try {
      const card = await startWithInputs(rig);
      const check = button(card, VERBS.check, { stepId: 'verify-domain' });
      for (let i = 0; i < 2; i++) {
        rig.dns.clearLog();
        const answer = await click(rig, ADMIN, check.verb, { ...check.data, stepId: 'mx' });
        assert.match(joined(answer.card), /Found as expected/);
        assert.deepEqual(rig.dns.log.map((q) => `${q.type} ${q.name}`).sort(), ['A smtpin.rzone.de', 'AAAA smtpin.rzone.de', `MX ${DOMAIN}`, `NS ${DOMAIN}`]);
      }
    } finally {
      await rig.close();
    }
  });

  it('a write that lands while a click\'s probe runs is kept: the probe result is re-applied over it', async () => {
    const rig = await startRig();
    try {
      const card = await startWithInputs(rig);
      const repo = rig.deps.repos.migrations;
      const realProbe = rig.deps.probe;
      let wrote = 0;
      rig.deps.probe = async (migration, stepIds) => {
        const batch = await realProbe(migration, stepIds);
        if (wrote > 0) return batch;
        // A re-check or another process saving meanwhile (here: reminders off), eTag-checked.
        const current = (await repo.get('tenant-a', DOMAIN))!;
        const [changed] = transition(current.value, { type: 'reminders', enabled: false, actor: { id: ADMIN.id, isConfiguredAdmin: false } }, rig.now.value);
        assert.ok((await repo.put('tenant-a', DOMAIN, changed!, current.etag)).ok);
        wrote += 1;
        return batch;
      };
      PANEL.verification(rig.dns);
      const check = button(card, VERBS.check, { stepId: 'verify-domain' });
      const after = await click(rig, ADMIN, check.verb, check.data);
      assert.equal(wrote, 1);
      const m = (await stored(rig))!;
      assert.equal(m.reminders, false, 'the concurrent write survived');
      assert.equal(m.steps['verify-domain'].status, 'done', 'the probe result was re-applied');
      assert.equal(button(after.card, VERBS.show, { card: 'status' }).data.revision, m.revision, 'the answer shows what was saved');
    } finally {
      await rig.close();
    }
  });
});

describe('bot: migration routes under the probe rate limit, and verbs of other namespaces', function () {
  this.timeout(30000);

  it('a "Check now" over the probe budget answers with a text and leaves the card and the migration alone; /check too', async () => {
    const rig = await startRig();
    try {
      const card = await startWithInputs(rig);
      const limiter = createTurnLimiter({ policy: {
        turn: { perUser: { capacity: 100, refillPerSecond: 1 }, perTenant: { capacity: 100, refillPerSecond: 1 } },
        migration: { perUser: { capacity: 100, refillPerSecond: 1 }, perTenant: { capacity: 100, refillPerSecond: 1 } },
        probe: { perUser: { capacity: 1, refillPerSecond: 0.0001 }, perTenant: { capacity: 100, refillPerSecond: 1 } },
      } });
      rig.deps.limits = createBotLimits(limiter, createProbeGate());
      const check = button(card, VERBS.check, { stepId: 'verify-domain' });
      const first = await click(rig, ADMIN, check.verb, check.data);
      assert.match(joined(first.card), /Step 1 of 9/);
      const before = await stored(rig);
      const adapter = new TestAdapter(rig.bot.handleTurn);
      await adapter.send({
        channelId: 'msteams', from: { id: '29:x', aadObjectId: ADMIN.id, name: 'A' },
        conversation: { id: 'conv-1', tenantId: 'tenant-a' } as never, locale: 'en-US',
        type: 'invoke', name: 'adaptiveCard/action', replyToId: 'card-1', value: { action: { type: 'Action.Execute', verb: check.verb, data: check.data } },
      }).startTest();
      const response = adapter.activeQueue.find((a) => a.type === 'invokeResponse')!.value as { status: number; body: { type: string; value: string } };
      assert.equal(response.status, 200);
      assert.equal(response.body.type, 'application/vnd.microsoft.activity.message');
      assert.match(response.body.value, /\d/);
      assert.deepEqual(await stored(rig), before, 'nothing probed or saved');
      const refused = await say(rig, ADMIN, '/check');
      assert.equal(cardsOf(refused).length, 0);
      assert.equal(textsOf(refused).length, 1);
    } finally {
      await rig.close();
    }
  });

  it('default limits: an admin ticking 40 users in a few seconds never sees a refusal; new migrations are what is limited', async () => {
    const t = { value: 0 };
    const rig = await startRig({ limiter: createTurnLimiter({ policy: defaultTurnLimitPolicy, clock: () => t.value }) });
    try {
      const users = Array.from({ length: 40 }, (_, i) => `User ${i}; user${i}@meinefirma.test`).join('\n');
      const started = await say(rig, ADMIN, `/migrate ${DOMAIN}`);
      const save = button(cardsOf(started)[0]!, VERBS.inputs);
      const card = (await click(rig, ADMIN, save.verb, { ...save.data, ...INPUTS, users })).card;
      PANEL.verification(rig.dns);
      PANEL.autodiscover(rig.dns);
      const check = button(card, VERBS.check, { stepId: 'verify-domain' });
      let step4 = (await click(rig, ADMIN, check.verb, check.data)).card;
      assert.match(joined(step4), /Step 4 of 9/);
      for (let i = 0; i < 40; i++) {
        t.value += 100; // ten clicks a second, faster than anyone ticks
        const tick = button(step4, VERBS.userToggle, { stepId: 'user-addresses', address: `user${i}@meinefirma.test` });
        const answer = await click(rig, ADMIN, tick.verb, tick.data);
        assert.doesNotMatch(joined(answer.card), /Too many requests/, `click ${i + 1} refused`);
        step4 = answer.card;
      }
      const checklist = (await stored(rig))!.steps['user-addresses'].checklist ?? {};
      assert.equal(Object.values(checklist).filter((c) => c.done).length, 40);
      // Starting new migrations is what costs: after the first one above, the sixth new domain within a minute is refused.
      const answers: string[] = [];
      for (const domain of ['nordwind.test', 'suedhafen.test', 'ostkueste.test', 'westend.test', 'bergland.test']) {
        answers.push(textsOf(await say(rig, ADMIN, `/migrate ${domain}`)).join(' '));
      }
      assert.equal(answers.filter((a) => /Too many requests/.test(a)).length, 1, JSON.stringify(answers));
      assert.match(answers[4]!, /Too many requests/);
      assert.doesNotMatch(textsOf(await say(rig, ADMIN, `/migrate ${DOMAIN}`)).join(' '), /Too many requests/, 'an existing migration is shown, not limited');
    } finally {
      await rig.close();
    }
  });

  it('leaves verbs outside migration.* to other routes (createBot answers them), never a 501', async () => {
    const rig = await startRig();
    try {
      const adapter = new TestAdapter(rig.bot.handleTurn);
      await adapter.send({
        channelId: 'msteams', from: { id: '29:x', aadObjectId: ADMIN.id, name: 'A' },
        conversation: { id: 'conv-1', tenantId: 'tenant-a' } as never, locale: 'en-US',
        type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'other.thing', data: {} } },
      }).startTest();
      const response = adapter.activeQueue.find((a) => a.type === 'invokeResponse')!.value as { status: number; body: { value: unknown } };
      assert.equal(response.status, 200);
      assert.doesNotMatch(JSON.stringify(response.body), /I do not know this button/);
    } finally {
      await rig.close();
    }
  });
});

describe('bot: update-card outside a click', function () {
  this.timeout(30000);

  for (const updated of [true, false]) {
    it(updated
      ? 'replaces the live card in place when the channel still has it'
      : 'sends a new card (and makes it the live card) when updating fails, e.g. ActivityNotFoundInConversation', async () => {
      const rig = await startRig();
      try {
        await say(rig, ADMIN, `/migrate ${DOMAIN}`);
        const m = (await stored(rig))!;
        const live = liveCardOf(m)!;
        const calls: string[] = [];
        const surface = {
          locale: 'en' as const, conversationId: 'conv-1', invoke: false,
          sendText: async () => undefined,
          sendCard: async () => { calls.push('send'); return 'new-activity'; },
          updateCard: async (id: string) => { calls.push(`update ${id}`); return updated ? id : undefined; },
        };
        await runEvent(rig.deps, { tenantId: 'tenant-a', domain: DOMAIN },
          { type: 'show', card: 'step', actor: { id: ADMIN.id, isConfiguredAdmin: false }, domain: DOMAIN, revision: m.revision }, surface);
        assert.deepEqual(calls, updated ? [`update ${live.activityId}`] : [`update ${live.activityId}`, 'send']);
        assert.equal(liveCardOf(await stored(rig))?.activityId, updated ? live.activityId : 'new-activity');
      } finally {
        await rig.close();
      }
    });
  }
});
