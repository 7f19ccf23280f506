/**
 * TTLs as a scheduler may use them. Records keep the TTL as received (`DnsRecord.ttl`); these bound what waits are
 * derived from it, so that a hostile or broken server cannot park a re-check for decades. Pure.
 */

/** RFC 8767 4: a positive answer's TTL is capped at 7 days. */
export const MAX_POSITIVE_TTL = 604_800;
/** RFC 2308 5: a negative answer's TTL, min(SOA TTL, SOA MINIMUM), is capped here at one day. */
export const MAX_NEGATIVE_TTL = 86_400;

/**
 * `seconds` bounded by `cap`; 0 for a value with the most significant bit set (RFC 2181 8 and RFC 8767 4 read a
 * TTL of 2^31 or more as 0), NaN or negative.
 */
export function clampTtl(seconds: number, cap: number): number {
  if (!Number.isFinite(seconds) || seconds < 0 || seconds >= 2 ** 31) return 0;
  return Math.min(Math.floor(seconds), cap);
}
