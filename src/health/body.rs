//! The seed-shaped JSON body: every field of the original `/api/health` response,
//! under the same snake_case names, plus `checks` and `reasons`.

use serde_json::{json, Map, Value};

use super::assess::{Assessment, CheckAssessment};
use super::time::rfc3339_millis;

/// A JSON number that prints as an integer when it is one (`12`, not `12.0`).
pub(crate) fn json_num(value: f64) -> Value {
    const SAFE: f64 = 9_007_199_254_740_991.0; // 2^53 - 1
    if value.fract() == 0.0 && value.abs() <= SAFE {
        // Exact: an integer within the safe range.
        Value::from(value as i64)
    } else {
        // Non-finite values were rejected by validation; `from` maps them to null.
        Value::from(value)
    }
}

fn check_json(check: &CheckAssessment) -> Value {
    json!({
        "status": check.status,
        "critical": check.critical,
        "timed_out": check.timed_out,
        "latency_ms": check.latency_ms.map(json_num),
        "error": check.error,
    })
}

pub(crate) fn render(a: &Assessment) -> Value {
    let db = &a.database;
    let provider_status: Map<String, Value> = a
        .providers
        .iter()
        .map(|p| (p.name.clone(), Value::Bool(p.active)))
        .collect();
    let failing: Vec<&str> = a
        .providers
        .iter()
        .filter(|p| p.failing)
        .map(|p| p.name.as_str())
        .collect();
    let freshest = a.freshest_host.and_then(|i| a.hosts.get(i));
    let system = json!({
        "memory_used_percent": freshest.map(|h| json_num(h.memory_used_percent)),
        "memory_available_mb": freshest.map(|h| json_num(h.memory_available_mb)),
        "host": freshest.map(|h| h.host.as_str()),
        "reported_at": freshest.map(|h| rfc3339_millis(h.reported_at)),
        "stale": freshest.map(|h| h.stale),
    });
    let hosts: Vec<Value> = a
        .hosts
        .iter()
        .map(|h| {
            json!({
                "host": h.host,
                "status": h.status,
                "memory_used_percent": json_num(h.memory_used_percent),
                "memory_available_mb": json_num(h.memory_available_mb),
                "reported_at": rfc3339_millis(h.reported_at),
                "stale": h.stale,
            })
        })
        .collect();
    let environment = match &a.environment {
        Some((debug, level)) => json!({ "debug": debug, "log_level": level }),
        None => json!({ "debug": null, "log_level": null }),
    };
    let mut checks = Map::new();
    checks.insert("database".to_owned(), check_json(&db.check));
    for check in &a.checks {
        checks.insert(check.name.clone(), check_json(check));
    }
    json!({
        "status": a.status,
        "version": a.version,
        "platform": a.platform,
        "timestamp": rfc3339_millis(a.now),
        "uptime_seconds": json_num((a.uptime_ms / 1000.0).floor()),
        "services": {
            "database": {
                "status": db.state.as_str(),
                "type": db.kind,
                "error": db.check.error,
                "latency_ms": db.check.latency_ms.map(json_num),
            },
            "ai_providers": {
                "configured": a.providers_configured,
                "total": a.providers.len(),
                "status": provider_status,
                "failing": failing,
            },
        },
        "system": system,
        "hosts": hosts,
        "environment": environment,
        "checks": checks,
        "reasons": a.reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::json_num;

    #[test]
    fn whole_numbers_print_as_integers() {
        assert_eq!(json_num(12.0).to_string(), "12");
        assert_eq!(json_num(26.9).to_string(), "26.9");
        assert_eq!(json_num(0.0).to_string(), "0");
        assert_eq!(json_num(1e300).to_string(), "1e+300");
    }
}
