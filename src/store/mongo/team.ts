/** Shops, their staff and invite codes in MongoDB (issue 18), as sqlite/team.ts keeps them. */
import type { Invite, RedeemResult, Shop, StaffMember, TeamStore } from '../ports.ts';
import type { MongoDb } from './database.ts';
import { duplicateKeyOf } from './errors.ts';
import type { ShopDoc, StaffDoc } from './models.ts';

function shopFromDoc(doc: ShopDoc): Shop {
  return { id: doc._id, ownerId: doc.ownerId, staffMayRefund: doc.staffMayRefund === true, notices: doc.notices ?? null, createdAt: doc.createdAt };
}

function staffFromDoc(doc: StaffDoc): StaffMember {
  return { shopId: doc.shopId, userId: doc._id, name: doc.name, addedAt: doc.addedAt };
}

export class MongoTeam implements TeamStore {
  private readonly db: MongoDb;
  constructor(db: MongoDb) {
    this.db = db;
  }

  membership(userId: string): Promise<{ shop: Shop; role: 'owner' | 'staff'; member: StaffMember | null } | null> {
    const { shops, staff } = this.db.models;
    return this.db.call(async () => {
      const owned = await shops.findOne({ ownerId: { $eq: userId } }).lean<ShopDoc | null>();
      if (owned) return { shop: shopFromDoc(owned), role: 'owner' as const, member: null };
      const member = await staff.findById(userId).lean<StaffDoc | null>();
      const shop = member ? await shops.findById(member.shopId).lean<ShopDoc | null>() : null;
      return member && shop ? { shop: shopFromDoc(shop), role: 'staff' as const, member: staffFromDoc(member) } : null;
    });
  }

  shop(shopId: string): Promise<Shop | null> {
    const { shops } = this.db.models;
    return this.db.call(async () => {
      const doc = await shops.findById(shopId).lean<ShopDoc | null>();
      return doc ? shopFromDoc(doc) : null;
    });
  }

  ensureShop(shop: Shop): Promise<Shop> {
    const { shops } = this.db.models;
    return this.db.call(async () => {
      try {
        await shops.insertOne({ _id: shop.id, ownerId: shop.ownerId, staffMayRefund: shop.staffMayRefund, notices: shop.notices, createdAt: shop.createdAt });
      } catch (err) {
        if (!duplicateKeyOf(err)) throw err;
      }
      const stored = await shops.findOne({ $or: [{ _id: { $eq: shop.id } }, { ownerId: { $eq: shop.ownerId } }] }).lean<ShopDoc | null>();
      return shopFromDoc(stored!);
    });
  }

  addInvite(invite: Invite): Promise<void> {
    const { invites } = this.db.models;
    return this.db.call(async () => {
      await invites.insertOne({ _id: invite.code, shopId: invite.shopId, createdBy: invite.createdBy, createdAt: invite.createdAt, expiresAt: invite.expiresAt });
    });
  }

  /** One transaction: the invite's delete and the staff insert conflict with a racing redeem, which then finds no invite. */
  redeemInvite(code: string, user: { userId: string; name: string }, now: Date): Promise<RedeemResult> {
    const { invites, shops, staff } = this.db.models;
    return this.db.transaction(async (session): Promise<RedeemResult> => {
      const invite = await invites.findById(code).session(session).lean();
      if (!invite || invite.expiresAt.getTime() <= now.getTime()) return { kind: 'invalid' };
      const owns = await shops.exists({ ownerId: { $eq: user.userId } }).session(session);
      const works = await staff.exists({ _id: { $eq: user.userId } }).session(session);
      if (owns || works) return { kind: 'member' };
      await invites.deleteOne({ _id: { $eq: code } }, { session });
      await staff.insertMany([{ _id: user.userId, shopId: invite.shopId, name: user.name, addedAt: now }], { session });
      const shop = await shops.findById(invite.shopId).session(session).lean<ShopDoc | null>();
      return { kind: 'joined', shop: shopFromDoc(shop!), member: { shopId: invite.shopId, userId: user.userId, name: user.name, addedAt: now } };
    });
  }

  listStaff(shopId: string): Promise<StaffMember[]> {
    const { staff } = this.db.models;
    return this.db.call(async () => (await staff.find({ shopId: { $eq: shopId } }).sort({ addedAt: 1, _id: 1 }).lean<StaffDoc[]>()).map(staffFromDoc));
  }

  removeStaff(shopId: string, userId: string): Promise<boolean> {
    const { staff } = this.db.models;
    return this.db.call(async () => (await staff.deleteOne({ _id: { $eq: userId }, shopId: { $eq: shopId } })).deletedCount === 1);
  }

  updateShop(shopId: string, changes: Partial<Pick<Shop, 'staffMayRefund' | 'notices'>>): Promise<Shop | null> {
    const { shops } = this.db.models;
    return this.db.call(async () => {
      const set: Partial<Pick<ShopDoc, 'staffMayRefund' | 'notices'>> = {};
      if (changes.staffMayRefund !== undefined) set.staffMayRefund = changes.staffMayRefund;
      if (changes.notices !== undefined) set.notices = changes.notices;
      const doc = await shops.findOneAndUpdate({ _id: { $eq: shopId } }, { $set: set }, { new: true }).lean<ShopDoc | null>();
      return doc ? shopFromDoc(doc) : null;
    });
  }
}
