//! The JS API (the npm package), behind the `wasm` feature. The only module that knows
//! about JS: it converts values, maps every error to a JS `Error`/`TypeError` with a
//! message that says what was wrong, and turns byte offsets into UTF-16 offsets.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{health, Finding, Redactor as Core, RedactorConfig, StreamRedactor};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** How a secret is replaced. */
export type MaskMethod = "redact" | "partial" | "hash" | "remove" | { replace: string };

/** A custom rule (same fields as the built-in rules in rules/*.toml). */
export interface RuleConfig {
  id: string;
  description?: string;
  regex: string;
  secretGroup?: number;
  keyGroup?: number;
  /** Which names keyGroup accepts (default "credential"). */
  keyNames?: "credential" | "sensitive";
  keywords?: string[];
  minEntropy?: number;
  allow?: string[];
  multiline?: boolean;
  /** For a multiline rule: how far past its keyword a match may end, in bytes (1 to 65536, the default). */
  reach?: number;
  /** A keyword hit counts only where the next byte is not [A-Za-z0-9_]. */
  keywordEndsWord?: boolean;
  /** A keyword hit counts only where the byte before is not [A-Za-z0-9_]. */
  keywordStartsWord?: boolean;
}

/** Options of a Redactor (every field optional). */
export interface RedactorConfig {
  method?: MaskMethod;
  /** Key of the HMAC-SHA256 fingerprints of method "hash" (default: random per redactor). */
  hashKey?: string;
  rules?: RuleConfig[];
  /** Use the built-in rules (default true). */
  builtins?: boolean;
  /** Ids of built-in rules to leave out. */
  disable?: string[];
  /** Literal values never reported. */
  allow?: string[];
  /** Regexes: matching secrets are never reported. */
  allowPatterns?: string[];
  /** Deepest nesting maskSensitiveData accepts (1 to 128, default 128). */
  maxDepth?: number;
}
export type RedactOptions = RedactorConfig;

/** A secret found in a text; `text.slice(start, end)` is the secret (UTF-16 offsets). */
export interface Finding { ruleId: string; start: number; end: number; }

export interface RuleInfo { id: string; family: string; description: string; keywords: string[]; }

export type HealthStatus = "healthy" | "limited" | "degraded" | "unhealthy";
export interface HealthInput {
  now: number; startedAt: number;
  version: string; platform: string; serviceId?: string;
  database: { ok: boolean; type?: string; latencyMs?: number; error?: string; timedOut?: boolean };
  providers: Record<string, { enabled: boolean; configured: boolean; failing?: boolean }>;
  hosts?: { host: string; memoryUsedPercent: number; memoryAvailableMb: number; reportedAt: number }[];
  environment?: { debug: boolean; logLevel: string };
  checks?: Record<string, { ok: boolean; latencyMs?: number; error?: string; timedOut?: boolean; critical?: boolean; componentType?: string }>;
  policy?: { slowMs?: number; memoryDegradedPercent?: number; staleAfterMs?: number };
}
export interface HealthReport {
  status: HealthStatus;
  httpStatus: number;
  body: Record<string, unknown>;
  ietf: Record<string, unknown>;
  prometheus: string;
}
"#;

fn error(msg: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&msg.to_string()).into()
}

fn type_error(msg: impl std::fmt::Display) -> JsValue {
    js_sys::TypeError::new(&msg.to_string()).into()
}

fn js_type(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if Array::is_array(v) {
        "array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

use js_sys::Array;

fn string_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    v.as_string()
        .ok_or_else(|| type_error(format!("{what} must be a string, got {}", js_type(v))))
}

fn config_from(options: &JsValue, what: &str) -> Result<RedactorConfig, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(RedactorConfig {
            builtins: true,
            ..Default::default()
        });
    }
    if !options.is_object() || Array::is_array(options) {
        return Err(type_error(format!(
            "{what} must be an object, got {}",
            js_type(options)
        )));
    }
    // Through JSON, so the config reads exactly as `Redactor::from_json` does: unknown
    // (misspelt) fields are refused instead of silently ignored.
    let json = js_sys::JSON::stringify(options)
        .ok()
        .and_then(|j| j.as_string())
        .ok_or_else(|| type_error(format!("{what} cannot be serialized to JSON (a cycle?)")))?;
    let mut config: RedactorConfig = serde_json::from_str(&well_formed_escapes(&json))
        .map_err(|e| type_error(format!("{what}: {e}")))?;
    if config.hash_key.is_none() && config.method == crate::Method::Hash {
        config.hash_key = Some(random_hex_key());
    }
    Ok(config)
}

