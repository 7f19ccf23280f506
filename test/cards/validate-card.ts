import type * as ACTypes from 'adaptivecards';
import type { AdaptiveCardJson } from '../../src/cards/render';

// The package's `lib/` build is extension-less ESM that Node cannot load; its UMD bundle is the same code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof ACTypes;

/** Our budget per card (Teams takes about 100 KB per bot message). */
export const CARD_BUDGET_BYTES = 40 * 1024;

/**
 * Parses a card with the real Adaptive Cards object model at schema 1.5 and lists every problem:
 * parse events (unknown element/action types, invalid property values, version mismatches) and the
 * card's own validation (duplicate input ids, Action.Execute without verb …).
 */
export function cardProblems(card: AdaptiveCardJson): string[] {
  const problems: string[] = [];
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const adaptive = new AC.AdaptiveCard();
  adaptive.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  const validation = adaptive.validateProperties();
  for (const event of validation.validationEvents) problems.push(`validate: ${event.message}`);
  const bytes = Buffer.byteLength(JSON.stringify(card), 'utf8');
  if (bytes > CARD_BUDGET_BYTES) problems.push(`size: ${bytes} bytes > ${CARD_BUDGET_BYTES}`);
  if (card.version !== '1.5') problems.push(`version ${card.version}, expected 1.5`);
  return problems;
}
