import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card as JSON, ready to send as an attachment's content. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export type RenderResult =
  | { ok: true; card: AdaptiveCardJson; bytes: number }
  | { ok: false; warnings: string[]; leftovers: string[] };

function findLeftovers(value: unknown, path: string, out: string[]): void {
  if (typeof value === 'string') {
    if (value.includes('${')) out.push(`${path}: ${value.slice(0, 80)}`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findLeftovers(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) findLeftovers(item, `${path}.${key}`, out);
  }
}

// Parsing a template costs ~10x its expansion (measured: ~2.5 ms vs ~0.3 ms for the step card); expansion
// resets its warnings and leaves the parsed template intact, so one parse per template object is reused.
const parsed = new WeakMap<object, ACData.Template>();

// Expanding is still the largest cost of a /status turn under load (bench/turns.ts): the same card for the same
// data (a status card between two changes, a step card clicked twice) is served from its JSON text, parsed anew so
// every caller gets its own objects. Keyed by the data's JSON; bounded per template.
const expandedCache = new WeakMap<object, Map<string, { json: string; bytes: number }>>();
const MAX_CACHED_PER_TEMPLATE = 256;

/**
 * Expands a card template (JSON with `${…}` expressions) with `data` as `$root`. Pure.
 * A template warning or any `${` left in the output is a failure, never a card with literal
 * expressions (adaptivecards-templating keeps undefined fields as text otherwise).
 */
export function renderCard(template: object, data: object): RenderResult {
  let cache = expandedCache.get(template);
  if (cache === undefined) {
    cache = new Map();
    expandedCache.set(template, cache);
  }
  const key = JSON.stringify(data);
  const hit = cache.get(key);
  if (hit !== undefined) return { ok: true, card: JSON.parse(hit.json) as AdaptiveCardJson, bytes: hit.bytes };
  let engine = parsed.get(template);
  if (engine === undefined) {
    engine = new ACData.Template(template);
    parsed.set(template, engine);
  }
  const expanded: unknown = engine.expand({ $root: data });
  const warnings = engine.getLastTemplateExpansionWarnings() ?? [];
  const leftovers: string[] = [];
  findLeftovers(expanded, '$', leftovers);
  if (warnings.length > 0 || leftovers.length > 0) return { ok: false, warnings, leftovers };
  const card = expanded as AdaptiveCardJson;
  const json = JSON.stringify(card);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (cache.size >= MAX_CACHED_PER_TEMPLATE) cache.delete(cache.keys().next().value as string);
  cache.set(key, { json, bytes });
  return { ok: true, card, bytes };
}

/** Like renderCard, for callers whose templates are covered by tests: a failure is a programming error. Throws. */
export function renderCardOrThrow(template: object, data: object): AdaptiveCardJson {
  const result = renderCard(template, data);
  if (!result.ok) {
    throw new Error(`card template did not expand cleanly: ${[...result.warnings, ...result.leftovers].join('; ')}`);
  }
  return result.card;
}