fn random_hex_key() -> String {
    let mut bytes = [0u8; 32];
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok();
    let filled = crypto
        .and_then(|c| {
            let f = js_sys::Reflect::get(&c, &"getRandomValues".into()).ok()?;
            let f: js_sys::Function = f.dyn_into().ok()?;
            let arr = js_sys::Uint8Array::new_with_length(32);
            f.call1(&c, &arr).ok()?;
            arr.copy_to(&mut bytes);
            Some(())
        })
        .is_some();
    if !filled {
        let seed = (js_sys::Math::random() * 1e15) as u64 ^ (js_sys::Date::now() as u64);
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (seed.rotate_left(i as u32 * 7) & 0xff) as u8
                ^ (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn build(config: &RedactorConfig) -> Result<Core, JsValue> {
    Core::new(config).map_err(error)
}

thread_local! {
    static DEFAULT: Rc<Core> = Rc::new(build(&RedactorConfig { builtins: true, ..Default::default() }).unwrap_throw());
    /// The redactor of the last options object passed to a free function.
    static LAST: RefCell<Option<(RedactorConfig, Rc<Core>)>> = const { RefCell::new(None) };
}

/// The redactor for optional per-call options: the shared default, or a cached one
/// built from the last options seen.
fn redactor_for(options: &JsValue, what: &str) -> Result<Rc<Core>, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(DEFAULT.with(Rc::clone));
    }
    let config = config_from(options, what)?;
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((c, r)) = last.as_ref() {
            // A random hash key differs each time; compare the rest.
            if *c == config
                || (c.method == crate::Method::Hash && config.hash_key.is_none()) && {
                    let mut a = c.clone();
                    a.hash_key = None;
                    a == config
                }
            {
                return Ok(Rc::clone(r));
            }
        }
        let r = Rc::new(build(&config)?);
        *last = Some((config, Rc::clone(&r)));
        Ok(r)
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsFinding<'a> {
    rule_id: &'a str,
    start: usize,
    end: usize,
}

/// Converts byte offsets of findings (sorted) into UTF-16 offsets.
fn to_utf16(text: &str, findings: &[Finding]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(findings.len());
    let mut byte = 0;
    let mut unit = 0;
    let mut chars = text.char_indices().peekable();
    let mut advance = |to: usize, byte: &mut usize, unit: &mut usize| {
        while *byte < to {
            match chars.next() {
                Some((i, c)) => {
                    *byte = i + c.len_utf8();
                    *unit += c.len_utf16();
                }
                None => break,
            }
        }
    };
    for f in findings {
        advance(f.start, &mut byte, &mut unit);
        let s = unit;
        advance(f.end, &mut byte, &mut unit);
        out.push((s, unit));
    }
    out
}

fn findings_to_js(text: &str, findings: &[Finding]) -> Result<JsValue, JsValue> {
    let spans = to_utf16(text, findings);
    let list: Vec<JsFinding<'_>> = findings
        .iter()
        .zip(spans)
        .map(|(f, (start, end))| JsFinding {
            rule_id: &f.rule_id,
            start,
            end,
        })
        .collect();
    to_js(&list)
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| error(format!("cannot convert the result to JS: {e}")))
}

