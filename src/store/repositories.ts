import type { RecordType } from './record-type';
import { TenantRepository, type Change, type TenantListed, type UpdateOptions, type UpdateResult } from './repository';
import type { DeleteResult, Expected, PutResult, Store, Versioned } from './types';

/**
 * The typed repositories the bot and scheduler use. All are tenant-scoped: tenantId is always the first
 * argument (see {@link TenantRepository}).
 */

/** Domains are case-insensitive and may carry a root dot; one migration per domain whatever the spelling. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

/** Migrations keyed by tenant + domain. The migration shape and its upgrades belong to `src/procedure`. */
export class MigrationRepository<M> {
  private readonly repo: TenantRepository<M>;
  constructor(store: Store, type: RecordType<M>) {
    this.repo = new TenantRepository(store.records, 'migration', type);
  }
  get(tenantId: string, domain: string): Promise<Versioned<M> | undefined> {
    return this.repo.get(tenantId, normalizeDomain(domain));
  }
  put(tenantId: string, domain: string, migration: M, expected: Expected): Promise<PutResult<M>> {
    return this.repo.put(tenantId, normalizeDomain(domain), migration, expected);
  }
  delete(tenantId: string, domain: string, expected: Expected): Promise<DeleteResult<M>> {
    return this.repo.delete(tenantId, normalizeDomain(domain), expected);
  }
  /** See {@link TenantRepository.update}: the one eTag-retry policy. */
  update(tenantId: string, domain: string, change: Change<M>, options?: UpdateOptions<M>): Promise<UpdateResult<M>> {
    return this.repo.update(tenantId, normalizeDomain(domain), change, options);
  }
  /** This tenant's migrations, ordered by domain. */
  async list(tenantId: string): Promise<Array<{ domain: string } & Versioned<M>>> {
    return (await this.repo.list(tenantId)).map(({ id, value, etag }: TenantListed<M>) => ({ domain: id, value, etag }));
  }
}

/** A stored conversation reference (botbuilder's ConversationReference, kept as JSON). */
export interface ConversationRecord<R = Record<string, unknown>> {
  reference: R;
  /** Epoch ms of the last activity that refreshed it. */
  updatedAt: number;
  /** Set when sending answered 403 (the bot was removed): send nothing until an activity arrives again. */
  removed?: { at: number; status: number };
}

export const conversationRecordType: RecordType<ConversationRecord> = {
  name: 'conversation',
  currentVersion: 1,
  upgrades: {},
  validate: (data) =>
    (typeof data === 'object' && data !== null && typeof (data as ConversationRecord).reference === 'object'
      ? undefined : 'reference missing'),
};

/** Conversation references keyed by tenant + conversation id, for proactive messages. */
export class ConversationRepository {
  private readonly repo: TenantRepository<ConversationRecord>;
  constructor(store: Store) {
    this.repo = new TenantRepository(store.records, 'conversation', conversationRecordType);
  }
  get(tenantId: string, conversationId: string): Promise<Versioned<ConversationRecord> | undefined> {
    return this.repo.get(tenantId, conversationId);
  }
  /**
   * Call on every incoming activity: stores the newest reference and clears `removed` (an activity proves the
   * bot is back in the conversation).
   */
  refresh(tenantId: string, conversationId: string, reference: Record<string, unknown>, now: number): Promise<UpdateResult<ConversationRecord>> {
    return this.repo.update(tenantId, conversationId, () => ({ reference, updatedAt: now }));
  }
  /** Records that sending failed with `status` (403: removed); leaves an unknown conversation absent. */
  markRemoved(tenantId: string, conversationId: string, now: number, status = 403): Promise<UpdateResult<ConversationRecord>> {
    return this.repo.update(tenantId, conversationId, (current) =>
      (current ? { ...current, removed: { at: now, status } } : undefined));
  }
  list(tenantId: string): Promise<TenantListed<ConversationRecord>[]> {
    return this.repo.list(tenantId);
  }
}

/** Per-user preferences. */
export interface UserSettings {
  /** `/remind off` sets false. */
  reminders: boolean;
  /** IANA time zone from Teams (`Europe/Berlin`), for quiet hours. */
  timeZone?: string;
}

export const DEFAULT_USER_SETTINGS: Readonly<UserSettings> = Object.freeze({ reminders: true });

export const userSettingsRecordType: RecordType<UserSettings> = {
  name: 'user-settings',
  currentVersion: 1,
  upgrades: {},
  validate: (data) =>
    (typeof data === 'object' && data !== null && typeof (data as UserSettings).reminders === 'boolean'
      ? undefined : 'reminders flag missing'),
};

