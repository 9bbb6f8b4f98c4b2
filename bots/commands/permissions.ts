/**
 * Who in a shop may run what (issue 18), in one table. Staff make and share
 * links and see orders; what moves money back, removes links, changes the
 * team or where notices go is the owner's, unless the owner allowed staff
 * (`/staff izin refund`, the one permission an owner can hand out).
 */
import type { Role } from '../../src/team/team.ts';
import type { Shop } from '../../src/store/ports.ts';
import type { Command, CommandKind } from './command.ts';

/** `team`: owner and staff; `owner`: the owner only; `refund`: the owner, and staff when the owner allowed it. */
export type Rule = 'team' | 'owner' | 'refund';

/** `staff` is split: anyone in the team may see it, only the owner changes it. */
export type Permission = Exclude<CommandKind, 'staff'> | 'staff.list' | 'staff.change';

export const PERMISSIONS: Readonly<Record<Permission, Rule>> = {
  newlink: 'team',
  links: 'team',
  link: 'team',
  qr: 'team',
  send: 'team',
  help: 'team',
  start: 'team',
  lang: 'team',
  cancel: 'team',
  'staff.list': 'team',
  // Takings and exports are the shop's orders, which staff see; the daily summary is a notice setting.
  report: 'team',
  export: 'team',
  dailySummary: 'owner',
  delete: 'owner',
  approve: 'owner',
  deny: 'owner',
  'staff.change': 'owner',
  notif: 'owner',
  refund: 'refund',
};

export function permissionOf(command: Command): Permission {
  if (command.kind === 'staff') return command.action === 'list' ? 'staff.list' : 'staff.change';
  return command.kind;
}

export function mayRun(command: Command, role: Role, shop: Pick<Shop, 'staffMayRefund'>): boolean {
  const rule = PERMISSIONS[permissionOf(command)];
  return role === 'owner' || rule === 'team' || (rule === 'refund' && shop.staffMayRefund);
}
