//! Validation and the status rules: observations in, a redacted [`Assessment`] out.
//!
//! Every string taken from the input is passed through the redactor here, once, so
//! the renderers only ever see redacted text.

use super::model::{
    HealthError, HealthInput, Status, DEFAULT_MEMORY_DEGRADED_PERCENT, DEFAULT_SLOW_MS,
    DEFAULT_STALE_AFTER_MS,
};
use super::time::MAX_EPOCH_MS;

/// Names of the built-in components; extra checks may not use them.
pub(crate) const RESERVED_CHECK_NAMES: [&str; 4] = ["database", "memory", "uptime", "ai-providers"];

/// The thresholds in force, defaults filled in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EffectivePolicy {
    pub slow_ms: f64,
    pub memory_degraded_percent: f64,
    pub stale_after_ms: f64,
}

/// What the database probe amounted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DbState {
    Connected,
    Disconnected,
    Timeout,
}

impl DbState {
    pub fn as_str(self) -> &'static str {
        match self {
            DbState::Connected => "connected",
            DbState::Disconnected => "disconnected",
            DbState::Timeout => "timeout",
        }
    }
}

/// A check with a latency: the database or an extra named check.
#[derive(Debug, Clone)]
pub(crate) struct CheckAssessment {
    /// Redacted name.
    pub name: String,
    pub status: Status,
    /// Whether the check answered without error (slow still counts as up).
    pub up: bool,
    pub critical: bool,
    pub timed_out: bool,
    pub latency_ms: Option<f64>,
    /// Redacted error text.
    pub error: Option<String>,
    pub component_type: String,
    /// Why the check is not healthy (redacted), e.g. `slow: 1500 ms > 1000 ms`.
    pub detail: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct DatabaseAssessment {
    pub check: CheckAssessment,
    pub state: DbState,
    /// Redacted database kind.
    pub kind: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct ProviderAssessment {
    /// Redacted name.
    pub name: String,
    /// Enabled and configured.
    pub active: bool,
    /// Active and reported failing.
    pub failing: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct HostAssessment {
    /// Redacted name.
    pub host: String,
    pub memory_used_percent: f64,
    pub memory_available_mb: f64,
    pub reported_at: f64,
    /// `now - reportedAt`, never negative (a host clock ahead of ours counts as fresh).
    pub age_ms: f64,
    pub stale: bool,
    pub status: Status,
    /// Why the host is not healthy, e.g. `memory at 92 % (>= 90 %)`.
    pub detail: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Assessment {
    pub status: Status,
    pub now: f64,
    pub uptime_ms: f64,
    pub version: String,
    pub platform: String,
    pub service_id: Option<String>,
    pub database: DatabaseAssessment,
    /// Extra checks, in name order.
    pub checks: Vec<CheckAssessment>,
    /// Providers, in name order.
    pub providers: Vec<ProviderAssessment>,
    pub providers_configured: usize,
    /// One report per host (the freshest), in host-name order.
    pub hosts: Vec<HostAssessment>,
    /// Index into `hosts` of the most recent report.
    pub freshest_host: Option<usize>,
    pub hosts_status: Status,
    /// `(debug, redacted log level)`.
    pub environment: Option<(bool, String)>,
    /// Redacted, human-readable reasons for every status worse than healthy.
    pub reasons: Vec<String>,
}

fn redact(text: &str) -> String {
    crate::sanitize_log_message(text)
}

/// Checks that `value` is finite and within `min..=max`.
fn number(
    field: impl FnOnce() -> String,
    value: f64,
    min: f64,
    max: f64,
    expected: &'static str,
) -> Result<f64, HealthError> {
    if value.is_finite() && value >= min && value <= max {
        Ok(value)
    } else {
        Err(HealthError::InvalidNumber {
            field: field(),
            value,
            expected,
        })
    }
}

const EPOCH_MS: &str = "a number of milliseconds since the epoch from 0 to 253402300799999";
const NON_NEGATIVE: &str = "a finite number of at least 0";
const PERCENT: &str = "a finite number from 0 to 100";

fn timestamp(field: &'static str, value: f64) -> Result<f64, HealthError> {
    number(|| field.to_owned(), value, 0.0, MAX_EPOCH_MS, EPOCH_MS)
}

fn non_negative(field: impl FnOnce() -> String, value: f64) -> Result<f64, HealthError> {
    number(field, value, 0.0, f64::MAX, NON_NEGATIVE)
}

fn percent(field: impl FnOnce() -> String, value: f64) -> Result<f64, HealthError> {
    number(field, value, 0.0, 100.0, PERCENT)
}

/// Validates the input and applies the status rules.
pub(crate) fn assess(input: &HealthInput) -> Result<Assessment, HealthError> {
    let now = timestamp("now", input.now)?;
    let started_at = timestamp("startedAt", input.started_at)?;
    if started_at > now {
        return Err(HealthError::StartedAfterNow { started_at, now });
    }
    let policy = effective_policy(input)?;
    let mut reasons = Vec::new();

    let database = assess_database(input, &policy, &mut reasons)?;
    let checks = assess_checks(input, &policy, &mut reasons)?;
    let (providers, providers_configured, providers_status) = assess_providers(input, &mut reasons);
    let (hosts, freshest_host, hosts_status) = assess_hosts(input, now, &policy, &mut reasons)?;

    let status = checks
        .iter()
        .map(|c| c.status)
        .chain([database.check.status, providers_status, hosts_status])
        .fold(Status::Healthy, Status::worst);

    Ok(Assessment {
        status,
        now,
        uptime_ms: now - started_at,
        version: redact(&input.version),
        platform: redact(&input.platform),
        service_id: input.service_id.as_deref().map(redact),
        database,
        checks,
        providers,
        providers_configured,
        hosts,
        freshest_host,
        hosts_status,
        environment: input
            .environment
            .as_ref()
            .map(|e| (e.debug, redact(&e.log_level))),
        reasons,
    })
}

fn effective_policy(input: &HealthInput) -> Result<EffectivePolicy, HealthError> {
    let policy = input.policy.clone().unwrap_or_default();
    Ok(EffectivePolicy {
        slow_ms: non_negative(
            || "policy.slowMs".to_owned(),
            policy.slow_ms.unwrap_or(DEFAULT_SLOW_MS),
        )?,
        memory_degraded_percent: percent(
            || "policy.memoryDegradedPercent".to_owned(),
            policy
                .memory_degraded_percent
                .unwrap_or(DEFAULT_MEMORY_DEGRADED_PERCENT),
        )?,
        stale_after_ms: non_negative(
            || "policy.staleAfterMs".to_owned(),
            policy.stale_after_ms.unwrap_or(DEFAULT_STALE_AFTER_MS),
        )?,
    })
}

/// The common rules of a check with a latency.
#[allow(clippy::too_many_arguments)]
fn assess_check(
    name: String,
    label: &str,
    ok: bool,
    critical: bool,
    timed_out: bool,
    latency_ms: Option<f64>,
    error: Option<&str>,
    component_type: String,
    policy: &EffectivePolicy,
    reasons: &mut Vec<String>,
) -> CheckAssessment {
    let error = error.map(redact);
    let up = ok && !timed_out && error.is_none();
    let failed = if critical {
        Status::Unhealthy
    } else {
        Status::Degraded
    };
    let (status, detail) = if timed_out {
        let detail = match latency_ms {
            Some(ms) => format!("timed out after {} ms", fmt_num(ms)),
            None => "timed out".to_owned(),
        };
        (failed, Some(detail))
    } else if let Some(error) = &error {
        (failed, Some(format!("error: {error}")))
    } else if !ok {
        (failed, Some("check failed".to_owned()))
    } else {
        match latency_ms {
            Some(ms) if ms > policy.slow_ms => (
                Status::Degraded,
                Some(format!(
                    "slow: {} ms > {} ms",
                    fmt_num(ms),
                    fmt_num(policy.slow_ms)
                )),
            ),
            _ => (Status::Healthy, None),
        }
    };
    if let Some(detail) = &detail {
        reasons.push(format!("{label} {detail}"));
    }
    CheckAssessment {
        name,
        status,
        up,
        critical,
        timed_out,
        latency_ms,
        error,
        component_type,
        detail,
    }
}

fn assess_database(
    input: &HealthInput,
    policy: &EffectivePolicy,
    reasons: &mut Vec<String>,
) -> Result<DatabaseAssessment, HealthError> {
    let db = &input.database;
    let latency_ms = db
        .latency_ms
        .map(|ms| non_negative(|| "database.latencyMs".to_owned(), ms))
        .transpose()?;
    let timed_out = db.timed_out.unwrap_or(false);
    let check = assess_check(
        "database".to_owned(),
        "database",
        db.ok,
        true,
        timed_out,
        latency_ms,
        db.error.as_deref(),
        "datastore".to_owned(),
        policy,
        reasons,
    );
    let state = if timed_out {
        DbState::Timeout
    } else if check.up {
        DbState::Connected
    } else {
        DbState::Disconnected
    };
    Ok(DatabaseAssessment {
        check,
        state,
        kind: db.kind.as_deref().map(redact),
    })
}

fn assess_checks(
    input: &HealthInput,
    policy: &EffectivePolicy,
    reasons: &mut Vec<String>,
) -> Result<Vec<CheckAssessment>, HealthError> {
    let Some(checks) = &input.checks else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(checks.len());
    for (name, check) in checks {
        if RESERVED_CHECK_NAMES
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name))
        {
            return Err(HealthError::ReservedCheckName { name: name.clone() });
        }
        let latency_ms = check
            .latency_ms
            .map(|ms| non_negative(|| format!("checks.{name}.latencyMs"), ms))
            .transpose()?;
        let shown = redact(name);
        let label = format!("check {shown}");
        out.push(assess_check(
            shown,
            &label,
            check.ok,
            check.critical.unwrap_or(false),
            check.timed_out.unwrap_or(false),
            latency_ms,
            check.error.as_deref(),
            check
                .component_type
                .as_deref()
                .map_or_else(|| "component".to_owned(), redact),
            policy,
            reasons,
        ));
    }
    Ok(out)
}

fn assess_providers(
    input: &HealthInput,
    reasons: &mut Vec<String>,
) -> (Vec<ProviderAssessment>, usize, Status) {
    let mut status = Status::Healthy;
    let providers: Vec<ProviderAssessment> = input
        .providers
        .iter()
        .map(|(name, p)| {
            let active = p.enabled && p.configured;
            ProviderAssessment {
                name: redact(name),
                active,
                failing: active && p.failing.unwrap_or(false),
            }
        })
        .collect();
    let configured = providers.iter().filter(|p| p.active).count();
    if configured == 0 {
        reasons.push(format!(
            "no AI provider configured (0 of {})",
            providers.len()
        ));
        status = Status::Limited;
    }
    for p in providers.iter().filter(|p| p.failing) {
        reasons.push(format!("AI provider {} reported failing", p.name));
        status = status.worst(Status::Degraded);
    }
    (providers, configured, status)
}

fn assess_hosts(
    input: &HealthInput,
    now: f64,
    policy: &EffectivePolicy,
    reasons: &mut Vec<String>,
) -> Result<(Vec<HostAssessment>, Option<usize>, Status), HealthError> {
    let reports = input.hosts.as_deref().unwrap_or_default();
    for (i, h) in reports.iter().enumerate() {
        percent(
            || format!("hosts[{i}].memoryUsedPercent"),
            h.memory_used_percent,
        )?;
        non_negative(
            || format!("hosts[{i}].memoryAvailableMb"),
            h.memory_available_mb,
        )?;
        number(
            || format!("hosts[{i}].reportedAt"),
            h.reported_at,
            0.0,
            MAX_EPOCH_MS,
            EPOCH_MS,
        )?;
    }
    // One report per host: the freshest.
    let mut sorted: Vec<_> = reports.iter().collect();
    sorted.sort_by(|a, b| {
        a.host
            .cmp(&b.host)
            .then(b.reported_at.total_cmp(&a.reported_at))
    });
    sorted.dedup_by(|later, earlier| later.host == earlier.host);

    if sorted.is_empty() {
        reasons.push("no host metrics reported".to_owned());
        return Ok((Vec::new(), None, Status::Limited));
    }
    let mut status = Status::Healthy;
    let mut hosts = Vec::with_capacity(sorted.len());
    for h in sorted {
        let host = redact(&h.host);
        let age_ms = (now - h.reported_at).max(0.0);
        let stale = age_ms > policy.stale_after_ms;
        // A stale reading says nothing about the present: it limits, it does not degrade.
        // A stale reading says nothing about the present: it limits, it does not degrade.
        let (host_status, detail) = if stale {
            let detail = format!(
                "metrics stale: last report {} s ago (> {} s)",
                fmt_num((age_ms / 1000.0).floor()),
                fmt_num(policy.stale_after_ms / 1000.0)
            );
            (Status::Limited, Some(detail))
        } else if h.memory_used_percent >= policy.memory_degraded_percent {
            let detail = format!(
                "memory at {} % (>= {} %)",
                fmt_num(h.memory_used_percent),
                fmt_num(policy.memory_degraded_percent)
            );
            (Status::Degraded, Some(detail))
        } else {
            (Status::Healthy, None)
        };
        if let Some(detail) = &detail {
            reasons.push(format!("host {host} {detail}"));
        }
        status = status.worst(host_status);
        hosts.push(HostAssessment {
            host,
            memory_used_percent: h.memory_used_percent,
            memory_available_mb: h.memory_available_mb,
            reported_at: h.reported_at,
            age_ms,
            stale,
            status: host_status,
            detail,
        });
    }
    // The most recent report; on a tie, the first host by name.
    let freshest = hosts
        .iter()
        .enumerate()
        .fold(None::<(usize, f64)>, |best, (i, h)| match best {
            Some((_, t)) if t >= h.reported_at => best,
            _ => Some((i, h.reported_at)),
        })
        .map(|(i, _)| i);
    Ok((hosts, freshest, status))
}

/// Formats a finite number the short way: `1500`, `92.5`, `0.012`.
pub(crate) fn fmt_num(value: f64) -> String {
    format!("{value}")
}
