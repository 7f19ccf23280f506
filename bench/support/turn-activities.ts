/** Realistic Teams activities for the load benchmark: a `/status` message and an Action.Execute card click. */

export type Scenario = 'status' | 'click';

export interface ActivityContext {
  readonly serviceUrl: string;
  readonly conversation: number;
  readonly sequence: number;
  readonly domain: string;
}

function envelope(ctx: ActivityContext): Record<string, unknown> {
  // One tenant per conversation: 64 admins of 64 organisations, each with their own migration (one shared
  // migration would measure 64 people clicking the same card at once, i.e. eTag retries).
  const tenantId = `72f988bf-86f1-41af-91ab-${String(ctx.conversation).padStart(12, '0')}`;
  return {
    id: `bench-${ctx.conversation}-${ctx.sequence}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl: ctx.serviceUrl,
    channelId: 'msteams',
    from: { id: `29:bench-user-${ctx.conversation}`, name: `Admin ${ctx.conversation}`, aadObjectId: `00000000-0000-4000-8000-${String(ctx.conversation).padStart(12, '0')}` },
    recipient: { id: '28:00000000-0000-4000-8000-00000000b07', name: 'coexist' },
    conversation: { id: `a:bench-conversation-${ctx.conversation}`, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    locale: ctx.conversation % 2 === 0 ? 'de-DE' : 'en-US',
    entities: [{ type: 'clientInfo', locale: ctx.conversation % 2 === 0 ? 'de-DE' : 'en-US', country: 'DE', platform: 'Web', timezone: 'Europe/Berlin' }],
  };
}

/** The `/migrate <domain>` message that primes a conversation before measuring. */
export function migrateActivity(ctx: ActivityContext): Record<string, unknown> {
  return { ...envelope(ctx), type: 'message', text: `/migrate ${ctx.domain}`, textFormat: 'plain' };
}

export function scenarioActivity(scenario: Scenario, ctx: ActivityContext): Record<string, unknown> {
  if (scenario === 'status') return { ...envelope(ctx), type: 'message', text: '/status', textFormat: 'plain' };
  return {
    ...envelope(ctx), type: 'invoke', name: 'adaptiveCard/action', replyToId: `1:bench-card-${ctx.conversation}`,
    // As the step card's "Check now" sends it; a revision from the future is never stale, so every click does the
    // whole work: probe the step over DNS, record the result (SQLite write), answer with the updated card.
    value: { action: { type: 'Action.Execute', verb: 'migration.check', id: 'check',
      data: { verb: 'migration.check', stepId: 'mx', domain: ctx.domain, revision: 1_000_000_000 } }, trigger: 'manual' },
  };
}
