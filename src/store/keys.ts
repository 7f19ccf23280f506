/**
 * Record keys. Every key is `<kind>/<tenant>/<part>/…` with each component escaped so that it cannot contain
 * the separator or any character a backend might read as a pattern (`*`, `%`, `?`, `[`, `_` in LIKE, `:`).
 * Escaping is injective, so two different (tenant, id) pairs never share a key, and a tenant's prefix
 * (`<kind>/<tenant>/`) never matches another tenant's records. Pure.
 */

const SAFE = /^[A-Za-z0-9.-]$/;
const ALL_SAFE = /^[A-Za-z0-9.-]+$/;

/**
 * Percent-encodes every UTF-8 byte outside `[A-Za-z0-9.-]` (`_` and `%` included, so the encoding is
 * injective and LIKE-safe). Throws TypeError for an empty component: an empty tenant or id is a bug upstream.
 */
export function escapeKeyPart(part: string): string {
  if (typeof part !== 'string' || part.length === 0) {
    throw new TypeError('store key component must be a non-empty string');
  }
  // Most components (tenant GUIDs, domains, kinds) need no escaping; this runs several times per turn.
  if (ALL_SAFE.test(part)) return part;
  let out = '';
  for (const ch of part) {
    if (SAFE.test(ch)) {
      out += ch;
    } else {
      for (const byte of Buffer.from(ch, 'utf8')) {
        out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
      }
    }
  }
  return out;
}

/** Inverse of {@link escapeKeyPart}. Throws URIError for text it did not produce. */
export function unescapeKeyPart(escaped: string): string {
  return escaped.includes('%') ? decodeURIComponent(escaped) : escaped;
}

/** `<kind>/<tenant>/<parts…>`, every component escaped. Throws TypeError for an empty component. */
export function recordKey(kind: string, tenantId: string, ...parts: readonly string[]): string {
  return [kind, tenantId, ...parts].map(escapeKeyPart).join('/');
}

/** The prefix under which `recordKey(kind, tenantId, …)` keys of exactly this tenant live. */
export function tenantPrefix(kind: string, tenantId: string): string {
  return `${escapeKeyPart(kind)}/${escapeKeyPart(tenantId)}/`;
}

/** The components after the tenant of a key built by {@link recordKey}. */
export function keyParts(key: string): string[] {
  return key.split('/').slice(2).map(unescapeKeyPart);
}

/**
 * The smallest string greater than every string starting with `prefix` (for range scans instead of patterns).
 * Keys built here are ASCII, so incrementing the last code unit is enough.
 */
export function prefixUpperBound(prefix: string): string {
  if (prefix.length === 0) {
    return '\u{10FFFF}';
  }
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/**
 * A job id scoped to a tenant (`jobId('recheck', tenantId, domain, step)`), built like a record key so that
 * crafted domains cannot make two tenants' jobs share an id. Throws TypeError for an empty component.
 */
export function jobId(kind: string, tenantId: string, ...parts: readonly string[]): string {
  return recordKey(kind, tenantId, ...parts);
}

/**
 * The idempotency key of one run of a job's side effect, for `store.markOnce`: stable when a crashed run is
 * claimed again (same generation), new after every schedule/reschedule. Pure.
 */
export function jobRunKey(job: { id: string; generation: number }, effect = 'send'): string {
  return `job-run/${escapeKeyPart(job.id)}/${job.generation}/${escapeKeyPart(effect)}`;
}
