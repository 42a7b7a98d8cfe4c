// Adversarial inputs for the built npm package (pkg/, wasm in Node): lone surrogates,
// a 20 MB line, absurd nesting, cycles, 200,000 keys, wrong types, invalid configs and
// over-size custom regexes. Each finishes in bounded time or throws a JS Error with a
// clear message (never a wasm trap), and after every failure the module still works.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const eg = require("../../pkg/index.cjs");

const KEY = "sk-proj-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lMn9oPq2";
const GH = "ghp_" + "7Yx2Kq9Lm4Np8Rs1Tu6Vw3Xz5Ab0Cd2Ef4Gh";
const BOUND_MS = 30_000; // generous: 2 shared cores

function timed(what, fn) {
  const t = performance.now();
  const out = fn();
  const ms = performance.now() - t;
  assert.ok(ms < BOUND_MS, `${what} took ${ms.toFixed(0)} ms`);
  return out;
}

/** The module still masks, finds and masks values after whatever came before. */
function stillWorks() {
  assert.equal(eg.sanitizeLogMessage(`k=${KEY}`), "k=[REDACTED:openai-project-key]");
  assert.deepEqual(eg.findSecrets(`x ${GH}`), [{ ruleId: "github-pat", start: 2, end: 2 + GH.length }]);
  assert.equal(eg.maskSensitiveData({ password: "hunter2" }).password, "[REDACTED:sensitive-key]");
  const r = new eg.Redactor();
  assert.equal(r.redact(`t ${GH}`), "t [REDACTED:github-pat]");
  r.free();
}

/** `fn` throws an Error (or TypeError) whose message matches `pattern`, not a trap. */
function throwsClearly(fn, pattern, ctor = Error) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, `expected a throw matching ${pattern}`);
  assert.ok(caught instanceof ctor, `${caught?.constructor?.name}: ${caught?.message}`);
  assert.ok(!(caught instanceof WebAssembly.RuntimeError), `wasm trap: ${caught.message}`);
  assert.match(caught.message, pattern);
  stillWorks();
}

test("lone surrogates: no crash, UTF-16 offsets still point at the secret", () => {
  const lone = ["\uD800", "\uDFFF", "\uDBFF\uDBFF", "a\uDC00b", "\uD83D"];
  for (const s of lone) {
    const text = `${s}\tkey=${KEY}\t${s}\t${GH}\t${s}${s}`;
    const found = eg.findSecrets(text);
    // Lone surrogates become U+FFFD (one UTF-16 unit each) on the way into wasm, so
    // the offsets stay in the caller's units.
    const slices = found.map((f) => text.slice(f.start, f.end));
    assert.ok(slices.includes(KEY), `${JSON.stringify(s)}: ${JSON.stringify(found)}`);
    assert.ok(slices.includes(GH), `${JSON.stringify(s)}: ${JSON.stringify(found)}`);
    for (const f of found) assert.ok(f.start >= 0 && f.start < f.end && f.end <= text.length);
    const out = eg.sanitizeLogMessage(text);
    assert.ok(!out.includes(KEY) && !out.includes(GH), out);
    assert.equal(eg.sanitizeLogMessage(out), out, "redacting twice changes nothing");
  }
  // In objects too (see "objects with lone surrogates are masked").
  const masked = eg.maskSensitiveData({ note: `\uD800 ${GH}`, token: "abc" });
  assert.ok(!masked.note.includes(GH) && masked.token === "[REDACTED:sensitive-key]");
  const lots = "\uD800x".repeat(500_000);
  assert.equal(timed("1 MB of lone surrogates", () => eg.findSecrets(lots)).length, 0);
  stillWorks();
});

