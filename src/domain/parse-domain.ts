import { domainToASCII, domainToUnicode } from 'node:url';
import { decode as decodePunycode } from 'punycode/';
import { getDomain } from 'tldts';
import type { Localized } from '../i18n/locale';
import { format } from '../i18n/locale';

export type DomainRefusal =
  | 'empty' | 'whitespace' | 'url' | 'email' | 'path' | 'empty-label' | 'label-too-long' | 'name-too-long'
  | 'hyphen' | 'single-label' | 'ip-address' | 'invalid-character' | 'invalid-idn';

export type ParsedDomain =
  /** `ascii`: lower case, no trailing dot, A-labels (UTS-46 non-transitional); `unicode`: the same for display. */
  | { ok: true; ascii: string; unicode: string }
  /** `suggestion`: a domain found inside a URL, address or padded input, already validated. */
  | { ok: false; reason: DomainRefusal; message: Localized; suggestion?: string };

const MESSAGES: Record<DomainRefusal, Localized> = {
  empty: { en: 'no domain given', de: 'keine Domain angegeben' },
  whitespace: { en: '"{input}" contains spaces; a domain has none', de: '"{input}" enthält Leerzeichen; eine Domain hat keine' },
  url: { en: '"{input}" is a web address, not a domain', de: '"{input}" ist eine Webadresse, keine Domain' },
  email: { en: '"{input}" is an e-mail address, not a domain', de: '"{input}" ist eine E-Mail-Adresse, keine Domain' },
  path: { en: '"{input}" looks like a path, not a domain', de: '"{input}" sieht aus wie ein Pfad, nicht wie eine Domain' },
  'empty-label': { en: '"{input}" has an empty label (two dots in a row, or a leading dot)', de: '"{input}" hat einen leeren Namensteil (zwei Punkte hintereinander oder ein Punkt am Anfang)' },
  'label-too-long': { en: '"{input}" has a label longer than 63 characters', de: '"{input}" hat einen Namensteil mit mehr als 63 Zeichen' },
  'name-too-long': { en: '"{input}" is longer than 253 characters', de: '"{input}" ist länger als 253 Zeichen' },
  hyphen: { en: '"{input}" has a label that starts or ends with a hyphen', de: '"{input}" hat einen Namensteil, der mit einem Bindestrich beginnt oder endet' },
  'single-label': { en: '"{input}" has no dot; give the full domain, e.g. meinefirma.de', de: '"{input}" hat keinen Punkt; bitte die ganze Domain angeben, z. B. meinefirma.de' },
  'ip-address': { en: '"{input}" is an IP address, not a domain', de: '"{input}" ist eine IP-Adresse, keine Domain' },
  'invalid-character': { en: '"{input}" contains characters a domain cannot have', de: '"{input}" enthält Zeichen, die in einer Domain nicht vorkommen können' },
  'invalid-idn': { en: '"{input}" is not a valid internationalized domain name', de: '"{input}" ist kein gültiger internationalisierter Domainname' },
};

const SUGGEST: Localized = { en: ' (did you mean {suggestion}?)', de: ' (meinten Sie {suggestion}?)' };

function refuse(reason: DomainRefusal, input: string, suggestion?: string): ParsedDomain {
  // Keep messages one short line even for pasted garbage.
  const shown = input.length > 80 ? `${input.slice(0, 77)}...` : input;
  const message = {
    en: format(MESSAGES[reason].en, { input: shown }) + (suggestion ? format(SUGGEST.en, { suggestion }) : ''),
    de: format(MESSAGES[reason].de, { input: shown }) + (suggestion ? format(SUGGEST.de, { suggestion }) : ''),
  };
  return suggestion ? { ok: false, reason, message, suggestion } : { ok: false, reason, message };
}

function suggestFrom(candidate: string | undefined): string | undefined {
  if (!candidate) return undefined;
  const parsed = parseStrict(candidate, candidate);
  return parsed.ok ? parsed.ascii : undefined;
}

/**
 * The registered domain of a web host (`www.meinefirma.de` → `meinefirma.de`, `shop.meinefirma.co.uk` →
 * `meinefirma.co.uk`) by the ICANN section of the Public Suffix List (tldts), since a mail domain is what the admin
 * means; the host itself when the list knows no registrable part.
 */
