/**
 * The start-up check that the server can run transactions, against `hello`
 * answers of each kind of server. No MongoDB server runs here, so the check
 * is given an admin whose `command` answers as a server would; the answers
 * carry the fields the MongoDB manual documents for `hello`
 * (https://www.mongodb.com/docs/manual/reference/command/hello/) and that the
 * driver reads to tell servers apart (node_modules/mongodb/lib/sdam/server_description.js
 * `parseServerType`), trimmed of fields neither reads.
 */
import { expect } from 'chai';
import { isAppError } from '../../../src/domain/errors.ts';
import { requireTransactions, serverKind, type HelloAnswer } from '../../../src/store/mongo/database.ts';

const STANDALONE: HelloAnswer & Record<string, unknown> = { isWritablePrimary: true, maxWireVersion: 25, ok: 1 };
const REPLICA_SET_PRIMARY: HelloAnswer & Record<string, unknown> = {
  isWritablePrimary: true,
  secondary: false,
  setName: 'rs0',
  hosts: ['127.0.0.1:27017'],
  primary: '127.0.0.1:27017',
  maxWireVersion: 25,
  ok: 1,
};
const MONGOS: HelloAnswer & Record<string, unknown> = { isWritablePrimary: true, msg: 'isdbgrid', maxWireVersion: 25, ok: 1 };
/**
 * `mongod --replSet rs0` before `rs.initiate()`: the driver calls a server
 * answering `isreplicaset: true` an RSGhost (parseServerType). That an
 * uninitiated member answers so is assumed from that classification, not
 * seen on a server here; if it answered without the field it would be taken
 * for a standalone and refused all the same, only with the other message.
 */
const NOT_INITIATED: HelloAnswer & Record<string, unknown> = { isWritablePrimary: false, secondary: false, isreplicaset: true, maxWireVersion: 25, ok: 1 };

function admin(answer: HelloAnswer) {
  const asked: unknown[] = [];
  return {
    asked,
    async command(command: { hello: 1 }) {
      asked.push(command);
      return answer;
    },
  };
}

describe('MongoDB start-up check: transactions need a replica set or mongos', function () {
  it('tells the kinds of server apart as the driver does', function () {
    expect(serverKind(STANDALONE)).to.equal('standalone');
    expect(serverKind(REPLICA_SET_PRIMARY)).to.equal('replica_set');
    expect(serverKind(MONGOS)).to.equal('mongos');
    expect(serverKind(NOT_INITIATED)).to.equal('uninitiated_replica_set');
  });

  it('accepts a replica set member and a mongos, asking `hello`', async function () {
    for (const answer of [REPLICA_SET_PRIMARY, MONGOS]) {
      const server = admin(answer);
      await requireTransactions(server);
      expect(server.asked).to.deep.equal([{ hello: 1 }]);
    }
  });

  it('refuses a standalone, saying to use Atlas or start mongod as a replica set', async function () {
    const err = await requireTransactions(admin(STANDALONE)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(err, 'MONGODB_NO_TRANSACTIONS'), String(err)).to.equal(true);
    if (!isAppError(err)) return;
    for (const locale of ['id', 'en'] as const) {
      expect(err.say(locale)).to.include('Atlas').and.include('mongod --replSet rs0').and.include('rs.initiate()');
    }
  });

  it('refuses a replica set that was never initiated, saying to run rs.initiate()', async function () {
    const err = await requireTransactions(admin(NOT_INITIATED)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(err, 'MONGODB_NO_TRANSACTIONS'), String(err)).to.equal(true);
    if (!isAppError(err)) return;
    expect(err.say('id')).to.include('rs.initiate()');
    expect(err.say('en')).to.include('rs.initiate()');
  });
});
