/**
 * Profiles coexist under the turns bench's load: starts dist/index.js with `--cpu-prof` (same env as bench/turns.ts:
 * SQLite, loopback DNS, fake connector in its own process, rate limit off), primes 64 conversations, drives one
 * scenario saturated, stops the bot and prints the self time by function and by package from the .cpuprofile.
 * Run: `npm run build && npx tsx bench/turns-profile.ts [--scenario status|click] [--duration 8] [--top 40]
 *   [--bot coexist|echo|teams-ai-echo] [--entry dist/index.js] [--focus fn,…] [--telemetry]`.
 * `--telemetry` runs coexist with COEXIST_TELEMETRY=otlp, exporting to a sink in this process that answers 200.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess } from './dns-server-process';
import { freePort, startBotProcess } from './support/bot-process';
import { compileBaseline } from './support/compile-baseline';
import { benchZone, botEnv, drive, prime, startRemoteConnector } from './support/turns-driver';
import type { Scenario } from './support/turn-activities';

const flag = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const scenario = flag('scenario', 'status') as Scenario;
// `--bot echo` profiles the baseline (bench/support/echo-bot.ts) the same way, to compare CPU per turn by package;
// `--bot teams-ai-echo` the teams-ai echo sample on the same stack (bench/support/teams-ai-echo-bot.ts).
const which = flag('bot', 'coexist');
// Extra node flags for the profiled bot, e.g. `--node-args=--max-semi-space-size=32` (GC experiments).
const nodeArgs = process.argv.filter((a) => a.startsWith('--node-args=')).map((a) => a.slice('--node-args='.length));
const duration = Number(flag('duration', '8'));
const top = Number(flag('top', '40'));
// Inclusive time of functions whose name contains one of these (comma-separated), e.g. `--focus renderCard,list`.
const focus = flag('focus', '').split(',').filter(Boolean);
const root = path.resolve(__dirname, '..');

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

function packageOf(url: string): string {
  if (!url) return '(native/gc)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? `coexist ${url.slice(dist + 6).split('/').slice(0, -1).join('/')}` : url;
}

function summarize(file: string, turns: number): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + t);
    byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + t);
  }
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>(focus.map((f) => [f, 0]));
  profile.samples.forEach((id, i) => {
    const names = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) names.add(byId.get(at)!.callFrame.functionName);
    for (const f of focus) if ([...names].some((n) => n.includes(f))) inclusive.set(f, inclusive.get(f)! + (profile.timeDeltas[i] ?? 0));
  });
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
  console.log(`busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s profiled; ${turns} turns, ${(busy / Math.max(turns, 1)).toFixed(0)} µs of CPU per turn (with start-up)`);
  for (const [f, t] of inclusive) console.log(`inclusive ${pct(t)}  ${f}`);
  console.log('-- by package (self time, % of busy)');
  for (const [k, t] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(t)}  ${k}`);
  console.log('-- by function');
  for (const [k, t] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(t)}  ${k}`);
}

/** An OTLP/HTTP endpoint that takes every export and answers 200 (as bench/turns.ts's). */
async function startOtlpSink(): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

async function main(): Promise<void> {
  // `--entry` profiles another build of coexist, e.g. `npx tsc -p tsconfig.build.json --outDir .bench-dist/x` then
  // `--entry .bench-dist/x/index.js`, so engineers can compare builds without rebuilding dist/ under each other.
  const entry = path.resolve(root, flag('entry', 'dist/index.js'));
  const connector = await startRemoteConnector();
  const dns = await startServerProcess(benchZone);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-prof-'));
  const profDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-cpuprof-'));
  const port = await freePort();
  const echoes: Record<string, string> = { echo: 'bench/support/echo-bot.ts', 'teams-ai-echo': 'bench/support/teams-ai-echo-bot.ts' };
  const echo = echoes[which];
  const args = echo ? [compileBaseline(path.join(root, echo), root)] : [entry];
  const sink = !echo && process.argv.includes('--telemetry') ? await startOtlpSink() : undefined;
  const env = echo ? { ...process.env, PORT: String(port) }
    : { ...botEnv({ port, dataDir, dns: dns.address }), ...(sink ? { COEXIST_TELEMETRY: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } : {}) };
  const bot = await startBotProcess([...nodeArgs, '--cpu-prof', '--cpu-prof-dir', profDir, ...args], env, port);
  let turns = 0;
  try {
    await prime(bot.url, connector, 64);
    const m = await drive(bot.url, scenario, connector, { seconds: duration, connections: 64 });
    turns = Math.round(m.turnsPerSecond * duration);
    console.log(`${which} ${scenario}: p50 ${m.p50} ms p99 ${m.p99} ms ${m.turnsPerSecond.toFixed(0)} turns/s statuses ${m.statuses}`);
  } finally {
    await bot.stop();
    connector.close();
    dns.stop();
    sink?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${profDir} (did the bot exit on SIGTERM?)`);
  console.log(`profile: ${path.join(profDir, file)}`);
  summarize(path.join(profDir, file), turns);
}

main().catch((error: unknown) => { console.error(error); process.exit(1); });
