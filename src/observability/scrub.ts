/**
 * Removal of secrets and message bodies from anything about to be logged. Pure.
 * Works at any depth (pino's path-based `redact` only reaches the paths it is given) and on strings too, so a
 * token inside an error message or a header dump is caught as well.
 */

export const REDACTED = '[redacted]';

/** Keys whose value is a secret wherever they appear (header names, config keys, OAuth fields). */
const secretKey = /authorization|cookie|password|passwd|secret|token|api[-_]?key|connection[-_]?string|^key$|signature|^sig$|credential/i;

/**
 * Keys that carry what a person wrote or was shown: activity text, card data, attachments, raw request bodies.
 * Hidden unless bodies are explicitly allowed (debug level only).
 */
const bodyKey = /^(text|body|rawBody|value|attachments|speak|summary|message_text|ndr)$/i;

// An `Authorization: Bearer …` value, and anything shaped like a JWT (three base64url parts, the first `eyJ`).
const bearer = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const jwt = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

export interface ScrubOptions {
  /** Literal secret values (BOT_PASSWORD, a Redis password) to blank out wherever they occur. Short values (< 6) are ignored. */
  readonly secrets?: readonly string[];
  /** Keep message bodies (only ever at debug/trace). Default false. */
  readonly keepBodies?: boolean;
  /** Depth beyond which values are replaced by a marker. Default 8. */
  readonly maxDepth?: number;
}

/** Builds a string scrubber for the given literal secrets. Pure. */
export function makeStringScrubber(secrets: readonly string[] = []): (s: string) => string {
  const literals = secrets.filter((s) => typeof s === 'string' && s.length >= 6).sort((a, b) => b.length - a.length);
  return (input) => {
    let out = input.replace(bearer, (_m, scheme: string) => `${scheme} ${REDACTED}`).replace(jwt, REDACTED);
    for (const secret of literals) out = out.split(secret).join(REDACTED);
    return out;
  };
}

/**
 * Returns a copy of `value` with secret keys, body keys (unless kept), bearer tokens, JWTs and the given literal
 * secrets replaced by {@link REDACTED}. Errors become plain `{ type, message, stack, code }` objects. Handles cycles.
 * Pure; never throws.
 */
export function scrubForLog(value: unknown, options: ScrubOptions = {}): unknown {
  const scrubString = makeStringScrubber(options.secrets);
  const maxDepth = options.maxDepth ?? 8;
  const seen = new WeakSet<object>();

  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrubString(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[circular]';
    if (depth >= maxDepth) return '[too deep]';
    seen.add(v);
    try {
      if (v instanceof Error) {
        const code = (v as { code?: unknown }).code;
        return { type: v.name, message: scrubString(v.message), stack: v.stack ? scrubString(v.stack) : undefined,
          ...(code === undefined ? {} : { code: walk(code, depth + 1) }) };
      }
      if (Buffer.isBuffer(v) || ArrayBuffer.isView(v)) return `[${v.byteLength} bytes]`;
      if (v instanceof Date) return v.toISOString();
      if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
      if (v instanceof Map) return walk(Object.fromEntries(v), depth);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) {
        if (secretKey.test(key)) out[key] = REDACTED;
        else if (!options.keepBodies && bodyKey.test(key) && item !== undefined && item !== null && item !== '') out[key] = REDACTED;
        else out[key] = walk(item, depth + 1);
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  try {
    return walk(value, 0);
  } catch {
    return '[unloggable]';
  }
}
