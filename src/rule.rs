//! Rules: the built-in catalog (compiled from `rules/*.toml` by `build.rs`), custom
//! rules from a config, validation, and lazy compilation of their regexes.

use std::sync::OnceLock;

use regex_automata::meta;
use regex_syntax::hir::Hir;
use serde::Deserialize;

use crate::capture::Backtracker;

use crate::anchor::Parsed;
use crate::error::{Error, Result};
use crate::run_pattern::RunPattern;
use crate::value_syntax::ValueSyntax;

/// A built-in rule as written in `rules/*.toml` (see `docs/RULES.md`).
#[derive(Debug)]
pub(crate) struct RuleSpec {
    pub id: &'static str,
    pub family: &'static str,
    pub description: &'static str,
    pub regex: &'static str,
    pub secret_group: Option<usize>,
    pub key_group: Option<usize>,
    /// Which names `key_group` accepts.
    pub key_names: KeyNames,
    pub keywords: &'static [&'static str],
    pub min_entropy: Option<f64>,
    pub allow: &'static [&'static str],
    pub multiline: bool,
    /// How far past its keyword a multiline rule's match may end (0 for the others).
    pub reach: usize,
    pub keyword_ends_word: bool,
    pub keyword_starts_word: bool,
    /// Whether every match starts with a keyword (see `anchor.rs`), computed at build time.
    pub anchored: bool,
    /// When not anchored: how far into a match its keyword starts at most (see
    /// `anchor::keyword_reach`), computed at build time.
    pub keyword_reach: Option<usize>,
    /// How far before a keyword hit anchored searches start (`anchor::Shape`).
    pub probe_reach: Option<usize>,
    /// The shortest text the rule can find anything in (`anchor::shortest_text`).
    pub shortest_text: usize,
    /// The name of a hand-written matcher for the text after the key
    /// (`value_syntax::ValueSyntax::from_name`).
    pub value_syntax: Option<&'static str>,
    /// For the rules with a hand-written matcher: what compiling asks of the parsed
    /// pattern, answered at build time (`anchor::Parsed`).
    pub parsed: Option<&'static Parsed>,
    /// Texts the rule must find a secret in (tests only: kept out of the binary).
    #[cfg(test)]
    pub examples: &'static [&'static str],
    /// Texts the rule must find nothing in.
    #[cfg(test)]
    pub negatives: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// The built-in rules, in catalog order.
pub(crate) fn builtin_specs() -> &'static [RuleSpec] {
    BUILTIN_RULES
}

/// A custom rule from a config (JSON), with the same fields as a built-in rule.
///
/// Field names are snake_case as in `rules/*.toml`; camelCase aliases are accepted.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    /// Unique id, lowercase `[a-z0-9-]`; it appears in `[REDACTED:<id>]`.
    pub id: String,
    /// One line saying what the secret is.
    #[serde(default)]
    pub description: String,
    /// The pattern (Rust `regex` syntax, ASCII classes, no look-around).
    pub regex: String,
    /// Capture group holding the secret (default: 1 if the regex has groups, else 0).
    #[serde(default, alias = "secretGroup")]
    pub secret_group: Option<usize>,
    /// Capture group holding a key name that must be sensitive (see `is_sensitive_key`).
    #[serde(default, alias = "keyGroup")]
    pub key_group: Option<usize>,
    /// Which names `key_group` accepts (default `credential`).
    #[serde(default, alias = "keyNames")]
    pub key_names: KeyNames,
    /// Literal prefilter strings (ASCII case-insensitive, at least 3 bytes). With none,
    /// the rule runs over every input, which is slower.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Minimum Shannon entropy (bits per byte) of the secret.
    #[serde(default, alias = "minEntropy")]
    pub min_entropy: Option<f64>,
    /// Regexes: a secret matching one of them is not reported.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Whether matches may span lines.
    #[serde(default)]
    pub multiline: bool,
    /// For a multiline rule: how far past its keyword a match may end, in bytes (1 to
    /// 65536, the default). A stream holds text back from the keyword's line until
    /// that much has arrived: a rule that needs only the next line (YAML's
    /// `- name: X` / `value: Y`) keeps the hold short.
    #[serde(default)]
    pub reach: Option<usize>,
    /// Whether a keyword hit counts only where the keyword ends a word (the next byte
    /// is not a letter, digit or `_`): `token` then skips `token_count` and `tokens`.
    #[serde(default, alias = "keywordEndsWord")]
    pub keyword_ends_word: bool,
    /// Whether a keyword hit counts only where the keyword starts a word (the byte
    /// before is not a letter, digit or `_`): `sk_` then skips `task_queues`.
    #[serde(default, alias = "keywordStartsWord")]
    pub keyword_starts_word: bool,
}

/// Which key names a rule's `key_group` accepts.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum KeyNames {
    /// Names of credentials: every sensitive name, plus `<anything>_key` names
    /// (`STRIPE_KEY`, `adobeKey`) and `_pat` names, but not identifier keys (`cache_key`,
    /// `public_key`, `idempotency_key`). For rules whose values must look like secrets.
    #[default]
    Credential,
    /// Only sensitive names (`password`, `api_key`, `client_secret`, `access_token`; see
    /// [`crate::is_sensitive_key`]). For rules that take any value.
    Sensitive,
    /// Names of credentials as above, also when written as words before the value
    /// (`stripe secret key sk_…`, `newsapi TOKEN …`, `acme private token …`): the name
    /// is read back over up to two more words, so `cache key` or `public key` stay
    /// identifiers, and `access` or `private` may end it. For rules whose values must
    /// look like credentials.
    Phrase,
    /// A command-line flag naming a credential: the name, read back over `-`, `_`,
    /// `.` and letters, starts with `-` after a space, a quote or the line's start
    /// (`--vault-password`, `-storepass`), is a credential's name, and its first word
    /// does not turn the flag into a switch (`--no-password`, `--reset-password`).
    /// Paths and URLs (`/forgot-password`) are no flags.
    Flag,
}

/// Longest pattern text accepted from a config.
pub const MAX_PATTERN_LEN: usize = 4096;
/// Compiled-size limit for patterns from a config, in bytes.
pub const CUSTOM_SIZE_LIMIT: usize = 1 << 20;
const BUILTIN_SIZE_LIMIT: usize = 8 << 20;

