/**
 * While the built-in simulator plays Midtrans, every notice and receipt says
 * no money moved, in the reader's language, on its first line.
 */
import { expect } from 'chai';
import { renderNotice } from '../../src/notify/texts.ts';
import { orderEvent, receipt } from './fixtures.ts';

describe('the simulation mark', function () {
  for (const [kind, notice] of [
    ['the merchant’s paid notice', orderEvent('paid')],
    ['the customer’s receipt', receipt()],
  ] as const) {
    it(`heads ${kind} from a simulated payment, in each language`, function () {
      const simulated = { ...notice, simulated: true as const };
      expect(renderNotice(simulated, 'id').text.split('\n')[0]).to.equal('⚠️ SIMULASI — tidak ada uang masuk');
      expect(renderNotice(simulated, 'en').text.split('\n')[0]).to.equal('⚠️ SIMULATION — no money moved');
      expect(renderNotice(simulated, 'id').text.split('\n').slice(1).join('\n')).to.equal(renderNotice(notice, 'id').text);
    });

    it(`is absent from ${kind} from Midtrans`, function () {
      expect(renderNotice(notice, 'id').text).to.not.contain('SIMULASI');
    });
  }
});
