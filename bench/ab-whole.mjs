// Same-process A/B of two builds of the npm package on whole-text redaction: both are
// loaded into one Node process and `Redactor.redact` of the whole corpus alternates
// between them, so a shared machine's load shifts hit both alike (bench/ab.mjs does
// the same for the per-line loop). Prints best and median MB/s of each and the ratios
// (B/A above 1: B is faster). Run it in both orders.
//
//   node bench/ab-whole.mjs DIR_A DIR_B [CORPUS_FILE] [ROUNDS]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [dirA, dirB, file = "target/bench/corpus.txt", rounds = "8"] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error("usage: node bench/ab-whole.mjs DIR_A DIR_B [CORPUS_FILE] [ROUNDS]");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const text = readFileSync(file, "utf8");
const a = new (require(resolve(dirA, "index.cjs")).Redactor)();
const b = new (require(resolve(dirB, "index.cjs")).Redactor)();
a.redact(text.slice(0, 1 << 20));
b.redact(text.slice(0, 1 << 20));
const ta = [];
const tb = [];
for (let i = 0; i < Number(rounds); i++) {
  let t = performance.now();
  a.redact(text);
  ta.push(performance.now() - t);
  t = performance.now();
  b.redact(text);
  tb.push(performance.now() - t);
}
const mb = Buffer.byteLength(text) / 1e6;
const best = (x) => mb / (Math.min(...x) / 1000);
const median = (x) => mb / ([...x].sort((p, q) => p - q)[x.length >> 1] / 1000);
console.log(
  `A best ${best(ta).toFixed(1)} MB/s, median ${median(ta).toFixed(1)} | ` +
    `B best ${best(tb).toFixed(1)} MB/s, median ${median(tb).toFixed(1)} | ` +
    `B/A best ${(best(tb) / best(ta)).toFixed(3)}, median ${(median(tb) / median(ta)).toFixed(3)}`,
);
