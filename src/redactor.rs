//! [`Redactor`]: a compiled set of rules plus a masking method.

use std::borrow::Cow;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::mask::{write_mask, Method};
use crate::rule::{builtin_specs, Rule, RuleConfig};
use crate::scan::{Hit, Open, Scanner};

/// One secret found in a text: which rule found it and where (byte offsets,
/// half-open, on UTF-8 character boundaries). The secret itself is never kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The id of the rule that found it.
    pub rule_id: String,
    /// Byte offset of the first byte of the secret.
    pub start: usize,
    /// Byte offset just past the secret.
    pub end: usize,
}

/// What a [`Redactor`] is built from. Every field is optional; `Default` gives all
/// built-in rules and the `redact` method. Deserializes from JSON (camelCase or
/// snake_case field names).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RedactorConfig {
    /// How secrets are replaced.
    #[serde(default)]
    pub method: Method,
    /// Key for [`Method::Hash`]; when absent a random per-redactor key is used, so
    /// fingerprints correlate only within one redactor.
    #[serde(default, alias = "hash_key")]
    pub hash_key: Option<String>,
    /// Extra rules, checked at build time.
    #[serde(default)]
    pub rules: Vec<RuleConfig>,
    /// Whether the built-in rules are used (default true).
    #[serde(default = "yes")]
    pub builtins: bool,
    /// Ids of built-in rules to leave out.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Literal values that are never reported (exact match of the secret).
    #[serde(default)]
    pub allow: Vec<String>,
    /// Regexes: a secret matching one of them is never reported.
    #[serde(default, alias = "allow_patterns")]
    pub allow_patterns: Vec<String>,
    /// Deepest nesting [`crate::mask_sensitive_data`] accepts (default 128).
    #[serde(default, alias = "max_depth")]
    pub max_depth: Option<usize>,
}

fn yes() -> bool {
    true
}

/// The id of the next redactor built.
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Default depth limit for structured values.
pub const DEFAULT_MAX_DEPTH: usize = 128;
/// Largest `max_depth` accepted: masking recurses once per level, and this many levels
/// stay well inside a 1 MiB stack (wasm's default), even in debug builds.
pub const MAX_DEPTH_LIMIT: usize = 256;

/// Finds and masks secrets. Build it once and reuse it: construction compiles the
/// keyword automaton, and each rule's regex is compiled on its first keyword hit.
#[derive(Debug)]
pub struct Redactor {
    rules: Vec<Rule>,
    scanner: Scanner,
    method: Method,
    hash_key: Vec<u8>,
    allow_values: Vec<String>,
    allow_patterns: Vec<regex_automata::meta::Regex>,
    pub(crate) max_depth: usize,
    /// Texts shorter than this (bytes) hold nothing any rule can find.
    pub(crate) shortest_text: usize,
    /// Tells this redactor's answers apart from other redactors' in the tables shared
    /// by a thread (see `structured::CLEAN`): never 0, never reused.
    pub(crate) id: u64,
}

impl Default for Redactor {
    fn default() -> Self {
        Redactor::new(&RedactorConfig {
            builtins: true,
            ..RedactorConfig::default()
        })
        .expect("the built-in catalog is valid")
    }
}

