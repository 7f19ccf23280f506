/**
 * E2E harness, part 1: the bot as a real process (`node dist/index.js`), as production runs it.
 *
 *   const bot = await startBotProcess({ env: { COEXIST_LOG_LEVEL: 'debug' } });
 *   bot.url          // http://127.0.0.1:<free port>
 *   bot.endpoint     // http://127.0.0.1:<port>/api/messages  (give this to the playground)
 *   bot.logs()       // everything the process wrote so far (stdout + stderr), for assertions and failure output
 *   await bot.stop() // SIGTERM, waits for exit (SIGKILL after 5 s); resolves to the exit code
 *
 * Defaults: anonymous mode on 127.0.0.1, a free port, COEXIST_DATA_DIR in a fresh temp dir (removed on stop).
 * `env` is merged over those defaults (and over PATH/HOME only: the parent's COEXIST_* and BOT_* never leak in).
 * Needs a build (`npm run build`; `npm test` does it): a missing dist/index.js is an error, not a skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.join(__dirname, '../..');

export interface BotProcess {
  url: string;
  endpoint: string;
  port: number;
  pid: number;
  dataDir: string;
  logs: () => string;
  stop: () => Promise<number | null>;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 2xx; rejects with `describe()` in the message after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, describe: () => string, exited?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited?.()) throw new Error(`process exited before ${url} answered:\n${describe()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends SIGTERM and waits for exit; SIGKILL after `graceMs`. Resolves to the exit code (null if killed). */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

export async function startBotProcess(options: { env?: Record<string, string>; timeoutMs?: number; args?: string[] } = {}): Promise<BotProcess> {
  const entry = path.join(ROOT, 'dist/index.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does).`);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-e2e-data-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? os.tmpdir(),
    PORT: String(port),
    COEXIST_HOST: '127.0.0.1',
    COEXIST_DATA_DIR: dataDir,
    ...options.env,
  };
  const child = spawn(process.execPath, ['--no-deprecation', entry, ...(options.args ?? [])], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${env.PORT}`;
  const stop = async () => {
    const code = await stopChild(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
    return code;
  };
  try {
    await waitForHttp(`${url}/healthz`, options.timeoutMs ?? 60000, () => output, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, endpoint: `${url}/api/messages`, port: Number(env.PORT), pid: child.pid!, dataDir, logs: () => output, stop };
}
