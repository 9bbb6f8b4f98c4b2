/**
 * The simulated Midtrans's behaviour in one place, shared by its HTTP routes
 * and its test controls: every status change goes through here and is
 * announced by a signed notification, as Midtrans announces every change
 * (pending included). Tests may hold notifications back, drop them (a
 * delivery Midtrans gave up on) or release them later in any order.
 */
import { randomUUID } from 'node:crypto';
import { signatureFor } from '../signature.ts';
import type { MidtransStatusBody } from '../types.ts';
import { type BodyKind, type Quirks, transactionBody } from './bodies.ts';
import { Ledger, type MoveParams, NOT_FOUND, type SimAction, type SimPayment, type SimStatus, type SimTransaction, SimulatorRefusal } from './ledger.ts';
import type { SimMethod } from './methods.ts';
import type { Delivery, Notifier } from './notifier.ts';
import type { AcceptedSnap } from './snap-validation.ts';

/** `send` posts at once; `hold` keeps the notification for `deliverHeld`; `drop` loses it. */
export type DeliveryMode = 'send' | 'hold' | 'drop';

export interface ActionOptions {
  /** false is `delivery: 'drop'`: the change happens, its notification never arrives. */
  notify?: boolean;
  /** What happens to this change's notification; the simulator's default mode otherwise. */
  delivery?: DeliveryMode;
}

export interface NotifyOptions {
  /** Extra identical copies sent at the same moment (Midtrans's rare duplicates). */
  duplicate?: number;
  /** Sign with the wrong key. */
  badSignature?: boolean;
  /** Describe the transaction as if it were in this status. */
  status?: SimStatus;
}

/** A notification a test held back, with the body as it was when the change happened. */
export interface HeldNotification {
  id: number;
  orderId: string;
  transactionId: string;
  transactionStatus: string;
  body: MidtransStatusBody;
}

