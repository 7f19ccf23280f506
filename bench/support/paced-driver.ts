/**
 * Paced load for bench/turns.ts: turns arrive one at a time at a fixed mean rate with random (exponential) gaps, as
 * independent people in 64 conversations would send them, each conversation with at most one turn in flight.
 * autocannon's `overallRate` instead sends every connection's share at the start of each second, so its "paced"
 * p50 was the queue of a 200-request burst, not a turn's own latency. Latency counts from a turn's scheduled
 * arrival (not from when it was sent), so a late client does not hide a slow server (coordinated omission). The gaps
 * come from a seeded generator: both bots get the same arrival pattern.
 */
import http from 'node:http';
import { mulberry32 } from '../../test/support/random';
import { cpuSeconds } from './bot-process';
import { scenarioActivity, type Scenario } from './turn-activities';
import { benchDomain, cpuPerTurn, describeReply, type Measured, type RemoteConnector } from './turns-driver';

const percentile = (sorted: readonly number[], p: number): number =>
  (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);

export async function drivePaced(url: string, scenario: Scenario, connector: RemoteConnector,
  options: { seconds: number; conversations: number; rate: number; pid?: number; seed?: number }): Promise<Measured> {
  const target = new URL(`${url}/api/messages`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.conversations });
  const random = mulberry32(options.seed ?? 1);
  const free = Array.from({ length: options.conversations }, (_, i) => options.conversations - 1 - i);
  const waiting: number[] = [];
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let errors = 0;
  let sequence = 0;
  connector.reset();
  const cpuBefore = cpuSeconds(options.pid);
  const start = performance.now();
  const end = start + options.seconds * 1000;
  let inFlight = 0;
  let arrivalsDone = false;

  await new Promise<void>((resolve) => {
    const send = (scheduledAt: number, conversation: number) => {
      inFlight += 1;
      const body = JSON.stringify(scenarioActivity(scenario, { serviceUrl: connector.serviceUrl, conversation, sequence: sequence++, domain: benchDomain }));
      const request = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        response.resume();
        response.on('end', () => {
          latencies.push(performance.now() - scheduledAt);
          statuses.set(response.statusCode ?? 0, (statuses.get(response.statusCode ?? 0) ?? 0) + 1);
          done(conversation);
        });
      });
      request.setTimeout(30_000, () => request.destroy(new Error('timeout')));
      request.on('error', () => { errors += 1; done(conversation); });
      request.end(body);
    };
    const done = (conversation: number) => {
      inFlight -= 1;
      const next = waiting.shift();
      if (next !== undefined) send(next, conversation);
      else free.push(conversation);
      if (inFlight === 0 && arrivalsDone) resolve();
    };
    // Open loop: arrivals keep their schedule whatever the server does; one that finds every conversation busy waits
    // for the next free one, and its wait counts in its latency.
    let nextAt = start;
    const tick = () => {
      const now = performance.now();
      while (nextAt <= now && nextAt < end) {
        const conversation = free.pop();
        if (conversation === undefined) waiting.push(nextAt);
        else send(nextAt, conversation);
        nextAt += (-Math.log(1 - random()) * 1000) / options.rate;
      }
      if (nextAt < end) {
        setTimeout(tick, Math.max(0, nextAt - performance.now()));
        return;
      }
      arrivalsDone = true;
      if (inFlight === 0) resolve();
    };
    tick();
  });
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const cpuAfter = cpuSeconds(options.pid);
  const turns = latencies.length;
  const sorted = [...latencies].sort((a, b) => a - b);
  const { calls, sample } = await connector.stats();
  const non2xx = [...statuses].filter(([code]) => code < 200 || code > 299).reduce((a, [, n]) => a + n, 0);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), turnsPerSecond: turns / elapsed, non2xx, errors,
    statuses: [...statuses].map(([code, n]) => `${code}×${n}`).join(' '),
    connectorCallsPerTurn: turns ? calls / turns : 0,
    sampleReply: sample ? describeReply(sample) : scenario === 'click' ? '(invoke response only, no connector call)' : '(no reply)',
    ...cpuPerTurn(cpuBefore, cpuAfter, turns),
  };
}
