// maskSensitiveData and Redactor.redactValue: the object walker of pkg/extras.mjs, which
// copies values as JSON would and sends their strings to wasm in one batch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const eg = require("../../pkg/index.cjs");
const GH = "ghp_7Yx2Kq9Lm4Np8Rs1Tu6Vw3Xz5Ab0Cd2Ef4Gh";

test("copies as JSON would: toJSON, boxed values, dropped and non-finite values", () => {
  const input = {
    when: new Date(0),
    custom: { toJSON: (key) => `custom under ${key} ${GH}` },
    boxed: [new String(`s ${GH}`), new Number(7), new Boolean(false)],
    gone: undefined,
    fn() {},
    [Symbol("s")]: 1,
    list: [undefined, () => 1, NaN, Infinity, -0, null],
    map: new Map([["password", "x"]]),
  };
  const out = eg.maskSensitiveData(input);
  const viaJson = JSON.parse(JSON.stringify(input));
  assert.deepEqual(Object.keys(out), Object.keys(viaJson));
  assert.equal(out.when, "1970-01-01T00:00:00.000Z");
  assert.equal(out.custom, "custom under custom [REDACTED:github-pat]");
  assert.deepEqual(out.boxed, ["s [REDACTED:github-pat]", 7, false]);
  assert.deepEqual(out.list, [null, null, null, null, 0, null]);
  assert.deepEqual(out.map, {});
});

test("sensitive keys mask whole values, nested ones too; others are scanned", () => {
  const input = {
    user: { name: "ana", password: "hunter2", pin: 1234 },
    headers: { Authorization: "Bearer abc.def.ghi", "X-Api-Key": 123456789 },
    credentials: { user: "app", nested: ["a", { deeper: "b" }], n: 5, ok: true },
    note: `deploy with ${GH}`,
    max_tokens: 512,
    token: "${TOKEN}",
  };
  const out = eg.maskSensitiveData(input);
  assert.equal(out.user.name, "ana");
  assert.equal(out.user.password, "[REDACTED:sensitive-key]");
  assert.equal(out.user.pin, 1234);
  assert.equal(out.headers.Authorization, "[REDACTED:sensitive-key]");
  assert.equal(out.headers["X-Api-Key"], "[REDACTED:sensitive-key]");
  assert.deepEqual(out.credentials, {
    user: "[REDACTED:sensitive-key]",
    nested: ["[REDACTED:sensitive-key]", { deeper: "[REDACTED:sensitive-key]" }],
    n: "[REDACTED:sensitive-key]",
    ok: true,
  });
  assert.equal(out.note, "deploy with [REDACTED:github-pat]");
  assert.equal(out.max_tokens, 512);
  assert.equal(out.token, "${TOKEN}", "placeholders are left alone");
  assert.equal(input.user.password, "hunter2", "the input is not modified");
  assert.deepEqual(eg.maskSensitiveData(out), out, "masking twice changes nothing");
});

test("the same object twice is no cycle, and takes the sensitivity of each place", () => {
  const shared = { value: "abc123", note: GH };
  const out = eg.maskSensitiveData({ a: shared, secret: shared });
  assert.deepEqual(out.a, { value: "abc123", note: "[REDACTED:github-pat]" });
  assert.deepEqual(out.secret, { value: "[REDACTED:sensitive-key]", note: "[REDACTED:sensitive-key]" });
});

test("strings holding NUL and mask texts holding NUL keep every value in its place", () => {
  const out = eg.maskSensitiveData({ a: `x\u0000${GH}`, b: "plain", token: "t0k\u0000en" });
  assert.deepEqual(out, { a: "x\u0000[REDACTED:github-pat]", b: "plain", token: "[REDACTED:sensitive-key]" });
  const r = new eg.Redactor({ method: { replace: "<\u0000>" } });
  assert.deepEqual(r.redactValue({ a: GH, b: "plain", c: [GH, "x"], password: "p4ss" }), {
    a: "<\u0000>",
    b: "plain",
    c: ["<\u0000>", "x"],
    password: "<\u0000>",
  });
});

