/** The two languages a person reads in this product; the Teams locale decides. */
export type Locale = 'de' | 'en';

/** A text (or any value) in both languages. */
export type Localized<T = string> = Readonly<Record<Locale, T>>;

/**
 * Maps a Teams/BCP 47 locale (`de-DE`, `de-at`, `en-US`, undefined) to our locale. Pure.
 * German for any `de` tag, English otherwise.
 */
export function pickLocale(tag: string | undefined | null): Locale {
  return typeof tag === 'string' && /^de(?:[-_]|$)/i.test(tag.trim()) ? 'de' : 'en';
}

/**
 * Fills `{name}` placeholders. Unknown placeholders stay visible so a missing value is noticed in tests. Pure.
 */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole);
}