/// How far past its keyword a multiline rule's match may end at most (its `reach`, and
/// the default): PEM blocks of the largest keys fit.
pub(crate) const MULTILINE_REACH: usize = 64 * 1024;

/// A rule ready to scan with: its regex is compiled on first use (built-ins) or at
/// load (custom rules, so errors surface early).
#[derive(Debug)]
pub(crate) struct Rule {
    pub id: String,
    pub description: String,
    pub family: String,
    pub keywords: Vec<String>,
    pub min_entropy: Option<f64>,
    pub multiline: bool,
    /// How far past its keyword a multiline rule's match may end (0 for the others).
    pub reach: usize,
    pub keyword_ends_word: bool,
    pub keyword_starts_word: bool,
    /// Every match starts with a keyword: the scanner searches anchored at each hit.
    pub anchored: bool,
    /// Otherwise, how far into a match its keyword starts at most: the scanner searches
    /// from that far before each hit, not from the start of its line.
    pub keyword_reach: Option<usize>,
    /// How far before a keyword hit a match can start when the scanner searches
    /// anchored at each such start instead of searching the line (see
    /// `anchor::Shape::probe_reach`): `Some(0)` for anchored rules.
    pub probe_reach: Option<usize>,
    /// The shortest text this rule can find anything in: shorter ones are not scanned.
    pub shortest_text: usize,
    pub secret_group: Option<usize>,
    pub key_group: Option<usize>,
    pub key_names: KeyNames,
    /// A hand-written matcher for the text after the key, equal to the pattern's
    /// (built-in rules only).
    pub value_syntax: Option<ValueSyntax>,
    /// Facts of the parsed pattern known at build time (built-in rules only).
    parsed: Option<&'static Parsed>,
    pattern: String,
    allow_patterns: Vec<String>,
    size_limit: usize,
    compiled: OnceLock<Compiled>,
}

#[derive(Debug)]
pub(crate) struct Compiled {
    /// The rule's regex; `None` for a built-in rule whose anchored searches all go
    /// through `whole` or the search after its key, which would never run it (a custom
    /// rule keeps it: it is built when the rule is loaded, to check the pattern).
    pub regex: Option<meta::Regex>,
    /// The secret group always spans the whole match (`\b(ghp_...)\b`): searches need
    /// no capture engine. Never for rules with a `key_group`.
    pub secret_is_match: bool,
    /// The key group is always the keyword hit an anchored search starts at (see
    /// `anchor::key_is_keyword`): the key-name check can run before the search.
    pub name_at_keyword: bool,
    /// Built by [`Rule::allow`].
    pub allow: OnceLock<Vec<meta::Regex>>,
    pub secret_group: usize,
    /// Capture slots a search of `regex` fills: two per group, the match included.
    pub slot_len: usize,
    /// When the key group is the keyword hit: the pattern after it, which an anchored
    /// search runs from the hit's end (see `anchor::after_key`).
    pub after_key: Option<AfterKey>,
    /// What matches the rule's whole pattern without its regex, used for its
    /// anchored searches at keyword hits.
    pub whole: Option<WholeMatcher>,
}

/// A matcher for a rule's whole pattern, anchored at a keyword hit.
#[derive(Debug, PartialEq)]
pub(crate) enum WholeMatcher {
    /// The rule's hand-written matcher (its `value_syntax`).
    Syntax(ValueSyntax),
    /// The pattern itself, when it is a straight line of literals and runs.
    Run(RunPattern),
}

impl WholeMatcher {
    /// An anchored match at `from` in `hay`: whether it matched, with the match and
    /// groups in `slots` (those that `slots` holds).
    pub(crate) fn search(
        &self,
        hay: &[u8],
        from: usize,
        slots: &mut [Option<regex_automata::util::primitives::NonMaxUsize>],
    ) -> bool {
        match self {
            WholeMatcher::Syntax(syntax) => syntax.search(hay, from, slots),
            WholeMatcher::Run(pattern) => pattern.search(hay, from, slots),
        }
    }
}

/// The part of a rule's pattern after its key group, searched on its own.
#[derive(Debug)]
pub(crate) struct AfterKey {
    /// Group `g` of this pattern is group `g + shift` of the rule's.
    pub shift: usize,
    pub slot_len: usize,
    /// The rule's key group.
    pub key: usize,
    pub search: AfterKeySearch,
}

/// How the part after the key is searched.
#[derive(Debug)]
pub(crate) enum AfterKeySearch {
    /// By the rule's hand-written matcher (nothing is compiled).
    Matcher(ValueSyntax),
    /// By the pattern compiled: its one-pass capture engine for spans it can take,
    /// the meta regex for the rest.
    Regex {
        regex: meta::Regex,
        backtracker: Option<Backtracker>,
    },
}

/// The tree of `pattern`, parsed into `hir` the first time it is asked for.
fn parsed_tree<'h>(
    hir: &'h mut Option<Hir>,
    pattern: &str,
) -> std::result::Result<&'h Hir, String> {
    if hir.is_none() {
        *hir = Some(
            crate::anchor::parse(pattern).map_err(|e| format!("regex does not compile: {e}"))?,
        );
    }
    hir.as_ref()
        .ok_or_else(|| "regex does not compile: no tree".to_owned())
}

/// An allow pattern (a rule's, or a redactor's `allowPatterns` entry) on the engine the
/// rules run on, parsed as they are (bytes, Unicode off).
pub(crate) fn build_regex(
    pattern: &str,
    size_limit: usize,
) -> std::result::Result<meta::Regex, String> {
    let hir = crate::anchor::parse(pattern)?;
    build_meta_regex(&hir, size_limit, true)
}

/// The rule's own regex, on the meta engine of regex-automata (for anchored searches),
/// built from its parsed pattern (`anchor::parse`: bytes, Unicode off).
/// With `prefilter`, the engine also builds a search for the pattern's literals, as
/// `regex` does: worth it for a search over a line, wasted for one anchored at a
/// keyword hit, where building it was up to three quarters of compiling the rule
/// (case-folded literals into an Aho-Corasick automaton), paid at its first hit.
pub(crate) fn build_meta_regex(
    hir: &Hir,
    size_limit: usize,
    prefilter: bool,
) -> std::result::Result<meta::Regex, String> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(size_limit))
                .hybrid_cache_capacity(size_limit)
                .utf8_empty(false)
                .auto_prefilter(prefilter),
        )
        .build_from_hir(hir)
        .map_err(|e| match e.size_limit() {
            Some(limit) => format!("pattern compiles to more than {limit} bytes; simplify it"),
            None => e.to_string(),
        })
}

