import assert from 'node:assert/strict';
import { isSpfRecord, parseMacroString, parseSpf } from '../../src/spf/parse';

const codes = (text: string) => parseSpf(text).issues.map((i) => `${i.severity}:${i.code}:${i.term}`);

describe('spf/parse', () => {
  describe('isSpfRecord (RFC 7208 4.5)', () => {
    const cases: Array<[string, boolean]> = [
      ['v=spf1', true], ['v=spf1 -all', true], ['V=SPF1 a', true], ['v=spf10 -all', false],
      ['v=spf1-all', false], [' v=spf1 -all', false], ['spf1 a', false], ['', false], ['v=spf', false],
    ];
    for (const [text, expected] of cases) it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(isSpfRecord(text), expected));
  });

  it('keeps every term with its exact position', () => {
    const text = 'v=spf1  include:spf.protection.outlook.com mx a include:smtp.strato.de ip4:81.169.145.133 ~all ';
    const r = parseSpf(text);
    assert.equal(r.hasErrors, false);
    assert.deepEqual(r.terms.map((t) => t.text), ['include:spf.protection.outlook.com', 'mx', 'a', 'include:smtp.strato.de', 'ip4:81.169.145.133', '~all']);
    for (const t of r.terms) assert.equal(text.slice(t.start, t.end), t.text);
    const all = r.mechanisms.at(-1)!;
    assert.equal(all.qualifier, '~');
    assert.equal(r.mechanisms[4]!.ip4, 81 * 2 ** 24 + 169 * 65536 + 145 * 256 + 133);
  });

  it('flags the guide\'s ipv4: typo as an error and proposes ip4: in both languages', () => {
    const text = 'v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ipv4:81.169.145.133 ~all';
    const r = parseSpf(text);
    assert.equal(r.hasErrors, true);
    const issue = r.issues.find((i) => i.code === 'ipv4-typo')!;
    assert.equal(issue.severity, 'error');
    assert.equal(issue.term, 'ipv4:81.169.145.133');
    assert.equal(text.slice(issue.start, issue.end), 'ipv4:81.169.145.133');
    assert.equal(issue.replacement, 'ip4:81.169.145.133');
    assert.match(issue.message.en, /ip4/);
    assert.match(issue.message.de, /Mechanismus/);
    assert.match(issue.fix.de, /ip4:81\.169\.145\.133/);
  });

  const table: Array<[string, string[]]> = [
    ['v=spf1 ip4:mail.example.com -all', ['error:ip4-hostname:ip4:mail.example.com']],
    ['v=spf1 ipv6:2001:db8::1 -all', ['error:ipv4-typo:ipv6:2001:db8::1']],
    ['v=spf1 a -all all', ['warning:multiple-all:all', 'warning:plus-all:all']],
    ['v=spf1 -all redirect=_spf.example.com', ['warning:redirect-ignored:redirect=_spf.example.com']],
    ['v=spf1 +all', ['warning:plus-all:+all']],
    ['v=spf1 all', ['warning:plus-all:all']],
    ['v=spf1 ptr -all', ['warning:ptr:ptr']],
    ['v=spf1 ptr:example.com -all', ['warning:ptr:ptr:example.com']],
    ['v=spf1 foo:bar -all', ['error:unknown-mechanism:foo:bar']],
    ['v=spf1 a/33 -all', ['error:bad-cidr:a/33']],
    ['v=spf1 a//129 -all', ['error:bad-cidr:a//129']],
    ['v=spf1 ip4:192.0.2.0/024 -all', ['error:bad-cidr:ip4:192.0.2.0/024']],
    ['v=spf1 ip4:192.0.2.0//24 -all', ['error:bad-cidr:ip4:192.0.2.0//24']],
    ['v=spf1 ip6:2001:db8::/129 -all', ['error:bad-cidr:ip6:2001:db8::/129']],
    ['v=spf1 ip4:256.1.1.1 -all', ['error:bad-ip:ip4:256.1.1.1']],
    ['v=spf1 ip6:2001:db8::g -all', ['error:bad-ip:ip6:2001:db8::g']],
    ['v=spf1 exists:%{q}.example.com -all', ['error:bad-macro:exists:%{q}.example.com']],
    ['v=spf1 include:%{d -all', ['error:bad-macro:include:%{d']],
    ['v=spf1 a:%z.example.com -all', ['error:bad-macro:a:%z.example.com']],
    ['v=spf1 exists:%{c}.example.com -all', ['error:macro-exp-only:exists:%{c}.example.com']],
    ['v=spf1 include: -all', ['error:missing-domain:include:']],
    ['v=spf1 include -all', ['error:missing-domain:include']],
    ['v=spf1 a:museum -all', ['error:bad-domain:a:museum']],
    ['v=spf1 a:foo.123 -all', ['error:bad-domain:a:foo.123']],
    ['v=spf1 redirect=a.example.com redirect=b.example.com', ['error:duplicate-modifier:redirect=b.example.com']],
    ['v=spf1 =all', ['error:bad-modifier:=all']],
    ['v=spf1 -redirect=a.example.com', ['error:qualified-modifier:-redirect=a.example.com']],
    ['v=spf1 a:example.com\tmx -all', ['error:bad-character:a:example.com\tmx']],
    ['v=spf1 a:\u00e9xample.com -all', ['error:non-ascii:a:\u00e9xample.com']],
    ['v=spf1 all:foo', ['error:unexpected-argument:all:foo']],
    ['v=spf1 -all a', ['warning:after-all:a']],
    ['v=spf1 a:%{d}.example.com mx:%{ir}.%{v}._spf.%{d2} exists:%{l1r-}.x.example.com foo=%{c} -all', []],
    ['v=spf1 ip6:::ffff:192.0.2.1 ip6:2001:db8::/32 a/24//64 mx:example.com/24 -all', []],
  ];
  for (const [text, expected] of table) {
    it(`${JSON.stringify(text)} → ${expected.join(', ') || 'no issues'}`, () => {
      assert.deepEqual(codes(text), expected);
      const r = parseSpf(text);
      assert.equal(r.hasErrors, expected.some((e) => e.startsWith('error:')));
      for (const i of r.issues) {
        assert.equal(text.slice(i.start, i.end), i.term);
        assert.ok(i.message.de.length > 0 && i.message.en.length > 0 && i.fix.de.length > 0 && i.fix.en.length > 0);
        assert.notEqual(i.message.de, i.message.en);
        assert.doesNotMatch(i.message.en + i.fix.en + i.message.de + i.fix.de, /\{(?:term|name|good|bad|replacement|reason|family|example|letter)\}|\[object/);
      }
    });
  }

  it('reports a missing v=spf1 as an error naming the whole text', () => {
    const r = parseSpf('spf1 include:spf.protection.outlook.com ~all');
    assert.deepEqual(r.issues.map((i) => [i.code, i.severity]), [['not-spf', 'error']]);
    assert.equal(r.terms.length, 0);
  });

  it('finds redirect and exp once, and knows about all', () => {
    const r = parseSpf('v=spf1 mx REDIRECT=_spf.example.com exp=explain.example.com');
    assert.equal(r.redirect?.value?.literal, '_spf.example.com');
    assert.equal(r.exp?.value?.literal, 'explain.example.com');
    assert.equal(r.hasAll, false);
  });

  it('parses macros into parts (RFC 7208 7.1)', () => {
    const m = parseMacroString('%{ir}.%{v}._spf.%{D2-}%%%_%-', false);
    assert.ok(m.ok);
    assert.deepEqual(m.value.parts, [
      { letter: 'i', upper: false, digits: 0, reverse: true, delimiters: '' }, '.',
      { letter: 'v', upper: false, digits: 0, reverse: false, delimiters: '' }, '._spf.',
      { letter: 'd', upper: true, digits: 2, reverse: false, delimiters: '-' }, '% %20',
    ]);
    assert.equal(m.value.literal, null);
    assert.deepEqual(parseMacroString('%{d0}', false), { ok: false, reason: { en: 'the number of parts must not be 0', de: 'die Anzahl der Teile darf nicht 0 sein' } });
    assert.ok(parseMacroString('%{c} says %{r} at %{t}', true).ok);
  });
});
