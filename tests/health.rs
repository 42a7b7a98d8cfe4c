//! Integration tests of the health model (`edgeguard::health`).
//!
//! The first eight tests port the intent of the seed's `tests/test_health_check.py`
//! (there an HTTP endpoint, here the pure function behind it).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use edgeguard::health::{
    evaluate, CheckObservation, HealthError, HealthInput, HealthReport, HostReport, Status,
};
use serde_json::{json, Value};

/// 2025-10-01T05:08:03.580Z, the instant of the seed's example.
const NOW: u64 = 1_759_295_283_580;

/// The seed's example response, verbatim except for the timestamp's precision.
const SEED_EXAMPLE: &str = r#"{
  "status": "limited",
  "version": "2.0.0",
  "platform": "Xionimus AI",
  "timestamp": "2025-10-01T05:08:03.580606+00:00",
  "uptime_seconds": 5,
  "services": {
    "database": { "status": "connected", "type": "SQLite", "error": null },
    "ai_providers": {
      "configured": 0,
      "total": 3,
      "status": { "openai": false, "anthropic": false, "perplexity": false }
    }
  },
  "system": { "memory_used_percent": 26.9, "memory_available_mb": 46891.06 },
  "environment": { "debug": true, "log_level": "INFO" }
}"#;

/// Observations that give the seed's example: database up, no provider configured.
fn seed_input() -> Value {
    json!({
        "now": NOW,
        "startedAt": NOW - 5_000,
        "version": "2.0.0",
        "platform": "Xionimus AI",
        "database": { "ok": true, "type": "SQLite", "latencyMs": 3 },
        "providers": {
            "openai": { "enabled": true, "configured": false },
            "anthropic": { "enabled": true, "configured": false },
            "perplexity": { "enabled": true, "configured": false }
        },
        "hosts": [{
            "host": "app-1",
            "memoryUsedPercent": 26.9,
            "memoryAvailableMb": 46891.06,
            "reportedAt": NOW - 20_000
        }],
        "environment": { "debug": true, "logLevel": "INFO" }
    })
}

/// Everything fine: the seed's input with one provider configured.
fn healthy_input() -> Value {
    let mut v = seed_input();
    v["providers"]["openai"]["configured"] = json!(true);
    v
}

fn parse(value: Value) -> HealthInput {
    serde_json::from_value(value).expect("test input deserializes")
}

fn eval(value: Value) -> HealthReport {
    evaluate(&parse(value)).expect("test input is valid")
}

// ---------------------------------------------------------------------------
// The seed's 8 health tests, ported in intent.
// ---------------------------------------------------------------------------

#[test]
fn seed_endpoint_exists() {
    let report = eval(seed_input());
    assert_eq!(report.http_status, 200);
    assert!(report.body.is_object());
    assert!(report.ietf.is_object());
    assert!(!report.prometheus.is_empty());
}

/// Every field of the seed's example, at the same path and of the same JSON type.
#[test]
fn seed_response_structure() {
    fn walk(expected: &Value, actual: &Value, path: &str) {
        match expected {
            Value::Object(fields) => {
                let actual = actual
                    .as_object()
                    .unwrap_or_else(|| panic!("{path} is not an object: {actual}"));
                for (key, value) in fields {
                    let child = actual
                        .get(key)
                        .unwrap_or_else(|| panic!("{path}.{key} is missing"));
                    walk(value, child, &format!("{path}.{key}"));
                }
            }
            Value::Null => {}
            Value::Bool(_) => assert!(actual.is_boolean(), "{path}: {actual}"),
            Value::Number(_) => assert!(actual.is_number(), "{path}: {actual}"),
            Value::String(_) => assert!(actual.is_string(), "{path}: {actual}"),
            Value::Array(_) => assert!(actual.is_array(), "{path}: {actual}"),
        }
    }
    let seed: Value = serde_json::from_str(SEED_EXAMPLE).unwrap();
    let body = eval(seed_input()).body;
    walk(&seed, &body, "body");
    // Same values too, except the timestamp (millisecond precision here).
    let mut expected = seed.clone();
    expected["timestamp"] = json!("2025-10-01T05:08:03.580Z");
    let mut projected = body.clone();
    for (section, keep) in [
        ("services", vec!["database", "ai_providers"]),
        ("system", vec!["memory_used_percent", "memory_available_mb"]),
    ] {
        let map = projected[section].as_object_mut().unwrap();
        map.retain(|k, _| keep.contains(&k.as_str()));
    }
    projected["services"]["database"]
        .as_object_mut()
        .unwrap()
        .remove("latency_ms");
    projected["services"]["ai_providers"]
        .as_object_mut()
        .unwrap()
        .remove("failing");
    let projected: serde_json::Map<String, Value> = projected
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| seed.get(k.as_str()).is_some())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_eq!(Value::Object(projected), expected);
    // The additions: checks with latency, reasons.
    assert_eq!(body["checks"]["database"]["latency_ms"], 3);
    assert!(body["reasons"].is_array());
}

