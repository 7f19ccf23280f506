/**
 * The per-turn job upkeep (registerJobUpkeep) skips its job reads while every job the conversation's migrations
 * call for was seen and no job was removed since, and never misses a change: a job cancelled by another store
 * handle (another process), or by this one, is queued again on the next turn, and so is a job a changed migration
 * newly calls for. Real SQLite file, two connections.
 */
import { strict as assert } from 'node:assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createAdapter } from '../../src/bot/adapter';
import { createAppDeps, type OwnedAppDeps } from '../../src/app/create-deps';
import { createBotScheduler, registerJobUpkeep } from '../../src/bot/scheduler';
import { parseConfig } from '../../src/config/config';
import { createMigration } from '../../src/procedure';
import { jobId } from '../../src/scheduler/jobs';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/types';
import { testBot, turn } from './bot-harness';

const TENANT = 'tenant-u';
const DOMAIN = 'upkeep.test';
const NUDGE = jobId('nudge', TENANT, DOMAIN);

describe('bot/scheduler: job upkeep after a turn', function () {
  this.timeout(20_000);
  const now = Date.UTC(2026, 10, 23, 9, 0);
  let dir: string;
  let owned: OwnedAppDeps;
  let other: Store;
  let jobReads: number;
  let say: () => Promise<unknown>;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-upkeep-'));
    const file = path.join(dir, 'coexist.sqlite');
    const parsed = parseConfig({ COEXIST_STORAGE: `sqlite:${file}` }, dir);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    owned = await createAppDeps(parsed.config, pino({ level: 'silent' }), { clock: () => now });
    const { deps } = owned;
    other = openSqliteStore(file);
    // A migration with a manual step open: the upkeep queues its nudge job.
    const m = createMigration(TENANT, DOMAIN, 'aad-admin', now);
    m.conversationId = 'conv-u';
    m.locale = 'en';
    for (const id of ['verify-domain', 'mx', 'autodiscover'] as const) m.steps[id] = { ...m.steps[id], status: 'done', since: now };
    m.currentStep = 'user-addresses';
    await deps.repos.migrations.put(TENANT, DOMAIN, m, 'absent');
    const scheduler = createBotScheduler(deps, { adapter: createAdapter(parsed.config.bot), botAppId: undefined, settings: parsed.config.scheduler, owner: 'test' });
    const { bot } = testBot({ handlers: [registerJobUpkeep(deps, scheduler)] });
    jobReads = 0;
    const get = deps.store.jobs.get.bind(deps.store.jobs);
    deps.store.jobs.get = (id) => {
      jobReads += 1;
      return get(id);
    };
    say = () => turn(bot.handleTurn, { type: 'message', text: 'hello', channelId: 'msteams', locale: 'en-US',
      from: { id: '29:a', aadObjectId: 'aad-admin', name: 'Anna' }, conversation: { id: 'conv-u', tenantId: TENANT } as never });
  });
  afterEach(async () => {
    await other.close();
    await owned.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads no job on a turn when nothing changed since the last upkeep', async () => {
    await say();
    assert.ok(await other.jobs.get(NUDGE), 'the first turn queued the nudge job');
    await say();
    assert.ok(jobReads >= 1, 'the first turns looked at the jobs');
    jobReads = 0;
    await say();
    assert.equal(jobReads, 0, 'nothing changed: the upkeep skipped its job reads');
  });

  for (const [who, jobsOf] of [
    ['another process', () => other.jobs],
    ['this process', () => owned.deps.store.jobs],
  ] as const) {
    it(`queues a job again that ${who} cancelled, though the migration did not change`, async () => {
      await say();
      await say();
      assert.equal(await jobsOf().cancel(NUDGE), true);
      await say();
      assert.ok(await other.jobs.get(NUDGE), 'the next turn queued the nudge job again');
    });
  }

  it('reads no job for a changed migration that calls for no new job (a click that records a probe result)', async () => {
    await say();
    await say();
    const updated = await owned.deps.repos.migrations.update(TENANT, DOMAIN, (m) => (m ? { ...m, locale: 'de' } : undefined));
    assert.ok(updated.ok && updated.written);
    jobReads = 0;
    await say();
    assert.equal(jobReads, 0, 'the nudge job was seen and nothing was removed since');
  });

  it('queues the job a changed migration newly calls for', async () => {
    await say();
    await say();
    const updated = await owned.deps.repos.migrations.update(TENANT, DOMAIN, (m) => (m
      ? { ...m, steps: { ...m.steps, mx: { ...m.steps.mx, status: 'waiting-for-dns' as const, since: now } } } : undefined));
    assert.ok(updated.ok && updated.written);
    await say();
    assert.ok(await other.jobs.get(jobId('recheck', TENANT, DOMAIN, 'mx')), 'the re-check of the step now waiting for DNS');
  });
});
