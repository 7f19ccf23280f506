import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../src/store/sqlite-store';
import type { Store } from '../../../src/store/types';

/** One fresh database file in a temp dir (with a parent to create); each open() is another connection to it. */
export function sqliteFixture() {
  const dir = mkdtempSync(join(tmpdir(), 'coexist-store-'));
  const file = join(dir, 'nested', 'coexist.db');
  const opened: Store[] = [];
  return {
    file,
    async open() {
      const store = openSqliteStore(file);
      opened.push(store);
      return store;
    },
    async dispose() {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
