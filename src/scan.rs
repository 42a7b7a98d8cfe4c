//! The scanner: one Aho-Corasick pass over the text finds every rule keyword; each
//! hit runs that rule's regex over the hit's line only, once per line.

use memchr::{memchr, memrchr};
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Anchored, Input};

use crate::keywords::Keywords;
use crate::rule::{
    is_placeholder, is_word_byte, is_written_as_code, shannon_entropy, AfterKey, AfterKeySearch,
    Compiled, KeyNames, Rule,
};
use crate::value_syntax::{is_name, ValueSyntax};

/// Lines longer than this are scanned in windows around each keyword hit.
const MAX_LINE: usize = 16 * 1024;
/// How far either side of a keyword a window reaches on an over-long line.
const WINDOW_REACH: usize = 8 * 1024;
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

impl Hit {
    /// Rule `rule`'s secret at `secret` within the window that starts at `ws`.
    fn of(ws: usize, secret: &std::ops::Range<usize>, rule: usize) -> Hit {
        Hit {
            start: ws + secret.start,
            end: ws + secret.end,
            rule,
        }
    }
}

/// One rule's use of a keyword pattern.
#[derive(Debug, PartialEq)]
struct KeywordUse {
    rule: usize,
    /// The exact bytes a hit must have, for keywords with uppercase letters.
    exact: Option<Box<[u8]>>,
    /// The rule's `keyword_ends_word` and `keyword_starts_word`, here so that the hits
    /// these checks drop (`keyboard`, `path`) never touch the rule.
    ends_word: bool,
    starts_word: bool,
    /// The rule's `multiline`: its keywords are reported whatever follows.
    multiline: bool,
}

#[derive(Debug)]
pub(crate) struct Scanner {
    keywords: Option<Keywords>,
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
                let used = KeywordUse {
                    rule: ri,
                    exact,
                    ends_word: rule.keyword_ends_word,
                    starts_word: rule.keyword_starts_word,
                    multiline: rule.multiline,
                };
                if !keyword_rules[pi].contains(&used) {
                    keyword_rules[pi].push(used);
                }
            }
        }
        let keywords = (!patterns.is_empty()).then(|| Keywords::new(&patterns));
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

    /// [`Scanner::scan`], plus what a stream needs to know of the multi-line rules
    /// (PEM, PuTTY, minisign, YAML name/value pairs): see [`Open`].
    pub(crate) fn scan_open(&self, rules: &[Rule], text: &[u8]) -> (Vec<Hit>, Open) {
        let mut hits = Vec::new();
        let mut multiline_keywords: Vec<(usize, usize)> = Vec::new();
        let mut multiline_found: Vec<(usize, usize)> = Vec::new();
        // edgeguard's own markers: a match that touches one is dropped (see `accept`).
        let markers = Markers(&self.marker);
        if let Some(keywords) = &self.keywords {
            // Per rule hit so far, how far its scans got, and the slots of its searches:
            // set up at the first keyword hit (most short texts have none, and zeroing
            // both was most of the time such a text took).
            let mut state: Option<(Tracker, Slots)> = None;
            let mut line = (usize::MAX, 0usize);
            keywords.for_each_hit(text, |m| {
                let (progress, slots) = state.get_or_insert_with(Default::default);
                let escaped = after_percent_escape(text, m.start);
                for use_ in &self.keyword_rules[m.pattern] {
                    if use_
                        .exact
                        .as_deref()
                        .is_some_and(|e| e != &text[m.start..m.end])
                    {
                        continue;
                    }
                    if use_.multiline {
                        multiline_keywords.push((m.start, m.end + rules[use_.rule].reach));
                    }
                    if (use_.ends_word && text.get(m.end).is_some_and(|&b| is_word_byte(b)))
                        || (use_.starts_word
                            && m.start > 0
                            && is_word_byte(text[m.start - 1])
                            && !escaped)
                    {
                        continue;
                    }
                    let (ri, rule) = (use_.rule, &rules[use_.rule]);
                    let probe_reach = rule.probe_reach;
                    let p = progress.of(ri);
                    if p.covers(probe_reach.is_some(), m.start, m.end) {
                        continue;
                    }
                    // The hit's line, found once per line: a search back to the line's
                    // start at every hit was quadratic on a long line full of a
                    // multi-line rule's keyword (40,000 PEM headers on one line).
                    if !(line.0 <= m.start && m.end <= line.1) {
                        let start = line_start(text, m.start);
                        let end = memchr(b'\n', &text[m.end..]).map_or(text.len(), |i| m.end + i);
                        line = (start, end);
                    }
                    // The window, and how far past its end a match that starts in it
                    // may be seen: on an over-long line, a match cut by the window's
                    // end would be missed by this search and skipped by the next hit's,
                    // which resumes where this one ended (so a second pass, whose
                    // windows fall elsewhere, would find it).
                    let (window, sight) = if rule.multiline {
                        let end = multiline_window_end(text, m.end, rule.reach, line.1);
                        ((line.0, end), end)
                    } else if line.1 - line.0 <= MAX_LINE {
                        (line, line.1)
                    } else {
                        let end = line.1.min(m.end + WINDOW_REACH);
                        (
                            (line.0.max(m.start.saturating_sub(WINDOW_REACH)), end),
                            line.1.min(end + WINDOW_REACH),
                        )
                    };
                    let Some(c) = rule.compiled() else { continue };
                    let caps = slots.for_rule(c);
                    let before = hits.len();
                    if let Some(reach) = probe_reach {
                        // After `%XX` the search sees the keyword at the start of its
                        // window, where `\b` and `^` hold, as after the decoded byte
                        // (the `2` of `%22` is no separator): a pattern that starts
                        // with a separator or `^` before its keyword
                        // (`(?:^|[^A-Za-z0-9_.-])eyJ…`) matches there too.
                        let (window, reach) = if escaped {
                            ((m.start, window.1), 0)
                        } else {
                            (window, reach)
                        };
                        let mut outcome = Probe::NoMatch;
                        for at in m.start.saturating_sub(reach).max(window.0)..=m.start {
                            outcome = scan_at(
                                rule,
                                c,
                                ri,
                                text,
                                &markers,
                                window,
                                (at, m.end),
                                caps,
                                &mut hits,
                            );
                            if !matches!(outcome, Probe::NoMatch) {
                                break;
                            }
                        }
                        p.probed(m.start, outcome);
                    } else {
                        // A multi-line rule's window reaches far past its keyword's line:
                        // it is searched up to the first secret only, and a later block
                        // is found from its own keyword. The part of the window that this
                        // rule searched already (the line of an earlier block) is not
                        // searched again, or its first secret would stop the search.
                        let mut from = if p.from <= window.0 && window.0 < p.to {
                            p.to.min(window.1)
                        } else {
                            window.0
                        };
                        // A match starts at most `reach` before the keyword it holds:
                        // the search starts there, not at the start of the line. Hits
                        // come in order, so a later hit on this line is covered.
                        if let (Some(reach), false) = (rule.keyword_reach, rule.multiline) {
                            from = from.max(m.start.saturating_sub(reach)).min(window.1);
                        }
                        let stop = scan_window(
                            rule,
                            c,
                            ri,
                            (text, &markers),
                            (window.0, from, window.1, sight),
                            caps,
                            &mut hits,
                            rule.multiline,
                        );
                        (p.from, p.to) = (window.0, stop.unwrap_or(window.1));
                    }
                    // The secrets a multi-line rule found here, with the line its window
                    // began on, which the stream keeps with them.
                    if rule.multiline {
                        multiline_found.extend(hits[before..].iter().map(|h| (window.0, h.start)));
                    }
                }
            });
        }
        let mut slots = None;
        for &ri in &self.unanchored {
            if let Some(c) = rules[ri].compiled() {
                let slots = slots.get_or_insert_with(Slots::default);
                scan_window(
                    &rules[ri],
                    c,
                    ri,
                    (text, &markers),
                    (0, 0, text.len(), text.len()),
                    slots.for_rule(c),
                    &mut hits,
                    false,
                );
            }
        }
        multiline_keywords.sort_unstable();
        multiline_keywords.dedup();
        let open = Open {
            keywords: multiline_keywords,
            found: multiline_found,
        };
        if hits.is_empty() {
            return (hits, open);
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
        (hits, open)
    }
}