/// `JSON.stringify` writes a lone surrogate as a `\\udXXX` escape, which serde_json
/// refuses; replace each such escape with `\\ufffd` (what text input becomes too).
fn well_formed_escapes(json: &str) -> std::borrow::Cow<'_, str> {
    fn surrogate_at(b: &[u8], i: usize) -> Option<u16> {
        let hex = b.get(i + 2..i + 6)?;
        if b[i] != b'\\' || b[i + 1] != b'u' {
            return None;
        }
        let v = u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
        (0xD800..=0xDFFF).contains(&v).then_some(v)
    }
    if !json.contains("\\ud") && !json.contains("\\uD") {
        return std::borrow::Cow::Borrowed(json);
    }
    let b = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        // An escape: `\\` pairs are skipped whole, so `\\\\ud800` is no escape.
        match surrogate_at(b, i) {
            // A high surrogate followed by a low one: a valid pair, kept.
            Some(0xD800..=0xDBFF) if surrogate_at(b, i + 6).is_some_and(|lo| lo >= 0xDC00) => {
                i += 12;
            }
            Some(_) => {
                out.push_str(&json[last..i]);
                out.push_str("\\ufffd");
                i += 6;
                last = i;
            }
            None => i += 2,
        }
    }
    out.push_str(&json[last..]);
    std::borrow::Cow::Owned(out)
}

/// The masked text, or the caller's own string when there was nothing to mask (no
/// copy back into JS, and lone surrogates in clean text survive untouched).
fn redacted_or_same(r: &Core, text: &str, original: JsValue) -> JsValue {
    match r.redact(text) {
        std::borrow::Cow::Borrowed(_) => original,
        std::borrow::Cow::Owned(s) => JsValue::from(s),
    }
}

/// The batch protocol of the package's `maskSensitiveData` walker (pkg/extras.mjs),
/// which walks objects in JS and sends their strings here in one call: the pieces
/// joined by NUL, the first `sensitive` of them values of sensitive keys (masked
/// whole) and the rest text (scanned); no piece is empty (an empty string hides
/// nothing), and a batch that starts with NUL is one piece, the rest of it (a string
/// that holds NUL itself). The answer is `None` when nothing changed, else one flag per
/// piece, `1` masked, `2` masked as the masked piece before it was (the values of
/// sensitive keys mostly share one mask) or `0` unchanged (the walker keeps its own
/// string, lone surrogates and all), then the text of each piece flagged `1` after a
/// NUL.
fn mask_batch(r: &Core, joined: &str, sensitive: u32) -> Option<String> {
    let pieces: Box<dyn Iterator<Item = &str>> = match joined.strip_prefix('\0') {
        Some(one) => Box::new(std::iter::once(one)),
        None => Box::new(joined.split('\0')),
    };
    let mut flags = String::new();
    let mut masked = String::new();
    // Where the text of the last piece flagged `1` starts in `masked`.
    let mut last = None;
    for (i, piece) in pieces.enumerate() {
        let before = masked.len();
        masked.push('\0');
        let changed = if i < sensitive as usize {
            r.write_sensitive_mask(&mut masked, piece)
        } else {
            match r.redact_repeated(piece) {
                std::borrow::Cow::Borrowed(_) => false,
                std::borrow::Cow::Owned(text) => {
                    masked.push_str(&text);
                    true
                }
            }
        };
        let flag = if !changed {
            '0'
        } else if last.is_some_and(|at| masked[at..before] == masked[before + 1..]) {
            '2'
        } else {
            last = Some(before + 1);
            '1'
        };
        if flag != '1' {
            masked.truncate(before);
        }
        flags.push(flag);
    }
    (!masked.is_empty()).then(|| flags + &masked)
}

/// For the walker: [`mask_batch`] with the redactor of `options`.
#[doc(hidden)]
#[wasm_bindgen(js_name = __maskBatch, skip_typescript)]
pub fn mask_batch_with(
    joined: &str,
    sensitive: u32,
    options: JsValue,
) -> Result<Option<String>, JsValue> {
    Ok(mask_batch(
        &*redactor_for(&options, "maskSensitiveData: options")?,
        joined,
        sensitive,
    ))
}

/// [`mask_batch_with`] of the batch in the input buffer (`len` bytes, see
/// [`with_input`]): batches skip wasm-bindgen's copy of the string, as
/// `__sanitizeScratch` does.
#[doc(hidden)]
#[wasm_bindgen(js_name = __maskBatchScratch, skip_typescript)]
pub fn mask_batch_scratch_with(
    len: usize,
    large: bool,
    sensitive: u32,
    options: JsValue,
) -> Result<Option<String>, JsValue> {
    with_input_and_options(
        (large, len, "maskSensitiveData: batch"),
        (&options, "maskSensitiveData: options"),
        |r, joined| Ok(mask_batch(r, joined, sensitive)),
    )
}

