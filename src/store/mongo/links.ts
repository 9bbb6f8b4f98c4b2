import { linkState, orderIdTaken, slugTaken, UNUSED, type ChatAddress, type Link, type LinkUsage } from '../../domain/link.ts';
import type { LinkStore, LinkWithUsage, ListLinksQuery } from '../ports.ts';
import type { MongoContext } from './context.ts';
import { duplicateKeyOf } from './errors.ts';
import { activeLinksFilter, usageOf } from './ledger.ts';
import { linkFromDoc } from './mapping.ts';
import { INDEX, type LinkDoc } from './models.ts';

/**
 * A merchant's next number is their highest plus one, made unique by the
 * (merchantId, number) index: two creates that pick the same number race on
 * the insert, the loser reads again. Each round has a winner, so this bound is
 * only reached under a flood of creates by one merchant.
 */
const NUMBER_ATTEMPTS = 20;

export class MongoLinks implements LinkStore {
  private readonly ctx: MongoContext;
  constructor(ctx: MongoContext) {
    this.ctx = ctx;
  }

  private get model() {
    return this.ctx.models.links;
  }

  create(link: Omit<Link, 'number'>): Promise<Link> {
    return this.ctx.call(async () => {
      for (let attempt = 1; ; attempt++) {
        const last = await this.model
          .findOne({ merchantId: { $eq: link.merchantId } }, { number: 1 })
          .sort({ number: -1 })
          .lean<Pick<LinkDoc, 'number'> | null>();
        const number = (last?.number ?? 0) + 1;
        const doc: LinkDoc = {
          _id: link.id,
          merchantId: link.merchantId,
          number,
          orderId: link.orderId,
          slug: link.slug,
          itemName: link.itemName,
          price: link.price,
          usageLimit: link.usageLimit,
          customer: link.customer,
          expiresAt: link.expiresAt,
          createdVia: link.createdVia,
          notifyChatId: link.notifyChatId,
          recipient: link.recipient,
          createdAt: link.createdAt,
          deletedAt: link.deletedAt,
          seq: 0,
          paidCount: 0,
          paidTotal: 0,
          holds: [],
          applied: [],
        };
        try {
          // One insert: a refused link writes nothing.
          await this.model.insertOne(doc);
          return { ...link, number };
        } catch (err) {
          const duplicate = duplicateKeyOf(err);
          if (!duplicate) throw err;
          const on = (index: string, field: string) => duplicate.index === index || duplicate.fields.includes(field);
          if (on(INDEX.linkSlug, 'slug')) throw slugTaken(link.slug);
          if (on(INDEX.linkOrderId, 'orderId')) throw orderIdTaken(link.orderId);
          if (!on(INDEX.linkNumber, 'number') || attempt >= NUMBER_ATTEMPTS) throw err;
        }
      }
    });
  }

  byId(id: string): Promise<Link | null> {
    return this.one({ _id: { $eq: id } });
  }

  bySlug(slug: string): Promise<Link | null> {
    return this.one({ slug: { $eq: slug } });
  }

  byOrderId(orderId: string): Promise<Link | null> {
    return this.one({ orderId: { $eq: orderId } });
  }

  byNumber(merchantId: string, number: number): Promise<Link | null> {
    return this.one({ merchantId: { $eq: merchantId }, number: { $eq: number } });
  }

  list(query: ListLinksQuery): Promise<{ items: LinkWithUsage[]; hasMore: boolean }> {
    return this.ctx.call(async () => {
      const filter = query.activeOnly ? activeLinksFilter(query.merchantId, query.now) : { merchantId: { $eq: query.merchantId } };
      // One document more than asked tells whether there is a next page without counting them all.
      const docs = await this.model
        .find(filter)
        .sort({ number: -1 })
        .skip(query.offset)
        .limit(query.limit + 1)
        .lean<LinkDoc[]>();
      return {
        items: docs.slice(0, query.limit).map((doc) => withUsage(doc, query.now)),
        hasMore: docs.length > query.limit,
      };
    });
  }

  usage(linkId: string, now: Date): Promise<LinkUsage> {
    return this.ctx.call(async () => {
      const doc = await this.model
        .findOne({ _id: { $eq: linkId } }, { seq: 1, paidCount: 1, paidTotal: 1, holds: 1 })
        .lean<LinkDoc | null>();
      return doc ? usageOf(doc, now) : UNUSED;
    });
  }

  markDeleted(linkId: string, at: Date): Promise<Link | null> {
    return this.ctx.call(async () => {
      // Only a link not yet deleted takes the time: deleting twice keeps the first.
      const deleted = await this.model
        .findOneAndUpdate({ _id: { $eq: linkId }, deletedAt: null }, { $set: { deletedAt: at } }, { returnDocument: 'after' })
        .lean<LinkDoc | null>();
      const doc = deleted ?? (await this.model.findOne({ _id: { $eq: linkId } }).lean<LinkDoc | null>());
      return doc ? linkFromDoc(doc) : null;
    });
  }

  setRecipient(linkId: string, recipient: ChatAddress): Promise<void> {
    return this.ctx.call(async () => {
      await this.model.updateOne({ _id: { $eq: linkId } }, { $set: { recipient: { channel: recipient.channel, chatId: recipient.chatId } } });
    });
  }

  private one(filter: Record<string, unknown>): Promise<Link | null> {
    return this.ctx.call(async () => {
      const doc = await this.model.findOne(filter).lean<LinkDoc | null>();
      return doc ? linkFromDoc(doc) : null;
    });
  }
}

function withUsage(doc: LinkDoc, now: Date): LinkWithUsage {
  const link = linkFromDoc(doc);
  const usage = usageOf(doc, now);
  return { link, usage, state: linkState(link, usage, now) };
}