function suggestFromHost(host: string | undefined): string | undefined {
  const ascii = suggestFrom(host);
  if (!ascii) return undefined;
  return suggestFrom(getDomain(ascii, { allowPrivateDomains: false }) ?? ascii) ?? ascii;
}

/**
 * RFC 5891 5.4 / UTS-46 4.1: an A-label must decode (RFC 3492) to a U-label that contains non-ASCII and that
 * encodes back to the same A-label. The platform's URL parser stopped refusing bad punycode (Node 24's Ada 4
 * returns `xn--zz` unchanged), so the round trip is checked here on every Node.
 */
function isValidALabel(label: string): boolean {
  let unicode: string;
  try { unicode = decodePunycode(label.slice(4)); } catch { return false; }
  if (!/[^\p{ASCII}]/u.test(unicode)) return false;
  return domainToASCII(`${unicode}.invalid`).toLowerCase() === `${label}.invalid`;
}

function parseStrict(raw: string, input: string): ParsedDomain {
  const withoutDot = raw.endsWith('.') && !raw.endsWith('..') ? raw.slice(0, -1) : raw;
  if (withoutDot === '') return refuse(raw === '' ? 'empty' : 'empty-label', input);
  if (withoutDot.split('.').some((label) => label === '')) return refuse('empty-label', input);
  if (/^[\d.]+$/.test(withoutDot) || /^\[?[0-9a-f:]+\]?$/i.test(withoutDot) && withoutDot.includes(':')) return refuse('ip-address', input);
  if (/[\s:;,"'<>()[\]{}|^`%*!?=+#&$~]/u.test(withoutDot)) return refuse('invalid-character', input);
  // WHATWG URL's host parser: UTS-46 non-transitional processing, so ß and ς stay themselves (faß.de ≠ fass.de).
  const ascii = domainToASCII(withoutDot).toLowerCase();
  if (ascii === '') return refuse(/[^\p{ASCII}]/u.test(withoutDot) || /(^|\.)xn--/i.test(withoutDot) ? 'invalid-idn' : 'invalid-character', input);
  const labels = ascii.split('.');
  if (labels.some((label) => label === '')) return refuse('empty-label', input);
  if (labels.some((label) => label.startsWith('xn--') && !isValidALabel(label))) return refuse('invalid-idn', input);
  // RFC 1035 2.3.4 and 3.1: 63 octets per label, 255 on the wire = 253 characters in text form.
  if (labels.some((label) => label.length > 63)) return refuse('label-too-long', input);
  if (ascii.length > 253) return refuse('name-too-long', input);
  // RFC 952/1123 host names: letters, digits and inner hyphens only.
  if (labels.some((label) => !/^[a-z0-9-]+$/.test(label))) return refuse('invalid-character', input);
  if (labels.some((label) => label.startsWith('-') || label.endsWith('-'))) return refuse('hyphen', input);
  if (labels.length < 2) return refuse('single-label', input);
  if (/^\d+$/.test(labels[labels.length - 1]!)) return refuse('ip-address', input);
  return { ok: true, ascii, unicode: domainToUnicode(ascii) };
}

/**
 * Parses a domain as an admin types it (any case, optional trailing dot, Unicode) into its ASCII form. Refuses
 * anything that is not a domain name with a reason and a one-line message in English and German, suggesting the
 * domain inside a URL, e-mail address or padded input when there is one. Pure; never throws.
 */
export function parseDomain(input: string): ParsedDomain {
  if (input.trim() === '') return refuse('empty', input);
  if (/\s/u.test(input)) {
    const trimmed = input.trim();
    return refuse('whitespace', input, /\s/u.test(trimmed) ? undefined : suggestFrom(trimmed));
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input) || /^(?:mailto|http|https):/i.test(input)) {
    if (/^mailto:/i.test(input)) return refuse('email', input, suggestFrom(input.slice(input.lastIndexOf('@') + 1)));
    let host: string | undefined;
    try { host = new URL(input).hostname; } catch { host = undefined; }
    return refuse('url', input, suggestFromHost(host));
  }
  if (input.includes('@')) return refuse('email', input, suggestFrom(input.slice(input.lastIndexOf('@') + 1)));
  if (/[/\\]/.test(input)) {
    const suggestion = suggestFromHost(input.split(/[/\\]/)[0]);
    return refuse(suggestion ? 'url' : 'path', input, suggestion);
  }
  return parseStrict(input, input);
}
