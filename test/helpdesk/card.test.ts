import { msg } from '../../src/i18n/message';
import assert from 'node:assert/strict';
import { cardProblems, CARD_BUDGET_BYTES } from '../cards/validate-card';
import { diagnosisCardData, escapeCardText, renderDiagnosisCard } from '../../src/helpdesk/card';
import { diagnose, type CheckOutcome, type DiagnoseResult } from '../../src/helpdesk/diagnose';
import { DIAGNOSES } from '../../src/helpdesk/diagnoses';
import { STATUS_TEXT } from '../../src/helpdesk/messages';
import { stepLabel } from '../../src/helpdesk/step-label';
import type { ProbeResult, ProbeStatus } from '../../src/probes/types';

const LOCALES = ['de', 'en'] as const;
const STATUSES: ProbeStatus[] = ['ok', 'missing', 'wrong', 'error'];

/** A fixture result for one diagnosis: every check once per status in turn, the longest texts we have. */
function fixture(id: (typeof DIAGNOSES)[number]['id'], language: 'de' | 'en', domain: string | null, round: number): DiagnoseResult {
  const entry = DIAGNOSES.find((d) => d.id === id)!;
  const checks: CheckOutcome[] = entry.checks.map((c, i) => ({
    id: c, status: STATUSES[(i + round) % STATUSES.length]!, label: { de: `Prüfung ${c}`, en: `Check ${c}` },
    found: ['v=spf1 include:spf.protection.outlook.com mx a include:smtp.strato.de ~all'],
    advice: { de: 'Hinweis mit *Sternchen* und [Link](http://x)', en: 'Advice with *stars* and [a link](http://x)' },
  }));
  const partial = { intent: id, confidence: 0.87, language, evidence: [], domain, domainSource: domain ? 'context' as const : null, entry, checks, ruledOut: [], allRuledOut: false, clarify: null };
  return { ...partial, answer: '' };
}

function buttonOf(card: Record<string, unknown>): { type: string; verb: string; title: string; data: Record<string, unknown> } {
  const actions = card.actions as Array<{ type: string; verb: string; title: string; data: Record<string, unknown> }>;
  assert.equal(actions.length, 1);
  return actions[0]!;
}

