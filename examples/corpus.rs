//! Writes generated realistic logs to stdout (the bench corpus, for the Node harness):
//! `cargo run --release --example corpus -- [MB] [secret_every] [seed] [negative_every] [TRUTH.json] > logs.txt`.
//! With TRUTH.json, also writes where every planted secret and hard negative is (byte
//! offsets, provider, context, value) so recall and false positives can be computed.
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let every: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2048);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let neg_every: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1024);
    let truth = args.next();
    let c = corpus::generate(seed, mb << 20, every, neg_every);
    if let Some(path) = truth {
        std::fs::write(&path, corpus::truth_json(&c, seed, every, neg_every))
            .expect("the truth file is writable");
    }
    std::io::stdout()
        .write_all(c.text.as_bytes())
        .expect("stdout is writable");
}