#[test]
fn seed_status_value_is_one_of_four() {
    for input in [seed_input(), healthy_input()] {
        let report = eval(input);
        let status = report.body["status"].as_str().unwrap();
        assert!(
            ["healthy", "limited", "degraded", "unhealthy"].contains(&status),
            "{status}"
        );
        assert_eq!(status, report.status.as_str());
        assert_eq!(
            serde_json::to_value(report.status).unwrap(),
            report.body["status"]
        );
    }
}

#[test]
fn seed_database_info() {
    let db = &eval(seed_input()).body["services"]["database"];
    assert_eq!(db["status"], "connected");
    assert_eq!(db["type"], "SQLite");
    assert_eq!(db["error"], Value::Null);
    assert_eq!(db["latency_ms"], 3);
}

#[test]
fn seed_ai_providers_info() {
    let ai = &eval(seed_input()).body["services"]["ai_providers"];
    assert_eq!(ai["configured"], 0);
    assert_eq!(ai["total"], 3);
    let status = ai["status"].as_object().unwrap();
    let names: BTreeSet<&str> = status.keys().map(String::as_str).collect();
    assert_eq!(names, BTreeSet::from(["anthropic", "openai", "perplexity"]));
    assert!(status.values().all(|v| v == &Value::Bool(false)));

    let ai = &eval(healthy_input()).body["services"]["ai_providers"];
    assert_eq!(ai["configured"], 1);
    assert_eq!(ai["status"]["openai"], true);
}

#[test]
fn seed_system_metrics() {
    let system = &eval(seed_input()).body["system"];
    let used = system["memory_used_percent"].as_f64().unwrap();
    let available = system["memory_available_mb"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&used));
    assert!(available >= 0.0);
    assert_eq!(used, 26.9);
    assert_eq!(available, 46891.06);

    // Without host reports the fields are there, and null.
    let mut input = seed_input();
    input.as_object_mut().unwrap().remove("hosts");
    let system = &eval(input).body["system"];
    assert_eq!(system["memory_used_percent"], Value::Null);
    assert_eq!(system["memory_available_mb"], Value::Null);
}

#[test]
fn seed_environment_info() {
    let env = &eval(seed_input()).body["environment"];
    assert_eq!(env["debug"], true);
    assert_eq!(env["log_level"], "INFO");
}

#[test]
fn seed_uptime_increases() {
    let first = eval(seed_input());
    let mut later = seed_input();
    later["now"] = json!(NOW + 2_000);
    let second = eval(later);
    let a = first.body["uptime_seconds"].as_u64().unwrap();
    let b = second.body["uptime_seconds"].as_u64().unwrap();
    assert_eq!(a, 5);
    assert!(b > a, "{b} > {a}");
    assert!(
        second.ietf["checks"]["uptime"][0]["observedValue"]
            .as_f64()
            .unwrap()
            > 5.0
    );
}

// ---------------------------------------------------------------------------
// Status transitions.
// ---------------------------------------------------------------------------

