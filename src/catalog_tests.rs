//! Every built-in rule: its regex compiles, each example yields a secret, each
//! negative yields none, and the redacted example no longer holds what was found.

use crate::rule::{builtin_specs, Rule};
use crate::scan::Scanner;

#[test]
fn every_rule_compiles_and_its_examples_hold() {
    let mut failures = Vec::new();
    for spec in builtin_specs() {
        let rule = Rule::from_spec(spec);
        // Its regex too, which the scanner builds only when a search may need it.
        if let Err(e) = rule.check() {
            failures.push(format!("{}: {e}", spec.id));
            continue;
        }
        if spec
            .value_syntax
            .is_some_and(|name| crate::value_syntax::ValueSyntax::from_name(name).is_none())
        {
            failures.push(format!(
                "{}: no value_syntax is named {:?}",
                spec.id, spec.value_syntax
            ));
        }
        let rules = [rule];
        let scanner = Scanner::new(&rules);
        for ex in spec.examples {
            let hits = scanner.scan(&rules, ex.as_bytes());
            if hits.is_empty() {
                failures.push(format!("{}: example finds nothing: {ex:?}", spec.id));
            }
        }
        for neg in spec.negatives {
            let hits = scanner.scan(&rules, neg.as_bytes());
            if let Some(h) = hits.first() {
                failures.push(format!(
                    "{}: negative finds {:?} in {neg:?}",
                    spec.id,
                    &neg[h.start..h.end]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn catalog_is_large_and_ids_are_unique() {
    let specs = builtin_specs();
    let mut ids: Vec<_> = specs.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), specs.len());
    assert!(specs.len() >= 150, "only {} built-in rules", specs.len());
}

/// The generic rules hit on every `key=`, `token:` and `password` in a log: each must be
/// searched anchored at its keyword hits (a rule whose analysis gives up scans every
/// line holding a keyword instead, several times slower on real logs).
#[test]
fn rules_with_key_names_are_anchored_at_their_keywords() {
    let unanchored: Vec<_> = builtin_specs()
        .iter()
        .filter(|s| s.key_group.is_some() && !s.anchored)
        .map(|s| s.id)
        .collect();
    assert!(unanchored.is_empty(), "not anchored: {unanchored:?}");
    // The two that start with the name's last word check the name before searching.
    for id in ["generic-secret-assignment", "generic-keyed-credential"] {
        let spec = builtin_specs()
            .iter()
            .find(|s| s.id == id)
            .expect("built in");
        let rule = Rule::from_spec(spec);
        assert!(
            rule.compiled().is_some_and(|c| c.name_at_keyword),
            "{id} searches before checking the name"
        );
    }
}

/// A provider token that carries its own prefix (`ghp_`, `sk-ant-`) is found wherever a
/// log puts it: alone, in logfmt, JSON (escaped too), headers, query strings, URL-encoded
/// payloads (`%22ghp_…%22`), prose, quotes, brackets, at the end of a sentence, ...
#[test]
fn prefixed_tokens_are_found_in_every_context() {
    let redactor = crate::Redactor::default();
    let contexts = [
        "{}",
        "level=info token={} user=x",
        "{\"cfg\":{\"value\":\"{}\"}}",
        "{\"msg\":\"payload {\\\"k\\\":\\\"{}\\\"}\"}",
        "Authorization: Bearer {}",
        "GET /v1/x?api_key={}&page=2 HTTP/1.1",
        "retrying request with credential {} after 3s",
        "the key was {}.",
        "auth({})",
        "key='{}'",
        "a,{},b",
        "  api_key: {}",
        "export SOME_VAR={}",
        "x\t{}\ty",
        "q=%22{}%22&r=%3D{}%26",
        "[{}]",
        "token:{}",
        "<{}>",
        "`{}`",
        "|{}|",
    ];
    let mut tokens = 0;
    let mut misses = Vec::new();
    for spec in builtin_specs().iter().filter(|s| s.anchored) {
        let Some(example) = spec.examples.first() else {
            continue;
        };
        let found = redactor.find(example);
        let Some(f) = found.iter().find(|f| f.rule_id == spec.id) else {
            continue;
        };
        let secret = &example[f.start..f.end];
        let prefixed = spec
            .keywords
            .iter()
            .any(|k| secret.len() > k.len() && secret[..k.len()].eq_ignore_ascii_case(k));
        // Tokens only (a `name=value` span, a URL or a block is no token), with their
        // base64 padding.
        let token = secret.trim_end_matches('=');
        if !prefixed || token.contains(['\n', ' ', '/', '@', '=']) {
            continue;
        }
        tokens += 1;
        for context in contexts {
            let text = context.replace("{}", secret);
            let found = redactor.find(&text);
            for (at, _) in text.match_indices(secret) {
                if !found
                    .iter()
                    .any(|f| f.start <= at && at + secret.len() <= f.end)
                {
                    misses.push(format!("{} in {text:?}", spec.id));
                }
            }
        }
    }
    assert!(tokens >= 150, "{tokens} prefixed tokens");
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

/// A URL-encoded token after another hit of its keyword on the same line: the line's
/// search (from the first hit) cannot match after `%22`, and must not hide the token
/// from the search at its own hit (found by the fuzzer: the second pass masked it).
#[test]
fn a_url_encoded_token_after_an_earlier_hit_on_its_line() {
    let redactor = crate::Redactor::default();
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiAiNTU1MjEyMzQ1In0.c2lnbmF0dXJlX29mX3RoZV90b2tlbg";
    let text = format!("header=eyJhbGciOiJIUzI1NiJ9 GET /cb?state=%7B%22t%22%3A%22{jwt}%22%7D");
    let once = redactor.redact(&text).into_owned();
    assert!(!once.contains(jwt), "{once}");
    assert_eq!(redactor.redact(&once), once);
}
