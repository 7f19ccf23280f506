/**
 * Fuzz any running bot: `npx tsx test/fuzz/cli.ts --url http://127.0.0.1:3978/api/messages [--count 10000]
 * [--seed 1] [--concurrency 8] [--service-url http://127.0.0.1:PORT/] [--allow 501]`.
 * Without --service-url a fake connector is started here and its URL put into the activities.
 * Exits 1 when anything crashed, answered 5xx, or the endpoint stopped answering.
 */
import { startFakeConnector } from '../support/fake-connector';
import { formatFuzzReport, httpPoster, runFuzz } from './run-fuzz';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const url = arg('url');
  if (!url) {
    console.error('usage: tsx test/fuzz/cli.ts --url http://127.0.0.1:3978/api/messages [--count N] [--seed N] [--concurrency N] [--service-url URL] [--allow 501,…]');
    process.exit(2);
  }
  const connector = arg('service-url') ? undefined : await startFakeConnector({ record: false });
  const report = await runFuzz(httpPoster(url), {
    count: Number(arg('count') ?? 10_000), seed: Number(arg('seed') ?? 1), concurrency: Number(arg('concurrency') ?? 8),
    serviceUrl: arg('service-url') ?? connector!.serviceUrl,
    allowStatuses: (arg('allow') ?? '').split(',').filter(Boolean).map(Number),
    onProgress: (n) => process.stderr.write(`  ${n}…\n`),
  });
  await connector?.close();
  console.log(formatFuzzReport(report));
  process.exit(report.ok ? 0 : 1);
}

void main();
