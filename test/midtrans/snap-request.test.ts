import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import { SNAP_MAX_WINDOW_MINUTES, SNAP_MIN_WINDOW_MINUTES, type SnapRequest, toSnapBody } from '../../src/midtrans/snap-request.ts';

const START = new Date('2026-03-01T03:00:00.000Z'); // 10:00 WIB

function request(overrides: Partial<SnapRequest> = {}): SnapRequest {
  return {
    orderId: 'INV-1-1',
    amount: 300000,
    items: [{ id: 'kaos', name: 'Kaos hitam', price: 150000, quantity: 2 }],
    customer: { firstName: 'Budi', email: 'budi@example.com', phone: '6281234567890' },
    finishUrl: 'https://shop.test/p/abc/done',
    startAt: START,
    expiresAt: new Date(START.getTime() + 30 * 60_000),
    ...overrides,
  };
}

describe('midtrans toSnapBody', () => {
  it('builds the body Midtrans expects, items summing to the total', () => {
    expect(toSnapBody(request())).to.deep.equal({
      transaction_details: { order_id: 'INV-1-1', gross_amount: 300000 },
      item_details: [{ id: 'kaos', name: 'Kaos hitam', price: 150000, quantity: 2 }],
      customer_details: { first_name: 'Budi', email: 'budi@example.com', phone: '+6281234567890' },
      credit_card: { secure: true },
      callbacks: { finish: 'https://shop.test/p/abc/done' },
      expiry: { start_time: '2026-03-01 10:00:00 +0700', unit: 'minute', duration: 30 },
      page_expiry: { duration: 30, unit: 'minute' },
      custom_field1: 'INV-1-1',
    });
  });

  it('leaves out contact details the customer did not give', () => {
    const body = toSnapBody(request({ customer: { firstName: 'Budi', email: null, phone: null } }));
    expect(body.customer_details).to.deep.equal({ first_name: 'Budi' });
    // customer_details and all its fields are optional: the minimal Snap request is transaction_details alone
    // (docs.midtrans.com/reference-link/request-body-json-parameter). A phone is never sent as a name.
    const nameless = toSnapBody(request({ customer: { firstName: null, email: null, phone: '6281234567890' } }));
    expect(nameless.customer_details).to.deep.equal({ phone: '+6281234567890' });
  });

  it('refuses an amount that is not price × quantity, before anything is sent', () => {
    expect(() => toSnapBody(request({ amount: 150000 }))).to.throw().that.satisfies((e: unknown) => isAppError(e, 'SNAP_AMOUNT_MISMATCH'));
    expect(() => toSnapBody(request({ items: [] }))).to.throw().that.satisfies((e: unknown) => isAppError(e, 'SNAP_AMOUNT_MISMATCH'));
  });

  it('sends several items, each at its own price and quantity, adding up to gross_amount', () => {
    const items = [
      { id: 'INV-1-i1', name: 'Kaos', price: 150000, quantity: 1 },
      { id: 'INV-1-i2', name: 'Topi', price: 50000, quantity: 1 },
      { id: 'INV-1-i3', name: 'Ongkir', price: 20000, quantity: 1 },
    ];
    const body = toSnapBody(request({ amount: 220000, items }));
    expect(body.item_details).to.deep.equal(items);
    expect(body.transaction_details.gross_amount).to.equal(220000);
    expect(() => toSnapBody(request({ amount: 200000, items }))).to.throw().that.satisfies((e: unknown) => isAppError(e, 'SNAP_AMOUNT_MISMATCH'));
  });

  it("names the link's payment methods in enabled_payments, and leaves the field out when the link has none", () => {
    expect(toSnapBody(request({ enabledPayments: ['other_qris', 'gopay', 'bca_va'] })).enabled_payments).to.deep.equal(['other_qris', 'gopay', 'bca_va']);
    expect(toSnapBody(request({ enabledPayments: null }))).not.to.have.property('enabled_payments');
    expect(toSnapBody(request())).not.to.have.property('enabled_payments');
  });

  it('shortens an item name to 50 characters without splitting an emoji', () => {
    const name = `${'a'.repeat(48)}😀😀😀`;
    const clipped = toSnapBody(request({ items: [{ id: 'x', name, price: 150000, quantity: 2 }] })).item_details![0]!.name;
    expect(Array.from(clipped)).to.have.length(50);
    expect(clipped).to.equal(`${'a'.repeat(48)}😀…`);
    const exact = 'b'.repeat(50);
    expect(toSnapBody(request({ items: [{ id: 'x', name: exact, price: 150000, quantity: 2 }] })).item_details![0]!.name).to.equal(exact);
  });

  it('cuts a long customer name at a word, within the 30 characters BCA VA allows', () => {
    const long = 'Raden Mas Bambang Sutrisno Wijayakusuma Hadiningrat';
    const first = toSnapBody(request({ customer: { firstName: long, email: null, phone: null } })).customer_details!.first_name!;
    expect(first).to.equal('Raden Mas Bambang Sutrisno');
    const oneWord = 'x'.repeat(45);
    expect(toSnapBody(request({ customer: { firstName: oneWord, email: null, phone: null } })).customer_details!.first_name).to.equal('x'.repeat(30));
  });

  it('rounds the window down to whole minutes, so Snap never takes money after our window, within what Midtrans accepts', () => {
    const minutes = (ms: number) => toSnapBody(request({ expiresAt: new Date(START.getTime() + ms) })).expiry!.duration;
    expect(minutes(90 * 60_000 + 1)).to.equal(90);
    expect(minutes(91 * 60_000 - 1)).to.equal(90);
    // Midtrans counts from start_time in whole seconds: a Snap call 20 ms into the second still fits 30 minutes.
    const late = new Date(START.getTime() + 20);
    const inSecond = toSnapBody(request({ startAt: late, expiresAt: new Date(START.getTime() + 30 * 60_000) }));
    expect(inSecond.expiry).to.deep.equal({ start_time: '2026-03-01 10:00:00 +0700', unit: 'minute', duration: 30 });
    const nextSecond = toSnapBody(request({ startAt: new Date(START.getTime() + 1_000), expiresAt: new Date(START.getTime() + 30 * 60_000) }));
    expect(nextSecond.expiry!.duration).to.equal(29);
    expect(minutes(60_000)).to.equal(SNAP_MIN_WINDOW_MINUTES);
    expect(minutes(30 * 24 * 3_600_000)).to.equal(SNAP_MAX_WINDOW_MINUTES);
    const body = toSnapBody(request({ expiresAt: new Date(START.getTime() + 2 * 3_600_000) }));
    expect(body.page_expiry).to.deep.equal({ duration: 120, unit: 'minute' });
  });

  it('refuses a window that ends before it starts', () => {
    for (const expiresAt of [START, new Date(START.getTime() - 1), new Date(Number.NaN)]) {
      expect(() => toSnapBody(request({ expiresAt }))).to.throw().that.satisfies((e: unknown) => isAppError(e, 'SNAP_WINDOW_INVALID'));
    }
  });
});
