// mocha --config for every folder but test/faults, in parallel worker
// processes (one test file at a time each). Everything else comes from
// .mocharc.json, so the two runs load TypeScript the same way.
// Two workers: this is a two-core machine's count, and more only queue up.
const base = require('../.mocharc.json');

module.exports = {
  ...base,
  spec: ['test/**/*.test.ts'],
  ignore: ['test/faults/**'],
  parallel: true,
  jobs: 2,
};
