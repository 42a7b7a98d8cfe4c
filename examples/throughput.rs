//! Quick throughput probe: `cargo run --release --example throughput -- [MB] [secret_every]`.
//! Prints MB/s of `Redactor::redact` over generated realistic logs (see benches/corpus),
//! or over the file named by the `CORPUS` environment variable; also line by line (one
//! call per line, as a logger calls `sanitize_log_message`).
#[path = "../benches/corpus/mod.rs"]
mod corpus;

fn main() {
    let mut args = std::env::args().skip(1);
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);
    let every: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2048);
    let text = match std::env::var("CORPUS") {
        Ok(path) => std::fs::read_to_string(path).expect("CORPUS names a readable UTF-8 file"),
        Err(_) => corpus::logs(42, mb << 20, every),
    };
    let t = std::time::Instant::now();
    let r = edgeguard::Redactor::default();
    let built = t.elapsed();
    let _ = r.redact(&text[..text.len().min(1 << 20)]);
    let t = std::time::Instant::now();
    let out = r.redact(&text);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "built in {:.2} ms; {:.1} MB in {:.3} s = {:.1} MB/s; {} bytes out",
        built.as_secs_f64() * 1e3,
        text.len() as f64 / 1e6,
        secs,
        text.len() as f64 / 1e6 / secs,
        out.len()
    );
    let t = std::time::Instant::now();
    let changed = text
        .lines()
        .filter(|l| r.redact(l).len() != l.len())
        .count();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "line by line: {:.1} MB/s ({} lines, {changed} changed)",
        text.len() as f64 / 1e6 / secs,
        text.lines().count()
    );
}