test("a 20 MB single line with a secret near the end", () => {
  const filler = "lorem ipsum dolor sit amet ".repeat(Math.ceil((20 << 20) / 27));
  const line = `${filler}key=${KEY} end`;
  const out = timed("20 MB line", () => eg.sanitizeLogMessage(line));
  assert.ok(!out.includes(KEY));
  assert.ok(out.endsWith("key=[REDACTED:openai-project-key] end"));
  assert.equal(out.length, line.length - KEY.length + "[REDACTED:openai-project-key]".length);
  const found = timed("20 MB line, find", () => eg.findSecrets(line));
  assert.deepEqual(found.map((f) => line.slice(f.start, f.end)), [KEY]);
  // And through the stream in 64 KiB chunks.
  const r = new eg.Redactor();
  const s = r.scrubber();
  let streamed = "";
  let maxHeld = 0;
  timed("20 MB line through the scrubber", () => {
    for (let i = 0; i < line.length; i += 65536) {
      streamed += s.push(line.slice(i, i + 65536));
      maxHeld = Math.max(maxHeld, s.held);
    }
    streamed += s.finish();
  });
  assert.equal(streamed, out);
  assert.ok(maxHeld <= 2 * 65536 + 65536, `held ${maxHeld}`);
  s.free();
  r.free();
  stillWorks();
});

test("10,000-deep nesting and a cyclic object are clear Errors", () => {
  let deep = "leaf";
  for (let i = 0; i < 10_000; i++) deep = { d: deep };
  throwsClearly(() => eg.maskSensitiveData(deep), /nested more than 128 levels/);
  let arr = [GH];
  for (let i = 0; i < 10_000; i++) arr = [arr];
  throwsClearly(() => new eg.Redactor().redactValue(arr), /nested more than 128 levels/);
  // Within the limit it works.
  let ok = { token: "abc123xyz" };
  for (let i = 0; i < 100; i++) ok = { d: ok };
  let m = eg.maskSensitiveData(ok);
  for (let i = 0; i < 100; i++) m = m.d;
  assert.equal(m.token, "[REDACTED:sensitive-key]");
  const cyclic = { a: 1, password: "x" };
  cyclic.self = cyclic;
  throwsClearly(() => eg.maskSensitiveData(cyclic), /cycle/, TypeError);
  const viaArray = [1, 2];
  viaArray.push({ back: viaArray });
  throwsClearly(() => eg.maskSensitiveData(viaArray), /cycle/, TypeError);
  // Deep text goes through the scanner fine (it is just text).
  const brackets = "[".repeat(100_000) + GH + "]".repeat(100_000);
  assert.ok(!eg.sanitizeLogMessage(brackets).includes(GH));
});

test("an object with 200,000 keys", () => {
  const big = {};
  for (let i = 0; i < 200_000; i++) big[`field_${i}`] = i % 1000 === 3 ? `note ${GH}` : i;
  big.api_key = "abcdef123456";
  const out = timed("200,000 keys", () => eg.maskSensitiveData(big));
  assert.equal(Object.keys(out).length, 200_001);
  assert.equal(out.field_0, 0);
  assert.equal(out.field_3, "note [REDACTED:github-pat]");
  assert.equal(out.api_key, "[REDACTED:sensitive-key]");
  assert.equal(big.api_key, "abcdef123456", "the input is not mutated");
  stillWorks();
});