test("options and methods apply; top-level primitives pass through", () => {
  assert.equal(eg.maskSensitiveData(GH), "[REDACTED:github-pat]");
  assert.equal(eg.maskSensitiveData(42), 42);
  assert.equal(eg.maskSensitiveData(null), null);
  assert.equal(eg.maskSensitiveData(undefined), undefined);
  const hashed = eg.maskSensitiveData({ password: "hunter2" }, { method: "hash", hashKey: "k" });
  assert.match(hashed.password, /^\[REDACTED:sensitive-key:[0-9a-f]+\]$/);
  assert.deepEqual(eg.maskSensitiveData({ password: "hunter2", n: GH }, { method: "remove" }), { password: "", n: "" });
  assert.throws(() => eg.maskSensitiveData({}, { maxDepth: 0 }), /maxDepth/);
  let deep = { leaf: 1 };
  for (let i = 0; i < 3; i++) deep = { d: deep };
  assert.throws(() => eg.maskSensitiveData(deep, { maxDepth: 3 }), /nested more than 3 levels/);
  assert.equal(eg.maskSensitiveData(deep, { maxDepth: 4 }).d.d.d.leaf, 1);
});

test("isSensitiveKey is exported and agrees with the masking", () => {
  assert.equal(eg.isSensitiveKey("client_secret"), true);
  assert.equal(eg.isSensitiveKey("X-Api-Key"), true);
  assert.equal(eg.isSensitiveKey("max_tokens"), false);
  assert.equal(eg.isSensitiveKey("public_key"), false);
});

test("the nesting limit counts as the Rust walker does; cycles are told apart at any limit", () => {
  const nest = (levels, leaf) => {
    let v = leaf;
    for (let i = 0; i < levels; i++) v = { d: v };
    return v;
  };
  // `maxDepth: 3`: a container at depth 3 may be empty; its members would be at depth 4.
  const opts = { maxDepth: 3 };
  assert.deepEqual(eg.maskSensitiveData(nest(3, {}), opts), nest(3, {}));
  assert.deepEqual(eg.maskSensitiveData(nest(3, []), opts), nest(3, []));
  assert.deepEqual(eg.maskSensitiveData(nest(3, "x"), opts), nest(3, "x"));
  assert.throws(() => eg.maskSensitiveData(nest(3, { a: 1 }), opts), /nested more than 3 levels/);
  assert.throws(() => eg.maskSensitiveData(nest(3, [1]), opts), /nested more than 3 levels/);
  assert.throws(() => eg.maskSensitiveData(nest(4, "x"), opts), /nested more than 3 levels/);
  const r = new eg.Redactor(opts);
  assert.throws(() => r.redactValue(nest(4, "x")), /nested more than 3 levels/);
  assert.deepEqual(r.redactValue(nest(3, {})), nest(3, {}));
  // A cycle within the limit (here three levels long), deep inside or at the largest
  // limit, is a cycle, not a depth error.
  for (const [maxDepth, above] of [[3, 0], [128, 40], [256, 250]]) {
    const inner = { password: "x", list: [] };
    inner.list.push({ up: inner });
    assert.throws(() => eg.maskSensitiveData(nest(above, inner), { maxDepth }), (e) =>
      e instanceof TypeError && /cycle/.test(e.message), `maxDepth ${maxDepth}`);
  }
});

