//! Gathers the observations the core evaluates: the D1 check (with the latest host
//! reports it reads), the AI provider configuration in KV and its secrets. The two
//! checks run concurrently, each under its own timeout; nothing here decides a status.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::pin;
use std::time::Duration;

use edgeguard::health::{CheckObservation, DatabaseObservation, HostReport, ProviderObservation};
use futures_util::future::{join, select, Either};
use serde::Deserialize;
use serde_json::Value;
use worker::{Date, Delay, Env};

use crate::log;
use crate::settings::Settings;

/// The query of the D1 check. Its rows are the latest report of each host.
pub const HOSTS_QUERY: &str = "SELECT host, memory_used_percent, memory_available_mb, \
     uptime_seconds, reported_at FROM host_metrics ORDER BY host LIMIT 1000";

/// The KV key holding the provider configuration.
pub const PROVIDERS_KEY: &str = "providers";

/// Everything one round of checks saw. Cached per isolate for `HEALTH_CACHE_MS`.
#[derive(Debug, Clone)]
pub struct Observations {
    /// When the round started (ms since the epoch).
    pub observed_at: f64,
    pub database: DatabaseObservation,
    pub hosts: Vec<HostReport>,
    pub providers: BTreeMap<String, ProviderObservation>,
    /// The KV configuration check (`checks.config`), non-critical.
    pub config: CheckObservation,
}

/// Milliseconds since the epoch, as the core wants them.
pub fn now_ms() -> f64 {
    Date::now().as_millis() as f64
}

/// Runs `fut`, giving up after `ms` milliseconds (`None`). A result that arrives after
/// the deadline also counts as a timeout: when the event loop itself was blocked (local
/// D1 runs SQLite on the same thread), the timer could not fire, yet the check was late.
pub async fn with_timeout<F: Future>(fut: F, ms: u64) -> Option<F::Output> {
    let started = now_ms();
    let fut = pin!(fut);
    let timer = pin!(Delay::from(Duration::from_millis(ms)));
    match select(fut, timer).await {
        Either::Left((out, _)) if now_ms() - started <= ms as f64 => Some(out),
        _ => None,
    }
}

/// The text of a workers-rs error, with the D1 cause unwrapped (its `Display` is a
/// debug dump otherwise). Not yet redacted: the core redacts it, and so does the log.
pub fn error_text(e: &worker::Error) -> String {
    match e {
        worker::Error::D1(d1) => d1.to_string(),
        other => other.to_string(),
    }
}

/// One round of checks, concurrently.
pub async fn gather(env: &Env, settings: &Settings) -> Observations {
    let observed_at = now_ms();
    let ((database, hosts), (providers, config)) =
        join(check_database(env, settings), check_config(env, settings)).await;
    Observations {
        observed_at,
        database,
        hosts,
        providers,
        config,
    }
}

#[derive(Debug, Deserialize)]
struct HostRow {
    host: String,
    memory_used_percent: f64,
    memory_available_mb: f64,
    reported_at: f64,
}

fn valid_row(row: &HostRow) -> bool {
    (0.0..=100.0).contains(&row.memory_used_percent)
        && row.memory_available_mb.is_finite()
        && row.memory_available_mb >= 0.0
        && row.reported_at.is_finite()
        && row.reported_at >= 0.0
        && row.reported_at <= 253_402_300_799_999.0
}

async fn query_hosts(env: &Env) -> Result<Vec<HostRow>, String> {
    let db = env
        .d1("DB")
        .map_err(|e| format!("D1 binding `DB` is not available: {}", error_text(&e)))?;
    let result = db
        .prepare(HOSTS_QUERY)
        .all()
        .await
        .map_err(|e| error_text(&e))?;
    if let Some(err) = result.error() {
        return Err(err);
    }
    result
        .results::<HostRow>()
        .map_err(|e| format!("unexpected host_metrics rows: {}", error_text(&e)))
}

