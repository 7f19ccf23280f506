/**
 * Benchmark (1): raw query throughput of our resolver against Node's dns.promises.Resolver (c-ares), both asking
 * the same loopback server (its own process) for distinct names, with the same concurrency. Prints the ratio.
 */
import { Resolver as NodeResolver } from 'node:dns/promises';
import { createResolver } from '../src/dns/resolver';
import type { ZoneData } from '../test/support/dns-server';
import { startServerProcess } from './dns-server-process';

const QUERIES = 20000;
const CONCURRENCY = 64;

interface Run { qps: number; cpuUsPerQuery: number }

async function drive(label: string, query: (name: string) => Promise<boolean>): Promise<Run> {
  let next = 0;
  let failures = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < QUERIES) {
      const i = next++;
      if (!(await query(`h${i}.bench.test`))) failures++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const qps = QUERIES / seconds;
  // CPU time of this (client) process per query: robust against other load on the machine, unlike wall time.
  const cpuUsPerQuery = (used.user + used.system) / QUERIES;
  console.log(`  ${label.padEnd(30)} ${qps.toFixed(0).padStart(7)} queries/s  ${cpuUsPerQuery.toFixed(1).padStart(6)} µs CPU/query  (${failures} failures)`);
  if (failures > 0) throw new Error(`${label}: ${failures} queries failed`);
  return { qps, cpuUsPerQuery };
}

async function main(): Promise<void> {
  const zone: ZoneData = {};
  for (let i = 0; i < QUERIES; i++) zone[`h${i}.bench.test`] = { A: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`] };
  const server = await startServerProcess(zone);
  try {
    const ours = createResolver({ servers: [server.address], timeoutMs: 2000, retries: 1, maxInFlight: CONCURRENCY });
    const node = new NodeResolver({ timeout: 2000, tries: 2 });
    node.setServers([server.address]);
    console.log(`dns-throughput: ${QUERIES} distinct A queries, concurrency ${CONCURRENCY}, server ${server.address} (separate process)`);
    const oursRuns: Run[] = [];
    const nodeRuns: Run[] = [];
    // Alternate to even out warm-up and machine noise; medians count.
    for (let round = 0; round < 6; round++) {
      const runNode = async (): Promise<void> => { nodeRuns.push(await drive(`node dns.promises (c-ares) #${round + 1}`, async (name) => (await node.resolve4(name)).length === 1)); };
      const runOurs = async (): Promise<void> => {
        oursRuns.push(await drive(`coexist resolver #${round + 1}`, async (name) => {
          const answer = await ours(name, 'A');
          return answer.kind === 'records' && answer.records.length === 1;
        }));
      };
      // Alternate who goes first, so neither always runs right after the other's load.
      if (round % 2 === 0) { await runNode(); await runOurs(); } else { await runOurs(); await runNode(); }
    }
    console.log(`  coexist resolver: ${ours.stats.udpExchanges} UDP exchanges, ${ours.stats.timeouts} timeouts (retried)`);
    ours.close();
    // The design choice measured: a fresh socket (and source port) for every query instead of the reused pool.
    const fresh = createResolver({ servers: [server.address], timeoutMs: 2000, retries: 1, maxInFlight: CONCURRENCY, maxQueriesPerSocket: 1 });
    const freshRun = await drive('coexist, socket per query', async (name) => (await fresh(name, 'A')).kind === 'records');
    fresh.close();
    const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2; };
    const oq = median(oursRuns.map((r) => r.qps));
    const nq = median(nodeRuns.map((r) => r.qps));
    const oc = median(oursRuns.map((r) => r.cpuUsPerQuery));
    const nc = median(nodeRuns.map((r) => r.cpuUsPerQuery));
    console.log(`RESULT dns-throughput (medians): ours ${oq.toFixed(0)} q/s, c-ares ${nq.toFixed(0)} q/s, throughput ratio ours/c-ares = ${(oq / nq).toFixed(2)}; `
      + `client CPU per query ours ${oc.toFixed(1)} µs, c-ares ${nc.toFixed(1)} µs, efficiency ratio c-ares/ours = ${(nc / oc).toFixed(2)}; `
      + `socket per query instead of the pool: ${freshRun.qps.toFixed(0)} q/s, ${freshRun.cpuUsPerQuery.toFixed(1)} µs CPU/query`);
  } finally {
    server.stop();
  }
}

main().catch((error: unknown) => { console.error(error); process.exit(1); });
