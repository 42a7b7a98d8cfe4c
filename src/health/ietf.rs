//! The IETF `application/health+json` rendering
//! (draft-inadarei-api-health-check, "Health Check Response Format for HTTP APIs").

use serde_json::{json, Map, Value};

use super::assess::{Assessment, CheckAssessment};
use super::body::json_num;
use super::model::Status;
use super::time::rfc3339_millis;

/// The draft's `version` is the public (major) version; `releaseId` the full release.
fn public_version(release: &str) -> &str {
    match release.split('.').next() {
        Some(major) if !major.is_empty() => major,
        _ => release,
    }
}

/// One entry of a `checks` array. `output` is left out on `pass`, as the draft asks.
fn entry(
    component_id: Option<&str>,
    component_type: &str,
    observed: Option<(Value, &str)>,
    status: Status,
    time: &str,
    output: Option<&str>,
) -> Value {
    let mut e = Map::new();
    if let Some(id) = component_id {
        e.insert("componentId".into(), Value::from(id));
    }
    e.insert("componentType".into(), Value::from(component_type));
    if let Some((value, unit)) = observed {
        e.insert("observedValue".into(), value);
        if !unit.is_empty() {
            e.insert("observedUnit".into(), Value::from(unit));
        }
    }
    e.insert("status".into(), Value::from(status.ietf()));
    e.insert("time".into(), Value::from(time));
    if status != Status::Healthy {
        if let Some(output) = output {
            e.insert("output".into(), Value::from(output));
        }
    }
    Value::Object(e)
}

fn check_entry(check: &CheckAssessment, time: &str) -> Value {
    // The raw error text when there is one, otherwise what went wrong.
    let output = check.error.as_deref().or(check.detail.as_deref());
    entry(
        None,
        &check.component_type,
        check.latency_ms.map(|ms| (json_num(ms), "ms")),
        check.status,
        time,
        output,
    )
}

pub(crate) fn render(a: &Assessment) -> Value {
    let now = rfc3339_millis(a.now);
    let mut checks = Map::new();

    checks.insert(
        "database:responseTime".into(),
        json!([check_entry(&a.database.check, &now)]),
    );

    let memory: Vec<Value> = if a.hosts.is_empty() {
        vec![entry(
            None,
            "system",
            None,
            a.hosts_status,
            &now,
            Some("no host metrics reported"),
        )]
    } else {
        a.hosts
            .iter()
            .map(|h| {
                entry(
                    Some(&h.host),
                    "system",
                    Some((json_num(h.memory_used_percent), "percent")),
                    h.status,
                    &rfc3339_millis(h.reported_at),
                    h.detail.as_deref(),
                )
            })
            .collect()
    };
    checks.insert("memory:utilization".into(), Value::Array(memory));

    let none_configured = format!("no AI provider configured (0 of {})", a.providers.len());
    let configured_status = if a.providers_configured == 0 {
        Status::Limited
    } else {
        Status::Healthy
    };
    checks.insert(
        "ai-providers:configured".into(),
        json!([entry(
            None,
            "component",
            Some((Value::from(a.providers_configured), "count")),
            configured_status,
            &now,
            Some(&none_configured),
        )]),
    );
    if !a.providers.is_empty() {
        let providers: Vec<Value> = a
            .providers
            .iter()
            .map(|p| {
                let status = if p.failing {
                    Status::Degraded
                } else {
                    Status::Healthy
                };
                entry(
                    Some(&p.name),
                    "component",
                    Some((Value::Bool(p.active), "")),
                    status,
                    &now,
                    Some("reported failing"),
                )
            })
            .collect();
        checks.insert("ai-providers:status".into(), Value::Array(providers));
    }

    checks.insert(
        "uptime".into(),
        json!([entry(
            None,
            "system",
            Some((json_num(a.uptime_ms / 1000.0), "s")),
            Status::Healthy,
            &now,
            None,
        )]),
    );

    for check in &a.checks {
        checks.insert(
            format!("{}:responseTime", check.name),
            json!([check_entry(check, &now)]),
        );
    }

    let mut doc = Map::new();
    doc.insert("status".into(), Value::from(a.status.ietf()));
    doc.insert("version".into(), Value::from(public_version(&a.version)));
    doc.insert("releaseId".into(), Value::from(a.version.as_str()));
    if let Some(id) = &a.service_id {
        doc.insert("serviceId".into(), Value::from(id.as_str()));
    }
    doc.insert(
        "description".into(),
        Value::from(format!("health of {}", a.platform)),
    );
    if !a.reasons.is_empty() {
        doc.insert("notes".into(), json!(a.reasons));
    }
    if a.status != Status::Healthy {
        doc.insert("output".into(), Value::from(a.reasons.join("; ")));
    }
    doc.insert("checks".into(), Value::Object(checks));
    Value::Object(doc)
}

#[cfg(test)]
mod tests {
    use super::public_version;

    #[test]
    fn public_version_is_the_major_part() {
        assert_eq!(public_version("2.0.0"), "2");
        assert_eq!(public_version("v3"), "v3");
        assert_eq!(public_version(""), "");
        assert_eq!(public_version(".5"), ".5");
    }
}
