/**
 * Benchmark (3): audits per second for 2,000 domains (all four checks each) with bounded concurrency, against a
 * loopback server in its own process. Baseline in the same run: the same audits one domain at a time.
 */
import { createResolver } from '../src/dns/resolver';
import { checkDomain } from '../src/probes/check-domain';
import type { ZoneData } from '../test/support/dns-server';
import { startServerProcess } from './dns-server-process';

const DOMAINS = 2000;
const CONCURRENT_AUDITS = 100;
const SEQUENTIAL_SAMPLE = 50;

function buildZone(): ZoneData {
  const zone: ZoneData = {
    'spf.protection.outlook.com': { TXT: ['v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 -all'] },
    '_spf.provider.test': { TXT: ['v=spf1 ip4:192.0.2.0/24 -all'] },
  };
  for (let i = 0; i < DOMAINS; i++) {
    const d = `kunde${i}.de`;
    zone[d] = { TXT: [`MS=ms${10000000 + i}`, 'v=spf1 include:spf.protection.outlook.com include:_spf.provider.test ~all'], MX: [{ preference: 10, exchange: 'mx00.provider.test' }] };
    zone[`autodiscover.${d}`] = { CNAME: 'autodiscover.outlook.com' };
  }
  zone['mx00.provider.test'] = { A: ['192.0.2.25'] };
  return zone;
}

async function main(): Promise<void> {
  const server = await startServerProcess(buildZone());
  const resolver = createResolver({ servers: [server.address], timeoutMs: 2000, retries: 1, maxInFlight: 256 });
  try {
    const audit = async (i: number): Promise<boolean> => (await checkDomain(`kunde${i}.de`, { resolver })).every((r) => r.status === 'ok');
    let failed = 0;
    for (let i = 0; i < 10; i++) await audit(DOMAINS - 1 - i); // warm-up: JIT and sockets
    let t = performance.now();
    for (let i = 0; i < SEQUENTIAL_SAMPLE; i++) if (!(await audit(i))) failed++;
    const sequential = SEQUENTIAL_SAMPLE / ((performance.now() - t) / 1000);
    const before = { ...resolver.stats };
    const cpu = process.cpuUsage();
    t = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENT_AUDITS }, async () => {
      while (next < DOMAINS) if (!(await audit(next++))) failed++;
    }));
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const parallel = DOMAINS / seconds;
    const queries = resolver.stats.udpExchanges - before.udpExchanges;
    console.log(`dns-audit: ${DOMAINS} domains, ${CONCURRENT_AUDITS} audits at a time, at most 256 queries in flight over 4 reused sockets; `
      + `${queries} UDP exchanges, ${resolver.stats.timeouts - before.timeouts} timeouts, ${failed} audits not ok; client CPU ${((used.user + used.system) / 1e6).toFixed(2)} s`);
    console.log(`RESULT dns-audit: ${parallel.toFixed(0)} audits/s (${seconds.toFixed(2)} s for ${DOMAINS}) vs ${sequential.toFixed(0)} audits/s one at a time: ratio ${(parallel / sequential).toFixed(1)}`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    resolver.close();
    server.stop();
  }
}

main().catch((error: unknown) => { console.error(error); process.exit(1); });