impl Redactor {
    /// Builds a redactor; fails with an error naming the rule or field at fault.
    pub fn new(config: &RedactorConfig) -> Result<Redactor> {
        let specs = builtin_specs();
        for id in &config.disable {
            if !specs.iter().any(|s| s.id == id) {
                return Err(Error::InvalidConfig(format!(
                    "disable: there is no built-in rule {id:?}"
                )));
            }
        }
        let mut rules: Vec<Rule> = if config.builtins {
            specs
                .iter()
                .filter(|s| !config.disable.iter().any(|d| d == s.id))
                .map(Rule::from_spec)
                .collect()
        } else {
            Vec::new()
        };
        for (i, rc) in config.rules.iter().enumerate() {
            if rules.iter().any(|r| r.id == rc.id) || specs.iter().any(|s| s.id == rc.id) {
                return Err(Error::InvalidRule {
                    rule: if rc.id.is_empty() {
                        format!("#{i}")
                    } else {
                        rc.id.clone()
                    },
                    problem: "id is already used by another rule".into(),
                });
            }
            rules.push(Rule::from_config(rc)?);
        }
        let allow_patterns = config
            .allow_patterns
            .iter()
            .map(|p| {
                if p.len() > crate::rule::MAX_PATTERN_LEN {
                    return Err(Error::InvalidConfig(format!(
                        "allowPatterns: pattern is {} bytes long; the limit is {}",
                        p.len(),
                        crate::rule::MAX_PATTERN_LEN
                    )));
                }
                crate::rule::build_regex(p, crate::rule::CUSTOM_SIZE_LIMIT).map_err(|e| {
                    Error::InvalidConfig(format!("allowPatterns: {p:?} does not compile: {e}"))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if let Method::Replace(text) = &config.method {
            if text.len() > 1024 {
                return Err(Error::InvalidConfig(
                    "method: replacement text is longer than 1024 bytes".into(),
                ));
            }
        }
        let hash_key = match &config.hash_key {
            Some(k) if k.is_empty() => {
                return Err(Error::InvalidConfig("hashKey: must not be empty".into()))
            }
            Some(k) => k.as_bytes().to_vec(),
            None => random_key(),
        };
        let max_depth = config.max_depth.unwrap_or(DEFAULT_MAX_DEPTH);
        if max_depth == 0 || max_depth > MAX_DEPTH_LIMIT {
            return Err(Error::InvalidConfig(format!(
                "maxDepth: {max_depth} must lie between 1 and {MAX_DEPTH_LIMIT}"
            )));
        }
        let scanner = Scanner::new(&rules);
        let shortest_text = rules
            .iter()
            .map(|r| r.shortest_text)
            .min()
            .unwrap_or(usize::MAX);
        Ok(Redactor {
            shortest_text,
            rules,
            scanner,
            method: config.method.clone(),
            hash_key,
            allow_values: config.allow.clone(),
            allow_patterns,
            max_depth,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// Builds a redactor from a JSON config (see [`RedactorConfig`]).
    pub fn from_json(json: &str) -> Result<Redactor> {
        let config: RedactorConfig =
            serde_json::from_str(json).map_err(|e| Error::InvalidConfig(e.to_string()))?;
        Redactor::new(&config)
    }

    pub(crate) fn hits(&self, text: &[u8]) -> Vec<Hit> {
        self.hits_open(text).0
    }

    /// [`Redactor::hits`], plus what a stream needs to know of the multi-line rules:
    /// where a secret may start that is not complete yet, and the lines the secrets they
    /// found depend on (see `scan::Open`).
    pub(crate) fn hits_open(&self, text: &[u8]) -> (Vec<Hit>, Open) {
        if text.len() < self.shortest_text {
            return (Vec::new(), Open::default());
        }
        let (mut hits, open) = self.scanner.scan_open(&self.rules, text);
        if !self.allow_values.is_empty() || !self.allow_patterns.is_empty() {
            hits.retain(|h| {
                let secret = &text[h.start..h.end];
                !self.allow_values.iter().any(|v| v.as_bytes() == secret)
                    && !self.allow_patterns.iter().any(|p| p.is_match(secret))
            });
        }
        (hits, open)
    }

    /// Every secret in `text`, in order, overlapping finds merged.
    pub fn find(&self, text: &str) -> Vec<Finding> {
        self.hits(text.as_bytes())
            .into_iter()
            .map(|h| Finding {
                rule_id: self.rules[h.rule].id.clone(),
                start: h.start,
                end: h.end,
            })
            .collect()
    }

    /// `text` with every secret masked; borrowed when there was nothing to mask.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let hits = self.hits(text.as_bytes());
        if hits.is_empty() {
            return Cow::Borrowed(text);
        }
        Cow::Owned(self.apply(text, &hits))
    }

    /// Masks the given hits (sorted, disjoint, on char boundaries) in `text`.
    pub(crate) fn apply(&self, text: &str, hits: &[Hit]) -> String {
        let mut out = String::with_capacity(text.len() + hits.len() * 24);
        let mut at = 0;
        for h in hits {
            out.push_str(&text[at..h.start]);
            let secret = &text[h.start..h.end];
            self.write_mask(&mut out, h.rule, secret);
            // A multi-line secret (a PEM block) keeps its line breaks after its mask:
            // line numbers stay, and masking again sees the same lines.
            for i in memchr::memchr_iter(b'\n', secret.as_bytes()) {
                out.push_str(if i > 0 && secret.as_bytes()[i - 1] == b'\r' {
                    "\r\n"
                } else {
                    "\n"
                });
            }
            at = h.end;
        }
        out.push_str(&text[at..]);
        out
    }

    pub(crate) fn write_mask(&self, out: &mut String, rule: usize, secret: &str) {
        let r = &self.rules[rule];
        write_mask(
            out,
            &self.method,
            &self.hash_key,
            &r.id,
            &r.keywords,
            secret,
        );
    }

    /// Appends the mask of a whole value (a value under a sensitive key) to `out`.
    pub(crate) fn write_whole_mask(&self, out: &mut String, value: &str, rule_id: &str) {
        write_mask(out, &self.method, &self.hash_key, rule_id, &[], value);
    }

    /// The rules in use: id, family, description and keywords.
    pub fn rules(&self) -> impl Iterator<Item = RuleInfo<'_>> {
        self.rules.iter().map(|r| RuleInfo {
            id: &r.id,
            family: &r.family,
            description: &r.description,
            keywords: &r.keywords,
        })
    }

    /// The masking method.
    pub fn method(&self) -> &Method {
        &self.method
    }
}

/// Public facts about one rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleInfo<'a> {
    /// The rule's id.
    pub id: &'a str,
    /// Its provider family (the `rules/` file it comes from, or `custom`).
    pub family: &'a str,
    /// What it finds.
    pub description: &'a str,
    /// Its prefilter keywords.
    pub keywords: &'a [String],
}

/// A per-redactor random key from the standard library's randomly seeded hasher
/// (no extra dependency; on wasm the JS layer passes a key from `crypto`).
fn random_key() -> Vec<u8> {
    use std::hash::{BuildHasher, Hasher};
    let mut key = Vec::with_capacity(32);
    for i in 0..4u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(i);
        key.extend_from_slice(&h.finish().to_le_bytes());
    }
    key
}
