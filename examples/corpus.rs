//! Writes generated realistic logs to stdout (the bench corpus, for the Node harness):
//! `cargo run --release --example corpus -- [MB] [secret_every] [seed] > logs.txt`.
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let every: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2048);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let text = corpus::logs(seed, mb << 20, every);
    std::io::stdout()
        .write_all(text.as_bytes())
        .expect("stdout is writable");
}
