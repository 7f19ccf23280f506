/**
 * The migration as the app stores it: the procedure's record plus what only the app needs, the live card (the
 * message that shows the migration's current card, so a click or a re-check replaces it instead of posting
 * anew). The engine never sees the live card: `runEvent` splits it off before `transition` and puts it back on
 * the record it saves. Stored as a field of the migration's envelope, so records written before this split read
 * unchanged.
 */
import { migrationRecordType } from '../procedure/migration';
import type { Migration } from '../procedure/types';
import type { RecordType } from '../store';

/** The message that shows a migration's current card. */
export interface LiveCard {
  conversationId: string;
  activityId: string;
}

export interface MigrationRecord {
  migration: Migration;
  liveCard?: LiveCard;
}

/** The stored shape: the migration's fields and `liveCard` beside them. */
type Stored = Migration & { liveCard?: LiveCard };

function isLiveCard(value: unknown): value is LiveCard {
  const v = value as Partial<LiveCard> | null;
  return typeof v === 'object' && v !== null && typeof v.conversationId === 'string' && typeof v.activityId === 'string';
}

/** Splits a stored value into the engine's migration and the live card. Pure; a malformed live card is dropped. */
export function fromStored(stored: Stored): MigrationRecord {
  const { liveCard, ...migration } = stored;
  return isLiveCard(liveCard) ? { migration, liveCard } : { migration };
}

/** The value to store for a record. Pure. */
export function toStored(record: MigrationRecord): Stored {
  return record.liveCard ? { ...record.migration, liveCard: record.liveCard } : record.migration;
}

/**
 * The store's record type of the app's migrations: the procedure's name, version, upgrades and shape check
 * (`src/procedure/migration.ts`), with the live card beside the migration.
 */
export const storedMigrationType: RecordType<Stored> = {
  name: migrationRecordType.name,
  currentVersion: migrationRecordType.currentVersion,
  upgrades: migrationRecordType.upgrades,
  validate: (data) => migrationRecordType.validate(data)
    ?? ((data as { liveCard?: unknown }).liveCard === undefined || isLiveCard((data as { liveCard?: unknown }).liveCard) ? undefined : 'live card malformed'),
};

export type StoredMigration = Stored;

/** The live card of a stored migration, when one was sent. Pure. */
export function liveCardOf(stored: StoredMigration | undefined): LiveCard | undefined {
  return stored ? fromStored(stored).liveCard : undefined;
}
