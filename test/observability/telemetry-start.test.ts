import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startConfiguredTelemetry } from '../../src/observability/telemetry-start';

const ROOT = path.join(__dirname, '../..');

/**
 * Starts the composed bot in a fresh Node process with COEXIST_TELEMETRY=`setting`, runs one /help turn, stops, and
 * reports which OpenTelemetry modules were loaded (a fresh process: mocha's has loaded them for other tests).
 */
async function openTelemetryModulesLoaded(setting: string): Promise<string[]> {
  const script = `
    const { parseConfig } = require('./src/config/config');
    const { startCoexist } = require('./src/index');
    const pino = require('pino');
    (async () => {
      const parsed = parseConfig({ PORT: '0', COEXIST_STORAGE: 'memory', COEXIST_DNS_SERVERS: '127.0.0.1:9', COEXIST_TELEMETRY: ${JSON.stringify(setting)},
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }, process.cwd());
      if (!parsed.ok) throw new Error(parsed.errors.join('; '));
      const bot = await startCoexist(parsed.config, pino({ level: 'silent' }));
      const activity = { type: 'message', id: 'm1', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', text: '/help', locale: 'en-US',
        from: { id: '29:u' }, recipient: { id: '28:b' }, conversation: { id: 'a:c', tenantId: 't' } };
      await fetch(bot.url + '/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      await bot.stop();
      const loaded = Object.keys(require.cache).filter((k) => k.includes('@opentelemetry')).map((k) => k.split('@opentelemetry/')[1].split('/')[0]);
      process.stdout.write(JSON.stringify([...new Set(loaded)].sort()));
      process.exit(0);
    })().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--no-deprecation', '--require', 'tsx/cjs', '-e', script], { cwd: ROOT, timeout: 60_000 });
  return JSON.parse(stdout) as string[];
}

describe('telemetry start-up from the configuration', function () {
  this.timeout(90_000);

  it('off: no hook, and the composed bot never loads any OpenTelemetry module, not even the API', async () => {
    assert.equal(await startConfiguredTelemetry({ telemetry: 'off' }, pino({ level: 'silent' })), undefined);
    assert.deepEqual(await openTelemetryModulesLoaded('off'), []);
  });

  it('otlp: logs where it exports, the endpoint\'s origin only (a URL may carry credentials)', async () => {
    let text = '';
    const logger = pino({ level: 'info' }, new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } }));
    const started = await startConfiguredTelemetry({ telemetry: 'otlp', otlpEndpoint: 'http://collector:pa55word-4711@127.0.0.1:9/otlp' }, logger);
    assert.ok(started);
    await started.shutdown();
    const line = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => String(l.msg).startsWith('telemetry: OpenTelemetry'));
    assert.equal(line?.endpoint, 'http://127.0.0.1:9', text);
    assert.ok(!text.includes('pa55word-4711'), text);
  });

  it('otlp: the composed bot loads the SDK and the OTLP/HTTP exporters', async () => {
    const loaded = await openTelemetryModulesLoaded('otlp');
    for (const name of ['api', 'sdk-trace-base', 'sdk-metrics', 'exporter-trace-otlp-http', 'exporter-metrics-otlp-http']) {
      assert.ok(loaded.includes(name), `${name} not loaded: ${loaded.join(', ')}`);
    }
  });
});
