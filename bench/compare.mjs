// Side-by-side comparison of edgeguard (wasm package) with what users would pick
// instead, on the same seeded corpus in one run (issue 8):
//   node bench/compare.mjs CORPUS.txt TRUTH.json [--out docs] [--budget-ms 6000]
// CORPUS and TRUTH come from `cargo run --release --example corpus -- MB EVERY SEED NEG TRUTH.json`.
// Every tool runs in its own child process (`--child TOOL`), so its peak memory
// (process.resourceUsage().maxRSS) is its own; a "baseline" child that only loads the
// corpus is subtracted. Prints one table with ratios to edgeguard and writes it as
// Markdown (docs/bench-compare.md) plus an SVG chart (docs/bench-compare.svg); raw
// results go to bench-compare.json next to the corpus.
import { readFileSync, writeFileSync, readdirSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const childTool = opt("--child", null);
const outDir = path.resolve(opt("--out", path.join(root, "docs")));
const budgetMs = Number(opt("--budget-ms", "6000"));
const [corpusFile, truthFile] = argv;
if (!corpusFile || !truthFile) {
  console.error("usage: node bench/compare.mjs CORPUS.txt TRUTH.json [--out DIR] [--budget-ms MS]");
  process.exit(2);
}

// ---------------------------------------------------------------- rules/*.toml → JS RegExp
// Rust regex syntax used by the catalog → JavaScript: `(?i)` prefix and `(?i:...)`
// groups become explicit [aA] classes (V8 in Node 22 has no inline modifiers),
// `(?s:.)` becomes [\s\S], `(?P<n>`/`(?<n>` become plain groups, `\z`/`\A` become
// lookarounds. Rules run per line in Rust; here they run on the whole text with the
// `m` flag, and (except multi-line rules) `\s` and negated classes never match "\n".
// Anything else unusual (nested classes, set operations, other flags) is reported as
// untranslatable and skipped.
function flip(c) {
  const l = c.toLowerCase(), u = c.toUpperCase();
  return l === u ? null : c === l ? u : l;
}
export function translate(src, { multiline = false } = {}) {
  let out = "";
  let i = 0;
  let globalCi = false;
  const stack = []; // per open group: { ci, dot }
  const ci = () => globalCi || stack.some((g) => g.ci);
  const dotAll = () => stack.some((g) => g.dot);
  if (src.startsWith("(?i)")) { globalCi = true; i = 4; }
  const WS = "\\t\\v\\f\\r ";
  while (i < src.length) {
    const c = src[i];
    if (c === "\\") {
      const e = src[i + 1];
      if (e === "z") { out += "(?![\\s\\S])"; i += 2; continue; }
      if (e === "A") { out += "(?<![\\s\\S])"; i += 2; continue; }
      if (e === "s" && !multiline) { out += `[${WS}]`; i += 2; continue; }
      if (e === "x" && src[i + 2] === "{") throw new Error("\\x{...}");
      if (e === "p" || e === "P" || e === "Q") throw new Error(`\\${e}`);
      out += c + e; i += 2; continue;
    }
    if (c === "[") {
      // Character class: copy, adding the other case of letters under (?i).
      let j = i + 1;
      let body = "";
      let negated = false;
      if (src[j] === "^") { negated = true; j++; }
      if (src[j] === "]") { body += "\\]"; j++; }
      const items = [];
      while (j < src.length && src[j] !== "]") {
        if (src[j] === "[") throw new Error("nested class");
        if ((src[j] === "&" && src[j + 1] === "&") || (src[j] === "~" && src[j + 1] === "~")) throw new Error("class set operation");
        let atom;
        if (src[j] === "\\") { atom = src.slice(j, j + 2); j += 2; } else { atom = src[j]; j++; }
        if (src[j] === "-" && src[j + 1] !== "]" && src[j + 1] !== undefined) {
          let hi;
          j++;
          if (src[j] === "\\") { hi = src.slice(j, j + 2); j += 2; } else { hi = src[j]; j++; }
          items.push([atom, hi]);
        } else items.push([atom]);
      }
      if (j >= src.length) throw new Error("unterminated class");
      for (const it of items) {
        if (it.length === 2) {
          body += `${it[0]}-${it[1]}`;
          if (ci() && it[0].length === 1 && flip(it[0]) && flip(it[1])) body += `${flip(it[0])}-${flip(it[1])}`;
        } else {
          const a = it[0];
          if (a === "\\s" && !multiline && !negated) body += WS;
          else body += a;
          if (ci() && a.length === 1 && flip(a)) body += flip(a);
        }
      }
      if (negated && !multiline) body = "\\n" + body;
      out += `[${negated ? "^" : ""}${body}]`;
      i = j + 1;
      continue;
    }
    if (c === "(") {
      if (src[i + 1] === "?") {
        const rest = src.slice(i + 2);
        let m;
        if (rest.startsWith(":")) { stack.push({}); out += "(?:"; i += 3; continue; }
        if ((m = /^P?<([A-Za-z_]\w*)>/.exec(rest))) { stack.push({}); out += "("; i += 2 + m[0].length; continue; }
        if ((m = /^([a-zA-Z-]+):/.exec(rest))) {
          const flags = m[1];
          if (/[^is-]/.test(flags) || flags.includes("-")) throw new Error(`(?${flags}:`);
          stack.push({ ci: flags.includes("i"), dot: flags.includes("s") });
          out += "(?:"; i += 2 + m[0].length; continue;
        }
        throw new Error(`(?${rest.slice(0, 3)}`);
      }
      stack.push({}); out += "("; i++; continue;
    }
    if (c === ")") { stack.pop(); out += ")"; i++; continue; }
    if (c === "." && dotAll()) { out += "[\\s\\S]"; i++; continue; }
    if (c === "{" && src[i + 1] === ",") throw new Error("{,n}");
    if (ci() && flip(c)) { out += `[${c}${flip(c)}]`; i++; continue; }
    out += c; i++;
  }
  return out;
}

async function loadRules() {
  const { parse } = await import("smol-toml");
  const dir = path.join(root, "rules");
  const rules = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".toml")).sort()) {
    for (const r of parse(readFileSync(path.join(dir, f), "utf8")).rules) rules.push(r);
  }
  const ok = [];
  const skipped = [];
  let failExamples = 0;
  for (const r of rules) {
    try {
      const src = translate(r.regex, { multiline: !!r.multiline });
      const re = new RegExp(src, "gm");
      const groups = new RegExp(`${src}|`).exec("").length - 1;
      const allow = (r.allow || []).map((a) => new RegExp(translate(a)));
      const rule = { id: r.id, src, re, groups, secretGroup: r.secret_group ?? (groups > 0 ? 1 : 0),
        minEntropy: r.min_entropy, allow, keywords: r.keywords.map((k) => k.toLowerCase()) };
      if (!r.examples.every((ex) => findRule(rule, ex).length > 0)) failExamples++;
      ok.push(rule);
    } catch (e) {
      skipped.push(`${r.id}: ${e.message}`);
    }
  }
  return { total: rules.length, ok, skipped, failExamples };
}

