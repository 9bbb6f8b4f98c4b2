/**
 * The simulated Midtrans's behaviour in one place, shared by its HTTP routes
 * and its test controls: every status change goes through here and is
 * announced by a signed notification, as Midtrans announces them.
 */
import { randomUUID } from 'node:crypto';
import { signatureFor } from '../signature.ts';
import type { MidtransStatusBody } from '../types.ts';
import { type BodyKind, transactionBody } from './bodies.ts';
import { Ledger, type SimAction, type SimPayment, type SimStatus, type SimTransaction, SimulatorRefusal } from './ledger.ts';
import type { SimMethod } from './methods.ts';
import type { Delivery, Notifier } from './notifier.ts';
import type { AcceptedSnap } from './snap-validation.ts';

export interface ActionOptions {
  /** Send the notification for this change (default true); false to deliver it later, e.g. out of order. */
  notify?: boolean;
}

export interface NotifyOptions {
  /** Extra identical copies sent at the same moment (Midtrans's rare duplicates). */
  duplicate?: number;
  /** Sign with the wrong key. */
  badSignature?: boolean;
  /** Describe the transaction as if it were in this status. */
  status?: SimStatus;
}

export class Engine {
  readonly ledger: Ledger;

  private readonly serverKey: string;
  private readonly notifier: Notifier;
  constructor(
    serverKey: string,
    notifier: Notifier,
  ) {
    this.serverKey = serverKey;
    this.notifier = notifier;
    this.ledger = new Ledger((tx) => void this.#announce(tx, {}));
  }

  open(snap: AcceptedSnap, redirectBase: string, now: Date): SimTransaction {
    const token = randomUUID();
    return this.ledger.open({
      orderId: snap.body.transaction_details.order_id,
      token,
      redirectUrl: `${redirectBase}/snap/v3/redirection/${token}`,
      grossAmount: snap.body.transaction_details.gross_amount,
      request: snap.body,
      createdAt: now,
      pageExpiresAt: snap.pageExpiresAt,
      payExpiresAt: snap.payExpiresAt,
    });
  }

  /** The customer picks a method; resolves once the pending notification got its first answer. */
  choose(tx: SimTransaction, method: SimMethod, options: ActionOptions = {}): Promise<Delivery[]> {
    const created = this.ledger.choose(tx, method, new Date());
    return created ? this.#announce(tx, options) : Promise.resolve([]);
  }

  act(tx: SimTransaction, action: SimAction, options: ActionOptions = {}): Promise<Delivery[]> {
    this.ledger.move(tx, action, new Date());
    return this.#announce(tx, options);
  }

  /** The transaction behind a Snap session; Midtrans has none until a method is chosen. */
  payment(tx: SimTransaction): SimPayment {
    if (tx.payment === null) throw new SimulatorRefusal(`Transaction doesn't exist: order "${tx.orderId}" has no payment method chosen yet.`, 404);
    return tx.payment;
  }

  /** The body Midtrans would send about `tx` now. */
  body(tx: SimTransaction, kind: BodyKind, options: Omit<NotifyOptions, 'duplicate'> = {}): MidtransStatusBody {
    return transactionBody(tx, this.payment(tx), { kind, serverKey: this.serverKey, now: new Date(), ...options });
  }

  notify(tx: SimTransaction, options: NotifyOptions = {}): Promise<Delivery[]> {
    const { duplicate = 0, ...shape } = options;
    return this.notifier.send(this.body(tx, 'notification', shape), 1 + duplicate);
  }

  /** Posts any body (an unknown order, a malformed one); `sign` adds the signature its fields call for. */
  sendRaw(body: Readonly<Record<string, unknown>>, sign: boolean): Promise<Delivery[]> {
    const { order_id, status_code, gross_amount } = body;
    const signature = sign ? { signature_key: signatureFor(String(order_id), String(status_code), String(gross_amount), this.serverKey) } : {};
    return this.notifier.send({ ...body, ...signature });
  }

  #announce(tx: SimTransaction, options: ActionOptions): Promise<Delivery[]> {
    return options.notify === false ? Promise.resolve([]) : this.notify(tx);
  }
}
