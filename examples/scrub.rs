//! Masks stdin to stdout with every built-in rule, natively, one line at a time:
//! `cargo run --release --example scrub < app.log > clean.log`. With `--changed`, prints
//! only the lines it changed, each with the ids of the rules that fired (to review what
//! a rule set touches in a clean log).
use std::io::{BufRead, Write};

fn main() {
    let changed_only = std::env::args().any(|a| a == "--changed");
    let redactor = edgeguard::Redactor::default();
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut lines, mut touched) = (0u64, 0u64);
    for line in stdin.split(b'\n') {
        let line = line.expect("stdin is readable");
        let text = String::from_utf8_lossy(&line);
        lines += 1;
        let masked = redactor.redact(&text);
        let changed = masked != text;
        touched += u64::from(changed);
        if !changed_only {
            writeln!(out, "{masked}").expect("stdout is writable");
        } else if changed {
            let mut ids: Vec<String> = redactor
                .find(&text)
                .into_iter()
                .map(|f| f.rule_id)
                .collect();
            ids.dedup();
            writeln!(out, "{}\t{masked}", ids.join(",")).expect("stdout is writable");
        }
    }
    out.flush().expect("stdout is writable");
    if changed_only {
        eprintln!("{touched} of {lines} lines changed");
    }
}
