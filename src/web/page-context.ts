/**
 * What every customer page needs from its request: the language, the frame
 * (merchant name, language switch) and one way to send HTML that is never
 * cached, since pages show live availability and order status.
 */
import type { Request, Response } from 'express';
import { isLocale, otherLocale, type Locale } from '../domain/locale.ts';
import { chooseLocale } from './i18n.ts';
import type { PageFrame } from './pages/layout.ts';

/** Query parameters a page keeps when the customer switches language (Snap's return among them, see return-check.ts). */
const KEPT_PARAMS = ['order', 'ref', 'order_id', 'transaction_status'] as const;

export interface PageContext {
  locale: Locale;
  /** The language the customer picked with `?lang=`, to carry through forms and Snap's return. */
  explicitLocale: Locale | null;
  frame(title: string): PageFrame;
}

export function pageContext(req: Request, merchantName: string, fallback: Locale, simulated = false): PageContext {
  const query: unknown = req.query['lang'];
  const locale = chooseLocale({
    query,
    acceptsLanguages: (...offered) => req.acceptsLanguages(...offered),
    hasAcceptLanguage: req.get('accept-language') !== undefined,
    fallback,
  });
  const switchTo = otherLocale(locale);
  const params = new URLSearchParams();
  for (const name of KEPT_PARAMS) {
    const value: unknown = req.query[name];
    if (typeof value === 'string') params.set(name, value);
  }
  params.set('lang', switchTo);
  // A page answering a POST has the link's own URL, so switching shows the link's page.
  // One leading slash only: browsers read `//host` and `/\host` as another site.
  const path = `${req.baseUrl}${req.path}`.replace(/^[/\\]+/, '/');
  return {
    locale,
    explicitLocale: isLocale(query) ? query : null,
    frame: (title) => ({ locale, title, merchantName, switchHref: `${path}?${params.toString()}`, simulated }),
  };
}

export function sendPage(res: Response, status: number, page: string): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(page);
}
