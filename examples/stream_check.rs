//! Streams a file through `StreamRedactor::push_bytes` at several chunk sizes and checks
//! that each output equals masking the whole text at once (rule ids aside: a merged
//! span may be named after either rule). `make adversarial` runs it on the bench corpus.
//!
//! `cargo run --release --example stream_check -- FILE [CHUNK_SIZE...]`
use std::process::ExitCode;

/// `text` with every `[REDACTED:<id>]` marker written as `[REDACTED]`.
fn without_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("[REDACTED:") {
        out.push_str(&rest[..i]);
        out.push_str("[REDACTED]");
        rest = &rest[i..];
        rest = &rest[rest.find(']').map_or(rest.len(), |j| j + 1)..];
    }
    out + rest
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: stream_check FILE [CHUNK_SIZE...]");
        return ExitCode::from(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mut sizes: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1 << 16, 4096, 1000, 333, 17];
    }
    let r = edgeguard::Redactor::default();
    let whole = without_ids(&r.redact(&String::from_utf8_lossy(&bytes)));
    let mut failed = false;
    for size in sizes {
        let mut s = r.stream();
        let mut out = String::new();
        for chunk in bytes.chunks(size.max(1)) {
            out += &s.push_bytes(chunk);
        }
        out += &s.finish();
        let out = without_ids(&out);
        match out.bytes().zip(whole.bytes()).position(|(a, b)| a != b) {
            None if out.len() == whole.len() => {
                println!("chunks of {size}: same as the whole text")
            }
            at => {
                failed = true;
                let i = at.unwrap_or(out.len().min(whole.len()));
                let show = |t: &str| t[i.saturating_sub(80)..(i + 120).min(t.len())].to_string();
                println!(
                    "chunks of {size}: DIFFERS at byte {i}\n  stream: {:?}\n  whole:  {:?}",
                    show(&out),
                    show(&whole)
                );
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
