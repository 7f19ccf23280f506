/**
 * The fake connector in its own process for bench/turns.ts: sharing the event loop with autocannon slowed the
 * replies and inflated the echo bot's tail latency (p99 2.4 s instead of 0.4 s), which would flatter the ratio.
 * Talks to its parent over IPC: 'reset' → forget counts; 'stats' → { counts, sample } with one recorded reply body.
 */
import { startFakeConnector } from '../../test/support/fake-connector';

export type ConnectorMessage = { type: 'ready'; serviceUrl: string } | { type: 'stats'; calls: number; sample?: Record<string, unknown> };

async function main(): Promise<void> {
  const connector = await startFakeConnector({ record: true });
  // Keep the latest calls: the sample shown is the most recent reply, i.e. from the bot driven last.
  setInterval(() => { if (connector.calls.length > 200) connector.calls.splice(0, connector.calls.length - 20); }, 200).unref();
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'reset') connector.reset();
    if (message.type === 'stats') {
      const calls = Object.values(connector.counts).reduce((a, b) => a + b, 0);
      const sample = connector.calls.findLast((c) => c.body && (typeof c.body.text === 'string' || Array.isArray(c.body.attachments)))?.body;
      process.send!({ type: 'stats', calls, ...(sample ? { sample } : {}) } satisfies ConnectorMessage);
    }
  });
  process.on('disconnect', () => { void connector.close().then(() => process.exit(0)); });
  process.send!({ type: 'ready', serviceUrl: connector.serviceUrl } satisfies ConnectorMessage);
}

void main();
