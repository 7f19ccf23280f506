/**
 * Helpdesk matcher throughput. Targets: a typed question well under 5 ms, a 20 000-character pasted NDR under
 * 50 ms (it runs on the bot's event loop). Baseline, measured in the same run: one plain `includes` scan of the
 * normalized text per term (the least any keyword matcher must do); the ratio shows what typo tolerance costs.
 * Run: npx tsx bench/helpdesk-match.ts
 */
import { DIAGNOSES } from '../src/helpdesk/diagnoses';
import { matchIntent, normalizeText } from '../src/helpdesk/match';

const QUESTION = 'Warum kommen meine Mails an Kolegen bei Strato zurück?';
const NDR = "Delivery has failed to these recipients or groups: anna@meinefirma.de The email address you entered couldn't be found. "
  + 'Diagnostic information for administrators: Generating server: AM0PR01MB1234.eurprd01.prod.exchangelabs.com '
  + "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup' "
  + 'Received: from AM0PR01MB1234 (2603:10a6:208:ac::12) by AM0PR01MB1234 with HTTPS; Message-ID: <abc@meinefirma.de> ';
// A long paste with many distinct words (worst case for the token index), not just one NDR repeated.
const WORDS = 'mail server header received from by with id for smtp tls cipher version date subject to cc reply'.split(' ');
let seed = 42;
const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
let big = NDR;
while (big.length < 20000) big += `${WORDS[Math.floor(rnd() * WORDS.length)]}${Math.floor(rnd() * 1000)} `;
big = big.slice(0, 20000);

const TERMS = DIAGNOSES.flatMap((d) => d.signals.flatMap((s) => s.terms)).map((t) => normalizeText(t.replace(/\*/g, '')));

function naive(text: string): number {
  const n = normalizeText(text);
  let hits = 0;
  for (const t of TERMS) if (n.includes(t)) hits++;
  return hits;
}

function time(fn: () => unknown, budgetMs = 1500): number {
  for (let i = 0; i < 5; i++) fn();
  const start = performance.now();
  let n = 0;
  do { fn(); n++; } while (performance.now() - start < budgetMs);
  return (performance.now() - start) / n;
}

const rows: Array<[string, number, number, number]> = [];
for (const [name, text, targetMs] of [['question', QUESTION, 5], ['pasted NDR', NDR, 10], ['20k paste', big, 50]] as const) {
  const base = time(() => naive(text));
  const ours = time(() => matchIntent(text, DIAGNOSES));
  rows.push([name, base, ours, targetMs]);
}
let failed = false;
console.log('input        baseline ms   matchIntent ms   ratio   target');
for (const [name, base, ours, target] of rows) {
  const ok = ours < target;
  failed ||= !ok;
  console.log(`${name.padEnd(12)} ${base.toFixed(3).padStart(11)}   ${ours.toFixed(3).padStart(14)}   ${(ours / base).toFixed(1).padStart(5)}x   < ${target} ms ${ok ? 'ok' : 'MISSED'}`);
}
process.exitCode = failed ? 1 : 0;
