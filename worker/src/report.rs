//! `POST /api/health/report`: a host pushes its latest metrics (bearer `REPORT_TOKEN`).
//! The body is validated here and upserted into `host_metrics`, one row per host.

use serde::Deserialize;
use serde_json::json;
use worker::wasm_bindgen::JsValue;
use worker::{Env, Request, Response, Result};

use crate::log;
use crate::observe::{error_text, now_ms};
use crate::respond::{self, JSON};

/// The largest accepted body, in bytes.
pub const MAX_BODY_BYTES: usize = 4096;

/// A validated host report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HostMetrics {
    pub host: String,
    pub memory_used_percent: f64,
    pub memory_available_mb: f64,
    #[serde(default)]
    pub uptime_seconds: Option<f64>,
}

fn valid_host(host: &str) -> bool {
    (1..=128).contains(&host.len())
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Parses and validates a report body; the error says what was wrong.
pub fn parse(body: &[u8]) -> std::result::Result<HostMetrics, String> {
    let m: HostMetrics =
        serde_json::from_slice(body).map_err(|e| format!("invalid report body: {e}"))?;
    if !valid_host(&m.host) {
        return Err("invalid `host`: 1 to 128 characters from A-Z a-z 0-9 . _ -".into());
    }
    if !(0.0..=100.0).contains(&m.memory_used_percent) {
        return Err(format!(
            "invalid `memoryUsedPercent`: {} is not from 0 to 100",
            m.memory_used_percent
        ));
    }
    if !(m.memory_available_mb >= 0.0 && m.memory_available_mb.is_finite()) {
        return Err(format!(
            "invalid `memoryAvailableMb`: {} is not a number of at least 0",
            m.memory_available_mb
        ));
    }
    if let Some(up) = m.uptime_seconds {
        if !(up >= 0.0 && up.is_finite()) {
            return Err(format!(
                "invalid `uptimeSeconds`: {up} is not a number of at least 0"
            ));
        }
    }
    Ok(m)
}

const UPSERT: &str = "INSERT INTO host_metrics \
     (host, memory_used_percent, memory_available_mb, uptime_seconds, reported_at) \
     VALUES (?1, ?2, ?3, ?4, ?5) \
     ON CONFLICT(host) DO UPDATE SET memory_used_percent = excluded.memory_used_percent, \
     memory_available_mb = excluded.memory_available_mb, \
     uptime_seconds = excluded.uptime_seconds, reported_at = excluded.reported_at";

async fn store(env: &Env, m: &HostMetrics, reported_at: f64) -> std::result::Result<(), String> {
    let db = env
        .d1("DB")
        .map_err(|e| format!("D1 binding `DB` is not available: {}", error_text(&e)))?;
    let uptime = m.uptime_seconds.map_or(JsValue::NULL, JsValue::from_f64);
    let stmt = db
        .prepare(UPSERT)
        .bind(&[
            JsValue::from_str(&m.host),
            JsValue::from_f64(m.memory_used_percent),
            JsValue::from_f64(m.memory_available_mb),
            uptime,
            JsValue::from_f64(reported_at),
        ])
        .map_err(|e| error_text(&e))?;
    // `all()` rather than `run()`: in workers-rs 0.8 a rejected `run()` (a failing
    // trigger, a read-only table) never resolved, and workerd answered 500 for the
    // hung request; `all()` reports the error.
    stmt.all().await.map_err(|e| error_text(&e))?;
    Ok(())
}

/// Handles the POST.
pub async fn handle(mut req: Request, env: &Env) -> Result<Response> {
    if !respond::authorized(&req, env, "REPORT_TOKEN") {
        return respond::error(
            "missing or invalid bearer token (Authorization: Bearer <REPORT_TOKEN>)",
            401,
        );
    }
    let declared = req
        .headers()
        .get("Content-Length")
        .ok()
        .flatten()
        .and_then(|l| l.trim().parse::<u64>().ok());
    if declared.is_some_and(|l| l > MAX_BODY_BYTES as u64) {
        return respond::error(&format!("body larger than {MAX_BODY_BYTES} bytes"), 413);
    }
    let body = match req.bytes().await {
        Ok(b) => b,
        Err(e) => return respond::error(&format!("could not read the body: {e}"), 400),
    };
    if body.len() > MAX_BODY_BYTES {
        return respond::error(&format!("body larger than {MAX_BODY_BYTES} bytes"), 413);
    }
    let metrics = match parse(&body) {
        Ok(m) => m,
        Err(msg) => return respond::error(&edgeguard::sanitize_log_message(&msg), 400),
    };
    let reported_at = now_ms();
    if let Err(e) = store(env, &metrics, reported_at).await {
        log::warn(
            "report_store_failed",
            &[
                ("host", metrics.host.clone().into()),
                ("error", e.clone().into()),
            ],
        );
        return respond::error(
            &format!(
                "could not store the report: {}",
                edgeguard::sanitize_log_message(&e)
            ),
            503,
        );
    }
    log::info(
        "host_report",
        &[
            ("host", metrics.host.clone().into()),
            ("memory_used_percent", metrics.memory_used_percent.into()),
        ],
    );
    respond::json(
        &json!({ "stored": true, "host": metrics.host, "reported_at": reported_at as u64 }),
        200,
        JSON,
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reports_are_validated() {
        let ok = parse(br#"{"host":"app-1","memoryUsedPercent":41.5,"memoryAvailableMb":8192}"#)
            .unwrap();
        assert_eq!(ok.host, "app-1");
        assert_eq!(ok.uptime_seconds, None);
        assert!(parse(b"{").unwrap_err().contains("invalid report body"));
        assert!(
            parse(br#"{"host":"a b","memoryUsedPercent":1,"memoryAvailableMb":1}"#)
                .unwrap_err()
                .contains("host")
        );
        assert!(
            parse(br#"{"host":"a","memoryUsedPercent":101,"memoryAvailableMb":1}"#)
                .unwrap_err()
                .contains("memoryUsedPercent")
        );
        assert!(
            parse(br#"{"host":"a","memoryUsedPercent":1,"memoryAvailableMb":-1}"#)
                .unwrap_err()
                .contains("memoryAvailableMb")
        );
        assert!(parse(
            br#"{"host":"a","memoryUsedPercent":1,"memoryAvailableMb":1,"uptimeSeconds":-5}"#
        )
        .unwrap_err()
        .contains("uptimeSeconds"));
        assert!(parse(br#"{"host":"a","memoryUsedPercent":1}"#)
            .unwrap_err()
            .contains("memoryAvailableMb"));
        let long = format!(
            r#"{{"host":"{}","memoryUsedPercent":1,"memoryAvailableMb":1}}"#,
            "a".repeat(129)
        );
        assert!(parse(long.as_bytes()).is_err());
    }
}
