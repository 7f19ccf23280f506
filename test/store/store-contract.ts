import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRepositories, MigrationRepository } from '../../src/store/repositories';
import type { RecordType } from '../../src/store/record-type';
import { jobRunKey } from '../../src/store/keys';
import { StoreClosedError } from '../../src/store/shared';
import type { ClaimedJob, Job, Store } from '../../src/store/types';

/** One backing data set; every `open()` is another instance (connection, handle) on the same data. */
export interface StoreFixture {
  open(): Promise<Store>;
  /** Closes every store opened by this fixture and removes its data. */
  dispose(): Promise<void>;
}

interface Migration {
  domain: string;
  step: string;
  counter: number;
}

export const migrationType: RecordType<Migration> = {
  name: 'migration',
  currentVersion: 2,
  // Version 1 called the step `stage` and had no counter: the upgrade is data, applied on read.
  upgrades: { 1: (data) => {
    const old = data as { domain: string; stage: string };
    return { domain: old.domain, step: old.stage, counter: 0 };
  } },
  validate: (data) => (typeof (data as Migration).step === 'string' ? undefined : 'step missing'),
};

const T0 = 1_700_000_000_000;

function job(id: string, dueAt: number, payload: unknown = { id }): Job {
  return { id, tenantId: 'tenant-a', kind: 'recheck', dueAt, payload };
}

