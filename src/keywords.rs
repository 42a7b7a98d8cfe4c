//! The keyword search: every occurrence of every rule keyword (ASCII case ignored),
//! overlapping ones included, in the order of their ends.
//!
//! A DFA walk costs a dependent table load per byte, so one walk is bound by load
//! latency, not bandwidth. The text is therefore cut at line ends into `LANES`
//! segments walked in step: their state chains are independent and the CPU overlaps
//! them (about 2x one walk here). No keyword holds a line end, so none spans a cut.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, AhoCorasick, Anchored, MatchKind};
use memchr::memchr;

/// Segments walked in step (`walk` zips exactly four).
const LANES: usize = 4;
const _: () = assert!(LANES == 4);
/// Text walked per round (cut at a line end), so the hits kept at once stay few.
const BLOCK: usize = 256 * 1024;

/// One keyword occurrence: the keyword's index and its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeywordHit {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug)]
pub(crate) enum Keywords {
    /// The usual case: a DFA, walked in lanes.
    Lanes(Box<dfa::DFA>),
    /// Keyword sets too large for a DFA (custom rules), or holding a line end.
    Iter(AhoCorasick),
}

impl Keywords {
    /// The search for `patterns` (lowercase; matched in any ASCII case).
    pub(crate) fn new(patterns: &[String]) -> Keywords {
        let lanes_ok = patterns.iter().all(|p| !p.contains('\n'));
        // No prefilter: with one, the start state is a special state, and the walk,
        // which returns to it on most bytes, would take its slow path there.
        let built = dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns);
        match built {
            Ok(dfa) if lanes_ok => Keywords::Lanes(Box::new(dfa)),
            _ => Keywords::Iter(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(patterns)
                    .expect("keywords are plain literals and always build"),
            ),
        }
    }

    /// Calls `f` with every hit in `text`, in the order of their ends.
    pub(crate) fn for_each_hit(&self, text: &[u8], mut f: impl FnMut(KeywordHit)) {
        let dfa = match self {
            Keywords::Lanes(dfa) => dfa,
            Keywords::Iter(ac) => {
                for m in ac.find_overlapping_iter(text) {
                    f(KeywordHit {
                        pattern: m.pattern().as_usize(),
                        start: m.start(),
                        end: m.end(),
                    });
                }
                return;
            }
        };
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
            walk(dfa, text, &cuts, &mut found);
            for lane in &mut found {
                for &hit in lane.iter() {
                    f(hit);
                }
                lane.clear();
            }
            at = end;
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
fn walk(
    dfa: &dfa::DFA,
    text: &[u8],
    cuts: &[usize; LANES + 1],
    found: &mut [Vec<KeywordHit>; LANES],
) {
    let Ok(start) = dfa.start_state(Anchored::No) else {
        return;
    };
    let mut sid = [start; LANES];
    let shortest = (0..LANES).map(|l| cuts[l + 1] - cuts[l]).min().unwrap_or(0);
    // The lanes' first `shortest` bytes, zipped: no bounds checks, positions in registers.
    let lane = |l: usize| &text[cuts[l]..cuts[l] + shortest];
    let bytes = lane(0).iter().zip(lane(1)).zip(lane(2)).zip(lane(3));
    for (i, (((&b0, &b1), &b2), &b3)) in bytes.enumerate() {
        for (l, b) in [b0, b1, b2, b3].into_iter().enumerate() {
            sid[l] = dfa.next_state(Anchored::No, sid[l], b);
            if dfa.is_special(sid[l]) && dfa.is_match(sid[l]) {
                report(dfa, &mut found[l], sid[l], cuts[l] + i);
            }
        }
    }
    for l in 0..LANES {
        for (i, &b) in text[cuts[l] + shortest..cuts[l + 1]].iter().enumerate() {
            sid[l] = dfa.next_state(Anchored::No, sid[l], b);
            if dfa.is_special(sid[l]) && dfa.is_match(sid[l]) {
                report(dfa, &mut found[l], sid[l], cuts[l] + shortest + i);
            }
        }
    }
}

/// Records the keywords ending at `at` (`sid` is a match state). Out of line: hits are
/// rare, and the walk keeps its lanes' states in registers.
#[cold]
#[inline(never)]
fn report(dfa: &dfa::DFA, found: &mut Vec<KeywordHit>, sid: StateID, at: usize) {
    for k in 0..dfa.match_len(sid) {
        let pattern = dfa.match_pattern(sid, k);
        found.push(KeywordHit {
            pattern: pattern.as_usize(),
            start: at + 1 - dfa.pattern_len(pattern),
            end: at + 1,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(k: &Keywords, text: &[u8]) -> Vec<KeywordHit> {
        let mut out = Vec::new();
        k.for_each_hit(text, |h| out.push(h));
        out
    }

    #[test]
    fn lanes_find_what_one_walk_finds_in_the_same_order() {
        let patterns: Vec<String> = ["key", "token", "sk-proj-", "proj", "pat", "://"]
            .iter()
            .map(|p| p.to_string())
            .collect();
        let lanes = Keywords::new(&patterns);
        assert!(matches!(lanes, Keywords::Lanes(_)));
        let iter = Keywords::Iter(
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&patterns)
                .unwrap(),
        );
        let mut text = Vec::new();
        for i in 0..40_000 {
            text.extend_from_slice(
                format!("line {i} KEY=1 Token sk-PROJ-x path=https://h/{i}\nno keywords here\n\n")
                    .as_bytes(),
            );
        }
        text.extend_from_slice(b"tail without a line end: key");
        let a = hits(&lanes, &text);
        assert_eq!(a, hits(&iter, &text));
        assert_eq!(a.len(), 40_000 * 7 + 1);
        // Short texts and texts with no line end take one lane.
        for t in [&b""[..], b"k", b"key", b"tokentoken", b"x\nkey"] {
            assert_eq!(hits(&lanes, t), hits(&iter, t), "{t:?}");
        }
    }
}
