/**
 * Finds the customer's domain named in a question or pasted NDR. Pure.
 * Mail addresses count first (their domain), then bare names. Microsoft's, the mail providers' and the big
 * mailbox services' domains are never the customer's domain (they appear in every NDR), so they are skipped.
 */

const NOT_CUSTOMER = [
  'onmicrosoft.com', 'outlook.com', 'microsoft.com', 'office.com', 'office365.com', 'microsoftonline.com',
  'exchangelabs.com', 'outlook.office365.com', 'mx.microsoft', 'aka.ms', 'live.com', 'hotmail.com', 'hotmail.de',
  'msn.com', 'gmail.com', 'googlemail.com', 'google.com', 'yahoo.com', 'yahoo.de', 'web.de', 'gmx.de', 'gmx.net',
  'gmx.at', 'gmx.ch', 't-online.de', 'freenet.de', 'strato.de', 'strato.com', 'rzone.de', 'ionos.de', 'ionos.com',
  '1und1.de', 'kundenserver.de', 'schlund.de', 'network-tools.com',
];
/** Generic top-level domains a German or English small business commonly uses; every two-letter ccTLD counts too. */
const GENERIC_TLDS = new Set(['com', 'net', 'org', 'info', 'biz', 'eu', 'online', 'shop', 'io', 'app', 'dev', 'email',
  'gmbh', 'berlin', 'hamburg', 'bayern', 'koeln', 'nrw', 'cloud', 'tech', 'site', 'store', 'media', 'group']);

function plausible(domain: string): boolean {
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  if (!(tld.length === 2 || GENERIC_TLDS.has(tld))) return false;
  return !NOT_CUSTOMER.some((d) => domain === d || domain.endsWith(`.${d}`));
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = `(?:${LABEL}\\.)+[a-z]{2,12}`;

/** The first plausible customer domain in the text (lower case), or null. Pure. */
export function findDomainInText(text: string): string | null {
  const lower = text.toLowerCase();
  // The lookbehinds let an address start only where a run of address characters starts: without them a long run
  // without an `@` (a 50 KB paste of letters) was rescanned from every position, O(n²), ~9 s of blocked event loop.
  // Results are the same: a leftmost match always starts at the beginning of its run.
  for (const m of lower.matchAll(new RegExp(`(?<![a-z0-9._%+-])[a-z0-9._%+-]+@(${DOMAIN})(?![a-z0-9-]|\\.[a-z0-9])`, 'g'))) {
    if (plausible(m[1]!)) return m[1]!;
  }
  const withoutAddresses = lower.replace(/(?<![a-z0-9._%+-])[a-z0-9._%+-]+@\S+/g, ' ');
  for (const m of withoutAddresses.matchAll(new RegExp(`(?<![a-z0-9._@-])(${DOMAIN})(?![a-z0-9-]|\\.[a-z0-9])`, 'g'))) {
    if (plausible(m[1]!)) return m[1]!;
  }
  return null;
}
