//! The keyword search: every occurrence of every rule keyword (ASCII case ignored),
//! overlapping ones included, in the order of their starts (then of their ends).
//!
//! Two searches, by text length:
//! - Long texts: an unanchored Aho-Corasick DFA over every byte (built at the first long
//!   text from the keywords' trie, as a compact table when it fits: `lane_table.rs`;
//!   else by `aho-corasick`). That costs a dependent
//!   table load per byte, so one walk is bound by load
//!   latency, not bandwidth; the text is cut at line ends into `LANES` segments walked
//!   in step, whose state chains are independent and overlap in the CPU (about 2x one
//!   walk). No keyword holds a line end, so none spans a cut. Each segment's hits are
//!   put in start order.
//! - Short texts (a log line, an object's string): a filter looks at each position's
//!   first three bytes (ASCII case folded) and tests one bit of a small table of hashes
//!   of the keywords' first three bytes; positions are independent, so the CPU runs
//!   several at once. Only where the bit is set (a keyword starts there, or the hash
//!   says one might) is the keyword trie walked, anchored, until it dies. Per line this
//!   beats a single latency-bound walk; over long texts the lanes win.
//!
//! The anchored walks use the keywords' trie (`trie.rs`: no failure transitions to
//! compute, so it is cheap to build). Keyword sets too large for a DFA (custom rules)
//! take the filter at every length.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, nfa, Anchored, MatchKind, StartKind};
use std::sync::OnceLock;

use memchr::memchr;

use crate::lane_table::LaneTable;
use crate::trie::Trie;

/// Segments walked in step: eight state chains overlap in the CPU (four gave 4-6 % less
/// on realistic text natively and 2-6 % less in wasm; sixteen spill registers, -13 %).
const LANES: usize = 8;
/// Text walked per round of lanes (cut at a line end), so the hits kept at once stay few.
const BLOCK: usize = 256 * 1024;
/// Texts at least this long are walked in lanes; shorter ones through the filter.
const LANES_FROM: usize = 2048;
/// Bytes of each position the filter hashes (fewer when a keyword is shorter).
const FILTER_BYTES: usize = 3;
/// log2 of the filter's size in bits: 64 Kibit (8 KiB) keeps false hits near 1 % with
/// a few hundred distinct keyword starts, and stays in L1.
const FILTER_BITS: u32 = 16;
/// Keyword sets longer than this (in bytes, about the trie's states) get no DFA, and
/// long texts go through the filter too: a DFA's table grows with states times byte
/// classes (the built-in keywords take about 5,000 bytes).
const DFA_MAX_KEYWORD_BYTES: usize = 16 * 1024;

/// One keyword occurrence: the keyword's index and its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeywordHit {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug)]
pub(crate) struct Keywords {
    filter: Filter,
    /// The keywords as a trie, walked anchored where the filter passes.
    trie: Trie,
    /// The unanchored DFA for long texts, when the keywords allow one (it fits, and no
    /// keyword holds a line end): built at the first long text, so a redactor that only
    /// sees short ones (a logger's lines, an object's strings) never pays for it (it
    /// takes longer than the rest of the construction).
    lanes: Option<Lanes>,
}

/// The lane DFA, built on first use.
#[derive(Debug)]
struct Lanes {
    patterns: Vec<String>,
    dfa: OnceLock<Option<LaneDfa>>,
}

/// The automaton the lanes step: the DFA as a compact table when it fits (the DFA is
/// then dropped), else the DFA itself.
#[derive(Debug)]
enum LaneDfa {
    Table(Box<LaneTable>),
    Dfa(Box<dfa::DFA>),
}

impl Lanes {
    /// The automaton, built at its first use from `trie`, the keywords' trie.
    fn dfa(&self, trie: &Trie) -> Option<&LaneDfa> {
        self.dfa
            .get_or_init(|| {
                if let Some(table) = LaneTable::new(trie, &self.patterns) {
                    return Some(LaneDfa::Table(Box::new(table)));
                }
                let nfa = nfa::noncontiguous::Builder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    // No prefilter: with one, the DFA's start state is a special state,
                    // and the lane walk, which returns to it on most bytes, would take
                    // its slow path.
                    .prefilter(false)
                    .build(&self.patterns)
                    .ok()?;
                dfa::Builder::new()
                    .start_kind(StartKind::Unanchored)
                    .build_from_noncontiguous(&nfa)
                    .ok()
                    .map(|dfa| LaneDfa::Dfa(Box::new(dfa)))
            })
            .as_ref()
    }
}

