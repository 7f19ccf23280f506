/**
 * Counts what coexist writes to stdout/stderr per turn under the turns bench's settings (info level): at most one
 * line per turn is the goal, nothing is better. Run: `npm run build && npx tsx bench/turns-logcheck.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startServerProcess } from './dns-server-process';
import { freePort } from './support/bot-process';
import { benchZone, botEnv, drive, prime, startRemoteConnector } from './support/turns-driver';

async function main(): Promise<void> {
  const connector = await startRemoteConnector();
  const dns = await startServerProcess(benchZone);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-logs-'));
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve(__dirname, '../dist/index.js')], { env: botEnv({ port, dataDir, dns: dns.address }), stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c.toString()));
  child.stderr.on('data', (c: Buffer) => out.push(c.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await prime(url, connector, 8);
  const before = out.join('').split('\n').filter(Boolean).length;
  for (const scenario of ['status', 'click'] as const) {
    const m = await drive(url, scenario, connector, { seconds: 2, connections: 8, rate: 100 });
    console.log(`${scenario} reply: ${m.sampleReply}`);
    const lines = out.join('').split('\n').filter(Boolean);
    console.log(`${scenario}: ${m.statuses}; log lines so far after priming: ${lines.length - before}`);
  }
  console.log(out.join('').split('\n').filter(Boolean).slice(-5).map((l) => l.slice(0, 200)).join('\n'));
  child.kill('SIGTERM');
  connector.close();
  dns.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => { console.error(error); process.exit(1); });
