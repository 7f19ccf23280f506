/**
 * Why a store could not be opened, as a code with the file (or Redis address) it concerns and the fix, so that a
 * failed start names all three instead of SQLite's bare "file is not a database". The composition root turns a
 * {@link StoreOpenError} into its own exit code (src/index.ts, docs/configuration.md).
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';

export type StoreOpenProblem =
  | 'not-a-database'
  | 'corrupt'
  | 'read-only'
  | 'cannot-open'
  | 'disk-full'
  | 'newer-layout'
  | 'redis-unreachable';

/** A store that could not be opened: `target` is the SQLite file or the Redis host, `fix` what to do about it. */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
  constructor(
    readonly problem: StoreOpenProblem,
    readonly target: string,
    readonly reason: string,
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot open the store ${target}: ${reason}. Fix: ${fix}`, options);
  }
}

function writableDirectory(directory: string): string | undefined {
  let probe = directory;
  // The nearest existing ancestor: that is where the missing directories would have to be created.
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  try {
    accessSync(probe, constants.W_OK);
    return undefined;
  } catch (error) {
    return `${probe} is not writable (${(error as NodeJS.ErrnoException).code ?? 'no write access'})`;
  }
}

/**
 * Classifies what opening the SQLite file `file` threw (better-sqlite3's SQLITE_* codes, or the fs error of
 * creating its directory). Reads the file system only to say which directory is not writable. Never throws.
 */
export function sqliteOpenError(file: string, error: unknown): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  const elsewhere = 'or point COEXIST_STORAGE (sqlite:<file>) or COEXIST_DATA_DIR at another place';
  const made = (problem: StoreOpenProblem, reason: string, fix: string) => new StoreOpenError(problem, file, `${reason} (${code || 'error'}: ${message})`, fix, { cause: error });
  if (code === 'SQLITE_NOTADB') {
    return made('not-a-database', 'the file is not a SQLite database (its header is damaged or it is some other file)',
      `stop coexist, move the file aside and restore it from a backup (or delete it to start with empty data), ${elsewhere}`);
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT')) {
    return made('corrupt', 'the database file is damaged',
      `stop coexist and restore the file from a backup (sqlite3 "${file}" ".recover" can save what is left), ${elsewhere}`);
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return made('disk-full', 'the disk is full', `free space on the file system of ${dirname(file)}, ${elsewhere}`);
  }
  const directory = writableDirectory(dirname(file));
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || directory !== undefined) {
    return made('read-only', `coexist cannot write there${directory ? `: ${directory}` : ''}`,
      `make ${dirname(file)} and the file writable for the user coexist runs as (SQLite also creates ${file}-wal and ${file}-shm beside it), ${elsewhere}`);
  }
  return made('cannot-open', 'SQLite could not open the file', `check that ${dirname(file)} exists and is a directory on a local disk, ${elsewhere}`);
}