impl Rule {
    pub(crate) fn from_spec(spec: &RuleSpec) -> Rule {
        Rule {
            id: spec.id.to_owned(),
            description: spec.description.to_owned(),
            family: spec.family.to_owned(),
            keywords: spec.keywords.iter().map(|k| (*k).to_owned()).collect(),
            min_entropy: spec.min_entropy,
            multiline: spec.multiline,
            reach: spec.reach,
            keyword_ends_word: spec.keyword_ends_word,
            keyword_starts_word: spec.keyword_starts_word,
            anchored: spec.anchored,
            keyword_reach: spec.keyword_reach,
            probe_reach: spec.probe_reach,
            shortest_text: spec.shortest_text,
            secret_group: spec.secret_group,
            key_group: spec.key_group,
            key_names: spec.key_names,
            value_syntax: spec.value_syntax.and_then(ValueSyntax::from_name),
            parsed: spec.parsed,
            pattern: spec.regex.to_owned(),
            allow_patterns: spec.allow.iter().map(|a| (*a).to_owned()).collect(),
            size_limit: BUILTIN_SIZE_LIMIT,
            compiled: OnceLock::new(),
        }
    }

    /// Validates a custom rule and compiles it now.
    pub(crate) fn from_config(cfg: &RuleConfig) -> Result<Rule> {
        let invalid = |problem: String| Error::InvalidRule {
            rule: cfg.id.clone(),
            problem,
        };
        if cfg.id.is_empty()
            || cfg.id.len() > 64
            || !cfg
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(invalid(
                "id must be 1 to 64 characters of lowercase a-z, 0-9 and '-'".into(),
            ));
        }
        if cfg.regex.is_empty() {
            return Err(invalid("regex is empty".into()));
        }
        if cfg.regex.len() > MAX_PATTERN_LEN {
            return Err(invalid(format!(
                "regex is {} bytes long; the limit is {MAX_PATTERN_LEN}",
                cfg.regex.len()
            )));
        }
        if let Some(k) = cfg.keywords.iter().find(|k| k.len() < 3 || !k.is_ascii()) {
            return Err(invalid(format!(
                "keyword {k:?} must be ASCII and at least 3 bytes long"
            )));
        }
        if let Some(e) = cfg.min_entropy {
            if !(0.0..=8.0).contains(&e) {
                return Err(invalid(format!("min_entropy {e} must lie between 0 and 8")));
            }
        }
        for a in &cfg.allow {
            if a.len() > MAX_PATTERN_LEN {
                return Err(invalid(format!(
                    "allow pattern is {} bytes long; the limit is {MAX_PATTERN_LEN}",
                    a.len()
                )));
            }
        }
        let reach = match (cfg.multiline, cfg.reach) {
            (false, None) => 0,
            (false, Some(_)) => return Err(invalid("reach needs multiline: true".into())),
            (true, None) => MULTILINE_REACH,
            (true, Some(n)) if (1..=MULTILINE_REACH).contains(&n) => n,
            (true, Some(n)) => {
                return Err(invalid(format!(
                    "reach {n} must lie between 1 and {MULTILINE_REACH}"
                )))
            }
        };
        let keywords: Vec<&str> = cfg.keywords.iter().map(String::as_str).collect();
        let shape = crate::anchor::shape(&cfg.regex, &keywords, cfg.multiline);
        let rule = Rule {
            id: cfg.id.clone(),
            description: cfg.description.clone(),
            family: "custom".into(),
            keywords: cfg.keywords.clone(),
            min_entropy: cfg.min_entropy,
            multiline: cfg.multiline,
            reach,
            keyword_ends_word: cfg.keyword_ends_word,
            keyword_starts_word: cfg.keyword_starts_word,
            anchored: shape.anchored,
            keyword_reach: shape.keyword_reach,
            probe_reach: shape.probe_reach,
            shortest_text: shape.shortest_text,
            secret_group: cfg.secret_group,
            key_group: cfg.key_group,
            key_names: cfg.key_names,
            value_syntax: None,
            parsed: None,
            pattern: cfg.regex.clone(),
            allow_patterns: cfg.allow.clone(),
            size_limit: CUSTOM_SIZE_LIMIT,
            compiled: OnceLock::new(),
        };
        let compiled = rule.compile(true).map_err(invalid)?;
        let _ = rule.compiled.set(compiled);
        Ok(rule)
    }

    /// The rule's allow patterns, built.
    fn build_allow(&self) -> std::result::Result<Vec<meta::Regex>, String> {
        self.allow_patterns
            .iter()
            .map(|a| {
                build_regex(a, self.size_limit)
                    .map_err(|e| format!("allow pattern {a:?} does not compile: {e}"))
            })
            .collect()
    }

    /// The allow patterns of the rule compiled as `c`, built at the first candidate that
    /// reaches them: most rules' candidates never do in a text, and building them was a
    /// third of a first call's time. (A custom rule's are built when it is loaded, which
    /// checks them; the built-in rules' are checked by tests, and a pattern that failed
    /// anyway would allow nothing.)
    pub(crate) fn allow<'c>(&self, c: &'c Compiled) -> &'c [meta::Regex] {
        c.allow
            .get_or_init(|| self.build_allow().unwrap_or_default())
    }

    /// Compiles the rule with its regex, or says why it does not compile.
    #[cfg(test)]
    pub(crate) fn check(&self) -> std::result::Result<(), String> {
        self.compile(true).map(|_| ())
    }

    /// Compiles the rule; the regex is built only when a search may need it, or when
    /// `check` asks for it (to report a pattern that does not build).
    fn compile(&self, check: bool) -> std::result::Result<Compiled, String> {
        // The pattern is parsed once, when something needs its tree: the questions of
        // `anchor` (answered at build time for built-in rules with a hand-written
        // matcher, whose searches never run their regex), and the regexes built from it.
        let mut hir = None;
        let facts = match self.parsed {
            Some(&facts) if !check => facts,
            _ => {
                let keywords: Vec<&str> = self.keywords.iter().map(String::as_str).collect();
                let tree = parsed_tree(&mut hir, &self.pattern)?;
                crate::anchor::facts(tree, self.secret_group, self.key_group, &keywords)?
            }
        };
        let allow = OnceLock::new();
        if check {
            let _ = allow.set(self.build_allow()?);
        }
        let secret_group = facts.secret_group;
        let secret_is_match = self.key_group.is_none() && facts.secret_is_whole_match;
        let name_at_keyword = self.anchored && self.keyword_ends_word && facts.key_is_keyword;
        let slot_len = 2 * (facts.groups + 1);
        let after_key = match (name_at_keyword, self.key_group, facts.after_key) {
            (true, Some(key), Some((shift, rest_groups))) if secret_group > shift as usize => {
                let rest_slots = 2 * (rest_groups + 1);
                let matcher = self
                    .value_syntax
                    .filter(|s| !s.is_whole() && s.slot_len() == rest_slots);
                let search = match matcher {
                    // Its groups must be the rule's last ones.
                    _ if 2 * shift as usize + rest_slots != slot_len => None,
                    Some(syntax) => Some(AfterKeySearch::Matcher(syntax)),
                    None => crate::anchor::after_key(parsed_tree(&mut hir, &self.pattern)?, key)
                        .and_then(|(rest, _)| {
                            Some(AfterKeySearch::Regex {
                                regex: build_meta_regex(&rest, self.size_limit, false).ok()?,
                                backtracker: Backtracker::new(&rest, self.size_limit),
                            })
                        }),
                };
                search.map(|search| AfterKey {
                    shift: shift as usize,
                    slot_len: rest_slots,
                    key,
                    search,
                })
            }
            _ => None,
        };
        let syntax = self.value_syntax.filter(|s| {
            s.is_whole() && self.anchored && !secret_is_match && s.slot_len() == slot_len
        });
        let searched_after_key = name_at_keyword && after_key.is_some();
        let whole = match syntax {
            Some(s) => Some(WholeMatcher::Syntax(s)),
            // A search after the key never runs a matcher of the whole pattern.
            None if self.anchored && !searched_after_key => {
                RunPattern::new(parsed_tree(&mut hir, &self.pattern)?).map(WholeMatcher::Run)
            }
            None => None,
        };
        // The scanner runs the regex only where neither the part after the key nor a
        // whole-pattern matcher answers (see `scan::scan_at`): never, for such rules.
        let regex_unused = whole.is_some() || searched_after_key;
        let regex = if regex_unused && !check {
            None
        } else {
            Some(
                // Searched over the line only when not probed at keyword hits.
                build_meta_regex(
                    parsed_tree(&mut hir, &self.pattern)?,
                    self.size_limit,
                    self.probe_reach.is_none(),
                )
                .map_err(|e| format!("regex does not compile: {e}"))?,
            )
        };
        Ok(Compiled {
            regex,
            secret_is_match,
            whole,
            name_at_keyword,
            allow,
            secret_group,
            slot_len,
            after_key,
        })
    }

    /// The compiled regex, compiling it on first use. Built-in rules are checked by
    /// tests to compile; should one fail anyway, it never matches instead of panicking.
    pub(crate) fn compiled(&self) -> Option<&Compiled> {
        if let Some(c) = self.compiled.get() {
            return Some(c);
        }
        match self.compile(false) {
            Ok(c) => Some(self.compiled.get_or_init(|| c)),
            Err(_) => None,
        }
    }
}

