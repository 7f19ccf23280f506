import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { freePort, ROOT } from '../support/bot-process';

function run(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/dev.mjs')], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', COEXIST_STORAGE: 'memory', ...env },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('@e2e npm start (scripts/dev.mjs)', function () {
  this.timeout(180000);

  it('starts the bot and the playground, prints the URL, and stops both on Ctrl-C', async () => {
    const [botPort, playgroundPort] = [await freePort(), await freePort()];
    const dev = run({ PORT: String(botPort), PLAYGROUND_PORT: String(playgroundPort) });
    try {
      const deadline = Date.now() + 120000;
      while (!dev.output().includes('coexist is running') && Date.now() < deadline && dev.child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      assert.match(dev.output(), new RegExp(`http://localhost:${playgroundPort}`), dev.output());
      assert.equal((await fetch(`http://127.0.0.1:${botPort}/healthz`)).status, 200);
      assert.equal((await fetch(`http://127.0.0.1:${playgroundPort}/_internal/v1/config`)).status, 200);
    } finally {
      dev.child.kill('SIGINT');
    }
    assert.equal(await dev.exited, 0, dev.output());
    await assert.rejects(fetch(`http://127.0.0.1:${botPort}/healthz`));
    await assert.rejects(fetch(`http://127.0.0.1:${playgroundPort}/_internal/v1/config`));
  });

  it('refuses a non-loopback COEXIST_HOST without BOT_ID and says how to fix it', async () => {
    const dev = run({ PORT: String(await freePort()), PLAYGROUND_PORT: String(await freePort()), COEXIST_HOST: '0.0.0.0' });
    const code = await dev.exited;
    assert.notEqual(code, 0);
    assert.match(dev.output(), /Refusing to listen on 0\.0\.0\.0 without BOT_ID/);
    assert.match(dev.output(), /COEXIST_ALLOW_ANONYMOUS=true/);
  });
});
