//! The types that go into and come out of [`evaluate`](super::evaluate).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Default for [`Policy::slow_ms`]: a check slower than this is `degraded`.
pub const DEFAULT_SLOW_MS: f64 = 1000.0;
/// Default for [`Policy::memory_degraded_percent`]: a host at or above this is `degraded`.
pub const DEFAULT_MEMORY_DEGRADED_PERCENT: f64 = 90.0;
/// Default for [`Policy::stale_after_ms`]: host metrics older than this are stale (5 minutes).
pub const DEFAULT_STALE_AFTER_MS: f64 = 300_000.0;

/// Everything the service observed about itself at one instant.
///
/// All times are milliseconds since the Unix epoch (JavaScript's `Date.now()`); integer
/// and floating-point JSON numbers are both accepted. Field names are camelCase on the
/// wire, as in the JS API (`startedAt`, `latencyMs`, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthInput {
    /// The instant of the evaluation, ms since the epoch. The core never reads a clock.
    pub now: f64,
    /// When the service (or isolate) started, ms since the epoch; not after `now`.
    pub started_at: f64,
    /// The service's release, e.g. `"2.0.0"`.
    pub version: String,
    /// The service's name, e.g. `"Xionimus AI"`.
    pub platform: String,
    /// An optional unique id of the service (IETF `serviceId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// The database check. The database is always a critical dependency.
    pub database: DatabaseObservation,
    /// AI providers by name (`"openai"`, `"anthropic"`, ...).
    #[serde(default)]
    pub providers: BTreeMap<String, ProviderObservation>,
    /// The latest metrics each host pushed; `None` or empty means none were reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosts: Option<Vec<HostReport>>,
    /// Runtime environment facts, echoed in the seed-shaped body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// Further named checks (for example the Worker's KV configuration check).
    /// Names must not be one of the built-in components (`database`, `memory`,
    /// `uptime`, `ai-providers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checks: Option<BTreeMap<String, CheckObservation>>,
    /// Thresholds; every field has a default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
}

/// The result of probing the database.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseObservation {
    /// Whether the probe query succeeded.
    pub ok: bool,
    /// The kind of database, e.g. `"D1"` or `"SQLite"` (`type` on the wire).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// How long the probe took, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    /// The error the probe returned, if any. It is redacted before it is rendered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether the probe was abandoned after its timeout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timed_out: Option<bool>,
}

/// What is known about one AI provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderObservation {
    /// Whether the configuration asks for this provider.
    pub enabled: bool,
    /// Whether its credentials exist (the secret itself is never passed in).
    pub configured: bool,
    /// Whether the provider has been reported failing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failing: Option<bool>,
}

/// The latest metrics pushed by one host.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostReport {
    /// The host's name.
    pub host: String,
    /// Memory in use, 0 to 100.
    pub memory_used_percent: f64,
    /// Memory available, in megabytes (MiB, as `psutil` reports it divided by 1024²).
    pub memory_available_mb: f64,
    /// When the host sent the report, ms since the epoch.
    pub reported_at: f64,
}

/// Runtime environment facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    /// Whether debug mode is on.
    pub debug: bool,
    /// The configured log level, e.g. `"INFO"`.
    pub log_level: String,
}

/// A further named check, beside the built-in ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckObservation {
    /// Whether the check passed.
    pub ok: bool,
    /// A failing critical check makes the service `unhealthy`; a failing non-critical
    /// one makes it `degraded`. Defaults to `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<bool>,
    /// How long the check took, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    /// The check's error text, if any. It is redacted before it is rendered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether the check was abandoned after its timeout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timed_out: Option<bool>,
    /// IETF `componentType` (`"datastore"`, `"system"`, `"component"`, ...);
    /// defaults to `"component"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component_type: Option<String>,
}

