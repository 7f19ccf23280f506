/**
 * The scheduler driving the real procedure engine: a re-check feeds its probe result into `transition`, records
 * the last probe, follows the procedure's back-off, and when the record appears announces it in the
 * migration's language, without anyone asking.
 */
import { strict as assert } from 'node:assert';
import { createResolver, type DnsClient } from '../../src/dns/resolver';
import { createMigration, migrationRecordType, transition, type Migration } from '../../src/procedure';
import { probeVerifyDomain } from '../../src/probes/verify-domain';
import { createScheduler } from '../../src/scheduler/create-scheduler';
import { jobId } from '../../src/scheduler/jobs';
import { procedureMigrationPort, reachedManualStep } from '../../src/scheduler/procedure-port';
import { conversationPortFrom, settingsPortFrom } from '../../src/scheduler/store-ports';
import { ConversationRepository, MigrationRepository, UserSettingsRepository, createMemoryStore, type RecordType } from '../../src/store';
import { startDnsServer, type DnsTestServer } from '../support/dns-server';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { createHttpDeliver } from '../support/scheduler-http-deliver';

const TENANT = 'tenant-p';
const SOA = { mname: 'ns1.contoso.de', rname: 'hostmaster.contoso.de', serial: 1, minimum: 120 };

describe('scheduler/procedure-port: re-checks through the real procedure engine', function () {
  this.timeout(20_000);
  let dns: DnsTestServer;
  let resolver: DnsClient;
  let connector: FakeConnector;

  before(async () => {
    dns = await startDnsServer({ zone: { 'contoso.de': { SOA, NS: ['ns1.contoso.de'] } } });
    resolver = createResolver({ servers: [dns.address], timeoutMs: 500, retries: 0 });
    connector = await startFakeConnector();
  });
  after(async () => {
    resolver.close();
    await dns.close();
    await connector.close();
  });

  it('keeps polling while the TXT record is missing, then announces the verified domain in German', async () => {
    let now = Date.parse('2026-11-25T09:00:00Z'); // Wednesday 10:00 in Berlin
    const store = createMemoryStore(undefined, () => now);
    const repository = new MigrationRepository<Migration>(store, migrationRecordType as RecordType<Migration>);
    const conversations = new ConversationRepository(store);
    await conversations.refresh(TENANT, 'conv-1', { serviceUrl: connector.serviceUrl, conversation: { id: 'conv-1' } }, now);

    const probe = (domain: string) => probeVerifyDomain(domain, { resolver });
    const started = { ...createMigration(TENANT, 'contoso.de', 'admin-1', now), conversationId: 'conv-1', locale: 'de' as const };
    const [waiting, effects] = transition(started, { type: 'probe-result', results: [await probe('contoso.de')], source: 'start' }, now);
    assert.equal(waiting!.steps['verify-domain'].status, 'waiting-for-dns');
    const first = effects.find((e) => e.type === 'schedule-recheck');
    assert.ok(first && first.type === 'schedule-recheck');
    assert.ok((await repository.put(TENANT, 'contoso.de', waiting!, 'absent')).ok);

    const scheduler = createScheduler<Migration>({
      queue: store.jobs, markOnce: (k, t) => store.markOnce(k, t), deliver: createHttpDeliver(), owner: 'p', clock: () => now,
      migrations: procedureMigrationPort(repository), conversations: conversationPortFrom(conversations),
      settings: settingsPortFrom(new UserSettingsRepository(store)), probe: (_step, facts) => probe(facts.domain),
    });
    await scheduler.scheduleRecheck(TENANT, 'contoso.de', 'verify-domain', { dueAt: first.at });
    const id = jobId('recheck', TENANT, 'contoso.de', 'verify-domain');

    now = first.at;
    assert.equal(await scheduler.runDue(), 1);
    const stillWaiting = (await repository.get(TENANT, 'contoso.de'))!.value;
    assert.equal(stillWaiting.steps['verify-domain'].lastProbe?.at, now, 'the last probe is recorded for the card');
    const next = (await store.jobs.get(id))!;
    assert.equal(next.dueAt, stillWaiting.steps['verify-domain'].recheckAt, "the procedure's back-off decides");
    assert.ok(next.dueAt >= now + 120_000, 'not before the negative TTL (SOA minimum 120 s)');
    assert.equal(connector.calls.length, 0);

    dns.setName('contoso.de', { SOA, NS: ['ns1.contoso.de'], TXT: ['MS=ms48151623'] });
    now = next.dueAt;
    assert.equal(await scheduler.runDue(), 1);
    const texts = connector.activitiesIn('conv-1').map((a) => String(a.text));
    assert.equal(texts.length, 1);
    assert.match(texts[0]!, /weiter mit/);
    assert.equal((await repository.get(TENANT, 'contoso.de'))!.value.steps['verify-domain'].status, 'done');
    assert.equal(await store.jobs.get(id), undefined);

    await store.close();
  });

  it('nudges only about the manual step the admin has reached, counted from when they reached it', () => {
    const start = Date.UTC(2026, 10, 2, 9, 0);
    const m = createMigration(TENANT, 'contoso.de', 'aad-1', start);
    assert.deepEqual(reachedManualStep(m), [], 'at step 1 (DNS): no manual step reached, though steps 4–9 are "open"');
    const reached = start + 5 * 86_400_000;
    for (const id of ['verify-domain', 'mx', 'autodiscover'] as const) m.steps[id] = { ...m.steps[id], status: 'done', since: id === 'autodiscover' ? reached : start };
    m.currentStep = 'user-addresses';
    assert.deepEqual(reachedManualStep(m), [{ stepId: 'user-addresses', openSince: reached }]);
    const port = procedureMigrationPort(new MigrationRepository(createMemoryStore(), migrationRecordType as RecordType<Migration>));
    assert.deepEqual(port.describe(m).openManualSteps, [{ stepId: 'user-addresses', openSince: reached }]);
    m.currentStep = null;
    assert.deepEqual(reachedManualStep(m), [], 'mixed operation running: nothing to nudge');
  });
});
