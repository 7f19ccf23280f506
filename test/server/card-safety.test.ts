/**
 * Text a person typed reaches a card's markdown only escaped: a user name such as `**x** [a](http://evil)` or
 * `# h` (the inputs form takes names verbatim) must show as those characters, not as bold text, a link or a heading.
 */
import assert from 'node:assert/strict';
import { renderProcedureCard } from '../../src/cards/procedure-cards';
import type { Migration } from '../../src/procedure/types';
import { run, started, starter } from '../procedure/fixtures';

/**
 * What a CommonMark renderer (Teams' TextBlock markdown subset) would treat as markup in `text`: an unescaped
 * emphasis, code or link character, or a heading/list/quote marker at a line start. Backslash escapes (CommonMark
 * 2.4) are literal characters.
 */
function markupIn(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') { i++; continue; }
    if ('*_[]`~'.includes(text[i]!)) found.push(`${text[i]} at ${i}`);
  }
  for (const line of text.split('\n')) {
    if (/^\s*(#|[-+>]\s|\d+[.)]\s)/.test(line)) found.push(`line start: ${line.slice(0, 20)}`);
  }
  return found;
}

/** The text a CommonMark renderer shows for `text` with only backslash escapes in it. */
function shownAs(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function textBlocks(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('card safety: markdown-looking user input renders as text', () => {
  const names = ['**x** [a](http://evil)', '# h', '_y_ `z` ~~s~~', '- dash', '1. item'];
  const users = names.map((name, i) => `${name}; user${i}@meinefirma.de`).join('\n');
  const [migration] = run(started(), [{ type: 'input', actor: starter, values: { tenantName: 'firma', users } }]) as [Migration, unknown];

  for (const locale of ['de', 'en'] as const) {
    it(`the user checklist (${locale}) shows each typed name literally, with no markup a renderer would act on`, () => {
      const result = renderProcedureCard({ kind: 'step', stepId: 'user-addresses' }, migration, locale);
      assert.ok(result.ok, JSON.stringify(result));
      const blocks = textBlocks(result.card);
      for (const name of names) {
        const block = blocks.find((t) => shownAs(t).includes(name));
        assert.ok(block, `"${name}" is not shown as typed; blocks: ${JSON.stringify(blocks.filter((t) => t.includes('user') || t.includes('○')))}`);
        assert.deepEqual(markupIn(block), [], `"${block}" would render as markup`);
      }
      assert.ok(!JSON.stringify(result.card).includes('[a](http://evil)'), 'an unescaped link reached the card');
    });
  }

  it('the check itself finds unescaped markup (so it can fail)', () => {
    assert.notDeepEqual(markupIn('**x** [a](http://evil)'), []);
    assert.notDeepEqual(markupIn('# h'), []);
    assert.deepEqual(markupIn('\\*\\*x\\*\\* \\[a\\](http://evil)'), []);
  });
});
