import type { Locale } from './locale';

const notAnswering: Readonly<Record<Locale, { read: string; write: string }>> = {
  de: {
    read: 'Der Speicher antwortet gerade nicht; es wurde nichts geändert. Bitte versuchen Sie es in einer Minute erneut.',
    write: 'Der Speicher antwortet gerade nicht; ob Ihre Änderung gespeichert wurde, ist nicht sicher. Bitte prüfen Sie es in einer Minute mit /status.',
  },
  en: {
    read: 'Storage is not answering; nothing was changed. Please try again in a minute.',
    write: 'Storage is not answering; I cannot tell whether your change was saved. Please check with /status in a minute.',
  },
};

/**
 * What a turn answers when a store call missed its deadline: "nothing was changed" only when the call that timed
 * out could not write (a read); after a write that may still land, it says that it cannot tell. Pure.
 */
export function storeTimeoutText(locale: Locale, mayHaveWritten: boolean): string {
  return mayHaveWritten ? notAnswering[locale].write : notAnswering[locale].read;
}
