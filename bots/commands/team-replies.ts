/** What /staff, /notif and an invite code answer (issue 18). */
import type { Locale } from '../../src/domain/locale.ts';
import type { OutgoingMessage } from '../../src/notify/message.ts';
import type { Invite, RedeemResult, Shop, StaffMember } from '../../src/store/ports.ts';
import { INVITE_LIFETIME_MS } from '../../src/team/team.ts';
import { wordsIn } from '../../src/text/catalog.ts';

const text = (line: string): OutgoingMessage => ({ text: line, actions: [] });

export function notAllowed(locale: Locale): OutgoingMessage {
  return text(wordsIn(locale).team.notAllowed);
}

/** The code to pass on, and on Telegram the deep link that sends it with one tap. */
export function inviteMade(invite: Invite, deepLink: string | null, locale: Locale): OutgoingMessage {
  const w = wordsIn(locale).team;
  const lines = [w.inviteMade(invite.code, Math.round(INVITE_LIFETIME_MS / 3_600_000)), ...(deepLink === null ? [] : [w.inviteLink(deepLink)])];
  return text(lines.join('\n'));
}

export function staffList(shop: Shop, staff: readonly StaffMember[], locale: Locale): OutgoingMessage {
  const w = wordsIn(locale).team;
  const people = staff.length === 0 ? [w.noStaff] : [w.staffList(staff.length), ...staff.map((m) => w.staffLine(m.name))];
  return text([...people, w.refundsByStaff(shop.staffMayRefund)].join('\n'));
}

export function staffRemoved(member: StaffMember, locale: Locale): OutgoingMessage {
  return text(wordsIn(locale).team.removed(member.name));
}

export function nameMissing(locale: Locale): OutgoingMessage {
  return text(wordsIn(locale).team.nameMissing);
}

export function refundsAllowed(allowed: boolean, locale: Locale): OutgoingMessage {
  const w = wordsIn(locale).team;
  return text(allowed ? w.refundsAllowed : w.refundsDisallowed);
}

export function joined(result: RedeemResult, locale: Locale): OutgoingMessage {
  const w = wordsIn(locale).team;
  if (result.kind === 'joined') return text(w.joined(result.member.name));
  return text(result.kind === 'member' ? w.joinMember : w.joinInvalid);
}

export function noticesSet(mode: 'also' | 'instead' | 'off', locale: Locale): OutgoingMessage {
  const w = wordsIn(locale).team;
  return text(mode === 'also' ? w.noticesAlso : mode === 'instead' ? w.noticesInstead : w.noticesOff);
}

export function noticesNotHere(locale: Locale): OutgoingMessage {
  return text(wordsIn(locale).team.noticesNotHere);
}
