/**
 * DMARC policy records (RFC 7489 6.3 tags, 6.4 formal definition; tag names registered since then by RFC 9989
 * 9.3 are known too). Pure: no I/O, never throws. The result lists every problem found, as codes with the tag and
 * value, so the probe can name each one; a record with no problem is what a receiver applies as published.
 */

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

/** Problems that make receivers ignore the record or a part of it. */
export type DmarcProblem =
  /** RFC 7489 6.4: `v=DMARC1` must be the first tag (receivers discard the record otherwise, 6.6.3). */
  | { code: 'version-not-first' }
  /** RFC 7489 6.4: the value is the literal `DMARC1` (%x44 %x4d %x41 %x52 %x43 %x31), upper case. */
  | { code: 'version-value'; value: string }
  /** RFC 6376 3.2 (tag-list syntax DMARC uses): a part between `;` that is not `name=value`. */
  | { code: 'tag-syntax'; value: string }
  /** RFC 6376 3.2: tags with duplicate names MUST NOT occur. */
  | { code: 'duplicate-tag'; tag: string }
  /** RFC 7489 6.3 `p`: REQUIRED for policy records. */
  | { code: 'policy-missing' }
  /** `p`, `sp` or `np` not none, quarantine or reject (RFC 7489 6.4 dmarc-request / dmarc-srequest). */
  | { code: 'policy-value'; tag: 'p' | 'sp' | 'np'; value: string }
  /** RFC 7489 6.4 dmarc-percent: 1*3DIGIT from 0 to 100. */
  | { code: 'pct-range'; value: string }
  /** RFC 7489 6.2, 6.4 dmarc-uri: every receiver must support `mailto:`; other schemes are not delivered. */
  | { code: 'uri-not-mailto'; tag: 'rua' | 'ruf'; value: string }
  /** A `mailto:` URI without an address (RFC 6068: `mailto:` addr-spec). */
  | { code: 'uri-address'; tag: 'rua' | 'ruf'; value: string }
  /** `adkim`/`aspf` not r or s, `fo` not a colon list of 0/1/d/s, `ri` not digits (RFC 7489 6.4). */
  | { code: 'tag-value'; tag: string; value: string };

export interface DmarcRecord {
  p: DmarcPolicy;
  /** Subdomain policy; absent: subdomains get `p` (RFC 7489 6.3 sp). */
  sp?: DmarcPolicy;
  /** 0–100, default 100 (RFC 7489 6.3 pct). */
  pct: number;
  rua: string[];
  ruf: string[];
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  /** Tags this parser does not know, in record order: allowed and ignored by receivers (RFC 7489 6.3). */
  unknownTags: string[];
}

export type DmarcParse =
  | { ok: true; record: DmarcRecord }
  | { ok: false; problems: DmarcProblem[]; unknownTags: string[] };

