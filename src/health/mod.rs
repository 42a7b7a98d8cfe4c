//! The health model: observations in, a status and three renderings out.
//!
//! [`evaluate`] is a pure function (no I/O, no clock): the caller (the Worker, a Node
//! service, a test) measures, then hands over what it saw in a [`HealthInput`]. The
//! result is a [`HealthReport`] with the overall [`Status`], the HTTP status code, and
//! the same facts rendered three ways:
//!
//! - `body`: the seed's `/api/health` JSON (snake_case names: `status`, `version`,
//!   `platform`, `timestamp`, `uptime_seconds`, `services.database`,
//!   `services.ai_providers`, `system`, `environment`), plus `hosts`, `checks`
//!   (status and latency of each check) and `reasons`;
//! - `ietf`: `application/health+json` (draft-inadarei-api-health-check);
//! - `prometheus`: the text exposition format 0.0.4 (see [`PROMETHEUS_CONTENT_TYPE`]).
//!
//! # Statuses
//!
//! The worst status wins: `healthy` < `limited` < `degraded` < `unhealthy`.
//!
//! - `unhealthy` (HTTP 503): the database (always critical) or a check marked
//!   `critical` failed, returned an error, or timed out.
//! - `degraded`: a check is slower than `policy.slowMs`, a non-critical check failed,
//!   a configured AI provider is reported failing, or a host's memory use is at or
//!   above `policy.memoryDegradedPercent`.
//! - `limited`: no AI provider is configured (enabled and with credentials), or host
//!   metrics are missing or older than `policy.staleAfterMs`. A stale host's memory
//!   reading is not used to degrade: it is old news.
//! - `healthy`: none of the above.
//!
//! Every status worse than `healthy` comes with a reason in `body.reasons` (and the
//! IETF `notes`), e.g. `database slow: 1500 ms > 1000 ms`.
//!
//! # Untrusted input
//!
//! Every string taken from the input (error texts above all, but also names, version,
//! platform) passes through [`sanitize_log_message`](crate::sanitize_log_message)
//! before it reaches any rendering. Numbers are validated: NaN, infinities, negative
//! values, percentages above 100 and timestamps outside years 1970-9999 are rejected
//! with a [`HealthError`]. Nothing here panics on any input.
//!
//! # Example
//!
//! ```
//! use edgeguard::health::{evaluate, HealthInput, Status};
//!
//! let input: HealthInput = serde_json::from_value(serde_json::json!({
//!     "now": 1759295283580u64,
//!     "startedAt": 1759295278000u64,
//!     "version": "2.0.0",
//!     "platform": "Xionimus AI",
//!     "database": { "ok": true, "type": "SQLite", "latencyMs": 3 },
//!     "providers": {
//!         "openai": { "enabled": true, "configured": false },
//!         "anthropic": { "enabled": true, "configured": false },
//!         "perplexity": { "enabled": true, "configured": false }
//!     },
//!     "hosts": [{ "host": "app-1", "memoryUsedPercent": 26.9,
//!                 "memoryAvailableMb": 46891.06, "reportedAt": 1759295280000u64 }]
//! }))?;
//! let report = evaluate(&input)?;
//! assert_eq!(report.status, Status::Limited);
//! assert_eq!(report.http_status, 200);
//! assert_eq!(report.body["uptime_seconds"], 5);
//! assert_eq!(report.ietf["status"], "warn");
//! assert!(report.prometheus.contains("edgeguard_health_status{status=\"limited\"} 1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod assess;
mod body;
mod ietf;
mod model;
mod prometheus;
mod time;

pub use model::{
    CheckObservation, DatabaseObservation, Environment, HealthError, HealthInput, HealthReport,
    HostReport, Policy, ProviderObservation, Status, DEFAULT_MEMORY_DEGRADED_PERCENT,
    DEFAULT_SLOW_MS, DEFAULT_STALE_AFTER_MS,
};
pub use prometheus::PROMETHEUS_CONTENT_TYPE;

/// The `Content-Type` of [`HealthReport::ietf`].
pub const IETF_CONTENT_TYPE: &str = "application/health+json";

/// Evaluates the observations: validates them, applies the status rules and renders
/// the report. Pure: no I/O and no clock (`input.now` is the time).
///
/// # Errors
///
/// [`HealthError`] when a number is NaN, infinite, negative or out of range, when
/// `startedAt` is after `now`, or when an extra check uses a built-in name.
pub fn evaluate(input: &HealthInput) -> Result<HealthReport, HealthError> {
    let assessment = assess::assess(input)?;
    Ok(HealthReport {
        status: assessment.status,
        http_status: assessment.status.http_status(),
        body: body::render(&assessment),
        ietf: ietf::render(&assessment),
        prometheus: prometheus::render(&assessment),
    })
}