/// `f` of the redactor of `options` and the text in the input buffer (see
/// [`with_input_text`]); `what` names each in its error. The input is taken (and a
/// large one freed) before the options are checked.
fn with_input_and_options<T>(
    (large, len, what): (bool, usize, &str),
    (options, options_what): (&JsValue, &str),
    f: impl FnOnce(&Core, &str) -> Result<T, JsValue>,
) -> Result<T, JsValue> {
    with_input_text(large, len, what, |text| {
        f(&*redactor_for(options, options_what)?, text)
    })
}

/// `f` of the first `len` bytes of the input buffer: the scratch buffer, or with
/// `large` the large buffer, which is freed after (a long string's room is not kept).
fn with_input<T>(large: bool, len: usize, f: impl FnOnce(&[u8]) -> T) -> T {
    if large {
        let bytes = LARGE.with(|b| std::mem::take(&mut *b.borrow_mut()));
        f(&bytes[..len.min(bytes.len())])
    } else {
        SCRATCH.with(|s| {
            let s = s.borrow();
            f(&s[..len.min(s.len())])
        })
    }
}

/// `f` of the text in the first `len` bytes of the input buffer (`what` names it in
/// the error, which would be a bug of the package's JS: `encodeInto` writes UTF-8).
fn with_input_text<T>(
    large: bool,
    len: usize,
    what: &str,
    f: impl FnOnce(&str) -> Result<T, JsValue>,
) -> Result<T, JsValue> {
    with_input(large, len, |bytes| match std::str::from_utf8(bytes) {
        Ok(text) => f(text),
        Err(e) => Err(error(format!("{what} is not UTF-8: {e}"))),
    })
}

/// The package's `maskSensitiveJson` (pkg/extras.mjs) after `JSON.stringify`: the JSON
/// text with its value's secrets masked as `maskSensitiveData` masks them (see
/// [`Core::mask_json`]), or `undefined` when nothing changed.
fn mask_json(r: &Core, json: &str) -> Result<Option<String>, JsValue> {
    match r.mask_json(json) {
        Ok(out) => Ok(owned(out)),
        Err(e) => Err(error(e)),
    }
}

/// For `maskSensitiveJson`: [`mask_json`] with the redactor of `options`.
#[doc(hidden)]
#[wasm_bindgen(js_name = __maskJson, skip_typescript)]
pub fn mask_json_with(json: &str, options: JsValue) -> Result<Option<String>, JsValue> {
    mask_json(
        &*redactor_for(&options, "maskSensitiveJson: options")?,
        json,
    )
}

/// [`mask_json_with`] of the JSON text in the input buffer (`len` bytes, see
/// [`with_input`]).
#[doc(hidden)]
#[wasm_bindgen(js_name = __maskJsonScratch, skip_typescript)]
pub fn mask_json_scratch_with(
    len: usize,
    large: bool,
    options: JsValue,
) -> Result<Option<String>, JsValue> {
    with_input_and_options(
        (large, len, "maskSensitiveJson: JSON text"),
        (&options, "maskSensitiveJson: options"),
        mask_json,
    )
}

/// For the walker, in one look-up of the redactor of `options` (validating them): its
/// nesting limit, and the shortest text (in UTF-8 bytes) in which it can find anything
/// (shorter strings that are not masked whole need no scan).
#[doc(hidden)]
#[wasm_bindgen(js_name = __walkLimits, skip_typescript)]
pub fn walk_limits_with(options: JsValue) -> Result<Vec<u32>, JsValue> {
    let r = redactor_for(&options, "maskSensitiveData: options")?;
    Ok(vec![to_u32(r.max_depth), to_u32(r.shortest_text)])
}

