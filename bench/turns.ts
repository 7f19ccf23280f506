/**
 * Load benchmark of whole bot turns: autocannon drives POST /api/messages with realistic Teams activities from
 * 64 concurrent conversations; replies go to a local fake connector (the activities' serviceUrl), DNS checks to a
 * loopback DNS server. Measured in the same run:
 *   (a) a minimal echo bot on the same stack (botbuilder CloudAdapter + restify 11, anonymous): bench/support/echo-bot.ts
 *   (b) coexist itself, started from dist/index.js (anonymous, 127.0.0.1, SQLite in a temporary directory).
 * Prints p50/p99 latency and turns per second for each and the ratio; target: our latency ≤ 1.5× the echo bot's.
 *
 * Also a paced run of each (`--rate`, default 200 turns/s in total): latency without the queue of a saturated CPU.
 * Both bots run at once and are driven alternately in rounds (`--rounds 3`, `--duration` seconds per bot and scenario
 * split over them); the ratio is the median of the rounds' ratios, so load from other processes falls on both.
 * Run: `npm run build && npx tsx bench/turns.ts [--duration 9] [--rounds 3] [--connections 64] [--rate 200]` (about 1.5 minutes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { startDnsServer } from '../test/support/dns-server';
import { fork, type ChildProcess } from 'node:child_process';
import type { ConnectorMessage } from './support/connector-process';
import { freePort, startBotProcess, type BotProcess } from './support/bot-process';
import { migrateActivity, scenarioActivity, type Scenario } from './support/turn-activities';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const duration = arg('duration', 9);
const connections = arg('connections', 64);
// Paced run: the same 64 conversations at a fixed total rate (each person about 3 turns/s, far above human pace),
// so latency is the turn's own time, not the queue of a saturated 2-core machine.
const pacedRate = arg('rate', 200);
const warmup = Math.max(1, Math.round(duration / 4));
const domain = 'meinefirma.de';
const root = path.resolve(__dirname, '..');

interface Measured {
  readonly p50: number; readonly p99: number; readonly turnsPerSecond: number; readonly non2xx: number; readonly errors: number;
  readonly statuses: string; readonly connectorCallsPerTurn: number; readonly sampleReply: string;
}

/** The fake connector, running in a child process (see support/connector-process.ts). */
interface RemoteConnector {
  readonly serviceUrl: string;
  reset(): void;
  stats(): Promise<{ calls: number; sample?: Record<string, unknown> }>;
  close(): void;
}

async function startRemoteConnector(): Promise<RemoteConnector> {
  const child: ChildProcess = fork(path.join(__dirname, 'support/connector-process.ts'), [], { execArgv: ['-r', 'tsx/cjs'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const serviceUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: ConnectorMessage) => (m.type === 'ready' ? resolve(m.serviceUrl) : reject(new Error('unexpected message'))));
    child.once('exit', (code) => reject(new Error(`fake connector exited with ${code}`)));
  });
  return {
    serviceUrl,
    reset: () => { child.send({ type: 'reset' }); },
    stats: () => new Promise((resolve) => {
      child.once('message', (m: ConnectorMessage) => { if (m.type === 'stats') resolve(m); });
      child.send({ type: 'stats' });
    }),
    close: () => { child.disconnect(); },
  };
}

async function drive(url: string, scenario: Scenario, connector: RemoteConnector, seconds: number, rate?: number): Promise<Measured> {
  const free = Array.from({ length: connections }, (_, i) => i);
  let sequence = 0;
  let fallback = 0;
  connector.reset();
  const result = await autocannon({
    url: `${url}/api/messages`, connections, duration: seconds, timeout: 30, ...(rate ? { overallRate: rate } : {}),
    requests: [{
      method: 'POST', headers: { 'content-type': 'application/json' },
      // One conversation per request in flight: a conversation never has two turns at once, like a person clicking.
      setupRequest: (request, context) => {
        const conversation = free.pop() ?? (fallback++ % connections);
        context.conversation = conversation;
        return { ...request, body: JSON.stringify(scenarioActivity(scenario, { serviceUrl: connector.serviceUrl, conversation, sequence: sequence++, domain })) };
      },
      onResponse: (_status, _body, context) => {
        if (typeof context.conversation === 'number') free.push(context.conversation);
      },
    }],
  });
  const turns = result['2xx'] + result.non2xx;
  const { calls, sample } = await connector.stats();
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => `${code}×${s.count}`).join(' ');
  const sampleReply = sample ? describeReply(sample) : scenario === 'click' ? '(invoke response only, no connector call)' : '(no reply)';
  return { p50: result.latency.p50, p99: result.latency.p99, turnsPerSecond: result.requests.average, non2xx: result.non2xx,
    errors: result.errors + result.timeouts, statuses, connectorCallsPerTurn: turns ? calls / turns : 0, sampleReply };
}

function describeReply(body: Record<string, unknown>): string {
  if (typeof body.text === 'string' && body.text) return JSON.stringify(body.text.slice(0, 70));
  const attachments = body.attachments as Array<{ contentType?: string; content?: { body?: Array<{ text?: string }> } }> | undefined;
  const first = attachments?.[0];
  return first ? `${first.contentType ?? 'attachment'}: ${JSON.stringify(first.content?.body?.[0]?.text?.slice(0, 60) ?? '')}` : '(empty)';
}

async function prime(url: string, connector: RemoteConnector): Promise<void> {
  // Start a migration in every conversation, so /status and the click find state in the store.
  await Promise.all(Array.from({ length: connections }, async (_, conversation) => {
    await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(migrateActivity({ serviceUrl: connector.serviceUrl, conversation, sequence: -1, domain })) }).then((r) => r.arrayBuffer());
  }));
}

