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
