/**
 * Makes text typed by a person safe for a TextBlock, which Teams renders as markdown. Pure.
 * Backslash-escapes the inline markers (`*`, `_`, `[`, `]`, `(`, `)`, `` ` ``, `~`, `<`, `>`, `|`) everywhere and
 * the block markers (`#`, `-`, `+`, `>`, `1.`) at a line start (CommonMark 2.4: any ASCII punctuation may be
 * escaped). `{` and `}` are escaped too, so a typed `${x}` can never read as a template expression.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]()~<>|{}]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([#+\-=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/**
 * For text shown verbatim in a TextRun (no markdown there): only breaks `${`, which the card renderer
 * rightly treats as a leftover template expression. A zero-width space keeps it readable. Pure.
 */
export function plainText(text: string): string {
  return text.replace(/\$\{/g, '$\u200b{');
}