/// What a stream needs to know of the multi-line rules in a text.
#[derive(Debug, Default)]
pub(crate) struct Open {
    /// The keyword hits of multi-line rules in order, each as where it starts and how
    /// far its rule's match may reach (the rule's `reach` past the keyword), even past a
    /// match found so far (a stray END line inside a block): a stream holds text back
    /// from a keyword's line until that much has arrived.
    pub keywords: Vec<(usize, usize)>,
    /// The secrets multi-line rules found, each as the start of the line their rule's
    /// window began on (a YAML pair's name line, a BEGIN line) and the secret's start: a
    /// stream never emits that line while holding the secret back, as the secret is
    /// found again only with it.
    pub found: Vec<(usize, usize)>,
}

/// The [`Progress`] of each rule hit so far in a text: a few on the stack (a log line
/// hits a few rules; a heap allocation per call was a few percent of a short line's
/// time in wasm), the rest in a list.
#[derive(Default)]
struct Tracker {
    inline: [Progress; TRACKER_INLINE],
    len: usize,
    spill: Vec<Progress>,
}

const TRACKER_INLINE: usize = 8;

impl Tracker {
    /// The progress of rule `ri`, created when new.
    fn of(&mut self, ri: usize) -> &mut Progress {
        let inline = self.len.min(TRACKER_INLINE);
        if let Some(i) = self.inline[..inline].iter().position(|p| p.rule == ri) {
            return &mut self.inline[i];
        }
        if let Some(i) = self.spill.iter().position(|p| p.rule == ri) {
            return &mut self.spill[i];
        }
        self.len += 1;
        if self.len <= TRACKER_INLINE {
            self.inline[self.len - 1] = Progress::new(ri);
            &mut self.inline[self.len - 1]
        } else {
            self.spill.push(Progress::new(ri));
            self.spill.last_mut().expect("just pushed")
        }
    }
}

/// How far one rule's scans of a text got, so a keyword hit that can add nothing is
/// skipped.
#[derive(Default, Clone, Copy)]
struct Progress {
    rule: usize,
    /// Line rules: the window last scanned. Probed rules (`Rule::probe_reach`): the
    /// hit last tried (`from`) and the end of the last secret found (`to`).
    from: usize,
    to: usize,
    /// Probed rules: the end of the last rejected match that was tried from outside
    /// any other, and how many hits inside it have been tried since.
    rejected_to: usize,
    retries: usize,
}

impl Progress {
    fn new(rule: usize) -> Progress {
        Progress {
            rule,
            from: usize::MAX,
            to: 0,
            rejected_to: 0,
            retries: 0,
        }
    }

    /// Whether a hit at `start..end` can add nothing. For a probed rule: it was
    /// tried already, lies inside a secret found, or lies inside a rejected match
    /// after `MAX_RETRIES` tries there (which keeps text made of look-alikes, such
    /// as `password=password=...`, linear).
    fn covers(&self, probed: bool, start: usize, end: usize) -> bool {
        if probed {
            start == self.from
                || start < self.to
                || (start < self.rejected_to && self.retries >= MAX_RETRIES)
        } else {
            self.from <= start && end <= self.to
        }
    }

    fn probed(&mut self, at: usize, outcome: Probe) {
        self.from = at;
        match outcome {
            Probe::Found(end) => self.to = end,
            Probe::Rejected(end) if at >= self.rejected_to => {
                self.rejected_to = end;
                self.retries = 0;
            }
            Probe::Rejected(_) => self.retries += 1,
            Probe::NoMatch => {
                if at < self.rejected_to {
                    self.retries += 1;
                }
            }
        }
    }
}

/// What an anchored search at one keyword hit gave: a secret (ending here), a match
/// whose candidate was rejected (ending here), or no match.
enum Probe {
    Found(usize),
    Rejected(usize),
    NoMatch,
}

/// Whether a keyword at `start` follows a percent-encoded byte (`%22ghp_…` in a
/// URL-encoded payload, `%3Dsk-…`): the `2` or `D` before it ends the escape, not a
/// word the keyword would be inside.
fn after_percent_escape(text: &[u8], start: usize) -> bool {
    start >= 3
        && text[start - 3] == b'%'
        && text[start - 2].is_ascii_hexdigit()
        && text[start - 1].is_ascii_hexdigit()
}

