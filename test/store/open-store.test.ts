import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, parseStoreSetting } from '../../src/store/open-store';
import { startRedisServer } from '../support/redis-server';

describe('openStore and the storage setting', () => {
  it('parses the three forms and resolves relative SQLite paths against the data dir', () => {
    assert.deepEqual(parseStoreSetting('memory:'), { ok: true, setting: { kind: 'memory' } });
    assert.deepEqual(parseStoreSetting('redis://127.0.0.1:6379/0'), { ok: true, setting: { kind: 'redis', url: 'redis://127.0.0.1:6379/0' } });
    assert.deepEqual(parseStoreSetting('sqlite:db/c.db', '/var/lib/coexist'), { ok: true, setting: { kind: 'sqlite', file: '/var/lib/coexist/db/c.db' } });
    assert.deepEqual(parseStoreSetting('sqlite:/abs/c.db', '/data'), { ok: true, setting: { kind: 'sqlite', file: '/abs/c.db' } });
    assert.deepEqual(parseStoreSetting(undefined), { ok: true, setting: { kind: 'sqlite', file: resolve('.data/coexist.sqlite') } });
    assert.deepEqual(parseStoreSetting('', '/data'), { ok: true, setting: { kind: 'sqlite', file: '/data/coexist.sqlite' } });
    assert.deepEqual(parseStoreSetting('sqlite', '/data'), { ok: true, setting: { kind: 'sqlite', file: '/data/coexist.sqlite' } });
    assert.deepEqual(parseStoreSetting('memory'), { ok: true, setting: { kind: 'memory' } });
  });

  it('explains a bad setting and names the accepted forms', () => {
    for (const bad of ['postgres://x', 'sqlite:', 'redis://127.0.0.1:6379/zero', 'mem', 'sqlite3', 'sqlite:x.db?journal=off', 'sqlite:x.db?mode=ro']) {
      const result = parseStoreSetting(bad);
      assert.ok(!result.ok, bad);
      assert.match(result.message, /'sqlite:<file>\[\?journal=wal\|delete\]'.*redis:\/\/127\.0\.0\.1:6379\/0.*memory/);
    }
  });

  it('takes the SQLite journal mode from the setting (delete for network file systems such as Azure Files)', () => {
    assert.deepEqual(parseStoreSetting('sqlite:c.db?journal=delete', '/data'), { ok: true, setting: { kind: 'sqlite', file: '/data/c.db', journal: 'delete' } });
    assert.deepEqual(parseStoreSetting('SQLite:/abs/c.db?journal=WAL'), { ok: true, setting: { kind: 'sqlite', file: '/abs/c.db', journal: 'wal' } });
    assert.deepEqual(parseStoreSetting('sqlite:?journal=delete', '/data'), { ok: true, setting: { kind: 'sqlite', file: '/data/coexist.sqlite', journal: 'delete' } });
  });

  it('opens SQLite in the journal mode the setting names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coexist-journal-'));
    try {
      for (const [setting, mode] of [['sqlite:del.db?journal=delete', 'delete'], ['sqlite:wal.db', 'wal']] as const) {
        const store = await openStore(setting, { dataDir: dir });
        await store.records.put('k', 1, 'absent');
        await store.close();
        const db = new Database(join(dir, setting.slice('sqlite:'.length).split('?')[0]!), { readonly: true });
        try {
          assert.equal(String(db.pragma('journal_mode', { simple: true })).toLowerCase(), mode, setting);
        } finally {
          db.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens each adapter from its setting', async function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'coexist-open-'));
    const redis = await startRedisServer();
    try {
      const memory = await openStore('memory:');
      assert.equal(memory.kind, 'memory');
      await memory.close();
      const sqlite = await openStore('sqlite:sub/coexist.db', { dataDir: dir });
      assert.equal(sqlite.kind, 'sqlite');
      await sqlite.records.put('k', 1, 'absent');
      await sqlite.close();
      assert.ok(existsSync(join(dir, 'sub', 'coexist.db')));
      const viaRedis = await openStore(`${redis.url}?prefix=open-test:`);
      assert.equal(viaRedis.kind, 'redis');
      await viaRedis.records.put('k', 1, 'absent');
      await viaRedis.close();
      await assert.rejects(openStore('nope:'), /unknown storage setting/);
    } finally {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unreachable Redis with a message naming the fix, leaving nothing open', async function () {
    this.timeout(20_000);
    const redis = await startRedisServer();
    const url = redis.url;
    await redis.stop();
    await assert.rejects(openStore(url), /cannot open the store redis:\/\/127\.0\.0\.1:\d+: Redis does not answer.*Fix: start redis-server there or fix COEXIST_STORAGE/);
  });
});
