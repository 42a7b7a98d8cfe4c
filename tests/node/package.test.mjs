// The npm package as a user meets it: packed with `npm pack`, installed from the
// tarball into a fresh project, used through require, import, TypeScript, the stream
// and the CLI.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const KEY = "sk-proj-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lMn9oPq2";
let dir;
let tarball;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: "utf8", ...opts });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "edgeguard-user-"));
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", dir, join(root, "pkg")], { encoding: "utf8" }),
  );
  tarball = packed[0];
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", join(dir, tarball.filename)], { cwd: dir });
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the tarball holds only what a user needs", () => {
  const files = tarball.files.map((f) => f.path).sort();
  for (const f of ["package.json", "index.cjs", "index.mjs", "index.d.ts", "web.mjs", "cli.mjs", "extras.cjs", "extras.mjs", "node/edgeguard_bg.wasm", "web/edgeguard_bg.wasm", "README.md", "LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.ok(files.includes(f), `${f} missing from the tarball`);
  }
  assert.deepEqual(files.filter((f) => /\.(rs|toml|map)$|test/.test(f)), []);
});

test("require() masks an OpenAI project key", () => {
  writeFileSync(join(dir, "use.cjs"), `const { sanitizeLogMessage } = require("edgeguard");\nprocess.stdout.write(sanitizeLogMessage("key=${KEY} done"));`);
  const r = run("node", ["use.cjs"]);
  assert.equal(r.code, 0, r.err);
  assert.ok(!r.out.includes(KEY));
  assert.match(r.out, /^key=\[REDACTED:[a-z0-9-]+\] done$/);
});

