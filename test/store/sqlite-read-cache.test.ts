import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTask } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/types';

// The SQLite store keeps the rows it read (bench/turns.ts: repeated reads were ~10 % of a turn); every read must
// still see every committed write, its own and another connection's or process's.
describe('sqlite store: read cache never serves a stale record', () => {
  let dir: string;
  let a: Store;
  let b: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-cache-'));
    a = openSqliteStore(path.join(dir, 'db.sqlite'));
    b = openSqliteStore(path.join(dir, 'db.sqlite'));
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sees another connection\'s put and delete in get and list right after they commit', async () => {
    await a.records.put('m/t1/x', { n: 1 }, 'absent');
    assert.deepEqual((await a.records.get('m/t1/x'))?.value, { n: 1 });
    assert.equal((await a.records.list('m/t1/')).length, 1);
    const first = (await b.records.get('m/t1/x'))!;
    assert.ok((await b.records.put('m/t1/x', { n: 2 }, first.etag)).ok);
    await b.records.put('m/t1/y', { n: 3 }, 'absent');
    assert.deepEqual((await a.records.get('m/t1/x'))?.value, { n: 2 });
    assert.deepEqual((await a.records.list('m/t1/')).map((r) => r.value), [{ n: 2 }, { n: 3 }]);
    await b.records.delete('m/t1/x', '*');
    assert.equal(await a.records.get('m/t1/x'), undefined);
    assert.deepEqual((await a.records.list('m/t1/')).map((r) => r.key), ['m/t1/y']);
  });

  it('sees its own writes in get, list and the empty-prefix list, with the new eTag', async () => {
    await a.records.put('m/t1/x', { n: 1 }, 'absent');
    const listed = await a.records.list('m/t1/');
    await a.records.list('');
    const put = await a.records.put('m/t1/x', { n: 2 }, listed[0]!.etag);
    assert.ok(put.ok);
    assert.equal((await a.records.get('m/t1/x'))?.etag, put.etag);
    assert.deepEqual((await a.records.list('m/t1/')).map((r) => [r.value, r.etag]), [[{ n: 2 }, put.etag]]);
    assert.deepEqual((await a.records.list('')).map((r) => r.value), [{ n: 2 }]);
    await a.records.delete('m/t1/x', put.etag);
    assert.deepEqual(await a.records.list('m/t1/'), []);
    assert.equal(await a.records.get('m/t1/x'), undefined);
  });

  // A connection that is no store handle of this process stands for another process: nothing but PRAGMA
  // data_version tells the cache about its commits.
  describe('commits by another process (a raw connection)', () => {
    let raw: Database.Database;
    beforeEach(() => {
      raw = new Database(path.join(dir, 'db.sqlite'));
    });
    afterEach(() => {
      raw.close();
    });
    const rawPut = (key: string, value: unknown, etag: string): void => {
      raw.prepare('UPDATE records SET value = ?, etag = ? WHERE key = ?').run(JSON.stringify(value), etag, key);
    };

    it('are seen by the first read of the next macrotask, in get and list', async () => {
      await a.records.put('m/t1/x', { n: 1 }, 'absent');
      assert.deepEqual((await a.records.get('m/t1/x'))?.value, { n: 1 });
      assert.equal((await a.records.list('m/t1/'))[0]?.etag, (await a.records.get('m/t1/x'))?.etag);
      rawPut('m/t1/x', { n: 2 }, 'etag-2');
      await nextTask();
      assert.deepEqual(await a.records.get('m/t1/x'), { value: { n: 2 }, etag: 'etag-2' });
      assert.deepEqual((await a.records.list('m/t1/')).map((r) => r.value), [{ n: 2 }]);
    });

    it('move the job queue\'s removal mark as seen from the next macrotask', async () => {
      await a.jobs.schedule({ id: 'j', tenantId: 't1', kind: 'nudge', dueAt: 1, payload: {} });
      const before = await a.jobs.removalMark();
      await nextTask();
      assert.equal(await a.jobs.removalMark(), before, 'nothing changed');
      raw.prepare('DELETE FROM jobs WHERE id = ?').run('j');
      await nextTask();
      assert.notEqual(await a.jobs.removalMark(), before, 'the other process cancelled the job');
    });

    it('never make a read older than a conflict it reported: a write re-checks inside its transaction', async () => {
      await a.records.put('m/t1/x', { step: 1 }, 'absent');
      const y = await a.records.put('m/t1/y', { sawStep: 1 }, 'absent');
      assert.ok(y.ok);
      // Both cached and checked in this macrotask; then the other process moves x on and y after it.
      assert.deepEqual((await a.records.get('m/t1/x'))?.value, { step: 1 });
      rawPut('m/t1/x', { step: 2 }, 'x-2');
      rawPut('m/t1/y', { sawStep: 2 }, 'y-2');
      const conflict = await a.records.put('m/t1/y', { sawStep: 1, mine: true }, y.etag);
      assert.ok(!conflict.ok);
      assert.deepEqual(conflict.current, { value: { sawStep: 2 }, etag: 'y-2' });
      assert.deepEqual((await a.records.get('m/t1/x'))?.value, { step: 2 }, 'x is at least as new as the y that won');
      assert.deepEqual((await a.records.list('m/t1/')).map((r) => r.etag), ['x-2', 'y-2']);
    });
  });
});