function entropy(s) {
  const counts = new Map();
  for (let i = 0; i < s.length; i++) counts.set(s.charCodeAt(i), (counts.get(s.charCodeAt(i)) || 0) + 1);
  let h = 0;
  for (const n of counts.values()) { const p = n / s.length; h -= p * Math.log2(p); }
  return h;
}

// The secret of a match: the first participating group from secretGroup on, located
// in the match by indexOf (cheaper than the `d` flag).
function secretSpan(rule, m, base = 1) {
  let s;
  if (rule.secretGroup === 0) s = m[0];
  else for (let g = rule.secretGroup; g <= rule.groups; g++) if (m[base + g - 1] !== undefined) { s = m[base + g - 1]; break; }
  if (s === undefined || s === "") return null;
  if (rule.minEntropy && entropy(s) < rule.minEntropy) return null;
  if (rule.allow.some((a) => a.test(s))) return null;
  const off = m[0].lastIndexOf(s);
  return [m.index + off, m.index + off + s.length];
}

function findRule(rule, text) {
  const spans = [];
  const re = new RegExp(rule.re.source, "gm");
  let m;
  while ((m = re.exec(text))) {
    if (m[0] === "") { re.lastIndex++; continue; }
    const sp = secretSpan(rule, m);
    if (sp) spans.push(sp);
  }
  return spans;
}

