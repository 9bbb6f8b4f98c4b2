/**
 * What a link looks like when it is forwarded in a chat: title, description
 * and preview card, in the page's language. A link that cannot be paid says
 * so in all three, so a stale forward does not look payable.
 */
import type { Locale } from '../../domain/locale.ts';
import type { Link, LinkState } from '../../domain/link.ts';
import { formatWib } from '../../domain/time.ts';
import { LinkUnavailableError } from '../../links/link-service.ts';
import { PREVIEW_SHAPES, PREVIEW_SIZES, PREVIEW_TYPE, previewCardInput, previewVersion, type PreviewShape } from '../cards/preview-card.ts';
import { wordsIn } from '../../text/catalog.ts';
import type { PreviewTags } from './layout.ts';
import type { UnavailableState } from './unavailable-page.ts';

export interface LinkPreviewInput {
  /** Null for a slug no link has. */
  link: Link | null;
  state: LinkState | 'unknown';
  locale: Locale;
  merchantName: string;
  /** `PUBLIC_URL`, for the image's absolute URL. */
  publicUrl: string;
  /** The page's own absolute URL. */
  pageUrl: string;
}

/** The file name of each shape's card under `/p/<slug>/`. */
export const PREVIEW_FILES: Readonly<Record<PreviewShape, string>> = { wide: 'preview.png', square: 'preview-square.png' };

/** `/p/<slug>/preview.png` for this version of the card: a link that changes gets a new image URL, so no cache shows the old one. */
function previewImagePath(slug: string, shape: PreviewShape, version: string, locale: Locale): string {
  return `/p/${encodeURIComponent(slug)}/${PREVIEW_FILES[shape]}?${new URLSearchParams({ lang: locale, v: version }).toString()}`;
}

export function linkPreview(input: LinkPreviewInput): PreviewTags {
  const { link, state, locale, merchantName } = input;
  const t = wordsIn(locale).page;
  if (link === null || state === 'unknown') {
    return { title: t.unavailableTitle.unknown, description: new LinkUnavailableError('unknown').say(locale), url: input.pageUrl, images: [] };
  }
  const card = previewCardInput(link, state, locale, merchantName);
  const price = card.price;
  const version = previewVersion(card);
  const images = PREVIEW_SHAPES.map((shape) => ({
    url: `${input.publicUrl}${previewImagePath(link.slug, shape, version, locale)}`,
    ...PREVIEW_SIZES[shape],
    type: PREVIEW_TYPE,
    alt: `${link.itemName} · ${price} · ${merchantName}`,
  }));
  if (state === 'active') {
    const until = link.expiresAt === null ? null : formatWib(link.expiresAt);
    return { title: `${link.itemName} · ${price}`, description: t.previewDescription(merchantName, until), url: input.pageUrl, images };
  }
  const why: UnavailableState = state;
  return {
    title: `${t.unavailableTitle[why]} · ${link.itemName}`,
    description: `${merchantName} · ${new LinkUnavailableError(why).say(locale)}`,
    url: input.pageUrl,
    images,
  };
}
