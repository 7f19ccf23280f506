/**
 * SPF evaluation throughput: ours against mailauth 7.1.0 on the same generated zones, in the same run.
 *
 * The zones (test/spf/support/generate.ts) are served by the loopback DNS server and every answer both evaluators
 * need is first fetched through the real resolver; the timed rounds then replay those recorded answers from
 * memory, so the figure compares the evaluators and not the network. Run: `npx tsx bench/spf-eval.ts`.
 */
import { createResolver } from '../src/dns/resolver';
import type { DnsAnswer, Resolver } from '../src/dns/types';
import { evaluateSpf } from '../src/spf/evaluate';
import { startDnsServer } from '../test/support/dns-server';
import { generate } from '../test/spf/support/generate';
import { mailauthSpf, toMailauthResolver } from '../test/spf/support/mailauth-adapter';

const COUNT = 1200;
const ROUNDS = 5;

async function main(): Promise<void> {
  const generated = generate(COUNT, 4242);
  const server = await startDnsServer({ zone: generated.zone });
  for (const name of generated.timeouts) server.setBehaviour(name, '*', 'timeout');
  for (const name of generated.servfails) server.setBehaviour(name, '*', 'servfail');
  const live = createResolver({ servers: [server.address], timeoutMs: 200, retries: 0 });
  const recorded = new Map<string, DnsAnswer>();
  const recording: Resolver = async (name, type) => {
    const key = `${name.toLowerCase().replace(/\.$/, '')}|${type}`;
    const answer = await live(name, type);
    recorded.set(key, answer);
    return answer;
  };
  const input = (s: (typeof generated.scenarios)[number]) => ({ ip: s.ip, mailFrom: s.mailFrom, helo: s.helo, receiver: 'mx.receiver.test' });
  const maInput = (s: (typeof generated.scenarios)[number], resolver: unknown) => ({ ip: s.ip, sender: s.mailFrom, helo: s.helo, mta: 'mx.receiver.test', resolver, strict: true });
  // Record every answer either evaluator asks for.
  for (let i = 0; i < generated.scenarios.length; i += 50) {
    await Promise.all(generated.scenarios.slice(i, i + 50).map(async (s) => {
      await evaluateSpf(input(s), recording);
      await mailauthSpf(maInput(s, toMailauthResolver(recording)));
    }));
  }
  live.close();
  await server.close();
  const missing: DnsAnswer = { kind: 'error', reason: 'other', detail: 'not recorded' };
  const replay: Resolver = (name, type) => Promise.resolve(recorded.get(`${name.toLowerCase().replace(/\.$/, '')}|${type}`) ?? missing);
  const maReplay = toMailauthResolver(replay);

  const timeOurs = async (): Promise<number> => {
    const start = process.hrtime.bigint();
    for (const s of generated.scenarios) await evaluateSpf(input(s), replay);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const timeTheirs = async (): Promise<number> => {
    const start = process.hrtime.bigint();
    for (const s of generated.scenarios) await mailauthSpf(maInput(s, maReplay));
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  await timeOurs();
  await timeTheirs();
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so neither side always runs right after a GC-heavy round of the other.
    if (round % 2 === 0) { ours.push(await timeOurs()); theirs.push(await timeTheirs()); } else { theirs.push(await timeTheirs()); ours.push(await timeOurs()); }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const oursMs = median(ours);
  const theirsMs = median(theirs);
  const rate = (ms: number) => Math.round((COUNT / ms) * 1000);
  console.log(`SPF evaluation, ${COUNT} generated zones, ${recorded.size} recorded DNS answers, median of ${ROUNDS} rounds`);
  console.log(`  ours:     ${oursMs.toFixed(1)} ms  (${rate(oursMs)} evaluations/s)`);
  console.log(`  mailauth: ${theirsMs.toFixed(1)} ms  (${rate(theirsMs)} evaluations/s)`);
  console.log(`  ratio: ours is ${(theirsMs / oursMs).toFixed(2)}x mailauth's throughput`);
  if (oursMs >= theirsMs) process.exitCode = 1;
}

void main();
