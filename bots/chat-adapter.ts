/**
 * What every chat (Telegram, WhatsApp, the console) is to the composition
 * root: its channel, a sender for the outbox worker, and a start and a stop.
 */
import type { Channel } from '../src/domain/channel.ts';
import type { ChannelSender } from '../src/notify/delivery.ts';

export interface ChatAdapter {
  readonly channel: Channel;
  /** Delivers the outbox's notices on this chat's channel. */
  readonly sender: ChannelSender;
  /**
   * Starts taking messages. Resolves once started, or once the first try is
   * over: a chat that cannot connect yet keeps trying in the background
   * until it does or stop() is called, and never fails tagih's start.
   */
  start(): Promise<void>;
  /** Stops taking messages, ends every background task and waits a bounded time for work in progress. */
  stop(): Promise<void>;
}