test("wrong types throw TypeErrors naming the argument", () => {
  for (const bad of [42, null, undefined, {}, [], Symbol("s"), 10n, () => 1]) {
    if (bad === null || bad === undefined) continue; // maskApiKey takes these; others below
    throwsClearly(() => eg.sanitizeLogMessage(bad), /sanitizeLogMessage: message must be a string/, TypeError);
    throwsClearly(() => eg.findSecrets(bad), /findSecrets: text must be a string/, TypeError);
    throwsClearly(() => eg.maskApiKey(bad), /maskApiKey: key must be a string/, TypeError);
  }
  throwsClearly(() => eg.sanitizeLogMessage(null), /must be a string, got null/, TypeError);
  throwsClearly(() => eg.sanitizeLogMessage("x", 5), /options must be an object/, TypeError);
  throwsClearly(() => eg.sanitizeLogMessage("x", []), /options must be an object, got array/, TypeError);
  throwsClearly(() => new eg.Redactor("partial"), /config must be an object/, TypeError);
  throwsClearly(() => eg.evaluateHealth("healthy"), /input must be an object/, TypeError);
  throwsClearly(() => eg.evaluateHealth({ now: "soon" }), /evaluateHealth: input/, TypeError);
  throwsClearly(
    () => eg.evaluateHealth({ now: -5, startedAt: 0, version: "1", platform: "p", database: { ok: true }, providers: {} }),
    /evaluateHealth/,
  );
  const r = new eg.Redactor();
  throwsClearly(() => r.redact(12), /Redactor.redact: text must be a string/, TypeError);
  const s = r.scrubber();
  throwsClearly(() => s.push({}), /stream: chunk must be a string/, TypeError);
  assert.equal(s.push("ok\n"), "ok\n", "the scrubber still works after a bad chunk");
  s.free();
  r.free();
  // Values JSON cannot hold: BigInt is a clear TypeError; functions pass through.
  throwsClearly(() => eg.maskSensitiveData({ n: 10n }), /cannot be serialized|BigInt/, TypeError);
  assert.equal(typeof eg.maskSensitiveData(() => 1), "function");
});

test("invalid configs throw Errors naming the field or rule", () => {
  const cases = [
    [{ method: "shout" }, /unknown variant `shout`/],
    [{ maxDepth: 0 }, /maxDepth/],
    [{ maxDepth: 1e9 }, /maxDepth/],
    [{ maxDepth: -1 }, /maxDepth|invalid value: integer `-1`, expected usize/],
    [{ hashKey: "" }, /hashKey/],
    [{ disable: ["no-such-rule"] }, /no built-in rule "no-such-rule"/],
    [{ rules: [{ id: "Bad Id", regex: "x" }] }, /id must be/],
    [{ rules: [{ id: "a1", regex: "(" }] }, /"a1".*does not compile/],
    [{ rules: [{ id: "a1" }] }, /missing field `regex`/],
    [{ rules: [{ id: "a1", regex: "x", keywords: ["é"] }] }, /keyword/],
    // Unclear message today ("Reflect.get called on non-object"), but an Error: see RELIABILITY.md.
    [{ rules: "all" }, /(config|options): /],
    [{ allowPatterns: ["("] }, /allowPatterns/],
    [{ method: { replace: "x".repeat(2000) } }, /1024/],
  ];
  for (const [config, pattern] of cases) {
    throwsClearly(() => new eg.Redactor(config), pattern);
    throwsClearly(() => eg.sanitizeLogMessage("x", config), pattern);
  }
});

// Fixed (docs/RELIABILITY.md, bug 7): JSON.stringify writes a lone surrogate as a
// `\udXXX` escape, which serde_json refused; such escapes now become U+FFFD, as in text.
test("objects with lone surrogates are masked", () => {
  const masked = eg.maskSensitiveData({ "\uD800key": "\uDC00", note: `\uD800 ${GH}`, token: "\uDFFFabc" });
  assert.equal(masked.token, "[REDACTED:sensitive-key]");
  assert.ok(!masked.note.includes(GH));
});

