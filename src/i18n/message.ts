/**
 * Messages as data: a code and its parameters, stored and passed around instead of prose, and rendered in one
 * language at the edge (cards, CLI, proactive messages) from the catalogs in `catalog/`. A catalog text can be
 * changed without touching stored data. Pure.
 */
import { CATALOG, type MessageCode } from './catalog';
import { format, type Locale } from './locale';

export type { MessageCode } from './catalog';

/** A list of messages rendered one after the other, joined by `separator` (default one space). */
export interface MessageList {
  readonly list: readonly Message[];
  readonly separator?: string;
}

/** A parameter: plain text (a domain, a host, a record) or number, or a message rendered in the same language. */
export type MessageParam = string | number | Message | MessageList;

export interface Message {
  readonly code: MessageCode;
  readonly params?: Readonly<Record<string, MessageParam>>;
}

/** Builds a message; `params` are copied as given. Pure. */
export function msg(code: MessageCode, params?: Readonly<Record<string, MessageParam>>): Message {
  return params === undefined ? { code } : { code, params };
}

/** Sentences (or list items) rendered in order. Pure. */
export function msgList(list: readonly Message[], separator?: string): MessageList {
  return separator === undefined ? { list } : { list, separator };
}

/** One message made of several sentences (`probe.sentences`), rendered joined by spaces. Pure. */
export function sentences(list: readonly Message[]): Message {
  return list.length === 1 ? list[0]! : msg('text.sentences', { list: msgList(list) });
}

/** true for a value shaped like a Message whose code is in the catalog (stored data is checked with this). Pure. */
export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string'
    && Object.prototype.hasOwnProperty.call(CATALOG, (value as { code: string }).code);
}

function renderParam(value: MessageParam, locale: Locale): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if ('list' in value) return value.list.map((m) => text(m, locale)).join(value.separator ?? ' ');
  return text(value, locale);
}

/**
 * The message in one language: the catalog template for its code, placeholders filled by `format` (nested
 * messages rendered in the same language first). An unknown code renders as the code itself, so a gap is visible.
 * Pure; never throws.
 */
export function text(message: Message, locale: Locale): string {
  const entry = (CATALOG as Readonly<Record<string, { de: string; en: string } | undefined>>)[message.code];
  if (entry === undefined) return message.code;
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(message.params ?? {})) values[key] = renderParam(value, locale);
  return format(entry[locale], values);
}

/** The message in both languages (for callers that still hand both on). Pure. */
export function textBoth(message: Message): { de: string; en: string } {
  return { de: text(message, 'de'), en: text(message, 'en') };
}
