/**
 * A shop's team (issue 18): who the person typing is (owner or staff of which
 * shop), invite codes that make someone staff, and the owner's settings.
 *
 * A merchant who belongs to no shop yet owns one whose id is their own user
 * id: the first merchant of an install (setup code or MERCHANT_TELEGRAM_IDS),
 * and every merchant of an install from before teams, whose links already
 * carry that id as their merchantId. Who may be a merchant at all is the chat
 * adapter's access layer's decision; this only says which shop and which role.
 */
import { randomBytes } from 'node:crypto';
import { NotFoundError, ValidationError } from '../domain/errors.ts';
import type { Invite, RedeemResult, Shop, ShopNotices, StaffMember, TeamStore } from '../store/ports.ts';

export type Role = 'owner' | 'staff';

/** The person behind a chat turn, resolved once per turn. */
export interface Actor {
  /** Their own user id (`telegram:200`): preferences and conversations are theirs. */
  userId: string;
  /** The shop whose links they work on: where a merchant id went before teams. */
  shopId: string;
  role: Role;
  name: string;
  shop: Shop;
}

export type TeamErrorCode = 'STAFF_NOT_FOUND' | 'STAFF_NAME_AMBIGUOUS';

/** How long an invite code can be used: a day, long enough to pass it on by hand. */
export const INVITE_LIFETIME_MS = 24 * 60 * 60_000;
/** 96 random bits in base64url: 16 characters, a valid Telegram deep-link payload (`[A-Za-z0-9_-]{1,64}`). */
const CODE_BYTES = 12;

/** An invite is told apart from a link's slug or a setup code by this prefix, so `/start` knows what it got. */
export const INVITE_PREFIX = 'tim_';

export function isInviteCode(payload: string): boolean {
  return payload.startsWith(INVITE_PREFIX);
}

export interface TeamOptions {
  store: TeamStore;
  clock?: () => Date;
}

export class Team {
  private readonly store: TeamStore;
  private readonly clock: () => Date;
  constructor(options: TeamOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
  }

  /** Who `userId` is: owner or staff of their shop; a merchant of no shop gets their own. */
  async actor(userId: string, name: string): Promise<Actor> {
    const found = await this.store.membership(userId);
    if (found !== null) return { userId, shopId: found.shop.id, role: found.role, name: found.member?.name ?? name, shop: found.shop };
    const shop = await this.store.ensureShop({ id: userId, ownerId: userId, staffMayRefund: false, notices: null, createdAt: this.clock() });
    return { userId, shopId: shop.id, role: shop.ownerId === userId ? 'owner' : 'staff', name, shop };
  }

  /** Whether `userId` is staff of some shop (the access layer lets them in as a merchant). */
  async isStaff(userId: string): Promise<boolean> {
    return (await this.store.membership(userId))?.role === 'staff';
  }

  /** A fresh one-time code for the owner's shop. */
  async invite(owner: Actor): Promise<Invite> {
    const now = this.clock();
    const invite: Invite = {
      code: `${INVITE_PREFIX}${randomBytes(CODE_BYTES).toString('base64url')}`,
      shopId: owner.shopId,
      createdBy: owner.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS),
    };
    await this.store.addInvite(invite);
    return invite;
  }

  join(userId: string, name: string, code: string): Promise<RedeemResult> {
    return this.store.redeemInvite(code, { userId, name }, this.clock());
  }

  staff(actor: Actor): Promise<StaffMember[]> {
    return this.store.listStaff(actor.shopId);
  }

  /** Removes the staff member called `name` (case and spacing aside); refuses a name that fits none or several. */
  async remove(owner: Actor, name: string): Promise<StaffMember> {
    const wanted = normalName(name);
    const matches = (await this.store.listStaff(owner.shopId)).filter((m) => normalName(m.name) === wanted);
    const [only] = matches;
    if (only === undefined) throw new NotFoundError<TeamErrorCode>('STAFF_NOT_FOUND', (w) => w.team.staffNotFound(name.slice(0, 60)));
    if (matches.length > 1) throw new ValidationError<TeamErrorCode>('STAFF_NAME_AMBIGUOUS', (w) => w.team.staffAmbiguous(only.name));
    await this.store.removeStaff(owner.shopId, only.userId);
    return only;
  }

  async allowRefunds(owner: Actor, allowed: boolean): Promise<void> {
    await this.store.updateShop(owner.shopId, { staffMayRefund: allowed });
  }

  async setNotices(owner: Actor, notices: ShopNotices | null): Promise<void> {
    await this.store.updateShop(owner.shopId, { notices });
  }
}

function normalName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}
