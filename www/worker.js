// Masks logs off the main thread with edgeguard's web build (module worker).
//
// Protocol (all messages carry the run `id` they belong to):
//   in:  { type: "run", id, config: RedactorConfig, text?: string, file?: File }
//   out: { type: "ready", ruleCount }                          once, after init()
//        { type: "chunk", id, text, lines, findings, marks, progress }  per chunk, in order
//        { type: "done", id, bytes, ms, count }
//        { type: "error", id, message, config: boolean }
//        { type: "fatal", message }                            the engine did not load
//
// Input is cut into chunks of about CHUNK_CHARS at line breaks (PEM blocks are kept
// whole), so a 10 MB log streams back as ~40 messages and progress is shown per chunk.
// `marks` are `[start, end]` pairs in the chunk's *masked* text (UTF-16 units), one per
// finding, or null when the replacement text could not be located exactly.
import init, { Redactor, rules } from "./vendor/edgeguard/web.mjs";

const CHUNK_CHARS = 256 * 1024;

const ready = init()
  .then(() => {
    postMessage({ type: "ready", ruleCount: rules().length });
    warmUp();
    return true;
  })
  .catch((err) => {
    postMessage({ type: "fatal", message: messageOf(err) });
    return false;
  });

/** One Redactor per config, reused: it compiles once, and "hash" fingerprints stay stable. */
let cache = { key: "", redactor: null };
function redactorFor(config) {
  const key = JSON.stringify(config);
  if (cache.redactor && cache.key === key) return cache.redactor;
  const redactor = new Redactor(config); // throws on a bad config, leaving the cache alone
  cache.redactor?.free();
  cache = { key, redactor };
  return redactor;
}

/**
 * Rules compile their regex on their first keyword hit. While the page waits for input,
 * build the default redactor and touch the keywords of the most common secrets (only
 * keywords, nothing that matches), so a first run does not pay for compiling them.
 */
function warmUp() {
  try {
    redactorFor({ method: "redact" }).find(
      "password= secret: token= api_key= Authorization: Bearer Basic sk-proj- sk-ant- AKIA ghp_ github_pat_ " +
        "xoxb- sk_live_ eyJ postgres:// mysql:// mongodb+srv:// redis:// https://user@ -----BEGIN",
    );
  } catch {
    // only an optimisation
  }
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (!msg || msg.type !== "run") return;
  if (!(await ready)) return;
  try {
    await run(msg);
  } catch (err) {
    postMessage({ type: "error", id: msg.id, message: messageOf(err), config: false });
  }
};

async function run({ id, config, text, file }) {
  const t0 = performance.now();
  let redactor;
  try {
    redactor = redactorFor(config);
  } catch (err) {
    postMessage({ type: "error", id, message: messageOf(err), config: true });
    return;
  }
  const method = typeof config.method === "string" ? config.method : "redact";
  const chunker = new LineChunker(CHUNK_CHARS);
  let line = 1; // line number of the next chunk's first line
  let count = 0;
  let engineMs = 0; // time spent inside find() and redact()
  const emit = (chunk, progress) => {
    const t = performance.now();
    const res = maskChunk(redactor, method, chunk, line);
    engineMs += res.engineMs;
    line += res.newlines;
    count += res.findings.length;
    postMessage({
      type: "chunk",
      id,
      text: res.text,
      lines: res.newlines,
      findings: res.findings,
      marks: res.marks,
      progress,
    });
  };

  let bytes;
  if (typeof text === "string") {
    bytes = utf8Length(text);
    let consumed = 0;
    for (const chunk of chunker.push(text)) {
      consumed += chunk.length;
      emit(chunk, consumed / text.length);
    }
    for (const chunk of chunker.finish()) emit(chunk, 1);
  } else {
    bytes = file.size;
    const reader = file.stream().getReader();
    const decoder = new TextDecoder();
    let read = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      read += value.byteLength;
      for (const chunk of chunker.push(decoder.decode(value, { stream: true }))) {
        emit(chunk, Math.max(0, Math.min(1, (read - chunker.buffered) / Math.max(1, bytes))));
      }
    }
    const tail = decoder.decode();
    for (const chunk of chunker.push(tail)) emit(chunk, 1);
    for (const chunk of chunker.finish()) emit(chunk, 1);
  }
  postMessage({ type: "done", id, bytes, ms: performance.now() - t0, engineMs, count });
}

/** Masks one chunk; findings carry 1-based line numbers, marks locate their masks. */
function maskChunk(redactor, method, src, firstLine) {
  const t = performance.now();
  const found = redactor.find(src);
  const text = found.length ? redactor.redact(src) : src;
  const engineMs = performance.now() - t;
  const findings = [];
  let line = firstLine;
  let at = 0;
  for (const f of found) {
    line += countNewlines(src, at, f.start);
    at = f.start;
    findings.push({ ruleId: f.ruleId, line });
  }
  const newlines = line - firstLine + countNewlines(src, at, src.length);
  return { text, findings, marks: locateMasks(method, src, text, found), newlines, engineMs };
}