function mergeSpans(spans) {
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

function applySpans(text, spans, token = "[REDACTED]") {
  let out = "";
  let at = 0;
  for (const [s, e] of spans) { out += text.slice(at, s) + token; at = e; }
  return out + text.slice(at);
}

// A careful user's per-rule loop: skip rules whose keywords never occur, run the rest.
function perRuleFind(rules, text) {
  const lower = text.toLowerCase();
  const spans = [];
  for (const r of rules) {
    if (r.keywords.length && !r.keywords.some((k) => lower.includes(k))) continue;
    for (const sp of findRule(r, text)) spans.push(sp);
  }
  return mergeSpans(spans);
}

// One combined RegExp: every rule in its own capturing group, alternated.
function combine(rules) {
  const parts = [];
  const starts = [];
  let g = 1;
  for (const r of rules) {
    starts.push(g);
    parts.push(`(${r.src})`);
    g += 1 + r.groups;
  }
  return { re: new RegExp(parts.join("|"), "gm"), starts };
}
function combinedFind(rules, combined, text) {
  const { re, starts } = combined;
  re.lastIndex = 0;
  const spans = [];
  let m;
  while ((m = re.exec(text))) {
    if (m[0] === "") { re.lastIndex++; continue; }
    let k = 0;
    while (m[starts[k]] === undefined) k++;
    const sp = secretSpan(rules[k], m, starts[k] + 1);
    if (sp) spans.push(sp);
  }
  return mergeSpans(spans);
}

// ---------------------------------------------------------------- scoring
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
function overlapsAny(sorted, s, e) {
  // sorted by start, non-overlapping items [start,end)
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid].end <= s) lo = mid + 1; else hi = mid; }
  return lo < sorted.length && sorted[lo].start < e;
}
// spans: merged [start,end) findings; truth limited to [0, limit).
function score(spans, truth, limit) {
  const secrets = truth.secrets.filter((x) => x.end <= limit);
  const negatives = truth.negatives.filter((x) => x.end <= limit);
  const asItems = spans.map(([start, end]) => ({ start, end }));
  let found = 0;
  const missedBy = {};
  for (const s of secrets) {
    if (overlapsAny(asItems, s.start, s.end)) found++;
    else missedBy[s.provider] = (missedBy[s.provider] || 0) + 1;
  }
  let fp = 0;
  for (const [s, e] of spans) if (!overlapsAny(secrets, s, e)) fp++;
  let negHits = 0;
  for (const n of negatives) if (overlapsAny(asItems, n.start, n.end)) negHits++;
  return { planted: secrets.length, found, recall: secrets.length ? found / secrets.length : null,
    fp, negatives: negatives.length, negHits, missedBy };
}

// ---------------------------------------------------------------- timing
function cutAtLine(text, bytes) {
  if (bytes >= text.length) return text;
  const nl = text.indexOf("\n", bytes);
  return nl < 0 ? text : text.slice(0, nl + 1);
}
// Best of up to 3 runs within the budget. A tool too slow for the whole corpus in the
// budget runs on a prefix (cut at a line) of at least 1 MB; `input` says which.
async function measure(fn, text) {
  const probe = cutAtLine(text, 1 << 20);
  await fn(cutAtLine(text, 64 << 10)); // warm up: lazy compilation, JIT
  let t = performance.now();
  await fn(probe);
  const probeMs = performance.now() - t;
  const perByte = probeMs / probe.length;
  let input = text;
  if (perByte * text.length > budgetMs / 3) input = cutAtLine(text, Math.max(1 << 20, Math.floor(budgetMs / 3 / perByte)));
  let best = Infinity;
  let spent = 0;
  for (let i = 0; i < 3 && (i === 0 || spent < budgetMs); i++) {
    t = performance.now();
    await fn(input);
    const ms = performance.now() - t;
    best = Math.min(best, ms);
    spent += ms;
  }
  return { input, ms: best, mbps: input.length / 1e6 / (best / 1000) };
}
async function opsPerSec(fn) {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < Math.min(budgetMs, 3000)) { for (let i = 0; i < 100; i++) fn(); n += 100; t = performance.now(); }
  return n / ((t - t0) / 1000);
}