/// Shannon entropy of `bytes` in bits per byte: `log2(n) - sum(c * log2(c)) / n` over
/// the count `c` of each distinct byte, with `c * log2(c)` looked up for the small
/// counts secrets have (one `log2` per value instead of one per distinct byte).
pub(crate) fn shannon_entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let (table, log2) = log2_tables();
    // Counts per byte, and the bytes seen in first-seen order, so the sum runs over the
    // distinct bytes only (secrets are short: a few dozen of 256). Secrets shorter than
    // 256 bytes count in bytes: a quarter of the table to clear per call.
    let (sum, log2_n) = if bytes.len() < 256 {
        (c_log2_c_sum::<u8>(bytes, table), log2[bytes.len()])
    } else {
        let n = bytes.len() as f64;
        (c_log2_c_sum::<u32>(bytes, table), n.log2())
    };
    (log2_n - sum / bytes.len() as f64).max(0.0)
}

/// `c * log2(c)` and `log2(c)` for each count `c` below 256 (0 for 0): no `log2` call
/// per value (wasm computes it in software), and the same values the call gives.
fn log2_tables() -> &'static ([f64; 256], [f64; 256]) {
    static TABLES: OnceLock<([f64; 256], [f64; 256])> = OnceLock::new();
    TABLES.get_or_init(|| {
        let log2 = |c: usize| (c as f64).log2().max(0.0);
        (
            std::array::from_fn(|c| c as f64 * log2(c)),
            std::array::from_fn(log2),
        )
    })
}

/// The sum of `c * log2(c)` over the count `c` of each distinct byte of `bytes`, which
/// has fewer than `C::MAX` bytes.
fn c_log2_c_sum<C>(bytes: &[u8], table: &[f64; 256]) -> f64
where
    C: Copy + Default + PartialEq + std::ops::AddAssign + From<u8> + Into<u32>,
{
    let mut counts = [C::default(); 256];
    let mut seen = [0u8; 256];
    let mut distinct = 0;
    for &b in bytes {
        if counts[b as usize] == C::default() {
            seen[distinct] = b;
            distinct += 1;
        }
        counts[b as usize] += C::from(1);
    }
    seen[..distinct]
        .iter()
        .map(|&b| counts[b as usize].into())
        .map(|c: u32| match table.get(c as usize) {
            Some(&v) => v,
            None => f64::from(c) * f64::from(c).log2(),
        })
        .sum()
}

