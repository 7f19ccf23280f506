import { type Locale, format } from '../i18n/locale';

const tooManyRequests = {
  de: 'Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es in {seconds} Sekunden erneut.',
  en: 'Too many requests in a short time. Please try again in {seconds} seconds.',
} as const;

const tooManyRequestsOne = {
  de: 'Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es in 1 Sekunde erneut.',
  en: 'Too many requests in a short time. Please try again in 1 second.',
} as const;

const busy = {
  de: 'Gerade laufen sehr viele Prüfungen. Bitte versuchen Sie es in ein paar Sekunden erneut.',
  en: 'Many checks are running right now. Please try again in a few seconds.',
} as const;

/** Whole seconds to wait, rounded up and at least 1, so "0 seconds" is never shown. Pure. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Number.isFinite(retryAfterMs) ? Math.max(1, Math.ceil(retryAfterMs / 1000)) : 1;
}

/** The refusal when the rate limit says no, in the person's language. Pure. */
export function rateLimitedText(locale: Locale, retryAfterMs: number): string {
  const seconds = retryAfterSeconds(retryAfterMs);
  return seconds === 1 ? tooManyRequestsOne[locale] : format(tooManyRequests[locale], { seconds });
}

/** The refusal when the probe queue is full (concurrency limit), in the person's language. Pure. */
export function probesBusyText(locale: Locale): string {
  return busy[locale];
}