// ---------------------------------------------------------------- the object test
// A log record as a service would log it: 8 secrets, 5 of them at the key paths a
// user would list for fast-redact / @pinojs/redact, 3 elsewhere (a differently
// spelt key, a key not in the list, a secret inside a message string).
function logRecord(i) {
  return {
    level: 30, time: 1764000000000 + i, msg: `request ${i} completed using sk-proj-${"Q".repeat(10)}Zx9${i % 10}T3BlbkFJ${"a7Kq".repeat(12)}`,
    req: { id: `req-${i}`, method: "POST", url: "/api/v1/orders?page=2",
      headers: { host: "api.example.com", authorization: "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0", cookie: "sid=s%3Aabc123def456ghi789", "x-api-key": "ak_live_7f3c9a1e5b2d4f6a8c0e", "user-agent": "curl/8.5.0" } },
    user: { id: 42, email: "ana@example.com", password: "Zq8!rT2#vL9m", roles: ["admin", "ops"] },
    config: { db: { host: "db.internal", port: 5432, password: "s3cr3tP4ss!" }, apiKey: "d41f7a9c03b84e55b2a1", clientSecret: "qW9eR7tY5uI3oP1aZx", maxTokens: 512, tokenCount: 77 },
    items: [{ sku: "A-1", qty: 2 }, { sku: "B-7", qty: 1 }],
  };
}
const OBJ_SECRETS = ["9f8e7d6c5b4a39281706f5e4d3c2b1a0", "sid=s%3Aabc123def456ghi789", "ak_live_7f3c9a1e5b2d4f6a8c0e", "Zq8!rT2#vL9m", "s3cr3tP4ss!", "d41f7a9c03b84e55b2a1", "qW9eR7tY5uI3oP1aZx", "T3BlbkFJ"];
const OBJ_PATHS = ["req.headers.authorization", "req.headers.cookie", 'req.headers["x-api-key"]', "user.password", "config.db.password"];
const objScore = (s) => ({ planted: OBJ_SECRETS.length, found: OBJ_SECRETS.filter((x) => !s.includes(x)).length });