/// `n`, or `u32::MAX` when larger (a redactor without rules has no shortest text).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Whether values under this key name are masked whole by `maskSensitiveData`
/// (`password`, `api_key`, `X-Api-Key`, `client_secret`; not `max_tokens`, `public_key`).
#[wasm_bindgen(js_name = isSensitiveKey)]
pub fn is_sensitive_key(name: &str) -> bool {
    crate::is_sensitive_key(name)
}

/// Installs the panic hook once, when the module is instantiated.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// A safe display form of an API key: public prefix, `****`, last four characters
/// when long enough; `****` for short keys; `(not set)` when empty or missing.
#[wasm_bindgen(js_name = maskApiKey)]
pub fn mask_api_key(
    #[wasm_bindgen(unchecked_param_type = "string | null | undefined")] key: JsValue,
) -> Result<String, JsValue> {
    if key.is_undefined() || key.is_null() {
        return Ok(crate::mask_api_key(None));
    }
    let key = string_arg(&key, "maskApiKey: key")?;
    Ok(crate::mask_api_key(Some(&key)))
}

/// `message` with every secret masked.
#[wasm_bindgen(js_name = sanitizeLogMessage, unchecked_return_type = "string")]
pub fn sanitize_log_message(
    #[wasm_bindgen(unchecked_param_type = "string")] message: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RedactOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let text = string_arg(&message, "sanitizeLogMessage: message")?;
    let r = redactor_for(
        &options.unwrap_or(JsValue::UNDEFINED),
        "sanitizeLogMessage: options",
    )?;
    Ok(redacted_or_same(&r, &text, message))
}

/// The fast path of `sanitizeLogMessage` without options (pkg/extras.mjs checks the
/// type first): the string crosses as UTF-8 with no JS object handle, and `undefined`
/// comes back when nothing was masked, so the caller keeps its own string.
#[doc(hidden)]
#[wasm_bindgen(js_name = __sanitizeDefault, skip_typescript)]
pub fn sanitize_default(text: &str) -> Option<String> {
    DEFAULT.with(|r| owned(r.redact(text)))
}

thread_local! {
    /// Where short strings are written by `TextEncoder.encodeInto` (pkg/extras.mjs)
    /// before a `__*Scratch` call reads them: wasm-bindgen's own string path copies a
    /// string one character at a time into a fresh allocation, a tenth of the time of
    /// a short log line.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// Where a long string is written the same way, for one call: wasm-bindgen's copy
    /// loop was a quarter of the time of `Redactor.redact` on a whole 8 MB text.
    static LARGE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The large buffer, made `len` bytes long for one string (any earlier one dropped):
/// its address in wasm memory. The next `__*Scratch` call with `large` reads and frees
/// it.
#[doc(hidden)]
#[wasm_bindgen(js_name = __large, skip_typescript)]
pub fn large(len: usize) -> *mut u8 {
    LARGE.with(|b| {
        let mut b = b.borrow_mut();
        *b = vec![0; len];
        b.as_mut_ptr()
    })
}

/// The scratch buffer, grown to at least `len` bytes: its address in wasm memory.
#[doc(hidden)]
#[wasm_bindgen(js_name = __scratch, skip_typescript)]
pub fn scratch(len: usize) -> *mut u8 {
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        if s.len() < len {
            s.resize(len, 0);
        }
        s.as_mut_ptr()
    })
}

/// The module's memory, for the view over the scratch buffer.
#[doc(hidden)]
#[wasm_bindgen(js_name = __memory, skip_typescript)]
pub fn memory() -> JsValue {
    wasm_bindgen::memory()
}

/// The text in the first `len` bytes of the input buffer (see [`with_input`]), masked
/// by `r`; `None` when nothing was masked. The scan reads the bytes as they are, and
/// only text that has something to mask is read as UTF-8 (from `encodeInto`, so always
/// valid; a bad length is cut to the buffer), which spares clean lines, most of them,
/// the validation.
fn redact_scratch_with(r: &Core, len: usize, large: bool) -> Option<String> {
    with_input(large, len, |bytes| {
        let hits = r.hits(bytes);
        if hits.is_empty() {
            return None;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Some(r.apply(text, &hits)),
            Err(_) => owned(r.redact(&String::from_utf8_lossy(bytes))),
        }
    })
}

