/**
 * Benchmark (2): wall time of one `check` (all four checks of a domain) against the sum and the longest chain of
 * its dependent round trips. Every answer is delayed by DELAY ms at the server, so round trips dominate; the
 * baseline is one round trip measured in the same run.
 */
import { startDnsServer, type ZoneData } from '../test/support/dns-server';
import { createResolver } from '../src/dns/resolver';
import { checkDomain } from '../src/probes/check-domain';

const DELAY = 25;
const MS = 'include:spf.protection.outlook.com';
const zone: ZoneData = {
  'meinefirma.de': { TXT: ['MS=ms48151623', `v=spf1 ${MS} include:_spf.provider.test ~all`], MX: [{ preference: 10, exchange: 'mx00.provider.test' }] },
  'autodiscover.meinefirma.de': { CNAME: 'autodiscover.outlook.com' },
  // Microsoft's record includes two more, like the real one did.
  'spf.protection.outlook.com': { TXT: ['v=spf1 include:spfa.protection.outlook.com include:spfb.protection.outlook.com -all'] },
  'spfa.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 -all'] },
  'spfb.protection.outlook.com': { TXT: ['v=spf1 ip4:40.107.0.0/16 -all'] },
  '_spf.provider.test': { TXT: ['v=spf1 a:mail.provider.test mx:provider.test -all'] },
  'mail.provider.test': { A: ['192.0.2.10'] },
  'mx00.provider.test': { A: ['192.0.2.25'] },
  'provider.test': { MX: [{ preference: 10, exchange: 'mx00.provider.test' }] },
};
// Dependent chain: meinefirma.de TXT → spf.protection.outlook.com TXT → spfa… TXT (3 round trips); the other
// checks are one round trip each and run beside it.
const LONGEST_CHAIN = 3;

async function main(): Promise<void> {
  const server = await startDnsServer({ zone });
  for (const name of Object.keys(zone)) server.setBehaviour(name, '*', { delayMs: DELAY });
  server.setBehaviour('baseline.test', '*', { delayMs: DELAY });
  const resolver = createResolver({ servers: [server.address], timeoutMs: 2000 });
  try {
    const rtts: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await resolver('baseline.test', 'A');
      rtts.push(performance.now() - t);
    }
    const rtt = rtts.sort((a, b) => a - b)[5]!;
    const walls: number[] = [];
    let queries = 0;
    for (let i = 0; i < 10; i++) {
      server.clearLog();
      const t = performance.now();
      const results = await checkDomain('meinefirma.de', { resolver, expectTxt: 'MS=ms48151623' });
      walls.push(performance.now() - t);
      queries = server.log.length;
      if (results.some((r) => r.status !== 'ok')) throw new Error(`unexpected verdicts: ${JSON.stringify(results)}`);
    }
    const wall = walls.sort((a, b) => a - b)[5]!;
    const sum = queries * rtt;
    const chain = LONGEST_CHAIN * rtt;
    console.log(`dns-check: one round trip ${rtt.toFixed(1)} ms (server delay ${DELAY} ms), ${queries} queries per check`);
    console.log(`RESULT dns-check: wall ${wall.toFixed(1)} ms; sum of round trips ${sum.toFixed(0)} ms (wall/sum ${(wall / sum).toFixed(2)}); `
      + `longest chain ${LONGEST_CHAIN} round trips = ${chain.toFixed(1)} ms (wall/chain ${(wall / chain).toFixed(2)})`);
  } finally {
    resolver.close();
    await server.close();
  }
}

main().catch((error: unknown) => { console.error(error); process.exit(1); });
