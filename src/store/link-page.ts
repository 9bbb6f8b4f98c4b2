/**
 * One page of a merchant's links, newest first. Both stores hand their links
 * over one by one in that order; `linkState` alone decides which are active,
 * so the listing can never disagree with the state a link shows elsewhere.
 */
import { linkState, type Link, type LinkUsage } from '../domain/link.ts';
import type { LinkWithUsage, ListLinksQuery } from './ports.ts';

export class LinkPage {
  readonly items: LinkWithUsage[] = [];
  /** Whether another page follows: known once one link more than the page holds was offered. */
  hasMore = false;
  private skipped = 0;

  private readonly query: ListLinksQuery;

  constructor(query: ListLinksQuery) {

    this.query = query;

  }

  /** Takes the next link; false once the page is complete and no more are needed. */
  offer(link: Link, usage: LinkUsage): boolean {
    const state = linkState(link, usage, this.query.now);
    if (this.query.activeOnly && state !== 'active') return true;
    if (this.skipped < this.query.offset) {
      this.skipped++;
      return true;
    }
    if (this.items.length === this.query.limit) {
      this.hasMore = true;
      return false;
    }
    this.items.push({ link, usage, state });
    return true;
  }
}
