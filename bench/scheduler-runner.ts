/**
 * Benchmark: what the runner adds on top of the queue. 2,000 due jobs run through `createRunner` (claim in batches,
 * per-job idempotency key via markOnce, complete with the lease token) against the baseline in the same run: the
 * same store's bare claimDue + complete loop. Printed per store (memory, SQLite) with the ratio; the target is a
 * small constant factor (markOnce is one extra store write per message, nothing per job otherwise).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunner } from '../src/scheduler/runner';
import { createMemoryStore, openSqliteStore, type Job, type Store } from '../src/store';

const JOBS = 2000;

function jobs(tag: string): Job[] {
  return Array.from({ length: JOBS }, (_, i) => ({ id: `${tag}/${i}`, tenantId: 't', kind: 'work', dueAt: 1, payload: { i } }));
}

async function baseline(store: Store): Promise<number> {
  await store.jobs.scheduleMany(jobs('base'));
  const t = performance.now();
  for (;;) {
    const claimed = await store.jobs.claimDue({ now: Date.now(), limit: 20, owner: 'bench', leaseMs: 60_000 });
    if (claimed.length === 0) break;
    for (const job of claimed) await store.jobs.complete(job.id, job.token);
  }
  return performance.now() - t;
}

async function withRunner(store: Store): Promise<{ ms: number; sent: number }> {
  await store.jobs.scheduleMany(jobs('run'));
  let sent = 0;
  const runner = createRunner({
    queue: store.jobs, markOnce: (k, ttl) => store.markOnce(k, ttl), owner: 'bench', batchSize: 20, concurrency: 4,
    deliver: async () => { sent++; return { kind: 'sent' }; },
    handlers: {
      work: async (_job, ctx) => {
        await ctx.sendOnce({}, { type: 'text', text: 'x' }, 'msg');
        return { kind: 'complete' };
      },
    },
  });
  const t = performance.now();
  await runner.runDue();
  const ms = performance.now() - t;
  await runner.stop(100);
  return { ms, sent };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'coexist-bench-scheduler-'));
  try {
    const stores: Array<[string, () => Store]> = [
      ['memory', () => createMemoryStore()],
      ['sqlite', () => openSqliteStore(join(dir, `s${Date.now()}.db`))],
    ];
    for (const [name, open] of stores) {
      const warm = open();
      await baseline(warm);
      await warm.close();
      const a = open();
      const base = await baseline(a);
      await a.close();
      const b = open();
      const run = await withRunner(b);
      await b.close();
      if (run.sent !== JOBS) throw new Error(`${name}: ${run.sent} messages for ${JOBS} jobs`);
      console.log(`${name.padEnd(6)} bare claim+complete ${base.toFixed(0).padStart(6)} ms (${(JOBS / base * 1000).toFixed(0)} jobs/s)` +
        ` | runner with markOnce+deliver ${run.ms.toFixed(0).padStart(6)} ms (${(JOBS / run.ms * 1000).toFixed(0)} jobs/s)` +
        ` | ratio ${(run.ms / base).toFixed(2)}x`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