struct Case {
    name: &'static str,
    change: fn(&mut Value),
    status: Status,
    http: u16,
    /// Substrings that must appear among the reasons.
    reasons: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "all fine",
            change: |_| {},
            status: Status::Healthy,
            http: 200,
            reasons: &[],
        },
        Case {
            name: "seed example: database ok, no provider configured",
            change: |v| v["providers"]["openai"]["configured"] = json!(false),
            status: Status::Limited,
            http: 200,
            reasons: &["no AI provider configured (0 of 3)"],
        },
        Case {
            name: "provider configured but not enabled",
            change: |v| v["providers"]["openai"]["enabled"] = json!(false),
            status: Status::Limited,
            http: 200,
            reasons: &["no AI provider configured"],
        },
        Case {
            name: "database error",
            change: |v| {
                v["database"] =
                    json!({ "ok": false, "type": "D1", "error": "D1_ERROR: no such table" })
            },
            status: Status::Unhealthy,
            http: 503,
            reasons: &["database error: D1_ERROR: no such table"],
        },
        Case {
            name: "database not ok, no error text",
            change: |v| v["database"]["ok"] = json!(false),
            status: Status::Unhealthy,
            http: 503,
            reasons: &["database check failed"],
        },
        Case {
            name: "database timeout",
            change: |v| v["database"] = json!({ "ok": false, "timedOut": true, "latencyMs": 2000 }),
            status: Status::Unhealthy,
            http: 503,
            reasons: &["database timed out after 2000 ms"],
        },
        Case {
            name: "slow database",
            change: |v| v["database"]["latencyMs"] = json!(1500),
            status: Status::Degraded,
            http: 200,
            reasons: &["database slow: 1500 ms > 1000 ms"],
        },
        Case {
            name: "database exactly at the threshold is not slow",
            change: |v| v["database"]["latencyMs"] = json!(1000),
            status: Status::Healthy,
            http: 200,
            reasons: &[],
        },
        Case {
            name: "slow threshold from the policy",
            change: |v| {
                v["database"]["latencyMs"] = json!(300);
                v["policy"] = json!({ "slowMs": 250 });
            },
            status: Status::Degraded,
            http: 200,
            reasons: &["database slow: 300 ms > 250 ms"],
        },
        Case {
            name: "host at 92 % memory",
            change: |v| v["hosts"][0]["memoryUsedPercent"] = json!(92),
            status: Status::Degraded,
            http: 200,
            reasons: &["host app-1 memory at 92 % (>= 90 %)"],
        },
        Case {
            name: "host exactly at 90 % memory",
            change: |v| v["hosts"][0]["memoryUsedPercent"] = json!(90),
            status: Status::Degraded,
            http: 200,
            reasons: &["memory at 90 %"],
        },
        Case {
            name: "host at 89.9 % memory",
            change: |v| v["hosts"][0]["memoryUsedPercent"] = json!(89.9),
            status: Status::Healthy,
            http: 200,
            reasons: &[],
        },
        Case {
            name: "stale host metrics",
            change: |v| v["hosts"][0]["reportedAt"] = json!(NOW - 600_000),
            status: Status::Limited,
            http: 200,
            reasons: &["host app-1 metrics stale: last report 600 s ago (> 300 s)"],
        },
        Case {
            name: "stale host at 95 % is limited, not degraded",
            change: |v| {
                v["hosts"][0]["reportedAt"] = json!(NOW - 600_000);
                v["hosts"][0]["memoryUsedPercent"] = json!(95);
            },
            status: Status::Limited,
            http: 200,
            reasons: &["metrics stale"],
        },
        Case {
            name: "host clock ahead of ours counts as fresh",
            change: |v| v["hosts"][0]["reportedAt"] = json!(NOW + 60_000),
            status: Status::Healthy,
            http: 200,
            reasons: &[],
        },
        Case {
            name: "missing host metrics",
            change: |v| {
                v.as_object_mut().unwrap().remove("hosts");
            },
            status: Status::Limited,
            http: 200,
            reasons: &["no host metrics reported"],
        },
        Case {
            name: "empty host list",
            change: |v| v["hosts"] = json!([]),
            status: Status::Limited,
            http: 200,
            reasons: &["no host metrics reported"],
        },
        Case {
            name: "a failing provider",
            change: |v| v["providers"]["openai"]["failing"] = json!(true),
            status: Status::Degraded,
            http: 200,
            reasons: &["AI provider openai reported failing"],
        },
        Case {
            name: "a failing provider that is not configured does not count",
            change: |v| v["providers"]["anthropic"]["failing"] = json!(true),
            status: Status::Healthy,
            http: 200,
            reasons: &[],
        },
        Case {
            name: "non-critical check failing (malformed KV config)",
            change: |v| v["checks"] = json!({ "kv-config": { "ok": false, "error": "expected value at line 1 column 1" } }),
            status: Status::Degraded,
            http: 200,
            reasons: &["check kv-config error: expected value at line 1 column 1"],
        },
        Case {
            name: "critical check failing",
            change: |v| {
                v["checks"] =
                    json!({ "queue": { "ok": false, "critical": true, "timedOut": true } })
            },
            status: Status::Unhealthy,
            http: 503,
            reasons: &["check queue timed out"],
        },
        Case {
            name: "slow extra check",
            change: |v| v["checks"] = json!({ "kv-config": { "ok": true, "latencyMs": 1200.5 } }),
            status: Status::Degraded,
            http: 200,
            reasons: &["check kv-config slow: 1200.5 ms > 1000 ms"],
        },
        Case {
            name: "worst wins: limited + degraded",
            change: |v| {
                v["providers"]["openai"]["configured"] = json!(false);
                v["database"]["latencyMs"] = json!(1500);
            },
            status: Status::Degraded,
            http: 200,
            reasons: &["no AI provider configured", "database slow"],
        },
        Case {
            name: "worst wins: everything at once",
            change: |v| {
                v["providers"]["openai"]["configured"] = json!(false);
                v["hosts"][0]["memoryUsedPercent"] = json!(99);
                v["database"] = json!({ "ok": false, "error": "connection refused" });
            },
            status: Status::Unhealthy,
            http: 503,
            reasons: &[
                "database error: connection refused",
                "no AI provider configured",
                "memory at 99 %",
            ],
        },
    ]
}

