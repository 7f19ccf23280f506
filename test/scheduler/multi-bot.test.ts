/**
 * Issue 7, "done when": TWO BOT PROCESSES (`node dist/index.js`, as production runs) on ONE real redis-server
 * (COEXIST_STORAGE=redis://…), 1,000 re-checks due at once against a loopback DNS server, one bot SIGKILLed
 * half-way, and every job done exactly once: every expected message (the card update in place and the
 * "SPF is now visible ✓ — next: …" announcement) arrives once at the local Bot Connector, none twice.
 *
 * The kill hits the worst moment on purpose: the connector holds its answers for a moment, so every job the
 * killed bot is running has sent a message and not yet completed; the surviving bot takes those jobs over when
 * their leases run out, and the idempotency keys stop the already-sent messages from going out again.
 */
import { strict as assert } from 'node:assert';
import os from 'node:os';
import { jobId } from '../../src/scheduler/jobs';
import { createMigration } from '../../src/procedure';
import { migrationRecordType } from '../../src/procedure/migration';
import type { Migration, StepId } from '../../src/procedure/types';
import { createRepositories, openRedisStore, type RecordType, type Store } from '../../src/store';
import { startBotProcess, type BotProcess } from '../support/bot-process';
import { startDnsServer, type DnsTestServer, type ZoneData } from '../support/dns-server';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { pollUntil } from '../support/poll';
import { startRedisServer, type RedisServer } from '../support/redis-server';

const TENANT = 'tenant-multi-bot';
const JOBS = Number(process.env.COEXIST_TEST_MULTI_BOT_JOBS ?? 1000);
const LEASE_MS = 4000;
const domain = (i: number) => `d${i}.example.test`;
const conversation = (i: number) => `19:conv-${i}@thread.v2`;
const ANNOUNCEMENT = 'SPF is now visible ✓ — next: Set up two-factor sign-in';
/** Proactive texts: botbuilder posts them as a reply to the reference's activity, or to the conversation. */
const isText = (operation: string) => operation === 'sendToConversation' || operation === 'replyToActivity';

/** A real procedure migration at step 8 (spf) waiting for DNS, with its live card in its own conversation. */
function migrationAtSpf(i: number, now: number): Migration {
  const m = createMigration(TENANT, domain(i), 'aad-admin', now);
  m.conversationId = conversation(i);
  m.locale = 'en';
  m.inputs = { ...m.inputs, verificationValue: 'MS=ms48151623', tenantName: 'contoso.onmicrosoft.com', provider: 'strato' };
  for (const id of Object.keys(m.steps) as StepId[]) {
    if (id === 'spf') break;
    m.steps[id] = { ...m.steps[id], status: 'done', since: now };
  }
  m.steps.spf = { ...m.steps.spf, status: 'waiting-for-dns', since: now, recheckAttempts: 1, recheckAt: now };
  m.currentStep = 'spf';
  return { ...m, liveCard: { conversationId: conversation(i), activityId: `card-${i}` } } as Migration;
}

function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, logs: () => string): Promise<void> {
  return pollUntil(what, condition, { timeoutMs, intervalMs: 25, detail: () => `\n${logs().slice(-3000)}` });
}

