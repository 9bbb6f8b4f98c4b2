/** English, sentence for sentence with id.ts. */
import type { Catalog } from './catalog.ts';

export const en: Catalog = {
  links: {},

  refunds: {},

  reports: {},

  exports: {},

  team: {},
};
