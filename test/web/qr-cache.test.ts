import { expect } from 'chai';
import { QrCache } from '../../src/web/qr-cache.ts';

describe('the QR image cache', function () {
  it('renders a PNG once per key, also for requests that come while it renders, and hands the same image back', async function () {
    const cache = new QrCache(2);
    expect(cache.get('a')).to.equal(undefined);
    const [first, second] = [cache.render('a', 'http://localhost:3000/p/aaa'), cache.render('a', 'http://localhost:3000/p/aaa')];
    expect(second).to.equal(first);
    const image = await first;
    expect(image.png.subarray(1, 4).toString()).to.equal('PNG');
    expect(await cache.get('a')).to.equal(image);
  });

  it('holds at most its capacity, dropping the least recently used image', async function () {
    const cache = new QrCache(2);
    await cache.render('a', 'http://localhost:3000/p/aaa');
    await cache.render('b', 'http://localhost:3000/p/bbb');
    cache.get('a');
    await cache.render('c', 'http://localhost:3000/p/ccc');
    expect(cache.get('b'), 'least recently used').to.equal(undefined);
    expect(cache.get('a')).not.to.equal(undefined);
    expect(cache.get('c')).not.to.equal(undefined);
  });
});