#[test]
fn status_transitions() {
    for case in cases() {
        let mut input = healthy_input();
        (case.change)(&mut input);
        let report = eval(input);
        assert_eq!(report.status, case.status, "{}", case.name);
        assert_eq!(report.http_status, case.http, "{}", case.name);
        assert_eq!(report.body["status"], case.status.as_str(), "{}", case.name);
        assert_eq!(report.ietf["status"], case.status.ietf(), "{}", case.name);
        assert!(
            report.prometheus.contains(&format!(
                "edgeguard_health_status{{status=\"{}\"}} 1\n",
                case.status
            )),
            "{}",
            case.name
        );
        let reasons: Vec<&str> = report.body["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert_eq!(
            reasons.is_empty(),
            case.status == Status::Healthy,
            "{}: {reasons:?}",
            case.name
        );
        for wanted in case.reasons {
            assert!(
                reasons.iter().any(|r| r.contains(wanted)),
                "{}: {wanted:?} not in {reasons:?}",
                case.name
            );
        }
        assert_eq!(
            report.ietf.get("notes").is_some(),
            !reasons.is_empty(),
            "{}",
            case.name
        );
    }
}

#[test]
fn database_states_in_the_body() {
    let mut input = healthy_input();
    input["database"] = json!({ "ok": false, "timedOut": true });
    let body = eval(input).body;
    assert_eq!(body["services"]["database"]["status"], "timeout");
    assert_eq!(body["checks"]["database"]["status"], "unhealthy");
    assert_eq!(body["checks"]["database"]["timed_out"], true);

    let mut input = healthy_input();
    input["database"] = json!({ "ok": false, "error": "refused" });
    let body = eval(input).body;
    assert_eq!(body["services"]["database"]["status"], "disconnected");
    assert_eq!(body["services"]["database"]["error"], "refused");
}

#[test]
fn status_order_and_http_codes() {
    assert!(Status::Healthy < Status::Limited);
    assert!(Status::Limited < Status::Degraded);
    assert!(Status::Degraded < Status::Unhealthy);
    assert_eq!(Status::Limited.worst(Status::Degraded), Status::Degraded);
    assert_eq!(Status::Unhealthy.worst(Status::Healthy), Status::Unhealthy);
    for s in Status::ALL {
        let expected = if s == Status::Unhealthy { 503 } else { 200 };
        assert_eq!(s.http_status(), expected);
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(json, s.as_str());
        assert_eq!(serde_json::from_value::<Status>(json).unwrap(), s);
    }
}

// ---------------------------------------------------------------------------
// Input handling and validation.
// ---------------------------------------------------------------------------

#[test]
fn integer_and_float_numbers_are_both_accepted() {
    let mut input = seed_input();
    input["now"] = json!(NOW as f64 + 0.25);
    input["startedAt"] = json!(NOW - 5_000);
    input["database"]["latencyMs"] = json!(2.75);
    let report = eval(input);
    assert_eq!(report.body["uptime_seconds"], 5);
    assert_eq!(report.body["services"]["database"]["latency_ms"], 2.75);
}

#[test]
fn minimal_input_uses_defaults() {
    let report = eval(json!({
        "now": NOW, "startedAt": NOW, "version": "1", "platform": "p",
        "database": { "ok": true }, "providers": {}
    }));
    assert_eq!(report.status, Status::Limited);
    assert_eq!(report.body["services"]["ai_providers"]["total"], 0);
    assert_eq!(report.body["services"]["database"]["type"], Value::Null);
    assert_eq!(report.body["environment"]["debug"], Value::Null);
    assert_eq!(report.body["uptime_seconds"], 0);
}

#[test]
fn report_serializes_camel_case_for_js() {
    let report = eval(seed_input());
    let value = serde_json::to_value(&report).unwrap();
    let keys: BTreeSet<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["status", "httpStatus", "body", "ietf", "prometheus"])
    );
    assert_eq!(value["httpStatus"], 200);
    assert_eq!(value["status"], "limited");
    let back: HealthReport = serde_json::from_value(value).unwrap();
    assert_eq!(back, report);
}

#[test]
fn input_round_trips_through_camel_case_json() {
    let input = parse(seed_input());
    let value = serde_json::to_value(&input).unwrap();
    assert_eq!(value["startedAt"], json!((NOW - 5_000) as f64));
    assert_eq!(value["hosts"][0]["memoryUsedPercent"], 26.9);
    assert_eq!(parse(value), input);
}

#[test]
fn duplicate_host_reports_keep_the_freshest() {
    let mut input = healthy_input();
    input["hosts"] = json!([
        { "host": "a", "memoryUsedPercent": 95, "memoryAvailableMb": 1, "reportedAt": NOW - 1_000_000 },
        { "host": "a", "memoryUsedPercent": 50, "memoryAvailableMb": 2, "reportedAt": NOW - 1_000 },
        { "host": "b", "memoryUsedPercent": 10, "memoryAvailableMb": 3, "reportedAt": NOW - 500 }
    ]);
    let report = eval(input);
    assert_eq!(report.status, Status::Healthy);
    assert_eq!(report.body["hosts"].as_array().unwrap().len(), 2);
    assert_eq!(report.body["system"]["host"], "b");
    assert_eq!(report.body["system"]["memory_available_mb"], 3);
    assert_eq!(
        report
            .prometheus
            .matches("edgeguard_host_memory_used_percent{")
            .count(),
        2
    );
}

