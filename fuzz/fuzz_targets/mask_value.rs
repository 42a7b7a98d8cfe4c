//! Structured masking of arbitrary JSON: no panic; TooDeep only past the limit; the
//! shape is kept (same keys, same array lengths); masking twice changes nothing; no
//! value under a sensitive key (or as a name/value pair's value, the name a sensitive
//! key's) survives; masking the JSON text (`mask_json`) gives the text of the masked
//! value; each string is masked as its text is, its answer remembered or not.
#![no_main]

use std::sync::LazyLock;

use edgeguard::{is_sensitive_key, Error, Redactor};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

#[path = "markers.rs"]
mod markers;
use markers::adjacent_to_a_marker;

static R: LazyLock<Redactor> = LazyLock::new(Redactor::default);

fn depth(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

fn same_shape(a: &Value, b: &Value, sensitive: bool) {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len());
            x.iter()
                .zip(y)
                .for_each(|(a, b)| same_shape(a, b, sensitive));
        }
        (Value::Object(x), Value::Object(y)) => {
            assert!(x.keys().eq(y.keys()), "keys changed");
            // A name/value pair naming a credential: its `value` is sensitive too.
            let named = x.iter().any(|(k, v)| {
                (k.eq_ignore_ascii_case("name") || k.eq_ignore_ascii_case("key"))
                    && v.as_str().is_some_and(is_sensitive_key)
            });
            for (k, v) in x {
                let pair_value = named && k.eq_ignore_ascii_case("value");
                same_shape(v, &y[k], sensitive || is_sensitive_key(k) || pair_value);
            }
        }
        (Value::String(s), Value::String(t)) if sensitive && s != t => {
            assert!(t.starts_with("[REDACTED:"), "sensitive value not masked");
        }
        (Value::String(_), Value::String(_)) => {}
        (Value::Number(_), Value::String(t)) if sensitive => {
            assert!(t.starts_with("[REDACTED:"));
        }
        (x, y) => assert_eq!(x, y, "a non-string value changed"),
    }
}

/// Strings masked twice differ from masked once only by the known limit of
/// `markers.rs` (a finding that starts or ends right at a marker).
fn same_but_the_known_limit(a: &Value, b: &Value) {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => x
            .iter()
            .zip(y)
            .for_each(|(a, b)| same_but_the_known_limit(a, b)),
        (Value::Object(x), Value::Object(y)) => x
            .values()
            .zip(y.values())
            .for_each(|(a, b)| same_but_the_known_limit(a, b)),
        (Value::String(s), Value::String(t)) if s != t => adjacent_to_a_marker(&R, s),
        (x, y) => assert_eq!(x, y, "masking twice changed a value"),
    }
}

/// Every string of `v` is masked as a whole text would be, whether the redactor's memo
/// of clean strings answers (strings seen before, this run or an earlier input) or not.
fn leaves_as_text(v: &Value) {
    match v {
        Value::Array(items) => items.iter().for_each(leaves_as_text),
        Value::Object(map) => map.values().for_each(leaves_as_text),
        Value::String(s) => {
            let first = R.redact_leaf(s, false);
            assert_eq!(first, R.redact(s), "a string masked unlike its text");
            assert_eq!(R.redact_leaf(s, false), first, "a remembered answer differs");
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    // JSON text is masked without panicking, whatever it is.
    let text = std::str::from_utf8(data).ok();
    let masked_text = text.map(|t| R.mask_json(t));
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    // What serde_json reads, mask_json reads; and on serde_json's own spelling of the
    // value (that of `redact_value`'s numbers) it writes exactly the masked value.
    leaves_as_text(&value);
    let canonical = value.to_string();
    match (R.redact_value(&value), R.mask_json(&canonical)) {
        (Ok(masked), Ok(out)) => assert_eq!(out, masked.to_string(), "mask_json differs"),
        (Err(Error::TooDeep { .. }), Err(Error::TooDeep { .. })) => {}
        (a, b) => panic!("redact_value gave {a:?}, mask_json {b:?}"),
    }
    if let Some(Err(e)) = masked_text {
        assert!(
            matches!(e, Error::TooDeep { .. }),
            "valid JSON refused: {e}"
        );
    }
    match R.redact_value(&value) {
        Ok(masked) => {
            same_shape(&value, &masked, false);
            let twice = R
                .redact_value(&masked)
                .expect("masked values are shallow enough");
            if twice != masked {
                same_but_the_known_limit(&masked, &twice);
            }
        }
        Err(Error::TooDeep { limit }) => assert!(depth(&value) > limit),
        Err(e) => panic!("unexpected error {e}"),
    }
});
