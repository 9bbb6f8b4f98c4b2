import { expect } from 'chai';
import { isAppError } from '../../src/domain/errors.ts';
import { assertKeyMatchesEnvironment, defaultBaseUrls, type MidtransConfig, MidtransGateway } from '../../src/midtrans/gateway.ts';

describe('midtrans config', () => {
  it('knows the hosts of each environment', () => {
    expect(defaultBaseUrls('sandbox')).to.deep.equal({
      apiBaseUrl: 'https://api.sandbox.midtrans.com',
      snapBaseUrl: 'https://app.sandbox.midtrans.com/snap/v1',
    });
    expect(defaultBaseUrls('production')).to.deep.equal({
      apiBaseUrl: 'https://api.midtrans.com',
      snapBaseUrl: 'https://app.midtrans.com/snap/v1',
    });
  });

  it('accepts a key that matches its environment', () => {
    expect(() => assertKeyMatchesEnvironment('SB-Mid-server-abc', 'sandbox')).not.to.throw();
    expect(() => assertKeyMatchesEnvironment('Mid-server-abc', 'production')).not.to.throw();
  });

  it('refuses a key for the other environment, naming the variables and never the key', () => {
    const cases = [
      ['SB-Mid-server-secret123', 'production'],
      ['Mid-server-secret123', 'sandbox'],
    ] as const;
    for (const [key, environment] of cases) {
      try {
        assertKeyMatchesEnvironment(key, environment);
        expect.fail('should have thrown');
      } catch (err) {
        expect(isAppError(err, 'MIDTRANS_KEY_ENV_MISMATCH')).to.equal(true);
        const error = err as Error & { say(locale: 'id' | 'en'): string };
        expect(error.say('en')).to.contain('MIDTRANS_ENV');
        expect(error.say('id')).to.contain('MIDTRANS_SERVER_KEY');
        expect(JSON.stringify(err) + error.message + error.stack).not.to.contain('secret123');
      }
    }
  });

  it('will not build a gateway with a key for the other environment or without a timeout', () => {
    const config: MidtransConfig = {
      serverKey: 'SB-Mid-server-abc',
      clientKey: 'SB-Mid-client-abc',
      environment: 'sandbox',
      ...defaultBaseUrls('sandbox'),
      timeoutMs: 10_000,
    };
    expect(() => new MidtransGateway(config)).not.to.throw();
    const refusal = (overrides: Partial<MidtransConfig>) => {
      try {
        new MidtransGateway({ ...config, ...overrides });
      } catch (err) {
        return (err as { code?: string }).code;
      }
      return 'built';
    };
    expect(refusal({ environment: 'production' })).to.equal('MIDTRANS_KEY_ENV_MISMATCH');
    expect(refusal({ timeoutMs: 0 })).to.equal('MIDTRANS_TIMEOUT_INVALID');
    expect(refusal({ timeoutMs: Number.NaN })).to.equal('MIDTRANS_TIMEOUT_INVALID');
  });
});