fn invalid(change: impl FnOnce(&mut HealthInput)) -> HealthError {
    let mut input = parse(healthy_input());
    change(&mut input);
    evaluate(&input).expect_err("input is invalid")
}

#[test]
fn invalid_numbers_are_rejected_with_clear_errors() {
    let cases: Vec<(HealthError, &str)> = vec![
        (
            invalid(|i| i.now = f64::NAN),
            "invalid `now`: NaN is not a number of milliseconds",
        ),
        (invalid(|i| i.now = -1.0), "invalid `now`: -1"),
        (
            invalid(|i| i.started_at = f64::INFINITY),
            "invalid `startedAt`: inf",
        ),
        (
            invalid(|i| i.started_at = i.now + 1.0),
            "invalid `startedAt`: 1759295283581 is later than `now` (1759295283580)",
        ),
        (
            invalid(|i| i.database.latency_ms = Some(-5.0)),
            "invalid `database.latencyMs`: -5 is not a finite number of at least 0",
        ),
        (
            invalid(|i| i.hosts.as_mut().unwrap()[0].memory_used_percent = 100.5),
            "invalid `hosts[0].memoryUsedPercent`: 100.5 is not a finite number from 0 to 100",
        ),
        (
            invalid(|i| i.hosts.as_mut().unwrap()[0].memory_available_mb = f64::NAN),
            "invalid `hosts[0].memoryAvailableMb`",
        ),
        (
            invalid(|i| {
                i.hosts.as_mut().unwrap().push(HostReport {
                    host: "x".into(),
                    memory_used_percent: 1.0,
                    memory_available_mb: 1.0,
                    reported_at: 1e300,
                })
            }),
            "invalid `hosts[1].reportedAt`",
        ),
        (
            invalid(|i| {
                i.policy = Some(edgeguard::health::Policy {
                    memory_degraded_percent: Some(120.0),
                    ..Default::default()
                })
            }),
            "invalid `policy.memoryDegradedPercent`: 120",
        ),
        (
            invalid(|i| {
                i.policy = Some(edgeguard::health::Policy {
                    slow_ms: Some(f64::NEG_INFINITY),
                    ..Default::default()
                })
            }),
            "invalid `policy.slowMs`",
        ),
        (
            invalid(|i| {
                i.checks = Some(
                    [(
                        "kv".to_owned(),
                        CheckObservation {
                            ok: true,
                            latency_ms: Some(f64::NAN),
                            ..Default::default()
                        },
                    )]
                    .into(),
                )
            }),
            "invalid `checks.kv.latencyMs`",
        ),
        (
            invalid(|i| {
                i.checks = Some([("Database".to_owned(), CheckObservation::default())].into())
            }),
            "invalid check name `Database`: it is reserved for a built-in check",
        ),
    ];
    for (error, expected) in cases {
        let message = error.to_string();
        assert!(
            message.starts_with(expected),
            "{message:?} should start with {expected:?}"
        );
        // Lowercase, no trailing period (the Rust convention for error messages).
        assert!(
            message.starts_with(|c: char| c.is_ascii_lowercase()),
            "{message}"
        );
        assert!(!message.ends_with('.'), "{message}");
    }
    // The error is a std error, usable with `?` and `Box<dyn Error>`.
    let boxed: Box<dyn std::error::Error> = Box::new(invalid(|i| i.now = -1.0));
    assert!(boxed.to_string().contains("now"));
}

#[test]
fn wrong_json_types_are_a_deserialization_error_not_a_panic() {
    let mut input = seed_input();
    input["now"] = json!("yesterday");
    assert!(serde_json::from_value::<HealthInput>(input).is_err());
    let mut input = seed_input();
    input["database"] = json!(null);
    assert!(serde_json::from_value::<HealthInput>(input).is_err());
}

// ---------------------------------------------------------------------------
// Redaction: no secret reaches a rendering.
// ---------------------------------------------------------------------------

const PG_URL: &str = "postgres://app:s3cr3tP4ss@db/prod";
const PG_PASSWORD: &str = "s3cr3tP4ss";
const OPENAI_KEY: &str = "sk-proj-Xq7vR2mL9pZk4TnW8bYc3HjF6sDa1GeU5oKiQ0rMxNtLw2Vy";