impl Keywords {
    /// The search for `patterns` (lowercase; matched in any ASCII case; not empty).
    pub(crate) fn new(patterns: &[String]) -> Keywords {
        let shortest = patterns.iter().map(String::len).min().unwrap_or(1).max(1);
        let width = shortest.min(FILTER_BYTES);
        let mut filter = Filter::new(width);
        for p in patterns {
            filter.insert(&p.as_bytes()[..width]);
        }
        let trie = Trie::new(patterns);
        let lanes_ok = patterns.iter().all(|p| !p.contains('\n'))
            && patterns.iter().map(String::len).sum::<usize>() <= DFA_MAX_KEYWORD_BYTES;
        let lanes = lanes_ok.then(|| Lanes {
            patterns: patterns.to_vec(),
            dfa: OnceLock::new(),
        });
        Keywords {
            filter,
            trie,
            lanes,
        }
    }

    /// Calls `f` with every hit in `text`, in the order of their starts, then ends.
    pub(crate) fn for_each_hit(&self, text: &[u8], mut f: impl FnMut(KeywordHit)) {
        match self
            .lanes
            .as_ref()
            .filter(|_| text.len() >= LANES_FROM)
            .and_then(|lanes| lanes.dfa(&self.trie))
        {
            Some(LaneDfa::Table(table)) => for_each_hit_in_lanes(&**table, text, f),
            Some(LaneDfa::Dfa(dfa)) => for_each_hit_in_lanes(&**dfa, text, f),
            _ => self
                .filter
                .for_each_candidate(text, |at| walk_from(&self.trie, text, at, &mut f)),
        }
    }
}

/// A set of hashes of `width`-byte strings, ASCII case folded.
#[derive(Debug)]
struct Filter {
    width: usize,
    bits: Box<[u64]>,
}

impl Filter {
    fn new(width: usize) -> Filter {
        Filter {
            width,
            bits: vec![0; 1 << (FILTER_BITS - 6)].into_boxed_slice(),
        }
    }

    /// The filter's hash of up to four bytes packed little-endian in `word`. Setting
    /// bit 5 of every byte folds ASCII case (and merges a few punctuation pairs, which
    /// only costs a few false hits).
    #[inline(always)]
    fn hash(word: u32) -> usize {
        ((word | 0x2020_2020).wrapping_mul(0x9E37_79B1) >> (32 - FILTER_BITS)) as usize
    }

    /// Up to four bytes packed little-endian.
    fn pack(bytes: &[u8]) -> u32 {
        bytes
            .iter()
            .rev()
            .fold(0u32, |w, &b| (w << 8) | u32::from(b))
    }

    fn insert(&mut self, start: &[u8]) {
        let h = Self::hash(Self::pack(start) | self.unused_bytes());
        self.bits[h >> 6] |= 1 << (h & 63);
    }

    /// The bytes of a word past `width`, as they are set in every hashed word.
    fn unused_bytes(&self) -> u32 {
        match self.width {
            1 => 0xFFFF_FF00,
            2 => 0xFFFF_0000,
            _ => 0xFF00_0000,
        }
    }

    /// Calls `f` with every position whose first `width` bytes are in the set, in order.
    fn for_each_candidate(&self, text: &[u8], mut f: impl FnMut(usize)) {
        let Some(last) = text.len().checked_sub(self.width) else {
            return;
        };
        let fill = self.unused_bytes();
        let bits = &self.bits[..1 << (FILTER_BITS - 6)];
        let has = |word: u32| {
            let h = Self::hash(word | fill);
            bits[h >> 6] & (1 << (h & 63)) != 0
        };
        if self.width == FILTER_BYTES {
            // Three bytes at each position, read through three zipped slices (no
            // bounds checks; each position's word independent of the last).
            let n = last + 1;
            let bytes = text[..n].iter().zip(&text[1..=n]).zip(&text[2..n + 2]);
            for (at, ((&a, &b), &c)) in bytes.enumerate() {
                if has(u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16) {
                    f(at);
                }
            }
        } else {
            for at in 0..=last {
                if has(Self::pack(&text[at..at + self.width])) {
                    f(at);
                }
            }
        }
    }
}

