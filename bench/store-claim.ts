/*
 * Claiming the due jobs must not get slower as the store fills up: with 100,000 stored migrations and their
 * jobs, finding and claiming the 100 due jobs should cost about what it costs with 1,000 (SQLite: index on the
 * claimable time; Redis: ZSET by claimable time + one Lua script). Runs both sizes on SQLite and on a
 * redis-server started here, prints the median claim time of each and the ratio 100k / 1k.
 * Expect SQLite around 1.5 (more under load): the 100 due rows lie on ~100 different table pages at 100k but on
 * the few pages of the whole table at 1k, so the commit writes more pages; that stops growing at ~10k, which
 * the 100k/10k ratio shows. A scan of all jobs would make 100k/1k ~100.
 * Exits 1 when a ratio exceeds MAX_RATIO.
 *   npx tsx bench/store-claim.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { recordKey } from '../src/store/keys';
import { openRedisStore } from '../src/store/redis-store';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { Job, Store } from '../src/store/types';
import { startRedisServer } from '../test/support/redis-server';

// 10k sits between: from there on the 100 due rows lie on 100 different pages, so 10k → 100k isolates growth in N.
const SIZES = [1_000, 10_000, 100_000];
const DUE = 100;
const ROUNDS = 40;
const WARMUP = 5;
const T0 = 1_700_000_000_000;
const MAX_RATIO = 4;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function seed(store: Store, size: number): Promise<void> {
  const batch = 1000;
  for (let start = 0; start < size; start += batch) {
    const jobs: Job[] = [];
    const writes: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(size, start + batch); i += 1) {
      const tenant = `tenant-${i % 97}`;
      const domain = `firma-${i}.de`;
      writes.push(store.records.put(recordKey('migration', tenant, domain),
        { type: 'migration', schemaVersion: 1, data: { domain, step: 'spf', users: [{ name: 'Max Muster', address: `max@${domain}` }] } }, '*'));
      // Every migration has a pending re-check somewhere in the next days; none is due yet.
      jobs.push({ id: `recheck/${tenant}/${domain}/spf`, tenantId: tenant, kind: 'recheck', dueAt: T0 + 3_600_000 + i * 1000,
        payload: { domain, step: 'spf' } });
    }
    await Promise.all(writes);
    await store.jobs.scheduleMany(jobs);
  }
}

/** Makes 100 existing jobs due at `now` (re-scheduling moves them) and times claimDue(limit 100). */
async function claimRound(store: Store, size: number, round: number): Promise<number> {
  const now = T0 + round;
  const due: Job[] = [];
  for (let k = 0; k < DUE; k += 1) {
    const i = (round * DUE + k * 7919) % size;
    const tenant = `tenant-${i % 97}`;
    due.push({ id: `recheck/${tenant}/firma-${i}.de/spf`, tenantId: tenant, kind: 'recheck', dueAt: now - 1, payload: { round } });
  }
  await store.jobs.scheduleMany(due);
  const start = performance.now();
  const claimed = await store.jobs.claimDue({ now, limit: DUE, owner: 'bench', leaseMs: 600_000 });
  const ms = performance.now() - start;
  if (claimed.length !== DUE) throw new Error(`expected ${DUE} due jobs, claimed ${claimed.length}`);
  for (const job of claimed) {
    // Back into the future, as a re-check that backs off would: the stored count stays `size`.
    const done = await store.jobs.reschedule(job.id, job.token, T0 + 86_400_000 + round);
    if (!done.ok) throw new Error(`reschedule ${job.id}: ${done.reason}`);
  }
  return ms;
}

/**
 * Seeds one store per size, then alternates claim rounds between them, so load from anything else on the
 * machine hits both sizes alike. Returns the median claim time per size.
 */
async function compare(name: string, open: (size: number) => Promise<Store>): Promise<number[]> {
  const stores: Store[] = [];
  try {
    for (const size of SIZES) {
      const store = await open(size);
      stores.push(store);
      const seedStart = performance.now();
      await seed(store, size);
      console.log(`${name}: seeded ${size} migrations and jobs in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
    }
    const times: number[][] = SIZES.map(() => []);
    for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
      for (let s = 0; s < SIZES.length; s += 1) {
        const ms = await claimRound(stores[s]!, SIZES[s]!, round);
        if (round >= WARMUP) times[s]!.push(ms);
      }
    }
    for (let s = 0; s < SIZES.length; s += 1) {
      const counts = await stores[s]!.jobs.counts(T0 + WARMUP + ROUNDS);
      if (counts.due !== 0 || counts.leased !== 0 || counts.total !== SIZES[s]) {
        throw new Error(`unexpected queue state after the run: ${JSON.stringify(counts)}`);
      }
    }
    return times.map(median);
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'coexist-bench-'));
  const redis = await startRedisServer();
  const rows: string[] = [];
  let worst = 0;
  try {
    const adapters: Array<[string, (size: number) => Promise<Store>]> = [
      ['sqlite', async (size) => openSqliteStore(join(dir, `claim-${size}.db`))],
      ['redis', async () => openRedisStore(redis.url, { prefix: `bench-${randomUUID()}:` })],
    ];
    for (const [name, open] of adapters) {
      const [small, mid, big] = await compare(name, open);
      const ratio = big! / small!;
      worst = Math.max(worst, ratio);
      rows.push(`${name.padEnd(6)} claim ${DUE} due (median of ${ROUNDS}): ${small!.toFixed(3)} ms with 1k stored, ${mid!.toFixed(3)} ms with 10k, ${big!.toFixed(3)} ms with 100k; ratio 100k/1k ${ratio.toFixed(2)}, 100k/10k ${(big! / mid!).toFixed(2)}`);
    }
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('');
  for (const row of rows) console.log(row);
  console.log(`worst ratio 100k/1k: ${worst.toFixed(2)} (target: about 1; a scan of all jobs would be ~100)`);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (worst > MAX_RATIO) {
    console.log(`FAIL: claiming grows with the number of stored jobs (ratio above ${MAX_RATIO})`);
    process.exitCode = 1;
  } else {
    console.log(`ok: ratio within ${MAX_RATIO}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
