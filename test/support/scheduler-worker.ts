/**
 * One scheduler worker process: the runner wired to Redis (state, conversation references, job queue), the real
 * resolver against `--dns`, and HTTP delivery to the conversation's serviceUrl. It runs until SIGTERM, then
 * stops gracefully (releasing its leases) and prints its counters as one JSON line.
 *
 *   node -r tsx/cjs test/support/scheduler-worker.ts --redis redis://127.0.0.1:PORT/0?prefix=t1: --dns 127.0.0.1:PORT \
 *     --owner a [--concurrency 4] [--lease-ms 2000] [--hang-after-sends N]
 *
 * Prints `ready <owner>` once it polls. `--hang-after-sends N` is test instrumentation: from the N-th delivery on,
 * each delivery is SENT and then never returns, so the process sits exactly between sending and completing
 * (and prints `hanging <owner>`), the moment a SIGKILL does the most harm.
 *
 * The composition root uses `createScheduler` the same way, with the bot adapter's `deliver` and the procedure's
 * migration port instead of these test ones.
 */
import { parseArgs } from 'node:util';
import { createResolver } from '../../src/dns/resolver';
import { createScheduler } from '../../src/scheduler/create-scheduler';
import { conversationPortFrom, settingsPortFrom } from '../../src/scheduler/store-ports';
import { ConversationRepository, UserSettingsRepository, openRedisStore } from '../../src/store';
import { spfProbe, testMigrationPort, type TestMigration } from './scheduler-fixtures';
import { createHttpDeliver } from './scheduler-http-deliver';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      redis: { type: 'string' }, dns: { type: 'string' }, owner: { type: 'string' },
      concurrency: { type: 'string', default: '4' }, 'lease-ms': { type: 'string', default: '2000' },
      'hang-after-sends': { type: 'string' },
    },
  });
  if (!values.redis || !values.dns || !values.owner) {
    process.stderr.write('usage: scheduler-worker --redis URL --dns HOST:PORT --owner ID [--concurrency N] [--lease-ms MS] [--hang-after-sends N]\n');
    process.exit(2);
  }
  const owner = values.owner;
  const store = await openRedisStore(values.redis);
  const resolver = createResolver({ servers: [values.dns], timeoutMs: 1000, retries: 1 });
  const counters = { sends: 0, onceRefused: 0 };
  const hangAfter = values['hang-after-sends'] === undefined ? Number.POSITIVE_INFINITY : Number(values['hang-after-sends']);
  const httpDeliver = createHttpDeliver();

  const scheduler = createScheduler<TestMigration>({
    queue: store.jobs,
    markOnce: async (key, ttl) => {
      const first = await store.markOnce(key, ttl);
      if (!first) counters.onceRefused += 1;
      return first;
    },
    deliver: async (reference, message) => {
      const result = await httpDeliver(reference, message);
      counters.sends += 1;
      if (counters.sends >= hangAfter) {
        if (counters.sends === hangAfter) process.stdout.write(`hanging ${owner}\n`);
        await new Promise<never>(() => {});
      }
      return result;
    },
    owner,
    migrations: testMigrationPort(store),
    conversations: conversationPortFrom(new ConversationRepository(store)),
    settings: settingsPortFrom(new UserSettingsRepository(store)),
    probe: spfProbe(resolver),
    // Quiet hours off: this test is about exactly-once, not about the time of day it happens to run.
    quietHours: { start: '00:00', end: '00:00', weekends: false },
    runner: { concurrency: Number(values.concurrency), leaseMs: Number(values['lease-ms']), batchSize: 20, pollMs: 50 },
    log: {
      info() {},
      warn(fields, message) { process.stderr.write(`${owner} warn ${message} ${JSON.stringify(fields)}\n`); },
      error(fields, message) { process.stderr.write(`${owner} error ${message} ${JSON.stringify(fields)}\n`); },
    },
  });

  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      await scheduler.stop(5_000);
      resolver.close();
      await store.close();
      process.stdout.write(`${JSON.stringify({ owner, ...counters })}\n`);
      process.exit(0);
    })();
  });
  scheduler.start();
  process.stdout.write(`ready ${owner}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`scheduler-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
