/**
 * A link that cannot be paid now: expired, sold out, deleted or unknown, each
 * with its own words and HTTP status.
 */
import type { LinkState, LinkUsage, Link } from '../../domain/link.ts';
import { LinkUnavailableError } from '../../links/link-service.ts';
import { html } from '../html.ts';
import { wordsIn } from '../../text/catalog.ts';
import { layout, type PageFrame } from './layout.ts';
import { itemSummary, statusMark } from './parts.ts';

export type UnavailableState = Exclude<LinkState, 'active'> | 'unknown';

/**
 * Expired and deleted links never come back: 410 Gone. A sold-out link is
 * 409 Conflict rather than 410, because it is a state that can change: a slot
 * held by a customer who abandons the Snap page is released when the
 * reservation lapses, and the same URL then works again.
 */
export const UNAVAILABLE_STATUS: Readonly<Record<UnavailableState, number>> = {
  expired: 410,
  deleted: 410,
  sold_out: 409,
  unknown: 404,
};

export function renderUnavailablePage(
  frame: PageFrame,
  state: UnavailableState,
  found: { link: Link; usage: LinkUsage } | null,
): string {
  const t = wordsIn(frame.locale).page;
  const heldNote = state === 'sold_out' && found !== null && found.usage.held > 0 ? html`<p class="muted">${t.slotsHeld}</p>` : null;
  return layout(
    frame,
    html`${found === null ? null : html`<section class="card">${itemSummary(found.link, wordsIn(frame.locale))}</section>`}
<section class="card status" id="state" data-state="${state}">
${statusMark('alert', 'bad')}
<h1>${t.unavailableTitle[state]}</h1>
<p>${new LinkUnavailableError(state).say(frame.locale)}</p>
${heldNote}
</section>`,
  );
}
