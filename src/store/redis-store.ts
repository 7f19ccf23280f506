import Redis from 'ioredis';
import { prefixUpperBound } from './keys';
import { StoreOpenError } from './open-error';
import { assertClaim, assertExpected, assertJob, assertOnce, frozenJsonCopy, newEtag, newToken, parseStored, StoreClosedError, toJsonText } from './shared';
import type {
  ClaimedJob, DeleteResult, Job, JobCounts, JobQueue, LeaseResult, ListedRecord, PutResult, RecordStore, Store,
  StoredJob, Versioned,
} from './types';

/*
 * Layout under the namespace P (default `coexist:`):
 *   P:rec:<key>      hash { v: JSON text, e: etag }
 *   P:rec-index      zset of record keys, all score 0, for prefix listing with ZRANGEBYLEX (never KEYS/SCAN patterns)
 *   P:job:<id>       hash of one job
 *   P:jobs:avail     zset id → when the job is claimable (due time, or end of its lease); a claim reads only the due head
 *   P:jobs:leased    zset id → lease end, to release an owner's leases and count live leases
 *   P:once:<key>     SET NX PX marker
 *   P:jobs:removals  counter INCR'd by the scripts that remove a job (complete, cancel): the queue's removal mark
 * Every state change is one Lua script, so it is atomic against every other client of the same server. The scripts
 * derive job keys from the namespace, which a Redis Cluster would reject: use one server (or a replicated primary).
 */

const PUT = `
local cur = redis.call('HMGET', KEYS[1], 'v', 'e')
local exp = ARGV[1]
if exp == 'absent' then
  if cur[2] then return {0, cur[1], cur[2]} end
elseif exp ~= '*' then
  if cur[2] ~= exp then return {0, cur[1], cur[2]} end
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'e', ARGV[3])
redis.call('ZADD', KEYS[2], 0, ARGV[4])
return {1}`;

const DEL = `
local cur = redis.call('HMGET', KEYS[1], 'v', 'e')
local exp = ARGV[1]
if exp == 'absent' then
  if cur[2] then return {0, cur[1], cur[2]} end
  return {1}
elseif exp ~= '*' and cur[2] ~= exp then
  return {0, cur[1], cur[2]}
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return {1}`;

const LIST = `
local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2])
local out = {}
for _, m in ipairs(members) do
  local cur = redis.call('HMGET', ARGV[3] .. m, 'v', 'e')
  if cur[2] then
    out[#out + 1] = m
    out[#out + 1] = cur[1]
    out[#out + 1] = cur[2]
  end
end
return out`;

const SCHEDULE = `
local n = 0
for i = 2, #ARGV, 5 do
  local id = ARGV[i]
  local key = ARGV[1] .. id
  local gen = tonumber(redis.call('HGET', key, 'generation') or '0') + 1
  redis.call('DEL', key)
  redis.call('HSET', key, 'tenantId', ARGV[i + 1], 'kind', ARGV[i + 2], 'dueAt', ARGV[i + 3], 'payload', ARGV[i + 4],
    'generation', gen, 'attempts', 0)
  redis.call('ZADD', KEYS[1], ARGV[i + 3], id)
  redis.call('ZREM', KEYS[2], id)
  n = n + 1
end
return n`;

const CLAIM = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, id in ipairs(ids) do
  local key = ARGV[1] .. id
  redis.call('HSET', key, 'owner', ARGV[4], 'token', ARGV[5], 'leaseUntil', ARGV[6])
  redis.call('HINCRBY', key, 'attempts', 1)
  redis.call('ZADD', KEYS[1], ARGV[6], id)
  redis.call('ZADD', KEYS[2], ARGV[6], id)
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGETALL', key)
end
return out`;

const COMPLETE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[2] then return 'lease-lost' end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('INCR', KEYS[4])
return 'ok'`;

const RESCHEDULE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[2] then return 'lease-lost' end
if ARGV[4] == '1' then redis.call('HSET', KEYS[1], 'payload', ARGV[5]) end
redis.call('HINCRBY', KEYS[1], 'generation', 1)
redis.call('HSET', KEYS[1], 'dueAt', ARGV[3], 'attempts', 0)
redis.call('HDEL', KEYS[1], 'owner', 'token', 'leaseUntil')
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return 'ok'`;

const RELEASE = `
local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
local n = 0
for _, id in ipairs(ids) do
  local key = ARGV[1] .. id
  if redis.call('HGET', key, 'owner') == ARGV[2] then
    redis.call('HDEL', key, 'owner', 'token', 'leaseUntil')
    redis.call('ZADD', KEYS[1], redis.call('HGET', key, 'dueAt'), id)
    redis.call('ZREM', KEYS[2], id)
    n = n + 1
  end
