import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import { storedNotice } from '../../src/notify/notices.ts';
import { composeNotice, renderNotice } from '../../src/notify/texts.ts';
import { DailySummary, parseSummaryTime, SummarySettings } from '../../src/reports/daily-summary.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/ports.ts';
import { captureLog } from '../notify/helpers.ts';
import { makeLink, makeOrder, MERCHANT } from './fixtures.ts';

/** An instant in WIB: `wib('2026-12-02 21:00')`. */
const wib = (text: string) => new Date(`${text.replace(' ', 'T')}:00+07:00`);

describe('reports: the daily summary', function () {
  let store: Store;
  let settings: SummarySettings;

  function worker(): DailySummary {
    return new DailySummary({ kv: store.kv, orders: store.orders, outbox: store.outbox, logger: captureLog().logger });
  }

  beforeEach(async function () {
    store = openSqliteStore({ path: ':memory:' });
    settings = new SummarySettings(store.kv);
    await settings.set(MERCHANT, { hour: 21, minute: 0, channel: 'telegram', chatId: '100' });
  });

  afterEach(async function () {
    await store.close();
  });

  it('is queued once at its time with the takings of the day so far, in the chat the merchant chose', async function () {
    const kaos = await makeLink(store, 'Kaos', 150_000);
    await makeOrder(store, kaos, { at: wib('2026-12-02 09:00') });
    await makeOrder(store, kaos, { at: wib('2026-12-01 20:00') }); // yesterday
    const daily = worker();
    expect(await daily.round(wib('2026-12-02 20:59'))).to.equal(0);
    expect(await daily.round(wib('2026-12-02 21:00'))).to.equal(1);
    expect(await daily.round(wib('2026-12-02 21:01'))).to.equal(0);
    const [entry, ...more] = await store.outbox.list({ limit: 10 });
    expect(more).to.deep.equal([]);
    expect(entry).to.deep.include({ key: 'daily-summary:telegram:100:2026-12-02', channel: 'telegram', target: '100', merchantId: MERCHANT });
    const text = renderNotice(storedNotice(entry!.notice), 'id').text;
    expect(text.split('\n').slice(0, 3)).to.deep.equal(['🗓 Ringkasan harian 02/12/2026', 'Order lunas: 1 · bruto Rp150.000', 'Bersih: Rp150.000']);
    expect(renderNotice(storedNotice(entry!.notice), 'en').text).to.include('Daily summary 02/12/2026');
    expect(composeNotice(storedNotice(entry!.notice), 'id').subject).to.equal('Ringkasan harian 02/12/2026');
  });

  it('goes out exactly once a day with two workers racing on one store', async function () {
    const [a, b] = [worker(), worker()];
    const counts = await Promise.all([a.round(wib('2026-12-02 21:00')), b.round(wib('2026-12-02 21:00')), a.round(wib('2026-12-02 21:05'))]);
    expect(counts.reduce((x, y) => x + y, 0)).to.be.at.least(1);
    const entries = await store.outbox.list({ limit: 10 });
    expect(entries.map((e) => e.key)).to.deep.equal(['daily-summary:telegram:100:2026-12-02']);
    // A worker that has not seen the others' note of the day (it read before they wrote) still adds nothing: the outbox key decides.
    await store.kv.setMany('daily-summary-queued', [{ key: MERCHANT, value: null }]);
    expect(await b.round(wib('2026-12-02 21:10'))).to.equal(1);
    expect(await store.outbox.list({ limit: 10 })).to.have.length(1);
    await Promise.all([a.round(wib('2026-12-03 21:00')), b.round(wib('2026-12-03 21:30'))]);
    expect((await store.outbox.list({ limit: 10 })).map((e) => e.key)).to.deep.equal([
      'daily-summary:telegram:100:2026-12-02',
      'daily-summary:telegram:100:2026-12-03',
    ]);
  });

  it('is sent on start when missed while down the same day, never for a day gone by', async function () {
    // Down from 20:00 to 23:30: the first round after the start queues it.
    expect(await worker().round(wib('2026-12-02 23:30'))).to.equal(1);
    // Down from yesterday 20:00 to this morning: yesterday's is not sent late, today's waits for 21:00.
    expect(await worker().round(wib('2026-12-04 08:00'))).to.equal(0);
    expect((await store.outbox.list({ limit: 10 })).map((e) => e.key)).to.deep.equal(['daily-summary:telegram:100:2026-12-02']);
  });

  it('stops when turned off', async function () {
    await settings.set(MERCHANT, null);
    expect(await worker().round(wib('2026-12-02 22:00'))).to.equal(0);
    expect(await store.outbox.list({ limit: 10 })).to.deep.equal([]);
  });

  it('reads times as merchants write them, and off', function () {
    expect(parseSummaryTime('21:00')).to.deep.equal({ hour: 21, minute: 0 });
    expect(parseSummaryTime('7.30')).to.deep.equal({ hour: 7, minute: 30 });
    expect(parseSummaryTime('21')).to.deep.equal({ hour: 21, minute: 0 });
    expect(parseSummaryTime('OFF')).to.equal(null);
    expect(parseSummaryTime('mati')).to.equal(null);
    for (const bad of ['24:00', '21:60', 'jam 9', '']) {
      try {
        parseSummaryTime(bad);
        expect.fail(`${bad} was accepted`);
      } catch (err) {
        expect(isAppError(err, 'SUMMARY_TIME_INVALID'), bad).to.equal(true);
      }
    }
  });
});