/// [`sanitize_default`] of the text in the input buffer (see [`with_input`]).
#[doc(hidden)]
#[wasm_bindgen(js_name = __sanitizeScratch, skip_typescript)]
pub fn sanitize_scratch(len: usize, large: bool) -> Option<String> {
    DEFAULT.with(|r| redact_scratch_with(r, len, large))
}

/// The masked text when something was masked.
fn owned(out: std::borrow::Cow<'_, str>) -> Option<String> {
    match out {
        std::borrow::Cow::Borrowed(_) => None,
        std::borrow::Cow::Owned(s) => Some(s),
    }
}

/// The secrets in `text`: `{ ruleId, start, end }` in UTF-16 code units.
#[wasm_bindgen(js_name = findSecrets, unchecked_return_type = "Finding[]")]
pub fn find_secrets(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RedactOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let text = string_arg(&text, "findSecrets: text")?;
    let r = redactor_for(
        &options.unwrap_or(JsValue::UNDEFINED),
        "findSecrets: options",
    )?;
    findings_to_js(&text, &r.find(&text))
}

#[derive(Serialize)]
struct JsRuleInfo<'a> {
    id: &'a str,
    family: &'a str,
    description: &'a str,
    keywords: &'a [String],
}

/// The built-in rules.
#[wasm_bindgen(js_name = rules, unchecked_return_type = "RuleInfo[]")]
pub fn rules() -> Result<JsValue, JsValue> {
    DEFAULT.with(|r| {
        let list: Vec<_> = r
            .rules()
            .map(|i| JsRuleInfo {
                id: i.id,
                family: i.family,
                description: i.description,
                keywords: i.keywords,
            })
            .collect();
        to_js(&list)
    })
}

/// Evaluates health observations into a status and three renderings.
#[wasm_bindgen(js_name = evaluateHealth, unchecked_return_type = "HealthReport")]
pub fn evaluate_health(
    #[wasm_bindgen(unchecked_param_type = "HealthInput")] input: JsValue,
) -> Result<JsValue, JsValue> {
    if !input.is_object() || Array::is_array(&input) {
        return Err(type_error(format!(
            "evaluateHealth: input must be an object, got {}",
            js_type(&input)
        )));
    }
    let input: health::HealthInput = serde_wasm_bindgen::from_value(input)
        .map_err(|e| type_error(format!("evaluateHealth: input: {e}")))?;
    let report = health::evaluate(&input).map_err(|e| error(format!("evaluateHealth: {e}")))?;
    to_js(&report)
}

/// Finds and masks secrets; build once and reuse.
#[wasm_bindgen]
pub struct Redactor {
    inner: Rc<Core>,
}