// ---------------------------------------------------------------- tools (child side)
const TOOLS = {
  baseline: { kind: "base", label: "baseline (Node + corpus loaded)" },
  "edgeguard": { kind: "text", label: "edgeguard Redactor.redact (whole text)", short: "edgeguard redact (whole text)", async setup() {
    const eg = require("../pkg/index.cjs");
    const r = new eg.Redactor();
    return { run: (t) => r.redact(t), find: (t) => r.find(t).map((f) => [f.start, f.end]) };
  } },
  "edgeguard-lines": { kind: "text", label: "edgeguard sanitizeLogMessage (per line)", short: "edgeguard sanitizeLogMessage (lines)", async setup() {
    const eg = require("../pkg/index.cjs");
    return {
      run: (t) => { const lines = t.split("\n"); for (const l of lines) eg.sanitizeLogMessage(l); },
      find: (t) => {
        const spans = [];
        const starts = lineStarts(t);
        const lines = t.split("\n");
        for (let i = 0; i < lines.length; i++) for (const f of eg.findSecrets(lines[i])) spans.push([starts[i] + f.start, starts[i] + f.end]);
        return spans;
      },
    };
  } },
  "js-combined": { kind: "text", label: "pure JS, one combined RegExp (same rules)", short: "pure JS, one combined RegExp", async setup(meta) {
    const rs = await loadRules();
    Object.assign(meta, { rulesTotal: rs.total, rulesUsed: rs.ok.length, rulesSkipped: rs.skipped, rulesFailingExamples: rs.failExamples });
    const combined = combine(rs.ok);
    const find = (t) => combinedFind(rs.ok, combined, t);
    return { run: (t) => applySpans(t, find(t)), find };
  } },
  "js-per-rule": { kind: "text", label: "pure JS, per-rule loop with keyword skip (same rules)", short: "pure JS, per-rule loop", async setup(meta) {
    const rs = await loadRules();
    Object.assign(meta, { rulesTotal: rs.total, rulesUsed: rs.ok.length, rulesSkipped: rs.skipped, rulesFailingExamples: rs.failExamples });
    const find = (t) => perRuleFind(rs.ok, t);
    return { run: (t) => applySpans(t, find(t)), find };
  } },
  secretlint: { kind: "text", label: "@secretlint/core + preset-recommend", short: "@secretlint/core (recommend)", async setup() {
    const { lintSource } = await import("@secretlint/core");
    const { creator } = await import("@secretlint/secretlint-rule-preset-recommend");
    const lint = (t) => lintSource({
      source: { content: t, filePath: "/tmp/app.log", ext: ".log", contentType: "text" },
      options: { config: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: creator }] }, noPhysicFilePath: true },
    });
    return { run: lint, find: async (t) => (await lint(t)).messages.map((m) => m.range) };
  } },
  redactpii: { kind: "text", label: "@redactpii/node (PII regexes)", short: "@redactpii/node (PII)", async setup() {
    const { Redactor } = require("@redactpii/node");
    const r = new Redactor();
    return {
      run: (t) => r.redact(t),
      // No offsets in its API: a line counts as a finding where redaction changed it.
      find: (t) => {
        const spans = [];
        const starts = lineStarts(t);
        const lines = t.split("\n");
        for (let i = 0; i < lines.length; i++) {
          const l = lines[i];
          const o = r.redact(l);
          if (o !== l) {
            let a = 0; while (a < l.length && l[a] === o[a]) a++;
            let b = 0; while (b < l.length - a && l[l.length - 1 - b] === o[o.length - 1 - b]) b++;
            spans.push([starts[i] + a, starts[i] + l.length - b]);
          }
        }
        return spans;
      },
    };
  } },
  "obj-edgeguard": { kind: "obj", label: "edgeguard maskSensitiveData + JSON.stringify", async setup() {
    const eg = require("../pkg/index.cjs");
    eg.maskSensitiveData({ warm: 1 });
    return (o) => JSON.stringify(eg.maskSensitiveData(o));
  } },
  "obj-edgeguard-json": { kind: "obj", label: "edgeguard maskSensitiveJson (JSON out)", async setup() {
    const eg = require("../pkg/index.cjs");
    eg.maskSensitiveJson({ warm: 1 });
    return (o) => eg.maskSensitiveJson(o);
  } },
  "obj-edgeguard-only": { kind: "obj", label: "edgeguard maskSensitiveData (object out)", async setup() {
    const eg = require("../pkg/index.cjs");
    return (o) => eg.maskSensitiveData(o);
  } },
  "obj-fast-redact": { kind: "obj", label: "fast-redact (5 key paths, JSON out)", async setup() {
    const fastRedact = require("fast-redact");
    return fastRedact({ paths: OBJ_PATHS });
  } },
  "obj-pinojs-redact": { kind: "obj", label: "@pinojs/redact (5 key paths, JSON out)", async setup() {
    const redact = require("@pinojs/redact");
    return redact({ paths: OBJ_PATHS });
  } },
};

async function child(name) {
  const tool = TOOLS[name];
  const text = readFileSync(corpusFile, "utf8");
  const truth = JSON.parse(readFileSync(truthFile, "utf8"));
  const meta = {};
  const res = { tool: name, label: tool.label, kind: tool.kind };
  if (tool.kind === "text") {
    const t0 = performance.now();
    const impl = await tool.setup(meta);
    res.setupMs = performance.now() - t0;
    const m = await measure(impl.run, text);
    res.mbps = m.mbps;
    res.inputMB = m.input.length / 1e6;
    const spans = mergeSpans((await impl.find(m.input)).map((s) => [s[0], s[1]]));
    Object.assign(res, score(spans, truth, m.input.length));
  } else if (tool.kind === "obj") {
    const fn = await tool.setup(meta);
    const recs = Array.from({ length: 64 }, (_, i) => logRecord(i));
    let k = 0;
    const before = JSON.stringify(recs[0]);
    const out = fn(recs[0]);
    const outStr = typeof out === "string" ? out : JSON.stringify(out);
    res.inputUnchanged = JSON.stringify(recs[0]) === before;
    Object.assign(res, objScore(outStr));
    res.opsPerSec = await opsPerSec(() => fn(recs[k++ & 63]));
  }
  Object.assign(res, meta);
  res.maxRSSMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(res) + "\n");
}