/// Walks the trie from `at` until it dies, calling `f` with each keyword that starts
/// at `at`.
#[inline(never)]
fn walk_from(trie: &Trie, text: &[u8], at: usize, f: &mut impl FnMut(KeywordHit)) {
    trie.for_each_prefix_match(text[at..].iter().copied(), |pattern, len| {
        f(KeywordHit {
            pattern,
            start: at,
            end: at + len,
        })
    });
}

/// One step of a lane: what the lane walk asks of its automaton.
pub(crate) trait Step {
    type State: Copy;
    fn start(&self) -> Option<Self::State>;
    fn next(&self, state: Self::State, byte: u8) -> Self::State;
    /// Whether `state` may be a match state (cheap; [`Step::report`] makes sure).
    fn may_match(&self, state: Self::State) -> bool;
    /// Records the keywords that end at `at` in `state`, if any.
    fn report(&self, found: &mut Vec<KeywordHit>, state: Self::State, at: usize);
}

impl Step for dfa::DFA {
    type State = StateID;

    fn start(&self) -> Option<StateID> {
        self.start_state(Anchored::No).ok()
    }

    #[inline(always)]
    fn next(&self, state: StateID, byte: u8) -> StateID {
        self.next_state(Anchored::No, state, byte)
    }

    #[inline(always)]
    fn may_match(&self, state: StateID) -> bool {
        self.is_special(state)
    }

    /// Out of line: hits are rare, and the walk keeps its lanes' states in registers.
    #[cold]
    #[inline(never)]
    fn report(&self, found: &mut Vec<KeywordHit>, state: StateID, at: usize) {
        if !self.is_match(state) {
            return;
        }
        for k in 0..self.match_len(state) {
            let pattern = self.match_pattern(state, k);
            found.push(KeywordHit {
                pattern: pattern.as_usize(),
                start: at + 1 - self.pattern_len(pattern),
                end: at + 1,
            });
        }
    }
}

/// [`Keywords::for_each_hit`] by the unanchored DFA, walked in lanes.
fn for_each_hit_in_lanes<A: Step>(dfa: &A, text: &[u8], mut f: impl FnMut(KeywordHit)) {
    let mut found: [Vec<KeywordHit>; LANES] = Default::default();
    let mut at = 0;
    while at < text.len() {
        let end = line_end_after(text, at + BLOCK);
        let mut cuts = [end; LANES + 1];
        cuts[0] = at;
        for (lane, cut) in cuts.iter_mut().enumerate().take(LANES).skip(1) {
            *cut = line_end_after(text, at + (end - at) * lane / LANES).min(end);
        }
        for lane in 1..LANES {
            cuts[lane] = cuts[lane].max(cuts[lane - 1]);
        }
        walk_lanes(dfa, text, &cuts, &mut found);
        for lane in &mut found {
            // A lane finds hits in the order of their ends; the order of starts is the
            // filter's, so both walks drive the scanner alike. Few hits are out of
            // that order (a keyword ending where a longer one ends), and each moves
            // back a step or two.
            insertion_sort(lane);
            for &hit in lane.iter() {
                f(hit);
            }
            lane.clear();
        }
        at = end;
    }
}

