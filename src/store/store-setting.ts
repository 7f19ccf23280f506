import { isAbsolute, resolve } from 'node:path';

/**
 * SQLite journal mode. WAL (default) lets readers and the writer run side by side, but needs shared memory, which
 * network file systems (SMB, as Azure Files mounts are) do not provide: use `delete` there (sqlite.org/wal.html,
 * "WAL does not work over a network filesystem").
 */
export type SqliteJournal = 'wal' | 'delete';

/** Where the store lives, parsed from a `COEXIST_STORAGE`-style setting. */
export type StoreSetting =
  | { kind: 'memory' }
  | { kind: 'sqlite'; file: string; journal?: SqliteJournal }
  | { kind: 'redis'; url: string };

export type ParseSettingResult = { ok: true; setting: StoreSetting } | { ok: false; message: string };

/** The SQLite file the embedded default uses, inside COEXIST_DATA_DIR. */
export const DEFAULT_SQLITE_FILE = 'coexist.sqlite';

/** The embedded default: `sqlite:<dataDir>/coexist.sqlite`, or `sqlite:./.data/coexist.sqlite` without a data dir. */
export function defaultStoreSetting(dataDir?: string): string {
  return dataDir ? `sqlite:${resolve(dataDir, DEFAULT_SQLITE_FILE)}` : `sqlite:./.data/${DEFAULT_SQLITE_FILE}`;
}

const FORMS = "use 'sqlite', 'sqlite:<file>[?journal=wal|delete]', 'redis://127.0.0.1:6379/0' or 'memory'";

function parseSqlite(text: string, rest: string, dataDir: string | undefined): ParseSettingResult {
  const [path = '', query] = rest.split('?', 2) as [string, string | undefined];
  let journal: SqliteJournal | undefined;
  if (query !== undefined) {
    const params = new URLSearchParams(query);
    for (const key of params.keys()) {
      if (key !== 'journal') return { ok: false, message: `storage setting '${text}': unknown option '${key}'; ${FORMS}` };
    }
    const value = (params.get('journal') ?? '').toLowerCase();
    if (value !== 'wal' && value !== 'delete') {
      return { ok: false, message: `storage setting '${text}': journal must be 'wal' or 'delete' (delete on network file systems such as Azure Files); ${FORMS}` };
    }
    journal = value;
  }
  const base = path === '' ? resolve(dataDir ?? './.data', DEFAULT_SQLITE_FILE) : path;
  const file = base === ':memory:' || isAbsolute(base) ? base : resolve(dataDir ?? '.', base);
  return { ok: true, setting: journal ? { kind: 'sqlite', file, journal } : { kind: 'sqlite', file } };
}

/**
 * Parses `sqlite` (the default file under the data dir), `sqlite:<path>[?journal=wal|delete]`, `redis://…` /
 * `rediss://…` or `memory:` (or `memory`); the bare words in any case. A relative SQLite path is resolved against
 * `dataDir` (COEXIST_DATA_DIR) when given, else against the working directory. Pure apart from `path.resolve`;
 * never throws: a bad setting is `ok: false` with a message naming the accepted forms.
 */
export function parseStoreSetting(raw: string | undefined, dataDir?: string): ParseSettingResult {
  const text = (raw ?? '').trim() || defaultStoreSetting(dataDir);
  const lower = text.toLowerCase();
  if (lower === 'memory:' || lower === 'memory') return { ok: true, setting: { kind: 'memory' } };
  if (lower === 'sqlite') return parseSqlite(text, '', dataDir);
  if (lower.startsWith('sqlite:')) {
    const rest = text.slice('sqlite:'.length);
    if (rest === '') return { ok: false, message: `storage setting '${text}' has no file; ${FORMS}` };
    return parseSqlite(text, rest, dataDir);
  }
  if (/^rediss?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      const db = url.pathname.replace(/^\//, '');
      if (db !== '' && !/^\d+$/.test(db)) {
        return { ok: false, message: `storage setting '${text}': the Redis database must be a number (/0); ${FORMS}` };
      }
      return { ok: true, setting: { kind: 'redis', url: text } };
    } catch {
      return { ok: false, message: `storage setting '${text}' is not a valid URL; ${FORMS}` };
    }
  }
  return { ok: false, message: `unknown storage setting '${text}'; ${FORMS}` };
}
