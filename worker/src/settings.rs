//! The Worker's configuration, read from vars on every request (cheap: a property
//! lookup each) so a redeploy with new vars takes effect at once.

use worker::Env;

use crate::log;

/// Default `DB_TIMEOUT_MS`: the D1 check gives up after this long.
pub const DEFAULT_DB_TIMEOUT_MS: u64 = 1000;
/// Default `KV_TIMEOUT_MS`: the KV configuration read gives up after this long.
pub const DEFAULT_KV_TIMEOUT_MS: u64 = 1000;
/// Default `HEALTH_CACHE_MS`: how long one isolate reuses its observations.
pub const DEFAULT_HEALTH_CACHE_MS: u64 = 2000;

/// Everything the routes read from vars and secrets (the tokens stay in [`Env`]).
#[derive(Debug, Clone)]
pub struct Settings {
    pub version: String,
    pub platform: String,
    pub debug: bool,
    pub log_level: String,
    /// `HEALTH_DETAILS=public`: anonymous callers get the full report.
    pub details_public: bool,
    pub db_timeout_ms: u64,
    pub kv_timeout_ms: u64,
    pub cache_ms: u64,
    /// `STALE_AFTER_MS`, passed to the core as `policy.staleAfterMs`.
    pub stale_after_ms: Option<f64>,
}

/// A var or secret as a string, `None` when unset or not a string.
pub fn string(env: &Env, name: &str) -> Option<String> {
    env.var(name).ok().map(|v| v.to_string())
}

fn millis(env: &Env, name: &str, default: u64) -> u64 {
    match string(env, name) {
        None => default,
        Some(raw) => match raw.trim().parse::<u64>() {
            Ok(ms) => ms,
            Err(_) => {
                log::warn(
                    "bad_var",
                    &[
                        ("var", name.into()),
                        ("value", raw.clone().into()),
                        ("using", default.into()),
                    ],
                );
                default
            }
        },
    }
}

impl Settings {
    pub fn from_env(env: &Env) -> Settings {
        let stale = string(env, "STALE_AFTER_MS").map(|_| millis(env, "STALE_AFTER_MS", 0));
        Settings {
            version: string(env, "VERSION").unwrap_or_else(|| env!("CARGO_PKG_VERSION").into()),
            platform: string(env, "PLATFORM").unwrap_or_else(|| "edgeguard".into()),
            debug: string(env, "DEBUG")
                .map(|d| matches!(d.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
                .unwrap_or(false),
            log_level: string(env, "LOG_LEVEL")
                .map(|l| l.trim().to_ascii_uppercase())
                .unwrap_or_else(|| "INFO".into()),
            details_public: string(env, "HEALTH_DETAILS")
                .is_some_and(|d| d.trim().eq_ignore_ascii_case("public")),
            db_timeout_ms: millis(env, "DB_TIMEOUT_MS", DEFAULT_DB_TIMEOUT_MS),
            kv_timeout_ms: millis(env, "KV_TIMEOUT_MS", DEFAULT_KV_TIMEOUT_MS),
            cache_ms: millis(env, "HEALTH_CACHE_MS", DEFAULT_HEALTH_CACHE_MS),
            stale_after_ms: stale.filter(|&ms| ms > 0).map(|ms| ms as f64),
        }
    }
}
