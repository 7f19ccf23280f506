import { msg, text } from '../../src/i18n/message';
import assert from 'node:assert/strict';
import { formatUtc, formatWait, withPropagationNote } from '../../src/probes/propagation-note';
import type { ProbeResult } from '../../src/probes/types';

const ok: ProbeResult = { id: 'spf', status: 'ok', found: 'v=spf1 …', expected: null, advice: msg('probe.spf.ok', { lookups: 3, limit: 10 }) };
const now = new Date('2026-12-02T13:37:00Z');

describe('propagation note (published ok, resolvers still cache an old answer)', () => {
  for (const [seconds, text] of [[45, '45 s'], [119, '119 s'], [3480, '58 min'], [3481, '59 min'], [7500, '2 h 5 min']] as const) {
    it(`formatWait(${seconds}) is "${text}"`, () => assert.equal(formatWait(seconds), text));
  }
  it('formatUtc rounds up to the minute and adds the date on another day', () => {
    assert.equal(formatUtc(new Date('2026-12-02T14:34:10Z'), now), '14:35 UTC');
    assert.equal(formatUtc(new Date('2026-12-03T00:10:00Z'), now), '2026-12-03 00:10 UTC');
  });
  it('says by when (the longest remaining TTL among stale resolvers), in English and German', () => {
    const out = withPropagationNote({ ...ok, resolvers: [
      { server: '1.1.1.1:53', status: 'ok', found: 'new', ttlSeconds: 300 },
      { server: '8.8.8.8:53', status: 'wrong', found: 'old', ttlSeconds: 3480 },
      { server: '9.9.9.9:53', status: 'missing', found: null, ttlSeconds: 600 },
    ] }, now);
    assert.match(text(out.advice, 'en'), /public resolvers will see it by about 14:35 UTC \(TTL 58 min\): 8\.8\.8\.8:53, 9\.9\.9\.9:53 still serve the old answer/);
    assert.match(text(out.advice, 'de'), /^Der SPF-Eintrag ist gültig.*öffentliche Resolver sehen es spätestens gegen 14:35 UTC \(TTL 58 min\)/);
    assert.deepEqual(out.propagation, { servers: ['8.8.8.8:53', '9.9.9.9:53'], waitSeconds: 3480, visibleBy: '2026-12-02T14:35:00.000Z' });
  });
  it('leaves results alone when every resolver agrees, when a resolver only failed, and when the published view is not ok', () => {
    const agreed = { ...ok, resolvers: [{ server: 'a', status: 'ok' as const, found: 'x', ttlSeconds: 9 }, { server: 'b', status: 'error' as const, found: null }] };
    assert.equal(withPropagationNote(agreed, now), agreed);
    const wrong = { ...ok, status: 'wrong' as const, resolvers: [{ server: 'a', status: 'missing' as const, found: null, ttlSeconds: 9 }] };
    assert.equal(withPropagationNote(wrong, now), wrong);
  });
});