test("strings too short for any rule are not scanned, as short as the rules allow", () => {
  // A custom rule that finds two bytes: two-byte strings are still scanned.
  const opts = { builtins: false, rules: [{ id: "pin", regex: "\\b[0-9]{2}\\b", keywords: [] }] };
  assert.deepEqual(eg.maskSensitiveData({ a: "42", b: "7", c: "x 42", password: "1" }, opts), {
    a: "[REDACTED:pin]",
    b: "7",
    c: "x [REDACTED:pin]",
    password: "[REDACTED:sensitive-key]",
  });
  assert.equal(new eg.Redactor(opts).redact("42"), "[REDACTED:pin]");
  assert.deepEqual(new eg.Redactor(opts).redactValue(["42", "€4"]), ["[REDACTED:pin]", "€4"]);
  // No rules at all: nothing is scanned, sensitive keys are still masked whole.
  const none = new eg.Redactor({ builtins: false });
  assert.deepEqual(none.redactValue({ note: GH, token: "t0k3n" }), { note: GH, token: "[REDACTED:sensitive-key]" });
  // The built-in rules: short values of sensitive keys are masked, short text is kept.
  assert.deepEqual(eg.maskSensitiveData({ password: "ab", m: "GET", n: "é" }), {
    password: "[REDACTED:sensitive-key]",
    m: "GET",
    n: "é",
  });
});

// maskSensitiveJson and Redactor.redactJson: JSON.stringify, then one pass in wasm over
// the text (src/json_text.rs). Their contract is the walker's result, stringified.
function seeded(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}
const PIECES = [
  GH, "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l", "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
  "postgres://app:s3cr3tP4ss@db:5432/x", "${TOKEN}", "<your-key>", "********", "plain", "ünï€😀",
  "\u0000", "\u0001\u001f", "\"", "\\", "\n\t", "\ud800", "\udfff", "\u2028", "key=", " ", "",
  "DB_PASSWORD", "/prod/api_key",
];
const KEYS = ["password", "apiKey", "X-Api-Key", "authorization", "client_secret", "max_tokens", "public_key",
  "msg", "id", "pass\"word", "to\\ken", "\u0000", "ключ", "", "name", "Name", "key", "value", "Value"];
function randomValue(rnd, depth = 0) {
  const pick = rnd(depth > 3 ? 7 : 10);
  switch (pick) {
    case 0: return null;
    case 1: return rnd(2) === 0;
    case 2: return [0, -0, 7, 1234567, 0.1, -2.5e-7, 1e21, NaN, Infinity][rnd(9)];
    case 3: case 4: case 5: {
      let s = "";
      for (let i = rnd(4); i >= 0; i--) s += PIECES[rnd(PIECES.length)];
      return s;
    }
    case 6: return [undefined, new Date(rnd(1e12)), new String(GH), { toJSON: () => `j ${GH}` }, () => 1][rnd(5)];
    case 7: return Array.from({ length: rnd(5) }, () => randomValue(rnd, depth + 1));
    default: {
      const o = {};
      for (let i = rnd(6); i > 0; i--) o[KEYS[rnd(KEYS.length)] + (rnd(3) === 0 ? "" : rnd(9))] = randomValue(rnd, depth + 1);
      return o;
    }
  }
}

test("maskSensitiveJson is JSON.stringify(maskSensitiveData(...)) for any value and method", () => {
  const methods = [undefined, { method: "partial" }, { method: "hash", hashKey: "k" }, { method: "remove" },
    { method: { replace: "<\u0000\"gone\"\n>" } }, { maxDepth: 4 }];
  const redactors = methods.map((options) => new eg.Redactor(options));
  const rnd = seeded(7);
  let masked = 0;
  for (let i = 0; i < 400; i++) {
    const v = randomValue(rnd);
    for (const [m, options] of methods.entries()) {
      let expected;
      try {
        expected = JSON.stringify(eg.maskSensitiveData(v, options));
      } catch (e) {
        // The same error, naming the function called.
        const message = e.message.replace(/^maskSensitiveData:/, "maskSensitiveJson:");
        assert.throws(() => eg.maskSensitiveJson(v, options), { message });
        continue;
      }
      const got = eg.maskSensitiveJson(v, options);
      assert.equal(got, expected, `value ${i} ${JSON.stringify(options)}: ${JSON.stringify(v)}`);
      assert.equal(redactors[m].redactJson(v), expected);
      if (got !== JSON.stringify(v)) masked++;
    }
  }
  assert.ok(masked > 400, `only ${masked} outputs differed from their input`);
  // Past the scratch buffer (4,096 UTF-16 units), the text crosses as a string.
  const big = { msg: `${"x ".repeat(3000)}${GH}`, list: Array.from({ length: 300 }, (_, i) => ({ password: `p${i}`, n: i })) };
  assert.equal(eg.maskSensitiveJson(big), JSON.stringify(eg.maskSensitiveData(big)));
  assert.ok(!eg.maskSensitiveJson(big).includes(GH));
});