// sanitizeLogMessage and Redactor.redact take a lean path for strings (pkg/extras.mjs):
// clean text comes back as the caller's own string, lone surrogates and all; text with
// a secret is masked; every other value still gets the checked path's TypeError.
test("the lean string path keeps clean strings and masks the rest", () => {
  const r = new eg.Redactor();
  for (const clean of ["plain line", "\uD800 lone \uDFFF", ""]) {
    assert.equal(eg.sanitizeLogMessage(clean), clean);
    assert.equal(r.redact(clean), clean);
  }
  assert.equal(eg.sanitizeLogMessage(`\uD800 ${GH}`), "\uFFFD [REDACTED:github-pat]");
  assert.equal(r.redact(`x ${GH}`), "x [REDACTED:github-pat]");
  assert.equal(eg.sanitizeLogMessage(`x ${GH}`, { method: "remove" }), "x ");
  throwsClearly(() => eg.sanitizeLogMessage({ toString: () => GH }), /must be a string, got object/, TypeError);
  throwsClearly(() => r.redact(undefined), /must be a string, got undefined/, TypeError);
});

// Short strings cross through a scratch buffer in wasm memory (pkg/extras.mjs), long
// ones through wasm-bindgen's own copy: both give what wasm-bindgen's path gives, at
// the size limit and around it, past ASCII (lone surrogates included), and after wasm
// memory grew (which detaches the old view of the buffer).
test("short and long strings mask alike, also after wasm memory grew", () => {
  const core = require("../../pkg/node/edgeguard.js");
  const r = new eg.Redactor();
  const check = () => {
    for (const len of [GH.length + 1, 4095, 4096, 4097, 9000]) {
      for (const pad of ["x", "é", "\uD83D\uDE00", "\uDC00 "]) {
        const line = (pad.repeat(len) + ` ${GH}`).slice(-len);
        const expected = core.__sanitizeDefault(line);
        assert.ok(expected?.endsWith(" [REDACTED:github-pat]"), `${len} x ${JSON.stringify(pad)}`);
        assert.equal(eg.sanitizeLogMessage(line), expected, `${len} x ${JSON.stringify(pad)}`);
        assert.equal(r.redact(line), expected);
        const clean = line.slice(0, -GH.length);
        assert.equal(eg.sanitizeLogMessage(clean), core.__sanitizeDefault(clean) ?? clean);
      }
    }
  };
  check();
  // A 30 MB text grows wasm memory well past what short strings used.
  const big = "y".repeat(30 << 20) + ` ${GH}`;
  assert.ok(r.redact(big).endsWith(" [REDACTED:github-pat]"));
  check();
  // Long JSON and batches take a buffer of their own per call, written again with more
  // room when non-ASCII makes the UTF-8 longer than the string; a call refused for its
  // options frees it too, and the next call is right.
  const value = { note: "é😀\uDC00".repeat(3000), token: "t0k3n-v4lu3", msg: `${"ü".repeat(5000)} ${GH}` };
  // (Unchanged strings are kept as JSON.stringify wrote them, lone surrogates too.)
  const want = JSON.stringify({ ...value, token: "[REDACTED:sensitive-key]", msg: `${"ü".repeat(5000)} [REDACTED:github-pat]` });
  assert.ok(eg.maskSensitiveJson(value) === want, "maskSensitiveJson of a long value");
  assert.ok(r.redactJson(value) === want, "redactJson of a long value");
  throwsClearly(() => eg.maskSensitiveJson(value, { method: "nope" }), /maskSensitiveJson: options/);
  assert.ok(eg.maskSensitiveJson(value) === want, "maskSensitiveJson after a refused call");
  assert.ok(JSON.stringify(eg.maskSensitiveData(value)) === want, "maskSensitiveData's batch of a long value");
  stillWorks();
  r.free();
});

// Fixed (docs/RELIABILITY.md, bug 8): a misspelt option (`allowPattern`, `keywordz`)
// was silently ignored in JS; configs now read as Redactor::from_json does.
test("unknown config fields are refused as in Rust", () => {
  throwsClearly(() => new eg.Redactor({ nope: 1 }), /unknown field `nope`/);
  throwsClearly(() => new eg.Redactor({ allowPattern: ["x"] }), /unknown field `allowPattern`/);
  throwsClearly(
    () => new eg.Redactor({ rules: [{ id: "a1", regex: "acme_[a-z]{8}", keywordz: ["acme_"] }] }),
    /unknown field `keywordz`/,
  );
});

