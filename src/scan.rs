//! The scanner: one Aho-Corasick pass over the text finds every rule keyword; each
//! hit runs that rule's regex over the hit's line only, once per line.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use memchr::{memchr, memrchr};

use crate::rule::{is_placeholder, shannon_entropy, Rule};

/// Lines longer than this are scanned in windows around each keyword hit.
const MAX_LINE: usize = 16 * 1024;
/// How far either side of a keyword a window reaches on an over-long line.
const WINDOW_REACH: usize = 8 * 1024;
/// How far a multi-line rule (PEM blocks) may reach past its keyword's line.
const MULTILINE_REACH: usize = 64 * 1024;
const MARKER: &[u8] = b"[REDACTED:";
/// How many rejected candidates in one window may restart the search inside
/// themselves (see `scan_window`).
const MAX_RETRIES: usize = 32;
/// Longest key name the generic rules look back over.
const MAX_KEY_NAME: usize = 128;

/// A span of input that one rule reported as a secret (bytes, half-open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub rule: usize,
}

/// One rule's use of a keyword pattern.
#[derive(Debug, PartialEq)]
struct KeywordUse {
    rule: usize,
    /// The exact bytes a hit must have, for keywords with uppercase letters.
    exact: Option<Box<[u8]>>,
}

#[derive(Debug)]
pub(crate) struct Scanner {
    keywords: Option<AhoCorasick>,
    /// For each keyword pattern, the rules that gave it, with the exact bytes a hit
    /// must have when the rule's keyword has uppercase letters (case-sensitive).
    keyword_rules: Vec<Vec<KeywordUse>>,
    /// Rules without keywords: they scan every input.
    unanchored: Vec<usize>,
    marker: memchr::memmem::Finder<'static>,
}