end
return n`;

const CANCEL = `
local n = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if n > 0 then redis.call('INCR', KEYS[4]) end
return n`;

const SCRIPTS = {
  coexistPut: { numberOfKeys: 2, lua: PUT },
  coexistDel: { numberOfKeys: 2, lua: DEL },
  coexistList: { numberOfKeys: 1, lua: LIST },
  coexistSchedule: { numberOfKeys: 2, lua: SCHEDULE },
  coexistClaim: { numberOfKeys: 2, lua: CLAIM },
  coexistComplete: { numberOfKeys: 4, lua: COMPLETE },
  coexistReschedule: { numberOfKeys: 3, lua: RESCHEDULE },
  coexistRelease: { numberOfKeys: 2, lua: RELEASE },
  coexistCancel: { numberOfKeys: 4, lua: CANCEL },
} as const;
type ScriptName = keyof typeof SCRIPTS;
type Reply = null | string | number | Reply[];

export interface RedisStoreOptions {
  /** Namespace of every key; lets several deployments (or tests) share one server. Default `coexist:`. */
  prefix?: string;
}

/** Reads a `field, value, …` reply of HGETALL into a stored job. */
function toStored(id: string, flat: Reply[]): StoredJob {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) f.set(String(flat[i]), String(flat[i + 1]));
  const leaseUntil = f.get('leaseUntil');
  return {
    id, tenantId: f.get('tenantId') ?? '', kind: f.get('kind') ?? '', dueAt: Number(f.get('dueAt')),
    payload: JSON.parse(f.get('payload') ?? 'null') as unknown, generation: Number(f.get('generation') ?? 0),
    attempts: Number(f.get('attempts') ?? 0), owner: f.get('owner'), leaseUntil: leaseUntil === undefined ? undefined : Number(leaseUntil),
  };
}


function leaseReply(reply: Reply): LeaseResult {
  if (reply === 'ok') return { ok: true };
  return { ok: false, reason: reply === 'missing' ? 'missing' : 'lease-lost' };
}

/**
 * Connects to Redis at `url` (`redis://[user:pass@]host:port/db`, optional `?prefix=ns:`) and returns the store.
 * Rejects with a message naming the URL when the server cannot be reached; nothing stays open then.
 */
