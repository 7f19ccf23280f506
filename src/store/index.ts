/** Public surface of the storage layer. */
export * from './types';
export { openStore, type OpenStoreOptions } from './open-store';
export { parseStoreSetting, defaultStoreSetting, DEFAULT_SQLITE_FILE, type StoreSetting, type ParseSettingResult, type SqliteJournal } from './store-setting';
export { createMemoryStore, MemoryBackend } from './memory-store';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite-store';
export { openRedisStore, type RedisStoreOptions } from './redis-store';
export { escapeKeyPart, unescapeKeyPart, recordKey, tenantPrefix, jobId, jobRunKey } from './keys';
export { encodeRecord, decodeRecord, type RecordType, type Upgrade, type Envelope, type DecodeResult } from './record-type';
export { TenantRepository, StoreDataError, DELETE, MAX_UPDATE_ATTEMPTS, type Change, type UpdateOptions, type UpdateResult, type TenantListed } from './repository';
export * from './repositories';
export { StoreClosedError } from './shared';
export { StoreOpenError, sqliteOpenError, type StoreOpenProblem } from './open-error';
export { withStoreDeadline, StoreTimeoutError, isStoreTimeout, DEFAULT_STORE_TIMEOUT_MS } from './deadline-store';
export { startWriteProbe, WRITE_PROBE_KEY, type WriteProbe, type WriteProbeResult } from './write-probe';