/** The storage contract, run against one adapter. */
export function defineStoreContract(name: string, makeFixture: () => Promise<StoreFixture>): void {
  describe(`store contract: ${name}`, function () {
    let fixture: StoreFixture;
    let store: Store;
    beforeEach(async () => {
      fixture = await makeFixture();
      store = await fixture.open();
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    describe('records', () => {
      it('creates only when absent and reports the winner on a second create', async () => {
        assert.equal(await store.records.get('k'), undefined);
        const first = await store.records.put('k', { n: 1 }, 'absent');
        assert.equal(first.ok, true);
        const second = await store.records.put('k', { n: 2 }, 'absent');
        assert.equal(second.ok, false);
        assert.ok(!second.ok && second.reason === 'conflict');
        assert.deepEqual(second.current, { value: { n: 1 }, etag: first.ok ? first.etag : '' });
      });

      it('writes with the current etag and refuses a stale one without throwing', async () => {
        const a = await store.records.put('k', { n: 1 }, 'absent');
        assert.ok(a.ok);
        const b = await store.records.put('k', { n: 2 }, a.etag);
        assert.ok(b.ok);
        assert.notEqual(b.etag, a.etag);
        const stale = await store.records.put('k', { n: 3 }, a.etag);
        assert.ok(!stale.ok);
        assert.deepEqual(stale.current, { value: { n: 2 }, etag: b.etag });
        assert.deepEqual(await store.records.get('k'), { value: { n: 2 }, etag: b.etag });
        const missing = await store.records.put('other', { n: 1 }, a.etag);
        assert.ok(!missing.ok);
        assert.equal(missing.current, undefined);
      });

      it("writes unconditionally with '*'", async () => {
        const a = await store.records.put('k', 1, '*');
        const b = await store.records.put('k', 2, '*');
        assert.ok(a.ok && b.ok);
        assert.deepEqual((await store.records.get('k'))?.value, 2);
      });

      it('deletes with the current etag only; a re-created record never matches an old etag', async () => {
        const a = await store.records.put('k', 'one', 'absent');
        assert.ok(a.ok);
        const b = await store.records.put('k', 'two', a.etag);
        assert.ok(b.ok);
        const stale = await store.records.delete('k', a.etag);
        assert.ok(!stale.ok);
        assert.equal(stale.current?.value, 'two');
        assert.deepEqual(await store.records.delete('k', b.etag), { ok: true });
        assert.equal(await store.records.get('k'), undefined);
        assert.deepEqual(await store.records.delete('k', 'absent'), { ok: true });
        assert.deepEqual(await store.records.delete('k', '*'), { ok: true });
        const again = await store.records.put('k', 'three', 'absent');
        assert.ok(again.ok);
        assert.ok(!(await store.records.put('k', 'four', b.etag)).ok);
      });

      it('round-trips JSON values and rejects what JSON cannot hold', async () => {
        const value = { s: 'Grüße ✓ \u0000 "q"', n: -1.5, big: 2 ** 52, list: [null, true, { deep: ['x'] }], empty: {} };
        await store.records.put('json', value, '*');
        assert.deepEqual((await store.records.get('json'))?.value, value);
        await assert.rejects(store.records.put('bad', undefined, '*'), TypeError);
      });

      it('reads back a value written by this handle as its JSON form, whatever it held', async () => {
        const value = { at: new Date(T0), zero: -0, nan: Number.NaN, gone: undefined, list: [undefined, -0, { toJSON: () => 'j' }], plain: { a: [1] } };
        const json = JSON.parse(JSON.stringify(value)) as unknown;
        await store.records.put('m/t1/json', value, '*');
        await store.records.put('m/t1/plain', { zero: -0, gone: undefined, deep: { list: [-0, 'x'] } }, '*');
        assert.deepStrictEqual((await store.records.get('m/t1/json'))?.value, json);
        assert.deepStrictEqual((await store.records.list('m/t1/')).map((r) => r.value), [json, { zero: 0, deep: { list: [0, 'x'] } }]);
        const other = await fixture.open();
        assert.deepStrictEqual((await other.records.get('m/t1/plain'))?.value, { zero: 0, deep: { list: [0, 'x'] } });
      });

      it('hands out deep-frozen values: a reader that changes one fails loudly and changes nothing stored', async () => {
        await store.records.put('m/t1/x', { n: 1, list: [1], deep: { a: 'b' } }, 'absent');
        const read = (await store.records.get('m/t1/x'))!.value as { n: number; list: number[]; deep: { a: string } };
        assert.throws(() => { read.n = 99; }, TypeError);
        assert.throws(() => { read.list.push(2); }, TypeError);
        assert.throws(() => { read.deep.a = 'c'; }, TypeError);
        const listed = (await store.records.list('m/t1/'))[0]!.value as { n: number };
        assert.throws(() => { listed.n = 98; }, TypeError);
        const other = await fixture.open();
        const conflict = await other.records.put('m/t1/x', { n: 2 }, 'absent');
        if (conflict.ok || !conflict.current) return assert.fail('the second create conflicts and reports the first');
        const current = conflict.current.value as { n: number };
        assert.throws(() => { current.n = 97; }, TypeError);
        assert.deepEqual((await store.records.get('m/t1/x'))?.value, { n: 1, list: [1], deep: { a: 'b' } });
        assert.deepEqual((await other.records.list('m/t1/'))[0]?.value, { n: 1, list: [1], deep: { a: 'b' } });
      });

      it('reads back a new version made by spreading the one read, and freezes none of the caller\'s parts', async () => {
        await store.records.put('m/t1/x', { n: 1, keep: { deep: ['a'] }, step: { s: 'open', probe: { found: ['x'] } } }, 'absent');
        const read = (await store.records.get('m/t1/x'))!;
        const old = read.value as { n: number; keep: object; step: { s: string; probe: object } };
        const step = { ...old.step, s: 'done', note: { by: 'me' } };
        const next = { ...old, n: 2, step };
        const saved = await store.records.put('m/t1/x', next, read.etag);
        assert.ok(saved.ok);
        assert.ok(!Object.isFrozen(next) && !Object.isFrozen(step) && !Object.isFrozen(step.note));
        step.note.by = 'changed later';
        const expected = { n: 2, keep: { deep: ['a'] }, step: { s: 'done', probe: { found: ['x'] }, note: { by: 'me' } } };
        assert.deepStrictEqual((await store.records.get('m/t1/x'))?.value, expected);
        assert.deepStrictEqual((await store.records.list('m/t1/'))[0]?.value, expected);
        const other = await fixture.open();
        assert.deepStrictEqual((await other.records.get('m/t1/x'))?.value, expected);
      });

      it('never freezes the value a caller writes', async () => {
        const mine = { n: 1, list: [1] };
        await store.records.put('m/t1/x', mine, 'absent');
        mine.n = 2;
        mine.list.push(2);
        assert.deepEqual((await store.records.get('m/t1/x'))?.value, { n: 1, list: [1] });
      });

      it('lists by literal prefix, in key order, never as a pattern', async () => {
        for (const key of ['a/b%', 'a/b%x', 'a/bc', 'a/b*', 'a/b_', 'a/c', 'ab', 'a/b%/deep']) {
          await store.records.put(key, key, '*');
        }
        assert.deepEqual((await store.records.list('a/b%')).map((r) => r.key), ['a/b%', 'a/b%/deep', 'a/b%x']);
        assert.deepEqual((await store.records.list('a/b*')).map((r) => r.key), ['a/b*']);
        assert.deepEqual((await store.records.list('a/b_')).map((r) => r.key), ['a/b_']);
        assert.deepEqual((await store.records.list('a/')).map((r) => r.key), ['a/b%', 'a/b%/deep', 'a/b%x', 'a/b*', 'a/b_', 'a/bc', 'a/c']);
        const listed = await store.records.list('a/c');
        assert.equal(listed[0]!.value, 'a/c');
        assert.equal(listed[0]!.etag, (await store.records.get('a/c'))!.etag);
      });

      it('loses no update when writers on two instances race (etag compare-and-set)', async () => {
        const other = await fixture.open();
        await store.records.put('counter', 0, 'absent');
        let conflicts = 0;
        const increment = async (s: Store, times: number): Promise<void> => {
          for (let i = 0; i < times; i += 1) {
            for (;;) {
              const cur = (await s.records.get('counter'))!;
              const res = await s.records.put('counter', (cur.value as number) + 1, cur.etag);
              if (res.ok) break;
              conflicts += 1;
            }
          }
        };
        await Promise.all([increment(store, 20), increment(other, 20), increment(store, 20), increment(other, 20)]);
        assert.equal((await other.records.get('counter'))!.value, 80);
        assert.ok(conflicts > 0, 'the writers never collided, so the test proved nothing');
      });
    });

    describe('job queue', () => {
      it('upserts by id: scheduling again moves the job and starts a new generation', async () => {
        await store.jobs.schedule(job('j1', T0 + 1000, { v: 1 }));
        await store.jobs.schedule(job('j1', T0 + 5000, { v: 2 }));
        assert.deepEqual(await store.jobs.counts(T0), { total: 1, due: 0, leased: 0 });
        const stored = await store.jobs.get('j1');
        assert.equal(stored?.dueAt, T0 + 5000);
        assert.deepEqual(stored?.payload, { v: 2 });
        assert.equal(stored?.generation, 2);
        assert.equal(stored?.attempts, 0);
        assert.equal((await store.jobs.claimDue({ now: T0 + 4999, limit: 10, owner: 'a', leaseMs: 1000 })).length, 0);
        assert.deepEqual((await store.jobs.claimDue({ now: T0 + 5000, limit: 10, owner: 'a', leaseMs: 1000 })).map((j) => j.id), ['j1']);
      });

      it('claims only due jobs, at most limit, earliest first, with owner, token and lease', async () => {
        await store.jobs.scheduleMany([job('late', T0 + 100), job('c', T0 - 10), job('a', T0 - 30), job('b', T0 - 20), job('future', T0 + 1)]);
        const first = await store.jobs.claimDue({ now: T0, limit: 2, owner: 'one', leaseMs: 60_000 });
        assert.deepEqual(first.map((j) => j.id), ['a', 'b']);
        for (const claimed of first) {
          assert.equal(claimed.owner, 'one');
          assert.equal(claimed.leaseUntil, T0 + 60_000);
          assert.equal(claimed.attempts, 1);
          assert.equal(claimed.tenantId, 'tenant-a');
          assert.equal(claimed.kind, 'recheck');
          assert.deepEqual(claimed.payload, { id: claimed.id });
          assert.ok(claimed.token.length >= 16);
        }
        assert.deepEqual(await store.jobs.counts(T0), { total: 5, due: 1, leased: 2 });
        const rest = await store.jobs.claimDue({ now: T0, limit: 10, owner: 'two', leaseMs: 60_000 });
        assert.deepEqual(rest.map((j) => j.id), ['c']);
      });

      it('hides a claimed job from other instances until the lease expires, then hands it over (crash recovery)', async () => {
        const other = await fixture.open();
        await store.jobs.schedule(job('j', T0));
        const [held] = await store.jobs.claimDue({ now: T0, limit: 1, owner: 'crashed', leaseMs: 30_000 });
        assert.ok(held);
        assert.equal((await other.jobs.claimDue({ now: T0 + 29_999, limit: 5, owner: 'survivor', leaseMs: 30_000 })).length, 0);
        const [again] = await other.jobs.claimDue({ now: T0 + 30_000, limit: 5, owner: 'survivor', leaseMs: 30_000 });
        assert.ok(again);
        assert.equal(again.id, 'j');
        assert.equal(again.attempts, 2);
        assert.equal(again.generation, held.generation, 'a re-claim is the same run: same idempotency key');
        assert.notEqual(again.token, held.token);
        assert.deepEqual(await store.jobs.complete('j', held.token), { ok: false, reason: 'lease-lost' });
        assert.deepEqual(await store.jobs.reschedule('j', held.token, T0 + 99), { ok: false, reason: 'lease-lost' });
        assert.deepEqual(await other.jobs.complete('j', again.token), { ok: true });
        assert.deepEqual(await other.jobs.complete('j', again.token), { ok: false, reason: 'missing' });
        assert.deepEqual(await store.jobs.counts(T0 + 30_000), { total: 0, due: 0, leased: 0 });
      });

      it('reschedules with the token: new due time and payload, lease dropped, new generation', async () => {
        await store.jobs.schedule(job('j', T0, { try: 1 }));
        const [held] = await store.jobs.claimDue({ now: T0, limit: 1, owner: 'o', leaseMs: 10_000 });
        assert.deepEqual(await store.jobs.reschedule('j', 'not-the-token', T0 + 1), { ok: false, reason: 'lease-lost' });
        assert.deepEqual(await store.jobs.reschedule('j', held!.token, T0 + 60_000, { try: 2 }), { ok: true });
        const stored = await store.jobs.get('j');
        assert.equal(stored?.dueAt, T0 + 60_000);
        assert.equal(stored?.owner, undefined);
        assert.equal(stored?.leaseUntil, undefined);
        assert.equal(stored?.generation, held!.generation + 1);
        assert.deepEqual(stored?.payload, { try: 2 });
        assert.deepEqual(await store.jobs.counts(T0 + 1), { total: 1, due: 0, leased: 0 });
        const [next] = await store.jobs.claimDue({ now: T0 + 60_000, limit: 1, owner: 'o', leaseMs: 10_000 });
        assert.deepEqual(next?.payload, { try: 2 });
        assert.equal(next?.attempts, 1);
        assert.deepEqual(await store.jobs.reschedule('j', next!.token, T0 + 70_000), { ok: true });
        assert.deepEqual((await store.jobs.get('j'))?.payload, { try: 2 }, 'payload kept when none is given');
        assert.deepEqual(await store.jobs.reschedule('nope', 'x', T0), { ok: false, reason: 'missing' });
      });

      it("schedule during a lease supersedes it: the old holder cannot complete the newer plan", async () => {
        await store.jobs.schedule(job('j', T0));
        const [held] = await store.jobs.claimDue({ now: T0, limit: 1, owner: 'o', leaseMs: 10_000 });
        await store.jobs.schedule(job('j', T0 + 500));
        assert.deepEqual(await store.jobs.complete('j', held!.token), { ok: false, reason: 'lease-lost' });
        const [fresh] = await store.jobs.claimDue({ now: T0 + 500, limit: 1, owner: 'p', leaseMs: 10_000 });
        assert.equal(fresh?.id, 'j');
      });

      it("releaseOwner gives back only that owner's leases (graceful shutdown)", async () => {
        await store.jobs.scheduleMany([job('a', T0), job('b', T0), job('c', T0)]);
        await store.jobs.claimDue({ now: T0, limit: 2, owner: 'leaving', leaseMs: 60_000 });
        await store.jobs.claimDue({ now: T0, limit: 2, owner: 'staying', leaseMs: 60_000 });
        assert.equal(await store.jobs.releaseOwner('leaving'), 2);
        assert.equal(await store.jobs.releaseOwner('leaving'), 0);
        const taken = await store.jobs.claimDue({ now: T0 + 1, limit: 10, owner: 'new', leaseMs: 60_000 });
        assert.deepEqual(taken.map((j) => j.id), ['a', 'b']);
        assert.equal((await store.jobs.get('c'))?.owner, 'staying');
      });

      it('cancels whatever the lease', async () => {
        await store.jobs.scheduleMany([job('a', T0), job('b', T0)]);
        const [held] = await store.jobs.claimDue({ now: T0, limit: 1, owner: 'o', leaseMs: 60_000 });
        assert.equal(await store.jobs.cancel(held!.id), true);
        assert.equal(await store.jobs.cancel(held!.id), false);
        assert.equal(await store.jobs.get(held!.id), undefined);
        assert.deepEqual(await store.jobs.counts(T0), { total: 1, due: 1, leased: 0 });
        assert.deepEqual(await store.jobs.complete(held!.id, held!.token), { ok: false, reason: 'missing' });
      });

      it('moves its removal mark when a job is completed or cancelled, here or on another instance, and not for this instance\'s other writes', async () => {
        const other = await fixture.open();
        const same = async (what: string, write: () => Promise<unknown> = async () => undefined): Promise<void> => {
          const before = await store.jobs.removalMark();
          await write();
          assert.equal(await store.jobs.removalMark(), before, `${what} keeps the mark`);
        };
        const moved = async (what: string, write: () => Promise<unknown>): Promise<void> => {
          const before = await store.jobs.removalMark();
          await write();
          assert.notEqual(await store.jobs.removalMark(), before, `${what} moves the mark`);
        };
        await same('nothing');
        await same('schedule here', () => store.jobs.scheduleMany([job('a', T0), job('b', T0), job('c', T0), job('d', T0 + 10)]));
        await same('get and counts', async () => { await store.jobs.get('a'); await store.jobs.counts(T0); });
        let claimed: ClaimedJob[] = [];
        await same('claim here', async () => { claimed = await store.jobs.claimDue({ now: T0, limit: 3, owner: 'o', leaseMs: 60_000 }); });
        await same('reschedule here', () => store.jobs.reschedule(claimed[1]!.id, claimed[1]!.token, T0 + 5));
        await same('releaseOwner here', () => store.jobs.releaseOwner('o'));
        await moved('complete here', async () => {
          const [first] = await store.jobs.claimDue({ now: T0 + 5, limit: 1, owner: 'o', leaseMs: 60_000 });
          assert.deepEqual(await store.jobs.complete(first!.id, first!.token), { ok: true });
        });
        await moved('cancel here', () => store.jobs.cancel('d'));
        await other.jobs.scheduleMany([job('e', T0), job('f', T0)]);
        await moved('cancel on another instance', () => other.jobs.cancel('e'));
        await moved('complete on another instance', async () => {
          const taken = await other.jobs.claimDue({ now: T0 + 100, limit: 10, owner: 'x', leaseMs: 60_000 });
          for (const held of taken) assert.deepEqual(await other.jobs.complete(held.id, held.token), { ok: true });
        });
        await same('nothing, at the end');
      });

      it('rejects malformed jobs and claim options as programming errors', async () => {
        await assert.rejects(store.jobs.schedule({ ...job('x', T0), dueAt: Number.NaN }), TypeError);
        await assert.rejects(store.jobs.schedule({ ...job('x', T0), id: '' }), TypeError);
        await assert.rejects(store.jobs.claimDue({ now: T0, limit: 0, owner: 'o', leaseMs: 1 }), TypeError);
        assert.equal((await store.jobs.counts(T0)).total, 0);
      });

      it('never hands one job to two claimers racing on two instances', async () => {
        const other = await fixture.open();
        const seen = new Map<string, number>();
        const claimAll = async (s: Store, owner: string, now: number): Promise<ClaimedJob[]> => {
          const mine: ClaimedJob[] = [];
          for (;;) {
            const got = await s.jobs.claimDue({ now, limit: 3, owner, leaseMs: 60_000 });
            if (got.length === 0) return mine;
            mine.push(...got);
            for (const claimed of got) assert.deepEqual(await s.jobs.complete(claimed.id, claimed.token), { ok: true });
          }
        };
        for (let round = 0; round < 15; round += 1) {
          const now = T0 + round * 1_000_000;
          await store.jobs.scheduleMany(Array.from({ length: 40 }, (_, i) => job(`r${round}-${i}`, now - i)));
          const [a, b] = await Promise.all([claimAll(store, 'A', now), claimAll(other, 'B', now)]);
          for (const claimed of [...a!, ...b!]) seen.set(claimed.id, (seen.get(claimed.id) ?? 0) + 1);
          assert.ok(a!.length > 0 && b!.length > 0, `round ${round}: both claimers should get work (${a!.length}/${b!.length})`);
        }
        assert.equal(seen.size, 15 * 40);
        assert.deepEqual([...seen.values()].filter((n) => n !== 1), []);
      });
    });

    describe('markOnce', () => {
      it('is true exactly once across instances, even when called concurrently', async () => {
        const other = await fixture.open();
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : store).markOnce('job:j:1:send', 60_000)));
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal(await store.markOnce('job:j:1:send', 60_000), false);
        assert.equal(await store.markOnce('job:j:2:send', 60_000), true);
      });

      it('with jobRunKey, a re-claimed crashed run finds its side effect done; the next run may send again', async () => {
        const other = await fixture.open();
        await store.jobs.schedule(job('nudge', T0));
        const [first] = await store.jobs.claimDue({ now: T0, limit: 1, owner: 'crashes-after-send', leaseMs: 1000 });
        assert.equal(await store.markOnce(jobRunKey(first!), 86_400_000), true);
        const [retry] = await other.jobs.claimDue({ now: T0 + 1000, limit: 1, owner: 'survivor', leaseMs: 1000 });
        assert.equal(await other.markOnce(jobRunKey(retry!), 86_400_000), false, 'the message must not go out twice');
        assert.deepEqual(await other.jobs.reschedule('nudge', retry!.token, T0 + 5000), { ok: true });
        const [next] = await other.jobs.claimDue({ now: T0 + 5000, limit: 1, owner: 'survivor', leaseMs: 1000 });
        assert.equal(await other.markOnce(jobRunKey(next!), 86_400_000), true);
      });

      it('frees the key after its ttl', async () => {
        assert.equal(await store.markOnce('short', 40), true);
        assert.equal(await store.markOnce('short', 40), false);
        await sleep(120);
        assert.equal(await store.markOnce('short', 40), true);
      });
    });

    describe('repositories', () => {
      it("keeps tenants apart whatever their ids look like (../, :, *, %, /)", async () => {
        const repos = createRepositories(store, migrationType);
        const tenants = ['tenant-a', 'tenant-b', 'tenant-a/x', '../tenant-b', 'tenant-*', '*', '%', 'tenant-a%2F', 'a:b', 'tenant-a:'];
        const domains = ['secret.de', '../tenant-b/secret.de', 'x:y', '*', '%', '%2e%2e%2f', 'a/b', 'tenant-b'];
        for (const tenant of tenants) {
          for (const domain of domains) {
            const res = await repos.migrations.put(tenant, domain, { domain, step: `${tenant}|${domain}`, counter: 0 }, 'absent');
            assert.ok(res.ok, `create ${tenant} ${domain}`);
          }
        }
        for (const tenant of tenants) {
          const listed = await repos.migrations.list(tenant);
          assert.deepEqual(listed.map((m) => m.value.step).sort(), domains.map((d) => `${tenant}|${d}`).sort(), `list of ${tenant}`);
          assert.deepEqual(listed.map((m) => m.domain).sort(), [...domains].sort());
          for (const domain of domains) {
            assert.equal((await repos.migrations.get(tenant, domain))?.value.step, `${tenant}|${domain}`);
          }
        }
        // Tenant A overwriting through a crafted domain only ever touches its own record.
        const hit = await repos.migrations.put('tenant-a', '../tenant-b/secret.de', { domain: 'x', step: 'owned', counter: 1 }, '*');
        assert.ok(hit.ok);
        assert.equal((await repos.migrations.get('tenant-b', 'secret.de'))?.value.step, 'tenant-b|secret.de');
        assert.equal((await repos.migrations.list('tenant-b')).filter((m) => m.value.step === 'owned').length, 0);
        assert.equal((await store.records.list('')).length, tenants.length * domains.length);
        assert.equal(await repos.migrations.get('tenant-c', 'secret.de'), undefined);
        await assert.rejects(repos.migrations.get('', 'secret.de'), TypeError);
      });

      it('treats domain spelling as one migration', async () => {
        const repos = createRepositories(store, migrationType);
        await repos.migrations.put('t', 'MeineFirma.DE.', { domain: 'meinefirma.de', step: 'mx', counter: 0 }, 'absent');
        assert.equal((await repos.migrations.get('t', 'meinefirma.de'))?.value.step, 'mx');
        assert.deepEqual((await repos.migrations.list('t')).map((m) => m.domain), ['meinefirma.de']);
      });

      it('upgrades an older schemaVersion on read and writes the current one back', async () => {
        const repos = createRepositories(store, migrationType);
        const raw = await store.records.put('migration/t/old.de', { type: 'migration', schemaVersion: 1, data: { domain: 'old.de', stage: 'spf' } }, 'absent');
        assert.ok(raw.ok);
        const read = await repos.migrations.get('t', 'old.de');
        assert.deepEqual(read, { value: { domain: 'old.de', step: 'spf', counter: 0 }, etag: raw.etag });
        const updated = await repos.migrations.update('t', 'old.de', (m) => ({ ...m!, counter: m!.counter + 1 }));
        assert.ok(updated.ok && updated.written);
        const stored = await store.records.get('migration/t/old.de');
        assert.deepEqual(stored?.value, { type: 'migration', schemaVersion: 2, data: { domain: 'old.de', step: 'spf', counter: 1 } });
        await store.records.put('migration/t/new.de', { type: 'migration', schemaVersion: 3, data: {} }, 'absent');
        await assert.rejects(repos.migrations.get('t', 'new.de'), /schemaVersion 3, newer than this code/);
        assert.deepEqual((await store.records.get('migration/t/new.de'))?.value, { type: 'migration', schemaVersion: 3, data: {} });
      });

      it('upgrades and validates a stored version once, and hands out the upgraded value frozen', async () => {
        let upgrades = 0;
        let validations = 0;
        const counted: RecordType<Migration> = {
          ...migrationType,
          upgrades: { 1: (data) => { upgrades += 1; return migrationType.upgrades[1]!(data); } },
          validate: (data) => { validations += 1; return migrationType.validate!(data); },
        };
        const repo = new MigrationRepository(store, counted);
        await store.records.put('migration/t/old.de', { type: 'migration', schemaVersion: 1, data: { domain: 'old.de', stage: 'spf' } }, 'absent');
        const first = await repo.get('t', 'old.de');
        const again = await repo.get('t', 'old.de');
        assert.deepEqual(again?.value, { domain: 'old.de', step: 'spf', counter: 0 });
        assert.equal((await repo.list('t')).length, 1);
        assert.ok(Object.isFrozen(first!.value));
        assert.throws(() => { first!.value.counter = 5; }, TypeError);
        assert.deepEqual([upgrades, validations], [1, 1], 'one stored version: one upgrade, one validation');
        await repo.update('t', 'old.de', (m) => ({ ...m!, counter: 1 }));
        assert.deepEqual((await repo.get('t', 'old.de'))?.value, { domain: 'old.de', step: 'spf', counter: 1 });
        assert.equal(validations, 2, 'a new stored version is validated again');
      });

      it('update re-applies the change on conflict, so a click and a reminder both land', async () => {
        const other = await fixture.open();
        const mine = new MigrationRepository(store, migrationType);
        const theirs = new MigrationRepository(other, migrationType);
        await mine.put('t', 'x.de', { domain: 'x.de', step: 'mx', counter: 0 }, 'absent');
        const bump = (m: Migration | undefined): Migration => ({ ...m!, counter: m!.counter + 1 });
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? theirs : mine).update('t', 'x.de', bump)));
        assert.ok(results.every((r) => r.ok));
        assert.equal((await mine.get('t', 'x.de'))?.value.counter, 8);
      });

      it('refreshes conversation references and records a removal until the next activity', async () => {
        const { conversations } = createRepositories(store, migrationType);
        await conversations.refresh('t', '19:abc@thread.v2', { conversation: { id: '19:abc@thread.v2' }, serviceUrl: 'http://127.0.0.1/a' }, T0);
        await conversations.markRemoved('t', '19:abc@thread.v2', T0 + 5);
        let rec = await conversations.get('t', '19:abc@thread.v2');
        assert.deepEqual(rec?.value.removed, { at: T0 + 5, status: 403 });
        assert.equal((await conversations.get('other-tenant', '19:abc@thread.v2')), undefined);
        await conversations.refresh('t', '19:abc@thread.v2', { conversation: { id: '19:abc@thread.v2' }, serviceUrl: 'http://127.0.0.1/b' }, T0 + 9);
        rec = await conversations.get('t', '19:abc@thread.v2');
        assert.equal(rec?.value.removed, undefined);
        assert.equal(rec?.value.reference.serviceUrl, 'http://127.0.0.1/b');
        assert.equal(rec?.value.updatedAt, T0 + 9);
        const unknown = await conversations.markRemoved('t', 'never-seen', T0);
        assert.ok(unknown.ok && !unknown.written);
        assert.equal((await conversations.list('t')).length, 1);
      });

      it('keeps user settings with defaults and merges changes', async () => {
        const { userSettings } = createRepositories(store, migrationType);
        assert.deepEqual(await userSettings.get('t', 'user-1'), { reminders: true });
        await userSettings.update('t', 'user-1', { timeZone: 'Europe/Berlin' });
        await userSettings.update('t', 'user-1', { reminders: false });
        assert.deepEqual(await userSettings.get('t', 'user-1'), { reminders: false, timeZone: 'Europe/Berlin' });
        assert.deepEqual(await userSettings.get('t2', 'user-1'), { reminders: true });
      });
    });

    it('rejects every call after close', async () => {
      await store.close();
      await store.close();
      await assert.rejects(store.records.get('k'), StoreClosedError);
      await assert.rejects(store.jobs.counts(T0), StoreClosedError);
      await assert.rejects(store.markOnce('k', 10), StoreClosedError);
    });
  });
}
