import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import express from 'express';
import { requestFault } from '../../src/web/request-faults.ts';

/** The error body-parser's own text reader raises for a body, read from a stream as from a socket. */
function parserErrorFor(headers: Record<string, string>, body: Buffer, limit = '64kb'): Promise<unknown> {
  // body-parser reads only a request that says it has a body (a content-length or transfer-encoding).
  const req = Object.assign(new PassThrough(), {
    headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
    method: 'POST',
    url: '/',
  });
  const read = express.text({ type: () => true, limit });
  const failed = new Promise<unknown>((resolve) => read(req as unknown as express.Request, {} as express.Response, (err?: unknown) => resolve(err)));
  req.end(body);
  return failed;
}

describe('requestFault', function () {
  it('answers an oversized body with 413', async function () {
    const err = await parserErrorFor({}, Buffer.alloc(100, 'x'), '10b');
    expect(requestFault(err)).to.deep.equal({ status: 413, reason: 'body too large' });
  });

  it('answers a charset or content encoding it cannot read with 400, naming which', async function () {
    const charset = await parserErrorFor({ 'content-type': 'application/json; charset=klingon' }, Buffer.from('{}'));
    expect(requestFault(charset)).to.deep.equal({ status: 400, reason: 'unsupported charset' });
    const encoding = await parserErrorFor({ 'content-encoding': 'zstd-ish' }, Buffer.from('{}'));
    expect(requestFault(encoding)).to.deep.equal({ status: 400, reason: 'unsupported content encoding' });
  });

  it('answers a body shorter than its content-length with 400', async function () {
    const err = await parserErrorFor({ 'content-length': '50' }, Buffer.from('{}'));
    expect(requestFault(err)).to.deep.equal({ status: 400, reason: 'body size mismatch' });
  });

  it('answers a gzip body that does not inflate (a 4xx without a type) with 400', async function () {
    const broken = gzipSync('{"a":1}').subarray(0, 12);
    const err = await parserErrorFor({ 'content-encoding': 'gzip' }, broken);
    expect(err, 'body-parser failed').to.be.an('error');
    expect(requestFault(err)).to.deep.equal({ status: 400, reason: 'unreadable body' });
  });

  it('leaves our own failures to the caller: a 5xx, a plain error, nothing at all', function () {
    expect(requestFault(Object.assign(new Error('stream is not readable'), { status: 500, type: 'stream.not.readable' }))).to.equal(null);
    expect(requestFault(new Error('boom'))).to.equal(null);
    expect(requestFault(undefined)).to.equal(null);
  });
});