impl Scanner {
    pub(crate) fn new(rules: &[Rule]) -> Scanner {
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<KeywordUse>> = Vec::new();
        let mut unanchored = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (ri, rule) in rules.iter().enumerate() {
            if rule.keywords.is_empty() {
                unanchored.push(ri);
            }
            for kw in &rule.keywords {
                let key = kw.to_ascii_lowercase();
                let pi = *index.entry(key.clone()).or_insert_with(|| {
                    patterns.push(key);
                    keyword_rules.push(Vec::new());
                    patterns.len() - 1
                });
                let exact = kw
                    .bytes()
                    .any(|b| b.is_ascii_uppercase())
                    .then(|| kw.as_bytes().into());
                let used = KeywordUse { rule: ri, exact };
                if !keyword_rules[pi].contains(&used) {
                    keyword_rules[pi].push(used);
                }
            }
        }
        let keywords = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&patterns)
                .or_else(|_| {
                    AhoCorasick::builder()
                        .ascii_case_insensitive(true)
                        .match_kind(MatchKind::Standard)
                        .build(&patterns)
                })
                .expect("keywords are plain literals and always build")
        });
        Scanner {
            keywords,
            keyword_rules,
            unanchored,
            marker: memchr::memmem::Finder::new(MARKER),
        }
    }

    /// Every secret in `text`, sorted, overlaps merged, spans widened to UTF-8
    /// character boundaries.
    #[cfg(test)]
    pub(crate) fn scan(&self, rules: &[Rule], text: &[u8]) -> Vec<Hit> {
        self.scan_open(rules, text).0
    }

    /// [`Scanner::scan`], plus the first keyword of a multi-line rule (PEM, PuTTY,
    /// minisign): `(start of its line, end of the keyword)`. That rule's match may reach
    /// up to `MULTILINE_REACH` past the keyword, even past a match found so far (a
    /// stray END line inside a block), so a stream holds text back from there until
    /// that much has arrived.
    pub(crate) fn scan_open(
        &self,
        rules: &[Rule],
        text: &[u8],
    ) -> (Vec<Hit>, Option<(usize, usize)>) {
        let mut hits = Vec::new();
        let mut multiline_keywords: Vec<(usize, usize)> = Vec::new();
        if let Some(ac) = &self.keywords {
            // Per rule hit so far, the last window it scanned: a later hit inside it adds
            // nothing. Few rules hit any one text, so a short list beats a table.
            let mut scanned: Vec<(usize, usize, usize)> = Vec::new();
            let mut line = (usize::MAX, 0usize);
            for m in ac.find_overlapping_iter(text) {
                for KeywordUse { rule: ri, exact } in &self.keyword_rules[m.pattern().as_usize()] {
                    let ri = *ri;
                    if exact
                        .as_deref()
                        .is_some_and(|e| e != &text[m.start()..m.end()])
                    {
                        continue;
                    }
                    if rules[ri].multiline {
                        multiline_keywords.push((m.start(), m.end()));
                    }
                    let seen = scanned.iter().position(|e| e.0 == ri);
                    if let Some(i) = seen {
                        let (_, ws, we) = scanned[i];
                        if m.start() >= ws && m.end() <= we {
                            continue;
                        }
                    }
                    let rule = &rules[ri];
                    let is_word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
                    if (rule.keyword_ends_word && text.get(m.end()).is_some_and(is_word))
                        || (rule.keyword_starts_word
                            && m.start() > 0
                            && is_word(&text[m.start() - 1]))
                    {
                        continue;
                    }
                    let window = if rule.multiline {
                        let start = line_start(text, m.start());
                        (start, text.len().min(m.end() + MULTILINE_REACH))
                    } else {
                        if !(line.0 <= m.start() && m.end() <= line.1) {
                            let start = line_start(text, m.start());
                            let end =
                                memchr(b'\n', &text[m.end()..]).map_or(text.len(), |i| m.end() + i);
                            line = (start, end);
                        }
                        if line.1 - line.0 <= MAX_LINE {
                            line
                        } else {
                            (
                                line.0.max(m.start().saturating_sub(WINDOW_REACH)),
                                line.1.min(m.end() + WINDOW_REACH),
                            )
                        }
                    };
                    match seen {
                        Some(i) => scanned[i] = (ri, window.0, window.1),
                        None => scanned.push((ri, window.0, window.1)),
                    }
                    scan_window(rule, ri, text, window.0, window.1, &mut hits);
                }
            }
        }
        for &ri in &self.unanchored {
            scan_window(&rules[ri], ri, text, 0, text.len(), &mut hits);
        }
        if hits.is_empty() {
            let open = multiline_keywords
                .first()
                .map(|&(s, e)| (line_start(text, s), e));
            return (hits, open);
        }
        if self.marker.find(text).is_some() {
            // Both lists sorted by start: one pass drops hits that touch a marker.
            let markers = marker_spans(&self.marker, text);
            hits.sort_unstable_by_key(|h| h.start);
            let mut m = 0;
            hits.retain(|h| {
                while m < markers.len() && markers[m].1 <= h.start {
                    m += 1;
                }
                // Markers are disjoint and sorted, so only those from `m` on can reach
                // past `h.start`; the first one that starts before `h.end` overlaps.
                !(m < markers.len() && markers[m].0 < h.end)
            });
        }
        for h in &mut hits {
            while h.start > 0 && is_continuation(text[h.start]) {
                h.start -= 1;
            }
            while h.end < text.len() && is_continuation(text[h.end]) {
                h.end += 1;
            }
        }
        let hits = merge(hits, |h| rules[h.rule].family != "generic");
        let open = multiline_keywords
            .first()
            .map(|&(s, e)| (line_start(text, s), e));
        (hits, open)
    }
}

fn line_start(text: &[u8], at: usize) -> usize {
    memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1)
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Spans of edgeguard's own `[REDACTED:...]` markers, so a second pass leaves them be.
fn marker_spans(finder: &memchr::memmem::Finder<'_>, text: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for s in finder.find_iter(text) {
        // A marker never spans lines: look for its `]` on the same line only, so a
        // stream (which sees whole lines) finds the same markers as the whole text.
        let rest = &text[s..text.len().min(s + 160)];
        let rest = &rest[..memchr(b'\n', rest).unwrap_or(rest.len())];
        if let Some(close) = memchr(b']', rest) {
            out.push((s, s + close + 1));
        }
    }
    out
}

