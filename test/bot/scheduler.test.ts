/**
 * The bot's scheduler wiring in-process (createBotScheduler over createAppDeps' store and prober, the real adapter
 * and the fake connector, a loopback DNS server, a fixed clock): quiet hours and the time scale from the config,
 * the live card updated in place, the announcement deferred to the morning in the user's time zone.
 */
import { strict as assert } from 'node:assert';
import pino from 'pino';
import { createAdapter } from '../../src/bot/adapter';
import { createAppDeps, type OwnedAppDeps } from '../../src/app/create-deps';
import type { AppDeps } from '../../src/app/deps';
import { createBotScheduler, registerJobUpkeep } from '../../src/bot/scheduler';
import { parseConfig, type Config } from '../../src/config/config';
import { liveCardOf } from '../../src/app/migration-record';
import { createMigration } from '../../src/procedure';
import type { StepId } from '../../src/procedure/types';
import { jobId } from '../../src/scheduler/jobs';
import { startDnsServer, type DnsTestServer } from '../support/dns-server';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { MS_VALUE, PANEL, initialZone } from './migration-harness';
import { testBot, turn } from './bot-harness';

const TENANT = 'tenant-s';
const DOMAIN = 'abends.test';

function config(env: Record<string, string>): Config {
  const parsed = parseConfig(env, '/tmp');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config;
}

interface BotFixture {
  readonly dns: DnsTestServer;
  readonly connector: FakeConnector;
  /** The bot's deps (memory store) over this DNS server and the fixture's clock, and their config; closed after the describe. */
  openDeps: (env?: Record<string, string>) => Promise<{ deps: OwnedAppDeps['deps']; cfg: Config }>;
}

/** For the calling describe: a loopback DNS server with DOMAIN's initial zone and a fake connector, closed after it. */
function botFixture(clock: () => number, connectorOptions?: Parameters<typeof startFakeConnector>[0]): BotFixture {
  let dns: DnsTestServer | undefined;
  let connector: FakeConnector | undefined;
  let owned: OwnedAppDeps | undefined;
  before(async () => {
    dns = await startDnsServer({ zone: initialZone(DOMAIN) });
    connector = await startFakeConnector(connectorOptions);
  });
  after(async () => {
    await owned?.close();
    await connector?.close();
    await dns?.close();
  });
  return {
    get dns() { return dns!; },
    get connector() { return connector!; },
    openDeps: async (env = {}) => {
      const cfg = config({ COEXIST_STORAGE: 'memory', COEXIST_DNS_SERVERS: dns!.address, COEXIST_PUBLIC_RESOLVERS: dns!.address, ...env });
      owned = await createAppDeps(cfg, pino({ level: 'silent' }), { clock });
      return { deps: owned.deps, cfg };
    },
  };
}

/** Stores a migration waiting for DNS at step 1 whose live card is `liveActivityId`, and the conversation's reference. */
async function seedWaitingMigration(deps: AppDeps, connector: FakeConnector, at: number, conversationId: string, locale: 'de' | 'en', liveActivityId: string): Promise<void> {
  const m = createMigration(TENANT, DOMAIN, 'aad-admin', at);
  m.conversationId = conversationId;
  m.locale = locale;
  m.inputs = { ...m.inputs, verificationValue: MS_VALUE, provider: 'strato' };
  m.steps['verify-domain'] = { ...m.steps['verify-domain'], status: 'waiting-for-dns', recheckAttempts: 1, recheckAt: at };
  m.currentStep = 'verify-domain' as StepId;
  await deps.repos.migrations.put(TENANT, DOMAIN, { ...m, liveCard: { conversationId, activityId: liveActivityId } }, 'absent');
  await deps.repos.conversations.refresh(TENANT, conversationId, { serviceUrl: connector.serviceUrl, channelId: 'msteams',
    conversation: { id: conversationId, tenantId: TENANT }, bot: { id: 'bot' }, user: { id: 'aad-admin' } }, at);
}

