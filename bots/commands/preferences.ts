/**
 * What each merchant chose for themselves (today: their language), kept in
 * the store so every process and every restart sees the same choice.
 */
import { LOCALES, type Locale } from '../../src/domain/locale.ts';
import type { KeyValueStore } from '../../src/store/ports.ts';

const NAMESPACE = 'prefs';

export class Preferences {
  private readonly kv: KeyValueStore;
  readonly defaultLocale: Locale;
  constructor(
    kv: KeyValueStore,
    /** LOCALE from the configuration, for merchants who never chose. */
    defaultLocale: Locale,
  ) {
    this.kv = kv;
    this.defaultLocale = defaultLocale;
  }

  async locale(merchantId: string | null): Promise<Locale> {
    if (merchantId === null) return this.defaultLocale;
    const stored = await this.kv.get(NAMESPACE, `locale:${merchantId}`);
    return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : this.defaultLocale;
  }

  async setLocale(merchantId: string, locale: Locale): Promise<void> {
    await this.kv.setMany(NAMESPACE, [{ key: `locale:${merchantId}`, value: locale }]);
  }
}
