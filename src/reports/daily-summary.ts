/**
 * The daily summary (`/ringkasan 21:00`, `/ringkasan off`; off by default):
 * each merchant who asked for it gets the takings of the WIB day so far, once
 * a day at or after their time, in the chat they asked from.
 *
 * Exactly once per merchant and day however many processes run and however
 * often they look: the notice is queued under the outbox key of that merchant
 * and day (outbox-keys.ts dailySummaryKey), which the store refuses a second
 * time, and delivered by the outbox like every notice (paced, retried). A
 * process that was down at the time queues it when it starts, if it is still
 * the same day; a later day's summary is never sent for a day gone by.
 */
import type { Logger } from 'pino';
import type { Channel } from '../domain/channel.ts';
import { ValidationError } from '../domain/errors.ts';
import { formatWibDay, startOfDayWib, wibDateOf } from '../domain/time.ts';
import { dailySummaryKey } from '../notify/outbox-keys.ts';
import type { KeyValueStore, OrderStore, OutboxStore } from '../store/ports.ts';
import type { Period } from './period.ts';
import { readTakings } from './takings.ts';
import { takingsSummary } from './takings-text.ts';

export type SummaryTimeErrorCode = 'SUMMARY_TIME_INVALID';

/** A time of day in WIB. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** When and where a merchant's summary goes. */
export interface SummarySetting extends TimeOfDay {
  channel: Channel;
  /** The merchant's own chat, as their payment notices use it. */
  chatId: string;
}

const OFF_WORDS: readonly string[] = ['off', 'mati', 'matikan', 'nonaktif', 'stop'];

/** `21:00`, `21.00`, `7:30`, `21` → a time; `off` (`mati`) → null. Throws ValidationError SUMMARY_TIME_INVALID otherwise. */
export function parseSummaryTime(input: string): TimeOfDay | null {
  const text = input.trim().toLowerCase();
  if (OFF_WORDS.includes(text)) return null;
  const match = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(text);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2] ?? 0);
  if (!match || hour > 23 || minute > 59) {
    const shown = input.slice(0, 30);
    throw new ValidationError<SummaryTimeErrorCode>('SUMMARY_TIME_INVALID', (w) => w.reports.summaryTimeInvalid(shown), { input: shown });
  }
  return { hour, minute };
}

/** `21:00` */
export function formatTimeOfDay({ hour, minute }: TimeOfDay): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const SETTINGS = 'daily-summary';
/** The last WIB day queued per merchant: a look-up that spares the takings query on every later round of the day. */
const QUEUED = 'daily-summary-queued';

function isSetting(value: unknown): value is SummarySetting {
  if (value === null || typeof value !== 'object') return false;
  const s = value as Record<string, unknown>;
  return typeof s.hour === 'number' && typeof s.minute === 'number' && typeof s.chatId === 'string' && (s.channel === 'telegram' || s.channel === 'whatsapp' || s.channel === 'console');
}

/** The merchants' choices, in the key-value store so every process sees them. */
export class SummarySettings {
  private readonly kv: KeyValueStore;
  constructor(kv: KeyValueStore) {
    this.kv = kv;
  }

  async get(merchantId: string): Promise<SummarySetting | null> {
    const stored = await this.kv.get(SETTINGS, merchantId);
    if (stored === null) return null;
    const value: unknown = JSON.parse(stored);
    return isSetting(value) ? value : null;
  }

  /** null turns it off. */
  async set(merchantId: string, setting: SummarySetting | null): Promise<void> {
    await this.kv.setMany(SETTINGS, [{ key: merchantId, value: setting === null ? null : JSON.stringify(setting) }]);
  }

  async merchants(): Promise<string[]> {
    return this.kv.keys(SETTINGS, '');
  }
}

export interface DailySummaryOptions {
  kv: KeyValueStore;
  orders: Pick<OrderStore, 'ofMerchant'>;
  outbox: Pick<OutboxStore, 'enqueue'>;
  logger: Logger;
  /** Called after a summary was queued, so it goes out at once. */
  onQueued?: () => void;
}

/** How often the summaries are looked at: a summary goes out within a minute of its time. */
export const DAILY_SUMMARY_INTERVAL_MS = 60_000;

/** One round of the daily summary: run every DAILY_SUMMARY_INTERVAL_MS by a PeriodicTask (payments/periodic.ts). */
export class DailySummary {
  private readonly options: DailySummaryOptions;
  private readonly settings: SummarySettings;
  constructor(options: DailySummaryOptions) {
    this.options = options;
    this.settings = new SummarySettings(options.kv);
  }

  /** Queues every summary due at `now` and not queued yet today; resolves with how many it queued. */
  async round(now: Date, signal?: AbortSignal): Promise<number> {
    const today = wibDateOf(now);
    const day = formatWibDay(today);
    let queued = 0;
    for (const merchantId of await this.settings.merchants()) {
      if (signal?.aborted) break;
      const setting = await this.settings.get(merchantId);
      if (setting === null) continue;
      const due = startOfDayWib(today).getTime() + (setting.hour * 60 + setting.minute) * 60_000;
      if (now.getTime() < due) continue;
      if ((await this.options.kv.get(QUEUED, merchantId)) === day) continue;
      const period: Period = { kind: 'today', from: startOfDayWib(today), until: now, firstDay: today, lastDay: today };
      const takings = await readTakings(this.options.orders, merchantId, period);
      await this.options.outbox.enqueue(
        [
          {
            key: dailySummaryKey(merchantId, day),
            channel: setting.channel,
            target: setting.chatId,
            merchantId,
            notice: { kind: 'daily_summary', day, takings: takingsSummary(takings) },
            notBefore: now,
          },
        ],
        now,
      );
      await this.options.kv.setMany(QUEUED, [{ key: merchantId, value: day }]);
      queued += 1;
      this.options.logger.info({ merchantId, day }, 'daily summary queued');
    }
    if (queued > 0) this.options.onQueued?.();
    return queued;
  }
}
