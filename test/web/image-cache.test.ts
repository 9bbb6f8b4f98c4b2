import { expect } from 'chai';
import { PAGE_QR, qrPng } from '../../src/web/cards/qr.ts';
import { ImageCache } from '../../src/web/image-cache.ts';

describe('the image cache', function () {
  it('renders a PNG once per key, also for requests that come while it renders, and hands the same image back', async function () {
    const cache = new ImageCache(2);
    let draws = 0;
    const draw = () => {
      draws += 1;
      return Promise.resolve(qrPng('http://localhost:3000/p/aaa', PAGE_QR));
    };
    expect(cache.get('a')).to.equal(undefined);
    const [first, second] = [cache.render('a', draw), cache.render('a', draw)];
    expect(second).to.equal(first);
    const image = await first;
    expect(draws).to.equal(1);
    expect(image.png.subarray(1, 4).toString()).to.equal('PNG');
    expect(await cache.get('a')).to.equal(image);
  });

  it('holds at most its capacity, dropping the least recently used image', async function () {
    const cache = new ImageCache(2);
    await cache.render('a', async () => qrPng('http://localhost:3000/p/aaa', PAGE_QR));
    await cache.render('b', async () => qrPng('http://localhost:3000/p/bbb', PAGE_QR));
    cache.get('a');
    await cache.render('c', async () => qrPng('http://localhost:3000/p/ccc', PAGE_QR));
    expect(cache.get('b'), 'least recently used').to.equal(undefined);
    expect(cache.get('a')).not.to.equal(undefined);
    expect(cache.get('c')).not.to.equal(undefined);
  });

  it('keeps no failed rendering: the next request draws again', async function () {
    const cache = new ImageCache(2);
    await cache.render('a', () => Promise.reject(new Error('boom'))).catch(() => undefined);
    await Promise.resolve();
    expect(cache.get('a')).to.equal(undefined);
  });
});