function countNewlines(s, from, to) {
  let n = 0;
  for (let i = s.indexOf("\n", from); i !== -1 && i < to; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Where each finding's replacement sits in the masked text. The masked text is the
 * source with every finding's span replaced, so the text between findings is known;
 * the replacement itself follows the method's format (see src/mask.rs):
 * redact `[REDACTED:<id>]`, hash `[REDACTED:<id>:<16 hex>]`, partial
 * `<prefix>****<last 4>` or `****`, remove "". Returns null if anything disagrees, so a
 * highlight is never drawn in the wrong place (the masked text itself is always exact).
 */
function locateMasks(method, src, out, found) {
  const marks = [];
  let p = 0; // position in out
  let q = 0; // position in src
  for (const f of found) {
    const gap = f.start - q;
    if (gap < 0 || !out.startsWith(src.slice(q, f.start), p)) return null;
    p += gap;
    const secret = src.slice(f.start, f.end);
    const len = replacementLength(method, out, p, f.ruleId, secret);
    if (len < 0) return null;
    marks.push([p, p + len]);
    p += len;
    // A masked multi-line secret keeps its line breaks after its mask.
    const breaks = (secret.match(/\r?\n/g) ?? []).join("");
    if (!out.startsWith(breaks, p)) return null;
    p += breaks.length;
    q = f.end;
  }
  if (out.length - p !== src.length - q || !out.startsWith(src.slice(q), p)) return null;
  return marks;
}

const HEX16 = /^:[0-9a-f]{16}\]$/;

/** Length of the replacement at `out[p..]` of `secret` (found by `ruleId`), or -1. */
function replacementLength(method, out, p, ruleId, secret) {
  const marker = `[REDACTED:${ruleId}`;
  switch (method) {
    case "redact":
      return out.startsWith(`${marker}]`, p) ? marker.length + 1 : -1;
    case "hash":
      return out.startsWith(marker, p) && HEX16.test(out.slice(p + marker.length, p + marker.length + 18))
        ? marker.length + 18
        : -1;
    case "remove":
      return 0;
    case "partial": {
      if (utf8Length(secret) < 12) return out.startsWith("****", p) ? 4 : -1;
      // a public prefix of the secret (one of its rule's keywords), ****, maybe the last 4
      for (let k = out.indexOf("****", p); k !== -1 && k - p < secret.length; k = out.indexOf("****", k + 1)) {
        if (!secret.startsWith(out.slice(p, k))) break;
        const rest = secret.slice(k - p);
        const tail = utf8Length(rest) >= 20 ? lastBytes(rest, 4) : "";
        if (out.startsWith(tail, k + 4)) return k - p + 4 + tail.length;
      }
      return -1;
    }
    default:
      return -1;
  }
}

/** The longest suffix of `s` that is at most `n` UTF-8 bytes (whole characters). */
function lastBytes(s, n) {
  let bytes = 0;
  let i = s.length;
  while (i > 0) {
    let j = i - 1;
    if (j > 0 && isLowSurrogate(s.charCodeAt(j)) && isHighSurrogate(s.charCodeAt(j - 1))) j--;
    const b = utf8Length(s.slice(j, i));
    if (bytes + b > n) break;
    bytes += b;
    i = j;
  }
  return s.slice(i);
}

const isHighSurrogate = (c) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c) => c >= 0xdc00 && c <= 0xdfff;

function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Cuts text arriving in pieces into chunks of about `size` characters, each ending at
 * a line break where there is one, never inside a PEM block (BEGIN ... END), and never
 * between the two halves of a surrogate pair.
 */
class LineChunker {
  constructor(size) {
    this.size = size;
    this.buf = "";
  }
  get buffered() {
    return this.buf.length;
  }
  *push(piece) {
    this.buf += piece;
    while (this.buf.length >= this.size) {
      const cut = this.cutPoint(false);
      if (cut <= 0) return; // wait for more text
      yield this.take(cut);
    }
  }
  *finish() {
    while (this.buf.length > 0) {
      yield this.take(this.buf.length <= this.size ? this.buf.length : this.cutPoint(true));
    }
  }
  take(cut) {
    const chunk = this.buf.slice(0, cut);
    this.buf = this.buf.slice(cut);
    return chunk;
  }
  cutPoint(final) {
    const { buf, size } = this;
    const patient = !final && buf.length < 4 * size;
    let cut = buf.lastIndexOf("\n", size - 1) + 1;
    if (cut === 0) {
      const nl = buf.indexOf("\n", size);
      if (nl !== -1) cut = nl + 1;
      else if (patient) return -1;
      else cut = hardCut(buf, size);
    }
    const begin = buf.lastIndexOf("-----BEGIN", cut - 1);
    if (begin !== -1 && buf.lastIndexOf("-----END", cut - 1) < begin) {
      const end = buf.indexOf("-----END", cut);
      const nl = end === -1 ? -1 : buf.indexOf("\n", end);
      if (nl !== -1) cut = nl + 1;
      else if (patient) return -1;
      else if (end !== -1) cut = buf.length;
    }
    return cut;
  }
}

/** A cut in a line with no break: after a space if there is one, else anywhere safe. */
function hardCut(buf, size) {
  const space = buf.lastIndexOf(" ", size - 1);
  if (space > size / 2) return space + 1;
  return isHighSurrogate(buf.charCodeAt(size - 1)) ? size - 1 : size;
}

function messageOf(err) {
  return err instanceof Error ? err.message : String(err);
}
