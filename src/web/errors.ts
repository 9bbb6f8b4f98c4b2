/**
 * What can go wrong on a customer page, each with a stable code, the HTTP
 * status that answers it and the words for the customer (pageErrors in the
 * catalog).
 */
import { AppError } from '../domain/errors.ts';
import type { Catalog, Phrase } from '../text/catalog.ts';

export type WebErrorCode =
  | 'PAGE_NOT_FOUND'
  | 'ORDER_NOT_FOUND'
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'CROSS_SITE_FORM'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

interface Entry {
  status: number;
  words: keyof Catalog['pageErrors'];
}

const CATALOG: Readonly<Record<WebErrorCode, Entry>> = {
  PAGE_NOT_FOUND: { status: 404, words: 'pageNotFound' },
  ORDER_NOT_FOUND: { status: 404, words: 'orderNotFound' },
  BAD_REQUEST: { status: 400, words: 'badRequest' },
  PAYLOAD_TOO_LARGE: { status: 413, words: 'tooLarge' },
  RATE_LIMITED: { status: 429, words: 'rateLimited' },
  CROSS_SITE_FORM: { status: 403, words: 'crossSiteForm' },
  SERVICE_UNAVAILABLE: { status: 503, words: 'unavailable' },
  INTERNAL: { status: 500, words: 'internal' },
};

export class WebError extends AppError<WebErrorCode> {
  readonly status: number;
  /** The page's title, in whichever language the page is. */
  readonly title: Phrase;

  constructor(code: WebErrorCode, details: Readonly<Record<string, unknown>> = {}) {
    const { status, words } = CATALOG[code];
    super(code, (w) => w.pageErrors[words].body, details);
    this.status = status;
    this.title = (w) => w.pageErrors[words].title;
  }
}
