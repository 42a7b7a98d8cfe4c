//! Response building: who may see what, which rendering, and the headers every health
//! response carries.

use serde_json::{json, Value};
use worker::{Env, Headers, Request, Response, Result};

use crate::settings;

pub const JSON: &str = "application/json";

/// Compares two byte strings in time that depends only on their lengths, never on
/// where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = (a.len() ^ b.len()) as u64;
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= u64::from(x ^ y);
    }
    diff == 0
}

/// The token of an `Authorization: Bearer <token>` header, if any.
pub fn bearer(req: &Request) -> Option<String> {
    let header = req.headers().get("Authorization").ok().flatten()?;
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// Whether the request carries the bearer token held in the secret `secret_name`.
/// An unset or empty secret authorizes nobody.
pub fn authorized(req: &Request, env: &Env, secret_name: &str) -> bool {
    let Some(expected) = settings::string(env, secret_name).filter(|s| !s.is_empty()) else {
        return false;
    };
    bearer(req).is_some_and(|given| constant_time_eq(given.as_bytes(), expected.as_bytes()))
}

/// Which rendering of the report the caller asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Seed,
    Ietf,
}

pub fn format(req: &Request) -> Format {
    let query_ietf = req.url().ok().is_some_and(|url| {
        url.query_pairs()
            .any(|(k, v)| k == "format" && v.eq_ignore_ascii_case("ietf"))
    });
    let accept_ietf = req.headers().get("Accept").ok().flatten().is_some_and(|a| {
        a.to_ascii_lowercase()
            .contains(edgeguard::health::IETF_CONTENT_TYPE)
    });
    if query_ietf || accept_ietf {
        Format::Ietf
    } else {
        Format::Seed
    }
}

/// A response with `body` (left out for HEAD), `status`, `content_type` and
/// `Cache-Control: no-store`.
pub fn text(body: String, status: u16, content_type: &str, head: bool) -> Result<Response> {
    let headers = Headers::new();
    headers.set("Content-Type", content_type)?;
    headers.set("Cache-Control", "no-store")?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    let builder = Response::builder()
        .with_status(status)
        .with_headers(headers);
    Ok(if head {
        builder.empty()
    } else {
        builder.fixed(body.into_bytes())
    })
}

/// A JSON response (see [`text`]).
pub fn json(value: &Value, status: u16, content_type: &str, head: bool) -> Result<Response> {
    text(value.to_string(), status, content_type, head)
}

/// An error response: `{"error": message}` with `status`.
pub fn error(message: &str, status: u16) -> Result<Response> {
    json(&json!({ "error": message }), status, JSON, false)
}
