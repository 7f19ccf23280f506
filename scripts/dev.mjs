#!/usr/bin/env node
// `npm start`: the bot (anonymous, 127.0.0.1) plus the Microsoft 365 Agents Playground, a local Teams-like
// client, on embedded defaults. Prints the URL to open; opens no browser. Ctrl-C stops both.
//   PORT (bot, default 3978) and PLAYGROUND_PORT (default 56150) can be overridden.
// The npm script builds first; this file only starts what dist/ contains.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const botPort = process.env.PORT ?? '3978';
const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';
const entry = path.join(root, 'dist/index.js');
const playgroundCli = path.join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js');

for (const file of [entry, playgroundCli]) {
  if (!fs.existsSync(file)) {
    console.error(`dev: ${path.relative(root, file)} is missing; run \`npm install\` and \`npm run build\` (npm start does both).`);
    process.exit(1);
  }
}

// Anonymous local mode: the playground sends no tokens. Registration values from the shell would make the bot
// demand them, so they are dropped here (never in production: `npm run serve` uses the environment as is).
// COEXIST_HOST passes through, so a non-loopback address is refused by the bot's config with the fix named.
const botEnv = { ...process.env, PORT: botPort, COEXIST_HOST: process.env.COEXIST_HOST ?? '127.0.0.1' };
for (const name of ['BOT_ID', 'BOT_PASSWORD', 'BOT_TYPE', 'BOT_TENANT_ID']) delete botEnv[name];

const children = new Set();
let stopping = false;

function start(name, args, env, cwd = root) {
  const child = spawn(process.execPath, ['--no-deprecation', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const prefix = (stream, out) => {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`dev: ${name} exited (${signal ?? code}); stopping.`);
      void stopAll(code === 0 ? 1 : code ?? 1);
    }
  });
  return child;
}

async function stopAll(exitCode) {
  stopping = true;
  await Promise.all([...children].map((child) => new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  })));
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return false;
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

start('bot', [entry], botEnv);
if (!(await waitFor(`http://127.0.0.1:${botPort}/healthz`, 90000))) {
  if (!stopping) {
    console.error(`dev: the bot did not answer on http://127.0.0.1:${botPort}/healthz; is the port in use? Try PORT=3979 npm start.`);
    await stopAll(1);
  }
} else {
  const playgroundDir = path.join(root, 'devTools');
  fs.mkdirSync(playgroundDir, { recursive: true });
  start('playground', [playgroundCli, '-p', playgroundPort, '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '--disable-telemetry'], {
    ...process.env,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: path.join(playgroundDir, 'm365agentsplayground.log'),
  });
  if (await waitFor(`http://127.0.0.1:${playgroundPort}/_internal/v1/config`, 90000)) {
    console.log(`\n  coexist is running.\n  Open the local Teams-like client: http://localhost:${playgroundPort}\n  Type /help there. Ctrl-C stops both.\n`);
  } else if (!stopping) {
    console.error(`dev: the playground did not start on port ${playgroundPort}; try PLAYGROUND_PORT=56151 npm start.`);
    await stopAll(1);
  }
}
