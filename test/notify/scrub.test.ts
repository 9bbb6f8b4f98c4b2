import { expect } from 'chai';
import { describeError, scrub } from '../../src/notify/scrub.ts';

describe('scrub', function () {
  const cases: Array<[string, string]> = [
    ['connect to smtp://mailer:p4ss@smtp.example.com:587 failed', 'connect to smtp://mailer:***@smtp.example.com:587 failed'],
    ['GET https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe', 'GET https://api.telegram.org/bot***/getMe'],
    ['550 5.1.1 <budi.s+shop@mail.co.id>: unknown', '550 5.1.1 <<address>>: unknown'],
    ['HTTP 502 Bad Gateway', 'HTTP 502 Bad Gateway'],
  ];
  for (const [input, output] of cases) {
    it(`scrubs ${JSON.stringify(input.slice(0, 30))}…`, function () {
      expect(scrub(input)).to.equal(output);
    });
  }

  it('describes anything thrown, briefly', function () {
    expect(describeError(new RangeError('smtp://a:b@h'))).to.equal('RangeError: smtp://a:***@h');
    expect(describeError('plain')).to.equal('plain');
    expect(describeError(new Error('x'.repeat(1000)))).to.have.length(300);
  });
});
