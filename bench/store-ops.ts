/**
 * The store's own part of a turn, without HTTP or the bot, for two builds in one process: each build's SQLite store,
 * repositories and procedure (`<build>/store`, `<build>/procedure`) on its own file with 64 tenants, driven through
 * the record calls a turn makes, alternately in rounds; prints the CPU per turn (process.cpuUsage) of each and the
 * ratio. Far steadier than whole turns on a shared machine (bench/store-turns.ts), but it leaves out what only a
 * whole turn has (the job upkeep's skip, garbage of the rest of the turn).
 *   click:  get, put (the click), get, put (the probe result), job schedule (the re-check), list + conversation get
 *           (the upkeep's reads)
 *   status: list (the command), list (the status card), list + conversation get (the upkeep's reads)
 * Run: `npx tsx bench/store-ops.ts --base .bench-dist/a --entry .bench-dist/b [--rounds 7] [--turns 4000]` (< 1 min).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const flag = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const root = path.resolve(__dirname, '..');
const rounds = Number(flag('rounds', '7'));
const turns = Number(flag('turns', '4000'));
const TENANTS = 64;

/* eslint-disable @typescript-eslint/no-explicit-any -- two builds loaded at run time, typed loosely on purpose */
interface Build {
  name: string;
  repos: any;
  store: any;
}

async function load(name: string, dir: string, dataDir: string): Promise<Build> {
  const build = path.resolve(root, dir);
  const compiled = createRequire(__filename);
  const sqlite = compiled(path.join(build, 'store/sqlite-store.js'));
  const repositories = compiled(path.join(build, 'store/repositories.js'));
  const procedure = compiled(path.join(build, 'procedure/index.js'));
  const store = sqlite.openSqliteStore(path.join(dataDir, `${name}.sqlite`));
  const repos = repositories.createRepositories(store, procedure.migrationRecordType);
  const t0 = Date.UTC(2026, 10, 23, 9, 0);
  for (let i = 0; i < TENANTS; i += 1) {
    const tenant = `0b5e${String(i).padStart(4, '0')}-1111-4222-8333-444455556666`;
    const m = procedure.createMigration(tenant, 'meinefirma.de', 'aad-admin', t0);
    m.conversationId = `a:conv-${i}`;
    m.inputs = { ...m.inputs, verificationValue: 'MS=ms12345678', provider: 'strato',
      users: Array.from({ length: 8 }, (_, u) => ({ address: `user${u}@meinefirma.de`, target: 'm365' })) };
    await repos.migrations.put(tenant, 'meinefirma.de', m, 'absent');
    await repos.conversations.refresh(tenant, m.conversationId, { conversation: { id: m.conversationId, tenantId: tenant }, serviceUrl: 'http://127.0.0.1:1' }, t0);
  }
  return { name, repos, store };
}

const tenantOf = (i: number): string => `0b5e${String(i % TENANTS).padStart(4, '0')}-1111-4222-8333-444455556666`;

async function click(b: Build, i: number): Promise<void> {
  const tenant = tenantOf(i);
  for (let round = 0; round < 2; round += 1) {
    const current = await b.repos.migrations.get(tenant, 'meinefirma.de');
    const next = { ...current.value, revision: current.value.revision + 1, updatedAt: i };
    const saved = await b.repos.migrations.put(tenant, 'meinefirma.de', next, current.etag);
    if (!saved.ok) throw new Error('conflict in a single-writer bench');
  }
  await b.store.jobs.schedule({ id: `recheck/${tenant}/mx`, tenantId: tenant, kind: 'recheck', dueAt: 1e13 + i, payload: { stepId: 'mx', attempt: 1 } });
  await b.repos.migrations.list(tenant);
  await b.repos.conversations.get(tenant, `a:conv-${i % TENANTS}`);
}

async function status(b: Build, i: number): Promise<void> {
  const tenant = tenantOf(i);
  await b.repos.migrations.list(tenant);
  await b.repos.migrations.list(tenant);
  await b.repos.migrations.list(tenant);
  await b.repos.conversations.get(tenant, `a:conv-${i % TENANTS}`);
}

/** CPU µs per turn; every turn starts in a new macrotask, as a real one does. */
async function measure(b: Build, turn: (b: Build, i: number) => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < turns; i += 1) {
    await turn(b, i);
    await new Promise((done) => setImmediate(done));
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / turns;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-store-ops-'));
  try {
    const base = await load('base', flag('base', 'dist'), dataDir);
    const entry = await load('entry', flag('entry', 'dist'), dataDir);
    console.log(`node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; base ${flag('base', 'dist')} vs entry ${flag('entry', 'dist')}; ${rounds} rounds of ${turns} turns`);
    for (const [label, turn] of [['click', click], ['status', status]] as const) {
      const cpu = { base: [] as number[], entry: [] as number[] };
      for (let round = -1; round < rounds; round += 1) {
        for (const b of round % 2 === 0 ? [base, entry] : [entry, base]) {
          const us = await measure(b, turn);
          if (round >= 0) cpu[b.name as 'base' | 'entry'].push(us);
        }
      }
      const [mb, me] = [median(cpu.base), median(cpu.entry)];
      console.log(`${label.padEnd(7)} store CPU per turn: base ${mb.toFixed(1)} µs [${cpu.base.map((x) => x.toFixed(0)).join(' ')}], ` +
        `entry ${me.toFixed(1)} µs [${cpu.entry.map((x) => x.toFixed(0)).join(' ')}]  entry/base ${(me / mb).toFixed(3)}`);
    }
    await base.store.close();
    await entry.store.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
