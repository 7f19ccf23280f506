/**
 * The baseline for bench/turns.ts on the whole stack coexist is built on: restify 11, botbuilder's CloudAdapter through
 * teams-ai's TeamsAdapter, and a teams-ai Application routing the turn, as in teams-ai's own echo sample
 * (js/samples/01.getting-started/a.echoBot), but without its turn-state storage (coexist keeps none either, and the
 * counter it stores would only add work to the baseline): one text reply per message, and an `Action.Execute`
 * handler that answers a click with a fixed card, as the teams-ai card samples do.
 * Run: `PORT=0 npx tsx bench/support/teams-ai-echo-bot.ts` (the benches run it compiled: ./compile-baseline.ts);
 * prints `listening http://127.0.0.1:PORT` on stdout.
 */
import type { AddressInfo } from 'node:net';
import type { TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import restify from 'restify';

const adapter = new TeamsAdapter({});
const app = new Application<TurnState>({ adapter, startTypingTimer: false });

const card = (text: string) => ({
  type: 'AdaptiveCard' as const, $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5',
  body: [{ type: 'TextBlock', text, wrap: true }],
  actions: [{ type: 'Action.Execute', title: 'Check now', verb: 'migration.check', data: { stepId: 'mx' } }],
});

app.activity('message', async (context: TurnContext) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
});
app.adaptiveCards.actionExecute('migration.check', async () => card('echo: migration.check'));
app.error(async (_context, error) => {
  console.error(`teams-ai echo bot turn error: ${error.message}`);
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => { await app.run(context); });
});
server.get('/healthz', (_req, res, next) => { res.send(200, { ok: true }); next(); });
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
