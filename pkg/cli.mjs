#!/usr/bin/env node
// edgeguard CLI: `edgeguard scrub [FILE...]` masks secrets from files or stdin to stdout.
import { closeSync, createReadStream, openSync, read, readFileSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { setFlagsFromString } from "node:v8";

// V8 compiles the wasm module on several threads, and each thread's allocator keeps
// its memory afterwards (about 17 MB of a ~100 MB peak); one thread compiles it as
// fast here. The flag must be set before the module loads, hence the dynamic import.
setFlagsFromString("--wasm-num-compilation-tasks=1");
const { Redactor } = await import("./index.mjs");

const USAGE = `usage: edgeguard scrub [options] [FILE...]

Masks secrets (API keys, private keys, tokens, passwords) in FILEs, or stdin when no
FILE or "-" is given, and writes the result to stdout. Memory stays constant.

options:
  --method M      redact (default: [REDACTED:<rule>]), partial, hash or remove
  --config FILE   JSON config: { "rules": [...], "allow": [...], "disable": [...], ... }
  --json          print findings as JSON lines {file, line, ruleId, start, end}, not text
  --check         exit 1 when any secret was found
  --quiet         no progress line on stderr
  -h, --help      this help
  --version       print the version

exit codes: 0 done (no secret found, or without --check), 1 secrets found (--check),
            2 usage or config error, 3 input or output error`;

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = { files: [], method: undefined, config: undefined, json: false, check: false, quiet: false };
  const args = [...argv];
  const cmd = args.shift();
  if (cmd === "-h" || cmd === "--help" || cmd === undefined) return { help: true };
  if (cmd === "--version") return { version: true };
  if (cmd !== "scrub") throw new UsageError(`unknown command ${JSON.stringify(cmd)}; try "edgeguard scrub --help"`);
  while (args.length) {
    const a = args.shift();
    const value = (name) => {
      const v = args.shift();
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === "-h" || a === "--help") return { help: true };
    else if (a === "--method") opts.method = value(a);
    else if (a.startsWith("--method=")) opts.method = a.slice(9);
    else if (a === "--config") opts.config = value(a);
    else if (a.startsWith("--config=")) opts.config = a.slice(9);
    else if (a === "--json") opts.json = true;
    else if (a === "--check") opts.check = true;
    else if (a === "--quiet") opts.quiet = true;
    else if (a === "-" || !a.startsWith("-")) opts.files.push(a);
    else throw new UsageError(`unknown option ${a}`);
  }
  if (opts.method && !["redact", "partial", "hash", "remove"].includes(opts.method)) {
    throw new UsageError(`--method must be redact, partial, hash or remove, got ${JSON.stringify(opts.method)}`);
  }
  if (!opts.files.length) opts.files.push("-");
  return opts;
}

function loadConfig(opts) {
  let config = {};
  if (opts.config) {
    let text;
    try {
      text = readFileSync(opts.config, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read config ${opts.config}: ${e.message}`);
    }
    try {
      config = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`config ${opts.config} is not valid JSON: ${e.message}`);
    }
  }
  if (opts.method) config.method = opts.method;
  try {
    return new Redactor(config);
  } catch (e) {
    throw new UsageError(`config${opts.config ? " " + opts.config : ""}: ${e.message}`);
  }
}

function write(out, text) {
  if (!text || text.length === 0) return undefined;
  if (out.write(text)) return undefined;
  return new Promise((resolve, reject) => {
    out.once("drain", resolve);
    out.once("error", reject);
  });
}

function progress(file, total) {
  const started = Date.now();
  let done = 0;
  let last = 0;
  return {
    add(n, found, final = false) {
      done += n;
      const now = Date.now();
      if (!final && now - last < 250) return;
      last = now;
      const secs = Math.max((now - started) / 1000, 0.001);
      const pct = total ? ` (${((100 * done) / total).toFixed(0)}%)` : "";
      process.stderr.write(`\r${file}: ${(done / 1e6).toFixed(1)} MB${pct}, ${(done / 1e6 / secs).toFixed(1)} MB/s, ${found} secrets found`);
      if (final) process.stderr.write("\n");
    },
  };
}

function open(file, encoding) {
  const input = file === "-" ? process.stdin : createReadStream(file);
  if (encoding) input.setEncoding(encoding);
  return input;
}

/** Reads `file` (or stdin) into one reused buffer: yields views of it. */
async function* chunks(file) {
  const fd = file === "-" ? 0 : openSync(file, "r");
  const buf = Buffer.allocUnsafe(1 << 16);
  try {
    for (;;) {
      const n = await new Promise((resolve, reject) =>
        read(fd, buf, 0, buf.length, null, (e, bytes) => (e ? reject(e) : resolve(bytes))),
      );
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } catch (e) {
    // A non-blocking stdin (shared with a parent) cannot be read this way: stream it.
    if (fd !== 0 || e.code !== "EAGAIN") throw e;
    yield* process.stdin;
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** Writes `bytes` and waits until they are written (not only buffered). */
function writeFully(out, bytes) {
  if (bytes.length === 0) return undefined;
  return new Promise((resolve, reject) => out.write(bytes, (e) => (e ? reject(e) : resolve())));
}

async function scrubText(redactor, file, opts) {
  const scrubber = redactor.scrubber();
  let bar;
  if (!opts.quiet && file !== "-" && process.stderr.isTTY) bar = progress(file, statSync(file).size);
  try {
    // Bytes in, bytes out, through two reused buffers (each write finishes before
    // the output buffer is filled again): streaming makes no garbage per chunk, and
    // memory stays flat and small.
    const out = Buffer.allocUnsafe(1 << 16);
    for await (const chunk of chunks(file)) {
      scrubber.__pushBytesHeld(chunk);
      for (let n; (n = scrubber.__takeOutput(out)) > 0; ) await writeFully(process.stdout, out.subarray(0, n));
      bar?.add(chunk.length, scrubber.found);
    }
    await write(process.stdout, scrubber.finishBytes());
    bar?.add(0, scrubber.found, true);
    return scrubber.found;
  } finally {
    scrubber.free();
  }
}

async function scrubJson(redactor, file) {
  let found = 0;
  let line = 0;
  const lines = createInterface({ input: open(file, "utf8"), crlfDelay: Infinity });
  for await (const text of lines) {
    line += 1;
    for (const f of redactor.find(text)) {
      found += 1;
      await write(process.stdout, JSON.stringify({ file, line, ruleId: f.ruleId, start: f.start, end: f.end }) + "\n");
    }
  }
  return found;
}

async function main() {
  let opts;
  let redactor;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (opts.help) {
      process.stdout.write(USAGE + "\n");
      return 0;
    }
    if (opts.version) {
      const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
      process.stdout.write(pkg.version + "\n");
      return 0;
    }
    redactor = loadConfig(opts);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`edgeguard: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let found = 0;
  for (const file of opts.files) {
    try {
      found += opts.json ? await scrubJson(redactor, file) : await scrubText(redactor, file, opts);
    } catch (e) {
      process.stderr.write(`edgeguard: ${file === "-" ? "stdin" : file}: ${e.message}\n`);
      return 3;
    }
  }
  return opts.check && found > 0 ? 1 : 0;
}

process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
});
main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`edgeguard: ${e.message}\n`);
    process.exitCode = 3;
  },
);
