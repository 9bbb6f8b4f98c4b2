import { orderIdTaken, slugTaken, UNUSED, type ChatAddress, type Link, type LinkUsage, type SlotCounts } from '../../domain/link.ts';
import { offerOf } from '../../domain/link-offer.ts';
import { LinkPage } from '../link-page.ts';
import type { LinkStore, LinkWithUsage, ListLinksQuery } from '../ports.ts';
import type { MongoDb } from './database.ts';
import { duplicateKeyOf } from './errors.ts';
import { linkFromDoc } from './mapping.ts';
import { INDEX, type LinkDoc } from './models.ts';

/** The fields usageOf reads. */
export const USAGE_FIELDS = { seq: 1, paidCount: 1, heldCount: 1, paidTotal: 1, itemsHeld: 1, itemsSold: 1 } as const;

/** Usage from the document's counters, which every order change moves in its own transaction (orders.ts). */
export function usageOf(doc: Pick<LinkDoc, 'seq' | 'paidCount' | 'heldCount' | 'paidTotal' | 'itemsHeld' | 'itemsSold'>): LinkUsage {
  return {
    orders: doc.seq ?? 0,
    paid: doc.paidCount ?? 0,
    paidTotal: doc.paidTotal ?? 0,
    held: doc.heldCount ?? 0,
    itemsHeld: doc.itemsHeld ?? 0,
    itemsSold: doc.itemsSold ?? 0,
  };
}

/** The `$inc` that moves the counters by a change of the slot rule (domain/link.ts slotCountsChange). */
export function countsInc(change: SlotCounts): Record<string, number> {
  return { paidCount: change.paid, heldCount: change.held, paidTotal: change.paidTotal, itemsHeld: change.itemsHeld, itemsSold: change.itemsSold };
}

/**
 * A merchant's next number is their highest plus one, made unique by the
 * (merchantId, number) index: two creates that pick the same number race on
 * the insert, the loser reads again. Each round has a winner, so this bound is
 * only reached under a flood of creates by one merchant.
 */
const NUMBER_ATTEMPTS = 20;

export class MongoLinks implements LinkStore {
  private readonly db: MongoDb;
  constructor(db: MongoDb) {
    this.db = db;
  }

  private get model() {
    return this.db.models.links;
  }

  create(link: Omit<Link, 'number'>): Promise<Link> {
    return this.db.call(async () => {
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
          createdBy: link.createdBy ?? null,
          seq: 0,
          paidCount: 0,
          heldCount: 0,
          paidTotal: 0,
          offer: offerOf(link),
          itemsHeld: 0,
          itemsSold: 0,
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
    return this.db.call(async () => {
      const page = new LinkPage(query);
      // Leaving the loop closes the cursor: only the batches the page needs are read.
      for await (const doc of this.model.find({ merchantId: { $eq: query.merchantId } }).sort({ number: -1 }).lean<LinkDoc>().cursor()) {
        if (!page.offer(linkFromDoc(doc as LinkDoc), usageOf(doc as LinkDoc))) break;
      }
      return { items: page.items, hasMore: page.hasMore };
    });
  }

  usage(linkId: string): Promise<LinkUsage> {
    return this.db.call(async () => {
      const doc = await this.model.findOne({ _id: { $eq: linkId } }, USAGE_FIELDS).lean<LinkDoc | null>();
      return doc ? usageOf(doc) : UNUSED;
    });
  }

  markDeleted(linkId: string, at: Date): Promise<Link | null> {
    return this.db.call(async () => {
      // Only a link not yet deleted takes the time: deleting twice keeps the first.
      const deleted = await this.model
        .findOneAndUpdate({ _id: { $eq: linkId }, deletedAt: null }, { $set: { deletedAt: at } }, { returnDocument: 'after' })
        .lean<LinkDoc | null>();
      const doc = deleted ?? (await this.model.findOne({ _id: { $eq: linkId } }).lean<LinkDoc | null>());
      return doc ? linkFromDoc(doc) : null;
    });
  }

  setRecipient(linkId: string, recipient: ChatAddress): Promise<void> {
    return this.db.call(async () => {
      await this.model.updateOne({ _id: { $eq: linkId } }, { $set: { recipient: { channel: recipient.channel, chatId: recipient.chatId } } });
    });
  }

  private one(filter: Record<string, unknown>): Promise<Link | null> {
    return this.db.call(async () => {
      const doc = await this.model.findOne(filter).lean<LinkDoc | null>();
      return doc ? linkFromDoc(doc) : null;
    });
  }
}
