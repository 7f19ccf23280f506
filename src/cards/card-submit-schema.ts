/**
 * The schema every card submit must fit before any route sees it: an `Action.Execute` invoke
 * (`adaptiveCard/action`, verb in `value.action.verb`, data in `value.action.data`) or an `Action.Submit` message
 * (`value` is the data, verb in `value.verb`). Pure; no Bot Framework types.
 */
import { ALL_VERBS } from '../cards/actions';
import { isStepId } from '../procedure/steps';

/** The verb of the helpdesk card's "go to this step" button, routed by the migration handlers. */
export const GOTO_VERB = 'procedure.goto';

/** Every verb a card of ours can send. */
export const KNOWN_VERBS: readonly string[] = [...ALL_VERBS, GOTO_VERB];

export type SubmitCheck =
  | { readonly ok: true; readonly verb: string; readonly data: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly reason: string };

const MAX_KEYS = 40;
const MAX_DEPTH = 4;
const MAX_ARRAY = 200;
const MAX_STRING = 2_000;
/** Fields of the inputs form that may hold a pasted list (one address per line). */
const LONG_FIELDS: Readonly<Record<string, number>> = { users: 20_000, text: 4_000 };
const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkValue(value: unknown, key: string, depth: number): string | undefined {
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${key} is not a finite number`;
  if (typeof value === 'string') {
    const max = LONG_FIELDS[key] ?? MAX_STRING;
    return value.length <= max ? undefined : `${key} is longer than ${max} characters`;
  }
  if (depth >= MAX_DEPTH) return `${key} is nested too deeply`;
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY) return `${key} has more than ${MAX_ARRAY} items`;
    for (const item of value) {
      const problem = checkValue(item, key, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isPlainObject(value)) return checkObject(value, depth + 1);
  return `${key} has an unsupported type`;
}

function checkObject(object: Record<string, unknown>, depth: number): string | undefined {
  const keys = Object.keys(object);
  if (keys.length > MAX_KEYS) return `more than ${MAX_KEYS} fields`;
  for (const key of keys) {
    if (!KEY.test(key) || FORBIDDEN_KEYS.has(key)) return `field name ${JSON.stringify(key.slice(0, 40))} is not allowed`;
    const problem = checkValue(object[key], key, depth);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Checks one submit: the verb is one of ours (or `extraVerbs`), the data is a small plain object of JSON scalars,
 * short strings, shallow arrays and objects, without prototype keys; `stepId`, `domain` and `revision`, when present,
 * have their shapes. Pure; never throws.
 */
export function checkCardSubmit(verb: unknown, data: unknown, extraVerbs: readonly string[] = []): SubmitCheck {
  if (typeof verb !== 'string' || !(KNOWN_VERBS.includes(verb) || extraVerbs.includes(verb))) {
    return { ok: false, reason: `unknown verb ${JSON.stringify(String(verb).slice(0, 60))}` };
  }
  const payload = data === undefined || data === null ? {} : data;
  if (!isPlainObject(payload)) return { ok: false, reason: 'data is not an object' };
  const problem = checkObject(payload, 1);
  if (problem) return { ok: false, reason: problem };
  if (payload.stepId !== undefined && !isStepId(payload.stepId)) return { ok: false, reason: 'unknown step id' };
  if (payload.domain !== undefined && (typeof payload.domain !== 'string' || payload.domain.length > 253)) return { ok: false, reason: 'domain is not a domain name' };
  if (payload.revision !== undefined && !(Number.isSafeInteger(payload.revision) && (payload.revision as number) >= 0)
    && !(typeof payload.revision === 'string' && /^\d{1,15}$/.test(payload.revision))) {
    return { ok: false, reason: 'revision is not a whole number' };
  }
  if (payload.verb !== undefined && payload.verb !== verb) return { ok: false, reason: 'data.verb differs from the action verb' };
  return { ok: true, verb, data: payload };
}

/** The submit an activity carries, if any: `{ verb, data }` of an Action.Execute invoke or an Action.Submit message. Pure. */
export function cardSubmitOf(activity: { type?: unknown; name?: unknown; value?: unknown; text?: unknown }):
  { readonly kind: 'execute' | 'submit'; readonly verb: unknown; readonly data: unknown } | undefined {
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const action = isPlainObject(activity.value) ? activity.value.action : undefined;
    return { kind: 'execute', verb: isPlainObject(action) ? action.verb : undefined, data: isPlainObject(action) ? action.data : undefined };
  }
  if (activity.type === 'message' && activity.value !== undefined && activity.value !== null
    && (typeof activity.text !== 'string' || activity.text.trim() === '')) {
    return { kind: 'submit', verb: isPlainObject(activity.value) ? activity.value.verb : undefined, data: activity.value };
  }
  return undefined;
}