// RFC 7489 6.3 and RFC 9989 9.3 (np, psd, t): receivers that do not know the RFC 9989 tags ignore them.
const KNOWN_TAGS = new Set(['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'fo', 'rua', 'ruf', 'rf', 'ri', 'pct', 'psd', 't']);
// RFC 6376 3.2: tag-name = ALPHA *ALNUMPUNC; names are case-sensitive, so `P=reject` is not `p`.
const TAG_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
// RFC 5234 2.3: quoted ABNF strings (none, quarantine, reject, r, s, afrf) match case-insensitively.
const POLICIES: readonly DmarcPolicy[] = ['none', 'quarantine', 'reject'];
const WSP = /^[ \t]+|[ \t]+$/g;

function trimWsp(text: string): string {
  return text.replace(WSP, '');
}

/**
 * True when a TXT text is a DMARC record candidate: its first tag is `v=DMARC1` (RFC 7489 6.4; the tag name and
 * `=` as the ABNF allows, the value compared case-insensitively so that `v=dmarc1` is judged, not skipped). Pure.
 */
export function startsAsDmarc(text: string): boolean {
  return /^[ \t]*v[ \t]*=[ \t]*dmarc1[ \t]*(?:;|$)/i.test(text);
}

/** True when some tag of the text other than the first is `v=DMARC1` (a record with the tags in the wrong order). Pure. */
export function hasLaterDmarcVersion(text: string): boolean {
  return text.split(';').slice(1).some((part) => /^v[ \t]*=[ \t]*dmarc1$/i.test(trimWsp(part)));
}

function parsePolicy(value: string): DmarcPolicy | undefined {
  return POLICIES.find((p) => p === value.toLowerCase());
}

function parseUris(tag: 'rua' | 'ruf', value: string, problems: DmarcProblem[]): string[] {
  const uris: string[] = [];
  for (const raw of value.split(',')) {
    const uri = trimWsp(raw);
    // RFC 7489 6.2: an optional "!" size limit follows the URI.
    const bare = uri.replace(/![0-9]+[kmgt]?$/i, '');
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(bare);
    if (!scheme || scheme[1]!.toLowerCase() !== 'mailto') {
      problems.push({ code: 'uri-not-mailto', tag, value: uri });
      continue;
    }
    const address = bare.slice(scheme[0].length);
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(decodeURIComponentSafe(address))) {
      problems.push({ code: 'uri-address', tag, value: uri });
      continue;
    }
    uris.push(uri);
  }
  return uris;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Parses one DMARC TXT text (character-strings already joined, RFC 7489 6.6.3). Pure; never throws. `ok` only when
 * every tag is valid: the verdict table of issue 17 (`p` required, `sp`/`np` valid, `pct` 0–100, `mailto:` URIs).
 */
export function parseDmarcRecord(text: string): DmarcParse {
  const problems: DmarcProblem[] = [];
  const unknownTags: string[] = [];
  const seen = new Set<string>();
  const tags = new Map<string, string>();
  const parts = text.split(';').map(trimWsp);
  // RFC 6376 3.2: tag-list = tag-spec *( ";" tag-spec ) [ ";" ], and a tag-spec may be all whitespace.
  parts.forEach((part, index) => {
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : trimWsp(part.slice(0, eq));
    const value = eq < 0 ? '' : trimWsp(part.slice(eq + 1));
    if (index === 0) {
      // RFC 7489 6.4: dmarc-version = "v" *WSP "=" *WSP %x44.4d.41.52.43.31 ("v" case-insensitive as an ABNF string).
      if (name.toLowerCase() === 'v') {
        if (value !== 'DMARC1') problems.push({ code: 'version-value', value });
        seen.add('v');
        return;
      }
      problems.push({ code: 'version-not-first' });
    }
    if (part === '') return;
    if (!TAG_NAME.test(name)) { problems.push({ code: 'tag-syntax', value: part }); return; }
    if (name === 'v') {
      if (seen.has('v')) problems.push({ code: 'duplicate-tag', tag: 'v' });
      seen.add('v');
      return;
    }
    if (seen.has(name)) { problems.push({ code: 'duplicate-tag', tag: name }); return; }
    seen.add(name);
    if (!KNOWN_TAGS.has(name)) { unknownTags.push(name); return; }
    tags.set(name, value);
  });

  let p: DmarcPolicy | undefined;
  const rawP = tags.get('p');
  if (rawP === undefined) problems.push({ code: 'policy-missing' });
  else if ((p = parsePolicy(rawP)) === undefined) problems.push({ code: 'policy-value', tag: 'p', value: rawP });
  let sp: DmarcPolicy | undefined;
  for (const tag of ['sp', 'np'] as const) {
    const raw = tags.get(tag);
    if (raw === undefined) continue;
    const parsed = parsePolicy(raw);
    if (parsed === undefined) problems.push({ code: 'policy-value', tag, value: raw });
    else if (tag === 'sp') sp = parsed;
  }
  const rawPct = tags.get('pct');
  let pct = 100;
  if (rawPct !== undefined) {
    if (/^[0-9]{1,3}$/.test(rawPct) && Number(rawPct) <= 100) pct = Number(rawPct);
    else problems.push({ code: 'pct-range', value: rawPct });
  }
  const alignment = (tag: 'adkim' | 'aspf'): 'r' | 's' => {
    const raw = tags.get(tag);
    if (raw === undefined) return 'r';
    const v = raw.toLowerCase();
    if (v === 'r' || v === 's') return v;
    problems.push({ code: 'tag-value', tag, value: raw });
    return 'r';
  };
  const adkim = alignment('adkim');
  const aspf = alignment('aspf');
  const fo = tags.get('fo');
  if (fo !== undefined && !/^[01ds](?:[ \t]*:[ \t]*[01ds])*$/i.test(fo)) problems.push({ code: 'tag-value', tag: 'fo', value: fo });
  const ri = tags.get('ri');
  if (ri !== undefined && !/^[0-9]+$/.test(ri)) problems.push({ code: 'tag-value', tag: 'ri', value: ri });
  const rua = tags.has('rua') ? parseUris('rua', tags.get('rua')!, problems) : [];
  const ruf = tags.has('ruf') ? parseUris('ruf', tags.get('ruf')!, problems) : [];

  if (problems.length > 0 || p === undefined) return { ok: false, problems, unknownTags };
  return { ok: true, record: { p, ...(sp ? { sp } : {}), pct, rua, ruf, adkim, aspf, unknownTags } };
}
