import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Names this process in leases (the outbox's, the inbox's, the reconciler's,
 * the WhatsApp account's), so several tagih processes can share one store and
 * an operator reading a lease sees which process and host hold it:
 * `role:host:pid:random`, the random part telling apart two workers of one process.
 */
export function newWorkerId(role: string): string {
  return `${role}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
