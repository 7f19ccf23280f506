import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createResolver } from '../../src/dns/resolver';

describe('test/support/dns-server.ts as a standalone process', function () {
  this.timeout(20000);
  let dir: string;
  let child: ChildProcess | undefined;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-dns-')); });
  afterEach(() => {
    child?.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a zone file, applies behaviours from it and reloads it when the file changes', async () => {
    const file = path.join(dir, 'zone.json');
    fs.writeFileSync(file, JSON.stringify({ zone: { 'meinefirma.de': { TXT: ['step-1'] }, 'slow.de': { A: ['192.0.2.1'] } },
      behaviours: [{ name: 'slow.de', type: '*', behaviour: 'servfail' }] }));
    const root = path.resolve(__dirname, '../..');
    child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/support/dns-server.ts'), '--zone', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const address = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^dns-server listening (\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      child!.on('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const resolver = createResolver({ servers: [address], timeoutMs: 500 });
    try {
      const first = await resolver('meinefirma.de', 'TXT');
      assert.equal(first.kind === 'records' && first.records[0]!.type === 'TXT' && first.records[0]!.text, 'step-1');
      const failed = await resolver('slow.de', 'A');
      assert.equal(failed.kind === 'error' && failed.reason, 'servfail');
      fs.writeFileSync(file, JSON.stringify({ 'meinefirma.de': { TXT: ['step-2'] } }));
      let text: string | false = false;
      for (let i = 0; i < 50 && text !== 'step-2'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const next = await resolver('meinefirma.de', 'TXT');
        text = next.kind === 'records' && next.records[0]!.type === 'TXT' && next.records[0]!.text;
      }
      assert.equal(text, 'step-2');
      assert.equal((await resolver('slow.de', 'A')).kind, 'nxdomain', 'behaviours and names from the old file are gone');
    } finally {
      resolver.close();
    }
  });
});
