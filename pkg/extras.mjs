// What the package adds in JS on top of the wasm exports, for both entry points:
// index.cjs (Node) and web.mjs (browsers). scripts/build-pkg.sh writes extras.cjs, the
// CommonJS copy that index.cjs loads, from this file.

const SEP = "\u0000";
// The flags of a batch's answer (see `mask_batch` in src/wasm.rs): a piece unchanged,
// masked, or masked as the masked piece before it.
const FLAG_UNCHANGED = 0x30; // "0"
const FLAG_MASKED = 0x31; // "1"
const FLAG_MASKED_AS_BEFORE = 0x32; // "2"
/** Key names whose sensitivity is remembered (the cache is emptied when full). */
const KEY_CACHE_SIZE = 4096;
/** Strings found clean that the walker remembers, per redactor (emptied when full). */
const CLEAN_CACHE_SIZE = 4096;
/** Longest string (UTF-16 units) that can name a credential: src/keys.rs reads names
 * of up to 256 bytes, which no longer string fits in. */
const NAME_MAX_CHARS = 256;
/** Longest string (UTF-16 units) the walker remembers as clean. */
const CLEAN_MAX_CHARS = 64;
/** Strings up to this many UTF-16 units cross into wasm through the scratch buffer. */
const SCRATCH_CHARS = 4096;
/** The scratch buffer's size: UTF-8 takes at most 3 bytes per UTF-16 unit. */
const SCRATCH_BYTES = SCRATCH_CHARS * 3;

/**
 * Adds `Redactor.prototype.stream()`, the object walker behind `maskSensitiveData`
 * and `Redactor.prototype.redactValue`, and their JSON-out forms `maskSensitiveJson`
 * and `Redactor.prototype.redactJson` to `core` (the wasm-bindgen exports), routes
 * `Redactor.prototype.redact` through its lean export; returns the functions the entry
 * points export in place of the wasm ones: `maskSensitiveData`, `maskSensitiveJson`
 * and a `sanitizeLogMessage` that takes the lean path when called without options.
 */