/// Where a multi-line rule's window that reaches `reach` bytes past its keyword's end
/// `keyword_end` ends: the text's end when that comes first, else after the last line
/// end in reach. A window cut inside a line would let `$` match at the cut, as if the
/// line ended there: a search from an earlier keyword took a later block's value, whose
/// line went on past the cut, for a whole one, which a second pass then found from its
/// own keyword (found by the redact_text fuzz target). With no line end in reach, the
/// cut stays where it was: the keyword's own line, which no match ends on.
/// `line_end` is where the keyword's line ends: a line that goes on past the cut holds
/// no line end in reach, and is not searched for one.
fn multiline_window_end(text: &[u8], keyword_end: usize, reach: usize, line_end: usize) -> usize {
    let cut = keyword_end.saturating_add(reach);
    if cut >= text.len() {
        return text.len();
    }
    if line_end >= cut {
        return cut;
    }
    memrchr(b'\n', &text[keyword_end..cut]).map_or(cut, |i| keyword_end + i + 1)
}

/// Where the line holding byte `at` starts.
pub(crate) fn line_start(text: &[u8], at: usize) -> usize {
    memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1)
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Finds edgeguard's own `[REDACTED:...]` markers, so a second pass leaves them be.
/// They are looked for around each candidate match only, not over the whole text.
struct Markers<'f>(&'f memchr::memmem::Finder<'static>);

/// The longest a marker can be: its `]` is looked for this far.
const MARKER_MAX: usize = 160;

impl Markers<'_> {
    /// Whether a marker overlaps `text[start..end]`.
    fn touch(&self, text: &[u8], start: usize, end: usize) -> bool {
        let from = start.saturating_sub(MARKER_MAX);
        let to = text.len().min(end + MARKER.len() - 1);
        let window = &text[from..to];
        // Most windows hold no `[`: one byte search says so before a substring search
        // is set up (which, on windows this short, costs more than the search).
        let Some(bracket) = memchr(b'[', window) else {
            return false;
        };
        self.0.find_iter(&window[bracket..]).any(|s| {
            let s = from + bracket + s;
            // A marker never spans lines: its `]` is looked for on the same line only,
            // so a stream (which sees whole lines) finds the same markers as the
            // whole text.
            let rest = &text[s..text.len().min(s + MARKER_MAX)];
            let rest = &rest[..memchr(b'\n', rest).unwrap_or(rest.len())];
            s < end && memchr(b']', rest).is_some_and(|close| s + close + 1 > start)
        })
    }
}