describe('bot/scheduler: the scheduler as the bot runs it', function () {
  this.timeout(20_000);

  describe('settings', () => {
    it('reads quiet hours, the re-check time scale and the lease from the environment, and names the fix for bad values', () => {
      const defaults = config({});
      assert.deepEqual(defaults.scheduler, { recheckFirstMs: undefined, leaseMs: 60_000, quietHours: { start: '20:00', end: '08:00', weekends: true } });
      const custom = config({ COEXIST_QUIET_HOURS: '22:30-06:15', COEXIST_RECHECK_FIRST_MS: '1000', COEXIST_JOB_LEASE_MS: '5000' });
      assert.deepEqual(custom.scheduler, { recheckFirstMs: 1000, leaseMs: 5000, quietHours: { start: '22:30', end: '06:15', weekends: true } });
      assert.equal(config({ COEXIST_QUIET_HOURS: 'OFF' }).scheduler.quietHours, null);
      const bad = parseConfig({ COEXIST_QUIET_HOURS: 'nights', COEXIST_RECHECK_FIRST_MS: '5', COEXIST_JOB_LEASE_MS: 'soon' }, '/tmp');
      assert.equal(bad.ok, false);
      const errors = bad.ok ? '' : bad.errors.join('\n');
      assert.match(errors, /COEXIST_QUIET_HOURS=nights is not a window: use HH:MM-HH:MM/);
      assert.match(errors, /COEXIST_RECHECK_FIRST_MS=5 is not a delay/);
      assert.match(errors, /COEXIST_JOB_LEASE_MS=soon is not a lease/);
    });
  });

  describe('re-check in quiet hours', () => {
    // Thursday 2026-11-26 22:00 in Berlin (21:00 UTC): inside the default quiet hours.
    const now = { value: Date.UTC(2026, 10, 26, 21, 0) };
    const fx = botFixture(() => now.value);

    it('updates the live card at once, announces at 08:00 local time, in the migration\'s language', async () => {
      const { deps, cfg } = await fx.openDeps({ COEXIST_RECHECK_FIRST_MS: '1000' });
      await seedWaitingMigration(deps, fx.connector, now.value, 'conv-s', 'de', 'live-1');
      await deps.repos.userSettings.update(TENANT, 'aad-admin', { timeZone: 'Europe/Berlin' });
      const scheduler = createBotScheduler(deps, { adapter: createAdapter(cfg.bot), botAppId: undefined, settings: cfg.scheduler, owner: 'test' });
      await scheduler.scheduleRecheck(TENANT, DOMAIN, 'verify-domain', { dueAt: now.value + 60_000 });
      const id = jobId('recheck', TENANT, DOMAIN, 'verify-domain');
      assert.equal((await deps.store.jobs.get(id))!.dueAt, now.value + 1000, 'a minute on the 1 s time scale');

      now.value += 1000;
      assert.equal(await scheduler.runDue(), 1);
      assert.equal(fx.connector.calls.length, 0, 'record missing: nothing sent');
      const next = (await deps.store.jobs.get(id))!;
      assert.ok(next.dueAt > now.value && next.dueAt <= now.value + 10_000, `backed off on the compressed scale (${next.dueAt - now.value} ms)`);

      PANEL.verification(fx.dns, DOMAIN);
      now.value = next.dueAt;
      assert.equal(await scheduler.runDue(), 1);
      assert.deepEqual(fx.connector.calls.map((c) => [c.operation, c.activityId]), [['updateActivity', 'live-1']], 'card in place, no chat message at night');
      assert.equal((await deps.repos.migrations.get(TENANT, DOMAIN))!.value.steps['verify-domain'].status, 'done');
      const announce = await deps.store.jobs.get(jobId('announce', TENANT, DOMAIN, 'verify-domain'));
      assert.equal(announce?.dueAt, Date.UTC(2026, 10, 27, 7, 0), '08:00 in Berlin the next morning');

      now.value = Date.UTC(2026, 10, 27, 7, 0);
      assert.equal(await scheduler.runDue(), 1);
      const texts = fx.connector.calls.filter((c) => c.operation !== 'updateActivity').map((c) => String(c.body?.text));
      assert.equal(texts.length, 1);
      assert.match(texts[0]!, /ist jetzt sichtbar ✓/);
      await scheduler.stop(1000);
    });
  });

  describe('a live card Teams no longer knows', () => {
    // Thursday 2026-11-26 10:00 in Berlin: no quiet hours.
    const now = { value: Date.UTC(2026, 10, 26, 9, 0) };
    const fx = botFixture(() => now.value, { rejectUnknownUpdates: true });

    it('posts the card anew and keeps the new message as the live card, so the next update replaces it', async () => {
      const { deps, cfg } = await fx.openDeps();
      await seedWaitingMigration(deps, fx.connector, now.value, 'conv-f', 'en', 'forgotten');
      PANEL.verification(fx.dns, DOMAIN);
      const scheduler = createBotScheduler(deps, { adapter: createAdapter(cfg.bot), botAppId: undefined, settings: cfg.scheduler, owner: 'test' });
      await scheduler.scheduleRecheck(TENANT, DOMAIN, 'verify-domain', { dueAt: now.value });
      assert.equal(await scheduler.runDue(), 1);

      assert.equal(fx.connector.calls.length, 3, 'update refused, card posted anew, announcement');
      assert.equal(fx.connector.calls[0]!.operation, 'updateActivity');
      assert.equal(fx.connector.calls[0]!.status, 404);
      const posted = fx.connector.calls.find((c) => c.operation !== 'updateActivity' && Array.isArray(c.body?.attachments));
      assert.ok(posted?.responseId, 'the card went out as a new message');
      assert.match(String(fx.connector.calls[2]!.body?.text), /is now visible ✓/);
      const stored = (await deps.repos.migrations.get(TENANT, DOMAIN))!.value;
      assert.equal(stored.steps['verify-domain'].status, 'done');
      assert.deepEqual(liveCardOf(stored), { conversationId: 'conv-f', activityId: posted.responseId });
      await scheduler.stop(1000);
    });
  });

  describe('nudges through the bot', () => {
    // Monday 2026-11-23 10:00 in Berlin.
    const now = { value: Date.UTC(2026, 10, 23, 9, 0) };
    const fx = botFixture(() => now.value);

    it('a turn in the conversation queues the nudge; three days later one nudge names the open step, the next day none', async () => {
      const { deps, cfg } = await fx.openDeps();
      const m = createMigration(TENANT, DOMAIN, 'aad-admin', now.value);
      m.conversationId = 'conv-n';
      m.locale = 'en';
      for (const id of ['verify-domain', 'mx', 'autodiscover'] as const) m.steps[id] = { ...m.steps[id], status: 'done', since: now.value };
      m.currentStep = 'user-addresses';
      await deps.repos.migrations.put(TENANT, DOMAIN, m, 'absent');
      await deps.repos.conversations.refresh(TENANT, 'conv-n', { serviceUrl: fx.connector.serviceUrl, channelId: 'msteams',
        conversation: { id: 'conv-n', tenantId: TENANT }, bot: { id: 'bot' }, user: { id: 'aad-admin' } }, now.value);
      const scheduler = createBotScheduler(deps, { adapter: createAdapter(cfg.bot), botAppId: undefined, settings: cfg.scheduler, owner: 'test' });
      const { bot } = testBot({ handlers: [registerJobUpkeep(deps, scheduler)] });
      await turn(bot.handleTurn, { type: 'message', text: 'hello', channelId: 'msteams', locale: 'en-US',
        from: { id: '29:a', aadObjectId: 'aad-admin', name: 'Anna' }, conversation: { id: 'conv-n', tenantId: TENANT } as never });
      assert.ok(await deps.store.jobs.get(jobId('nudge', TENANT, DOMAIN)), 'the turn queued the nudge job');

      assert.equal(await scheduler.runDue(), 1, 'looks once, decides to wait');
      assert.equal(fx.connector.calls.length, 0);
      now.value += 3 * 86_400_000;
      await scheduler.runDue();
      const texts = fx.connector.calls.map((c) => String(c.body?.text));
      assert.equal(texts.length, 1, JSON.stringify(texts));
      assert.match(texts[0]!, new RegExp(`^Reminder for ${DOMAIN.replace('.', '\\.')}: one step is still open\\.`));
      assert.match(texts[0]!, /User addresses in Microsoft 365/);
      assert.doesNotMatch(texts[0]!, /Outbound connector|two-factor/, 'steps not reached yet are not nudged');
      now.value += 86_400_000;
      await scheduler.runDue();
      assert.equal(fx.connector.calls.length, 1, 'the next nudge comes days later, not daily');
      await scheduler.stop(1000);
    });
  });
});
