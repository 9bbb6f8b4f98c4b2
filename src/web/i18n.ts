/**
 * The customer's language (the pages' sentences are in the catalog's `page`
 * section). Customers do not choose a language up front: `?lang=` wins,
 * then a browser that prefers English over Indonesian, then the operator's
 * LOCALE.
 */
import { isLocale, LOCALES, type Locale } from '../domain/locale.ts';

export interface LocaleSources {
  /** `?lang=` as given, if any. */
  query: unknown;
  /** Negotiates among the offered languages, like express's `req.acceptsLanguages`; false when none fits. */
  acceptsLanguages: (...offered: string[]) => string | false;
  hasAcceptLanguage: boolean;
  fallback: Locale;
}

export function chooseLocale({ query, acceptsLanguages, hasAcceptLanguage, fallback }: LocaleSources): Locale {
  if (isLocale(query)) return query;
  if (!hasAcceptLanguage) return fallback;
  // The fallback is offered first so that it wins a tie (e.g. `*`).
  const best = acceptsLanguages(fallback, ...LOCALES.filter((l) => l !== fallback));
  return isLocale(best) ? best : fallback;
}
