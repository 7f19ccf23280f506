/**
 * Every text of the product, one catalog per area, each a typed map code → { de, en } template with `{name}`
 * placeholders (filled by `format` in ../locale.ts through `text` in ../message.ts). German in one register
 * ("Sie") with the German Microsoft admin centers' terms; test/i18n/catalog.test.ts checks both.
 */
import { PROBES } from './probes';

export const CATALOG = {
  ...PROBES,
} as const;

export type MessageCode = keyof typeof CATALOG;

/** The area catalogs by name, for the checks over every text. */
export const CATALOGS = { probes: PROBES } as const;
