//! Criterion benches of the redaction engine (see docs/BENCHMARKS.md).
#![allow(missing_docs)]

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{criterion_group, Criterion};
    use edgeguard::Redactor;

    fn construction(c: &mut Criterion) {
        c.bench_function("redactor_new_all_builtins", |b| b.iter(Redactor::default));
    }

    criterion_group!(benches, construction);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