/// Thresholds of the evaluation. A missing field takes its default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// A check slower than this many milliseconds is `degraded`
    /// (default [`DEFAULT_SLOW_MS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slow_ms: Option<f64>,
    /// A host whose memory use is at or above this percentage is `degraded`
    /// (default [`DEFAULT_MEMORY_DEGRADED_PERCENT`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_degraded_percent: Option<f64>,
    /// Host metrics older than this many milliseconds are stale, which makes the
    /// service `limited` (default [`DEFAULT_STALE_AFTER_MS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_after_ms: Option<f64>,
}

/// Overall or per-check status. Ordered from best to worst; the worst one wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every check passes.
    Healthy,
    /// Reduced capability: no AI provider configured, host metrics missing or stale.
    Limited,
    /// Everything answers but something is wrong: slow, failing provider, memory high.
    Degraded,
    /// A critical dependency fails. The only status served with HTTP 503.
    Unhealthy,
}

impl Status {
    /// Every status, best first.
    pub const ALL: [Status; 4] = [
        Status::Healthy,
        Status::Limited,
        Status::Degraded,
        Status::Unhealthy,
    ];

    /// The lowercase name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Healthy => "healthy",
            Status::Limited => "limited",
            Status::Degraded => "degraded",
            Status::Unhealthy => "unhealthy",
        }
    }

    /// The HTTP status code to serve: 503 for `unhealthy`, 200 otherwise.
    pub fn http_status(self) -> u16 {
        match self {
            Status::Unhealthy => 503,
            _ => 200,
        }
    }

    /// The IETF health+json status: `pass`, `warn` or `fail`.
    pub fn ietf(self) -> &'static str {
        match self {
            Status::Healthy => "pass",
            Status::Limited | Status::Degraded => "warn",
            Status::Unhealthy => "fail",
        }
    }

    /// The worse of two statuses.
    pub fn worst(self, other: Status) -> Status {
        match self.cmp(&other) {
            Ordering::Less => other,
            _ => self,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of [`evaluate`](super::evaluate): a status and three renderings of it.
///
/// Serializes as `{ status, httpStatus, body, ietf, prometheus }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    /// The overall status (the worst of all checks).
    pub status: Status,
    /// The HTTP status code to serve (503 only for `unhealthy`).
    pub http_status: u16,
    /// The seed-shaped JSON body (snake_case fields, as the original `/api/health`).
    pub body: serde_json::Value,
    /// The IETF `application/health+json` document (draft-inadarei-api-health-check).
    pub ietf: serde_json::Value,
    /// The Prometheus text exposition (format 0.0.4).
    pub prometheus: String,
}

/// Why an input was rejected. Nothing was rendered; fix the input and call again.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum HealthError {
    /// A number is NaN, infinite, negative or out of its range. The caller should
    /// check the named field (camelCase path, e.g. `hosts[0].memoryUsedPercent`).
    InvalidNumber {
        /// Where the number was, as a camelCase path.
        field: String,
        /// The value received.
        value: f64,
        /// What the value should have been, e.g. `"a finite number from 0 to 100"`.
        expected: &'static str,
    },
    /// `startedAt` is later than `now`; the caller should take both from one clock.
    StartedAfterNow {
        /// The `startedAt` received.
        started_at: f64,
        /// The `now` received.
        now: f64,
    },
    /// An extra check uses the name of a built-in component; the caller should
    /// rename it.
    ReservedCheckName {
        /// The rejected name.
        name: String,
    },
}

impl fmt::Display for HealthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HealthError::InvalidNumber {
                field,
                value,
                expected,
            } => write!(f, "invalid `{field}`: {value} is not {expected}"),
            HealthError::StartedAfterNow { started_at, now } => write!(
                f,
                "invalid `startedAt`: {started_at} is later than `now` ({now})"
            ),
            HealthError::ReservedCheckName { name } => write!(
                f,
                "invalid check name `{name}`: it is reserved for a built-in check"
            ),
        }
    }
}

impl std::error::Error for HealthError {}
