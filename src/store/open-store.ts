import { isAbsolute, resolve } from 'node:path';
import { createMemoryStore } from './memory-store';
import { openRedisStore } from './redis-store';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './types';

/** Where the store lives, parsed from a `COEXIST_STORAGE`-style setting. */
export type StoreSetting =
  | { kind: 'memory' }
  | { kind: 'sqlite'; file: string }
  | { kind: 'redis'; url: string };

export type ParseSettingResult = { ok: true; setting: StoreSetting } | { ok: false; message: string };

/** The embedded default: `sqlite:<dataDir>/coexist.db`, or `sqlite:./.data/coexist.db` without a data dir. */
export function defaultStoreSetting(dataDir?: string): string {
  return dataDir ? `sqlite:${resolve(dataDir, 'coexist.db')}` : 'sqlite:./.data/coexist.db';
}

/**
 * Parses `sqlite:<path>` (or bare `sqlite`), `redis://…` / `rediss://…` or `memory:` (or `memory`). A relative SQLite path is resolved against
 * `dataDir` (COEXIST_DATA_DIR) when given, else against the working directory. Pure apart from `path.resolve`;
 * never throws: a bad setting is `ok: false` with a message naming the accepted forms.
 */
export function parseStoreSetting(raw: string | undefined, dataDir?: string): ParseSettingResult {
  const text = (raw ?? '').trim() || defaultStoreSetting(dataDir);
  const forms = "use 'sqlite:./.data/coexist.db', 'redis://127.0.0.1:6379/0' or 'memory:'";
  if (text === 'memory:' || text === 'memory') return { ok: true, setting: { kind: 'memory' } };
  // The bare word, as COEXIST_STORAGE=sqlite: the default file under the data dir.
  if (text === 'sqlite') return parseStoreSetting(defaultStoreSetting(dataDir), dataDir);
  if (text.startsWith('sqlite:')) {
    const path = text.slice('sqlite:'.length);
    if (path === '') return { ok: false, message: `storage setting '${text}' has no file; ${forms}` };
    if (path === ':memory:') return { ok: true, setting: { kind: 'sqlite', file: path } };
    return { ok: true, setting: { kind: 'sqlite', file: isAbsolute(path) ? path : resolve(dataDir ?? '.', path) } };
  }
  if (/^rediss?:\/\//.test(text)) {
    try {
      const url = new URL(text);
      const db = url.pathname.replace(/^\//, '');
      if (db !== '' && !/^\d+$/.test(db)) {
        return { ok: false, message: `storage setting '${text}': the Redis database must be a number (/0); ${forms}` };
      }
      return { ok: true, setting: { kind: 'redis', url: text } };
    } catch {
      return { ok: false, message: `storage setting '${text}' is not a valid URL; ${forms}` };
    }
  }
  return { ok: false, message: `unknown storage setting '${text}'; ${forms}` };
}

export interface OpenStoreOptions {
  /** COEXIST_DATA_DIR: base of a relative SQLite path. */
  dataDir?: string;
  /** Clock for `markOnce` expiry in memory and SQLite (Redis uses its server clock). */
  now?: () => number;
}

/**
 * Opens the store a setting names (see {@link parseStoreSetting}); `close()` releases it.
 * Rejects with a message naming the fix for a bad setting, an unreachable Redis or an unopenable file.
 */
export async function openStore(setting: string | StoreSetting | undefined, options: OpenStoreOptions = {}): Promise<Store> {
  let parsed: StoreSetting;
  if (typeof setting === 'object') {
    parsed = setting;
  } else {
    const result = parseStoreSetting(setting, options.dataDir);
    if (!result.ok) throw new Error(result.message);
    parsed = result.setting;
  }
  switch (parsed.kind) {
    case 'memory':
      return createMemoryStore(undefined, options.now);
    case 'sqlite':
      return openSqliteStore(parsed.file, options.now ? { now: options.now } : {});
    case 'redis':
      return openRedisStore(parsed.url);
  }
}