/** User settings keyed by tenant + user (Azure AD object id). */
export class UserSettingsRepository {
  private readonly repo: TenantRepository<UserSettings>;
  constructor(store: Store) {
    this.repo = new TenantRepository(store.records, 'user-settings', userSettingsRecordType);
  }
  /** The stored settings, or the defaults (reminders on) for a user who never changed anything. */
  async get(tenantId: string, userId: string): Promise<UserSettings> {
    return (await this.repo.get(tenantId, userId))?.value ?? { ...DEFAULT_USER_SETTINGS };
  }
  /** Merges `patch` into the stored settings (etag-checked, retried on conflict). */
  update(tenantId: string, userId: string, patch: Partial<UserSettings>): Promise<UpdateResult<UserSettings>> {
    return this.repo.update(tenantId, userId, (current) => ({ ...DEFAULT_USER_SETTINGS, ...current, ...patch }));
  }
}

/** A helpdesk question waiting for the answer to its clarifying question (the second turn of the conversation). */
export interface PendingQuestion {
  /** The question as the person wrote it. */
  text: string;
  /** The clarifying question asked (src/helpdesk/clarify.ts id). */
  clarify: string;
  /** Epoch ms. */
  askedAt: number;
}

export const pendingQuestionRecordType: RecordType<PendingQuestion> = {
  name: 'helpdesk-question',
  currentVersion: 1,
  upgrades: {},
  validate: (data) => {
    const q = data as PendingQuestion;
    return typeof data === 'object' && data !== null && typeof q.text === 'string' && typeof q.clarify === 'string' && typeof q.askedAt === 'number'
      ? undefined : 'text, clarify or askedAt missing';
  },
};

/** Pending helpdesk questions keyed by tenant + conversation + token (the token rides on the card's buttons). */
export class PendingQuestionRepository {
  private readonly repo: TenantRepository<PendingQuestion>;
  constructor(store: Store) {
    this.repo = new TenantRepository(store.records, 'helpdesk-question', pendingQuestionRecordType);
  }
  /** Stores a new question; a token already in use is a conflict (tokens are random). */
  async add(tenantId: string, conversationId: string, token: string, question: PendingQuestion): Promise<boolean> {
    const result = await this.repo.put(tenantId, `${conversationId}:${token}`, question, 'absent');
    return result.ok;
  }
  async get(tenantId: string, conversationId: string, token: string): Promise<PendingQuestion | undefined> {
    return (await this.repo.get(tenantId, `${conversationId}:${token}`))?.value;
  }
}

/** A customer tenant connected with /connect: read-only Graph and Exchange access was seen to work. */
export interface TenantConnection {
  /** Epoch ms of the last successful check. */
  checkedAt: number;
  /** AAD object id of the admin who connected it. */
  by: string;
  graph: boolean;
  exchange: boolean;
}

export const tenantConnectionRecordType: RecordType<TenantConnection> = {
  name: 'tenant-connection',
  currentVersion: 1,
  upgrades: {},
  validate: (data) => {
    const c = data as TenantConnection;
    return typeof data === 'object' && data !== null && typeof c.checkedAt === 'number' && typeof c.graph === 'boolean' && typeof c.exchange === 'boolean'
      ? undefined : 'checkedAt, graph or exchange missing';
  },
};

/** One record per tenant: whether its admin connected the read-only app. No token or secret is ever stored. */
export class TenantConnectionRepository {
  private readonly repo: TenantRepository<TenantConnection>;
  constructor(store: Store) {
    this.repo = new TenantRepository(store.records, 'tenant-connection', tenantConnectionRecordType);
  }
  async get(tenantId: string): Promise<TenantConnection | undefined> {
    return (await this.repo.get(tenantId, 'connection'))?.value;
  }
  async set(tenantId: string, connection: TenantConnection): Promise<void> {
    await this.repo.update(tenantId, 'connection', () => connection);
  }
  /** Forgets the tenant's connection (/disconnect). */
  async forget(tenantId: string): Promise<void> {
    await this.repo.delete(tenantId, 'connection', '*');
  }
}

export interface Repositories<M> {
  migrations: MigrationRepository<M>;
  conversations: ConversationRepository;
  userSettings: UserSettingsRepository;
  pendingQuestions: PendingQuestionRepository;
  tenantConnections: TenantConnectionRepository;
}

/** The three repositories over one store. `migrationType` comes from `src/procedure` (shape and upgrades). */
export function createRepositories<M>(store: Store, migrationType: RecordType<M>): Repositories<M> {
  return {
    migrations: new MigrationRepository(store, migrationType),
    conversations: new ConversationRepository(store),
    userSettings: new UserSettingsRepository(store),
    pendingQuestions: new PendingQuestionRepository(store),
    tenantConnections: new TenantConnectionRepository(store),
  };
}
