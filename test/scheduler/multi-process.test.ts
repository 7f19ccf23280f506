/**
 * Issue 7, "done when": two worker processes against ONE real redis-server, 1,000 re-checks due at once against a
 * loopback DNS server, one worker SIGKILLed half-way (at the worst moment: it has sent a message and not yet
 * completed the job), and every job done exactly once: every expected message arrives once at the connector,
 * none twice.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { jobId } from '../../src/scheduler/jobs';
import { ConversationRepository, openRedisStore, type Store } from '../../src/store';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { pollUntil } from '../support/poll';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { newTestMigration, testMigrationPort } from '../support/scheduler-fixtures';

const TENANT = 'tenant-mp';
const JOBS = 1000;
const CONVERSATIONS = 20;
const SPF_OK = 'v=spf1 include:spf.protection.outlook.com include:strato.de ~all';
const domain = (i: number) => `d${i}.example.test`;

interface Worker { child: ChildProcess; stdout: string; stderr: string; exited: Promise<number | null> }

function startWorker(args: string[]): Worker {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', join(__dirname, '../support/scheduler-worker.ts'), ...args], {
    cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker: Worker = {
    child, stdout: '', stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (c: Buffer) => { worker.stdout += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { worker.stderr += c.toString(); });
  return worker;
}

function waitFor(what: string, condition: () => boolean, timeoutMs: number, worker?: Worker): Promise<void> {
  return pollUntil(what, condition, { timeoutMs, intervalMs: 20, detail: () => (worker ? `\nworker stderr:\n${worker.stderr}` : '') });
}

describe('scheduler: two worker processes, one Redis, 1,000 re-checks, one worker killed half-way', function () {
  this.timeout(120_000);
  let redis: RedisServer;
  let dns: DnsTestServer;
  let connector: FakeConnector;
  let store: Store;
  const workers: Worker[] = [];

  before(async () => {
    redis = await startRedisServer();
    const zone: ZoneData = {};
    for (let i = 0; i < JOBS; i++) zone[domain(i)] = { TXT: [SPF_OK], ttl: 300 };
    dns = await startDnsServer({ zone });
    connector = await startFakeConnector();
  });
  after(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await store?.close();
    await connector?.close();
    await dns?.close();
    await redis?.stop();
  });

  it('runs every job exactly once: one card update and one announcement per migration, none twice', async () => {
    const url = `${redis.url}?prefix=mp${Date.now()}:`;
    store = await openRedisStore(url);
    const migrations = testMigrationPort(store);
    const conversations = new ConversationRepository(store);
    for (let c = 0; c < CONVERSATIONS; c++) {
      await conversations.refresh(TENANT, `conv-${c}`, { serviceUrl: connector.serviceUrl, conversation: { id: `conv-${c}` } }, Date.now());
    }
    await Promise.all(Array.from({ length: JOBS }, (_, i) => migrations.repository.put(TENANT, domain(i),
      newTestMigration(domain(i), `conv-${i % CONVERSATIONS}`, { cards: { spf: `card-${i}` } }), 'absent')));
    const due = Date.now() - 1;
    await store.jobs.scheduleMany(Array.from({ length: JOBS }, (_, i) => ({
      id: jobId('recheck', TENANT, domain(i), 'spf'), tenantId: TENANT, kind: 'recheck', dueAt: due,
      payload: { migrationId: domain(i), stepId: 'spf', attempt: 0 },
    })));
    assert.equal((await store.jobs.counts(Date.now())).due, JOBS);

    const common = ['--redis', url, '--dns', dns.address, '--lease-ms', '2000'];
    // Worker a runs one job at a time, so when it hangs it is exactly between sending and completing.
    const a = startWorker([...common, '--owner', 'a', '--concurrency', '1', '--hang-after-sends', '400']);
    const b = startWorker([...common, '--owner', 'b', '--concurrency', '4']);
    workers.push(a, b);
    await waitFor('worker a to hang after 400 sends', () => a.stdout.includes('hanging a'), 60_000, a);
    const progressAtKill = connector.counts.sendToConversation;
    a.child.kill('SIGKILL');
    assert.equal(await a.exited, null, 'worker a died by the signal');
    assert.ok(progressAtKill > JOBS * 0.1 && progressAtKill < JOBS * 0.9, `killed half-way (${progressAtKill} of ${JOBS} announced)`);

    await waitFor('every migration to be announced', () => connector.counts.sendToConversation >= JOBS, 90_000, b);
    const deadline = Date.now() + 30_000;
    while ((await store.jobs.counts(Date.now())).total > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Let anything still in flight arrive before counting duplicates.
    await new Promise((r) => setTimeout(r, 500));

    b.child.kill('SIGTERM');
    assert.equal(await b.exited, 0, `worker b stops gracefully\n${b.stderr}`);
    const bStats = JSON.parse(b.stdout.trim().split('\n').pop()!) as { sends: number; onceRefused: number };

    const announcements = new Map<string, number>();
    for (const call of connector.calls.filter((c) => c.operation === 'sendToConversation')) {
      const text = String(call.body?.text ?? '');
      announcements.set(text, (announcements.get(text) ?? 0) + 1);
    }
    const cardUpdates = new Map<string, number>();
    for (const call of connector.calls.filter((c) => c.operation === 'updateActivity')) {
      cardUpdates.set(call.activityId!, (cardUpdates.get(call.activityId!) ?? 0) + 1);
    }
    const missing: string[] = [];
    const twice: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const text = `SPF record for ${domain(i)} is now visible ✓ — next: Multi-factor authentication`;
      const n = announcements.get(text) ?? 0;
      if (n === 0) missing.push(text);
      if (n > 1) twice.push(`${text} ×${n}`);
      const u = cardUpdates.get(`card-${i}`) ?? 0;
      if (u === 0) missing.push(`card-${i}`);
      if (u > 1) twice.push(`card-${i} ×${u}`);
    }
    assert.deepEqual(twice, [], 'no message twice');
    assert.deepEqual(missing, [], 'every message once');
    assert.equal(connector.counts.sendToConversation, JOBS);
    assert.equal(connector.counts.updateActivity, JOBS);
    assert.equal((await store.jobs.counts(Date.now())).total, 0, 'every job completed');
    for (const i of [0, 1, 499, 998, 999]) {
      assert.deepEqual((await migrations.load(TENANT, domain(i)))!.value.confirmed, ['spf'], `${domain(i)} saved`);
    }
    assert.ok(bStats.onceRefused >= 1, 'worker b re-ran the job a died in, and its idempotency key held the message back');
    assert.ok(bStats.sends > 0 && bStats.sends < 2 * JOBS);
  });
});
