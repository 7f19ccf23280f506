import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { freePort, ROOT, stopChild, waitForHttp } from '../support/bot-process';

const CLI = path.join(ROOT, 'dist/cli.js');
const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', COEXIST_STORAGE: 'memory' };

describe('coexist serve (built CLI)', function () {
  this.timeout(30000);

  it('refuses a non-loopback address without BOT_ID, with a message that names the fix (exit 78)', () => {
    for (const args of [['serve', '--host', '0.0.0.0'], ['serve']]) {
      const env = args.length === 1 ? { ...baseEnv, COEXIST_HOST: '::' } : baseEnv;
      const run = spawnSync(process.execPath, ['--no-deprecation', CLI, ...args], { env, encoding: 'utf8', timeout: 15000 });
      assert.equal(run.status, 78, run.stderr);
      assert.match(run.stderr, /Refusing to listen on .* without BOT_ID/);
      assert.match(run.stderr, /set BOT_ID, BOT_TENANT_ID and BOT_PASSWORD/);
      assert.match(run.stderr, /COEXIST_HOST=127\.0\.0\.1/);
      assert.match(run.stderr, /local development only/);
    }
  });

  it('the composition root (node dist/index.js) refuses the same way', () => {
    const run = spawnSync(process.execPath, ['--no-deprecation', path.join(ROOT, 'dist/index.js')], { env: { ...baseEnv, COEXIST_HOST: '0.0.0.0' }, encoding: 'utf8', timeout: 15000 });
    assert.equal(run.status, 78, run.stderr);
    assert.match(run.stderr, /Refusing to listen on 0\.0\.0\.0 without BOT_ID/);
  });

  it('rejects unknown options as a usage error (exit 2)', () => {
    const run = spawnSync(process.execPath, ['--no-deprecation', CLI, 'serve', '--hots', 'x'], { env: baseEnv, encoding: 'utf8', timeout: 15000 });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown option "--hots"/);
  });

  it('serves /healthz on --port and stops gracefully on SIGTERM (exit 0)', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--no-deprecation', CLI, 'serve', '--port', String(port)], { env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, 15000, () => output, () => child.exitCode !== null);
    } finally {
      const code = await stopChild(child);
      assert.equal(code, 0, output);
    }
    assert.match(output, /"msg":"stopped"/);
  });

  it('`coexist --help` lists serve', () => {
    const run = spawnSync(process.execPath, ['--no-deprecation', CLI, '--help'], { env: baseEnv, encoding: 'utf8' });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^\s+serve\s+start the Teams bot/m);
  });
});