#[wasm_bindgen]
impl Redactor {
    /// Builds a redactor; throws when the config is invalid (naming the field or rule).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RedactorConfig")] config: Option<JsValue>,
    ) -> Result<Redactor, JsValue> {
        let config = config_from(&config.unwrap_or(JsValue::UNDEFINED), "Redactor: config")?;
        Ok(Redactor {
            inner: Rc::new(build(&config)?),
        })
    }

    /// `text` with every secret masked.
    #[wasm_bindgen(unchecked_return_type = "string")]
    pub fn redact(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let s = string_arg(&text, "Redactor.redact: text")?;
        Ok(redacted_or_same(&self.inner, &s, text))
    }

    /// `redact` of the text in the input buffer (see [`with_input`]).
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __redactScratch, skip_typescript)]
    pub fn redact_scratch(&self, len: usize, large: bool) -> Option<String> {
        redact_scratch_with(&self.inner, len, large)
    }

    /// The secrets in `text` (UTF-16 offsets).
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn find(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<JsValue, JsValue> {
        let text = string_arg(&text, "Redactor.find: text")?;
        findings_to_js(&text, &self.inner.find(&text))
    }

    /// For the `redactValue` walker: [`mask_batch`] of the input buffer's first
    /// `len` bytes.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __maskBatchScratch, skip_typescript)]
    pub fn mask_batch_scratch(
        &self,
        len: usize,
        large: bool,
        sensitive: u32,
    ) -> Result<Option<String>, JsValue> {
        with_input_text(large, len, "maskSensitiveData: batch", |joined| {
            Ok(mask_batch(&self.inner, joined, sensitive))
        })
    }

    /// For `redactJson`: [`mask_json`] of the input buffer's first `len` bytes.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __maskJsonScratch, skip_typescript)]
    pub fn mask_json_scratch(&self, len: usize, large: bool) -> Result<Option<String>, JsValue> {
        with_input_text(large, len, "Redactor.redactJson: JSON text", |json| {
            mask_json(&self.inner, json)
        })
    }

    /// For the `redactValue` walker: the shortest text this redactor can find
    /// anything in.
    #[doc(hidden)]
    #[wasm_bindgen(getter, js_name = __shortestText, skip_typescript)]
    pub fn shortest_text(&self) -> u32 {
        to_u32(self.inner.shortest_text)
    }

    /// For the `redactValue` walker: this redactor's nesting limit.
    #[doc(hidden)]
    #[wasm_bindgen(getter, js_name = __maxDepth, skip_typescript)]
    pub fn max_depth(&self) -> usize {
        self.inner.max_depth
    }

    /// A chunk-by-chunk scrubber (the package wraps it as `stream()`, a TransformStream).
    pub fn scrubber(&self) -> Scrubber {
        Scrubber {
            inner: StreamRedactor::new(Rc::clone(&self.inner)),
            out: Vec::new(),
            out_at: 0,
        }
    }
}

/// Masks text arriving in chunks; holds back only what could start a secret.
#[wasm_bindgen]
pub struct Scrubber {
    inner: StreamRedactor<Rc<Core>>,
    /// The last answer of `__pushBytesHeld`, and how much of it JS has taken.
    out: Vec<u8>,
    out_at: usize,
}

#[wasm_bindgen]
impl Scrubber {
    /// Takes a chunk, returns what is safe to emit now (maybe "").
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] chunk: JsValue,
    ) -> Result<String, JsValue> {
        let chunk = string_arg(&chunk, "stream: chunk")?;
        Ok(self.inner.push(&chunk))
    }

    /// Ends the stream and returns the rest.
    pub fn finish(&mut self) -> String {
        self.inner.finish()
    }

    /// Takes a chunk of UTF-8 bytes (a `Buffer` from a file or socket), returns the
    /// masked bytes that are safe to emit now. A character split across chunks is
    /// joined; invalid UTF-8 becomes U+FFFD. Mix with `push` only at line ends.
    #[wasm_bindgen(js_name = pushBytes)]
    pub fn push_bytes(&mut self, chunk: &[u8]) -> Vec<u8> {
        self.inner.push_bytes(chunk).into_bytes()
    }

    /// For the CLI: `pushBytes`, with the answer kept here for `__takeOutput`, which
    /// copies it into the caller's reused buffer: streaming then makes no garbage per
    /// chunk. Returns the answer's length in bytes.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __pushBytesHeld, skip_typescript)]
    pub fn push_bytes_held(&mut self, chunk: &[u8]) -> usize {
        self.out = self.inner.push_bytes(chunk).into_bytes();
        self.out_at = 0;
        self.out.len()
    }

    /// For the CLI: copies the next part of the kept answer into `buf`; returns how
    /// many bytes it copied (0 when all is taken).
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __takeOutput, skip_typescript)]
    pub fn take_output(&mut self, buf: &mut [u8]) -> usize {
        let rest = &self.out[self.out_at..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.out_at += n;
        n
    }

    /// Ends a byte stream and returns the rest as UTF-8 bytes.
    #[wasm_bindgen(js_name = finishBytes)]
    pub fn finish_bytes(&mut self) -> Vec<u8> {
        self.inner.finish().into_bytes()
    }

    /// Secrets masked so far.
    #[wasm_bindgen(getter)]
    pub fn found(&self) -> usize {
        self.inner.found()
    }

    /// Bytes held back.
    #[wasm_bindgen(getter)]
    pub fn held(&self) -> usize {
        self.inner.held()
    }
}