test("import() masks an OpenAI project key", () => {
  writeFileSync(join(dir, "use.mjs"), `const m = await import("edgeguard");\nprocess.stdout.write(m.sanitizeLogMessage("using ${KEY}"));`);
  const r = run("node", ["use.mjs"]);
  assert.equal(r.code, 0, r.err);
  assert.ok(!r.out.includes(KEY));
  assert.match(r.out, /^using \[REDACTED:/);
});

test("require() and import() mask objects", () => {
  const value = `{ password: "hunter2", msg: "using ${KEY}" }`;
  writeFileSync(join(dir, "obj.cjs"), `const eg = require("edgeguard");\nprocess.stdout.write(JSON.stringify(eg.maskSensitiveData(${value})));`);
  writeFileSync(join(dir, "obj.mjs"), `import { Redactor } from "edgeguard";\nprocess.stdout.write(JSON.stringify(new Redactor().redactValue(${value})));`);
  for (const file of ["obj.cjs", "obj.mjs"]) {
    const r = run("node", [file]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { password: "[REDACTED:sensitive-key]", msg: "using [REDACTED:openai-project-key]" }, file);
  }
  // JSON out, as a logger writes it.
  writeFileSync(join(dir, "json.cjs"), `const eg = require("edgeguard");\nprocess.stdout.write(eg.maskSensitiveJson(${value}));`);
  writeFileSync(join(dir, "json.mjs"), `import { Redactor } from "edgeguard";\nprocess.stdout.write(new Redactor().redactJson(${value}));`);
  for (const file of ["json.cjs", "json.mjs"]) {
    const r = run("node", [file]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '{"password":"[REDACTED:sensitive-key]","msg":"using [REDACTED:openai-project-key]"}', file);
  }
});

test("a TypeScript consumer compiles under tsc --strict", () => {
  writeFileSync(
    join(dir, "consumer.ts"),
    `import { Redactor, sanitizeLogMessage, findSecrets, maskApiKey, maskSensitiveJson, evaluateHealth, type Finding } from "edgeguard";
const r = new Redactor({ method: "partial", rules: [{ id: "acme", regex: "acme_[a-z]{8}", keywords: ["acme_"] }] });
const out: string = r.redact("x") + sanitizeLogMessage("y", { method: "hash", hashKey: "k" });
const found: Finding[] = findSecrets(out);
const n: number = found.length > 0 ? found[0].start : 0;
const s: TransformStream<string, string> = r.stream();
const masked: string = maskApiKey(null) + maskSensitiveJson({ password: "x" }) + r.redactJson([1, "y"]);
const report = evaluateHealth({ now: 2, startedAt: 1, version: "1", platform: "p", database: { ok: true }, providers: {} });
const code: number = report.httpStatus;
console.log(out, n, s, masked, code);
`,
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom"], skipLibCheck: false }, files: ["consumer.ts"] }),
  );
  const r = run(join(root, "node_modules/.bin/tsc"), ["-p", "."]);
  assert.equal(r.code, 0, r.out + r.err);
  // And the types are precise: a wrong argument type is a compile error.
  writeFileSync(join(dir, "consumer.ts"), `import { sanitizeLogMessage } from "edgeguard";\nsanitizeLogMessage(42);\n`);
  const bad = run(join(root, "node_modules/.bin/tsc"), ["-p", "."]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.out, /not assignable to parameter of type 'string'/);
});

test("stream(): a secret split at every chunk boundary is masked", async () => {
  const { Redactor } = await import(join(dir, "node_modules/edgeguard/index.mjs"));
  const r = new Redactor();
  const text = `before\nAuthorization header token ${KEY} after\nend`;
  const expected = r.redact(text);
  assert.ok(!expected.includes(KEY));
  for (let cut = 0; cut <= text.length; cut++) {
    const ts = r.stream();
    const writer = ts.writable.getWriter();
    const reading = (async () => {
      let s = "";
      for await (const chunk of ts.readable) s += chunk;
      return s;
    })();
    await writer.write(text.slice(0, cut));
    await writer.write(text.slice(cut));
    await writer.close();
    assert.equal(await reading, expected, `cut at ${cut}`);
  }
});

test("bad input throws clear errors and the module keeps working", async () => {
  const m = await import(join(dir, "node_modules/edgeguard/index.mjs"));
  assert.throws(() => m.sanitizeLogMessage(42), { name: "TypeError", message: /message must be a string, got number/ });
  assert.throws(() => m.sanitizeLogMessage(null), { name: "TypeError", message: /got null/ });
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  assert.throws(() => m.maskSensitiveData(cyclic), { message: /cycle/ });
  let deep = {};
  for (let i = 0; i < 10000; i++) deep = { d: deep };
  assert.throws(() => m.maskSensitiveData(deep), { message: /nested more than \d+ levels/ });
  assert.throws(() => new m.Redactor({ method: "shout" }), { message: /unknown variant `shout`/ });
  assert.throws(() => new m.Redactor({ rules: [{ id: "bad", regex: "([a-z" }] }), { message: /invalid rule "bad": regex does not compile/ });
  assert.throws(() => new m.Redactor({ rules: [{ regex: "x" }] }), { message: /missing field `id`/ });
  assert.throws(() => new m.Redactor(5), { name: "TypeError", message: /must be an object, got number/ });
  assert.equal(m.sanitizeLogMessage(`k=${KEY}`).includes(KEY), false);
});

test("CLI: scrub stdin, --check exit code, --json findings, usage errors", () => {
  const bin = join(dir, "node_modules/.bin/edgeguard");
  const input = `ok line\npassword=hunter2x and ${KEY}\n`;
  const r = run(bin, ["scrub"], { input });
  assert.equal(r.code, 0, r.err);
  assert.ok(!r.out.includes(KEY) && !r.out.includes("hunter2x"));
  assert.ok(r.out.startsWith("ok line\npassword=[REDACTED:"));
  assert.equal(run(bin, ["scrub", "--check"], { input }).code, 1);
  assert.equal(run(bin, ["scrub", "--check"], { input: "nothing here\n" }).code, 0);
  const json = run(bin, ["scrub", "--json"], { input });
  const findings = json.out.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(findings.length, 2);
  assert.deepEqual(findings.map((f) => f.line), [2, 2]);
  assert.equal(run(bin, ["scrub", "--method", "shout"]).code, 2);
  assert.equal(run(bin, ["frobnicate"]).code, 2);
  assert.equal(run(bin, ["scrub", "/no/such/file"]).code, 3);
  assert.match(run(bin, ["--help"]).out, /usage: edgeguard scrub/);
});

test("the installed package lists only its own files", () => {
  const installed = readdirSync(join(dir, "node_modules/edgeguard")).sort();
  assert.ok(installed.includes("cli.mjs") && !installed.includes("src"));
});
