// Matches exactly where one of the replacements below would change something; most texts (domains, advice,
// names) have none, and one test is cheaper than four replace passes.
const NEEDS_ESCAPE = /[\\`*_[\]~]|^\s*(?:[#+\->]|\d+[.)])|\$\{/m;

/**
 * Makes text typed by a person safe for a TextBlock, which Teams renders as markdown. Pure.
 * Backslash-escapes only what the Adaptive Card markdown subset acts on (CommonMark 2.4: any ASCII
 * punctuation may be escaped): emphasis and link brackets anywhere, list and heading markers at a line
 * start. Escaping less keeps the text readable in a client that shows the backslashes. A typed `${`
 * gets a zero-width space, so it can never read as a template expression.
 */
export function escapeMarkdown(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return plainText(
    text
      .replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
      .replace(/^(\s*)([#+\->])/gm, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/gm, '$1\\$2'),
  );
}

/**
 * For text shown verbatim in a TextRun (no markdown there): only breaks `${`, which the card renderer
 * rightly treats as a leftover template expression. A zero-width space keeps it readable. Pure.
 */
export function plainText(text: string): string {
  return text.includes('${') ? text.replace(/\$\{/g, '$\u200b{') : text;
}
