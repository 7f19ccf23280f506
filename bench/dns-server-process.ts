/** Starts test/support/dns-server.ts as its own process (so the server does not share the benchmark's event loop). */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ZoneData } from '../test/support/dns-server';

export interface ServerProcess { address: string; pid: number | undefined; stop: () => void }

export async function startServerProcess(zone: ZoneData): Promise<ServerProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-bench-'));
  const file = path.join(dir, 'zone.json');
  fs.writeFileSync(file, JSON.stringify(zone));
  const root = path.resolve(__dirname, '..');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/support/dns-server.ts'), '--zone', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`dns-server exited with ${code}`)));
  });
  return { address, pid: child.pid, stop: () => { child.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); } };
}
