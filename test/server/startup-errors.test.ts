import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/bot-process';

const INDEX = path.join(ROOT, 'dist/index.js');

function start(env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const run = spawnSync(process.execPath, ['--no-deprecation', INDEX], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', PORT: '0', COEXIST_DNS_SERVERS: '127.0.0.1:9', ...env },
    encoding: 'utf8', timeout: 20_000,
  });
  return { status: run.status, stderr: run.stderr, stdout: run.stdout };
}

/** A read-only file system at `dir` (a tmpfs mounted ro): what a read-only data volume looks like, also to root. */
function mountReadOnly(dir: string): boolean {
  const run = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir], { encoding: 'utf8' });
  return run.status === 0;
}

describe('start-up errors name the file, the cause and the fix, with their own exit code (built dist/index.js)', function () {
  this.timeout(60_000);
  let tmp: string;
  beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-startup-')); });
  afterEach(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

  it('a SQLite file with a corrupt header: exit 74, the file, "not a SQLite database" and what to do', () => {
    const file = path.join(tmp, 'coexist.sqlite');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 2\0'), Buffer.alloc(4080, 0x41)]));
    const run = start({ COEXIST_DATA_DIR: tmp });
    assert.equal(run.status, 74, run.stderr + run.stdout);
    assert.ok(run.stderr.includes(file), run.stderr);
    assert.match(run.stderr, /not a SQLite database/);
    assert.match(run.stderr, /SQLITE_NOTADB/);
    assert.match(run.stderr, /Fix: stop coexist, move the file aside and restore it from a backup/);
    assert.doesNotMatch(run.stderr + run.stdout, /could not (start|listen) on/);
    assert.match(run.stdout, /"level":"fatal".*"exitCode":74/);
  });

  it('a read-only data directory: exit 74, the file, the directory that is not writable and what to do', function () {
    const dir = path.join(tmp, 'data');
    fs.mkdirSync(dir);
    if (!mountReadOnly(dir)) {
      if (process.env.CI === 'true') assert.fail('cannot mount a read-only tmpfs (needs root); CI runs as root');
      this.skip();
    }
    try {
      const run = start({ COEXIST_DATA_DIR: dir });
      assert.equal(run.status, 74, run.stderr + run.stdout);
      assert.ok(run.stderr.includes(path.join(dir, 'coexist.sqlite')), run.stderr);
      assert.match(run.stderr, new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not writable \\(EROFS\\)`));
      assert.match(run.stderr, /Fix: make .* writable for the user coexist runs as/);
    } finally {
      spawnSync('umount', [dir]);
    }
  });

  it('Redis not answering: exit 74 naming the address and the fix', async () => {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    server.close();
    const run = start({ COEXIST_STORAGE: `redis://127.0.0.1:${port}` });
    assert.equal(run.status, 74, run.stderr + run.stdout);
    assert.match(run.stderr, new RegExp(`cannot open the store redis://127\\.0\\.0\\.1:${port}: Redis does not answer.*Fix: start redis-server`));
  });

  it('a port in use keeps exit 1, "could not listen", and names the fix', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const run = start({ COEXIST_STORAGE: 'memory', PORT: String(port) });
      assert.equal(run.status, 1, run.stderr + run.stdout);
      assert.match(run.stderr, new RegExp(`could not listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*Fix: pick a free port`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
