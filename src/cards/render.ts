import * as ACData from 'adaptivecards-templating';

/** An Adaptive Card as JSON, ready to send as an attachment's content. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export type RenderResult =
  | { ok: true; card: AdaptiveCardJson; bytes: number }
  | { ok: false; warnings: string[]; leftovers: string[] };

function hasLeftover(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) {
    for (const item of value) if (hasLeftover(item)) return true;
    return false;
  }
  if (value !== null && typeof value === 'object') {
    for (const key in value) if (hasLeftover((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function findLeftovers(value: unknown, path: string, out: string[]): void {
  if (typeof value === 'string') {
    if (value.includes('${')) out.push(`${path}: ${value.slice(0, 80)}`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findLeftovers(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) findLeftovers(item, `${path}.${key}`, out);
  }
}

// A template prepared for the fast expansion below: the subset of the Adaptive Card templating language our
// templates use (every expression a whole string `${name.name…}`, `$data` bound to such a path).
type Prepared =
  | { kind: 'constant'; value: unknown }
  | { kind: 'path'; path: readonly string[] }
  | { kind: 'array'; items: readonly Prepared[] }
  | { kind: 'object'; data: readonly string[] | undefined; keys: readonly string[]; values: readonly Prepared[] };

const WHOLE_PATH = /^\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}$/;
// adaptivecards-templating skips these keys when it copies an object (EvaluationContext._reservedFields).
const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);
// Words the expression language reads as constants, not as field names.
const LITERALS = new Set(['true', 'false', 'null', 'undefined']);

/** Prepares a template node; undefined when it uses anything beyond the subset (then the library expands it). */
function prepare(node: unknown): Prepared | undefined {
  if (typeof node === 'string') {
    if (!node.includes('${')) return { kind: 'constant', value: node };
    const match = WHOLE_PATH.exec(node);
    if (!match) return undefined;
    const path = match[1]!.split('.');
    return path.some((p) => LITERALS.has(p)) ? undefined : { kind: 'path', path };
  }
  if (Array.isArray(node)) {
    const items: Prepared[] = [];
    for (const item of node) {
      const prepared = prepare(item);
      if (!prepared) return undefined;
      items.push(prepared);
    }
    return { kind: 'array', items };
  }
  if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if ('$when' in record) return undefined;
    let data: readonly string[] | undefined;
    if ('$data' in record) {
      const bound = prepare(record.$data);
      if (bound?.kind !== 'path') return undefined;
      data = bound.path;
    }
    const keys: string[] = [];
    const values: Prepared[] = [];
    for (const key of Object.keys(record)) {
      if (RESERVED.has(key)) continue;
      const prepared = prepare(record[key]);
      if (!prepared) return undefined;
      keys.push(key);
      values.push(prepared);
    }
    return { kind: 'object', data, keys, values };
  }
  return { kind: 'constant', value: node };
}

/** Thrown inside `expand` when the data leaves the subset's exact semantics; the library then expands it. */
const UNSUPPORTED = Symbol('unsupported');

/**
 * A field of `scope` as the library reads `${a.b}` (own, exactly named fields). A missing field, null, or a
 * walk through a non-object is left to the library: it matches names case-insensitively and keeps a missing
 * field as literal `${…}` text (a leftover).
 */
function lookup(scope: unknown, path: readonly string[]): unknown {
  let value = scope;
  for (const name of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, name)) throw UNSUPPORTED;
    value = (value as Record<string, unknown>)[name];
  }
  if (value === null || value === undefined) throw UNSUPPORTED;
  return value;
}

/** One expansion's state: whether a value taken from the data carries `${` (the template's own text cannot). */
const state = { leftover: false };

/** Mirrors adaptivecards-templating's internalExpand for the prepared subset (same shapes, same key order). */
function expand(node: Prepared, scope: unknown): unknown {
  switch (node.kind) {
    case 'constant':
      return node.value;
    case 'path': {
      const value = lookup(scope, node.path);
      if (!state.leftover && (typeof value === 'string' ? value.includes('${') : typeof value === 'object' && hasLeftover(value))) state.leftover = true;
      return value;
    }
    case 'array': {
      const out: unknown[] = [];
      for (const item of node.items) {
        const value = expand(item, scope);
        if (value === null) continue;
        if (Array.isArray(value)) for (const v of value) out.push(v);
        else out.push(value);
      }
      return out;
    }
    case 'object': {
      if (node.data === undefined) return expandObject(node, scope);
      const bound = lookup(scope, node.data);
      const scopes = Array.isArray(bound) ? bound : [bound];
      const out: unknown[] = [];
      for (const s of scopes) {
        if (s === null || typeof s !== 'object' || Array.isArray(s)) throw UNSUPPORTED;
        out.push(expandObject(node, s));
      }
      return out.length === 0 ? null : out.length === 1 ? out[0] : out;
    }
  }
}

