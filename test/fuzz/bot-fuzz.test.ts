/**
 * The fuzz run of the Done-when, against the real composed bot IN THIS PROCESS (so an unhandled rejection
 * or uncaught exception anywhere in the bot is seen): 10,000 random and mutated activities, no crash, no unhandled
 * rejection, no 5xx. Run alone: `npx mocha --grep @fuzz`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { parseConfig } from '../../src/config/config';
import { startCoexist, type StartedCoexist } from '../../src/index';
import { startDnsServer, type DnsTestServer } from '../support/dns-server';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector';
import { formatFuzzReport, httpPoster, runFuzz } from './run-fuzz';

describe('@fuzz the real bot in-process survives 10,000 random and mutated activities', function () {
  this.timeout(120_000);
  let bot: StartedCoexist | undefined;
  let connector: FakeConnector | undefined;
  let dns: DnsTestServer | undefined;
  let dataDir: string | undefined;

  after(async () => {
    await bot?.stop();
    await connector?.close();
    await dns?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('no crash, no 5xx, no unhandled rejection (SQLite store, loopback DNS, fake connector)', async () => {
    connector = await startFakeConnector({ record: false });
    dns = await startDnsServer({ zone: {
      'meinefirma.de': { MX: [{ preference: 5, exchange: 'smtpin.rzone.de' }], TXT: ['v=spf1 include:strato.de ~all', 'MS=ms12345678'], NS: ['ns1.meinefirma.de'] },
      'ns1.meinefirma.de': { A: ['127.0.0.1'] },
      'autodiscover.meinefirma.de': { CNAME: 'autodiscover.outlook.com' },
      'autodiscover.outlook.com': { A: ['52.97.0.1'] },
      'smtpin.rzone.de': { A: ['81.169.145.97'] },
    } });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coexist-fuzz-'));
    const parsed = parseConfig({
      PORT: '0', COEXIST_STORAGE: 'sqlite', COEXIST_DATA_DIR: dataDir, COEXIST_DNS_SERVERS: dns.address,
      COEXIST_PUBLIC_RESOLVERS: dns.address, COEXIST_NAMESERVER_PORT: String(dns.port),
      // Without the limiter every case reaches the routes; the limiter's own answers are tested in test/server.
      COEXIST_RATE_LIMIT: 'off', COEXIST_QUIET_HOURS: 'off',
    }, '/tmp');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    bot = await startCoexist(parsed.config, pino({ level: 'silent' }));

    const report = await runFuzz(httpPoster(`${bot.url}/api/messages`), { count: Number(process.env.COEXIST_TEST_FUZZ_COUNT ?? 10_000), seed: 1, concurrency: 64, serviceUrl: connector.serviceUrl });
    console.log(`      ${formatFuzzReport(report).split('\n').join('\n      ')}`);
    assert.equal(report.sent, Number(process.env.COEXIST_TEST_FUZZ_COUNT ?? 10_000));
    assert.deepEqual(report.unhandled, []);
    assert.deepEqual(report.failureCounts, {});
    assert.equal(report.ok, true);
    // The run reached the bot, not only the guards: many turns answered 200, and replies went to the connector.
    assert.ok((report.byStatus['200'] ?? 0) > report.sent * 0.3, JSON.stringify(report.byStatus));
    assert.ok(Object.values(connector.counts).reduce((a, b) => a + b, 0) > report.sent * 0.05, JSON.stringify(connector.counts));
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
  });
});