fn renderings(report: &HealthReport) -> [(&'static str, String); 4] {
    [
        ("body", report.body.to_string()),
        ("ietf", report.ietf.to_string()),
        ("prometheus", report.prometheus.clone()),
        ("report", serde_json::to_string(report).unwrap()),
    ]
}

#[test]
fn secrets_in_errors_never_reach_a_rendering() {
    assert_eq!(OPENAI_KEY.len(), "sk-proj-".len() + 48);
    let errors = [
        format!("connection to {PG_URL} failed: password authentication failed"),
        format!("upstream said: invalid api key {OPENAI_KEY}"),
        format!("{PG_URL} and {OPENAI_KEY} in one line"),
    ];
    for error in &errors {
        for critical in [true, false] {
            let mut input = healthy_input();
            input["database"] = json!({ "ok": false, "type": "postgres", "error": error });
            input["checks"] = json!({
                "kv-config": { "ok": false, "critical": critical, "error": error }
            });
            let report = eval(input);
            assert_eq!(report.status, Status::Unhealthy);
            for (name, text) in renderings(&report) {
                for secret in [PG_PASSWORD, OPENAI_KEY, &OPENAI_KEY[8..]] {
                    assert!(!text.contains(secret), "{name} leaks {secret}: {text}");
                }
            }
            // The error is still reported, masked.
            let shown = report.body["services"]["database"]["error"]
                .as_str()
                .unwrap();
            assert!(!shown.is_empty());
            assert_ne!(shown, error);
        }
    }
}

#[test]
fn secrets_in_names_and_labels_never_reach_a_rendering() {
    let mut input = healthy_input();
    input["version"] = json!(format!("2.0.0+{OPENAI_KEY}"));
    input["platform"] = json!(format!("svc {PG_URL}"));
    input["serviceId"] = json!(OPENAI_KEY);
    input["database"]["type"] = json!(PG_URL);
    input["environment"]["logLevel"] = json!(OPENAI_KEY);
    input["providers"][OPENAI_KEY] =
        json!({ "enabled": true, "configured": true, "failing": true });
    input["hosts"][0]["host"] = json!(PG_URL);
    input["hosts"][0]["memoryUsedPercent"] = json!(95);
    input["checks"] = json!({ OPENAI_KEY: { "ok": false, "componentType": PG_URL } });
    let report = eval(input);
    for (name, text) in renderings(&report) {
        for secret in [PG_PASSWORD, OPENAI_KEY, &OPENAI_KEY[8..]] {
            assert!(!text.contains(secret), "{name} leaks {secret}: {text}");
        }
    }
}

// ---------------------------------------------------------------------------
// Snapshots of the three renderings, for fixed inputs.
// ---------------------------------------------------------------------------

/// A busy day: slow database, a malformed KV config, a failing provider, one host
/// high on memory, one stale, and a host name that needs escaping in Prometheus.
fn busy_input() -> Value {
    json!({
        "now": NOW,
        "startedAt": NOW - 86_400_123,
        "version": "2.1.0",
        "platform": "edgeguard demo",
        "serviceId": "edgeguard-worker",
        "database": { "ok": true, "type": "D1", "latencyMs": 1234.5 },
        "providers": {
            "anthropic": { "enabled": true, "configured": true },
            "openai": { "enabled": true, "configured": true, "failing": true },
            "perplexity": { "enabled": false, "configured": true }
        },
        "hosts": [
            { "host": "web-1", "memoryUsedPercent": 92, "memoryAvailableMb": 1024,
              "reportedAt": NOW - 30_000 },
            { "host": "batch \"2\"\\east\nzone", "memoryUsedPercent": 40.5,
              "memoryAvailableMb": 8192.25, "reportedAt": NOW - 900_000 }
        ],
        "environment": { "debug": false, "logLevel": "WARN" },
        "checks": {
            "kv-config": { "ok": false, "latencyMs": 4, "error": "malformed JSON at line 3 column 7" }
        },
        "policy": { "slowMs": 1000, "memoryDegradedPercent": 90, "staleAfterMs": 300000 }
    })
}

fn snapshot_inputs() -> [(&'static str, Value); 3] {
    [
        ("seed", seed_input()),
        ("busy", busy_input()),
        ("healthy", healthy_input()),
    ]
}

#[test]
fn snapshots_of_the_three_renderings() {
    for (name, input) in snapshot_inputs() {
        let report = eval(input);
        insta::with_settings!({ sort_maps => true, prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!(format!("{name}_body"), report.body);
            insta::assert_json_snapshot!(format!("{name}_ietf"), report.ietf);
            insta::assert_snapshot!(format!("{name}_prometheus"), report.prometheus);
        });
    }
}

#[test]
fn evaluation_is_deterministic() {
    for (_, input) in snapshot_inputs() {
        assert_eq!(eval(input.clone()), eval(input));
    }
}

// ---------------------------------------------------------------------------
// Prometheus: parsed by a real exposition-format parser.
// ---------------------------------------------------------------------------

fn scrape(text: &str) -> prom_text_format_parser::Scrape {
    prom_text_format_parser::Scrape::parse(text)
        .unwrap_or_else(|e| panic!("not valid exposition format: {e:?}\n{text}"))
}

/// The value of the one sample of `metric` whose labels are exactly `labels`
/// (label values as written, i.e. escaped).
fn sample(scrape: &prom_text_format_parser::Scrape, metric: &str, labels: &[(&str, &str)]) -> f64 {
    let family = scrape
        .metrics
        .iter()
        .find(|m| m.name == metric)
        .unwrap_or_else(|| panic!("no metric {metric}"));
    assert_eq!(
        family.kind,
        prom_text_format_parser::Type::Gauge,
        "{metric}"
    );
    assert!(family.help_desc.is_some(), "{metric} has no HELP");
    let matching: Vec<f64> = family
        .samples
        .iter()
        .filter(|s| {
            s.labels.len() == labels.len()
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.iter().any(|l| l.key == *k && l.value == *v))
        })
        .map(|s| s.value.value.as_f64())
        .collect();
    assert_eq!(matching.len(), 1, "{metric}{labels:?}: {matching:?}");
    matching[0]
}

#[test]
fn prometheus_text_parses_with_the_expected_samples() {
    let text = eval(busy_input()).prometheus;
    let s = scrape(&text);

    assert_eq!(
        sample(&s, "edgeguard_health_status", &[("status", "degraded")]),
        1.0
    );
    for other in ["healthy", "limited", "unhealthy"] {
        assert_eq!(
            sample(&s, "edgeguard_health_status", &[("status", other)]),
            0.0
        );
    }
    assert_eq!(
        sample(&s, "edgeguard_check_up", &[("check", "database")]),
        1.0
    );
    assert_eq!(
        sample(&s, "edgeguard_check_up", &[("check", "kv-config")]),
        0.0
    );
    assert_eq!(
        sample(&s, "edgeguard_check_healthy", &[("check", "database")]),
        0.0
    );
    assert_eq!(
        sample(
            &s,
            "edgeguard_check_latency_seconds",
            &[("check", "database")]
        ),
        1.2345
    );
    assert_eq!(
        sample(
            &s,
            "edgeguard_check_latency_seconds",
            &[("check", "kv-config")]
        ),
        0.004
    );
    assert_eq!(sample(&s, "edgeguard_uptime_seconds", &[]), 86_400.123);
    assert_eq!(sample(&s, "edgeguard_ai_providers_configured", &[]), 2.0);
    assert_eq!(sample(&s, "edgeguard_ai_providers_total", &[]), 3.0);
    assert_eq!(
        sample(
            &s,
            "edgeguard_ai_provider_failing",
            &[("provider", "openai")]
        ),
        1.0
    );
    assert_eq!(
        sample(
            &s,
            "edgeguard_ai_provider_configured",
            &[("provider", "perplexity")]
        ),
        0.0
    );
    assert_eq!(sample(&s, "edgeguard_hosts_reporting", &[]), 2.0);
    assert_eq!(
        sample(
            &s,
            "edgeguard_host_memory_used_percent",
            &[("host", "web-1")]
        ),
        92.0
    );
    assert_eq!(
        sample(
            &s,
            "edgeguard_host_memory_available_bytes",
            &[("host", "web-1")]
        ),
        1024.0 * 1024.0 * 1024.0
    );
    // The parser keeps label values escaped: backslash, quote and newline.
    let escaped = r#"batch \"2\"\\east\nzone"#;
    assert_eq!(
        sample(
            &s,
            "edgeguard_host_memory_used_percent",
            &[("host", escaped)]
        ),
        40.5
    );
    assert_eq!(
        sample(&s, "edgeguard_host_metrics_stale", &[("host", escaped)]),
        1.0
    );
    assert_eq!(
        sample(
            &s,
            "edgeguard_host_report_age_seconds",
            &[("host", escaped)]
        ),
        900.0
    );
    assert_eq!(
        sample(
            &s,
            "edgeguard_build_info",
            &[("version", "2.1.0"), ("platform", "edgeguard demo")]
        ),
        1.0
    );
    // Every line is a comment or a sample; the text ends with a newline.
    assert!(text.ends_with('\n'));
    assert!(!text.contains("\n\n"));
}

#[test]
fn prometheus_text_parses_for_every_transition() {
    for case in cases() {
        let mut input = healthy_input();
        (case.change)(&mut input);
        let s = scrape(&eval(input).prometheus);
        assert_eq!(
            sample(
                &s,
                "edgeguard_health_status",
                &[("status", case.status.as_str())]
            ),
            1.0,
            "{}",
            case.name
        );
    }
}

#[test]
fn the_prometheus_parser_rejects_broken_text() {
    // So that the tests above can fail: an unterminated label value, a bad value.
    assert!(prom_text_format_parser::Scrape::parse("m{host=\"a} 1\n").is_err());
    assert!(prom_text_format_parser::Scrape::parse("# TYPE m gauge\nm{host=\"a\"} one\n").is_err());
}

// ---------------------------------------------------------------------------
// IETF health+json: validated against a JSON Schema written from the draft.
// ---------------------------------------------------------------------------

struct IetfSchema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl IetfSchema {
    fn load() -> Self {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/health-ietf.schema.json"
        );
        let text = std::fs::read_to_string(path).expect("schema file");
        let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        let url = "file:///health-ietf.schema.json";
        compiler.add_resource(url, schema).expect("schema resource");
        let index = compiler
            .compile(url, &mut schemas)
            .expect("schema compiles");
        IetfSchema { schemas, index }
    }

    fn check(&self, doc: &Value) -> Result<(), String> {
        self.schemas
            .validate(doc, self.index)
            .map_err(|e| format!("{e:#}"))
    }
}