export function install(core) {
  /** `Redactor.prototype.stream()`: a TransformStream<string, string> over a scrubber. */
  core.Redactor.prototype.stream = function stream() {
    const scrubber = this.scrubber();
    return new TransformStream({
      transform(chunk, controller) {
        const out = scrubber.push(chunk);
        if (out) controller.enqueue(out);
      },
      flush(controller) {
        const out = scrubber.finish();
        scrubber.free();
        if (out) controller.enqueue(out);
      },
    });
  };

  // Strings reach wasm as UTF-8 written by `TextEncoder.encodeInto` into its memory:
  // wasm-bindgen's own path copies a string one character at a time into a fresh
  // allocation per call (a quarter of the time of an 8 MB text). Short strings go
  // through one scratch buffer kept for all calls; its view is made again when it is
  // too small, which is also how it looks once wasm memory has grown and its old
  // buffer was detached. A longer string gets a buffer of its own for one call (the
  // `large` flag of the `__*Scratch` exports), freed by that call, so its size is not
  // kept.
  const encoder = new TextEncoder();
  let scratch = new Uint8Array(0);
  const toScratch = (s) => {
    if (scratch.length < SCRATCH_BYTES) {
      const at = core.__scratch(SCRATCH_BYTES);
      scratch = new Uint8Array(core.__memory().buffer, at, SCRATCH_BYTES);
    }
    return encoder.encodeInto(s, scratch).written;
  };
  const toLarge = (s) => {
    // Room for ASCII first; text that needs more is written again with room for the
    // most UTF-8 can take (3 bytes per UTF-16 unit).
    for (let room = s.length; ; room = s.length * 3) {
      const at = core.__large(room);
      const { read, written } = encoder.encodeInto(s, new Uint8Array(core.__memory().buffer, at, room));
      if (read === s.length) return written;
    }
  };
  const short = (s) => s.length <= SCRATCH_CHARS;

  // String in, string out, through the lean exports: the checked exports take any JS
  // value (to name a wrong type in their error) and cost a JS object handle per call,
  // which is a third of the time of a short log line.
  const sanitizeChecked = core.sanitizeLogMessage;
  const sanitizeLogMessage = function sanitizeLogMessage(message, options) {
    if (options !== undefined || typeof message !== "string") return sanitizeChecked(message, options);
    const out = short(message)
      ? core.__sanitizeScratch(toScratch(message), false)
      : core.__sanitizeScratch(toLarge(message), true);
    return out === undefined ? message : out;
  };
  const redactChecked = core.Redactor.prototype.redact;
  core.Redactor.prototype.redact = function redact(text) {
    if (typeof text !== "string") return redactChecked.call(this, text);
    const out = short(text) ? this.__redactScratch(toScratch(text), false) : this.__redactScratch(toLarge(text), true);
    return out === undefined ? text : out;
  };

  const keyCache = new Map();
  const isSensitiveKey = (key) => {
    let sensitive = keyCache.get(key);
    if (sensitive === undefined) {
      if (keyCache.size >= KEY_CACHE_SIZE) keyCache.clear();
      sensitive = core.isSensitiveKey(key);
      keyCache.set(key, sensitive);
    }
    return sensitive;
  };

  // The strings each redactor found clean, for the walker: records repeat most of their
  // values (hosts, methods, routes), and a look-up here skips their trip into wasm. Per
  // redactor object (the default one's under `defaultRedactor`); none for a call with
  // options, whose redactor is made for it.
  const cleanSets = new WeakMap();
  const defaultRedactor = {};
  const cleanOf = (redactor) => {
    let clean = cleanSets.get(redactor);
    if (clean === undefined) cleanSets.set(redactor, (clean = new Set()));
    return clean;
  };

  // `caller` names the function the user called in the walker's errors.
  function redactValueAs(redactor, value, caller) {
    const maskBatch = (joined, sensitive) =>
      short(joined)
        ? redactor.__maskBatchScratch(toScratch(joined), false, sensitive)
        : redactor.__maskBatchScratch(toLarge(joined), true, sensitive);
    return maskValue(value, redactor.__maxDepth, redactor.__shortestText, maskBatch, isSensitiveKey, caller, cleanOf(redactor));
  }
  core.Redactor.prototype.redactValue = function redactValue(value) {
    return redactValueAs(this, value, "Redactor.redactValue");
  };
  // The default redactor's limits, asked once.
  let defaults;
  function maskDataAs(value, options, caller) {
    const [maxDepth, shortest] =
      options === undefined ? (defaults ??= core.__walkLimits(undefined)) : core.__walkLimits(options);
    const maskBatch = (joined, sensitive) =>
      short(joined)
        ? core.__maskBatchScratch(toScratch(joined), false, sensitive, options)
        : core.__maskBatchScratch(toLarge(joined), true, sensitive, options);
    const clean = options === undefined ? cleanOf(defaultRedactor) : undefined;
    return maskValue(value, maxDepth, shortest, maskBatch, isSensitiveKey, caller, clean);
  }
  const maskSensitiveData = function maskSensitiveData(value, options) {
    return maskDataAs(value, options, "maskSensitiveData");
  };

  // JSON out: `JSON.stringify` writes the text (toJSON, dropped members and all) and
  // wasm masks it in one pass, with no copy of the value made in JS. Whatever
  // `JSON.stringify` refuses (a cycle, a BigInt, nesting past the stack, a throwing
  // toJSON) goes to the walker, whose error says what is wrong.
  const maskJson = (value, viaInput, walk) => {
    let json;
    try {
      json = JSON.stringify(value);
    } catch {
      return JSON.stringify(walk());
    }
    if (json === undefined) return json;
    const out = short(json) ? viaInput(toScratch(json), false) : viaInput(toLarge(json), true);
    return out === undefined ? json : out;
  };
  const maskSensitiveJson = function maskSensitiveJson(value, options) {
    return maskJson(
      value,
      (len, large) => core.__maskJsonScratch(len, large, options),
      () => maskDataAs(value, options, "maskSensitiveJson"),
    );
  };
  core.Redactor.prototype.redactJson = function redactJson(value) {
    return maskJson(
      value,
      (len, large) => this.__maskJsonScratch(len, large),
      () => redactValueAs(this, value, "Redactor.redactJson"),
    );
  };
  return { maskSensitiveData, maskSensitiveJson, sanitizeLogMessage };
}

/**
 * A masked copy of `value`, as `JSON.parse(JSON.stringify(value))` would copy it
 * (toJSON, boxed primitives, dropped functions and undefined, non-finite numbers as
 * null), with the values of sensitive keys masked whole (and the `value` of a
 * name/value pair naming one) and every other string scanned. The strings go to wasm
 * in one batch (`maskBatch`, see src/wasm.rs).
 */
function maskValue(value, maxDepth, shortest, maskBatch, isSensitiveKey, caller, clean) {
  const t = typeof value;
  if (t === "undefined" || t === "function" || t === "symbol") return value;
  const w = new Walk(maxDepth, shortest, maskBatch, isSensitiveKey, caller, clean);
  const root = [undefined];
  if (!w.walk(value, "", false, 0, root, 0, false)) return undefined;
  w.finish();
  return root[0];
}

/** Whether JSON writes `x` as what its toJSON returns: an object with a toJSON method.
 * A value read through it before its walk is walked as converted (toJSON is called
 * once). */
function hasToJSON(x) {
  return x !== null && typeof x === "object" && typeof x.toJSON === "function";
}

