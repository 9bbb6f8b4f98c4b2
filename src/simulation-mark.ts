/**
 * The one wording of "this payment is not real", shown on every notice,
 * receipt and page while the built-in simulator plays Midtrans, so nobody
 * hands over goods for a payment that moved no money.
 */
import type { Text } from './domain/locale.ts';

export const SIMULATION_MARK: Text = {
  id: 'SIMULASI — tidak ada uang masuk',
  en: 'SIMULATION — no money moved',
};
