/**
 * Differential test: our DMARC record parser against mailauth 7.1.0's record handling (lib/dmarc/get-dmarc-record.js:
 * the record selection of fetchRecord with its DMARC_VERSION_RE, parseDmarcRecord in strict mode, getPolicyTags),
 * on generated records. Both are asked the same question: "which policy does a receiver apply?". Every
 * disagreement must fall under one of the explanations below, and every explanation must still occur.
 */
import assert from 'node:assert/strict';
import { parseDmarcRecord, startsAsDmarc, type DmarcProblem } from '../../src/mailauth/dmarc-record';
import { mulberry32 } from '../support/random';

interface MailauthDmarc {
  createRecordLookup: (resolver: (name: string, type: string) => Promise<string[][]>, opts?: { strict?: boolean }) => (name: string) => Promise<Record<string, unknown> | false>;
  getPolicyTags: (record: Record<string, unknown>) => { p: string } | null;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mailauth = require('mailauth/lib/dmarc/get-dmarc-record') as MailauthDmarc;

/** The policy mailauth applies for one published TXT text, or null when it applies none. */
async function mailauthPolicy(text: string): Promise<string | null> {
  const lookup = mailauth.createRecordLookup(async () => [[text]], { strict: true });
  const record = await lookup('example.com');
  return record ? mailauth.getPolicyTags(record)?.p ?? null : null;
}

function ourPolicy(text: string): { p: string | null; problems: Array<DmarcProblem['code']> } {
  if (!startsAsDmarc(text)) return { p: null, problems: ['version-not-first'] };
  const parsed = parseDmarcRecord(text);
  return parsed.ok ? { p: parsed.record.p, problems: [] } : { p: null, problems: parsed.problems.map((p) => p.code) };
}

/**
 * Why the two differ, as data: `when` says which of our problem codes (all of them) and which mailauth outcome
 * the case has. Matching is by "every problem we found is in `codes`".
 */
const EXPLANATIONS: ReadonlyArray<{ id: string; codes: ReadonlyArray<DmarcProblem['code']>; mailauth: 'same-p' | 'none'; why: string }> = [
  { id: 'values-mailauth-does-not-validate', codes: ['pct-range', 'tag-value', 'uri-not-mailto', 'uri-address', 'tag-syntax'], mailauth: 'same-p',
    why: 'mailauth validates only p/sp/np and the tag-list; pct (parseInt, else 0), adkim/aspf/fo/ri and parts without "=" are taken as they come, and '
      + 'rua/ruf may use any URI scheme (RFC 9989 4.8 dmarc-uri). We follow RFC 7489 6.4 (pct 0-100, r/s, fo, ri digits) and 6.2 (receivers '
      + 'must support mailto:, so other schemes get no reports), because the admin is to correct the record, not only to have it applied.' },
  { id: 'rua-fallback-to-none', codes: ['policy-missing', 'policy-value', 'pct-range', 'tag-value', 'uri-not-mailto', 'uri-address', 'tag-syntax'], mailauth: 'none',
    why: 'RFC 9989 4.10.1: a record without a valid p (or with an invalid sp/np) that lists a valid reporting URI is applied as p=none. '
      + 'RFC 7489 has no such rule (p is REQUIRED, 6.3), and p=none is not what the admin published: we report the record as wrong.' },
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

const VERSIONS = ['v=DMARC1', 'v=DMARC1', 'v=DMARC1', 'V=DMARC1', 'v = DMARC1', 'v=dmarc1', 'v=DMARC2', ''];
const TAGS: ReadonlyArray<readonly string[]> = [
  ['p=none', 'p=quarantine', 'p=reject', 'p=Reject', 'p=block', 'p=', 'P=reject', 'p = reject'],
  ['sp=none', 'sp=reject', 'sp=maybe'],
  ['np=reject', 'np=x'],
  ['pct=0', 'pct=50', 'pct=100', 'pct=150', 'pct=-1', 'pct=abc', 'pct=050'],
  ['rua=mailto:a@example.com', 'rua=a@example.com', 'rua=https://r.example/x', 'rua=mailto:', 'rua=mailto:a@example.com!10m,mailto:b@example.net'],
  ['ruf=mailto:f@example.com', 'ruf=f@example.com'],
  ['adkim=r', 'adkim=s', 'adkim=x', 'aspf=s', 'aspf=strict'],
  ['fo=1', 'fo=0:d', 'fo=2', 'ri=86400', 'ri=1d', 'rf=afrf'],
  ['foo=bar', 'x_1=y', 'reject', 't=y', 'psd=n'],
];

function generate(rand: () => number): string {
  const tags: string[] = [];
  for (const group of TAGS) {
    if (group[0]!.startsWith('p=') ? rand() < 0.9 : rand() < 0.3) tags.push(pick(rand, group));
  }
  if (rand() < 0.05 && tags.length > 0) tags.push(pick(rand, tags));
  const version = pick(rand, VERSIONS);
  const list = version === '' ? tags : rand() < 0.05 ? [...tags, version] : [version, ...tags];
  return list.join(pick(rand, ['; ', ';', ' ; ', ';\t'])) + (rand() < 0.3 ? ';' : '');
}

describe('DMARC record parser against mailauth 7.1.0 (generated records)', () => {
  it('agrees on the applied policy, or the disagreement is one of the listed explanations', async () => {
    const rand = mulberry32(17);
    const seen = new Map<string, number>();
    const unexplained: string[] = [];
    let agreed = 0;
    const total = 4000;
    for (let i = 0; i < total; i++) {
      const text = generate(rand);
      const ours = ourPolicy(text);
      const theirs = await mailauthPolicy(text);
      if (ours.p === theirs) { agreed++; continue; }
      const policyProblem = ours.problems.some((code) => code === 'policy-missing' || code === 'policy-value');
      const mailauthKind = theirs === 'none' && policyProblem ? 'none' : 'same-p';
      const explanation = ours.p !== null || theirs === null ? undefined : EXPLANATIONS.find((e) =>
        e.mailauth === mailauthKind && ours.problems.length > 0 && ours.problems.every((code) => e.codes.includes(code))
        && (e.mailauth === 'none' || new RegExp(`(^|;)\\s*p\\s*=\\s*${theirs}\\s*(;|$)`, 'i').test(text)));
      if (!explanation) unexplained.push(`${JSON.stringify(text)}: ours ${ours.p} ${JSON.stringify(ours.problems)}, mailauth ${theirs}`);
      else seen.set(explanation.id, (seen.get(explanation.id) ?? 0) + 1);
    }
    assert.deepEqual(unexplained.slice(0, 10), [], `${unexplained.length} unexplained disagreements`);
    for (const e of EXPLANATIONS) assert.ok((seen.get(e.id) ?? 0) > 0, `explanation ${e.id} never occurred: drop it or generate its case`);
    assert.ok(agreed > total / 2, `only ${agreed} of ${total} agreed`);
  });

  const pinned: Array<[string, string | null, string | null]> = [
    ['v=DMARC1; p=reject', 'reject', 'reject'],
    ['v=dmarc1; p=reject', null, null],
    ['p=reject; v=DMARC1', null, null],
    ['v=DMARC1; p=none; p=reject', null, null],
    ['v=DMARC1; P=reject', null, null],
    ['v=DMARC1; p=reject; pct=150', null, 'reject'],
    ['v=DMARC1; p=block; rua=mailto:a@example.com', null, 'none'],
  ];
  for (const [text, ours, theirs] of pinned) {
    it(`pinned: ${JSON.stringify(text)} → ours ${ours}, mailauth ${theirs}`, async () => {
      assert.equal(ourPolicy(text).p, ours);
      assert.equal(await mailauthPolicy(text), theirs);
    });
  }
});