// ---------------------------------------------------------------- parent
const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? "-" : x >= 100 ? x.toFixed(0) : x.toFixed(d));
const pct = (x) => (x === null || x === undefined ? "-" : `${(100 * x).toFixed(1)} %`);
const ratio = (x, ref) => (x && ref ? `${(x / ref).toFixed(x / ref >= 10 ? 0 : 2)}x` : "-");
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function svgChart(rows) {
  // Two panels per tool: throughput (log scale) and recall (0-100 %).
  const W = 940, rowH = 30, top = 58, left = 330, panelW = 250, gap = 60;
  const H = top + rows.length * rowH + 40;
  const maxMB = Math.max(...rows.map((r) => r.mbps));
  const lo = 10 ** Math.floor(Math.log10(Math.min(...rows.map((r) => r.mbps)) * 0.9)), hi = 10 ** Math.ceil(Math.log10(maxMB));
  const x = (v) => left + (panelW * Math.log10(Math.max(v, lo) / lo)) / Math.log10(hi / lo);
  const rx = left + panelW + gap;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="12" y="20" font-size="15" font-weight="600">Secret scrubbing on ${rows[0].inputMBAll} MB of seeded logs (Node ${process.version}, one run)</text>`);
  out.push(`<text x="${left}" y="46" font-weight="600">Throughput, MB/s (log scale)</text>`);
  out.push(`<text x="${rx}" y="46" font-weight="600">Recall of planted secrets</text>`);
  for (let v = lo; v <= hi * 1.0001; v *= 10) {
    const xx = x(v);
    out.push(`<line x1="${xx}" y1="${top - 4}" x2="${xx}" y2="${top + rows.length * rowH}" stroke="#ddd"/>`);
    out.push(`<text x="${xx}" y="${top + rows.length * rowH + 14}" text-anchor="middle" fill="#555">${v >= 1 ? v.toFixed(0) : +v.toPrecision(1)}</text>`);
  }
  for (let p = 0; p <= 100; p += 25) {
    const xx = rx + (panelW * p) / 100;
    out.push(`<line x1="${xx}" y1="${top - 4}" x2="${xx}" y2="${top + rows.length * rowH}" stroke="#ddd"/>`);
    out.push(`<text x="${xx}" y="${top + rows.length * rowH + 14}" text-anchor="middle" fill="#555">${p}%</text>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const eg = r.tool.startsWith("edgeguard");
    const color = eg ? "#d9480f" : "#4263eb";
    out.push(`<text x="${left - 8}" y="${y + 18}" text-anchor="end">${esc(TOOLS[r.tool].short || r.label)}</text>`);
    out.push(`<rect x="${left}" y="${y + 6}" width="${Math.max(1, x(r.mbps) - left).toFixed(1)}" height="18" fill="${color}"/>`);
    out.push(`<text x="${(x(r.mbps) + 4).toFixed(1)}" y="${y + 19}" fill="#222">${fmt(r.mbps)}</text>`);
    const rw = (panelW * (r.recall || 0));
    out.push(`<rect x="${rx}" y="${y + 6}" width="${Math.max(1, rw).toFixed(1)}" height="18" fill="${color}" opacity="0.8"/>`);
    out.push(`<text x="${(rx + rw + 4).toFixed(1)}" y="${y + 19}" fill="#222">${pct(r.recall)}</text>`);
  });
  out.push(`<text x="12" y="${H - 8}" fill="#555">Orange: edgeguard (wasm). Blue: alternatives. Generated by bench/compare.mjs (make bench).</text>`);
  out.push("</svg>");
  return out.join("\n") + "\n";
}