describe('helpdesk diagnosis card', () => {
  for (const entry of DIAGNOSES) {
    for (const language of LOCALES) {
      it(`renders ${entry.id} (${language}) cleanly, under ${CARD_BUDGET_BYTES / 1024} KB, with a procedure.goto button or the setting to check`, () => {
        for (const [round, domain] of [[0, 'meinefirma.de'], [1, null], [2, 'xn--mller-kva.de'], [3, 'meinefirma.de']] as const) {
          const result = fixture(entry.id, language, domain, round);
          const rendered = renderDiagnosisCard(result, 'Warum *kommen* Mails zurück? ${evil} [x](javascript:alert(1))');
          assert.ok(rendered.ok, JSON.stringify(rendered));
          assert.deepEqual(cardProblems(rendered.card), []);
          assert.ok(rendered.bytes <= CARD_BUDGET_BYTES, `${rendered.bytes} bytes`);
          const json = JSON.stringify(rendered.card);
          assert.ok(!json.includes('{domain}'), 'no unfilled {domain}');
          assert.ok(json.includes(entry.title[language].replace(/\{domain\}/g, '').slice(0, 20)), 'title in the asked language');
          if (entry.stepId === null) {
            // A tenant setting outside the procedure: no step button, the setting is named instead.
            assert.deepEqual((rendered.card as { actions?: unknown[] }).actions ?? [], []);
            assert.ok(entry.setting && json.includes(JSON.stringify(`${language === 'de' ? 'Zu prüfende Einstellung' : 'Setting to check'}: ${entry.setting[language]}`)), entry.id);
          } else {
            const button = buttonOf(rendered.card);
            assert.equal(button.type, 'Action.Execute');
            assert.equal(button.verb, 'procedure.goto');
            assert.deepEqual(button.data, { verb: 'procedure.goto', stepId: entry.stepId, domain: domain ?? '' });
            // People read the step's number and title, never the internal id.
            const { n, title } = stepLabel(entry.stepId, language);
            assert.ok(n >= 1 && n <= 9, entry.stepId);
            assert.equal(button.title, `${language === 'de' ? 'Zum Schritt' : 'Go to step'} ${n}: ${title}`);
            assert.ok(!String(button.title).includes(entry.stepId), String(button.title));
          }
          for (const check of result.checks) {
            assert.ok(json.includes(JSON.stringify(check.label[language])), `label of ${check.id}`);
            assert.ok(json.includes(JSON.stringify(STATUS_TEXT[check.status][language])), `status of ${check.id}`);
          }
          if (result.checks.length === 0) assert.ok(json.includes(JSON.stringify((diagnosisCardData(result, '').noChecksLines as Array<{ text: string }>)[0]!.text)), 'the no-checks line');
        }
      });
    }
  }

  for (const language of LOCALES) {
    it(`renders the "no diagnosis" card (${language}) listing every diagnosis, without a button`, () => {
      const result: DiagnoseResult = { intent: 'unknown', confidence: 0.9, language, evidence: [], domain: null, domainSource: null,
        entry: null, checks: [], ruledOut: [], allRuledOut: false, clarify: null, answer: '' };
      const rendered = renderDiagnosisCard(result, 'Wie ändere ich mein Passwort?');
      assert.ok(rendered.ok, JSON.stringify(rendered));
      assert.deepEqual(cardProblems(rendered.card), []);
      const json = JSON.stringify(rendered.card);
      for (const d of DIAGNOSES) assert.ok(json.includes(d.title[language]), d.id);
      assert.equal(rendered.card.actions, undefined);
    });
  }

  it('shows every check status in words: ok, missing, wrong, could not check', async () => {
    const statuses: Record<string, ProbeStatus> = { mx: 'error', spf: 'wrong' };
    const result = await diagnose('550 5.7.68 TenantInboundAttribution', {
      domain: 'meinefirma.de', locale: 'en',
      runProbe: (id) => Promise.resolve<ProbeResult>({ id, status: statuses[id]!, found: null, expected: null, advice: msg('probe.mx.ok') }),
    });
    const rendered = renderDiagnosisCard(result, '550 5.7.68 TenantInboundAttribution');
    assert.ok(rendered.ok);
    const json = JSON.stringify(rendered.card);
    assert.ok(json.includes('"could not check"'), json);
    assert.ok(json.includes('"wrong"'));
    assert.ok(!json.includes('"missing"'), 'a timed-out check is never shown as missing');
  });

  it('escapes user-typed text before it reaches card markdown and templating', () => {
    const hostile = 'Hi *bold* _it_ [link](http://evil) `code` <b>x</b> ${x} \\ ~~s~~\n- list\n# head';
    const escaped = escapeCardText(hostile);
    assert.ok(!escaped.includes('${'), escaped);
    assert.ok(!/\n/.test(escaped));
    for (const ch of ['*', '_', '[', ']', '(', ')', '`', '<', '>', '~']) {
      const unescaped = new RegExp(`(^|[^\\\\])\\${ch}`);
      assert.ok(!unescaped.test(escaped), `${ch} unescaped in ${escaped}`);
    }
    assert.ok(escapeCardText('x'.repeat(1000)).length <= 280);
    const result = fixture('spf-fail', 'en', 'meinefirma.de', 0);
    const rendered = renderDiagnosisCard(result, hostile);
    assert.ok(rendered.ok, JSON.stringify(rendered));
    const question = (rendered.card.body as Array<{ text?: string }>).find((b) => b.text?.startsWith('You asked'));
    assert.ok(question && question.text!.includes('\\*bold\\*'), question?.text);
  });
});
