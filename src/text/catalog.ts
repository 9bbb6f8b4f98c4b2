/**
 * Every sentence a person reads, once per language. `id.ts` is the source of
 * truth for which sentences exist; every other language is typed as a
 * `Catalog`, so a missing translation fails the type-check and a third
 * language is one more file listed below.
 *
 * Code never spells a sentence itself: it picks one from the reader's catalog
 * (`wordsIn(locale).section.key`), or, where the reader is not known yet (an
 * error raised deep in the domain), carries a `Phrase` that picks it later.
 */
import type { Locale } from '../domain/locale.ts';
import { en } from './en.ts';
import { id } from './id.ts';

export type Catalog = typeof id;

/** A sentence not yet in a language: `(w) => w.errors.linkNotFound(ref)`. */
export type Phrase = (words: Catalog) => string;

const CATALOGS: Readonly<Record<Locale, Catalog>> = { id, en };

export function wordsIn(locale: Locale): Catalog {
  return CATALOGS[locale];
}

export function say(phrase: Phrase, locale: Locale): string {
  return phrase(CATALOGS[locale]);
}
