import { domainToASCII } from 'node:url';

export type DomainParse = { ok: true; domain: string } | { ok: false; reason: 'empty' | 'syntax' };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalizes what an admin typed as a domain (`MeineFirma.de.`, `müller.de`, `https://x.de/`) to its
 * lower-case ASCII (A-label) form without trailing dot. Pure, never throws.
 * Needs at least two labels and an alphabetic (or IDN) top-level label (RFC 1035 2.3.1, RFC 5890).
 */
export function parseDomain(input: string): DomainParse {
  let text = input.trim().toLowerCase();
  if (text === '') return { ok: false, reason: 'empty' };
  text = text.replace(/^[a-z]+:\/\//, '').replace(/[/?#].*$/, '').replace(/\.$/, '');
  if (text.includes('@') || /\s/.test(text)) return { ok: false, reason: 'syntax' };
  const ascii = domainToASCII(text);
  if (ascii === '' || ascii.length > 253) return { ok: false, reason: 'syntax' };
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return { ok: false, reason: 'syntax' };
  const tld = labels[labels.length - 1];
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld)) return { ok: false, reason: 'syntax' };
  return { ok: true, domain: ascii };
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions). Pure. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

/**
 * The known domain `domain` is most likely a typo of (edit distance 1–2), or undefined. Pure.
 * `meinefirmna.de` against `meinefirma.de` answers `meinefirma.de`; an exact match is not a near miss.
 */
export function findNearMiss(domain: string, known: readonly string[]): string | undefined {
  let best: { domain: string; distance: number } | undefined;
  for (const candidate of known) {
    if (candidate === domain) return undefined;
    const distance = editDistance(domain, candidate);
    if (distance >= 1 && distance <= 2 && (best === undefined || distance < best.distance)) best = { domain: candidate, distance };
  }
  return best?.domain;
}
