import { expect } from 'chai';
import { customerKey, normalizeCustomer, normalizeEmail, normalizePhone } from '../../src/domain/customer.ts';
import { isAppError } from '../../src/domain/errors.ts';

describe('customers', function () {
  describe('phone numbers become digits with the country code', function () {
    const cases: Array<[string, string]> = [
      ['081234567890', '6281234567890'],
      ['0812-3456-7890', '6281234567890'],
      ['0812 3456 7890', '6281234567890'],
      ['+62 812 3456 7890', '6281234567890'],
      ['+62 (812) 3456.7890', '6281234567890'],
      ['6281234567890', '6281234567890'],
      ['81234567890', '6281234567890'],
      ['021-5551234', '62215551234'],
      ['+6591234567', '6591234567'],
    ];
    for (const [input, normalized] of cases) {
      it(`${input} → ${normalized}`, function () {
        expect(normalizePhone(input)).to.equal(normalized);
      });
    }

    for (const bad of ['12345', 'abc', '0812', '620812345678', '+62', '08123456789012345', '']) {
      it(`refuses ${JSON.stringify(bad)}`, function () {
        expect(() => normalizePhone(bad)).to.throw().that.satisfies((e: unknown) => isAppError(e, 'PHONE_INVALID'));
      });
    }
  });

  it('lower-cases emails and refuses what cannot be one', function () {
    expect(normalizeEmail(' Budi@Mail.COM ')).to.equal('budi@mail.com');
    for (const bad of ['budi', 'budi@', '@mail.com', 'budi@mail', 'a b@mail.com', 'budi@mail..com', '<x>@mail.com']) {
      expect(() => normalizeEmail(bad), bad).to.throw().that.satisfies((e: unknown) => isAppError(e, 'EMAIL_INVALID'));
    }
  });

  it('validates every given field and treats blanks as not given', function () {
    expect(normalizeCustomer({ name: ' Budi  Santoso ', phone: '0812 3456 7890', email: '' })).to.deep.equal({
      name: 'Budi Santoso',
      phone: '6281234567890',
      email: null,
    });
    expect(normalizeCustomer({ email: 'budi@mail.com' })).to.deep.equal({ name: 'budi@mail.com', phone: null, email: 'budi@mail.com' });
    expect(() => normalizeCustomer({})).to.throw().that.satisfies((e: unknown) => isAppError(e, 'CUSTOMER_NAME_INVALID'));
    expect(() => normalizeCustomer({ name: 'x'.repeat(51) })).to.throw().that.satisfies((e: unknown) => isAppError(e, 'CUSTOMER_NAME_INVALID'));
  });

  it('recognises a returning customer by email, else by phone', function () {
    expect(customerKey({ name: 'A', phone: '62811', email: 'a@b.co' })).to.equal('email:a@b.co');
    expect(customerKey({ name: 'A', phone: '62811', email: null })).to.equal('phone:62811');
    expect(customerKey({ name: 'Ani', phone: null, email: null })).to.equal('name:ani');
  });
});
