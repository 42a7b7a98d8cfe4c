//! Compiles the rule catalog in `rules/*.toml` into a static table (`$OUT_DIR/catalog.rs`).
//!
//! The TOML is parsed here, at build time, so the library carries no TOML parser and
//! pays nothing at start-up. Structural problems fail the build with the file, the rule
//! id and what is wrong; regexes and examples are checked by the crate's tests.

#[path = "src/anchor.rs"]
#[allow(dead_code)] // some of its questions are for the runtime only
mod anchor;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    rules: Vec<Rule>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    id: String,
    description: String,
    regex: String,
    secret_group: Option<usize>,
    keywords: Vec<String>,
    min_entropy: Option<f64>,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    multiline: bool,
    /// For a multiline rule: how far past its keyword a match may end (bytes; default
    /// and most 64 KiB, `scan::MULTILINE_REACH`).
    reach: Option<usize>,
    #[serde(default)]
    keyword_ends_word: bool,
    keyword_starts_word: Option<bool>,
    key_group: Option<usize>,
    key_names: Option<String>,
    /// A hand-written matcher for the text after the key (`src/value_syntax.rs`).
    value_syntax: Option<String>,
    examples: Vec<String>,
    negatives: Vec<String>,
}

fn main() {
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut ids = BTreeSet::new();
    let mut out = String::from("pub(crate) static BUILTIN_RULES: &[RuleSpec] = &[\n");
    for path in &paths {
        println!("cargo:rerun-if-changed={}", path.display());
        let family = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let file: File = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("rules/{family}.toml is not a valid rule file: {e}"));
        for r in file.rules {
            let fail = |what: &str| -> ! { panic!("rules/{family}.toml: rule {:?}: {what}", r.id) };
            if r.id.is_empty()
                || !r
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                fail("id must be non-empty lowercase [a-z0-9-]");
            }
            if !ids.insert(r.id.clone()) {
                fail("id is used by another rule");
            }
            if r.description.trim().is_empty() {
                fail("description is empty");
            }
            if r.keywords.is_empty() {
                fail("needs at least one keyword");
            }
            if let Some(k) = r.keywords.iter().find(|k| k.len() < 3 || !k.is_ascii()) {
                fail(&format!("keyword {k:?} must be ASCII and at least 3 bytes"));
            }
            if r.examples.is_empty() || r.negatives.is_empty() {
                fail("needs at least one example and one negative");
            }
            if let Some(e) = r.min_entropy {
                if !(0.0..=8.0).contains(&e) {
                    fail("min_entropy must lie in 0..=8");
                }
            }
            let reach = match (r.multiline, r.reach) {
                (false, None) => 0,
                (false, Some(_)) => fail("reach needs multiline = true"),
                (true, None) => 64 * 1024,
                (true, Some(n)) if (1..=64 * 1024).contains(&n) => n,
                (true, Some(_)) => fail("reach must lie in 1..=65536"),
            };
            let key_names = match r.key_names.as_deref() {
                None | Some("credential") => "KeyNames::Credential",
                Some("sensitive") => "KeyNames::Sensitive",
                Some("phrase") => "KeyNames::Phrase",
                Some("flag") => "KeyNames::Flag",
                Some(other) => fail(&format!(
                    "key_names {other:?} must be \"credential\", \"sensitive\", \"phrase\" or \"flag\""
                )),
            };
            let starts_word = r
                .keyword_starts_word
                .unwrap_or_else(|| starts_at_word_boundary(&r));
            let keywords: Vec<&str> = r.keywords.iter().map(String::as_str).collect();
            let shape = anchor::shape(&r.regex, &keywords, r.multiline);
            let parsed = match &r.value_syntax {
                Some(_) => parsed_facts(&r, &keywords),
                None => "None".to_owned(),
            };
            let _ = writeln!(
                out,
                "    RuleSpec {{ id: {:?}, family: {:?}, description: {:?}, regex: {:?}, secret_group: {:?}, key_group: {:?}, key_names: {}, keywords: &{:?}, min_entropy: {:?}, allow: &{:?}, multiline: {:?}, reach: {:?}, keyword_ends_word: {:?}, keyword_starts_word: {:?}, anchored: {:?}, keyword_reach: {:?}, probe_reach: {:?}, shortest_text: {:?}, value_syntax: {:?}, parsed: {parsed}, #[cfg(test)] examples: &{:?}, #[cfg(test)] negatives: &{:?} }},",
                r.id, family, r.description, r.regex, r.secret_group, r.key_group, key_names, r.keywords,
                r.min_entropy, r.allow, r.multiline, reach, r.keyword_ends_word, starts_word, shape.anchored, shape.keyword_reach, shape.probe_reach, shape.shortest_text, r.value_syntax, r.examples, r.negatives
            );
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog.rs");
    std::fs::write(dest, out).unwrap();
}

/// [`anchor::Parsed`] of a rule's pattern, as Rust, or `None` when the pattern does not
/// parse or names a group it lacks (the crate's tests report both).
fn parsed_facts(r: &Rule, keywords: &[&str]) -> String {
    anchor::parse(&r.regex)
        .and_then(|hir| anchor::facts(&hir, r.secret_group, r.key_group, keywords))
        .map_or_else(|_| "None".to_owned(), |facts| format!("Some(&{facts:?})"))
}

/// Whether the rule's regex is `\\b(KEYWORD...` (or `\\b(?:KEYWORD...`) for its one
/// keyword, which starts with a word character: then every match's keyword stands at
/// a word boundary, and a keyword hit inside a word (`sk_` in `task_queues`) can be
/// skipped without losing a match.
fn starts_at_word_boundary(r: &Rule) -> bool {
    let [kw] = r.keywords.as_slice() else {
        return false;
    };
    let rest = r
        .regex
        .strip_prefix("\\b(?:")
        .or_else(|| r.regex.strip_prefix("\\b("));
    let Some(rest) = rest else { return false };
    let first_is_word = kw
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
    first_is_word
        && kw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && rest.len() >= kw.len()
        && rest.as_bytes()[..kw.len()] == *kw.as_bytes()
}
