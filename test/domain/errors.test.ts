import { expect } from 'chai';
import { AppError, isAppError, StoreUnavailableError, ValidationError } from '../../src/domain/errors.ts';
import { linkNotFound } from '../../src/domain/link.ts';
import { say } from '../../src/text/catalog.ts';

describe('AppError', function () {
  it('says its sentence in the language asked for, from the catalog', function () {
    const err = linkNotFound('kaos');
    expect(err.say('id')).to.equal('Link "kaos" tidak ditemukan. Lihat daftar link Anda dengan /links.');
    expect(err.say('en')).to.equal('No link "kaos" was found. See your links with /links.');
  });

  it('keeps its phrase, so a caller can build a new error that says more in every language', function () {
    const err = new StoreUnavailableError();
    const more = new AppError('RETRY_LATER', (w) => `${err.phrase(w)} (1)`);
    expect(more.say('id')).to.equal('Penyimpanan data sedang tidak tersedia. Coba lagi sebentar lagi. (1)');
    expect(more.say('en')).to.equal(`${say(err.phrase, 'en')} (1)`);
  });

  it('names its code and English sentence in its message, for logs', function () {
    const err = new ValidationError('ANY_CODE', (w) => w.midtrans.windowInvalid, { at: 1 });
    expect(err.message).to.equal('ANY_CODE: The payment deadline must be after its start.');
    expect(err.details).to.deep.equal({ at: 1 });
    expect(isAppError(err, 'ANY_CODE')).to.equal(true);
    expect(isAppError(err, 'OTHER')).to.equal(false);
  });
});