type Run = Scenario | `${Scenario}@paced`;
const RUNS: readonly Run[] = ['status', 'click', 'status@paced', 'click@paced'];
// Both bots run side by side (one idle while the other is driven) and are measured alternately in short rounds, so
// a change in the machine's load (other processes on 2 cores) falls on both; the ratio is the median of the rounds'.
const rounds = arg('rounds', 3);

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

function line(label: string, run: Run, m: Measured): string {
  return `${label.padEnd(8)} ${run.padEnd(13)} p50 ${String(m.p50).padStart(5)} ms  p99 ${String(m.p99).padStart(5)} ms  ` +
    `${m.turnsPerSecond.toFixed(0).padStart(6)} turns/s  statuses ${m.statuses}  errors ${m.errors}  ` +
    `connector calls/turn ${m.connectorCallsPerTurn.toFixed(2)}  reply ${m.sampleReply}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const connector = await startRemoteConnector();
  const dns = await startDnsServer({ zone: {
    [domain]: { MX: [{ preference: 5, exchange: 'smtpin.rzone.de' }], TXT: ['v=spf1 include:strato.de ~all', 'MS=ms12345678'], NS: ['docks01.rzone.de', 'shades01.rzone.de'] },
    [`autodiscover.${domain}`]: { CNAME: 'autodiscover.outlook.com' },
    'autodiscover.outlook.com': { A: ['52.97.0.1'] },
  } });
  const seconds = Math.max(1, Math.round(duration / rounds));
  console.log(`turns bench: ${connections} concurrent conversations, ${rounds} alternating rounds of ${seconds} s per scenario and bot (+${warmup} s warm-up), ` +
    `node ${process.version}, ${os.cpus().length} cores; saturated (each conversation sends its next turn when the last is answered) and @paced (${pacedRate} turns/s in total)`);

  const entry = path.join(root, 'dist/index.js');
  if (!fs.existsSync(entry)) {
    console.log('coexist: dist/index.js not found — run `npm run build` first.');
    process.exit(1);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-bench-'));
  const echoPort = await freePort();
  const port = await freePort();
  console.log(`coexist: dist/index.js built ${fs.statSync(entry).mtime.toISOString()}, SQLite in ${dataDir}`);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PORT: String(port),
    COEXIST_HOST: '127.0.0.1', COEXIST_STORAGE: 'sqlite', COEXIST_DATA_DIR: dataDir, COEXIST_LOG_LEVEL: 'info', COEXIST_DNS_SERVERS: dns.address,
    // Production settings except the rate limit: with it, 64 conversations hammering for seconds would measure refusals.
    COEXIST_RATE_LIMIT: 'off', COEXIST_QUIET_HOURS: 'off' };
  let echo: BotProcess | undefined;
  let ours: BotProcess | undefined;
  try {
    echo = await startBotProcess(['-r', 'tsx/cjs', path.join(root, 'bench/support/echo-bot.ts')], { ...process.env, PORT: String(echoPort) }, echoPort);
    ours = await startBotProcess([entry], env, port);
    const bots = [['echo', echo], ['coexist', ours]] as const;
    for (const [, bot] of bots) await prime(bot.url, connector);
    for (const run of RUNS) {
      const [scenario, paced] = run.split('@') as [Scenario, string | undefined];
      const rate = paced ? pacedRate : undefined;
      const measured: Record<'echo' | 'coexist', Measured[]> = { echo: [], coexist: [] };
      for (const [, bot] of bots) await drive(bot.url, scenario, connector, warmup, rate);
      for (let round = 0; round < rounds; round++) {
        // Alternate who goes first, so neither always runs right after the other's load.
        const order = round % 2 === 0 ? bots : [...bots].reverse();
        for (const [label, bot] of order) measured[label].push(await drive(bot.url, scenario, connector, seconds, rate));
      }
      const ratios = measured.coexist.map((c, i) => c.p50 / Math.max(measured.echo[i]!.p50, 0.001));
      const ratios99 = measured.coexist.map((c, i) => c.p99 / Math.max(measured.echo[i]!.p99, 0.001));
      const pick = (ms: Measured[]): Measured => ({ ...ms[ms.length - 1]!, p50: median(ms.map((m) => m.p50)), p99: median(ms.map((m) => m.p99)),
        turnsPerSecond: median(ms.map((m) => m.turnsPerSecond)), non2xx: ms.reduce((a, m) => a + m.non2xx, 0), errors: ms.reduce((a, m) => a + m.errors, 0) });
      const e = pick(measured.echo);
      const c = pick(measured.coexist);
      console.log(line('echo', run, e));
      console.log(line('coexist', run, c));
      const ratio = median(ratios);
      console.log(`ratio    ${run.padEnd(13)} latency p50 ${ratio.toFixed(2)}x (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}), p99 ${median(ratios99).toFixed(2)}x, ` +
        `throughput ${(c.turnsPerSecond / Math.max(e.turnsPerSecond, 0.001)).toFixed(2)}x of echo  ` +
        (c.non2xx > 0 ? `target not judged: coexist answered non-2xx (${c.statuses})` : `target p50 <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'}`));
    }
  } catch (error) {
    console.log(`could not be measured: ${(error as Error).message}`);
  } finally {
    await echo?.stop();
    await ours?.stop();
    if (ours && ours.stderrTail().includes('Error')) console.log(`coexist stderr (tail):\n${ours.stderrTail().trim().split('\n').slice(-5).join('\n')}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  connector.close();
  await dns.close();
  console.log(`turns bench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => { console.error(error); process.exit(1); });