/// Whether `v` holds `needle` (ASCII case ignored when `fold`), looked for only where
/// its first byte occurs: values are short and that byte is rare in them.
fn holds(v: &[u8], needle: &[u8], fold: bool) -> bool {
    // Many values are shorter than the longer needles: no search is set up for them.
    if v.len() < needle.len() {
        return false;
    }
    let at = |i: usize| {
        v.get(i..i + needle.len()).is_some_and(|w| {
            if fold {
                w.eq_ignore_ascii_case(needle)
            } else {
                w == needle
            }
        })
    };
    let first = needle[0];
    if fold {
        memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), v).any(at)
    } else {
        memchr::memchr_iter(first, v).any(at)
    }
}

/// `\w` without Unicode: an ASCII letter, digit or `_` (what `\b` and the keyword
/// word checks look at).
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The classes of bytes [`is_placeholder`] looks for, a bit each.
const ALNUM: u8 = 1;
const BRACKET: u8 = 2;
const STAR: u8 = 4;
const LETTER_P: u8 = 8;
const UNDERSCORE: u8 = 16;
const DOT: u8 = 32;
const COLON: u8 = 64;
const PAREN: u8 = 128;

/// Each byte's classes of [`is_placeholder`].
const PLACEHOLDER_BYTES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        classes[b] = if c.is_ascii_alphanumeric() { ALNUM } else { 0 }
            | if c == b'[' { BRACKET } else { 0 }
            | if c == b'*' { STAR } else { 0 }
            | if c == b'p' || c == b'P' { LETTER_P } else { 0 }
            | if c == b'_' { UNDERSCORE } else { 0 }
            | if c == b'.' { DOT } else { 0 }
            | if c == b':' { COLON } else { 0 }
            | if c == b'(' { PAREN } else { 0 };
        b += 1;
    }
    classes
};

/// CloudFormation's intrinsic function tags in YAML templates, without the `!`.
const CLOUDFORMATION_TAGS: &[&[u8]] = &[
    b"Ref",
    b"Sub",
    b"GetAtt",
    b"ImportValue",
    b"Join",
    b"Select",
    b"Split",
    b"FindInMap",
    b"If",
    b"Base64",
    b"Cidr",
    b"GetAZs",
    b"Transform",
];

/// Values that stand in for a secret rather than being one: template variables,
/// angle-bracket hints, masks, `null`-likes and edgeguard's own markers.
pub(crate) fn is_placeholder(value: &[u8]) -> bool {
    let v = value;
    // One branch-free pass over the value for the bytes the checks below look for
    // (a table look-up per byte): most values are secrets holding none of them, and a
    // search per check was most of the time of this function.
    let held = v
        .iter()
        .fold(0u8, |held, &b| held | PLACEHOLDER_BYTES[usize::from(b)]);
    let has = |class: u8| held & class != 0;
    let (bracket, star, p) = (has(BRACKET), has(STAR), has(LETTER_P));
    let (underscore, dot, colon, paren) = (has(UNDERSCORE), has(DOT), has(COLON), has(PAREN));
    if !has(ALNUM) {
        return true;
    }
    let starts = |p: &[u8]| v.starts_with(p);
    let second = v.get(1).copied();
    let letters_after_first = || {
        v[1..]
            .iter()
            .all(|&b| b.is_ascii_alphabetic() || b == b'_' || b == b'-')
    };
    // By the first byte, so most values take one branch here: templates (`${X}`,
    // `{{ x }}`, `$(cmd)`, `%(x)s`, `#{x}`, `<%= x %>`, `<hint>`, `{name}`), and
    // references to a value rather than the value (`$VAR`, HTML-escaped hints, CSS-like
    // ids, ARNs, Google Secret Manager names: `projects/p/secrets/db/versions/3`).
    let by_first_byte = match v[0] {
        b'$' => {
            matches!(second, Some(b'{' | b'('))
                || (second.is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                    && is_variable_reference(v))
        }
        b'{' => {
            second == Some(b'{')
                || (v.ends_with(b"}") && !v[1..].contains(&b'"'))
                || letters_after_first()
        }
        b'%' => second == Some(b'(') || v.len() <= 3,
        b'#' => second == Some(b'{') || v[1..].iter().all(|&b| b.is_ascii_lowercase() || b == b'-'),
        b'<' => second == Some(b'%') || v.ends_with(b">") || letters_after_first(),
        // Also a word or words in brackets, as loggers write what they hid
        // (`[FILTERED]` from Rails, `(sensitive value)` from Terraform, `[hidden]`).
        b'(' | b'[' => letters_after_first() || is_bracketed_words(v),
        b'&' => starts(b"&lt;") || starts(b"&#"),
        b'a' => starts(b"arn:aws"),
        b'p' => starts(b"projects/") && v.windows(9).any(|w| w == b"/secrets/"),
        b'y' | b'Y' => {
            v.len() > 5 && v[..4].eq_ignore_ascii_case(b"your") && matches!(v[4], b'_' | b'-')
        }
        // A shell command substitution cut at its first space (`` `gcloud auth …` ``).
        b'`' => v.len() > 1 && letters_after_first(),
        // A CloudFormation intrinsic function's tag (`!Ref DbSecret`, `!Sub '{{resolve:…}}'`).
        b'!' => CLOUDFORMATION_TAGS.contains(&&v[1..]),
        _ => false,
    };
    if by_first_byte
        || (bracket && holds(v, b"[REDACTED", false))
        || (star && holds(v, b"****", false))
        || (p && holds(v, b"placeholder", true))
        // `env.X`, `process.env.X`, `this.password`, `getToken()`, `config:db:pass`,
        // `DB_PASSWORD`.
        || (dot && is_dotted_identifier(v) && !has_consonant_run(v, 7))
        || (paren && is_method_call(v))
        || (colon && is_code_path(v))
        || (underscore && is_env_var_name(v))
    {
        return true;
    }
    // One character repeated (xxxxxxxx, 00000000, ........), or a filler run making up
    // much of the value (`AKIAXXXXXXXXXXXXXXXX`, `sk_test_xxxxxxxx…`); random secrets
    // practically never hold 8 equal characters in a row. A trailing ellipsis marks a
    // value shortened for display (`sk-...`).
    if v.len() >= 3 && v.iter().all(|&b| b.eq_ignore_ascii_case(&v[0])) {
        return true;
    }
    if has_run(v, (v.len() * 2).div_ceil(5).max(8)) {
        return true;
    }
    if v.ends_with(b"...") || v.ends_with("\u{2026}".as_bytes()) {
        return true;
    }
    const WORDS: &[&str] = &[
        "null",
        "nil",
        "none",
        "undefined",
        "true",
        "false",
        "empty",
        "redacted",
        "masked",
        "hidden",
        "removed",
        "filtered",
        "omitted",
        "n/a",
        "placeholder",
        "your_password",
        "your-password",
        "yourpassword",
        "your_token",
        "your-token",
        "your_api_key",
        "your-api-key",
        "your_secret",
        "your-secret",
    ];
    // The first letters of the words, so most values skip the list.
    const FIRST: [bool; 256] = {
        let mut first = [false; 256];
        let mut i = 0;
        while i < WORDS.len() {
            let b = WORDS[i].as_bytes()[0];
            first[b.to_ascii_lowercase() as usize] = true;
            first[b.to_ascii_uppercase() as usize] = true;
            i += 1;
        }
        first
    };
    // A word may close a Markdown code span (`newlineIsToken: true` in a changelog).
    let word = v.strip_suffix(b"`").unwrap_or(v);
    word.len() <= 16
        && FIRST[usize::from(v[0])]
        && WORDS
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
}

