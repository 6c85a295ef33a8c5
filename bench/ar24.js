// A bare signed AR24 call (what the benchmarks compare LRE Send with, and how they create letters directly): the
// compiled test/helpers/ar24Mail.ts, shared with the queue test.
const { postMail } = require('../.build/test/helpers/ar24Mail');

module.exports = { postMail };
