//! edgeguard keeps secrets out of logs: it finds API keys, private keys, tokens and
//! passwords in text, in nested data and in streams, and masks them. It also holds the
//! pure health model that the edgeguard Worker serves at `/api/health`.
//!
//! ```
//! use edgeguard::Redactor;
//!
//! let redactor = Redactor::default(); // every built-in rule; build once, reuse
//! let line = "calling OpenAI with key=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l";
//! assert_eq!(
//!     redactor.redact(line),
//!     "calling OpenAI with key=[REDACTED:openai-project-key]"
//! );
//! ```
//!
//! # Guarantees
//! - Output never contains a detected secret; redacting twice changes nothing.
//! - Text outside secrets is kept byte for byte; overlapping finds are merged.
//! - Scanning is linear in the input: a keyword automaton finds candidate lines and
//!   only there do the rules' regexes (finite automata, no backtracking) run.
//!
//! # Untrusted input
//! Any text is safe to scan. Custom rules from a config are validated on load: a
//! pattern longer than 4096 bytes or compiling to more than 1 MiB is refused with an
//! error naming the rule. Structured values deeper than `max_depth` (128 by default)
//! are refused with [`Error::TooDeep`].
//!
//! # Crate features
//! - `wasm` (off by default): the JS bindings in `src/wasm.rs`, used to build the npm
//!   package. The core never depends on JS types without it.
#![deny(missing_docs)]

mod anchor;
mod capture;
#[cfg(test)]
mod catalog_tests;
mod error;
pub mod health;
mod json_text;
mod keys;
mod keywords;
mod lane_table;
mod mask;
mod memo;
mod redactor;
mod rule;
mod run_pattern;
mod scan;
mod stream;
mod structured;
mod trie;
mod value_syntax;
/// The JS API of the npm package (exported to JS by wasm-bindgen).
#[cfg(feature = "wasm")]
pub mod wasm;

use std::sync::LazyLock;

pub use error::{Error, Result};
pub use keys::is_sensitive_key;
pub use mask::Method;
pub use redactor::{Finding, Redactor, RedactorConfig, RuleInfo, DEFAULT_MAX_DEPTH};
pub use rule::{KeyNames, RuleConfig};
pub use stream::{StreamRedactor, MAX_HOLD};
pub use structured::SENSITIVE_KEY_RULE;

static DEFAULT: LazyLock<Redactor> = LazyLock::new(Redactor::default);

/// The shared redactor with every built-in rule and the default method.
pub fn default_redactor() -> &'static Redactor {
    &DEFAULT
}

/// `message` with every secret masked as `[REDACTED:<rule-id>]`, using all built-in
/// rules.
pub fn sanitize_log_message(message: &str) -> String {
    DEFAULT.redact(message).into_owned()
}

/// Secrets in `text` found by the built-in rules (byte offsets).
pub fn find_secrets(text: &str) -> Vec<Finding> {
    DEFAULT.find(text)
}

/// A copy of `value` with sensitive keys' values and secrets in strings masked.
pub fn mask_sensitive_data(value: &serde_json::Value) -> Result<serde_json::Value> {
    DEFAULT.redact_value(value)
}

/// A safe display form of an API key: the provider's public prefix (`sk-proj-`,
/// `sk-ant-api03-`, `pplx-`, ...) when known, `****`, and the last four characters
/// when the key is long enough that they give nothing away. Short keys become `****`;
/// an empty or missing key becomes `(not set)`.
pub fn mask_api_key(key: Option<&str>) -> String {
    let key = match key.map(str::trim) {
        None | Some("") => return "(not set)".to_owned(),
        Some(k) => k,
    };
    let keywords: Vec<String> = DEFAULT
        .find(key)
        .first()
        .filter(|f| f.start == 0)
        .and_then(|f| DEFAULT.rules().find(|r| r.id == f.rule_id))
        .map(|r| r.keywords.to_vec())
        .unwrap_or_default();
    let mut out = String::new();
    mask::write_partial(&mut out, &keywords, key);
    out
}
