/**
 * WhatsApp's outbound side that can exist before the command runner: the
 * socket open right now (the one home of that fact: the bot's replies and
 * notices go over it too) and /send's number lookup over it. main.ts builds
 * it first and hands `chatFor` to the runner, then builds the WhatsApp bot
 * (whose intake needs the runner) with it; the bot's connection tells it
 * which socket is open as sockets open and close. Loads no Baileys.
 */
import { NumberLookup } from './lookup.ts';
import { systemScheduler, Timers, type Scheduler } from './scheduler.ts';
import type { WaSocket } from './socket.ts';

/** How long a number lookup waits for WhatsApp's answer (the bot's other queries default to the same). */
export const QUERY_TIMEOUT_MS = 15_000;

export interface WhatsAppReachOptions {
  /** Tests pass the fake clock they give the bot. */
  scheduler?: Scheduler;
  queryTimeoutMs?: number;
}

export class WhatsAppReach {
  private open: WaSocket | null = null;
  /** Lookup deadlines; stop() ends them, so none outlives the bot. */
  private readonly timers: Timers;
  private readonly numbers: NumberLookup;

  constructor(options: WhatsAppReachOptions = {}) {
    this.timers = new Timers(options.scheduler ?? systemScheduler);
    this.numbers = new NumberLookup({ socket: () => this.open, timers: this.timers, timeoutMs: options.queryTimeoutMs ?? QUERY_TIMEOUT_MS });
  }

  /** The connection's socket while it is open; null otherwise. */
  get socket(): WaSocket | null {
    return this.open;
  }

  /** Called by the connection whenever its open socket changes (null: none is open). */
  socketChanged(socket: WaSocket | null): void {
    this.open = socket;
  }

  /** For the runner's /send (LinkDelivery.whatsappChatFor): the number's chat, or null when it is not on WhatsApp. */
  chatFor(phone: string): Promise<string | null> {
    return this.numbers.chatFor(phone);
  }

  /** Ends lookups still waiting for WhatsApp (they fail as WHATSAPP_UNAVAILABLE); the bot's stop() calls it. */
  stop(): void {
    this.timers.cancelAll();
  }
}
