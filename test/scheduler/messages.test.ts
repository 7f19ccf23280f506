import { strict as assert } from 'node:assert';
import { confirmedText, cutoverText, nudgeText, stepTitle, STEP_TITLES } from '../../src/scheduler/messages';

describe('scheduler/messages', () => {
  it('announces a confirmed step with the next one, in German and English', () => {
    assert.equal(confirmedText('en', 'meinefirma.de', 'SPF record', 'Multi-factor authentication'),
      'SPF record for meinefirma.de is now visible ✓ — next: Multi-factor authentication');
    assert.equal(confirmedText('de', 'meinefirma.de', 'SPF-Eintrag', undefined), 'SPF-Eintrag für meinefirma.de ist jetzt sichtbar ✓ — alle Schritte erledigt.');
  });

  it('has a title for every step of DESIGN.md in both languages, and falls back to the id', () => {
    const ids = ['verify-domain', 'mx', 'autodiscover', 'user-addresses', 'forwarding', 'internal-relay', 'outbound-connector', 'spf', 'mfa'];
    assert.deepEqual(Object.keys(STEP_TITLES).sort(), [...ids].sort());
    for (const id of ids) {
      assert.ok(stepTitle(id, 'de').length > 2 && stepTitle(id, 'en').length > 2, id);
      assert.notEqual(stepTitle(id, 'de'), stepTitle(id, 'en'), `${id} is translated`);
    }
    assert.equal(stepTitle('dkim', 'de'), 'dkim');
  });

  it('lists open steps in a nudge with how long they are open, and says how to turn reminders off', () => {
    const en = nudgeText('en', 'meinefirma.de', [{ title: 'Forwarding at the provider', openDays: 4 }]);
    assert.match(en, /^Reminder for meinefirma\.de: one step is still open\./);
    assert.match(en, /• Forwarding at the provider \(open for 4 days\)/);
    assert.match(en, /\/remind off/);
    const de = nudgeText('de', 'meinefirma.de', [{ title: 'A', openDays: 3 }, { title: 'B', openDays: 5 }]);
    assert.match(de, /2 Schritte sind noch offen/);
    assert.match(de, /• B \(offen seit 5 Tagen\)/);
  });

  it('gives the whole cut-over checklist with the domain filled in', () => {
    for (const locale of ['de', 'en'] as const) {
      const text = cutoverText(locale, 'meinefirma.de');
      assert.doesNotMatch(text, /\{\w+\}/);
      assert.match(text, /Set-AcceptedDomain -Identity meinefirma\.de -DomainType Authoritative/);
      assert.match(text, /MX/);
      assert.match(text, /SPF/);
      assert.match(text, locale === 'de' ? /Weiterleitungen/ : /forwarding/);
      assert.match(text, /spf\.protection\.outlook\.com/);
    }
  });
});
