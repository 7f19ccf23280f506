/**
 * A/B of two builds of coexist under the turns bench's load, by the bot processes' own CPU time per turn
 * (/proc/<pid>/stat), which other load on a shared machine barely moves, unlike profile samples or latency. Both
 * builds run at once (SQLite each in its own temporary directory, loopback DNS, fake connector in its own process,
 * rate limit off) and are driven alternately, saturated, in short rounds; each prints the median of its rounds.
 * Made for the store's per-turn cost (issue 8), but any two builds compare: build both with
 * `npx tsc -p tsconfig.build.json --outDir .bench-dist/<name>`, then
 * `npx tsx bench/store-turns.ts --base .bench-dist/a/index.js --entry .bench-dist/b/index.js [--scenario click,status]
 *   [--rounds 3] [--duration 4]` (under 2 minutes with the defaults).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess } from './dns-server-process';
import { freePort, startBotProcess, type BotProcess } from './support/bot-process';
import type { Scenario } from './support/turn-activities';
import { benchZone, botEnv, drive, prime, startRemoteConnector } from './support/turns-driver';

const flag = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const root = path.resolve(__dirname, '..');
const builds = { base: path.resolve(root, flag('base', 'dist/index.js')), entry: path.resolve(root, flag('entry', 'dist/index.js')) };
const scenarios = flag('scenario', 'click,status').split(',') as Scenario[];
const rounds = Number(flag('rounds', '3'));
const seconds = Number(flag('duration', '4'));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  for (const file of Object.values(builds)) if (!fs.existsSync(file)) throw new Error(`${file} is missing: build it first`);
  const connector = await startRemoteConnector();
  const dns = await startServerProcess(benchZone);
  const dirs: string[] = [];
  const bots: Record<keyof typeof builds, BotProcess | undefined> = { base: undefined, entry: undefined };
  try {
    for (const which of ['base', 'entry'] as const) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `coexist-ab-${which}-`));
      dirs.push(dataDir);
      const port = await freePort();
      const bot = await startBotProcess([builds[which]], botEnv({ port, dataDir, dns: dns.address }), port);
      bots[which] = bot;
      await prime(bot.url, connector, 64);
    }
    console.log(`node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ` +
      `base ${path.relative(root, builds.base)} vs entry ${path.relative(root, builds.entry)}; ${rounds} rounds of ${seconds} s`);
    for (const scenario of scenarios) {
      const cpu: Record<keyof typeof builds, number[]> = { base: [], entry: [] };
      // One warm-up round each (JIT, caches), not counted.
      for (let round = -1; round < rounds; round += 1) {
        const order = round % 2 === 0 ? (['base', 'entry'] as const) : (['entry', 'base'] as const);
        for (const which of order) {
          const bot = bots[which]!;
          const m = await drive(bot.url, scenario, connector, { seconds, connections: 64, pid: bot.child.pid! });
          if (m.cpuMicrosPerTurn === undefined) throw new Error('no CPU figure: /proc/<pid>/stat is needed');
          if (m.non2xx > 0 || m.errors > 0) throw new Error(`${which} ${scenario}: ${m.non2xx} non-2xx, ${m.errors} errors (${m.statuses})`);
          if (round >= 0) cpu[which].push(m.cpuMicrosPerTurn);
        }
      }
      const base = median(cpu.base);
      const entry = median(cpu.entry);
      console.log(`${scenario.padEnd(7)} CPU per turn: base ${base.toFixed(0)} µs [${cpu.base.map((x) => x.toFixed(0)).join(' ')}], ` +
        `entry ${entry.toFixed(0)} µs [${cpu.entry.map((x) => x.toFixed(0)).join(' ')}]  entry/base ${(entry / base).toFixed(3)}`);
    }
  } finally {
    await Promise.all(Object.values(bots).map((b) => b?.stop()));
    connector.close();
    dns.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