test("custom regexes over the size limit are refused quickly", () => {
  for (const regex of ["(?:\\w{1000}){100}", "[a-z]{65535}", "(?:(?:(?:a{20}){20}){20}){20}", "x".repeat(5000)]) {
    throwsClearly(
      () => timed(`refusing ${regex.slice(0, 30)}`, () => new eg.Redactor({ rules: [{ id: "big", regex, keywords: ["acme"] }] })),
      /"big".*(compiles to more than|limit is 4096|does not compile)/,
    );
  }
  throwsClearly(() => new eg.Redactor({ allowPatterns: ["(?:\\w{1000}){100}"] }), /allowPatterns/);
  const ok = new eg.Redactor({ builtins: false, rules: [{ id: "acme", regex: "acme_[a-z]{8}", keywords: ["acme_"] }] });
  assert.equal(ok.redact("x acme_abcdefgh y"), "x [REDACTED:acme] y");
  ok.free();
});

test("a million short lines and text made only of keywords", () => {
  const lines = [];
  for (let i = 0; i < 1_000_000; i++) lines.push(i % 100_000 === 7 ? `${i} key=${KEY}` : `${i} GET /api/v1/items 200`);
  const text = lines.join("\n");
  const found = timed("1,000,000 lines", () => eg.findSecrets(text));
  assert.equal(found.length, 10);
  for (const unit of ["token ", "password=", "secret: ", "Bearer ", "[REDACTED:x] ", "sk-proj-"]) {
    const kw = unit.repeat(Math.ceil((1 << 20) / unit.length));
    const out = timed(`1 MB of ${JSON.stringify(unit)}`, () => eg.sanitizeLogMessage(kw));
    assert.equal(eg.sanitizeLogMessage(out), out);
  }
  stillWorks();
});

test("a Kubernetes name/value pair is masked through the scrubber at any chunking, and held back only briefly", () => {
  const text = "env:\n- name: DB_HOST\n  value: db.internal\n- name: DB_PASSWORD\n  value: Xk9pL2qW7zT4\n";
  const r = new eg.Redactor();
  const whole = r.redact(text);
  assert.equal(whole, text.replace("Xk9pL2qW7zT4", "[REDACTED:yaml-name-value-pair]"));
  for (const size of [1, 5, 23, 4096]) {
    const s = r.scrubber();
    let out = "";
    for (let i = 0; i < text.length; i += size) out += s.push(text.slice(i, i + size));
    out += s.finish();
    s.free();
    assert.equal(out, whole, `chunks of ${size}`);
  }
  // The `name:` line waits for 1 KiB more (the rule's reach), not 64 KiB.
  const s = r.scrubber();
  let out = s.push("- name: API_TOKEN\n  value: Zr8nW3bK4pQm\n");
  assert.equal(out, "");
  let pushed = 0;
  while (!out && pushed < 64 * 1024) {
    const line = "ts=1 level=info msg=\"ok\"\n";
    out += s.push(line);
    pushed += line.length;
  }
  assert.ok(pushed < 1200, `held back for ${pushed} bytes`);
  assert.ok(out.startsWith("- name: API_TOKEN\n  value: [REDACTED:yaml-name-value-pair]\n"), out);
  s.free();
  r.free();
  // A custom multi-line rule says its reach; a wrong one is a clear error.
  throwsClearly(
    () => new eg.Redactor({ rules: [{ id: "acme", regex: "acme_[a-z]{8}", keywords: ["acme_"], reach: 100 }] }),
    /acme.*reach needs multiline/,
  );
  throwsClearly(
    () => new eg.Redactor({ rules: [{ id: "acme", regex: "acme_[a-z]{8}", keywords: ["acme_"], multiline: true, reach: 0 }] }),
    /reach 0 must lie between 1 and 65536/,
  );
});
