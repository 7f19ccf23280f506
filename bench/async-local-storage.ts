/**
 * What an ambient AsyncLocalStorage costs a promise-heavy turn on this Node (Node 24 runs it on AsyncContextFrame,
 * Node 20 on V8 promise hooks). Baseline: the same work without any AsyncLocalStorage, in the same process, rounds
 * alternating; prints both and the ratio. The request and turn ids and the telemetry spans are passed explicitly
 * in src/ either way (see docs/benchmarks.md); this bench only checks the claim about the cost.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const TURNS = 20_000;
const AWAITS_PER_TURN = 60;
const ROUNDS = 5;

async function turn(depth: number): Promise<number> {
  let n = 0;
  for (let i = 0; i < depth; i++) n += await Promise.resolve(i);
  return n;
}

async function run(work: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / TURNS;
}

async function main(): Promise<void> {
  const plain = async (): Promise<void> => { for (let i = 0; i < TURNS; i++) await turn(AWAITS_PER_TURN); };
  const storage = new AsyncLocalStorage<{ requestId: string }>();
  const withStorage = async (): Promise<void> => {
    for (let i = 0; i < TURNS; i++) await storage.run({ requestId: `r${i}` }, () => turn(AWAITS_PER_TURN));
  };
  await run(plain);
  await run(withStorage);
  const base: number[] = [];
  const als: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    base.push(await run(plain));
    als.push(await run(withStorage));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const b = median(base);
  const a = median(als);
  console.log(`node ${process.version}: ${AWAITS_PER_TURN} awaits per turn, ${TURNS} turns, ${ROUNDS} rounds (median CPU per turn)`);
  console.log(`  baseline (no AsyncLocalStorage): ${b.toFixed(2)} µs`);
  console.log(`  inside AsyncLocalStorage.run:    ${a.toFixed(2)} µs`);
  console.log(`  ratio: ${(a / b).toFixed(2)}x`);
}

void main();
