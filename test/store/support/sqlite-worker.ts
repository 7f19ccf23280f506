/*
 * A separate process on a shared SQLite file, for tests that need real concurrency (better-sqlite3 is
 * synchronous, so two handles in one process never truly overlap). Prints `ready`, waits for a line on stdin,
 * works, prints one JSON line and exits.
 *   claim <file> <owner> <now>          claim (limit 5) and complete until nothing is due; prints claimed ids
 *   increment <file> <times>            etag-checked increments of record `counter`; prints conflicts seen
 *   hold <file> <owner> <now> <leaseMs> claim up to 10 and never complete (the parent kills it)
 */
import { createInterface } from 'node:readline';
import { openSqliteStore } from '../../../src/store/sqlite-store';

async function main(): Promise<void> {
  const [mode, file, ...rest] = process.argv.slice(2);
  const store = openSqliteStore(file!);
  process.stdout.write('ready\n');
  await new Promise<void>((go) => createInterface({ input: process.stdin }).once('line', () => go()));
  if (mode === 'claim') {
    const [owner, now] = rest;
    const ids: string[] = [];
    for (;;) {
      const got = await store.jobs.claimDue({ now: Number(now), limit: 5, owner: owner!, leaseMs: 600_000 });
      if (got.length === 0) break;
      for (const job of got) {
        ids.push(job.id);
        const done = await store.jobs.complete(job.id, job.token);
        if (!done.ok) throw new Error(`complete ${job.id}: ${done.reason}`);
      }
    }
    process.stdout.write(JSON.stringify({ ids }) + '\n');
  } else if (mode === 'increment') {
    let conflicts = 0;
    for (let i = 0; i < Number(rest[0]); i += 1) {
      for (;;) {
        const cur = (await store.records.get('counter'))!;
        const res = await store.records.put('counter', (cur.value as number) + 1, cur.etag);
        if (res.ok) break;
        conflicts += 1;
      }
    }
    process.stdout.write(JSON.stringify({ conflicts }) + '\n');
  } else if (mode === 'hold') {
    const [owner, now, leaseMs] = rest;
    const got = await store.jobs.claimDue({ now: Number(now), limit: 10, owner: owner!, leaseMs: Number(leaseMs) });
    process.stdout.write(JSON.stringify({ ids: got.map((j) => j.id) }) + '\n');
    await new Promise(() => undefined);
  }
  await store.close();
}

main().catch((err: unknown) => {
  process.stderr.write(String((err as Error).stack ?? err) + '\n');
  process.exit(1);
});
