import { expect } from 'chai';
import mongoose from 'mongoose';
import { isAppError, StoreUnavailableError } from '../../../src/domain/errors.ts';
import { duplicateKeyOf, isUnavailable, storeCall, toStoreError } from '../../../src/store/mongo/errors.ts';

const { mongo } = mongoose;

function serverError(code: number, extra: Record<string, unknown> = {}): InstanceType<typeof mongo.MongoServerError> {
  return new mongo.MongoServerError({ message: `server error ${code}`, code, ...extra });
}

describe('MongoDB store: errors', function () {
  it('treats "cannot reach or write now" as StoreUnavailableError', function () {
    const unavailable: Error[] = [
      new mongo.MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'),
      new mongo.MongoNetworkTimeoutError('timed out'),
      new mongo.MongoNotConnectedError('Client must be connected'),
      new mongo.MongoTopologyClosedError(),
      serverError(10107), // NotWritablePrimary
      serverError(91), // ShutdownInProgress
      serverError(64), // WriteConcernFailed
      serverError(11000, { writeConcernError: { code: 64, errmsg: 'waiting for replication timed out' } }),
      serverError(999_999, { errorLabels: ['RetryableWriteError'] }),
      Object.assign(new Error('Server selection timed out after 300 ms'), { name: 'MongooseServerSelectionError' }),
      Object.assign(new Error('Cannot call `links.findOne()` before initial connection is complete if `bufferCommands = false`.'), {
        name: 'MongooseError',
      }),
    ];
    for (const err of unavailable) {
      const mapped = toStoreError(err);
      expect(isAppError(mapped, 'STORE_UNAVAILABLE'), `${err.name}: ${err.message}`).to.equal(true);
      expect((mapped as Error).cause).to.equal(err);
    }
  });

  it('leaves errors about the data or the code as they are', function () {
    const kept: unknown[] = [
      serverError(11000),
      serverError(2), // BadValue
      new mongoose.Error.CastError('string', { $gt: '' }, 'slug'),
      Object.assign(new Error('Cannot pass an array to query updates unless the `updatePipeline` option is set.'), { name: 'MongooseError' }),
      new TypeError('x is not a function'),
      'not an error',
    ];
    for (const err of kept) {
      expect(isUnavailable(err), String(err)).to.equal(false);
      expect(toStoreError(err)).to.equal(err);
    }
  });

  it('does not wrap a StoreUnavailableError twice', function () {
    const err = new StoreUnavailableError();
    expect(toStoreError(err)).to.equal(err);
  });

  it('maps what an operation throws', async function () {
    const err = await storeCall(() => Promise.reject(new mongo.MongoNetworkError('reset'))).catch((e: unknown) => e);
    expect(isAppError(err, 'STORE_UNAVAILABLE')).to.equal(true);
    expect(await storeCall(() => Promise.resolve(7))).to.equal(7);
  });

  it('describes a duplicate key by index name and key fields', function () {
    const err = serverError(11000, { keyPattern: { slug: 1 }, keyValue: { slug: 'kaos' } });
    err.message = 'E11000 duplicate key error collection: tagih.links index: links_slug_unique dup key: { slug: "kaos" }';
    expect(duplicateKeyOf(err)).to.deep.equal({ index: 'links_slug_unique', fields: ['slug'] });
    // Older servers name only the index.
    const bare = serverError(11000);
    bare.message = 'E11000 duplicate key error index: links_merchant_number_unique dup key';
    expect(duplicateKeyOf(bare)).to.deep.equal({ index: 'links_merchant_number_unique', fields: [] });
    expect(duplicateKeyOf(serverError(2))).to.equal(null);
    expect(duplicateKeyOf(new Error('E11000'))).to.equal(null);
  });
});
