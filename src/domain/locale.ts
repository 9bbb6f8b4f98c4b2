/**
 * The languages tagih speaks, Indonesian first. Every sentence a person reads
 * exists once per locale; `Text` is that sentence.
 */
export type Locale = 'id' | 'en';
export const LOCALES: readonly Locale[] = ['id', 'en'];

/** The same sentence in every supported language. */
export type Text = Readonly<Record<Locale, string>>;