/// Whether `v` is words in the brackets it starts with (`[FILTERED]`, `(sensitive
/// value)`, `[hidden]`): letters, spaces, `_`, `-` and `:` between `[` and `]` or `(` and
/// `)`.
fn is_bracketed_words(v: &[u8]) -> bool {
    let close = if v[0] == b'(' { b')' } else { b']' };
    v.len() > 2
        && v[v.len() - 1] == close
        && v[1..v.len() - 1]
            .iter()
            .all(|&b| b.is_ascii_alphabetic() || matches!(b, b' ' | b'_' | b'-' | b':'))
}

/// `$DB_PASSWORD`, `$dbPassword`, `$HOME/.pgpass`, `$env:API_KEY`, `$cfg[key]`: a
/// variable's name as code and shells write them (upper- or lower-case words joined by
/// `_`, or camel case, any digits at its end), then nothing or what follows a
/// reference (`/ . : - } ] ) [`). A password that starts with `$` reads otherwise:
/// digits inside the name (`$Rj9bC3Zh1ld`) or punctuation no reference is followed by
/// (`$KE!2gXyU`, `$AkC~4DLq`), and so does a crypt(3) hash, whose name ends at a `$`
/// (`$6$salt$hash`, `$y$j9T$…`, `$krb5asrep$23$…`).
fn is_variable_reference(v: &[u8]) -> bool {
    let name = &v[1..];
    let len = name
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    let (name, rest) = name.split_at(len);
    let letters = name.len() - name.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let named = !name[..letters].iter().any(u8::is_ascii_digit);
    named && rest.first().is_none_or(|b| b"/.:-}])[".contains(b))
}

/// Whether `v` holds `len` or more consonant letters in a row (`y` counted as a
/// vowel, case ignored): generated text (`SrgwzDl`, `rHtTsrrW`) rather than the names
/// of code (`getHTTPResponse` has six, `https` five).
fn has_consonant_run(v: &[u8], len: usize) -> bool {
    let mut run = 0;
    v.iter().any(|&b| {
        let consonant = b.is_ascii_alphabetic() && !b"aeiouyAEIOUY".contains(&b);
        run = if consonant { run + 1 } else { 0 };
        run >= len
    })
}

/// Whether `v` holds a run of at least `len` equal bytes (ASCII case ignored). Such a
/// run covers one of the positions `len - 1`, `2 * len - 1`, …, so only the runs
/// through those few positions are measured.
fn has_run(v: &[u8], len: usize) -> bool {
    if len == 0 || v.len() < len {
        return len == 0;
    }
    // Plain loops: the iterator chains they replace cost half as much again.
    let fold = |b: u8| b.to_ascii_lowercase();
    let mut i = len - 1;
    while i < v.len() {
        let c = fold(v[i]);
        let (mut start, mut end) = (i, i + 1);
        while start > 0 && fold(v[start - 1]) == c {
            start -= 1;
        }
        while end < v.len() && fold(v[end]) == c {
            end += 1;
        }
        if end - start >= len {
            return true;
        }
        i += len;
    }
    false
}

/// `OPENAI_API_KEY`, `DB_PASSWORD`: the name of an environment variable that holds the
/// secret, given where a config expects the secret or a reference to it. Upper-case
/// words joined by `_`, each all letters (with at most two trailing digits).
fn is_env_var_name(v: &[u8]) -> bool {
    v.contains(&b'_')
        && v.split(|&b| b == b'_').all(|w| {
            let letters = w.iter().take_while(|b| b.is_ascii_uppercase()).count();
            letters >= 2 && w.len() - letters <= 2 && w[letters..].iter().all(u8::is_ascii_digit)
        })
}

/// `env.PASSWORD`, `process.env.API_KEY`, `self.secret`, `Buffer.from`: a dotted path
/// of digit-free identifiers, which in code or config names a value instead of
/// holding one. (Dotted tokens such as `hvs.…`, `dp.pt.…` or JWTs carry digits.)
fn is_dotted_identifier(v: &[u8]) -> bool {
    // One pass, left at the first byte that is neither a letter, `_` nor a dot.
    let (mut segments, mut len) = (1, 0);
    for &b in v {
        match b {
            b'.' if len > 0 => (segments, len) = (segments + 1, 0),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' if len < 40 => len += 1,
            _ => return false,
        }
    }
    len > 0 && segments >= 2
}

/// Code that calls a method or function, `users.get(username`, `gen_token(user_id` (an
/// unquoted value goes on over brackets): a dotted identifier of names of two letters
/// or more, the last of three or more, then `(`; or one snake_case name of three or
/// more, then `(` and another (`qZ.e(6~3x`, `Summer(2024` and `g3LnLyuj(n` are
/// passwords).
fn is_method_call(v: &[u8]) -> bool {
    v.iter().position(|&b| b == b'(').is_some_and(|i| {
        let callee = &v[..i];
        let called = callee
            .rsplit(|&b| b == b'.')
            .next()
            .is_some_and(|m| m.len() >= 3);
        if is_dotted_identifier(callee) {
            return called && callee.split(|&b| b == b'.').all(|name| name.len() >= 2);
        }
        let argument = &v[i + 1..];
        let name = |w: &[u8]| {
            w.first().is_some_and(u8::is_ascii_lowercase)
                && w.iter()
                    .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        };
        (called && name(callee) && name(argument))
            || (is_code_name(callee) && is_empty_call_then_chain(argument))
    })
}