/// Finds the secrets of `rule` whose matches start in `text[from..we]` and end by
/// `sight` (`sight >= we`; the bytes from `ws` give look-behind context); with `first`,
/// only the first one, returning where its match ends.
#[allow(clippy::too_many_arguments)]
fn scan_window(
    rule: &Rule,
    c: &Compiled,
    ri: usize,
    (text, markers): (&[u8], &Markers<'_>),
    (ws, from, we, sight): (usize, usize, usize, usize),
    caps: &mut Slots,
    hits: &mut Vec<Hit>,
    first: bool,
) -> Option<usize> {
    let hay = &text[ws..sight];
    let starts_end = we - ws;
    let mut at = from - ws;
    let mut retries = 0;
    // A found secret ends the search there, not where its match ended: a rule that
    // consumes a separator after the secret (`...(?:[^\w-]|$)`) would otherwise swallow
    // the separator that the next secret's match needs. A rejected candidate (a
    // placeholder, low entropy, an allowed value, a name that is no credential) ends it
    // just after the candidate's start, so a secret inside a rejected value is found now
    // rather than on a second pass; after `MAX_RETRIES` rejections in one window it ends
    // at the match's end, which keeps text made of look-alikes linear.
    while at <= starts_end {
        let Some(m) = search(c, &Input::new(hay).range(at..), caps) else {
            break;
        };
        if m.start > starts_end || (m.start == starts_end && starts_end < hay.len()) {
            break;
        }
        match judge(rule, c, (&m, caps), (text, markers, hits), ws, None) {
            None => at = m.end.max(at + 1),
            Some(Ok(secret)) => {
                hits.push(Hit::of(ws, &secret, ri));
                if first {
                    return Some(ws + m.end);
                }
                at = secret.end.clamp(at + 1, m.end.max(at + 1));
            }
            Some(Err(secret)) if retries < MAX_RETRIES => {
                retries += 1;
                at = (secret.start + 1).clamp(at + 1, m.end.max(at + 1));
            }
            Some(Err(_)) => at = m.end.max(at + 1),
        }
    }
    None
}

/// Searches `rule` anchored at `at` within the window (whose bytes before `at` give
/// look-behind context such as `\b`).
#[allow(clippy::too_many_arguments)]
fn scan_at(
    rule: &Rule,
    c: &Compiled,
    ri: usize,
    text: &[u8],
    markers: &Markers<'_>,
    (ws, we): (usize, usize),
    (at, keyword_end): (usize, usize),
    caps: &mut Slots,
    hits: &mut Vec<Hit>,
) -> Probe {
    // When the key group is the keyword hit itself, a name that fails the check fails
    // it before any search (`cache_key=...`, `PWD=...`: most hits of generic rules),
    // unless a hand-written matcher searches after the key: it fails faster than the
    // check on most hits (`key` followed by neither a separator nor a value), so the
    // check waits for a match. Either way a failed name is no match.
    let matcher_first = c
        .after_key
        .as_ref()
        .is_some_and(|rest| matches!(rest.search, AfterKeySearch::Matcher(_)));
    let named = || {
        names_a_credential(rule, text, ws, at, keyword_end) || is_bare_pwd(text, (at, keyword_end))
    };
    if c.name_at_keyword && !matcher_first && !named() {
        return Probe::NoMatch;
    }
    let hay = &text[ws..we];
    let m = match &c.after_key {
        Some(rest) if c.name_at_keyword => {
            search_after_key(rest, hay, (at - ws, keyword_end - ws), caps)
        }
        _ => match &c.whole {
            Some(whole) => whole
                .search(hay, at - ws, caps.slots_mut())
                .then(|| caps.get_group(0))
                .flatten(),
            None => search(
                c,
                &Input::new(hay).range(at - ws..).anchored(Anchored::Yes),
                caps,
            ),
        },
    };
    let Some(m) = m else {
        return Probe::NoMatch;
    };
    if c.name_at_keyword && matcher_first && !named() {
        return Probe::NoMatch;
    }
    let named = c.name_at_keyword.then_some((at, keyword_end));
    match judge(rule, c, (&m, caps), (text, markers, hits), ws, named) {
        Some(Ok(secret)) => {
            hits.push(Hit::of(ws, &secret, ri));
            Probe::Found(ws + secret.end)
        }
        _ => Probe::Rejected(ws + m.end),
    }
}

/// Capture slots for a rule's search: a start and an end per group, group 0 the match.
/// One set serves every rule in a text (a search writes every slot of its regex's
/// groups), on the stack unless a custom rule has more groups than it holds.
struct Slots {
    stack: [Option<NonMaxUsize>; STACK_SLOTS],
    heap: Vec<Option<NonMaxUsize>>,
    /// Slots of the current rule's search.
    len: usize,
}

/// Slots kept on the stack: 16 groups (the built-in rules use at most 10).
const STACK_SLOTS: usize = 32;

impl Default for Slots {
    fn default() -> Slots {
        Slots {
            stack: [None; STACK_SLOTS],
            heap: Vec::new(),
            len: 0,
        }
    }
}

impl Slots {
    /// These slots, sized for a search of `c`'s regex.
    fn for_rule(&mut self, c: &Compiled) -> &mut Slots {
        self.len = if c.secret_is_match { 2 } else { c.slot_len };
        if self.len > STACK_SLOTS && self.heap.len() < self.len {
            self.heap.resize(self.len, None);
        }
        self
    }

    fn slots(&self) -> &[Option<NonMaxUsize>] {
        if self.len <= STACK_SLOTS {
            &self.stack[..self.len]
        } else {
            &self.heap[..self.len]
        }
    }

    fn slots_mut(&mut self) -> &mut [Option<NonMaxUsize>] {
        if self.len <= STACK_SLOTS {
            &mut self.stack[..self.len]
        } else {
            &mut self.heap[..self.len]
        }
    }

    fn group_len(&self) -> usize {
        self.len / 2
    }

    /// Group `g` of the last search (which matched), when it took part.
    fn get_group(&self, g: usize) -> Option<std::ops::Range<usize>> {
        let slots = self.slots();
        match (slots.get(2 * g)?, slots.get(2 * g + 1)?) {
            (Some(start), Some(end)) => Some(start.get()..end.get()),
            _ => None,
        }
    }
}

/// One search of a rule's regex: the match, with its groups in `caps`. When the secret
/// is the whole match, only the match bounds are asked for, which the DFAs answer
/// without a capture engine.
fn search(c: &Compiled, input: &Input<'_>, caps: &mut Slots) -> Option<std::ops::Range<usize>> {
    // A rule without its regex searches through its run pattern only, never here.
    c.regex.as_ref()?.search_slots(input, caps.slots_mut())?;
    caps.get_group(0)
}

/// [`search`] anchored at a keyword hit `at..key_end` that is the rule's key group:
/// the part of the pattern after that group, from `key_end`, with the groups written
/// where a search of the whole pattern would put them.
fn search_after_key(
    rest: &AfterKey,
    hay: &[u8],
    (at, key_end): (usize, usize),
    caps: &mut Slots,
) -> Option<std::ops::Range<usize>> {
    let (mut stack, mut heap) = ([None; STACK_SLOTS], Vec::new());
    let found = match stack.get_mut(..rest.slot_len) {
        Some(found) => found,
        None => {
            heap.resize(rest.slot_len, None);
            &mut heap[..]
        }
    };
    match &rest.search {
        AfterKeySearch::Matcher(syntax) => {
            if !syntax.search(hay, key_end, found) {
                return None;
            }
        }
        AfterKeySearch::Regex { regex, backtracker } => {
            let input = Input::new(hay).range(key_end..).anchored(Anchored::Yes);
            match backtracker.as_ref().and_then(|b| b.search(&input, found)) {
                Some(true) => {}
                Some(false) => return None,
                None => {
                    regex.search_slots(&input, found)?;
                }
            }
        }
    }
    let end = found[1]?.get();
    let slots = caps.slots_mut();
    slots.fill(None);
    slots[0] = NonMaxUsize::new(at);
    slots[1] = found[1];
    slots[2 * rest.key] = NonMaxUsize::new(at);
    slots[2 * rest.key + 1] = NonMaxUsize::new(key_end);
    // `rest`'s groups are the rule's last ones (checked when it was built).
    let moved = slots.get_mut(2 * rest.shift + 2..).unwrap_or_default();
    for (to, from) in moved.iter_mut().zip(&found[2..]) {
        *to = *from;
    }
    Some(at..end)
}

/// The secret of match `m` (offsets in the window at `ws`) when the rule reports it
/// (`Ok`), the candidate it rejects (`Err`), or `None` when the match holds no secret.
/// `named` is a key span whose name was checked already (the keyword hit).
fn judge(
    rule: &Rule,
    c: &Compiled,
    (m, caps): (&std::ops::Range<usize>, &Slots),
    seen: (&[u8], &Markers<'_>, &[Hit]),
    ws: usize,
    named: Option<(usize, usize)>,
) -> Option<Result<std::ops::Range<usize>, std::ops::Range<usize>>> {
    let text = seen.0;
    let mut secret = secret_span(c, m, caps)?;
    if let Some(key) = rule.key_group.and_then(|g| caps.get_group(g)) {
        let value = &text[ws + secret.start..ws + secret.end];
        if let Some(name_len) = cookie_pair_name(&text[ws + key.start..ws + key.end], value) {
            secret.start += name_len + 1;
            if secret.start == secret.end || is_analytics_cookie(&value[..name_len]) {
                return Some(Err(secret));
            }
        }
    }
    if !accept(rule, c, (m, caps), seen, ws, &secret, named) {
        return Some(Err(secret));
    }
    if rule.value_syntax == Some(ValueSyntax::Assignment) {
        let (start, end) = (ws + secret.start, ws + secret.end);
        let key = rule
            .key_group
            .and_then(|g| caps.get_group(g))
            .map_or(start, |k| ws + k.start);
        secret.end = unquoted_value_end(text, key, start, end) - ws;
    }
    Some(Ok(secret))
}

/// The length of the cookie name that starts `value` when `value` is given to a
/// cookie (`Cookie: theme=dark`, `Set-Cookie: sid=…; Path=/`): a cookie header's value
/// is a cookie's name, `=`, then its value, and only that value can be a credential. The
/// name stays (`Cookie: sid=[REDACTED]`), and the value is judged alone, so a setting
/// (`theme=dark`, `lang=en`) is not masked.
fn cookie_pair_name(key: &[u8], value: &[u8]) -> Option<usize> {
    const COOKIE: &[u8] = b"cookie";
    let named_cookie =
        key.len() >= COOKIE.len() && key[key.len() - COOKIE.len()..].eq_ignore_ascii_case(COOKIE);
    // A cookie name is an RFC 6265 token: no separators, no `=`.
    let is_token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    let len = value.iter().take_while(|b| is_token(b)).count();
    (named_cookie && len > 0 && value.get(len) == Some(&b'=')).then_some(len)
}

/// Whether a cookie's name is that of an analytics or advertising cookie, whose value
/// identifies a browser to a tracker, not a user to the site (Google Analytics' `_ga`,
/// `_ga_<id>`, `_gid`, `__utma`…; Google Ads' `_gcl_au`; Meta's `_fbp`, `_fbc`;
/// HubSpot's `hubspotutk`, `__hstc`; Microsoft's `_uetsid`, `_uetvid`, `_clck`;
/// Segment's `ajs_anonymous_id`): a Cookie header that starts with one is no credential.
fn is_analytics_cookie(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"_ga",
        b"_gid",
        b"_gat",
        b"_gcl_au",
        b"_fbp",
        b"_fbc",
        b"__utma",
        b"__utmb",
        b"__utmc",
        b"__utmz",
        b"hubspotutk",
        b"__hstc",
        b"__hssc",
        b"__hssrc",
        b"_uetsid",
        b"_uetvid",
        b"_clck",
        b"_clsk",
        b"ajs_anonymous_id",
    ];
    NAMES.contains(&name) || name.starts_with(b"_ga_")
}

/// Where an accepted assignment value `text[start..end]`, whose name ends at or after
/// `key`, ends: a quoted value at its quote, an unquoted one after the punctuation that
/// ends its field ([`field_end`]) and a `,` or `;` the line does not separate fields
/// with ([`with_trailing_separator`]).
fn unquoted_value_end(text: &[u8], key: usize, start: usize, end: usize) -> usize {
    if start == 0 || matches!(text[start - 1], b'"' | b'\'' | b'`') {
        return end;
    }
    with_trailing_separator(text, key, field_end(text, start, end))
}

/// Where an unquoted value ending at `end`, whose name ends at or after `key`, ends
/// when a `,` or `;` follows it and the field before the name did not end with one: after
/// that byte when it ends the line (`DB_PASSWORD=…;`, YAML's `password: …,`), or when a
/// space follows it and a space separates the name from the field before (logfmt,
/// libpq: `user=app password=…, host=db`); else before it (`user=ana, password=…,
/// host=db`, `…;Pwd=…;`, or a name that starts the line with a field after it).
/// Passwords end in `,` and `;` as in any other punctuation; where the line cannot
/// tell, the byte is left.
fn with_trailing_separator(text: &[u8], key: usize, end: usize) -> usize {
    if !matches!(text.get(end), Some(b',' | b';')) {
        return end;
    }
    // What comes before the value's name on its line, and whether it separates its
    // fields with `,` or `;` (a connection string's `…;Pwd=…;`).
    let name = name_start(text, key);
    let before = &text[line_start(text, name)..name];
    let field = before.trim_ascii_end();
    let separated = matches!(field.last(), Some(b',' | b';'));
    let takes = match text.get(end + 1) {
        None | Some(b'\n' | b'\r') => !separated,
        Some(b' ' | b'\t') => !separated && !field.is_empty() && field.len() < before.len(),
        _ => false,
    };
    end + usize::from(takes)
}

/// Where the field of an unquoted value `text[start..end]` ends: the value, then the
/// brackets and `&` after it when they end the field (a space, a quote or the end of
/// the text follows them), except a closing bracket that closes one opened before on
/// the line. Passwords end in any punctuation (`Eib>mHo|NiJ2(`, `QFhHKg&HpP0Y)`), which
/// the assignment pattern leaves out, as where more of the value follows it would take
/// the next field (`&user=`); here the line shows whether a `)` ends the value or the
/// call around it (`DataSource(url=…, password=…)`). A closing bracket may also close
/// one the value opened (`Summer(2024)`).
fn field_end(text: &[u8], start: usize, end: usize) -> usize {
    let is_trailing = |b: u8| {
        matches!(
            b,
            b'&' | b'<' | b'>' | b'(' | b')' | b'[' | b']' | b'{' | b'}'
        )
    };
    let run = end + text[end..].iter().take_while(|&&b| is_trailing(b)).count();
    if run == end
        || text
            .get(run)
            .is_some_and(|&b| !b.is_ascii_whitespace() && !matches!(b, b'"' | b'\'' | b'`'))
    {
        return end;
    }
    // Per kind of bracket (`()`, `[]`, `{}`, `<>`): how many the line opened before the
    // value and left open, and how many the value opened itself (`Summer(2024)`).
    let kind = |b: u8| match b {
        b'(' | b')' => Some((0, b == b'(')),
        b'[' | b']' => Some((1, b == b'[')),
        b'{' | b'}' => Some((2, b == b'{')),
        b'<' | b'>' => Some((3, b == b'<')),
        _ => None,
    };
    let balance = |bytes: &[u8]| {
        let mut open = [0isize; 4];
        for &b in bytes {
            if let Some((k, opens)) = kind(b) {
                open[k] = if opens {
                    open[k] + 1
                } else {
                    (open[k] - 1).max(0)
                };
            }
        }
        open
    };
    let mut before = balance(&text[line_start(text, start)..start]);
    let mut own = balance(&text[start..end]);
    // A closing bracket after the value closes one the value opened, else is a
    // candidate; the last `before[k]` candidates of each kind close the line's, and the
    // value ends before the first of them (`password=abc))` in `f(…)` keeps one).
    let mut candidate = [false; 16];
    let run = run.min(end + candidate.len());
    for at in end..run {
        match kind(text[at]) {
            Some((k, true)) => own[k] += 1,
            Some((k, false)) if own[k] > 0 => own[k] -= 1,
            Some(_) => candidate[at - end] = true,
            None => {}
        }
    }
    let mut cut = run;
    for at in (end..run).rev() {
        if let (true, Some((k, _))) = (candidate[at - end], kind(text[at])) {
            if before[k] > 0 {
                before[k] -= 1;
                cut = at;
            }
        }
    }
    cut
}

/// The secret of a match: the first group from the rule's secret group on that took
/// part (rules give alternatives for quoted and bare values), when it is not empty.
fn secret_span(
    c: &Compiled,
    m: &std::ops::Range<usize>,
    caps: &Slots,
) -> Option<std::ops::Range<usize>> {
    if c.secret_is_match {
        return Some(m.clone()).filter(|r| r.start < r.end);
    }
    (c.secret_group..caps.group_len())
        .find_map(|g| caps.get_group(g))
        .filter(|r| r.start < r.end)
}

/// Whether the candidate `secret` (offsets in the window at `ws`) of `rule` is
/// reported: its match touches none of edgeguard's own markers (a marker is no secret,
/// and no context for one either: it has no spaces where the secret it replaced had
/// some, which would give a second pass new matches), its name (for rules with a
/// `key_group`) names a credential and is given a value rather than code, and it is no
/// placeholder, has the rule's entropy and matches none of its allow patterns.
fn accept(
    rule: &Rule,
    c: &Compiled,
    (m, caps): (&std::ops::Range<usize>, &Slots),
    (text, markers, found): (&[u8], &Markers<'_>, &[Hit]),
    ws: usize,
    secret: &std::ops::Range<usize>,
    named: Option<(usize, usize)>,
) -> bool {
    let at = (ws + secret.start, ws + secret.end);
    let value = &text[at.0..at.1];
    if let Some(key) = rule.key_group.and_then(|g| caps.get_group(g)) {
        let key = (ws + key.start, ws + key.end);
        if is_bare_pwd(text, key) {
            if is_path(value) {
                return false;
            }
        } else if Some(key) != named && !names_a_credential(rule, text, ws, key.0, key.1) {
            return false;
        }
        // The whole name, whose sensitive ending the key group is: the labels below read
        // as a name and its value.
        let name = (name_start(text, key.0), key.1);
        if is_code(text, found, key, at)
            || is_setting_word(&text[key.0..key.1], value)
            || is_test_result(text, name)
            || is_pass_number(&text[name.0..name.1], value)
            || is_pam_module_type(text, name, value)
        {
            return false;
        }
    }
    !is_placeholder(value)
        && !rule
            .min_entropy
            .is_some_and(|min| shannon_entropy(value) < min)
        && !markers.touch(text, ws + m.start, ws + m.end)
        && !(rule.allow(c).iter().any(|a| a.is_match(value))
            && !(rule.value_syntax == Some(ValueSyntax::Keyed) && is_random_letters(value)))
}

/// Whether a value of letters (and `-_./~+=` between them) reads as random letters
/// rather than words: a camel-case hump (`Protocol` in `DefaultEndpointsProtocol`) of
/// six letters or more with five consonants in a row (`Jrtpvyd`, `Aphcqc`), or three or
/// more humps of two letters or more without a vowel making up half of them at least
/// (`WkdRbTzqPxl`), `y` counted as a vowel. Words and identifiers almost never do (`https`
/// is short and one hump, `getMsgCtx` has two). A credential's value may be all letters
/// (legacy Atlassian API tokens are 24): the "keyed" rules' allow pattern for words
/// yields to this.
fn is_random_letters(value: &[u8]) -> bool {
    if !value
        .iter()
        .all(|&b| b.is_ascii_alphabetic() || b"-_./~+=".contains(&b))
    {
        return false;
    }
    let vowel = |b: u8| b"aeiouyAEIOUY".contains(&b);
    // Per hump: its length, the consonants in a row now, whether it had five, a vowel.
    let (mut len, mut run, mut five, mut voweled) = (0usize, 0usize, false, false);
    let (mut humps, mut vowelless) = (0usize, 0usize);
    let mut prev = b' ';
    for &b in value.iter().chain(std::iter::once(&b' ')) {
        let alpha = b.is_ascii_alphabetic();
        if !alpha || (b.is_ascii_uppercase() && prev.is_ascii_lowercase()) {
            if five && len >= 6 {
                return true;
            }
            if len >= 2 {
                humps += 1;
                vowelless += usize::from(!voweled);
            }
            (len, run, five, voweled) = (0, 0, false, false);
        }
        if alpha {
            len += 1;
            run = if vowel(b) { 0 } else { run + 1 };
            five |= run >= 5;
            voweled |= vowel(b);
        }
        prev = b;
    }
    vowelless >= 3 && 2 * vowelless >= humps
}

/// Whether the name ends a quoted string with its colon and the quote after the colon
/// closes that string rather than opening the value: `expect "password:"; send "…"`,
/// `print('Token:', t)`. The quote is open when the line holds an odd number of them
/// before the name, outside the secrets `found` so far (whose masks hold none: masking
/// again must come to the same answer).
fn closes_its_string(
    text: &[u8],
    found: &[Hit],
    key: (usize, usize),
    value: (usize, usize),
) -> bool {
    let (Some(b':'), Some(&q)) = (text.get(key.1), text.get(key.1 + 1)) else {
        return false;
    };
    if !matches!(q, b'"' | b'\'') || value.0 != key.1 + 2 {
        return false;
    }
    let line = line_start(text, key.0);
    let quotes = memchr::memchr_iter(q, &text[line..key.0]).map(|i| line + i);
    quotes
        .filter(|&i| !found.iter().any(|h| h.start <= i && i < h.end))
        .count()
        % 2
        == 1
}

/// Whether a name (its sensitive ending `text[key.0..key.1]`) and the value
/// `text[value.0..value.1]` are code rather than a credential given a value: a path
/// (`Cookie::new`, `hash_password::<Sha256>`; a GitHub Actions command's
/// `name=TOKEN::value` is none), a value that is called or indexed
/// (`password = getpass()`, `token = gen_token(user)`, `password = cfg["db"]`: source
/// lines as Python tracebacks print them), a constructor (`pass = new PassThrough()`), or
/// a variable of the same name (`self.token = token`), or the message or alternate of a
/// shell expansion (`${OPENAI_API_KEY:?missing}`; its default, `${DB_PASSWORD:-…}`, is a
/// value).
fn is_code(text: &[u8], found: &[Hit], key: (usize, usize), value: (usize, usize)) -> bool {
    let name = &text[key.0..key.1];
    let v = &text[value.0..value.1];
    let identifier = v
        .first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_')
        && v.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    (text[key.1..].starts_with(b"::") && !text[..key.0].ends_with(b"name="))
        || is_shell_expansion_word(text, key, value)
        || closes_its_string(text, found, key, value)
        || v.eq_ignore_ascii_case(name)
        || (v == b"new" && text.get(value.1) == Some(&b' '))
        || (identifier
            && match (text.get(value.1), text.get(value.1 + 1)) {
                (Some(b'('), Some(&b)) if !matches!(b, b'\r' | b'\n') => {
                    b.is_ascii_alphabetic() || b"_\"')".contains(&b)
                }
                (Some(b'['), Some(&b)) => b.is_ascii_alphanumeric() || b"_\"'".contains(&b),
                // A call going on on the next line: only a name written as code is
                // (`snake_case`, `camelCase`); `password=hunter2(` is a password.
                (Some(b'('), None | Some(b'\r' | b'\n')) => is_written_as_code(v),
                _ => false,
            })
}

/// Whether `text[value.0..]` is what follows `:?` or `:+` in a shell expansion of the
/// name that ends at `key.1` (`${NAME:?message}`, `${NAME:+alternate}`).
fn is_shell_expansion_word(text: &[u8], key: (usize, usize), value: (usize, usize)) -> bool {
    let name_start = key.0
        - text[..key.0]
            .iter()
            .rev()
            .take_while(|&&b| is_word_byte(b))
            .count();
    matches!(text.get(value.0), Some(b'?' | b'+'))
        && value.0 == key.1 + 1
        && text[key.1] == b':'
        && text[..name_start].ends_with(b"${")
}

/// Whether the name `text[key.0..key.1]` is `PWD` on its own (no identifier byte
/// before it): the password of an ODBC or ADO connection string (`Uid=app;Pwd=…;`)
/// unless its value is a path, as the shell's `PWD=/home/ana` is.
fn is_bare_pwd(text: &[u8], key: (usize, usize)) -> bool {
    text[key.0..key.1].eq_ignore_ascii_case(b"pwd")
        && (key.0 == 0 || !(text[key.0 - 1].is_ascii_alphanumeric() || text[key.0 - 1] == b'_'))
}

/// Where the name whose part starts at `at` starts: the run of name bytes (`is_name`:
/// identifier bytes, `.` and `-`) before `at`.
fn name_start(text: &[u8], at: usize) -> usize {
    at - text[..at].iter().rev().take_while(|&&b| is_name(b)).count()
}

/// Whether the whole name `text[name.0..name.1]` is a test harness's result label,
/// `PASS: <test>` or `XPASS: <test>` as automake, DejaGnu and kselftest print them: upper
/// case, then `: `. (`DB_PASS: …` and `pass: …` are names.)
fn is_test_result(text: &[u8], name: (usize, usize)) -> bool {
    matches!(&text[name.0..name.1], b"PASS" | b"XPASS") && text[name.1..].starts_with(b": ")
}

/// Whether `value` is a pass's number given to a whole name that is `pass` alone (after
/// a flag's dashes): an encoder's `-pass 1`, `--pass=2` (ffmpeg, x264, vpxenc), a test's
/// `pass=3:`. One or two digits (and a colon that ends a label) are no password
/// (`DB_PASS=12` stays a name's value).
fn is_pass_number(name: &[u8], value: &[u8]) -> bool {
    let name = &name[name.iter().take_while(|&&b| b == b'-').count()..];
    let digits = value.strip_suffix(b":").unwrap_or(value);
    name.eq_ignore_ascii_case(b"pass")
        && (1..=2).contains(&digits.len())
        && digits.iter().all(u8::is_ascii_digit)
}

/// Whether the whole name `text[name.0..name.1]` is a PAM service and `value` the
/// module type after it, as PAM modules log them: `pam_unix(passwd:chauthtok): password
/// changed for ana`, `pam_unix(sudo:session)`.
fn is_pam_module_type(text: &[u8], name: (usize, usize), value: &[u8]) -> bool {
    let type_end = value.iter().position(|&b| b == b')').unwrap_or(value.len());
    text[..name.0].ends_with(b"(")
        && matches!(
            &value[..type_end],
            b"auth" | b"account" | b"session" | b"chauthtok"
        )
        && type_end < value.len()
}

/// Whether a value is a path or a reference to one: `/home/ana`, `~`, `.`, `C:\Users`,
/// `$HOME`, `%USERPROFILE%`.
fn is_path(value: &[u8]) -> bool {
    match value {
        [] | [b'/' | b'~' | b'\\' | b'.' | b'$' | b'%', ..] => true,
        [drive, b':', ..] => drive.is_ascii_alphabetic(),
        _ => false,
    }
}

/// Whether `value`, given to a name whose sensitive ending is `name`, is a word that sets
/// or reports something rather than a credential: one lower-case word of up to 12 letters
/// after a token, key, secret or cookie (`id-token=write`, `csrf_token=missing`,
/// `session_cookie=strict`). Passwords may be words (`password=hunter`), so not after one.
fn is_setting_word(name: &[u8], value: &[u8]) -> bool {
    (1..=12).contains(&value.len())
        && value.iter().all(u8::is_ascii_lowercase)
        && !name
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"pass"))
        && !name.eq_ignore_ascii_case(b"pwd")
}