async fn check_database(env: &Env, settings: &Settings) -> (DatabaseObservation, Vec<HostReport>) {
    let started = now_ms();
    let outcome = with_timeout(query_hosts(env), settings.db_timeout_ms).await;
    let latency = (now_ms() - started).max(0.0);
    let mut db = DatabaseObservation {
        ok: false,
        kind: Some("D1".into()),
        latency_ms: Some(latency),
        error: None,
        timed_out: None,
    };
    let rows = match outcome {
        Some(Ok(rows)) => {
            db.ok = true;
            rows
        }
        Some(Err(error)) => {
            log::warn(
                "check_failed",
                &[
                    ("check", "database".into()),
                    ("error", error.clone().into()),
                ],
            );
            db.error = Some(error);
            Vec::new()
        }
        None => {
            log::warn(
                "check_timeout",
                &[
                    ("check", "database".into()),
                    ("timeout_ms", settings.db_timeout_ms.into()),
                ],
            );
            db.timed_out = Some(true);
            db.error = Some(format!(
                "D1 query timed out after {} ms",
                settings.db_timeout_ms
            ));
            Vec::new()
        }
    };
    let mut hosts = Vec::with_capacity(rows.len());
    for row in rows {
        if valid_row(&row) {
            hosts.push(HostReport {
                host: row.host,
                memory_used_percent: row.memory_used_percent,
                memory_available_mb: row.memory_available_mb,
                reported_at: row.reported_at,
            });
        } else {
            log::warn(
                "host_row_ignored",
                &[
                    ("host", row.host.into()),
                    ("reason", "numbers out of range".into()),
                ],
            );
        }
    }
    (db, hosts)
}

/// One provider's entry in the KV configuration.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderConfig {
    enabled: bool,
    /// The name of the secret binding holding its credentials (never the secret).
    secret: String,
}

/// Parses the `providers` JSON.
fn parse_providers(text: &str) -> Result<BTreeMap<String, ProviderConfig>, String> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("KV CONFIG `{PROVIDERS_KEY}` is not valid JSON: {e}"))?;
    serde_json::from_value(value).map_err(|e| {
        format!(
            "KV CONFIG `{PROVIDERS_KEY}` must map provider names to {{\"enabled\": bool, \"secret\": \"SECRET_NAME\"}}: {e}"
        )
    })
}

/// Whether the secret binding `name` exists and is not empty. Its value never leaves
/// this function.
fn secret_present(env: &Env, name: &str) -> bool {
    env.secret(name).is_ok_and(|s| !s.to_string().is_empty())
}

async fn read_config(env: &Env) -> Result<String, String> {
    let kv = env
        .kv("CONFIG")
        .map_err(|e| format!("KV binding `CONFIG` is not available: {}", error_text(&e)))?;
    kv.get(PROVIDERS_KEY)
        .text()
        .await
        .map_err(|e| format!("KV CONFIG read failed: {e}"))?
        .ok_or_else(|| format!("KV CONFIG has no `{PROVIDERS_KEY}` key"))
}

async fn check_config(
    env: &Env,
    settings: &Settings,
) -> (BTreeMap<String, ProviderObservation>, CheckObservation) {
    let started = now_ms();
    let outcome = with_timeout(read_config(env), settings.kv_timeout_ms).await;
    let latency = (now_ms() - started).max(0.0);
    let mut check = CheckObservation {
        ok: false,
        critical: Some(false),
        latency_ms: Some(latency),
        error: None,
        timed_out: None,
        component_type: Some("component".into()),
    };
    let parsed = match outcome {
        None => {
            check.timed_out = Some(true);
            Err(format!(
                "KV CONFIG read timed out after {} ms",
                settings.kv_timeout_ms
            ))
        }
        Some(Err(e)) => Err(e),
        Some(Ok(text)) => parse_providers(&text),
    };
    let providers = match parsed {
        Ok(config) => {
            check.ok = true;
            config
                .into_iter()
                .map(|(name, p)| {
                    let configured = p.enabled && secret_present(env, &p.secret);
                    (
                        name,
                        ProviderObservation {
                            enabled: p.enabled,
                            configured,
                            failing: None,
                        },
                    )
                })
                .collect()
        }
        Err(error) => {
            log::warn(
                "check_failed",
                &[("check", "config".into()), ("error", error.clone().into())],
            );
            check.error = Some(error);
            BTreeMap::new()
        }
    };
    (providers, check)
}

#[cfg(test)]
mod tests {
    use super::parse_providers;

    #[test]
    fn providers_parse_and_reject_bad_shapes() {
        let ok =
            parse_providers(r#"{"openai":{"enabled":true,"secret":"OPENAI_API_KEY"}}"#).unwrap();
        assert!(ok["openai"].enabled);
        assert_eq!(ok["openai"].secret, "OPENAI_API_KEY");
        assert!(parse_providers("{not json")
            .unwrap_err()
            .contains("not valid JSON"));
        assert!(parse_providers(r#"{"openai":{"enabled":"yes","secret":"X"}}"#).is_err());
        assert!(parse_providers(r#"{"openai":{"enabled":true,"configured":true}}"#).is_err());
        assert!(parse_providers("[]").is_err());
    }
}
