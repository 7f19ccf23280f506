import { createMemoryStore } from './memory-store';
import { openRedisStore } from './redis-store';
import { openSqliteStore } from './sqlite-store';
import { parseStoreSetting, type StoreSetting } from './store-setting';
import type { Store } from './types';

export { parseStoreSetting, defaultStoreSetting, DEFAULT_SQLITE_FILE, type StoreSetting, type ParseSettingResult, type SqliteJournal } from './store-setting';

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
      return openSqliteStore(parsed.file, { ...(options.now ? { now: options.now } : {}), ...(parsed.journal ? { journal: parsed.journal } : {}) });
    case 'redis':
      return openRedisStore(parsed.url);
  }
}