describe('scheduler: two bot processes on one Redis, 1,000 re-checks, one bot SIGKILLed half-way', function () {
  this.timeout(180_000);
  let redis: RedisServer;
  let dns: DnsTestServer;
  let connector: FakeConnector;
  let store: Store | undefined;
  const bots: BotProcess[] = [];

  before(async () => {
    redis = await startRedisServer();
    const zone: ZoneData = {
      'spf.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 -all'] },
      'smtp.strato.de': { TXT: ['v=spf1 ip4:81.169.144.0/20 -all'] },
      'smtpin.rzone.de': { A: ['81.169.145.97'] },
    };
    for (let i = 0; i < JOBS; i++) {
      zone[domain(i)] = { MX: [{ preference: 10, exchange: 'smtpin.rzone.de' }], TXT: ['v=spf1 include:spf.protection.outlook.com include:smtp.strato.de ~all', 'MS=ms48151623'], ttl: 300 };
    }
    dns = await startDnsServer({ zone });
    connector = await startFakeConnector();
  });
  after(async () => {
    for (const bot of bots) await bot.stop();
    await store?.close();
    await connector?.close();
    await dns?.close();
    await redis?.stop();
  });

  it('runs every job exactly once: one card update and one announcement per migration, none twice', async () => {
    const url = `${redis.url}?prefix=mb${Date.now()}:`;
    const env = {
      COEXIST_STORAGE: url, COEXIST_DNS_SERVERS: dns.address, COEXIST_PUBLIC_RESOLVERS: dns.address,
      // Exactly-once is the point here, not the time of day the test happens to run at.
      COEXIST_QUIET_HOURS: 'off', COEXIST_JOB_LEASE_MS: String(LEASE_MS), COEXIST_LOG_LEVEL: process.env.COEXIST_TEST_BOT_LOG_LEVEL ?? 'warn',
    };
    const [a, b] = await Promise.all([startBotProcess({ env }), startBotProcess({ env })]);
    bots.push(a!, b!);
    const logs = () => `--- bot a ---\n${a!.logs()}\n--- bot b ---\n${b!.logs()}`;

    store = await openRedisStore(url);
    const repos = createRepositories<Migration>(store, migrationRecordType as RecordType<Migration>);
    const now = Date.now();
    for (let start = 0; start < JOBS; start += 100) {
      await Promise.all(Array.from({ length: Math.min(100, JOBS - start) }, async (_, k) => {
        const i = start + k;
        const reference = { serviceUrl: connector.serviceUrl, channelId: 'msteams', conversation: { id: conversation(i), tenantId: TENANT },
          bot: { id: 'coexist-bot', name: 'coexist' }, user: { id: 'aad-admin' } };
        await repos.conversations.refresh(TENANT, conversation(i), reference, now);
        const put = await repos.migrations.put(TENANT, domain(i), migrationAtSpf(i, now), 'absent');
        assert.ok(put.ok, `seeded ${domain(i)}`);
      }));
    }
    // Due at once, exactly as the executor queues a procedure's schedule-recheck.
    await store.jobs.scheduleMany(Array.from({ length: JOBS }, (_, i) => ({
      id: jobId('recheck', TENANT, domain(i), 'spf'), tenantId: TENANT, kind: 'recheck', dueAt: now - 1,
      payload: { migrationId: domain(i), stepId: 'spf', attempt: 0 },
    })));

    const announced = () => connector.counts.sendToConversation + connector.counts.replyToActivity;
    await until('a third of the announcements', () => announced() >= JOBS / 3, 60_000, logs);
    // Hold every answer for 1.5 s: within 0.6 s each job bot a is running is blocked right after sending.
    connector.setLatency(1500);
    await new Promise((r) => setTimeout(r, 600));
    process.kill(a!.pid, 'SIGKILL');
    connector.setLatency(0);
    const atKill = announced();
    assert.ok(atKill > JOBS * 0.2 && atKill < JOBS * 0.9, `killed half-way (${atKill} of ${JOBS} announced)`);
    // Jobs the killed bot holds whose messages already went out: the worst moment, sent but not completed.
    const ownerA = `${os.hostname()}:${a!.pid}:`;
    const sentButOpen: number[] = [];
    for (let i = 0; i < JOBS; i++) {
      const job = await store.jobs.get(jobId('recheck', TENANT, domain(i), 'spf'));
      if (job?.owner?.startsWith(ownerA) && connector.calls.some((c) => c.conversationId === conversation(i))) sentButOpen.push(i);
    }
    assert.ok(sentButOpen.length >= 1, 'the kill caught bot a between sending and completing');

    await until('every job to complete', async () => (await store!.jobs.counts(Date.now())).total === 0, 120_000, logs);
    // Let anything still in flight arrive before counting duplicates.
    await new Promise((r) => setTimeout(r, 500));

    const texts = new Map<string, string[]>();
    const updates = new Map<string, number>();
    for (const call of connector.calls) {
      if (isText(call.operation)) texts.set(call.conversationId, [...(texts.get(call.conversationId) ?? []), String(call.body?.text)]);
      if (call.operation === 'updateActivity') updates.set(call.activityId!, (updates.get(call.activityId!) ?? 0) + 1);
    }
    const missing: string[] = [];
    const twice: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const sent = texts.get(conversation(i)) ?? [];
      if (sent.length === 0) missing.push(`announcement ${i}`);
      if (sent.length > 1) twice.push(`announcement ${i} ×${sent.length}`);
      if (sent.length === 1) assert.equal(sent[0], ANNOUNCEMENT);
      const u = updates.get(`card-${i}`) ?? 0;
      if (u === 0) missing.push(`card-${i}`);
      if (u > 1) twice.push(`card-${i} ×${u}`);
    }
    assert.deepEqual(twice, [], 'no message twice');
    assert.deepEqual(missing, [], 'every message once');
    assert.equal(announced(), JOBS);
    assert.equal(connector.counts.updateActivity, JOBS);
    for (const i of sentButOpen) {
      assert.equal((texts.get(conversation(i)) ?? []).length, 1, `job ${i}, interrupted after sending, still sent once`);
    }
    const saved = await repos.migrations.list(TENANT);
    assert.equal(saved.length, JOBS);
    const notDone = saved.filter((m) => m.value.steps.spf.status !== 'done').map((m) => m.domain);
    assert.deepEqual(notDone, [], 'every confirmation saved');
    assert.ok(saved.every((m) => m.value.currentStep === 'mfa'));

    assert.equal(await b!.stop(), 0, `bot b stops gracefully\n${b!.logs().slice(-2000)}`);
  });
});
