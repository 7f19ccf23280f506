/**
 * The parts bench/turns.ts and bench/turns-profile.ts share: the fake connector in its own process, the loopback
 * DNS zone the click probes, coexist's environment, priming the conversations and driving one scenario.
 */
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { cpuSeconds } from './bot-process';
import type { ConnectorMessage } from './connector-process';
import { migrateActivity, scenarioActivity, type Scenario } from './turn-activities';

export const benchDomain = 'meinefirma.de';

/** What the click's probe (mx step) and the /migrate priming resolve: answered by the loopback DNS server. */
export const benchZone = {
  [benchDomain]: { MX: [{ preference: 5, exchange: 'smtpin.rzone.de' }], TXT: ['v=spf1 include:strato.de ~all', 'MS=ms12345678'], NS: ['docks01.rzone.de', 'shades01.rzone.de'] },
  [`autodiscover.${benchDomain}`]: { CNAME: 'autodiscover.outlook.com' },
  'autodiscover.outlook.com': { A: ['52.97.0.1'] },
  'smtpin.rzone.de': { A: ['81.169.145.97'] },
};

export interface Measured {
  readonly p50: number; readonly p99: number; readonly turnsPerSecond: number; readonly non2xx: number; readonly errors: number;
  readonly statuses: string; readonly connectorCallsPerTurn: number; readonly sampleReply: string;
  /** The bot process's CPU time per answered turn (µs), when its pid was given and /proc has it. */
  readonly cpuMicrosPerTurn?: number;
}

/** The fake connector, running in a child process (see connector-process.ts). */
export interface RemoteConnector {
  readonly serviceUrl: string;
  readonly pid: number | undefined;
  reset(): void;
  stats(): Promise<{ calls: number; sample?: Record<string, unknown> }>;
  close(): void;
}

export async function startRemoteConnector(): Promise<RemoteConnector> {
  const child: ChildProcess = fork(path.join(__dirname, 'connector-process.ts'), [], { execArgv: ['-r', 'tsx/cjs'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const serviceUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: ConnectorMessage) => (m.type === 'ready' ? resolve(m.serviceUrl) : reject(new Error('unexpected message'))));
    child.once('exit', (code) => reject(new Error(`fake connector exited with ${code}`)));
  });
  return {
    serviceUrl,
    pid: child.pid,
    reset: () => { child.send({ type: 'reset' }); },
    stats: () => new Promise((resolve) => {
      child.once('message', (m: ConnectorMessage) => { if (m.type === 'stats') resolve(m); });
      child.send({ type: 'stats' });
    }),
    close: () => { child.disconnect(); },
  };
}

/** coexist's environment in the bench: production settings, SQLite, loopback DNS; only the rate limit is off. */
export function botEnv(options: { port: number; dataDir: string; dns: string }): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PORT: String(options.port),
    COEXIST_HOST: '127.0.0.1', COEXIST_STORAGE: 'sqlite', COEXIST_DATA_DIR: options.dataDir, COEXIST_LOG_LEVEL: 'info', COEXIST_DNS_SERVERS: options.dns,
    // Production settings except the rate limit: with it, 64 conversations hammering for seconds would measure refusals.
    COEXIST_RATE_LIMIT: 'off', COEXIST_QUIET_HOURS: 'off' };
}

/** `{ cpuMicrosPerTurn }` from two cpuSeconds readings around `turns` turns, or `{}` without both readings. */
export function cpuPerTurn(before: number | undefined, after: number | undefined, turns: number): { cpuMicrosPerTurn?: number } {
  return before !== undefined && after !== undefined && turns > 0 ? { cpuMicrosPerTurn: ((after - before) * 1e6) / turns } : {};
}

export async function drive(url: string, scenario: Scenario, connector: RemoteConnector,
  options: { seconds: number; connections: number; rate?: number; pid?: number }): Promise<Measured> {
  const { connections } = options;
  const cpuBefore = cpuSeconds(options.pid);
  const free = Array.from({ length: connections }, (_, i) => i);
  let sequence = 0;
  let fallback = 0;
  connector.reset();
  const result = await autocannon({
    url: `${url}/api/messages`, connections, duration: options.seconds, timeout: 30, ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [{
      method: 'POST', headers: { 'content-type': 'application/json' },
      // One conversation per request in flight: a conversation never has two turns at once, like a person clicking.
      setupRequest: (request, context) => {
        const conversation = free.pop() ?? (fallback++ % connections);
        context.conversation = conversation;
        return { ...request, body: JSON.stringify(scenarioActivity(scenario, { serviceUrl: connector.serviceUrl, conversation, sequence: sequence++, domain: benchDomain })) };
      },
      onResponse: (_status, _body, context) => {
        if (typeof context.conversation === 'number') free.push(context.conversation);
      },
    }],
  });
  const turns = result['2xx'] + result.non2xx;
  const cpuAfter = cpuSeconds(options.pid);
  const { calls, sample } = await connector.stats();
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => `${code}×${s.count}`).join(' ');
  const sampleReply = sample ? describeReply(sample) : scenario === 'click' ? '(invoke response only, no connector call)' : '(no reply)';
  return { p50: result.latency.p50, p99: result.latency.p99, turnsPerSecond: result.requests.average, non2xx: result.non2xx,
    errors: result.errors + result.timeouts, statuses, connectorCallsPerTurn: turns ? calls / turns : 0, sampleReply,
    ...cpuPerTurn(cpuBefore, cpuAfter, turns) };
}

export function describeReply(body: Record<string, unknown>): string {
  const size = `(${JSON.stringify(body).length} bytes)`;
  if (typeof body.text === 'string' && body.text) return `${JSON.stringify(body.text.slice(0, 70))} ${size}`;
  const attachments = body.attachments as Array<{ contentType?: string; content?: { body?: Array<{ text?: string }> } }> | undefined;
  const first = attachments?.[0];
  return first ? `${first.contentType ?? 'attachment'}: ${JSON.stringify(first.content?.body?.[0]?.text?.slice(0, 60) ?? '')} ${size}` : '(empty)';
}

/** Starts a migration in every conversation, so /status and the click find state in the store. */
export async function prime(url: string, connector: RemoteConnector, connections: number): Promise<void> {
  await Promise.all(Array.from({ length: connections }, async (_, conversation) => {
    await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(migrateActivity({ serviceUrl: connector.serviceUrl, conversation, sequence: -1, domain: benchDomain })) }).then((r) => r.arrayBuffer());
  }));
}