test("the value of a name/value pair naming a credential is masked, as Rust masks it", () => {
  const env = { env: [{ value: "kR9mQ2vL7x", name: "DB_PASSWORD" }, { name: "PORT", value: "8080" }] };
  const want = { env: [{ value: "[REDACTED:sensitive-key]", name: "DB_PASSWORD" }, { name: "PORT", value: "8080" }] };
  assert.deepEqual(eg.maskSensitiveData(env), want);
  assert.equal(eg.maskSensitiveJson(env), JSON.stringify(want));
  assert.deepEqual(new eg.Redactor().redactValue(env), want);
  // SSM's Name/Value, Postman's key/value, a nested value; a reference is left alone.
  assert.deepEqual(eg.maskSensitiveData({ Name: "/prod/db/password", Value: 4711 }), { Name: "/prod/db/password", Value: "[REDACTED:sensitive-key]" });
  assert.deepEqual(eg.maskSensitiveData({ key: "apiKey", value: { v: "kR9mQ2vL7x" } }), { key: "apiKey", value: { v: "[REDACTED:sensitive-key]" } });
  const ref = { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } };
  assert.deepEqual(eg.maskSensitiveData(ref), ref);
  // A name given by toJSON or as a String object counts as JSON.stringify writes it,
  // and toJSON is called once, as JSON.stringify calls it.
  let calls = 0;
  const viaToJSON = { value: "kR9mQ2vL7x", name: { toJSON: () => { calls++; return "client_secret"; } } };
  assert.equal(eg.maskSensitiveJson(viaToJSON), '{"value":"[REDACTED:sensitive-key]","name":"client_secret"}');
  calls = 0;
  assert.deepEqual(eg.maskSensitiveData(viaToJSON), { value: "[REDACTED:sensitive-key]", name: "client_secret" });
  assert.equal(calls, 1);
  assert.deepEqual(eg.maskSensitiveData({ name: new String("token"), value: "kR9mQ2vL7x" }), { name: "token", value: "[REDACTED:sensitive-key]" });
});

test("maskSensitiveJson passes what JSON.stringify passes and refuses what the walker refuses", () => {
  assert.equal(eg.maskSensitiveJson(undefined), undefined);
  assert.equal(eg.maskSensitiveJson(() => 1), undefined);
  assert.equal(eg.maskSensitiveJson(GH), '"[REDACTED:github-pat]"');
  assert.equal(eg.maskSensitiveJson({ a: 1, b: [true, null] }), '{"a":1,"b":[true,null]}');
  const cyclic = { password: "x" };
  cyclic.self = cyclic;
  // Errors name the function called, not the walker behind it.
  assert.throws(() => eg.maskSensitiveJson(cyclic), (e) => e instanceof TypeError && /^maskSensitiveJson: value contains a cycle/.test(e.message));
  assert.throws(() => eg.maskSensitiveJson({ n: 1n }), (e) => e instanceof TypeError && /^maskSensitiveJson: .*BigInt/.test(e.message));
  const r = new eg.Redactor();
  assert.throws(() => r.redactJson(cyclic), (e) => e instanceof TypeError && /^Redactor\.redactJson: value contains a cycle/.test(e.message));
  assert.throws(() => r.redactValue({ n: 1n }), (e) => e instanceof TypeError && /^Redactor\.redactValue: .*BigInt/.test(e.message));
  assert.throws(() => eg.maskSensitiveData(cyclic), (e) => e instanceof TypeError && /^maskSensitiveData: value contains a cycle/.test(e.message));
  let deep = {};
  for (let i = 0; i < 20000; i++) deep = { d: deep };
  assert.throws(() => eg.maskSensitiveJson(deep), /nested more than 128 levels/);
  assert.throws(() => eg.maskSensitiveJson({}, { maxDepth: "x" }), /maskSensitiveJson: options/);
  assert.throws(() => eg.maskSensitiveJson({ toJSON() { throw new Error("no JSON for you"); } }), /no JSON for you/);
  assert.equal(eg.maskSensitiveJson({ password: "hunter2" }), '{"password":"[REDACTED:sensitive-key]"}');
});