/** A member naming the other one of a name/value pair: `name` or `key`, ASCII case
 * ignored (as `is_pair_name` in src/keys.rs). */
function isPairName(k) {
  // The first letter first: most keys are ruled out without a lowered copy.
  const first = k.charCodeAt(0) | 0x20;
  return k.length === 4 ? first === 0x6e && k.toLowerCase() === "name" : k.length === 3 && first === 0x6b && k.toLowerCase() === "key";
}

/** The value member of a name/value pair (as `is_pair_value` in src/keys.rs). */
function isPairValue(k) {
  return k.length === 5 && /^value$/i.test(k);
}

/** Whether `s` is ASCII (then its length is its length in UTF-8). */
function isAscii(s) {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** One walk of `maskValue`: the copy's strings, where each goes, and the path walked. */
class Walk {
  constructor(maxDepth, shortest, maskBatch, isSensitiveKey, caller, clean) {
    this.maxDepth = maxDepth;
    this.caller = caller;
    // Strings shorter than this many UTF-8 bytes hold nothing a rule can find.
    this.shortest = shortest;
    this.maskBatch = maskBatch;
    this.isSensitiveKey = isSensitiveKey;
    // Short strings the redactor found clean before (a Set, or undefined: none kept).
    this.clean = clean;
    // The strings to mask, values of sensitive keys and text apart (the batch sends
    // the former first), and the [container, key] of each, in order.
    this.sensitive = [];
    this.sensitiveSlots = [];
    this.text = [];
    this.textSlots = [];
    // The objects being walked, outermost first. A cycle is looked for only once the
    // walk is deeper than the limit, which any cycle makes it.
    this.path = [];
  }

  leaf(s, sensitive, container, key) {
    container[key] = s;
    // An empty string hides nothing (nor is a batch's piece ever empty: a batch that
    // starts with NUL is one piece).
    if (s.length === 0) return;
    if (!sensitive && ((s.length < this.shortest && isAscii(s)) || (s.length <= CLEAN_MAX_CHARS && this.clean?.has(s)))) {
      return;
    }
    if (s.includes(SEP)) {
      this.alone(s, sensitive ? 1 : 0, container, key);
    } else if (sensitive) {
      this.sensitive.push(s);
      this.sensitiveSlots.push(container, key);
    } else {
      this.text.push(s);
      this.textSlots.push(container, key);
    }
  }

  /** Masks `s`, which holds NUL (the batch's separator), in a call of its own. */
  alone(s, sensitive, container, key) {
    const out = this.maskBatch(SEP + s, sensitive);
    // One flag, NUL, the masked text.
    if (out !== undefined) container[key] = out.slice(2);
  }

  // Copies `v` (found under `key`: a name, or an array index) into container[slot];
  // false when JSON drops it. `converted`: `v` is already what toJSON returned (JSON
  // calls it once).
  walk(v, key, sensitive, depth, container, slot, converted) {
    switch (typeof v) {
      case "string":
        this.leaf(v, sensitive, container, slot);
        return true;
      case "number":
        if (!Number.isFinite(v)) container[slot] = null;
        else if (sensitive) this.leaf(String(v), true, container, slot);
        else container[slot] = v === 0 ? 0 : v; // JSON writes -0 as 0
        return true;
      case "boolean":
        container[slot] = v;
        return true;
      case "undefined":
      case "function":
      case "symbol":
        return false;
    }
    if (v === null) {
      container[slot] = null;
      return true;
    }
    if (!converted && typeof v.toJSON === "function") {
      return this.walk(v.toJSON(String(key)), key, sensitive, depth, container, slot, true);
    }
    if (typeof v === "bigint") {
      throw new TypeError(`${this.caller}: value cannot be serialized to JSON: a BigInt has no JSON form`);
    }
    // A container at the limit may be empty; its first member would lie past it.
    const path = this.path;
    if (Array.isArray(v)) {
      if (depth >= this.maxDepth && v.length > 0) this.tooDeep(v);
      path.push(v);
      const out = new Array(v.length);
      container[slot] = out;
      // An element after one that names a credential (`["X-Api-Key", "…"]` in Node's
      // rawHeaders, `[name, value]` entries, `["--password", "…"]`) is masked as that
      // name's value, unless it is such a name itself (`keys::names_next_element` in
      // src/keys.rs). An element is read (and converted by toJSON, once) before its
      // walk, as JSON would write it.
      let afterName = false;
      for (let i = 0; i < v.length; i++) {
        let x = v[i];
        const converted = hasToJSON(x);
        if (converted) x = x.toJSON(String(i));
        const name = this.namesCredential(x);
        const s = sensitive || (afterName && !name);
        afterName = name;
        if (typeof x === "string") this.leaf(x, s, out, i);
        else if (!this.walk(x, i, s, depth + 1, out, i, converted)) out[i] = null;
      }
    } else if (v instanceof Number || v instanceof String || v instanceof Boolean) {
      return this.walk(v.valueOf(), key, sensitive, depth, container, slot, true);
    } else {
      const keys = Object.keys(v);
      if (depth >= this.maxDepth && keys.length > 0) this.tooDeep(v);
      path.push(v);
      const out = {};
      container[slot] = out;
      // A name/value pair whose name is a credential's (`{name: "DB_PASSWORD", value:
      // …}`): its value is masked as a key of that name would be. The name members are
      // read (and converted by toJSON, once) before the walk, which takes them as read.
      let names = null;
      let named = false;
      for (const k of keys) {
        if (!isPairName(k)) continue;
        let n = v[k];
        const converted = hasToJSON(n);
        if (converted) n = n.toJSON(k);
        (names ??= new Map()).set(k, [n, converted]);
        if (this.namesCredential(n)) named = true;
      }
      for (const k of keys) {
        const s = sensitive || this.isSensitiveKey(k) || (named && isPairValue(k));
        const read = names === null ? undefined : names.get(k);
        if (read === undefined) {
          const x = v[k];
          if (typeof x === "string") this.leaf(x, s, out, k);
          else this.walk(x, k, s, depth + 1, out, k, false);
        }
        else this.walk(read[0], k, s, depth + 1, out, k, read[1]);
      }
    }
    path.pop();
    return true;
  }

  /** Whether `x` (read as JSON writes it) is a string, or a boxed one, that names a
   * credential: a pair's name, or an array element naming the next one's value. */
  namesCredential(x) {
    const text = typeof x === "string" ? x : x instanceof String ? x.valueOf() : undefined;
    return text !== undefined && text.length <= NAME_MAX_CHARS && this.isSensitiveKey(text);
  }

  /** Throws for a container past the nesting limit: a cycle (which any cycle reaches),
   * or data nested too deep. */
  tooDeep(v) {
    if (this.path.includes(v) || new Set(this.path).size < this.path.length) {
      throw new TypeError(`${this.caller}: value contains a cycle (an object that refers to itself); it cannot be masked`);
    }
    throw new Error(`value is nested more than ${this.maxDepth} levels deep`);
  }

  /** Masks the strings collected, in one batch, and puts the masked ones in place. */
  finish() {
    const { sensitive, text } = this;
    const n = sensitive.length;
    const total = n + text.length;
    if (total === 0) return;
    const joined = n === 0 ? text.join(SEP) : text.length === 0 ? sensitive.join(SEP) : `${sensitive.join(SEP)}${SEP}${text.join(SEP)}`;
    const out = this.maskBatch(joined, n);
    if (out === undefined) {
      this.remember(undefined);
      return;
    }
    // The answer: a flag per piece (`1` masked, `2` masked as the masked one before
    // it), then NUL and the text of each piece flagged `1`.
    const parts = out.split(SEP);
    let masked = 0;
    for (let i = 0; i < total; i++) if (out.charCodeAt(i) === FLAG_MASKED) masked++;
    if (parts.length !== masked + 1) {
      // A custom mask text holds NUL: mask the pieces one by one.
      for (let i = 0; i < n; i++) this.alone(sensitive[i], 1, this.sensitiveSlots[2 * i], this.sensitiveSlots[2 * i + 1]);
      for (let i = 0; i < text.length; i++) this.alone(text[i], 0, this.textSlots[2 * i], this.textSlots[2 * i + 1]);
      return;
    }
    let next = 1;
    let last;
    for (let i = 0; i < total; i++) {
      const flag = out.charCodeAt(i);
      if (flag === FLAG_MASKED) last = parts[next++];
      else if (flag !== FLAG_MASKED_AS_BEFORE) continue;
      const slots = i < n ? this.sensitiveSlots : this.textSlots;
      const at = i < n ? 2 * i : 2 * (i - n);
      slots[at][slots[at + 1]] = last;
    }
    this.remember(out);
  }

  /** Adds the short text pieces that came back unchanged to the clean set (`flags`:
   * the batch's answer, whose first characters flag the masked pieces, or undefined
   * when none was). */
  remember(flags) {
    const { clean, text } = this;
    if (clean === undefined) return;
    const n = this.sensitive.length;
    for (let i = 0; i < text.length; i++) {
      const piece = text[i];
      if (piece.length > CLEAN_MAX_CHARS) continue;
      if (flags !== undefined && flags.charCodeAt(n + i) !== FLAG_UNCHANGED) continue;
      if (clean.size >= CLEAN_CACHE_SIZE) clean.clear();
      clean.add(piece);
    }
  }
}
