//! Criterion benches of the redaction engine (figures in docs/BENCHMARKS.md):
//! realistic logs (about one secret per 2 KB), secret-free and secret-dense text,
//! structured masking, and building a redactor with every built-in rule.
#![allow(missing_docs)]

#[cfg(not(target_arch = "wasm32"))]
mod corpus;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{criterion_group, Criterion, Throughput};
    use edgeguard::Redactor;

    use crate::corpus;

    fn text(c: &mut Criterion) {
        let redactor = Redactor::default();
        let mut g = c.benchmark_group("redact");
        for (name, every) in [("realistic", 2048), ("secret_free", 0), ("dense", 128)] {
            let input = corpus::logs(42, 4 << 20, every);
            g.throughput(Throughput::Bytes(input.len() as u64));
            g.bench_function(name, |b| b.iter(|| redactor.redact(&input).len()));
        }
        g.finish();
    }

    fn structured(c: &mut Criterion) {
        let redactor = Redactor::default();
        let wide: serde_json::Value = serde_json::from_str(&format!(
            "{{{}}}",
            (0..200)
                .map(|i| format!("\"field{i}\": \"value {i}\", \"token{i}\": \"t{i}x9\""))
                .collect::<Vec<_>>()
                .join(",")
        ))
        .unwrap();
        let mut deep = serde_json::json!({"password": "hunter2", "msg": "ok"});
        for _ in 0..60 {
            deep = serde_json::json!({"child": deep, "name": "node"});
        }
        c.bench_function("mask_sensitive_data_wide", |b| {
            b.iter(|| redactor.redact_value(&wide).unwrap())
        });
        c.bench_function("mask_sensitive_data_deep", |b| {
            b.iter(|| redactor.redact_value(&deep).unwrap())
        });
        // The log record of bench/compare.mjs's object test, as a value and as the
        // JSON text `maskSensitiveJson` masks.
        let record = serde_json::json!({
            "level": 30, "time": 1764000000000u64,
            "msg": "request 7 completed using sk-proj-QQQQQQQQQQZx97T3BlbkFJa7Kqa7Kqa7Kqa7Kqa7Kqa7Kqa7Kqa7Kqa7Kqa7Kqa7Kqa7Kq",
            "req": {"id": "req-7", "method": "POST", "url": "/api/v1/orders?page=2",
                "headers": {"host": "api.example.com", "authorization": "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
                    "cookie": "sid=s%3Aabc123def456ghi789", "x-api-key": "ak_live_7f3c9a1e5b2d4f6a8c0e", "user-agent": "curl/8.5.0"}},
            "user": {"id": 42, "email": "ana@example.com", "password": "Zq8!rT2#vL9m", "roles": ["admin", "ops"]},
            "config": {"db": {"host": "db.internal", "port": 5432, "password": "s3cr3tP4ss!"},
                "apiKey": "d41f7a9c03b84e55b2a1", "clientSecret": "qW9eR7tY5uI3oP1aZx", "maxTokens": 512, "tokenCount": 77},
            "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-7", "qty": 1}]
        });
        let record_json = record.to_string();
        c.bench_function("mask_sensitive_data_record", |b| {
            b.iter(|| redactor.redact_value(&record).unwrap())
        });
        c.bench_function("mask_json_record", |b| {
            b.iter(|| redactor.mask_json(&record_json).unwrap().len())
        });
    }

    fn construction(c: &mut Criterion) {
        c.bench_function("redactor_new_all_builtins", |b| b.iter(Redactor::default));
    }

    criterion_group! {
        name = benches;
        config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
        targets = text, structured, construction
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