/// Whether the name whose sensitive ending (`key`, `password`) is `text[start..end]`
/// passes the rule's key-name check. The whole name is the run of identifier bytes
/// that ends there (not reaching before the window start `ws`).
fn names_a_credential(rule: &Rule, text: &[u8], ws: usize, mut start: usize, end: usize) -> bool {
    // Phrase names take up to two more words, each after one space or tab.
    let words = if rule.key_names == KeyNames::Phrase {
        3
    } else {
        1
    };
    for word in 0..words {
        if word > 0 {
            if start < ws + 2
                || !matches!(text[start - 1], b' ' | b'\t')
                || !is_name(text[start - 2])
            {
                break;
            }
            start -= 1;
        }
        while start > ws && end - start < MAX_KEY_NAME && is_name(text[start - 1]) {
            start -= 1;
        }
    }
    let name = &text[start..end];
    // Words are joined by one space or tab, which no name byte is.
    let one_word = !name.contains(&b' ') && !name.contains(&b'\t');
    // `https://x-access-token:…@host`: the user name of a URL, whose password (the
    // `url-password` rule's) ends at `@`; read as a key, its value would run on over
    // the host and path. (A name of words, `DSA PRIVATE KEY`, is no URL's.)
    let url_user = one_word && text[..start].ends_with(b"://");
    // `/etc/passwd`, `prod/db/password`: the last segment of a path names a file or an
    // entry, not the key of the value after it (a Windows switch, ` /password:`, is a
    // name). Only a name of one word: a phrase (`… TOKEN`) is judged by its words.
    let path_end =
        one_word && start > ws + 1 && text[start - 1] == b'/' && is_name(text[start - 2]);
    if url_user || path_end || in_an_arn(&text[..start]) {
        return false;
    }
    match rule.key_names {
        KeyNames::Credential => crate::keys::is_credential_name(name),
        KeyNames::Sensitive => crate::keys::sensitive_key(name),
        KeyNames::Phrase => crate::keys::is_credential_phrase(name),
        KeyNames::Flag => {
            (start == 0
                || text[start - 1].is_ascii_whitespace()
                || matches!(text[start - 1], b'"' | b'\''))
                && crate::keys::is_credential_flag(name)
        }
    }
}

