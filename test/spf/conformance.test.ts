/**
 * The openspf RFC 7208 test suite (test/spf/fixtures/rfc7208-tests.yml, see its LICENSE), one mocha test per case.
 * Each scenario's zone data is served by the loopback DNS server (test/support/dns-server.ts) and every case is
 * evaluated through the real resolver (src/dns) over UDP/TCP.
 *
 * Driver semantics (as in the suite's reference drivers): a `TIMEOUT` entry times out every query type not
 * answered by an entry before it; SPF-typed data counts as TXT only where a name has no TXT entry (`TXT: NONE` is
 * such an entry, with no records). Where the suite allows several results, any of them counts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { evaluateSpf } from '../../src/spf/evaluate';
import type { NameData, ZoneData } from '../support/dns-server';
import { useLoopbackResolver } from './support/loopback-resolver';

interface SuiteCase {
  description?: string;
  spec: string | string[];
  helo: string;
  host: string;
  mailfrom: string;
  result: string | string[];
  explanation?: string;
}
interface Scenario {
  description: string;
  tests: Record<string, SuiteCase>;
  zonedata?: Record<string, Array<string | Record<string, unknown>>>;
}

const TYPES = ['A', 'AAAA', 'MX', 'TXT', 'SPF', 'PTR', 'CNAME', 'NS', 'SOA'] as const;

/** Turns one scenario's zonedata into the test server's zone and its timeout behaviours. */
export function suiteZone(zonedata: Scenario['zonedata']): { zone: ZoneData; timeouts: Array<[string, string]> } {
  const zone: ZoneData = {};
  const timeouts: Array<[string, string]> = [];
  for (const [name, entries] of Object.entries(zonedata ?? {})) {
    const data: NameData = {};
    const hasTxtEntry = entries.some((e) => typeof e === 'object' && 'TXT' in e);
    const answered = new Set<string>();
    for (const entry of entries) {
      if (entry === 'TIMEOUT') {
        for (const type of TYPES) if (!answered.has(type)) timeouts.push([name, type]);
        break;
      }
      if (typeof entry !== 'object') throw new Error(`unknown zone entry ${String(entry)} at ${name}`);
      for (const [type, value] of Object.entries(entry)) {
        switch (type) {
          case 'A': case 'AAAA': case 'PTR': case 'NS':
            (data[type] ??= []).push(String(value));
            answered.add(type);
            break;
          case 'MX': {
            const [preference, exchange] = value as [number, string];
            (data.MX ??= []).push({ preference, exchange });
            answered.add('MX');
            break;
          }
          case 'CNAME':
            data.CNAME = String(value);
            for (const t of TYPES) answered.add(t);
            break;
          case 'TXT':
            if (value !== 'NONE') { (data.TXT ??= []).push(value as string | string[]); answered.add('TXT'); }
            break;
          case 'SPF':
            (data.SPF ??= []).push(value as string | string[]);
            answered.add('SPF');
            if (!hasTxtEntry) { (data.TXT ??= []).push(value as string | string[]); answered.add('TXT'); }
            break;
          default:
            throw new Error(`unknown record type ${type} at ${name}`);
        }
      }
    }
    zone[name] = data;
  }
  return { zone, timeouts };
}

const suitePath = path.join(__dirname, 'fixtures', 'rfc7208-tests.yml');
const scenarios = (yaml.loadAll(fs.readFileSync(suitePath, 'utf8')) as Scenario[]).filter(Boolean);

describe('spf/evaluate: openspf RFC 7208 suite over the real resolver and a loopback DNS server', function () {
  this.timeout(10000);
  const dns = useLoopbackResolver();

  it('has the whole suite', () => {
    const count = scenarios.reduce((n, s) => n + Object.keys(s.tests).length, 0);
    assert.ok(count >= 200, `only ${count} cases`);
  });

  for (const scenario of scenarios) {
    describe(scenario.description, () => {
      before(() => {
        const { zone, timeouts } = suiteZone(scenario.zonedata);
        dns.server.setZone(zone);
        dns.server.clearBehaviours();
        for (const [name, type] of timeouts) dns.server.setBehaviour(name, type, 'timeout');
      });
      for (const [id, c] of Object.entries(scenario.tests)) {
        const allowed = Array.isArray(c.result) ? c.result : [c.result];
        it(`${id} (RFC 7208 ${Array.isArray(c.spec) ? c.spec.join(', ') : c.spec}) → ${allowed.join(' or ')}`, async () => {
          const outcome = await evaluateSpf({ ip: c.host, mailFrom: c.mailfrom, helo: c.helo }, dns.resolver);
          assert.ok(allowed.includes(outcome.result), `got ${outcome.result} (${outcome.explanation}), expected ${allowed.join(' or ')}`);
          if (c.explanation !== undefined && outcome.result === 'fail') {
            if (c.explanation === 'DEFAULT') assert.equal(outcome.explanationSource, 'default', outcome.explanation);
            else assert.equal(outcome.explanation, c.explanation);
          }
        });
      }
    });
  }
});
