//! The Prometheus text exposition (format 0.0.4).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::assess::{Assessment, CheckAssessment};
use super::model::Status;

/// The `Content-Type` of [`HealthReport::prometheus`](super::HealthReport::prometheus).
pub const PROMETHEUS_CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Escapes a label value: backslash, double quote and line feed.
pub(crate) fn escape_label_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// One metric family: HELP, TYPE and its samples. Families without samples are left
/// out, and a repeated label set is written once (the first wins), so the output
/// stays valid whatever the input.
struct Family {
    name: &'static str,
    help: &'static str,
    samples: Vec<(String, f64)>,
    seen: BTreeSet<String>,
}

impl Family {
    fn new(name: &'static str, help: &'static str) -> Self {
        Family {
            name,
            help,
            samples: Vec::new(),
            seen: BTreeSet::new(),
        }
    }

    fn sample(&mut self, labels: &[(&str, &str)], value: f64) {
        let rendered = if labels.is_empty() {
            String::new()
        } else {
            let pairs: Vec<String> = labels
                .iter()
                .map(|(k, v)| format!("{k}=\"{}\"", escape_label_value(v)))
                .collect();
            format!("{{{}}}", pairs.join(","))
        };
        if self.seen.insert(rendered.clone()) {
            self.samples.push((rendered, value));
        }
    }

    fn with(mut self, labels: &[(&str, &str)], value: f64) -> Self {
        self.sample(labels, value);
        self
    }

    fn write(&self, out: &mut String) {
        if self.samples.is_empty() {
            return;
        }
        // Writing to a String cannot fail.
        let _ = writeln!(out, "# HELP {} {}", self.name, self.help);
        let _ = writeln!(out, "# TYPE {} gauge", self.name);
        for (labels, value) in &self.samples {
            let _ = writeln!(out, "{}{labels} {}", self.name, number(*value));
        }
    }
}

/// Formats a sample value. Validation leaves only finite values; should one slip
/// through, it is written the way Go's `ParseFloat` reads it.
fn number(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "+Inf" } else { "-Inf" }.to_owned()
    } else {
        format!("{value}")
    }
}

fn bit(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

pub(crate) fn render(a: &Assessment) -> String {
    let mut status = Family::new(
        "edgeguard_health_status",
        "Overall health status: 1 for the current status, 0 for the others.",
    );
    for s in Status::ALL {
        status.sample(&[("status", s.as_str())], bit(s == a.status));
    }

    let info = Family::new(
        "edgeguard_build_info",
        "The service's release and platform; always 1.",
    )
    .with(&[("version", &a.version), ("platform", &a.platform)], 1.0);

    let all_checks: Vec<&CheckAssessment> = std::iter::once(&a.database.check)
        .chain(&a.checks)
        .collect();
    let mut up = Family::new(
        "edgeguard_check_up",
        "Whether a check answered without error (1) or not (0).",
    );
    let mut healthy = Family::new(
        "edgeguard_check_healthy",
        "Whether a check is healthy (1), or slow or failing (0).",
    );
    let mut latency = Family::new(
        "edgeguard_check_latency_seconds",
        "How long the check's last run took, in seconds.",
    );
    for c in &all_checks {
        up.sample(&[("check", &c.name)], bit(c.up));
        healthy.sample(&[("check", &c.name)], bit(c.status == Status::Healthy));
        if let Some(ms) = c.latency_ms {
            latency.sample(&[("check", &c.name)], ms / 1000.0);
        }
    }

    let uptime = Family::new(
        "edgeguard_uptime_seconds",
        "Seconds since the service started.",
    )
    .with(&[], a.uptime_ms / 1000.0);

    let configured = Family::new(
        "edgeguard_ai_providers_configured",
        "Number of AI providers that are enabled and configured.",
    )
    .with(&[], a.providers_configured as f64);
    let total = Family::new(
        "edgeguard_ai_providers_total",
        "Number of AI providers the configuration knows.",
    )
    .with(&[], a.providers.len() as f64);
    let mut provider_configured = Family::new(
        "edgeguard_ai_provider_configured",
        "Whether an AI provider is enabled and configured (1) or not (0).",
    );
    let mut provider_failing = Family::new(
        "edgeguard_ai_provider_failing",
        "Whether a configured AI provider is reported failing (1) or not (0).",
    );
    for p in &a.providers {
        provider_configured.sample(&[("provider", &p.name)], bit(p.active));
        provider_failing.sample(&[("provider", &p.name)], bit(p.failing));
    }

    let hosts_reporting = Family::new(
        "edgeguard_hosts_reporting",
        "Number of hosts whose metrics are known.",
    )
    .with(&[], a.hosts.len() as f64);
    let mut memory_used = Family::new(
        "edgeguard_host_memory_used_percent",
        "Memory in use on a host, in percent, as last reported.",
    );
    let mut memory_available = Family::new(
        "edgeguard_host_memory_available_bytes",
        "Memory available on a host, in bytes, as last reported.",
    );
    let mut report_age = Family::new(
        "edgeguard_host_report_age_seconds",
        "Age of a host's last report, in seconds.",
    );
    let mut stale = Family::new(
        "edgeguard_host_metrics_stale",
        "Whether a host's last report is older than the staleness limit (1) or not (0).",
    );
    for h in &a.hosts {
        let labels = [("host", h.host.as_str())];
        memory_used.sample(&labels, h.memory_used_percent);
        memory_available.sample(&labels, h.memory_available_mb * 1024.0 * 1024.0);
        report_age.sample(&labels, h.age_ms / 1000.0);
        stale.sample(&labels, bit(h.stale));
    }

    let mut out = String::new();
    for family in [
        status,
        info,
        up,
        healthy,
        latency,
        uptime,
        configured,
        total,
        provider_configured,
        provider_failing,
        hosts_reporting,
        memory_used,
        memory_available,
        report_age,
        stale,
    ] {
        family.write(&mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_escape_backslash_quote_and_newline() {
        assert_eq!(escape_label_value("plain"), "plain");
        assert_eq!(escape_label_value(r"C:\dir"), r"C:\\dir");
        assert_eq!(escape_label_value(r#"say "hi""#), r#"say \"hi\""#);
        assert_eq!(escape_label_value("a\nb"), r"a\nb");
        assert_eq!(escape_label_value("\\\"\n"), r#"\\\"\n"#);
        // Other characters, Unicode included, pass unchanged.
        assert_eq!(escape_label_value("héte\tröst}"), "héte\tröst}");
    }

    #[test]
    fn repeated_label_sets_are_written_once() {
        let mut f = Family::new("m", "help");
        f.sample(&[("host", "a")], 1.0);
        f.sample(&[("host", "a")], 2.0);
        let mut out = String::new();
        f.write(&mut out);
        assert_eq!(out, "# HELP m help\n# TYPE m gauge\nm{host=\"a\"} 1\n");
    }

    #[test]
    fn families_without_samples_are_left_out() {
        let mut out = String::new();
        Family::new("m", "help").write(&mut out);
        assert_eq!(out, "");
    }

    #[test]
    fn numbers_use_go_spellings() {
        assert_eq!(number(0.012), "0.012");
        assert_eq!(number(5.0), "5");
        assert_eq!(number(f64::NAN), "NaN");
        assert_eq!(number(f64::INFINITY), "+Inf");
        assert_eq!(number(f64::NEG_INFINITY), "-Inf");
    }
}
