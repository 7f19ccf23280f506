/**
 * E2E harness, part 2: the Microsoft 365 Agents Playground (a local Teams-like client) as a real process.
 *
 *   const pg = await startPlayground({ botEndpoint: bot.endpoint });
 *   pg.url            // http://127.0.0.1:<free port>  (open it in the browser helper)
 *   pg.chatId         // the personal chat's conversation id (changes at every start)
 *   pg.config         // GET /_internal/v1/config → config (users, team, chats)
 *   pg.logs()         // its stdout/stderr; pg.logFile is its own log file
 *   await pg.stop()   // SIGTERM, waits for exit; removes its temp working directory
 *
 * It runs `cli.js` with node directly (npx would fork a child that outlives it), in a fresh temp cwd (it reads
 * ./.m365agentsplayground.yml from there: pass `configYaml` to set one), with TEAMSAPPTESTER_BROWSER=none and
 * telemetry off. It needs no network: the bot must run anonymously (no BOT_ID).
 * For sending without a browser, see playground-client.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT, stopChild, waitForHttp } from './bot-process';

export interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: { id: string; name: string; aadObjectId: string };
  personalChat: { id: string; name: string };
  [key: string]: unknown;
}

export interface Playground {
  url: string;
  port: number;
  pid: number;
  chatId: string;
  config: PlaygroundConfig;
  logFile: string;
  logs: () => string;
  stop: () => Promise<number | null>;
}

export const PLAYGROUND_CLI = path.join(ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js');

/**
 * `conversationId` fixes the personal chat's id (`--conversation-id`): a restart with the same id and port continues
 * "the same" chat for the bot's stored reference, although the new process knows none of the old messages.
 */
export async function startPlayground(options: { botEndpoint: string; port?: number; configYaml?: string; timeoutMs?: number; conversationId?: string }): Promise<Playground> {
  if (!fs.existsSync(PLAYGROUND_CLI)) throw new Error(`${PLAYGROUND_CLI} is missing: run \`npm ci\` (it is a devDependency).`);
  const port = options.port ?? (await freePort());
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-playground-'));
  if (options.configYaml !== undefined) fs.writeFileSync(path.join(cwd, '.m365agentsplayground.yml'), options.configYaml);
  const logFile = path.join(cwd, 'playground.log');
  const child = spawn(
    process.execPath,
    ['--no-deprecation', PLAYGROUND_CLI, '-p', String(port), '-e', options.botEndpoint, '-c', 'msteams', '--disable-telemetry',
      ...(options.conversationId ? ['--conversation-id', options.conversationId] : [])],
    {
      cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: cwd,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const code = await stopChild(child);
    fs.rmSync(cwd, { recursive: true, force: true });
    return code;
  };
  try {
    await waitForHttp(`${url}/_internal/v1/config`, options.timeoutMs ?? 60000, () => output, () => child.exitCode !== null);
    const { config } = (await (await fetch(`${url}/_internal/v1/config`)).json()) as { config: PlaygroundConfig };
    return { url, port, pid: child.pid!, chatId: config.personalChat.id, config, logFile, logs: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