async function parent() {
  const textBytes = readFileSync(corpusFile).length;
  const truth = JSON.parse(readFileSync(truthFile, "utf8"));
  const results = {};
  for (const name of Object.keys(TOOLS)) {
    const t = performance.now();
    try {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", name, corpusFile, truthFile, "--budget-ms", String(budgetMs)],
        { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"], timeout: 10 * 60 * 1000 });
      results[name] = JSON.parse(out.trim().split("\n").pop());
    } catch (e) {
      results[name] = { tool: name, label: TOOLS[name].label, kind: TOOLS[name].kind, error: String(e.message).split("\n")[0] };
    }
    console.error(`[compare] ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const base = results.baseline?.maxRSSMB || 0;
  const eg = results.edgeguard;
  const textRows = Object.values(results).filter((r) => r.kind === "text");
  const objRows = Object.values(results).filter((r) => r.kind === "obj");
  const fastRedact = results["obj-fast-redact"];
  const js = results["js-combined"];
  const L = [];
  L.push(`Corpus: ${(textBytes / 1e6).toFixed(1)} MB, seed ${truth.seed}, one planted secret per ${truth.secret_every} bytes (${truth.secrets.length} secrets from ${new Set(truth.secrets.map((s) => s.provider)).size} providers), one hard negative per ${truth.negative_every} bytes (${truth.negatives.length}). Node ${process.version}. Peak RSS is each tool's child process; Δ subtracts the baseline child (Node + corpus: ${fmt(base)} MB).`);
  L.push("");
  L.push("| Tool | Input MB | MB/s | vs edgeguard | Recall | Missed | False pos. (per MB) | Hard negatives hit | Setup ms | Peak RSS MB (Δ) |");
  L.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of textRows) {
    if (r.error) { L.push(`| ${r.label} | error: ${esc(r.error)} |||||||||`); continue; }
    L.push(`| ${r.label} | ${fmt(r.inputMB)} | ${fmt(r.mbps)} | ${ratio(r.mbps, eg?.mbps)} | ${pct(r.recall)} | ${r.planted - r.found} of ${r.planted} | ${r.fp} (${fmt(r.fp / r.inputMB)}) | ${r.negHits} of ${r.negatives} | ${fmt(r.setupMs)} | ${fmt(r.maxRSSMB)} (${fmt(r.maxRSSMB - base)}) |`);
  }
  L.push("");
  if (js && !js.error) L.push(`Pure-JS translation of rules/*.toml (smol-toml): ${js.rulesUsed} of ${js.rulesTotal} rules translated, ${js.rulesSkipped.length} skipped${js.rulesSkipped.length ? ` (${js.rulesSkipped.map(esc).join("; ")})` : ""}; ${js.rulesFailingExamples} translated rules miss one of their own positive examples.`);
  L.push("");
  L.push("| Object redaction (64 log records, 8 secrets each) | ops/s | vs fast-redact | Secrets masked | Input unchanged | Peak RSS MB (Δ) |");
  L.push("|---|---:|---:|---:|---:|---:|");
  for (const r of objRows) {
    if (r.error) { L.push(`| ${r.label} | error: ${esc(r.error)} |||||`); continue; }
    L.push(`| ${r.label} | ${fmt(r.opsPerSec, 0)} | ${ratio(r.opsPerSec, fastRedact?.opsPerSec)} | ${r.found} of ${r.planted} | ${r.inputUnchanged ? "yes" : "no"} | ${fmt(r.maxRSSMB)} (${fmt(r.maxRSSMB - base)}) |`);
  }
  const md = L.join("\n") + "\n";
  console.log(md);
  const missed = {};
  for (const r of textRows) if (r.missedBy) missed[r.tool] = r.missedBy;
  console.log("Missed planted secrets by provider:", JSON.stringify(missed));
  const chartRows = textRows.filter((r) => !r.error).map((r) => ({ ...r, inputMBAll: (textBytes / 1e6).toFixed(1) }));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "bench-compare.md"), `<!-- generated by bench/compare.mjs (make bench) on ${new Date().toISOString().slice(0, 10)} -->\n${md}`);
  writeFileSync(path.join(outDir, "bench-compare.svg"), svgChart(chartRows));
  writeFileSync(path.join(path.dirname(path.resolve(corpusFile)), "bench-compare.json"), JSON.stringify({ date: new Date().toISOString(), node: process.version, results, missed }, null, 1) + "\n");
  console.error(`[compare] wrote ${path.join(outDir, "bench-compare.md")} and .svg; raw results in ${path.join(path.dirname(path.resolve(corpusFile)), "bench-compare.json")}`);
}

if (childTool) await child(childTool);
else await parent();
