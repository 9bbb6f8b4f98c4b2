import { expect } from 'chai';
import { isLocalAddress } from '../src/local-address.ts';

describe('local addresses', function () {
  const local = ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.20', '169.254.1.1', '100.64.0.1', '0.0.0.0', '[::1]', '::1', '[fd12:3456::1]', '[fe80::1]', 'toko.local', 'router.home.arpa'];
  const internet = ['pay.tokobudi.id', 'example.com', '8.8.8.8', '172.32.0.1', '192.169.0.1', '203.0.113.7', '[2001:db8::1]', 'localhost.example.com', 'local.example.com'];
  for (const host of local) it(`${host} stays on this machine or its network`, () => expect(isLocalAddress(host)).to.equal(true));
  for (const host of internet) it(`${host} faces the internet`, () => expect(isLocalAddress(host)).to.equal(false));
});
