import { expect } from 'chai';
import { describeError, scrub } from '../../src/notify/scrub.ts';

describe('scrub', function () {
  const cases: Array<[string, string]> = [
    ['connect to smtp://mailer:p4ss@smtp.example.com:587 failed', 'connect to smtp://mailer:***@smtp.example.com:587 failed'],
    ['GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe', 'GET https://api.telegram.org/bot***/getMe'],
    ['550 5.1.1 <budi.s+shop@mail.co.id>: unknown', '550 5.1.1 <<address>>: unknown'],
    ['unknown key SB-Mid-server-abc_DEF-123 (sandbox)', 'unknown key *** (sandbox)'],
    ['keys Mid-server-Prod123 and VT-server-Old456', 'keys *** and ***'],
    ['Authorization: Basic U0ItTWlkLXNlcnZlci14eXo6', 'Authorization: Basic ***'],
    ['HTTP 502 Bad Gateway', 'HTTP 502 Bad Gateway'],
    ['order 12345:paid at 10:30', 'order 12345:paid at 10:30'],
  ];
  for (const [input, output] of cases) {
    it(`scrubs ${JSON.stringify(input.slice(0, 30))}…`, function () {
      expect(scrub(input)).to.equal(output);
    });
  }

  it('blanks the secrets its caller knows, even when they match no pattern', function () {
    expect(scrub('secret hook-s3cret did not match', ['hook-s3cret', ''])).to.equal('secret *** did not match');
  });

  it('describes anything thrown, briefly', function () {
    expect(describeError(new RangeError('smtp://a:b@h'))).to.equal('RangeError: smtp://a:***@h');
    expect(describeError('plain')).to.equal('plain');
    expect(describeError(new Error('x'.repeat(1000)))).to.have.length(300);
  });
});
