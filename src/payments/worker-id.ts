import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** Names this process in leases, so several tagih processes can share one store. */
export function newWorkerId(role: string): string {
  return `${role}:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
