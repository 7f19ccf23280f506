import assert from 'node:assert/strict';
import { parseDomain, type DomainRefusal } from '../../src/domain/parse-domain';

describe('parseDomain', () => {
  const accepted: Array<[string, string]> = [
    ['meinefirma.de', 'meinefirma.de'],
    ['MeineFirma.DE', 'meinefirma.de'],
    ['meinefirma.de.', 'meinefirma.de'],
    ['Müller-Bau.de', 'xn--mller-bau-q9a.de'],
    ['faß.de', 'xn--fa-hia.de'],
    ['xn--mller-kva.de', 'xn--mller-kva.de'],
    ['XN--MLLER-KVA.de', 'xn--mller-kva.de'],
    ['mail.xn--fa-hia.de', 'mail.xn--fa-hia.de'],
    ['ｅｘａｍｐｌｅ．ｃｏｍ', 'example.com'],
    ['mail.sub.example.co.uk', 'mail.sub.example.co.uk'],
    [`${'a'.repeat(63)}.de`, `${'a'.repeat(63)}.de`],
    ['a1-b2.de', 'a1-b2.de'],
  ];
  for (const [input, ascii] of accepted) {
    it(`accepts ${JSON.stringify(input)} as ${ascii}`, () => {
      const parsed = parseDomain(input);
      assert.ok(parsed.ok, JSON.stringify(parsed));
      assert.equal(parsed.ascii, ascii);
    });
  }

  it('keeps the Unicode form for display', () => {
    const parsed = parseDomain('MÜLLER.de');
    assert.ok(parsed.ok);
    assert.equal(parsed.unicode, 'müller.de');
  });

  const longName = Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.') + '.de';
  const refused: Array<[string, DomainRefusal, string | undefined]> = [
    ['', 'empty', undefined],
    ['   ', 'empty', undefined],
    ['meine firma.de', 'whitespace', undefined],
    [' meinefirma.de ', 'whitespace', 'meinefirma.de'],
    ['meinefirma..de', 'empty-label', undefined],
    ['.meinefirma.de', 'empty-label', undefined],
    ['meinefirma.de..', 'empty-label', undefined],
    ['.', 'empty-label', undefined],
    [`${'a'.repeat(64)}.de`, 'label-too-long', undefined],
    [longName, 'name-too-long', undefined],
    ['-meinefirma.de', 'hyphen', undefined],
    ['meinefirma-.de', 'hyphen', undefined],
    ['localhost', 'single-label', undefined],
    // A web host suggests its registered domain (Public Suffix List, ICANN section), the mail domain meant.
    ['https://www.meinefirma.de/impressum', 'url', 'meinefirma.de'],
    ['https://www.meinefirma.de/kontakt', 'url', 'meinefirma.de'],
    ['https://shop.meinefirma.co.uk/', 'url', 'meinefirma.co.uk'],
    ['www.meinefirma.de/kontakt', 'url', 'meinefirma.de'],
    ['http://mail.müller.de/', 'url', 'xn--mller-kva.de'],
    ['http://Müller.de', 'url', 'xn--mller-kva.de'],
    ['meinefirma.de/kontakt', 'url', 'meinefirma.de'],
    ['max.muster@meinefirma.de', 'email', 'meinefirma.de'],
    ['mailto:max@meinefirma.de', 'email', 'meinefirma.de'],
    ['/etc/hosts', 'path', undefined],
    ['C:\\Users\\admin', 'path', undefined],
    ['192.168.1.10', 'ip-address', undefined],
    ['::1', 'ip-address', undefined],
    ['meinefirma.de:443', 'invalid-character', undefined],
    ['mein_firma.de', 'invalid-character', undefined],
    // Invalid A-labels (RFC 5891 5.4): not decodable, decoding to ASCII only, or not re-encoding to themselves.
    ['xn--zz.de', 'invalid-idn', undefined],
    ['xn--a.de', 'invalid-idn', undefined],
    ['xn--abc-.de', 'invalid-idn', undefined],
    ['mail.xn--zz.de', 'invalid-idn', undefined],
    ['meinefirma.xn--zz', 'invalid-idn', undefined],
  ];
  for (const [input, reason, suggestion] of refused) {
    it(`refuses ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)} as ${reason}`, () => {
      const parsed = parseDomain(input);
      assert.equal(parsed.ok, false, JSON.stringify(parsed));
      if (parsed.ok) return;
      assert.equal(parsed.reason, reason);
      assert.equal(parsed.suggestion, suggestion);
      for (const text of [parsed.message.en, parsed.message.de]) {
        assert.ok(text.length > 0 && !text.includes('\n') && text.length < 200, text);
        if (suggestion) assert.ok(text.includes(suggestion), text);
      }
      assert.notEqual(parsed.message.en, parsed.message.de);
    });
  }
});
