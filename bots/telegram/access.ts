/**
 * Who may run merchant commands. With MERCHANT_TELEGRAM_IDS set, exactly
 * those users. Without it, the bot has one owner: at the first start a
 * one-time setup code is made (in the store, so every process shows the same
 * code), and the first user to send `/start <code>` becomes the owner. The
 * owner is written with set-if-absent, so of two users racing with the code
 * only one wins, and the code is spent after that.
 *
 * Staff (issue 18) run merchant commands too: whoever joined a shop with an
 * owner's invite code (src/team/team.ts), until the owner removes them. What
 * each may do inside the shop is the command runner's permission table.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyValueStore, TeamStore } from '../../src/store/ports.ts';

const NAMESPACE = 'telegram-access';
const SETUP_CODE = 'setup-code';
const OWNER = 'owner';
/** 96 random bits in base64url: 16 characters, a valid deep-link payload. */
const CODE_BYTES = 12;

export class Access {
  private readonly allowed: ReadonlySet<string>;
  /** The owner never changes once set, so a found owner is kept; strangers are looked up each time. */
  private owner: string | null = null;

  private readonly kv: KeyValueStore;
  private readonly team: TeamStore | null;
  constructor(
    kv: KeyValueStore,
    allowedUserIds: readonly string[],
    team: TeamStore | null = null,
  ) {
    this.kv = kv;
    this.allowed = new Set(allowedUserIds);
    this.team = team;
  }

  async isMerchant(userId: string): Promise<boolean> {
    const owner = this.allowed.size > 0 ? this.allowed.has(userId) : (await this.currentOwner()) === userId;
    return owner || (await this.isStaff(userId));
  }

  /** Staff are looked up each time: the owner may remove them at any moment. */
  private async isStaff(userId: string): Promise<boolean> {
    return this.team !== null && (await this.team.membership(`telegram:${userId}`))?.role === 'staff';
  }

  /** The user ids that run merchant commands now: the configured ones, or the owner once there is one. */
  async merchants(): Promise<string[]> {
    if (this.allowed.size > 0) return [...this.allowed];
    const owner = await this.currentOwner();
    return owner === null ? [] : [owner];
  }

  /** The code waiting to be claimed (made now if there is none yet), or null when the bot has its merchants. */
  async pendingSetupCode(): Promise<string | null> {
    if (this.allowed.size > 0 || (await this.currentOwner()) !== null) return null;
    await this.kv.setIfAbsent(NAMESPACE, SETUP_CODE, randomBytes(CODE_BYTES).toString('base64url'));
    return this.kv.get(NAMESPACE, SETUP_CODE);
  }

  /** True when `code` made this user the owner. */
  async claim(userId: string, code: string): Promise<boolean> {
    if (this.allowed.size > 0) return false;
    const stored = await this.kv.get(NAMESPACE, SETUP_CODE);
    if (stored === null || !sameSecret(stored, code)) return false;
    if (!(await this.kv.setIfAbsent(NAMESPACE, OWNER, userId))) return false;
    this.owner = userId;
    await this.kv.compareAndSet(NAMESPACE, SETUP_CODE, stored, null);
    return true;
  }

  private async currentOwner(): Promise<string | null> {
    this.owner ??= await this.kv.get(NAMESPACE, OWNER);
    return this.owner;
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
