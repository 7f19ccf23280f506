/**
 * The runner and handlers over real stores (memory, SQLite and a real redis-server), a real DNS server on loopback with the real
 * resolver, and the fake Bot Connector over HTTP. The clock is fake: due times, leases and quiet hours move
 * only when a test says so.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapter } from '../../src/bot/adapter';
import { createAdapterDeliver } from '../../src/bot/deliver';
import { parseConfig } from '../../src/config/config';
import { createResolver, type DnsClient } from '../../src/dns/resolver';
import { createScheduler, type Scheduler, type SchedulerDeps } from '../../src/scheduler/create-scheduler';
import { jobId } from '../../src/scheduler/jobs';
import { conversationPortFrom, settingsPortFrom } from '../../src/scheduler/store-ports';
import { ConversationRepository, UserSettingsRepository, createMemoryStore, openRedisStore, openSqliteStore, type Store } from '../../src/store';
import { startDnsServer, type DnsTestServer } from '../support/dns-server';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { createHttpDeliver } from '../support/scheduler-http-deliver';
import { newTestMigration, spfProbe, testMigrationPort, type TestMigration } from '../support/scheduler-fixtures';

const TENANT = 'tenant-a';

function botConfig() {
  const parsed = parseConfig({}, '/');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config.bot;
}
const SPF_OK = 'v=spf1 include:spf.protection.outlook.com include:strato.de ~all';
const SOA = { mname: 'ns1.contoso.de', rname: 'hostmaster.contoso.de', serial: 1, minimum: 300 };

type OpenStore = (clock: () => number, dir: string) => Promise<Store>;
let redis: RedisServer | undefined;
let redisDb = 0;
const backends: Array<[string, OpenStore]> = [
  ['memory', async (clock) => createMemoryStore(undefined, clock)],
  ['sqlite', async (clock, dir) => openSqliteStore(join(dir, 'coexist.db'), { now: clock })],
  // Redis keeps markOnce expiry on its own clock; every key here lives days, far beyond the fake clock's jumps.
  ['redis', async () => {
    redis ??= await startRedisServer();
    return openRedisStore(`${redis.url}?prefix=runner${redisDb++}:`);
  }],
];
after(async () => { await redis?.stop(); });

for (const [backend, open] of backends) {
  describe(`scheduler/runner on the ${backend} store`, function () {
    this.timeout(20_000);
    let dns: DnsTestServer;
    let resolver: DnsClient;
    let connector: FakeConnector;
    let dir: string;
    let store: Store;
    let now: number;
    let migrations: ReturnType<typeof testMigrationPort>;
    let conversations: ConversationRepository;
    let settings: UserSettingsRepository;
    const clock = () => now;
    const schedulers: Scheduler[] = [];

    function scheduler(owner: string, patch: Partial<SchedulerDeps<TestMigration>> = {}): Scheduler {
      const s = createScheduler<TestMigration>({
        queue: store.jobs, markOnce: (k, ttl) => store.markOnce(k, ttl), deliver: createHttpDeliver(), owner, clock,
        migrations, conversations: conversationPortFrom(conversations), settings: settingsPortFrom(settings),
        probe: spfProbe(resolver), runner: { leaseMs: 60_000, concurrency: 2, batchSize: 10 }, ...patch,
      });
      schedulers.push(s);
      return s;
    }

    async function addMigration(domain: string, conversationId: string, patch: Partial<TestMigration> = {}) {
      await conversations.refresh(TENANT, conversationId, { serviceUrl: connector.serviceUrl, conversation: { id: conversationId } }, now);
      const put = await migrations.repository.put(TENANT, domain, newTestMigration(domain, conversationId, { cards: { spf: '1:card-spf' }, ...patch }), 'absent');
      assert.ok(put.ok);
    }

    const texts = (conversationId: string) => connector.activitiesIn(conversationId).map((a) => String(a.text ?? ''));
    const updates = () => connector.calls.filter((c) => c.operation === 'updateActivity');

    before(async () => {
      dns = await startDnsServer({ zone: { 'contoso.de': { SOA, NS: ['ns1.contoso.de'] }, 'fabrikam.de': { SOA, NS: ['ns1.fabrikam.de'] } } });
      resolver = createResolver({ servers: [dns.address], timeoutMs: 300, retries: 0 });
      connector = await startFakeConnector();
    });
    after(async () => {
      resolver.close();
      await dns.close();
      await connector.close();
    });
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'coexist-scheduler-'));
      now = Date.parse('2026-11-26T09:00:00Z'); // Thursday 10:00 in Berlin
      store = await open(clock, dir);
      migrations = testMigrationPort(store);
      conversations = new ConversationRepository(store);
      settings = new UserSettingsRepository(store);
      connector.reset();
      dns.setName('contoso.de', { SOA, NS: ['ns1.contoso.de'] });
      dns.clearBehaviours();
    });
    afterEach(async () => {
      for (const s of schedulers.splice(0)) await s.stop(1000);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('backs off while the record is missing, honours the negative TTL, then confirms once: card updated, step announced', async () => {
      await addMigration('contoso.de', 'conv-1');
      const s = scheduler('a');
      await s.scheduleRecheck(TENANT, 'contoso.de', 'spf');
      const id = jobId('recheck', TENANT, 'contoso.de', 'spf');
      assert.equal((await store.jobs.get(id))!.dueAt, now + 60_000);
      assert.equal(await s.runDue(), 0, 'not due before a minute');

      now += 60_000;
      assert.equal(await s.runDue(), 1);
      // NODATA with SOA minimum 300: the second re-check (2 min) is pushed to the 5-minute negative TTL.
      assert.equal((await store.jobs.get(id))!.dueAt, now + 300_000);
      assert.equal(connector.calls.length, 0);

      dns.setName('contoso.de', { SOA, NS: ['ns1.contoso.de'], TXT: [SPF_OK], ttl: 3600 });
      now += 300_000;
      assert.equal(await s.runDue(), 1);
      assert.deepEqual(texts('conv-1'), ['SPF record for contoso.de is now visible ✓ — next: Multi-factor authentication']);
      assert.equal(updates().length, 1);
      assert.equal(updates()[0]!.activityId, '1:card-spf');
      assert.deepEqual((await migrations.load(TENANT, 'contoso.de'))!.value.confirmed, ['spf']);
      assert.equal(await store.jobs.get(id), undefined);

      now += 3_600_000;
      await s.scheduleRecheck(TENANT, 'contoso.de', 'spf');
      now += 60_000;
      await s.runDue();
      assert.equal(texts('conv-1').length, 1, 'a confirmed step is not announced again');
    });

    it('reads a DNS timeout as "could not check": backs off, sends nothing, never reports missing', async () => {
      await addMigration('contoso.de', 'conv-1');
      dns.setBehaviour('contoso.de', 'TXT', 'timeout');
      const s = scheduler('a');
      await s.scheduleRecheck(TENANT, 'contoso.de', 'spf', { attempt: 3 });
      now += 10 * 60_000;
      assert.equal(await s.runDue(), 1);
      const job = await store.jobs.get(jobId('recheck', TENANT, 'contoso.de', 'spf'));
      assert.equal(job!.dueAt, now + 16 * 60_000);
      assert.deepEqual(job!.payload, { migrationId: 'contoso.de', stepId: 'spf', attempt: 4 });
      assert.equal(connector.calls.length, 0);
    });

    it('re-runs a job that died after sending and before saving, without sending anything twice', async () => {
      await addMigration('contoso.de', 'conv-1');
      dns.setName('contoso.de', { SOA, TXT: [SPF_OK] });
      const dying = scheduler('a', {
        migrations: { ...migrations, save: async () => { throw new Error('process died'); } },
      });
      await dying.scheduleRecheck(TENANT, 'contoso.de', 'spf', { now: now - 60_000 });
      assert.equal(await dying.runDue(), 1);
      assert.equal(texts('conv-1').length, 1);
      assert.equal(updates().length, 1);
      assert.equal(migrations.saves, 0);

      const survivor = scheduler('b');
      assert.equal(await survivor.runDue(), 0, "a's lease is still live");
      now += 61_000;
      assert.equal(await survivor.runDue(), 1);
      assert.equal(texts('conv-1').length, 1, 'the announcement went out once');
      assert.equal(updates().length, 1, 'the card was updated once');
      assert.equal(migrations.saves, 1);
      assert.deepEqual((await migrations.load(TENANT, 'contoso.de'))!.value.pending, []);
      assert.equal(await store.jobs.get(jobId('recheck', TENANT, 'contoso.de', 'spf')), undefined);
    });

    it('never runs a job under another owner\'s live lease', async () => {
      await addMigration('contoso.de', 'conv-1');
      const s = scheduler('a');
      await s.scheduleRecheck(TENANT, 'contoso.de', 'spf', { now: now - 60_000 });
      const held = await store.jobs.claimDue({ now, limit: 10, owner: 'other', leaseMs: 30_000 });
      assert.equal(held.length, 1);
      assert.equal(await s.runDue(), 0);
      now += 29_000;
      assert.equal(await s.runDue(), 0);
      now += 2_000;
      assert.equal(await s.runDue(), 1);
      const stale = await store.jobs.complete(held[0]!.id, held[0]!.token);
      assert.equal(stale.ok, false, 'the old holder cannot complete what the new one rescheduled');
    });

    it('stops gracefully: the running job finishes, the rest of the batch is released at once', async () => {
      for (const d of ['a1.contoso.de', 'a2.contoso.de', 'a3.contoso.de']) {
        dns.setName(d, { TXT: ['v=spf1 -all'] });
        await addMigration(d, 'conv-1');
      }
      dns.setBehaviour('a1.contoso.de', 'TXT', { delayMs: 200 });
      const a = scheduler('a', { runner: { concurrency: 1, batchSize: 10, leaseMs: 60_000 } });
      for (const d of ['a1.contoso.de', 'a2.contoso.de', 'a3.contoso.de']) {
        await a.scheduleRecheck(TENANT, d, 'spf', { now: now - 60_000 - (d === 'a1.contoso.de' ? 1 : 0) });
      }
      const running = a.runDue();
      while (dns.count('a1.contoso.de', 'TXT') === 0) await new Promise((r) => setTimeout(r, 5));
      await a.stop(5_000);
      assert.equal(await running, 1, 'only the job already running ran');
      assert.equal((await store.jobs.counts(now)).leased, 0);
      const b = scheduler('b');
      assert.equal(await b.runDue(), 2, 'the released jobs are claimable without waiting for a lease to expire');
    });

    it('on 403 marks the conversation removed, cancels its jobs, and sends nothing there again', async () => {
      await addMigration('contoso.de', 'conv-gone', { open: [{ stepId: 'forwarding', openSince: now - 10 * 86_400_000 }] });
      await addMigration('fabrikam.de', 'conv-gone', { open: [{ stepId: 'forwarding', openSince: now - 10 * 86_400_000 }] });
      dns.setName('contoso.de', { SOA, TXT: [SPF_OK] });
      connector.removeBotFrom('conv-gone');
      const s = scheduler('a');
      await s.scheduleRecheck(TENANT, 'contoso.de', 'spf', { now: now - 60_000 });
      await s.scheduleNudge(TENANT, 'contoso.de', now + 1000);
      await s.scheduleNudge(TENANT, 'fabrikam.de', now + 1000);
      assert.equal(await s.runDue(), 1);
      assert.equal(connector.calls.length, 1);
      assert.equal(connector.calls[0]!.status, 403);
      assert.ok((await conversations.get(TENANT, 'conv-gone'))!.value.removed);
      assert.equal(await store.jobs.get(jobId('nudge', TENANT, 'contoso.de')), undefined, "the migration's nudge is cancelled");
      now += 2000;
      assert.equal(await s.runDue(), 1, "the other migration's nudge runs once and ends");
      assert.equal(connector.calls.length, 1, 'nothing more was sent to the removed conversation');
      assert.equal(await store.jobs.get(jobId('nudge', TENANT, 'fabrikam.de')), undefined);
    });

    it('a 404 for the conversation (a client restart) never stops reminders: retried with back-off until it goes through', async () => {
      await addMigration('contoso.de', 'conv-404');
      dns.setName('contoso.de', { SOA, TXT: [SPF_OK] });
      connector.failIn('conv-404', { status: 404, code: 'ConversationNotFound', message: 'Conversation not found.' });
      const s = scheduler('a', { deliver: createAdapterDeliver(createAdapter(botConfig()), undefined) });
      await s.scheduleRecheck(TENANT, 'contoso.de', 'spf', { now: now - 60_000 });
      const id = jobId('recheck', TENANT, 'contoso.de', 'spf');
      assert.equal(await s.runDue(), 1);
      assert.equal((await conversations.get(TENANT, 'conv-404'))!.value.removed, undefined, 'not marked removed');
      let job = await store.jobs.get(id);
      assert.equal(job!.dueAt, now + 60_000, 'first retry after a minute');
      assert.equal((job!.payload as { deliveryAttempts?: number }).deliveryAttempts, 1);
      now += 60_000;
      assert.equal(await s.runDue(), 1);
      job = await store.jobs.get(id);
      assert.equal(job!.dueAt, now + 120_000, 'then backing off');
      connector.failIn('conv-404', undefined);
      now += 120_000;
      assert.equal(await s.runDue(), 1);
      assert.deepEqual(texts('conv-404'), ['SPF record for contoso.de is now visible ✓ — next: Multi-factor authentication']);
      assert.deepEqual((await migrations.load(TENANT, 'contoso.de'))!.value.confirmed, ['spf']);
    });

    it('nudges at most once per migration per day, and honours /remind off and /remind on', async () => {
      await addMigration('contoso.de', 'conv-1', { open: [{ stepId: 'forwarding', openSince: now - 4 * 86_400_000 }] });
      const s = scheduler('a', { nudge: { afterDays: 3, everyDays: 1 } });
      await s.scheduleNudge(TENANT, 'contoso.de');
      assert.equal(await s.runDue(), 1);
      assert.equal(texts('conv-1').length, 1);
      assert.match(texts('conv-1')[0]!, /Forwarding at the provider \(open for 4 days\)/);
      // The bot re-schedules the nudge the same day (a new generation): still no second nudge today.
      now += 2 * 3_600_000;
      await s.scheduleNudge(TENANT, 'contoso.de');
      assert.equal(await s.runDue(), 1);
      assert.equal(texts('conv-1').length, 1, 'one nudge per day');

      await settings.update(TENANT, 'user-1', { reminders: false });
      now += 86_400_000;
      assert.equal(await s.runDue(), 1);
      assert.equal(texts('conv-1').length, 1, '/remind off: no nudge');

      await settings.update(TENANT, 'user-1', { reminders: true });
      now += 86_400_000; // Saturday: quiet all day in Berlin
      assert.equal(await s.runDue(), 1);
      assert.equal(texts('conv-1').length, 1, 'no nudge on a weekend');
      assert.equal(new Date((await store.jobs.get(jobId('nudge', TENANT, 'contoso.de')))!.dueAt).toISOString(), '2026-11-30T07:00:00.000Z');
      now = Date.parse('2026-11-30T07:00:00Z');
      assert.equal(await s.runDue(), 1);
      assert.equal(texts('conv-1').length, 2, '/remind on: nudges again on Monday at 08:00');
    });

    it('confirms in quiet hours: updates the card at once, announces at 08:00 the next working day in the user zone', async () => {
      now = Date.parse('2026-11-27T20:00:00Z'); // Friday 21:00 in Berlin
      await addMigration('contoso.de', 'conv-1');
      dns.setName('contoso.de', { SOA, TXT: [SPF_OK] });
      const s = scheduler('a');
      await s.scheduleRecheck(TENANT, 'contoso.de', 'spf', { now: now - 60_000 });
      assert.equal(await s.runDue(), 1);
      assert.equal(updates().length, 1);
      assert.equal(texts('conv-1').length, 0);
      const announce = await store.jobs.get(jobId('announce', TENANT, 'contoso.de', 'spf'));
      assert.equal(new Date(announce!.dueAt).toISOString(), '2026-11-30T07:00:00.000Z');
      now = announce!.dueAt;
      assert.equal(await s.runDue(), 1);
      assert.deepEqual(texts('conv-1'), ['SPF record for contoso.de is now visible ✓ — next: Multi-factor authentication']);
      assert.equal(await s.runDue(), 0);
    });

    it('sends the cut-over checklist once every listed user has moved, in the conversation language', async () => {
      await addMigration('contoso.de', 'conv-1', { locale: 'de', pending: [], allUsersMoved: false });
      const s = scheduler('a');
      await s.ensureJobs(TENANT, 'contoso.de', migrations.describe((await migrations.load(TENANT, 'contoso.de'))!.value));
      assert.equal(await store.jobs.get(jobId('cutover', TENANT, 'contoso.de')), undefined, 'not before all users moved');
      const current = (await migrations.load(TENANT, 'contoso.de'))!;
      await migrations.save(TENANT, 'contoso.de', { ...current.value, allUsersMoved: true }, current.etag);
      await s.ensureJobs(TENANT, 'contoso.de', migrations.describe((await migrations.load(TENANT, 'contoso.de'))!.value));
      assert.equal(await s.runDue(), 1);
      assert.equal(texts('conv-1').length, 1);
      assert.match(texts('conv-1')[0]!, /Set-AcceptedDomain -Identity contoso\.de -DomainType Authoritative/);
      assert.match(texts('conv-1')[0]!, /Weiterleitungen beim Provider entfernen/);
      assert.equal((await store.jobs.get(jobId('cutover', TENANT, 'contoso.de')))!.dueAt, now + 7 * 86_400_000);
    });
  });
}
