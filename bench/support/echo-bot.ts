/**
 * The baseline for bench/turns.ts: a minimal echo bot on the same stack as coexist (botbuilder CloudAdapter,
 * anonymous, restify 11, one reply to the connector per message, an invoke response with a card for a click).
 * Run: `PORT=0 npx tsx bench/support/echo-bot.ts` (the benches run it compiled: ./compile-baseline.ts); prints `listening http://127.0.0.1:PORT` on stdout.
 */
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify from 'restify';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error(`echo bot turn error: ${(error as Error).message}`);
  await context.sendActivity('error').catch(() => undefined);
};

const card = (text: string) => ({
  type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5',
  body: [{ type: 'TextBlock', text, wrap: true }],
  actions: [{ type: 'Action.Execute', title: 'Check now', verb: 'migration.check', data: { stepId: 'mx' } }],
});

async function logic(context: TurnContext): Promise<void> {
  const activity = context.activity;
  if (activity.type === 'message') {
    await context.sendActivity(`echo: ${activity.text ?? ''}`);
  } else if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const verb = (activity.value as { action?: { verb?: string } } | undefined)?.action?.verb ?? '';
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: {
      statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card(`echo: ${verb}`) } } });
  }
}

const server = restify.createServer();
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
server.post('/api/messages', async (req, res) => { await adapter.process(req, res, logic); });
server.get('/healthz', (_req, res, next) => { res.send(200, { ok: true }); next(); });
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
