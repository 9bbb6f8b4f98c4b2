/**
 * The languages tagih speaks, Indonesian first. Every sentence a person reads
 * exists once per locale, in that locale's catalog (src/text).
 */
export type Locale = 'id' | 'en';
export const LOCALES: readonly Locale[] = ['id', 'en'];

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}

/** The language a page offers to switch to. */
export function otherLocale(locale: Locale): Locale {
  return LOCALES.find((l) => l !== locale) ?? locale;
}