/// A name written as code: an identifier holding `_` between letters or a camel-case
/// hump (`read_password`, `getApiKey`), not a capitalized word (`Summer`).
fn is_code_name(v: &[u8]) -> bool {
    v.first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_')
        && v.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
        && is_written_as_code(v)
}

/// Whether a name is written as code: it holds `_` (`snake_case`) or a camel-case
/// hump (`camelCase`), where a word or a password (`Summer`, `hunter2`) has neither.
pub(crate) fn is_written_as_code(name: &[u8]) -> bool {
    name.contains(&b'_')
        || name
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// What follows the `(` of a call with no arguments that a value can run on over: `)`,
/// then Rust's `?`, TypeScript's `!`, or a chain of calls and awaits (`).await?`,
/// `).unwrap()`): `let password = read_password()?;`.
fn is_empty_call_then_chain(rest: &[u8]) -> bool {
    rest.first() == Some(&b')')
        && rest[1..]
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b"?!.()_".contains(&b))
}

/// A path in code, `cpuid::InitToken`, `std::env::var(`, `Vec::<u8>`: names of
/// identifier bytes (the first no digit) joined by `::`, two or more (or one and `::`),
/// up to a `(` or `<`.
fn is_code_path(v: &[u8]) -> bool {
    let end = v
        .iter()
        .position(|&b| b == b'(' || b == b'<')
        .unwrap_or(v.len());
    let (path, mut names) = match v[..end].strip_suffix(b"::") {
        Some(path) if end < v.len() => (path, 1),
        _ => (&v[..end], 0),
    };
    let mut rest = path;
    loop {
        let len = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
            .unwrap_or(rest.len());
        if len == 0 || rest[0].is_ascii_digit() {
            return false;
        }
        names += 1;
        rest = &rest[len..];
        if rest.is_empty() {
            return names >= 2;
        }
        rest = match rest.strip_prefix(b"::") {
            Some(after) => after,
            None => return false,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_paths() {
        for v in [
            &b"cpuid_aes_sha::InitToken"[..],
            b"std::env::var",
            b"std::env::var(",
            b"Vec::<u8>",
            b"a::b",
        ] {
            assert!(is_code_path(v), "{}", String::from_utf8_lossy(v));
        }
        for v in [
            &b"InitToken"[..],
            b":new",
            b"fe80::1",
            b"a::",
            b"x9T::q2:Lm",
            b"Zq8::rT2#vL9m",
        ] {
            assert!(!is_code_path(v), "{}", String::from_utf8_lossy(v));
        }
    }

    #[test]
    fn entropy_bounds() {
        assert_eq!(shannon_entropy(b""), 0.0);
        assert_eq!(shannon_entropy(b"aaaa"), 0.0);
        assert!((shannon_entropy(b"abcd") - 2.0).abs() < 1e-9);
        // The counts-table form equals the textbook sum, small and large counts alike.
        let textbook = |v: &[u8]| {
            let n = v.len() as f64;
            let mut counts = [0usize; 256];
            v.iter().for_each(|&b| counts[b as usize] += 1);
            counts
                .iter()
                .filter(|&&c| c > 0)
                .map(|&c| -(c as f64 / n) * (c as f64 / n).log2())
                .sum::<f64>()
        };
        let long: Vec<u8> = (0..5000u32)
            .map(|i| b"aab3XyZ_q"[(i * i % 9) as usize])
            .collect();
        for v in [
            &b"sk-ant-api03-Zq8rT2vL9m"[..],
            b"hunter2",
            b"aaaaaaaaab",
            &long,
        ] {
            assert!((shannon_entropy(v) - textbook(v)).abs() < 1e-9, "{v:?}");
        }
    }

    /// Length of the longest run of one repeated byte (ASCII case-insensitive): the
    /// plain definition `has_run` must agree with.
    fn longest_run(v: &[u8]) -> usize {
        let (mut best, mut run, mut prev) = (0, 0, None);
        for &b in v {
            let b = b.to_ascii_lowercase();
            run = if prev == Some(b) { run + 1 } else { 1 };
            prev = Some(b);
            best = best.max(run);
        }
        best
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn has_run_agrees_with_the_longest_run_on_any_text(v in "[aAbx]{0,40}", len in 0usize..45) {
            proptest::prop_assert_eq!(has_run(v.as_bytes(), len), longest_run(v.as_bytes()) >= len);
        }

        #[test]
        fn dotted_identifiers_are_dot_separated_letter_runs(v in "[a_.Z1-]{0,12}|[a.]{38,44}") {
            let b = v.as_bytes();
            let expected = b.split(|&c| c == b'.').count() >= 2
                && b.split(|&c| c == b'.').all(|p| {
                    !p.is_empty() && p.len() <= 40 && p.iter().all(|&c| c.is_ascii_alphabetic() || c == b'_')
                });
            proptest::prop_assert_eq!(is_dotted_identifier(b), expected);
        }

        #[test]
        fn entropy_counts_alike_below_and_above_256_bytes(v in "[ab]{0,300}") {
            let b = v.as_bytes();
            let (x, y) = (c_log2_c_sum::<u8>(&b[..b.len().min(255)], &log2_tables().0), c_log2_c_sum::<u32>(&b[..b.len().min(255)], &log2_tables().0));
            proptest::prop_assert_eq!(x, y);
        }
    }

    #[test]
    fn has_run_agrees_with_the_longest_run() {
        let samples: [&[u8]; 8] = [
            b"",
            b"a",
            b"aaaaaaaa",
            b"AKIAXXXXXXXXXXXXXXXX",
            b"sk_test_xxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            b"abcdefghijklmnopqrstuvwxyz",
            b"xXxXxXxXyyYyYyYyYzz",
            b"ab1111111111111111111cd",
        ];
        for v in samples {
            for len in 0..=v.len() + 1 {
                assert_eq!(has_run(v, len), longest_run(v) >= len, "{v:?} {len}");
            }
        }
    }

    /// The comparable parts of a compiled rule.
    fn shape_of(c: &Compiled) -> String {
        let after_key = c.after_key.as_ref().map(|k| {
            let matcher = matches!(k.search, AfterKeySearch::Matcher(_));
            (k.shift, k.slot_len, k.key, matcher)
        });
        format!(
            "regex {} match {} name {} allow {:?} secret {} slots {} after {after_key:?} whole {:?}",
            c.regex.is_some(),
            c.secret_is_match,
            c.name_at_keyword,
            c.allow.get().map(Vec::len),
            c.secret_group,
            c.slot_len,
            c.whole,
        )
    }

    /// The facts build.rs answers for the rules with a hand-written matcher are the
    /// parsed pattern's, and compile the rule as parsing it would; the rules whose
    /// searches never run their regex then compile without parsing it.
    #[test]
    fn facts_from_the_build_compile_as_the_parsed_pattern() {
        let mut answered = 0;
        for spec in builtin_specs() {
            let Some(facts) = spec.parsed else {
                assert!(spec.value_syntax.is_none(), "{}", spec.id);
                continue;
            };
            let hir = crate::anchor::parse(spec.regex).expect("built-in rules parse");
            let parsed =
                crate::anchor::facts(&hir, spec.secret_group, spec.key_group, spec.keywords);
            assert_eq!(parsed.as_ref(), Ok(facts), "{}", spec.id);
            let with_facts = Rule::from_spec(spec);
            let mut without = Rule::from_spec(spec);
            without.parsed = None;
            let (a, b) = (with_facts.compile(false), without.compile(false));
            let (a, b) = (a.expect("compiles"), b.expect("compiles"));
            assert_eq!(shape_of(&a), shape_of(&b), "{}", spec.id);
            answered += usize::from(a.regex.is_none());
        }
        assert!(answered >= 5, "{answered} rules compiled from their facts");
    }

    #[test]
    fn placeholders() {
        for p in [
            "${DB_PASSWORD}",
            "{{ .Values.token }}",
            "<your-key>",
            "****",
            "xxxxxxxx",
            "null",
            "REDACTED",
            "[REDACTED:github-pat]",
            "%s",
            "",
            "...",
            "None",
            "$(cat /run/secret)",
            "$DB_PASSWORD",
            "$settings.api_key",
            "$BASE_URL/classroom/#/forgot_password",
            "OPENAI_API_KEY",
            "DB2_PASSWORD",
            "changeme-placeholder",
            "$dbPassword",
            "$HOME/.pgpass",
            "$env:API_KEY",
            "$cfg[key]",
            "$DB_PASS2",
            "config.getHTTPResponse",
            "users.get(username",
            "request.form.get(",
            "(hidden",
            "[not_set",
            "projects/my-project/secrets/db-password/versions/3",
            "`gcloud",
            "!Ref",
            "!GetAtt",
            "true`",
            "None`",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
        for s in [
            "$Rj9bC3Zh1ldFCwG",
            "$KE!2gXyU47l1uuDI",
            "$AkC~4DLq1m>SYOnz",
            "CVr.SrgwzDl",
            "gdm.rHtTsrrW_Eah",
            "hunter2",
            "sk-proj-abc",
            "Zq8!rT2#vL9m",
            "{\"a\":1}",
            "$3cr3t!",
            "v1.2x9",
            "$krb5asrep$23$0a1b",
            "AKIA_4F2KQ9ZX7",
            "ABC_DEFG1234XYZ",
            "Tr0ub(4dor",
            "qZ.e(6~3xbjkv",
            "a.get(x",
            "a.b1(c",
            "(x.y",
            "(e8IqSJPxeKJ7:8y4K",
            "`Xk9pL2qW7zT4",
            "!Summer2024",
            "!Refund",
        ] {
            assert!(!is_placeholder(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn custom_rule_errors_name_the_rule_and_problem() {
        let base = RuleConfig {
            id: "acme-token".into(),
            description: String::new(),
            regex: "acme_[a-z]{8}".into(),
            secret_group: None,
            key_group: None,
            key_names: KeyNames::Credential,
            keywords: vec!["acme_".into()],
            min_entropy: None,
            allow: vec![],
            multiline: false,
            reach: None,
            keyword_ends_word: false,
            keyword_starts_word: false,
        };
        assert!(Rule::from_config(&base).is_ok());
        let err = |c: RuleConfig| Rule::from_config(&c).unwrap_err().to_string();
        // A multiline rule's reach: only for multiline rules, 1 to 64 KiB.
        let e = err(RuleConfig {
            reach: Some(512),
            ..base.clone()
        });
        assert!(
            e.contains("acme") && e.contains("reach needs multiline"),
            "{e}"
        );
        let e = err(RuleConfig {
            multiline: true,
            reach: Some(0),
            ..base.clone()
        });
        assert!(e.contains("reach 0 must lie between 1 and 65536"), "{e}");
        let rule = Rule::from_config(&RuleConfig {
            multiline: true,
            reach: Some(512),
            ..base.clone()
        })
        .unwrap();
        assert_eq!(rule.reach, 512);
        let e = err(RuleConfig {
            regex: "acme_(".into(),
            ..base.clone()
        });
        assert!(
            e.contains("acme-token") && e.contains("does not compile"),
            "{e}"
        );
        let e = err(RuleConfig {
            id: "Bad Id".into(),
            ..base.clone()
        });
        assert!(e.contains("id must be"), "{e}");
        let e = err(RuleConfig {
            regex: "a".repeat(MAX_PATTERN_LEN + 1),
            ..base.clone()
        });
        assert!(e.contains("limit is 4096"), "{e}");
        let e = err(RuleConfig {
            regex: "(?:\\w{1000}){100}".into(),
            ..base.clone()
        });
        assert!(e.contains("more than"), "{e}");
        let e = err(RuleConfig {
            secret_group: Some(3),
            ..base.clone()
        });
        assert!(e.contains("secret_group 3"), "{e}");
        let e = err(RuleConfig {
            keywords: vec!["a".into()],
            ..base
        });
        assert!(e.contains("keyword \"a\""), "{e}");
    }
}