export async function openRedisStore(url: string, options: RedisStoreOptions = {}): Promise<Store> {
  const parsed = new URL(url);
  const prefix = options.prefix ?? parsed.searchParams.get('prefix') ?? 'coexist:';
  parsed.searchParams.delete('prefix');
  const redis = new Redis(parsed.toString(), {
    lazyConnect: true,
    // Fail a command after a few reconnect attempts instead of queueing forever: the caller's job retries later.
    maxRetriesPerRequest: 3,
  });
  redis.on('error', () => {
    // ioredis reconnects by itself; commands that fail meanwhile reject to their callers.
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new StoreOpenError('redis-unreachable', `redis://${parsed.host}`, `Redis does not answer (${(err as Error).message})`, 'start redis-server there or fix COEXIST_STORAGE', { cause: err });
  }
  for (const [name, def] of Object.entries(SCRIPTS)) redis.defineCommand(name, def);
  const scripts = redis as unknown as Record<ScriptName, (...args: (string | number)[]) => Promise<Reply>>;

  const recKey = (key: string): string => `${prefix}rec:${key}`;
  const recIndex = `${prefix}rec-index`;
  const jobPrefix = `${prefix}job:`;
  const avail = `${prefix}jobs:avail`;
  const leased = `${prefix}jobs:leased`;
  const jobRemovals = `${prefix}jobs:removals`;

  let closed = false;
  const live = (): void => {
    if (closed) throw new StoreClosedError('redis');
  };
  // Parsed, frozen values by etag: an etag is random per write, so it names one stored text for good, and a
  // record read again unchanged is not parsed again. Bounded, oldest first out.
  const parsedByEtag = new Map<string, unknown>();
  const remember = (etag: string, value: unknown): unknown => {
    if (parsedByEtag.size >= 1024) parsedByEtag.delete(parsedByEtag.keys().next().value!);
    parsedByEtag.set(etag, value);
    return value;
  };
  const valueOf = (text: string, etag: string): unknown => parsedByEtag.get(etag) ?? remember(etag, parseStored(text));
  const conflictOf = (reply: Reply[]): Versioned<unknown> | undefined =>
    (typeof reply[2] === 'string' && typeof reply[1] === 'string' ? { value: valueOf(reply[1], reply[2]), etag: reply[2] } : undefined);

  const records: RecordStore = {
    async get(key) {
      live();
      const [v, e] = await redis.hmget(recKey(key), 'v', 'e');
      return typeof v === 'string' && typeof e === 'string' ? { value: valueOf(v, e), etag: e } : undefined;
    },
    async put(key, value, expected): Promise<PutResult> {
      assertExpected(expected);
      const text = toJsonText(value);
      live();
      const etag = newEtag();
      // Taken before the round trip, during which the caller may change `value`; the next read of this version
      // takes it instead of parsing the text.
      const frozen = frozenJsonCopy(value, parsedByEtag.get(expected));
      const reply = await scripts.coexistPut(recKey(key), recIndex, expected, text, etag, key) as Reply[];
      if (reply[0] !== 1) return { ok: false, reason: 'conflict', current: conflictOf(reply) };
      if (frozen !== undefined) remember(etag, frozen);
      return { ok: true, etag };
    },
    async delete(key, expected): Promise<DeleteResult> {
      assertExpected(expected);
      live();
      const reply = await scripts.coexistDel(recKey(key), recIndex, expected, key) as Reply[];
      return reply[0] === 1 ? { ok: true } : { ok: false, reason: 'conflict', current: conflictOf(reply) };
    },
    async list(prefixOfKeys): Promise<ListedRecord[]> {
      live();
      const [min, max] = prefixOfKeys === '' ? ['-', '+'] : [`[${prefixOfKeys}`, `(${prefixUpperBound(prefixOfKeys)}`];
      const flat = await scripts.coexistList(recIndex, min, max, `${prefix}rec:`) as string[];
      const out: ListedRecord[] = [];
      for (let i = 0; i + 2 < flat.length; i += 3) {
        out.push({ key: flat[i]!, value: valueOf(flat[i + 1]!, flat[i + 2]!), etag: flat[i + 2]! });
      }
      return out;
    },
  };

  const scheduleMany = async (list: readonly Job[]): Promise<void> => {
    list.forEach(assertJob);
    live();
    // Batches keep one script run short: Redis serves nobody else while a script runs.
    for (let start = 0; start < list.length; start += 500) {
      const args: (string | number)[] = [];
      for (const job of list.slice(start, start + 500)) {
        args.push(job.id, job.tenantId, job.kind, job.dueAt, toJsonText(job.payload));
      }
      await scripts.coexistSchedule(avail, leased, jobPrefix, ...args);
    }
  };

  const jobs: JobQueue = {
    async schedule(job) {
      await scheduleMany([job]);
    },
    scheduleMany,
    async claimDue(options): Promise<ClaimedJob[]> {
      assertClaim(options);
      live();
      const { now, limit, owner, leaseMs } = options;
      const token = newToken();
      const until = now + leaseMs;
      const flat = await scripts.coexistClaim(avail, leased, jobPrefix, now, limit, owner, token, until) as Reply[];
      const out: ClaimedJob[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        out.push({ ...toStored(String(flat[i]), flat[i + 1] as Reply[]), owner, token, leaseUntil: until });
      }
      return out.sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
    },
    async complete(id, token) {
      live();
      return leaseReply(await scripts.coexistComplete(jobPrefix + id, avail, leased, jobRemovals, id, token));
    },
    async reschedule(id, token, dueAt, payload) {
      if (!Number.isSafeInteger(dueAt)) throw new TypeError('dueAt must be integer epoch milliseconds');
      const text = payload === undefined ? '' : toJsonText(payload);
      live();
      return leaseReply(await scripts.coexistReschedule(jobPrefix + id, avail, leased, id, token, dueAt,
        payload === undefined ? '0' : '1', text));
    },
    async releaseOwner(owner) {
      live();
      return Number(await scripts.coexistRelease(avail, leased, jobPrefix, owner));
    },
    async cancel(id) {
      live();
      return Number(await scripts.coexistCancel(jobPrefix + id, avail, leased, jobRemovals, id)) === 1;
    },
    async get(id) {
      live();
      const flat = await redis.call('HGETALL', jobPrefix + id) as Reply[];
      return flat.length === 0 ? undefined : toStored(id, flat);
    },
    async removalMark() {
      live();
      return (await redis.get(jobRemovals)) ?? '0';
    },
    async counts(now): Promise<JobCounts> {
      live();
      const [total, due, held] = await Promise.all([
        redis.zcard(avail), redis.zcount(avail, '-inf', now), redis.zcount(leased, `(${now}`, '+inf'),
      ]);
      return { total, due, leased: held };
    },
  };

  return {
    kind: 'redis',
    records,
    jobs,
    async markOnce(key, ttlMs) {
      assertOnce(key, ttlMs);
      live();
      return (await redis.set(`${prefix}once:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
