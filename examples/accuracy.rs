//! Accuracy of the built-in rules on the labelled corpora in `../shared/corpora`
//! (secretlint, Nosey Parker, Kingfisher test data): the share of positive texts whose
//! labelled spans are all masked, and the share of negative texts left unchanged.
//!
//! Then the same on generated logs (benches/corpus, seeded): the share of planted
//! secrets of 32 providers that a finding overlaps, and the share of lines left
//! unchanged in logs holding no secret but hard negatives (UUIDs, hashes, placeholders),
//! plus in any `--clean FILE` given (logs known to hold no secret).
//!
//! `cargo run --release --example accuracy -- DIR [--min SOURCE=PCT ...] [--misses N]
//! [--clean FILE ...]` exits 1 when a source's positive share falls below its `--min`.
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::collections::BTreeMap;
use std::process::ExitCode;

use edgeguard::{Finding, Redactor};
use serde_json::Value;

#[derive(Default)]
struct Tally {
    positives: usize,
    masked: usize,
    negatives: usize,
    untouched: usize,
    skipped: usize,
    /// Misses where some finding overlaps a labelled span (masked, but not all of it).
    partial: usize,
    misses: Vec<String>,
    noisy: Vec<String>,
}

/// Byte offset of UTF-16 offset `unit` in `text`.
fn byte_offset(text: &str, unit: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= unit {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Whether every byte of `start..end` lies inside some finding (`Redactor::find`
/// gives them sorted and disjoint).
fn masked_whole(found: &[Finding], start: usize, end: usize) -> bool {
    let mut at = start;
    for f in &found[found.partition_point(|f| f.end <= start)..] {
        if f.start > at {
            break;
        }
        at = at.max(f.end);
    }
    at >= end
}

/// Why a record is left out of the positive count, if it is.
fn excluded(rec: &Value) -> Option<&'static str> {
    let meta = &rec["meta"];
    if meta.get("label_caveat").is_some() {
        return Some("label disputed by its own rule file");
    }
    if meta.get("visible") == Some(&Value::Bool(false)) {
        return Some("helper rule (identifier, not a secret)");
    }
    if meta.get("passes_min_entropy") == Some(&Value::Bool(false)) {
        return Some("below the source rule's own entropy gate");
    }
    if rec.get("spans").is_none() {
        return Some("no spans known");
    }
    None
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .cloned()
        .unwrap_or_else(|| "../shared/corpora".into());
    let mut mins = BTreeMap::new();
    let mut show = 0usize;
    let mut clean_files = Vec::new();
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--min" => {
                let spec = it.next().expect("--min needs SOURCE=PCT");
                let (s, p) = spec.split_once('=').expect("--min needs SOURCE=PCT");
                mins.insert(s.to_string(), p.parse::<f64>().expect("PCT is a number"));
            }
            "--misses" => show = it.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            "--clean" => clean_files.push(it.next().expect("--clean needs a FILE").clone()),
            other => panic!("unknown argument {other}"),
        }
    }
    let redactor = Redactor::default();
    let mut ok = true;
    println!("| source | positives fully masked | of the rest, partly masked | negatives unchanged | left out |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for source in ["secretlint", "noseyparker", "kingfisher"] {
        let path = format!("{dir}/{source}/cases.jsonl");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        };
        let mut t = Tally::default();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let rec: Value = serde_json::from_str(line).expect("corpus lines are JSON");
            let body = rec["text"].as_str().unwrap_or_default();
            let id = rec["id"].as_str().unwrap_or_default().to_string();
            let found = redactor.find(body);
            if rec["label"] == "negative" {
                t.negatives += 1;
                if found.is_empty() {
                    t.untouched += 1;
                } else {
                    t.noisy.push(format!("{id} -> {}", found[0].rule_id));
                }
                continue;
            }
            if excluded(&rec).is_some() {
                t.skipped += 1;
                continue;
            }
            t.positives += 1;
            let spans = rec["spans"].as_array().cloned().unwrap_or_default();
            let covered = spans.iter().all(|s| {
                let start = byte_offset(body, s[0].as_u64().unwrap_or(0) as usize);
                let end = byte_offset(body, s[1].as_u64().unwrap_or(0) as usize);
                masked_whole(&found, start, end)
            });
            if covered {
                t.masked += 1;
            } else {
                let overlaps = spans.iter().any(|s| {
                    let start = byte_offset(body, s[0].as_u64().unwrap_or(0) as usize);
                    let end = byte_offset(body, s[1].as_u64().unwrap_or(0) as usize);
                    found.iter().any(|f| f.start < end && start < f.end)
                });
                if overlaps {
                    t.partial += 1;
                }
                t.misses.push(id);
            }
        }
        let pct = |a: usize, b: usize| {
            if b == 0 {
                100.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        let pos = pct(t.masked, t.positives);
        println!(
            "| {source} | {:.1} % ({}/{}) | {} | {:.1} % ({}/{}) | {} |",
            pos,
            t.masked,
            t.positives,
            t.partial,
            pct(t.untouched, t.negatives),
            t.untouched,
            t.negatives,
            t.skipped
        );
        for m in t.misses.iter().take(show) {
            eprintln!("  miss  {m}");
        }
        for n in t.noisy.iter().take(show) {
            eprintln!("  noisy {n}");
        }
        if let Some(min) = mins.get(source) {
            if pos < *min {
                eprintln!("{source}: {pos:.1} % of positives masked, below the minimum {min} %");
                ok = false;
            }
        }
    }
    generated_logs(&redactor, &clean_files, show);
    punctuated_passwords(&redactor, show);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Recall on planted secrets and untouched clean lines, on generated logs and files.
fn generated_logs(redactor: &Redactor, clean_files: &[String], show: usize) {
    println!();
    println!(
        "| generated logs (seeded) | secrets masked | masked whole | lines unchanged | hard negatives touched |"
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    let c = corpus::generate(42, 8 << 20, 2048, 1024);
    let found = redactor.find(&c.text);
    let overlaps = |s: usize, e: usize| found.iter().any(|f| f.start < e && s < f.end);
    let masked = c
        .secrets
        .iter()
        .filter(|p| overlaps(p.start, p.end))
        .count();
    let covered = |s: usize, e: usize| masked_whole(&found, s, e);
    let whole = c.secrets.iter().filter(|p| covered(p.start, p.end)).count();
    let neg_hits = c
        .negatives
        .iter()
        .filter(|n| overlaps(n.start, n.end))
        .count();
    let mut missed: BTreeMap<&str, usize> = BTreeMap::new();
    for p in c.secrets.iter().filter(|p| !overlaps(p.start, p.end)) {
        *missed.entry(p.provider).or_default() += 1;
    }
    println!(
        "| 8 MiB, a secret per ~2 KiB | {:.2} % ({masked}/{}) | {:.2} % ({whole}) | | {neg_hits} of {} |",
        100.0 * masked as f64 / c.secrets.len().max(1) as f64,
        c.secrets.len(),
        100.0 * whole as f64 / c.secrets.len().max(1) as f64,
        c.negatives.len()
    );
    for (provider, n) in missed.iter().take(show) {
        eprintln!("  missed {n} x {provider}");
    }
    let mut partly: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for p in c
        .secrets
        .iter()
        .filter(|p| overlaps(p.start, p.end) && !covered(p.start, p.end))
    {
        let e = partly
            .entry(p.provider)
            .or_insert((0, &c.text[p.start..p.end]));
        e.0 += 1;
    }
    for (provider, (n, example)) in partly.iter().take(show) {
        eprintln!("  partly {n} x {provider}, e.g. {example}");
    }
    let clean = corpus::generate(7, 4 << 20, 0, 512);
    let mut rows = vec![(
        "4 MiB, no secrets, a hard negative per ~512 B".to_string(),
        clean.text,
    )];
    for f in clean_files {
        let text = std::fs::read(f).unwrap_or_else(|e| panic!("cannot read {f}: {e}"));
        rows.push((f.clone(), String::from_utf8_lossy(&text).into_owned()));
    }
    for (name, text) in rows {
        let (mut lines, mut changed) = (0usize, 0usize);
        for line in text.lines() {
            lines += 1;
            if !redactor.find(line).is_empty() {
                changed += 1;
                if changed <= show {
                    eprintln!("  touched {}", &line[..line.len().min(160)]);
                }
            }
        }
        println!(
            "| {name} | | | {:.3} % ({} of {lines} changed) | |",
            100.0 * (lines - changed) as f64 / lines.max(1) as f64,
            changed
        );
    }
}

/// Passwords as generators make them (letters and digits with one to three of
/// `!#$%&*+,-./:;<=>?@[]^_{|}~()`; no quote or backslash, which these shapes would
/// escape), in the shapes logs give them: the share whose every byte is masked.
fn punctuated_passwords(redactor: &Redactor, show: usize) {
    const SHAPES: &[(&str, &str)] = &[
        (
            "logfmt",
            "ts=2026-01-01 level=info msg=\"db connect\" user=app password={} host=db1",
        ),
        ("env file", "DB_PASSWORD={}"),
        ("JSON", "{\"user\":\"ana\",\"password\":\"{}\",\"ok\":true}"),
        ("YAML", "  password: {}"),
        ("CLI flag", "mysql -u root --password={} -h db"),
        ("single-quoted", "PGPASSWORD='{}' psql -h db"),
        (
            "libpq",
            "host=db port=5432 user=app password={} dbname=prod",
        ),
        (
            "Java toString",
            "DataSource(url=jdbc:postgresql://db/app, password={})",
        ),
    ];
    const PUNCT: &[u8] = b"!#$%&*+,-./:;<=>?@[]^_{|}~()";
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    println!();
    println!("| passwords with punctuation (seeded, 300 per shape) | masked whole |");
    println!("| --- | ---: |");
    let mut rng = corpus::Rng::new(11);
    let (mut all, mut whole_all) = (0, 0);
    for (shape, template) in SHAPES {
        let mut whole = 0;
        let mut shown = 0;
        for _ in 0..300 {
            let n = 10 + rng.below(9);
            let mut pw: Vec<u8> = rng.chars(ALNUM, n).into_bytes();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(n);
                pw[at] = PUNCT[rng.below(PUNCT.len())];
            }
            let pw = String::from_utf8(pw).expect("ASCII");
            let line = template.replacen("{}", &pw, 1);
            let start = line.find(&pw).expect("the password is in its line");
            let end = start + pw.len();
            if masked_whole(&redactor.find(&line), start, end) {
                whole += 1;
            } else if shown < show {
                shown += 1;
                eprintln!("  partly {shape}: {line}");
            }
        }
        all += 300;
        whole_all += whole;
        println!("| {shape} | {:.1} % |", 100.0 * whole as f64 / 300.0);
    }
    println!(
        "| all | {:.1} % ({whole_all} of {all}) |",
        100.0 * whole_all as f64 / all as f64
    );
}
