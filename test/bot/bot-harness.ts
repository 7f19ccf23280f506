import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { createAdapter } from '../../src/bot/adapter';
import { createBot, type BotOptions } from '../../src/bot/create-app';
import { parseConfig } from '../../src/config/config';

/** A bot built like the composition root does, plus the references it stored, for TestAdapter turns. */
export function testBot(overrides: Partial<BotOptions> = {}) {
  const config = parseConfig({}, '/');
  if (!config.ok) throw new Error(config.errors.join('\n'));
  const references = new Map<string, object>();
  const bot = createBot({
    adapter: createAdapter(config.config.bot),
    botAppId: undefined,
    logger: pino({ level: 'silent' }),
    saveReference: async (id, reference) => {
      references.set(id, reference);
    },
    ...overrides,
  });
  return { bot, references };
}

/** Sends one activity through botbuilder's TestAdapter and returns everything the bot sent back. */
export async function turn(handle: ReturnType<typeof testBot>['bot']['handleTurn'], activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  const adapter = new TestAdapter(handle);
  await adapter.send(activity).startTest();
  return adapter.activeQueue.splice(0);
}

/** Every string in a card, depth first, for content assertions. */
export function cardTexts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(card);
  return out;
}