/// Sorts hits by start, then end: in time linear in their count plus the number of
/// pairs out of order, which for a lane's hits is a few.
fn insertion_sort(hits: &mut [KeywordHit]) {
    for i in 1..hits.len() {
        let mut j = i;
        while j > 0 && (hits[j - 1].start, hits[j - 1].end) > (hits[j].start, hits[j].end) {
            hits.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The first line start at or after `at` (the text's end if none).
fn line_end_after(text: &[u8], at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i + 1)
}

/// Walks `text[cuts[l]..cuts[l + 1]]` for each lane `l` in step, appending each lane's
/// hits to `found[l]`.
fn walk_lanes<A: Step>(
    dfa: &A,
    text: &[u8],
    cuts: &[usize; LANES + 1],
    found: &mut [Vec<KeywordHit>; LANES],
) {
    let Some(start) = dfa.start() else {
        return;
    };
    let mut sid = [start; LANES];
    let shortest = (0..LANES).map(|l| cuts[l + 1] - cuts[l]).min().unwrap_or(0);
    let lanes: [&[u8]; LANES] = std::array::from_fn(|l| &text[cuts[l]..cuts[l] + shortest]);
    // Position `i` of every lane in one step: the lanes' first `shortest` bytes (each
    // lane slice is that long, so the indexing needs no checks in the loop).
    #[allow(clippy::needless_range_loop)]
    for i in 0..shortest {
        // One branch per step, not per lane: match states are rare.
        let mut special = false;
        for l in 0..LANES {
            sid[l] = dfa.next(sid[l], lanes[l][i]);
            special |= dfa.may_match(sid[l]);
        }
        if special {
            for l in 0..LANES {
                if dfa.may_match(sid[l]) {
                    dfa.report(&mut found[l], sid[l], cuts[l] + i);
                }
            }
        }
    }
    for l in 0..LANES {
        for (i, &b) in text[cuts[l] + shortest..cuts[l + 1]].iter().enumerate() {
            sid[l] = dfa.next(sid[l], b);
            if dfa.may_match(sid[l]) {
                dfa.report(&mut found[l], sid[l], cuts[l] + shortest + i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    fn hits(k: &Keywords, text: &[u8]) -> Vec<KeywordHit> {
        let mut out = Vec::new();
        k.for_each_hit(text, |h| out.push(h));
        out
    }

    /// Every overlapping hit, by a plain Aho-Corasick search, in start-then-end order.
    fn expected(patterns: &[String], text: &[u8]) -> Vec<KeywordHit> {
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(patterns)
            .unwrap();
        let mut out: Vec<KeywordHit> = ac
            .find_overlapping_iter(text)
            .map(|m| KeywordHit {
                pattern: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect();
        out.sort_by_key(|h| (h.start, h.end));
        out
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn finds_every_overlapping_hit_in_start_order() {
        let patterns = strings(&[
            "key",
            "token",
            "sk-proj-",
            "proj",
            "pat",
            "://",
            "key-",
            "-----begin",
        ]);
        let k = Keywords::new(&patterns);
        let lanes = k.lanes.as_ref().expect("these keywords fit a DFA");
        // Short texts go through the filter and leave the DFA unbuilt.
        assert_eq!(
            hits(&k, b"KEY=1 Token"),
            expected(&patterns, b"KEY=1 Token")
        );
        assert!(lanes.dfa.get().is_none(), "built for a short text");
        let mut text = Vec::new();
        for i in 0..5_000 {
            text.extend_from_slice(
                format!(
                    "line {i} KEY=1 Token sk-PROJ-x path=https://h/{i} key-key-\n\n-----BEGIN\n"
                )
                .as_bytes(),
            );
        }
        text.extend_from_slice(b"tail without a line end: key");
        let got = hits(&k, &text);
        assert_eq!(got, expected(&patterns, &text));
        assert!(
            matches!(lanes.dfa.get(), Some(Some(LaneDfa::Table(_)))),
            "a long text is walked in lanes, through the table"
        );
        // The long text went through the lanes; the filter finds the same.
        let mut filtered = Vec::new();
        k.filter.for_each_candidate(&text, |at| {
            walk_from(&k.trie, &text, at, &mut |h| filtered.push(h))
        });
        assert_eq!(got, filtered);
        assert_eq!(got.len(), 5_000 * 11 + 1);
        for t in [
            &b""[..],
            b"k",
            b"ke",
            b"key",
            b"tokentoken",
            b"x\nkey",
            b"KeY-",
        ] {
            assert_eq!(hits(&k, t), expected(&patterns, t), "{t:?}");
        }
    }

    #[test]
    fn short_and_non_ascii_keywords_and_every_case() {
        // A keyword shorter than the filter's width narrows it; bytes past ASCII and
        // punctuation that the case fold merges (`[` and `{`) are still told apart.
        for patterns in [
            strings(&["ab", "abc", "[x]"]),
            strings(&["q", "xyz"]),
            strings(&["é:", "{x}"]),
        ] {
            let k = Keywords::new(&patterns);
            for t in ["AB abc aBc q Q xYz é: É: [x] {x} {X} [X]", "a", "", "zzzq"] {
                assert_eq!(
                    hits(&k, t.as_bytes()),
                    expected(&patterns, t.as_bytes()),
                    "{patterns:?} in {t:?}"
                );
            }
        }
    }

    #[test]
    fn keywords_the_table_cannot_hold_are_walked_by_the_dfa() {
        // More distinct bytes than the table has classes (64): the lanes step the DFA.
        let patterns: Vec<String> = (0..80u32)
            .map(|i| format!("k{}", char::from_u32(0x100 + i).unwrap()))
            .collect();
        let mut bytes: Vec<u8> = patterns.iter().flat_map(|p| p.bytes()).collect();
        bytes.sort_unstable();
        bytes.dedup();
        assert!(bytes.len() > 64);
        let k = Keywords::new(&patterns);
        let text = patterns.join(" x ").repeat(40);
        let got = hits(&k, text.as_bytes());
        assert!(matches!(
            k.lanes.as_ref().unwrap().dfa.get(),
            Some(Some(LaneDfa::Dfa(_)))
        ));
        assert_eq!(got, expected(&patterns, text.as_bytes()));
        assert!(got.len() >= 80 * 40);
    }

    #[test]
    fn the_built_in_keywords_fit_the_table_and_find_the_same() {
        let rules: Vec<crate::rule::Rule> = crate::rule::builtin_specs()
            .iter()
            .map(crate::rule::Rule::from_spec)
            .collect();
        let mut patterns: Vec<String> = rules
            .iter()
            .flat_map(|r| r.keywords.iter().map(|k| k.to_ascii_lowercase()))
            .collect();
        patterns.sort();
        patterns.dedup();
        let k = Keywords::new(&patterns);
        // Every keyword twice, in other cases, between other bytes.
        let mut text = String::new();
        for p in &patterns {
            text.push_str(&format!("{p} a{}b\t", p.to_ascii_uppercase()));
        }
        let got = hits(&k, text.as_bytes());
        assert!(matches!(
            k.lanes.as_ref().unwrap().dfa.get(),
            Some(Some(LaneDfa::Table(_)))
        ));
        assert_eq!(got, expected(&patterns, text.as_bytes()));
    }

    // The table built from the trie is the Aho-Corasick automaton: keywords that are
    // suffixes and prefixes of each other, in any case, over a long text.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn the_table_finds_what_aho_corasick_finds(
            patterns in proptest::collection::btree_set("[abAB_-]{1,5}", 1..16),
            text in "[abAB_ -]{0,64}",
        ) {
            let patterns = crate::trie::tests::distinct_lowercase(patterns);
            let k = Keywords::new(&patterns);
            let long = format!("{text}\n").repeat(LANES_FROM / (text.len() + 1) + 1);
            let got = hits(&k, long.as_bytes());
            proptest::prop_assert!(matches!(
                k.lanes.as_ref().unwrap().dfa.get(),
                Some(Some(LaneDfa::Table(_)))
            ));
            proptest::prop_assert_eq!(got, expected(&patterns, long.as_bytes()));
        }
    }

    #[test]
    fn large_keyword_sets_skip_the_dfa_and_find_the_same() {
        let patterns: Vec<String> = (0..1_000)
            .map(|i| format!("kw{i:04}-{}", "x".repeat(20)))
            .collect();
        let k = Keywords::new(&patterns);
        assert!(k.lanes.is_none());
        let text = format!("a KW0042-{} b kw0999-{} c", "x".repeat(20), "X".repeat(20));
        let got = hits(&k, text.as_bytes());
        assert_eq!(got.len(), 2);
        assert_eq!(got, expected(&patterns, text.as_bytes()));
        // Long texts too, without lanes.
        let long = text.repeat(200);
        assert_eq!(
            hits(&k, long.as_bytes()),
            expected(&patterns, long.as_bytes())
        );
    }
}