#[test]
fn ietf_rendering_validates_against_the_schema() {
    let schema = IetfSchema::load();
    let mut inputs: Vec<Value> = snapshot_inputs().into_iter().map(|(_, v)| v).collect();
    for case in cases() {
        let mut input = healthy_input();
        (case.change)(&mut input);
        inputs.push(input);
    }
    for input in inputs {
        let report = eval(input);
        if let Err(e) = schema.check(&report.ietf) {
            panic!("{e}\n{:#}", report.ietf);
        }
    }
}

#[test]
fn ietf_rendering_shape() {
    let ietf = eval(busy_input()).ietf;
    assert_eq!(ietf["status"], "warn");
    assert_eq!(ietf["version"], "2");
    assert_eq!(ietf["releaseId"], "2.1.0");
    assert_eq!(ietf["serviceId"], "edgeguard-worker");
    let db = &ietf["checks"]["database:responseTime"][0];
    assert_eq!(db["componentType"], "datastore");
    assert_eq!(db["observedValue"], 1234.5);
    assert_eq!(db["observedUnit"], "ms");
    assert_eq!(db["status"], "warn");
    assert_eq!(db["time"], "2025-10-01T05:08:03.580Z");
    assert_eq!(db["output"], "slow: 1234.5 ms > 1000 ms");
    let memory = ietf["checks"]["memory:utilization"].as_array().unwrap();
    assert_eq!(memory.len(), 2);
    let web = memory.iter().find(|m| m["componentId"] == "web-1").unwrap();
    assert_eq!(web["observedUnit"], "percent");
    assert_eq!(web["time"], "2025-10-01T05:07:33.580Z");
    let kv = &ietf["checks"]["kv-config:responseTime"][0];
    assert_eq!(kv["status"], "warn");
    assert_eq!(kv["output"], "malformed JSON at line 3 column 7");
    assert_eq!(ietf["checks"]["uptime"][0]["observedUnit"], "s");

    let healthy = eval(healthy_input()).ietf;
    assert_eq!(healthy["status"], "pass");
    assert!(healthy.get("output").is_none());
    assert!(healthy.get("notes").is_none());

    let mut down = healthy_input();
    down["database"] = json!({ "ok": false, "error": "refused" });
    let down = eval(down).ietf;
    assert_eq!(down["status"], "fail");
    assert_eq!(down["checks"]["database:responseTime"][0]["status"], "fail");
    assert_eq!(
        down["checks"]["database:responseTime"][0]["output"],
        "refused"
    );
}

