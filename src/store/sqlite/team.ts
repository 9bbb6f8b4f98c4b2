/** Shops, their staff and invite codes in the embedded database (issue 18). */
import type { Statement } from 'better-sqlite3';
import type { ChatAddress } from '../../domain/link.ts';
import type { Invite, RedeemResult, Shop, ShopNotices, StaffMember, TeamStore } from '../ports.ts';
import { readSafely, type Db, type WriteBatcher } from './database.ts';

interface ShopRow {
  id: string;
  owner_id: string;
  staff_may_refund: number;
  notice_chat: string | null;
  notice_mode: string;
  created_at: number;
}

interface StaffRow {
  user_id: string;
  shop_id: string;
  name: string;
  added_at: number;
}

interface InviteRow {
  code: string;
  shop_id: string;
  expires_at: number;
}

function shopFromRow(row: ShopRow): Shop {
  const chat = row.notice_chat === null ? null : (JSON.parse(row.notice_chat) as ChatAddress);
  return {
    id: row.id,
    ownerId: row.owner_id,
    staffMayRefund: row.staff_may_refund === 1,
    notices: chat === null ? null : { chat, mode: row.notice_mode === 'instead' ? 'instead' : 'also' },
    createdAt: new Date(row.created_at),
  };
}

function staffFromRow(row: StaffRow): StaffMember {
  return { shopId: row.shop_id, userId: row.user_id, name: row.name, addedAt: new Date(row.added_at) };
}

export class SqliteTeam implements TeamStore {
  private readonly sql: {
    shopById: Statement<[string], ShopRow>;
    shopOfOwner: Statement<[string], ShopRow>;
    staffByUser: Statement<[string], StaffRow>;
    insertShop: Statement<{ id: string; ownerId: string; staffMayRefund: number; noticeChat: string | null; noticeMode: string; createdAt: number }>;
    insertInvite: Statement<{ code: string; shopId: string; createdBy: string; createdAt: number; expiresAt: number }>;
    inviteByCode: Statement<[string], InviteRow>;
    deleteInvite: Statement<[string]>;
    insertStaff: Statement<{ userId: string; shopId: string; name: string; addedAt: number }>;
    listStaff: Statement<[string], StaffRow>;
    removeStaff: Statement<[string, string]>;
    updateShop: Statement<{ id: string; staffMayRefund: number; noticeChat: string | null; noticeMode: string }>;
  };

  private readonly writes: WriteBatcher;
  constructor(db: Db, writes: WriteBatcher) {
    this.writes = writes;
    this.sql = {
      shopById: db.prepare('SELECT * FROM shops WHERE id = ?'),
      shopOfOwner: db.prepare('SELECT * FROM shops WHERE owner_id = ?'),
      staffByUser: db.prepare('SELECT * FROM staff WHERE user_id = ?'),
      insertShop: db.prepare(`
        INSERT INTO shops (id, owner_id, staff_may_refund, notice_chat, notice_mode, created_at)
        VALUES (@id, @ownerId, @staffMayRefund, @noticeChat, @noticeMode, @createdAt) ON CONFLICT DO NOTHING`),
      insertInvite: db.prepare('INSERT INTO invites (code, shop_id, created_by, created_at, expires_at) VALUES (@code, @shopId, @createdBy, @createdAt, @expiresAt)'),
      inviteByCode: db.prepare('SELECT code, shop_id, expires_at FROM invites WHERE code = ?'),
      deleteInvite: db.prepare('DELETE FROM invites WHERE code = ?'),
      insertStaff: db.prepare('INSERT INTO staff (user_id, shop_id, name, added_at) VALUES (@userId, @shopId, @name, @addedAt)'),
      listStaff: db.prepare('SELECT * FROM staff WHERE shop_id = ? ORDER BY added_at, user_id'),
      removeStaff: db.prepare('DELETE FROM staff WHERE shop_id = ? AND user_id = ?'),
      updateShop: db.prepare('UPDATE shops SET staff_may_refund = @staffMayRefund, notice_chat = @noticeChat, notice_mode = @noticeMode WHERE id = @id'),
    };
  }

  membership(userId: string): Promise<{ shop: Shop; role: 'owner' | 'staff'; member: StaffMember | null } | null> {
    return readSafely(() => {
      const owned = this.sql.shopOfOwner.get(userId);
      if (owned) return { shop: shopFromRow(owned), role: 'owner' as const, member: null };
      const staff = this.sql.staffByUser.get(userId);
      const shop = staff ? this.sql.shopById.get(staff.shop_id) : undefined;
      return staff && shop ? { shop: shopFromRow(shop), role: 'staff' as const, member: staffFromRow(staff) } : null;
    });
  }

  shop(shopId: string): Promise<Shop | null> {
    return readSafely(() => {
      const row = this.sql.shopById.get(shopId);
      return row ? shopFromRow(row) : null;
    });
  }

  ensureShop(shop: Shop): Promise<Shop> {
    return this.writes.run(() => {
      this.sql.insertShop.run({
        id: shop.id,
        ownerId: shop.ownerId,
        staffMayRefund: shop.staffMayRefund ? 1 : 0,
        noticeChat: shop.notices === null ? null : JSON.stringify(shop.notices.chat),
        noticeMode: shop.notices?.mode ?? 'also',
        createdAt: shop.createdAt.getTime(),
      });
      return shopFromRow(this.sql.shopById.get(shop.id) ?? this.sql.shopOfOwner.get(shop.ownerId)!);
    });
  }

  addInvite(invite: Invite): Promise<void> {
    return this.writes.run(() => {
      this.sql.insertInvite.run({ ...invite, createdAt: invite.createdAt.getTime(), expiresAt: invite.expiresAt.getTime() });
    });
  }

  redeemInvite(code: string, user: { userId: string; name: string }, now: Date): Promise<RedeemResult> {
    return this.writes.run((): RedeemResult => {
      const invite = this.sql.inviteByCode.get(code);
      if (!invite || invite.expires_at <= now.getTime()) return { kind: 'invalid' };
      if (this.sql.shopOfOwner.get(user.userId) || this.sql.staffByUser.get(user.userId)) return { kind: 'member' };
      this.sql.deleteInvite.run(code);
      const member: StaffMember = { shopId: invite.shop_id, userId: user.userId, name: user.name, addedAt: now };
      this.sql.insertStaff.run({ ...member, addedAt: now.getTime() });
      return { kind: 'joined', shop: shopFromRow(this.sql.shopById.get(invite.shop_id)!), member };
    });
  }

  listStaff(shopId: string): Promise<StaffMember[]> {
    return readSafely(() => this.sql.listStaff.all(shopId).map(staffFromRow));
  }

  removeStaff(shopId: string, userId: string): Promise<boolean> {
    return this.writes.run(() => this.sql.removeStaff.run(shopId, userId).changes === 1);
  }

  updateShop(shopId: string, changes: Partial<Pick<Shop, 'staffMayRefund' | 'notices'>>): Promise<Shop | null> {
    return this.writes.run(() => {
      const row = this.sql.shopById.get(shopId);
      if (!row) return null;
      const shop = { ...shopFromRow(row), ...changes };
      const notices: ShopNotices | null = shop.notices;
      this.sql.updateShop.run({
        id: shopId,
        staffMayRefund: shop.staffMayRefund ? 1 : 0,
        noticeChat: notices === null ? null : JSON.stringify(notices.chat),
        noticeMode: notices?.mode ?? 'also',
      });
      return shop;
    });
  }
}
