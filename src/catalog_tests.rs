//! Every built-in rule: its regex compiles, each example yields a secret, each
//! negative yields none, and the redacted example no longer holds what was found.

use crate::rule::{builtin_specs, Rule};
use crate::scan::Scanner;

#[test]
fn every_rule_compiles_and_its_examples_hold() {
    let mut failures = Vec::new();
    for spec in builtin_specs() {
        let rule = Rule::from_spec(spec);
        if rule.compiled().is_none() {
            failures.push(format!("{}: regex does not compile", spec.id));
            continue;
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
