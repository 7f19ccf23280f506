import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { Job } from '../../src/store/types';
import { sqliteFixture } from './support/sqlite-fixture';

const WORKER = join(__dirname, 'support', 'sqlite-worker.ts');
const T0 = 1_700_000_000_000;

interface Worker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  /** Resolves with the first JSON line the worker prints. */
  result: Promise<Record<string, unknown>>;
}

function startWorker(...args: string[]): Worker {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', WORKER, ...args], { cwd: join(__dirname, '..', '..') });
  let out = '';
  let err = '';
  let readyDone: () => void = () => undefined;
  const ready = new Promise<void>((done) => { readyDone = done; });
  const result = new Promise<Record<string, unknown>>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.startsWith('ready\n')) readyDone();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) done(JSON.parse(line) as Record<string, unknown>);
    });
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.on('exit', (code) => fail(new Error(`worker exited ${code}: ${err}`)));
  });
  return { child, ready, result };
}

function job(id: string, dueAt: number): Job {
  return { id, tenantId: 't', kind: 'recheck', dueAt, payload: { id } };
}

describe('sqlite store across processes and restarts', function () {
  this.timeout(60_000);

  it('two processes claiming from one file never get the same job', async () => {
    const fx = sqliteFixture();
    try {
      const store = await fx.open();
      const total = 1500;
      await store.jobs.scheduleMany(Array.from({ length: total }, (_, i) => job(`j${i}`, T0 - (i % 50))));
      const a = startWorker('claim', fx.file, 'A', String(T0));
      const b = startWorker('claim', fx.file, 'B', String(T0));
      await Promise.all([a.ready, b.ready]);
      a.child.stdin.write('go\n');
      b.child.stdin.write('go\n');
      const [ra, rb] = await Promise.all([a.result, b.result]);
      const idsA = ra.ids as string[];
      const idsB = rb.ids as string[];
      assert.ok(idsA.length > 0 && idsB.length > 0, `both processes should have claimed (${idsA.length}/${idsB.length})`);
      const all = [...idsA, ...idsB];
      assert.equal(new Set(all).size, all.length, 'a job was claimed twice');
      assert.equal(all.length, total);
      assert.deepEqual(await store.jobs.counts(T0), { total: 0, due: 0, leased: 0 });
    } finally {
      await fx.dispose();
    }
  });

  it('etag writes from two processes lose no update', async () => {
    const fx = sqliteFixture();
    try {
      const store = await fx.open();
      await store.records.put('counter', 0, 'absent');
      const a = startWorker('increment', fx.file, '300');
      const b = startWorker('increment', fx.file, '300');
      await Promise.all([a.ready, b.ready]);
      a.child.stdin.write('go\n');
      b.child.stdin.write('go\n');
      await Promise.all([a.result, b.result]);
      assert.equal((await store.records.get('counter'))?.value, 600);
    } finally {
      await fx.dispose();
    }
  });

  it('a process killed while holding leases loses nothing: the jobs return after the lease', async () => {
    const fx = sqliteFixture();
    try {
      const store = await fx.open();
      await store.jobs.scheduleMany(Array.from({ length: 10 }, (_, i) => job(`k${i}`, T0)));
      const w = startWorker('hold', fx.file, 'doomed', String(T0), '30000');
      await w.ready;
      w.child.stdin.write('go\n');
      const held = (await w.result).ids as string[];
      assert.equal(held.length, 10);
      w.child.kill('SIGKILL');
      assert.equal((await store.jobs.claimDue({ now: T0 + 29_999, limit: 100, owner: 'me', leaseMs: 1000 })).length, 0);
      const back = await store.jobs.claimDue({ now: T0 + 30_000, limit: 100, owner: 'me', leaseMs: 1000 });
      assert.deepEqual(back.map((j) => j.id).sort(), [...held].sort());
      assert.ok(back.every((j) => j.attempts === 2 && j.generation === 1));
    } finally {
      await fx.dispose();
    }
  });

  it('keeps records, jobs, leases and once-markers across close and reopen', async () => {
    const fx = sqliteFixture();
    try {
      let store = openSqliteStore(fx.file);
      const put = await store.records.put('migration/t/x.de', { step: 'spf' }, 'absent');
      assert.ok(put.ok);
      await store.jobs.scheduleMany([job('a', T0), job('b', T0 + 10_000)]);
      const [held] = await store.jobs.claimDue({ now: T0, limit: 1, owner: 'old', leaseMs: 5000 });
      assert.equal(await store.markOnce('job:a:1:send', 3_600_000), true);
      await store.close();

      store = await fx.open();
      assert.deepEqual(await store.records.get('migration/t/x.de'), { value: { step: 'spf' }, etag: put.etag });
      assert.deepEqual(await store.jobs.counts(T0), { total: 2, due: 0, leased: 1 });
      assert.equal(await store.markOnce('job:a:1:send', 3_600_000), false);
      assert.deepEqual(await store.jobs.complete('a', held!.token), { ok: true });
      assert.equal((await store.jobs.get('b'))?.dueAt, T0 + 10_000);
    } finally {
      await fx.dispose();
    }
  });

  it('uses WAL mode and refuses a file written by a newer table layout', async () => {
    const fx = sqliteFixture();
    try {
      const store = await fx.open();
      await store.close();
      const raw = new Database(fx.file);
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
      raw.pragma('user_version = 99');
      raw.close();
      assert.throws(() => openSqliteStore(fx.file), /newer coexist \(table layout 99/);
    } finally {
      await fx.dispose();
    }
  });
});
