import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { parseConfig } from '../../src/config/config';
import { startCoexist, type StartedCoexist } from '../../src/index';

/** Fills the file system at `dir` to the last byte, as a full data disk is. */
function fill(dir: string): void {
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  const small = Buffer.alloc(512, 1);
  try {
    for (;;) fs.writeSync(fd, small);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

describe('/readyz reports a store that cannot write (write probe; SQLite on a full tmpfs)', function () {
  this.timeout(60_000);
  let dir: string;
  let bot: StartedCoexist | undefined;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-full-'));
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]).status !== 0) {
      if (process.env.CI === 'true') assert.fail('cannot mount a tmpfs (needs root); CI runs as root');
      this.skip();
    }
  });
  after(async () => {
    await bot?.stop();
    spawnSync('umount', [dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is 200 while writes succeed and 503 naming the write error once the disk is full', async () => {
    const parsed = parseConfig({ PORT: '0', COEXIST_DATA_DIR: dir, COEXIST_DNS_SERVERS: '127.0.0.1:9' }, '/tmp');
    assert.ok(parsed.ok);
    bot = await startCoexist(parsed.config, pino({ level: 'silent' }));
    const before = await fetch(`${bot.url}/readyz`);
    assert.equal(before.status, 200, JSON.stringify(await before.json()));
    fill(dir);
    let last: { status: number; body: Record<string, unknown> } | undefined;
    for (let i = 0; i < 50; i++) {
      const response = await fetch(`${bot.url}/readyz`);
      last = { status: response.status, body: await response.json() as Record<string, unknown> };
      if (last.status === 503) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(last?.status, 503, JSON.stringify(last));
    assert.equal(last?.body.ready, false);
    assert.equal(last?.body.storage, 'sqlite');
    assert.match(String(last?.body.writeError), /full|disk|SQLITE_FULL/i);
    fs.rmSync(path.join(dir, 'filler'));
    const recovered = await fetch(`${bot.url}/readyz`);
    assert.equal(recovered.status, 200);
  });
});
