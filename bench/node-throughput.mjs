// Node harness for the wasm package: start-up, `new Redactor()` and throughput of
// sanitizeLogMessage / Redactor.redact on the bench corpus.
// `node bench/node-throughput.mjs CORPUS_FILE` (make bench writes the corpus).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";

const file = process.argv[2];
if (!file) {
  console.error("usage: node bench/node-throughput.mjs CORPUS_FILE");
  process.exit(2);
}
const text = readFileSync(file, "utf8");
const require = createRequire(import.meta.url);
let t = performance.now();
const eg = require("../pkg/index.cjs");
const loadMs = performance.now() - t;
t = performance.now();
const r = new eg.Redactor();
const newMs = performance.now() - t;
t = performance.now();
r.redact("warm up: key=sk-proj-abc password=hunter2 https://u:p@h/");
const firstCallMs = performance.now() - t;

function rate(fn, input) {
  fn(input.slice(0, 1 << 20));
  const runs = 3;
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn(input);
    best = Math.min(best, performance.now() - s);
  }
  return Buffer.byteLength(input) / 1e6 / (best / 1000);
}
const whole = rate((s) => r.redact(s), text);
const lines = text.split("\n");
const perLine = rate(() => {
  for (const l of lines) eg.sanitizeLogMessage(l);
}, text);
// The same calls through wasm-bindgen's own string copy (the path strings longer than
// the scratch buffer take), for the ratio of the two in one run.
const core = require("../pkg/node/edgeguard.js");
const perLineCopy = rate(() => {
  for (const l of lines) core.__sanitizeDefault(l);
}, text);
console.log(JSON.stringify({
  node: process.version,
  corpusMB: +(Buffer.byteLength(text) / 1e6).toFixed(1),
  moduleLoadMs: +loadMs.toFixed(1),
  newRedactorMs: +newMs.toFixed(2),
  firstCallMs: +firstCallMs.toFixed(1),
  redactWholeMBs: +whole.toFixed(1),
  sanitizePerLineMBs: +perLine.toFixed(1),
  sanitizePerLineViaCopyMBs: +perLineCopy.toFixed(1),
}, null, 1));
