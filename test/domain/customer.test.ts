import { expect } from 'chai';
import { customerKey, normalizeCustomer, normalizeCustomerName, normalizeEmail, normalizePhone } from '../../src/domain/customer.ts';
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
    // A phone or an email is not a name (issue 16): nobody gave one.
    expect(normalizeCustomer({ email: 'budi@mail.com' })).to.deep.equal({ name: null, phone: null, email: 'budi@mail.com' });
    expect(normalizeCustomer({ phone: '+6281234567890' })).to.deep.equal({ name: null, phone: '6281234567890', email: null });
    expect(() => normalizeCustomer({})).to.throw().that.satisfies((e: unknown) => isAppError(e, 'CUSTOMER_NAME_INVALID'));
    expect(() => normalizeCustomer({ name: 'x'.repeat(51) })).to.throw().that.satisfies((e: unknown) => isAppError(e, 'CUSTOMER_NAME_INVALID'));
  });

  describe('control characters are refused in every field, none excepted, without repeating the value', function () {
    // C0 (NUL, BEL, tab, line breaks, ESC), DEL and C1 (U+0080–U+009F, e.g. the 8-bit CSI U+009B).
    const controls = ['\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009b'];
    const fields: Array<[string, (input: string) => unknown, string, string]> = [
      ['name', normalizeCustomerName, 'Siti Rahayu', 'CUSTOMER_NAME_INVALID'],
      ['phone', normalizePhone, '081234567890', 'PHONE_INVALID'],
      ['email', normalizeEmail, 'siti@mail.com', 'EMAIL_INVALID'],
    ];
    for (const [field, normalize, good, code] of fields) {
      it(`${field}: ${code}, saying it is a control character`, function () {
        for (const control of controls) {
          for (const input of [`${control}${good}`, `${good.slice(0, 3)}${control}${good.slice(3)}`, `${good}${control}`]) {
            expect(() => normalize(input), JSON.stringify(input)).to.throw().that.satisfies((e: unknown) => {
              if (!isAppError(e, code) || e.details['reason'] !== 'control_character') return false;
              expect(e.say('id')).to.contain('karakter kontrol');
              expect(e.say('en')).to.contain('control character');
              expect(e.say('id') + e.say('en'), 'the value is not repeated back').not.to.contain(good);
              return true;
            });
          }
        }
      });
    }

    it('and so in normalizeCustomer, whichever field carries it', function () {
      expect(() => normalizeCustomer({ name: 'Siti', email: 'siti\u001b[2J@mail.com' })).to.throw().that.satisfies((e: unknown) => isAppError(e, 'EMAIL_INVALID'));
      expect(() => normalizeCustomer({ name: 'Siti\u0007', phone: '081234567890' })).to.throw().that.satisfies((e: unknown) => isAppError(e, 'CUSTOMER_NAME_INVALID'));
    });
  });

  it('recognises a returning customer by email, else by phone', function () {
    expect(customerKey({ name: 'A', phone: '62811', email: 'a@b.co' })).to.equal('email:a@b.co');
    expect(customerKey({ name: 'A', phone: '62811', email: null })).to.equal('phone:62811');
    expect(customerKey({ name: 'Ani', phone: null, email: null })).to.equal('name:ani');
  });
});