export class Engine {
  readonly ledger = new Ledger();
  #mode: DeliveryMode = 'send';
  #held: HeldNotification[] = [];
  #heldIds = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  /**
   * With the real clock, expiries and settlements happen on timers; with a
   * test's clock they happen when the test calls `runDue` (and before any
   * request is answered), so time only moves when the test moves it.
   */
  private readonly serverKey: string;
  private readonly notifier: Notifier;
  readonly clock: () => Date;
  private readonly timers: boolean;
  private readonly quirks: Quirks;
  constructor(serverKey: string, notifier: Notifier, clock: () => Date, timers: boolean, quirks: Quirks = {}) {
    this.serverKey = serverKey;
    this.notifier = notifier;
    this.clock = clock;
    this.timers = timers;
    this.quirks = quirks;
  }

  open(snap: AcceptedSnap, redirectBase: string): SimTransaction {
    const token = randomUUID();
    return this.ledger.open({
      orderId: snap.body.transaction_details.order_id,
      token,
      redirectUrl: `${redirectBase}/snap/v3/redirection/${token}`,
      grossAmount: snap.body.transaction_details.gross_amount,
      request: snap.body,
      createdAt: this.clock(),
      pageExpiresAt: snap.pageExpiresAt,
      payExpiresAt: snap.payExpiresAt,
      payWindowMs: snap.payWindowMs,
      secure: snap.secure,
      methods: snap.methods,
    });
  }

  setDelivery(mode: DeliveryMode): void {
    this.#mode = mode;
  }

  /** The customer picks a method; resolves once the pending notification got its first answer (if sent). */
  choose(tx: SimTransaction, method: SimMethod, options: ActionOptions = {}): Promise<Delivery[]> {
    const created = this.ledger.choose(tx, method, this.clock());
    if (!created) return Promise.resolve([]);
    this.#schedule();
    return this.#announce(tx, tx.payment!, options);
  }

  /** Moves `payment` (the latest attempt when not given) and announces the change. */
  act(tx: SimTransaction, action: SimAction, options: ActionOptions & MoveParams = {}, payment = this.payment(tx)): Promise<Delivery[]> {
    const changed = this.ledger.move(tx, payment, action, this.clock(), options);
    if (!changed) return Promise.resolve([]);
    this.#schedule();
    return this.#announce(tx, payment, options);
  }

  /** Applies every expiry and settlement whose time has come, announcing each. */
  async runDue(): Promise<Delivery[]> {
    // Every move is made before anything is awaited, so nothing can change an attempt between finding it due and moving it.
    const announced = this.ledger.due(this.clock()).map(({ tx, payment, action }) => this.act(tx, action, {}, payment));
    return (await Promise.all(announced)).flat();
  }

  /** The latest attempt of a Snap session; Midtrans has no transaction until a method is chosen. */
  payment(tx: SimTransaction): SimPayment {
    if (tx.payment === null) throw new SimulatorRefusal(`${NOT_FOUND} Order "${tx.orderId}" has no payment method chosen yet.`, 404);
    return tx.payment;
  }

  /** The body Midtrans would send about `payment` now. */
  body(tx: SimTransaction, payment: SimPayment, kind: BodyKind, options: Omit<NotifyOptions, 'duplicate'> = {}): MidtransStatusBody {
    return transactionBody(tx, payment, { kind, serverKey: this.serverKey, now: this.clock(), ...this.quirks, ...options });
  }

  /** (Re)sends the latest attempt's current state, whatever the delivery mode. */
  notify(tx: SimTransaction, options: NotifyOptions = {}): Promise<Delivery[]> {
    const { duplicate = 0, ...shape } = options;
    return this.notifier.send(this.body(tx, this.payment(tx), 'notification', shape), 1 + duplicate);
  }

  /** Posts any body (an unknown order, a malformed one); `sign` adds the signature its fields call for. */
  sendRaw(body: Readonly<Record<string, unknown>>, sign: boolean): Promise<Delivery[]> {
    const { order_id, status_code, gross_amount } = body;
    const signature = sign ? { signature_key: signatureFor(String(order_id), String(status_code), String(gross_amount), this.serverKey) } : {};
    return this.notifier.send({ ...body, ...signature });
  }

  held(): HeldNotification[] {
    return this.#held.map((h) => structuredClone(h));
  }

  /** Sends held notifications in the order of `ids` (all, oldest first, when absent), each after the previous got its answer. */
  async deliverHeld(ids?: readonly number[], options: { duplicate?: number } = {}): Promise<Delivery[]> {
    const chosen = this.#takeHeld(ids);
    const sent: Delivery[] = [];
    for (const held of chosen) sent.push(...(await this.notifier.send(held.body, 1 + (options.duplicate ?? 0))));
    return sent;
  }

  /** Loses held notifications for good, as Midtrans does once its retries run out. */
  dropHeld(ids?: readonly number[]): HeldNotification[] {
    return this.#takeHeld(ids);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #takeHeld(ids: readonly number[] | undefined): HeldNotification[] {
    const wanted = ids ?? this.#held.map((h) => h.id);
    const chosen = wanted.map((id) => {
      const held = this.#held.find((h) => h.id === id);
      if (held === undefined) throw new Error(`no held notification has id ${id}`);
      return held;
    });
    this.#held = this.#held.filter((h) => !chosen.includes(h));
    return chosen;
  }

  #announce(tx: SimTransaction, payment: SimPayment, options: ActionOptions): Promise<Delivery[]> {
    const mode = options.delivery ?? (options.notify === false ? 'drop' : this.#mode);
    if (mode === 'drop') return Promise.resolve([]);
    const body = this.body(tx, payment, 'notification');
    if (mode === 'hold') {
      this.#held.push({ id: ++this.#heldIds, orderId: tx.orderId, transactionId: payment.transactionId, transactionStatus: payment.status, body });
      return Promise.resolve([]);
    }
    return this.notifier.send(body);
  }

  /** One timer, for the earliest expiry or settlement, when the simulator runs on the real clock. */
  #schedule(): void {
    if (!this.timers || this.#closed) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const next = this.ledger.nextDue();
    if (next === null) return;
    // setTimeout's ceiling is about 24.8 days; Snap windows are at most 7.
    const delay = Math.min(2 ** 31 - 1, Math.max(0, next.getTime() - this.clock().getTime()));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.runDue().finally(() => this.#schedule());
    }, delay);
    // A dev tool left running should exit on Ctrl-C without waiting for a week-long window.
    this.#timer.unref();
  }
}
