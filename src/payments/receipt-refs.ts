/**
 * Receipt references: how a customer who opened the payment page from a chat
 * (a Telegram deep link) gets their receipt in that chat. The adapter makes a
 * random reference for the chat and puts it in the page URL (`?ref=`); the
 * page hands it back, and the reservation records the chat. The reference is
 * opaque and unguessable, so nobody can route someone else's receipt to
 * themselves, and the page never shows a chat id.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import type { ChatAddress } from '../domain/link.ts';
import type { Store } from '../store/ports.ts';

const RECEIPT_REFS_NAMESPACE = 'receipt-refs';

/** 128 random bits, base64url: 22 characters. */
const REF_BYTES = 16;
const REF_SHAPE = /^[A-Za-z0-9_-]{22}$/;
/** A clash of 128 random bits does not happen; the bound only keeps the loop honest. */
const ATTEMPTS = 3;

export async function createReceiptRef(store: Pick<Store, 'kv'>, address: ChatAddress): Promise<string> {
  const value = JSON.stringify({ channel: address.channel, chatId: address.chatId });
  for (let attempt = 1; ; attempt++) {
    const ref = randomBytes(REF_BYTES).toString('base64url');
    if (await store.kv.setIfAbsent(RECEIPT_REFS_NAMESPACE, ref, value)) return ref;
    if (attempt >= ATTEMPTS) {
      throw new AppError('RECEIPT_REF_FAILED', (w) => w.payments.receiptRefFailed);
    }
  }
}

function isChatAddress(value: unknown): value is ChatAddress {
  if (typeof value !== 'object' || value === null) return false;
  const { channel, chatId } = value as Record<string, unknown>;
  return (channel === 'telegram' || channel === 'whatsapp') && typeof chatId === 'string' && chatId !== '';
}

/** The chat behind a reference; null for anything malformed, unknown or damaged. */
export async function resolveReceiptRef(store: Pick<Store, 'kv'>, ref: string | null): Promise<ChatAddress | null> {
  if (ref === null || !REF_SHAPE.test(ref)) return null;
  const raw = await store.kv.get(RECEIPT_REFS_NAMESPACE, ref);
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isChatAddress(parsed) ? { channel: parsed.channel, chatId: parsed.chatId } : null;
  } catch {
    return null;
  }
}

/** Whether a string could be a reference at all; anything else is not carried through pages. */
export function isReceiptRefShape(ref: string | null): ref is string {
  return ref !== null && REF_SHAPE.test(ref);
}