test("strings one redactor found clean are masked by another that finds a secret in them", () => {
  // The walker remembers short strings each redactor found clean; one redactor's
  // answer is never taken for another's (nor for a call with options).
  const acme = new eg.Redactor({
    builtins: false,
    rules: [{ id: "acme-key", regex: "\\bacme_[a-z0-9]{8}\\b", keywords: ["acme_"] }],
  });
  const other = new eg.Redactor({
    builtins: false,
    rules: [{ id: "other-key", regex: "\\bzzz_[a-z0-9]{8}\\b", keywords: ["zzz_"] }],
  });
  const record = { note: "acme_k3y9x2q7", host: "api.example.com" };
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(other.redactValue(record), record);
    assert.deepEqual(eg.maskSensitiveData(record), record);
    assert.deepEqual(acme.redactValue(record), { note: "[REDACTED:acme-key]", host: "api.example.com" });
    assert.deepEqual(eg.maskSensitiveData(record, { builtins: false, rules: [{ id: "acme-key", regex: "\\bacme_[a-z0-9]{8}\\b", keywords: ["acme_"] }] }), { note: "[REDACTED:acme-key]", host: "api.example.com" });
  }
  // A secret the default rules find is masked every time, not remembered as clean.
  const key = "ghp_R7cKq2LmX9vTz4WbN8pJd3HsY6fGa1Ue5oQi";
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(other.redactValue({ k: key }), { k: key });
    assert.deepEqual(eg.maskSensitiveData({ note: key }), { note: "[REDACTED:github-pat]" });
  }
});

test("an array element after one that names a credential is masked, as in wasm's JSON pass", () => {
  const m = "[REDACTED:sensitive-key]";
  const input = {
    rawHeaders: ["Host", "api.example.com", "X-Api-Key", "Zq8rT2vL9mXw4Hk3", "Cookie", "sid=Zq8rT2vL9mXw4Hk3"],
    entries: [...new Map([["authorization", "Token Zq8rT2vL9mXw4Hk3"], ["accept", "text/plain"]])],
    argv: ["node", "app.js", "--password", "Zq8rT2vL9mXw4Hk3", "--port", "8080"],
    redact: ["password", "token", "req.headers.authorization"],
    converted: ["token", { toJSON: () => "Zq8rT2vL9mXw4Hk3" }, new String("secret"), new String("Zq8rT2vL9mXw4Hk3")],
  };
  const out = eg.maskSensitiveData(input);
  assert.deepEqual(out.rawHeaders, ["Host", "api.example.com", "X-Api-Key", m, "Cookie", m]);
  assert.deepEqual(out.entries, [["authorization", m], ["accept", "text/plain"]]);
  assert.deepEqual(out.argv, ["node", "app.js", "--password", m, "--port", "8080"]);
  assert.deepEqual(out.redact, input.redact);
  assert.deepEqual(out.converted, ["token", m, "secret", m]);
  assert.equal(eg.maskSensitiveJson(input), JSON.stringify(out));
});