function expandObject(node: Extract<Prepared, { kind: 'object' }>, scope: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const { keys, values } = node;
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = expand(values[i]!, scope);
  return out;
}

// Per template object: its prepared form (null: beyond the subset), and the library's parse for the rest.
const prepared = new WeakMap<object, Prepared | null>();
// Parsing a template with the library costs ~10x its expansion: one parse per template object is reused.
const parsed = new WeakMap<object, ACData.Template>();

/** Expansions that went through adaptivecards-templating (templates or data beyond the subset). For tests. */
export const libraryExpansions = { count: 0 };

function expandWithLibrary(template: object, data: object): { card: unknown; warnings: string[] } {
  libraryExpansions.count += 1;
  let engine = parsed.get(template);
  if (engine === undefined) {
    engine = new ACData.Template(template);
    parsed.set(template, engine);
  }
  const card: unknown = engine.expand({ $root: data });
  return { card, warnings: engine.getLastTemplateExpansionWarnings() ?? [] };
}

/**
 * An ok result whose `bytes` (the card's UTF-8 JSON size) is computed only when read. A class, not an object
 * literal with a getter: such a literal took ~300 ns to create on every render.
 */
class OkRender {
  readonly ok = true as const;
  #bytes: number | undefined;
  constructor(readonly card: AdaptiveCardJson) {}
  get bytes(): number {
    this.#bytes ??= Buffer.byteLength(JSON.stringify(this.card), 'utf8');
    return this.#bytes;
  }
}

/**
 * Expands a card template (JSON with `${…}` expressions) with `data` as `$root`. Pure; every call returns new
 * objects for the template's parts (values from `data` are placed as they are, as the library does).
 * A template warning or any `${` left in the output is a failure, never a card with literal
 * expressions (adaptivecards-templating keeps undefined fields as text otherwise).
 *
 * The expressions our templates use (a whole string `${a.b}`, `$data` bound to one) are expanded here with the
 * library's semantics (a step card: ~13 µs of CPU instead of ~100 µs through its expression engine, which looks
 * every name up case-insensitively, plus the JSON cache that used to stand in front of it); our data never has two
 * field names that differ only in case;
 * any other template, and data the subset does not cover exactly (a missing or null field), goes through
 * adaptivecards-templating itself. test/cards/render.test.ts compares both on every card the bot renders.
 */
export function renderCard(template: object, data: object): RenderResult {
  let fast = prepared.get(template);
  if (fast === undefined) {
    fast = prepare(template) ?? null;
    prepared.set(template, fast);
  }
  let card: unknown;
  let warnings: string[] = [];
  let leftover = true;
  let done = false;
  if (fast !== null) {
    state.leftover = false;
    try {
      card = expand(fast, data);
      leftover = state.leftover;
      done = true;
    } catch (error) {
      if (error !== UNSUPPORTED) throw error;
    }
  }
  if (!done) {
    ({ card, warnings } = expandWithLibrary(template, data));
    leftover = hasLeftover(card);
  }
  if (warnings.length > 0 || leftover) {
    const leftovers: string[] = [];
    findLeftovers(card, '$', leftovers);
    return { ok: false, warnings, leftovers };
  }
  return new OkRender(card as AdaptiveCardJson);
}

/** For tests: the library's own expansion of `template` (what renderCard must equal). */
export function renderCardWithLibrary(template: object, data: object): unknown {
  return expandWithLibrary(template, data).card;
}

/** Like renderCard, for callers whose templates are covered by tests: a failure is a programming error. Throws. */
export function renderCardOrThrow(template: object, data: object): AdaptiveCardJson {
  const result = renderCard(template, data);
  if (!result.ok) {
    throw new Error(`card template did not expand cleanly: ${[...result.warnings, ...result.leftovers].join('; ')}`);
  }
  return result.card;
}