fn scan_window(rule: &Rule, ri: usize, text: &[u8], ws: usize, we: usize, hits: &mut Vec<Hit>) {
    let Some(c) = rule.compiled() else { return };
    let hay = &text[ws..we];
    let mut locs = c.regex.capture_locations();
    let mut at = 0;
    let mut retries = 0;
    // A found secret ends the search there, not where its match ended: a rule that
    // consumes a separator after the secret (`...(?:[^\w-]|$)`) would otherwise swallow
    // the separator that the next secret's match needs. A rejected candidate (a
    // placeholder, low entropy, an allowed value, a name that is no credential) ends it
    // just after the candidate's start, so a secret inside a rejected value is found now
    // rather than on a second pass; after `MAX_RETRIES` rejections in one window it ends
    // at the match's end, which keeps text made of look-alikes linear.
    while at <= hay.len() {
        let Some(m) = c.regex.captures_read_at(&mut locs, hay, at) else {
            break;
        };
        let Some((s_start, s_end)) = (c.secret_group..locs.len()).find_map(|g| locs.get(g)) else {
            at = m.end().max(at + 1);
            continue;
        };
        let accepted = s_start < s_end && accept(rule, c, &locs, text, ws, &hay[s_start..s_end]);
        if accepted {
            hits.push(Hit {
                start: ws + s_start,
                end: ws + s_end,
                rule: ri,
            });
            at = s_end.clamp(at + 1, m.end().max(at + 1));
        } else if retries < MAX_RETRIES {
            retries += 1;
            at = (s_start + 1).clamp(at + 1, m.end().max(at + 1));
        } else {
            at = m.end().max(at + 1);
        }
    }
}

/// Whether a candidate `value` of `rule` is reported: its name (for rules with a
/// `key_group`) names a credential, and it is no placeholder, has the rule's entropy
/// and matches none of its allow patterns.
fn accept(
    rule: &Rule,
    c: &crate::rule::Compiled,
    locs: &regex::bytes::CaptureLocations,
    text: &[u8],
    ws: usize,
    value: &[u8],
) -> bool {
    if let Some((k_start, k_end)) = rule.key_group.and_then(|g| locs.get(g)) {
        // The regex captures the name's sensitive ending (`key`, `password`); the
        // whole name is the run of identifier bytes that ends there.
        let end = ws + k_end;
        let mut start = ws + k_start;
        while start > ws
            && end - start < MAX_KEY_NAME
            && matches!(text[start - 1], b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-')
        {
            start -= 1;
        }
        match std::str::from_utf8(&text[start..end]) {
            Ok(name) if crate::keys::is_credential_name(name) => {}
            _ => return false,
        }
    }
    !is_placeholder(value)
        && !rule
            .min_entropy
            .is_some_and(|min| shannon_entropy(value) < min)
        && !c.allow.iter().any(|a| a.is_match(value))
}

/// Sorts hits and merges overlapping ones. The merged span is named after a specific
/// (provider) rule when one took part, else after the hit that starts first.
fn merge(mut hits: Vec<Hit>, specific: impl Fn(&Hit) -> bool) -> Vec<Hit> {
    hits.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        match out.last_mut() {
            Some(last) if h.start < last.end => {
                if specific(&h) && !specific(last) {
                    last.rule = h.rule;
                }
                last.end = last.end.max(h.end);
            }
            _ => out.push(h),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_joins_overlaps_only() {
        let h = |start, end, rule| Hit { start, end, rule };
        let merged = merge(
            vec![h(5, 9, 1), h(0, 3, 0), h(2, 6, 2), h(9, 12, 3)],
            |_| false,
        );
        assert_eq!(merged, vec![h(0, 9, 0), h(9, 12, 3)]);
        // A specific rule names the merged span even when a generic one starts first.
        let merged = merge(vec![h(0, 9, 0), h(4, 9, 7)], |h| h.rule == 7);
        assert_eq!(merged, vec![h(0, 9, 7)]);
    }
}