#[test]
fn the_schema_rejects_broken_documents() {
    let schema = IetfSchema::load();
    let good = eval(busy_input()).ietf;
    assert!(schema.check(&good).is_ok());

    type Breakage = (&'static str, fn(&mut Value));
    let broken: [Breakage; 6] = [
        ("unknown status", |d| d["status"] = json!("green")),
        ("missing status", |d| {
            d.as_object_mut().unwrap().remove("status");
        }),
        ("check not an array", |d| {
            d["checks"]["uptime"] = json!({ "status": "pass" })
        }),
        ("bad time", |d| {
            d["checks"]["uptime"][0]["time"] = json!("yesterday at noon")
        }),
        ("numeric version", |d| d["version"] = json!(2)),
        ("output on pass", |d| {
            d["checks"]["uptime"][0]["output"] = json!("fine")
        }),
    ];
    for (name, breaks) in broken {
        let mut doc = good.clone();
        breaks(&mut doc);
        assert!(schema.check(&doc).is_err(), "{name} was accepted");
    }
}

// ---------------------------------------------------------------------------
// No panics, whatever the numbers and strings.
// ---------------------------------------------------------------------------

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    fn any_number() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.0),
            Just(1e300),
            -1e3..1e3f64,
            0.0..3e14f64,
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn evaluate_never_panics(
            now in any_number(),
            started in any_number(),
            latency in proptest::option::of(any_number()),
            used in any_number(),
            available in any_number(),
            reported in any_number(),
            name in ".{0,12}",
            error in proptest::option::of(".{0,40}"),
            ok in any::<bool>(),
        ) {
            let mut input = parse(healthy_input());
            input.now = now;
            input.started_at = started;
            input.database.latency_ms = latency;
            input.database.error = error;
            input.database.ok = ok;
            input.hosts = Some(vec![HostReport {
                host: name,
                memory_used_percent: used,
                memory_available_mb: available,
                reported_at: reported,
            }]);
            if let Ok(report) = evaluate(&input) {
                prop_assert_eq!(report.http_status, report.status.http_status());
                prop_assert!(scrape_ok(&report.prometheus));
            }
        }
    }

    fn scrape_ok(text: &str) -> bool {
        prom_text_format_parser::Scrape::parse(text).is_ok()
    }
}
