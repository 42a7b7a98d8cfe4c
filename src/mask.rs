//! Masking methods: what a detected secret is replaced with.

use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// How a secret is replaced.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// `[REDACTED:<rule-id>]` (the default).
    #[default]
    Redact,
    /// Keeps the public prefix (`sk-proj-`, `ghp_`) and, for long secrets, the last
    /// four characters: `sk-proj-****a1B2`. Short secrets become `****`.
    Partial,
    /// `[REDACTED:<rule-id>:<16 hex>]`, a keyed HMAC-SHA256 fingerprint: equal
    /// secrets give equal fingerprints under one key, and the secret cannot be
    /// recovered from it.
    Hash,
    /// Removes the secret.
    Remove,
    /// Replaces the secret with this text.
    Replace(String),
}

/// Secrets shorter than this are masked whole by [`Method::Partial`].
const PARTIAL_MIN_LEN: usize = 12;
/// Secrets (without their prefix) at least this long keep their last four characters.
const PARTIAL_TAIL_MIN_LEN: usize = 20;

/// Writes the replacement of `secret` (found by rule `rule_id`, whose keywords are
/// `keywords`) into `out`.
pub(crate) fn write_mask(
    out: &mut String,
    method: &Method,
    hash_key: &[u8],
    rule_id: &str,
    keywords: &[String],
    secret: &str,
) {
    match method {
        Method::Redact => {
            out.push_str("[REDACTED:");
            out.push_str(rule_id);
            out.push(']');
        }
        Method::Partial => write_partial(out, keywords, secret),
        Method::Hash => {
            out.push_str("[REDACTED:");
            out.push_str(rule_id);
            out.push(':');
            out.push_str(&fingerprint(hash_key, secret.as_bytes()));
            out.push(']');
        }
        Method::Remove => {}
        Method::Replace(text) => out.push_str(text),
    }
}

/// Partial mask: public prefix (a rule keyword the secret starts with), `****`, and
/// the last four characters when enough remains hidden.
pub(crate) fn write_partial(out: &mut String, keywords: &[String], secret: &str) {
    if secret.len() < PARTIAL_MIN_LEN {
        out.push_str("****");
        return;
    }
    let prefix = keywords
        .iter()
        .filter(|k| k.len() < secret.len() / 2 && secret.starts_with(k.as_str()))
        .map(String::len)
        .max()
        .unwrap_or(0);
    out.push_str(&secret[..prefix]);
    out.push_str("****");
    let rest = &secret[prefix..];
    if rest.len() >= PARTIAL_TAIL_MIN_LEN {
        let mut tail = rest.len() - 4;
        while !rest.is_char_boundary(tail) {
            tail += 1;
        }
        out.push_str(&rest[tail..]);
    }
}

/// First 8 bytes of HMAC-SHA256(key, secret), as 16 lowercase hex digits.
pub(crate) fn fingerprint(key: &[u8], secret: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(secret);
    let digest = mac.finalize().into_bytes();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_keeps_prefix_and_tail_only() {
        let kws = vec!["sk-proj-".to_string()];
        let mut out = String::new();
        write_partial(
            &mut out,
            &kws,
            "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789wxyz",
        );
        assert_eq!(out, "sk-proj-****wxyz");
        out.clear();
        write_partial(&mut out, &kws, "hunter2");
        assert_eq!(out, "****");
        out.clear();
        write_partial(&mut out, &[], "abcdefghijklmn");
        assert_eq!(out, "****");
    }

    #[test]
    fn fingerprint_is_keyed_and_stable() {
        let a = fingerprint(b"k1", b"secret");
        assert_eq!(a, fingerprint(b"k1", b"secret"));
        assert_ne!(a, fingerprint(b"k2", b"secret"));
        assert_eq!(a.len(), 16);
        // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?").
        assert_eq!(
            fingerprint(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e"
        );
    }
}
