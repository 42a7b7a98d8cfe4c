//! Masking nested data: values under sensitive keys are masked whole, every other
//! string is scanned as text. The input is never modified.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::keys::{is_pair_name, is_pair_value, is_sensitive_key, names_next_element};
use crate::memo::{Memo, Packed};
use crate::redactor::Redactor;
use crate::rule::is_placeholder;

thread_local! {
    /// Short strings of structured values found clean, by the id of the redactor that
    /// found them, per thread: 512 slots of up to 47 bytes (28 KiB). Records repeat
    /// most of their values (hosts, methods, routes, user agents, enum-like words), and
    /// scanning one costs hundreds of instructions where this look-up costs a few
    /// dozen. Only clean strings are kept: never a secret, nor text around one.
    static CLEAN: std::cell::RefCell<Memo<6, 512, u64>> =
        const { std::cell::RefCell::new(Memo::new(0)) };
}

/// Rule id reported for values masked because of their key name.
pub const SENSITIVE_KEY_RULE: &str = "sensitive-key";

impl Redactor {
    /// A copy of `value` with secrets masked: values of sensitive keys (`password`,
    /// `api_key`, `Authorization`, ... see [`crate::is_sensitive_key`]) are masked
    /// whole (strings and numbers; inside objects and arrays, every such leaf), and so
    /// is the `value` of a name/value pair whose `name` (or `key`) is a sensitive key's
    /// (`{"name": "DB_PASSWORD", "value": "…"}`); every other string is redacted as
    /// text. Fails when nested deeper than `max_depth`.
    pub fn redact_value(&self, value: &Value) -> Result<Value> {
        self.walk(value, false, 0)
    }

    /// One string of a structured value masked as [`Redactor::redact_value`] does: the
    /// value of a sensitive key whole (unless a placeholder), any other string as text.
    pub fn redact_leaf<'t>(&self, s: &'t str, sensitive: bool) -> Cow<'t, str> {
        if !sensitive {
            return self.redact_repeated(s);
        }
        // Room for `[REDACTED:sensitive-key:<16 hex>]` in one allocation.
        let mut out = String::with_capacity(SENSITIVE_KEY_RULE.len() + 29);
        match self.write_sensitive_mask(&mut out, s) {
            true => Cow::Owned(out),
            false => Cow::Borrowed(s),
        }
    }

    /// [`Redactor::redact`] of a string of a structured value, remembering short
    /// strings it found clean (see `CLEAN`).
    pub(crate) fn redact_repeated<'t>(&self, s: &'t str) -> Cow<'t, str> {
        let Some(key) = Packed::new(s.as_bytes()).filter(|_| s.len() >= self.shortest_text) else {
            return self.redact(s);
        };
        if CLEAN.with(|clean| clean.borrow().get(&key)) == Some(self.id) {
            return Cow::Borrowed(s);
        }
        let out = self.redact(s);
        if let Cow::Borrowed(_) = out {
            CLEAN.with(|clean| clean.borrow_mut().insert(key, self.id));
        }
        out
    }

    /// Appends the mask of `value`, the value of a sensitive key, to `out`: false
    /// (nothing written) for a placeholder, which stays as it is.
    pub(crate) fn write_sensitive_mask(&self, out: &mut String, value: &str) -> bool {
        if is_placeholder(value.as_bytes()) {
            return false;
        }
        self.write_whole_mask(out, value, SENSITIVE_KEY_RULE);
        true
    }

    fn walk(&self, value: &Value, sensitive: bool, depth: usize) -> Result<Value> {
        if depth > self.max_depth {
            return Err(Error::TooDeep {
                limit: self.max_depth,
            });
        }
        Ok(match value {
            Value::String(s) => Value::String(self.redact_leaf(s, sensitive).into_owned()),
            // As the npm package's walker masks it: its text, whole, unless a placeholder.
            Value::Number(n) if sensitive => match self.redact_leaf(&n.to_string(), true) {
                Cow::Owned(masked) => Value::String(masked),
                Cow::Borrowed(_) => Value::Number(n.clone()),
            },
            Value::Array(items) => {
                // An element after one that names a credential (see
                // `keys::names_next_element`) is masked as that name's value.
                let mut after_name = false;
                let mut out = Vec::with_capacity(items.len());
                for v in items {
                    let name = v.as_str().is_some_and(names_next_element);
                    out.push(self.walk(v, sensitive || (after_name && !name), depth + 1)?);
                    after_name = name;
                }
                Value::Array(out)
            }
            Value::Object(map) => {
                // A name/value pair whose name is a credential's: its value is masked
                // as the value of a key of that name would be.
                let named = map.iter().any(|(k, v)| {
                    is_pair_name(k.as_bytes()) && v.as_str().is_some_and(is_sensitive_key)
                });
                let mut out = Map::with_capacity(map.len());
                for (k, v) in map {
                    let s =
                        sensitive || is_sensitive_key(k) || (named && is_pair_value(k.as_bytes()));
                    out.insert(k.clone(), self.walk(v, s, depth + 1)?);
                }
                Value::Object(out)
            }
            other => other.clone(),
        })
    }
}