/// Whether a name that ends `before` is a field of an ARN
/// (`arn:aws:secretsmanager:…:secret:prod/db`), an identifier and no `key:value`.
/// The ARN starts after a space, a control byte, a quote, `=`, `,` or a bracket (none is
/// in an ARN); after a bracket too, so that a marker put before it (`]arn:…`, where
/// `KEY=arn:…` was) keeps it an ARN and a second pass finds what the first did.
fn in_an_arn(before: &[u8]) -> bool {
    if !before.ends_with(b":") {
        return false;
    }
    let token = before
        .iter()
        .rev()
        .take(256)
        .position(|&b| {
            b.is_ascii_whitespace()
                || b.is_ascii_control()
                || matches!(
                    b,
                    b'"' | b'\'' | b'=' | b',' | b'[' | b']' | b'(' | b')' | b'<' | b'>'
                )
        })
        .unwrap_or(before.len().min(256));
    // `arn:` and a partition (`aws`, `aws-cn`, ...): a value that is `arn:` alone may be
    // masked, and the text after its marker must read the same.
    let token = &before[before.len() - token..];
    token.starts_with(b"arn:") && token.get(4).is_some_and(u8::is_ascii_alphabetic)
}

/// Sorts hits and merges overlapping ones. The merged span is named after a specific
/// (provider) rule when one took part, else after the hit that starts first.
fn merge(mut hits: Vec<Hit>, specific: impl Fn(&Hit) -> bool) -> Vec<Hit> {
    // Ties go to the rule later in the catalog (families list their broad rule first:
    // `openai-api-key` before `openai-project-key`), so a span is named the same
    // however the text was cut (whole or streamed).
    hits.sort_unstable_by(|a, b| (a.start, b.end, b.rule).cmp(&(b.start, a.end, a.rule)));
    // In place: the first `kept` hits are the merged ones so far.
    let mut kept: usize = 0;
    for i in 0..hits.len() {
        let h = hits[i];
        match kept.checked_sub(1).map(|l| &mut hits[l]) {
            Some(last) if h.start < last.end => {
                if specific(&h) && !specific(last) {
                    last.rule = h.rule;
                }
                last.end = last.end.max(h.end);
            }
            _ => {
                hits[kept] = h;
                kept += 1;
            }
        }
    }
    hits.truncate(kept);
    hits
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

    /// At every keyword hit that ends a word, in every example and negative of each
    /// built-in rule whose key group is the hit, the search of the pattern after the
    /// key finds the same match and groups as the search of the whole pattern.
    #[test]
    fn search_after_key_agrees_with_the_whole_pattern() {
        let mut checked = 0;
        for spec in crate::rule::builtin_specs() {
            let rule = Rule::from_spec(spec);
            let c = rule.compiled().expect("built-in rules compile");
            let Some(rest) = &c.after_key else { continue };
            assert!(c.name_at_keyword, "{}", rule.id);
            // The scanner never runs the whole regex of such a rule: built here.
            let hir = crate::anchor::parse(spec.regex).expect("built-in rules parse");
            let regex = crate::rule::build_meta_regex(&hir, 1 << 24, true).expect("and build");
            // Each text also with a long tail, past what the one-pass backtracker takes.
            let long: Vec<String> = spec
                .examples
                .iter()
                .map(|t| format!("{t} {}", "x ".repeat(20_000)))
                .collect();
            let texts = spec.examples.iter().chain(spec.negatives).copied();
            for text in texts.chain(long.iter().map(String::as_str)) {
                let hay = text.as_bytes();
                for kw in &rule.keywords {
                    for at in 0..hay.len() {
                        let end = at + kw.len();
                        let is_hit = hay
                            .get(at..end)
                            .is_some_and(|w| w.eq_ignore_ascii_case(kw.as_bytes()))
                            && !hay.get(end).is_some_and(|&b| is_word_byte(b));
                        if !is_hit {
                            continue;
                        }
                        let (mut whole, mut after) = (Slots::default(), Slots::default());
                        let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
                        let m1 = regex
                            .search_slots(&input, whole.for_rule(c).slots_mut())
                            .and_then(|_| whole.get_group(0));
                        let m2 = search_after_key(rest, hay, (at, end), after.for_rule(c));
                        assert_eq!(m1, m2, "{} at {at} in {text:?}", rule.id);
                        if m1.is_some() {
                            assert_eq!(
                                whole.slots(),
                                after.slots(),
                                "{} at {at} in {text:?}",
                                rule.id
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 20, "only {checked} matches compared");
    }
}
