// Same-process A/B of two builds of the npm package on the per-line loop: both are
// loaded into one Node process and their loops over the corpus lines alternate, so a
// shared machine's load shifts hit both alike. Prints best and median MB/s of each and
// the ratios (B/A above 1: B is faster). Run it in both orders: the second-loaded
// package gains a percent or two from warm-up.
//
//   node bench/ab.mjs DIR_A DIR_B [CORPUS_FILE] [ROUNDS]
//
// DIR_A and DIR_B are package directories (a copy of `pkg/` each, e.g. one built from
// an older commit); the corpus defaults to target/bench/corpus.txt (`make bench`).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [a, b, file = "target/bench/corpus.txt", rounds = "12"] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node bench/ab.mjs DIR_A DIR_B [CORPUS_FILE] [ROUNDS]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const A = require(resolve(a, "index.cjs"));
const B = require(resolve(b, "index.cjs"));
const lines = readFileSync(file, "utf8").split("\n");
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
const run = (m) => {
  const t = performance.now();
  for (const l of lines) m.sanitizeLogMessage(l);
  return performance.now() - t;
};
const ta = [], tb = [];
for (let i = 0; i < Number(rounds); i++) {
  ta.push(run(A));
  tb.push(run(B));
}
const best = (t) => Math.min(...t);
const median = (t) => t.slice().sort((x, y) => x - y)[t.length >> 1];
const mbs = (ms) => (bytes / 1e3 / ms).toFixed(1);
console.log(
  `A best ${mbs(best(ta))} MB/s, median ${mbs(median(ta))} | ` +
    `B best ${mbs(best(tb))} MB/s, median ${mbs(median(tb))} | ` +
    `B/A best ${(best(ta) / best(tb)).toFixed(3)}, median ${(median(ta) / median(tb)).toFixed(3)}`,
);
