import assert from 'node:assert/strict';
import { DIAGNOSES } from '../../src/helpdesk/diagnoses';
import { detectLanguage, editDistance, findStatusCodes, matchIntent, MIN_SCORE, normalizeText } from '../../src/helpdesk/match';

const match = (text: string) => matchIntent(text, DIAGNOSES);

describe('helpdesk matcher', () => {
  it('folds umlauts, ß and their spelled-out forms to one form', () => {
    for (const [a, b] of [['Domäne', 'Domaene'], ['Domäne', 'domane'], ['Weiß', 'weiss'], ['zurück', 'zurueck'], ["can't", 'can’t']]) {
      assert.equal(normalizeText(a!), normalizeText(b!), `${a} vs ${b}`);
    }
  });

  it('measures Damerau-Levenshtein distance with transpositions', () => {
    const cases: Array<[string, string, number]> = [['relay', 'realy', 1], ['domain', 'domian', 1], ['outlook', 'outlok', 1],
      ['receives', 'recieves', 1], ['kitten', 'sitting', 3], ['same', 'same', 0]];
    for (const [a, b, d] of cases) assert.equal(editDistance(a, b, 3), d, `${a}/${b}`);
  });

  it('finds enhanced status codes anywhere, but not inside IP addresses or version numbers', () => {
    assert.deepEqual(findStatusCodes("Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'"), [{ code: '5.1.10', basic: '550' }]);
    assert.deepEqual(findStatusCodes('bounce: 5.7.509 and later 554 5.4.14'), [{ code: '5.7.509' }, { code: '5.4.14', basic: '554' }]);
    assert.deepEqual(findStatusCodes('ip4:81.169.145.133 and 10.5.7.23 and v1.5.7.23.4'), []);
    assert.deepEqual(findStatusCodes('Outlook 16.0.5.1'), []);
  });

  it('recognizes each NDR code as its diagnosis, also buried in a pasted report', () => {
    const cases: Array<[string, string]> = [
      ['550 5.1.10 RESOLVER.ADR.RecipientNotFound', 'bounce-internal-relay'],
      ['Diagnostic information for administrators:\nGenerating server: AM0PR01MB1234.eurprd01.prod.exchangelabs.com\n550 5.7.23 blah', 'spf-fail'],
      ['> 550 5.7.68 whatever', 'direct-send-blocked'],
      ['5.7.509', 'dmarc-fail'],
      ['Server said: 550 5.4.1 something', 'relay-denied'],
      ['554 5.4.14', 'mail-loop'],
    ];
    for (const [text, intent] of cases) {
      const m = match(text);
      assert.equal(m.intent, intent, text);
      assert.ok(m.evidence.some((e) => e.kind === 'ndr'), `ndr evidence for ${text}`);
      assert.ok(m.confidence >= 0.8, `${text}: confidence ${m.confidence}`);
    }
  });

  it('lets an NDR code outweigh keywords that point elsewhere', () => {
    // The words say "colleagues bounce" (internal relay); the code says DMARC.
    const m = match('Mails an Kollegen kommen zurück, in der Meldung steht 550 5.7.509');
    assert.equal(m.intent, 'dmarc-fail');
    assert.ok((m.scores['bounce-internal-relay'] ?? 0) > 0, 'the keywords were seen too');
  });

  it('tolerates typos, missing umlauts and word order', () => {
    assert.equal(match('Warum kommen Mails an Kollegen zurück?').intent, 'bounce-internal-relay');
    assert.equal(match('warum kommen mails an kolegen zurueck').intent, 'bounce-internal-relay');
    assert.equal(match('zurück kommen die mails an kollegen, warum').intent, 'bounce-internal-relay');
    assert.equal(match('Domaene wird nicht verifiziert').intent, 'verify-failed');
    assert.equal(match('unable to realy').intent, 'relay-denied');
  });

  it('answers unknown below the threshold and never guesses on off-topic text', () => {
    for (const text of ['', '   ', 'Hallo', 'What is the weather?', 'Outlook', '5.0.0.1', 'a'.repeat(5000)]) {
      const m = match(text);
      assert.equal(m.intent, 'unknown', JSON.stringify(text.slice(0, 30)));
      assert.deepEqual(m.evidence, []);
      for (const score of Object.values(m.scores)) assert.ok(score! < MIN_SCORE);
    }
  });

  it('reports confidence within 0..1 and lower when two diagnoses compete', () => {
    const clear = match('550 5.7.23 The message was rejected because of Sender Policy Framework violation');
    const mixed = match('weitergeleitete mails landen bei kunden im spam, spf?');
    for (const m of [clear, mixed]) assert.ok(m.confidence >= 0 && m.confidence <= 1);
    assert.ok(clear.confidence > mixed.confidence, `${clear.confidence} > ${mixed.confidence}`);
  });

  it('detects the question language, falling back when the text does not tell', () => {
    assert.equal(detectLanguage('Warum kommen meine Mails zurück?'), 'de');
    assert.equal(detectLanguage('Why do my mails bounce?'), 'en');
    assert.equal(detectLanguage('550 5.1.10', 'de'), 'de');
    assert.equal(detectLanguage('550 5.1.10', 'en'), 'en');
  });

  it('reads the language from the person\'s words, not from a pasted English NDR', () => {
    const text = "Kollege bekommt das hier zurück, was tun?\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'\n550 5.1.10 Recipient not found by SMTP address lookup for the recipient at the remote server";
    assert.equal(detectLanguage(text), 'de');
    assert.equal(match(text).language, 'de');
  });

  it('never throws and always returns a well-formed match on arbitrary input', () => {
    let seed = 7;
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const alphabet = 'aäeoöuüßsz .,;:-_*[](){}$\\\'"\n\t0123456789@/5.7.1€😀\u0000\u202e';
    for (let i = 0; i < 300; i++) {
      const text = Array.from({ length: rnd(200) }, () => alphabet[rnd(alphabet.length)]).join('');
      const m = match(text);
      assert.ok(m.confidence >= 0 && m.confidence <= 1, text);
      assert.ok(m.language === 'de' || m.language === 'en');
      assert.ok(m.intent === 'unknown' || m.evidence.length > 0, `a diagnosis always names its evidence: ${JSON.stringify(text)}`);
    }
  });

  it('has data for every diagnosis in both languages', () => {
    for (const d of DIAGNOSES) {
      for (const l of ['de', 'en'] as const) {
        assert.ok(d.title[l] && d.cause[l] && d.fix.adminPath[l], `${d.id} ${l}`);
        assert.ok(d.fix.steps[l].length > 0 && d.fix.steps[l].length === d.fix.steps[l === 'de' ? 'en' : 'de'].length, `${d.id} ${l} steps`);
        assert.ok(d.phrasings[l].length > 0);
      }
      assert.ok(d.signals.length > 0 || d.ndr.length > 0);
    }
  });
});

describe('helpdesk language: the person\'s words decide, not an address or host name inside them', () => {
  const cases: Array<[string, 'de' | 'en']> = [
    ['Mail an info@my-company-is-the-best.com kommt zurück', 'de'],
    ['Warum landet die Mail von newsletter@the-best-shop.com im Spam?', 'de'],
    ['Why does mail to kunde@meine-firma-und-partner.de bounce?', 'en'],
    ['Outlook findet https://autodiscover.is-the-best.com/autodiscover nicht', 'de'],
  ];
  for (const [text, language] of cases) {
    it(`${JSON.stringify(text)} is ${language}`, () => {
      assert.equal(detectLanguage(text), language);
    });
  }
});

