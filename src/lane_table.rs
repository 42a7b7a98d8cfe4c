//! The keyword DFA of the lane walk (see `keywords.rs`) as a compact table: 16-bit
//! state numbers, 64 byte classes per state, and one table of a fixed power-of-two
//! size, so a step is a class lookup, a shift, an or and one load whose index needs
//! no bounds check, and a match is a comparison with one number (match states are
//! numbered last). About 13 % faster per byte than stepping the `aho-corasick` DFA,
//! in about half its memory (1 MiB instead of 1.8 MiB for the built-in keywords),
//! and built straight from the keywords' NFA (its unanchored moves follow failure
//! links), which takes less time than building that DFA. Keyword sets that do not fit
//! (more than 63 distinct bytes, or more than 8,192 states) get the DFA.

use aho_corasick::automaton::Automaton;
use aho_corasick::Anchored;

use crate::keywords::{KeywordHit, Step};

/// Byte classes per state: a power of two, so a state's row starts at `state << 6`.
const CLASS_BITS: u32 = 6;
/// Table entries: room for 8,192 states of 64 classes (the built-in keywords take
/// about 4,100 states and 52 classes; 4,096 was the room until session 13, whose rules
/// filled it). Only the rows of states in use are touched.
const TABLE_LEN: usize = 1 << 19;

/// The keywords that end in one match state: (pattern, length) each.
type Ends = Box<[(u32, u32)]>;

/// A keyword DFA as a table (see the module docs).
#[derive(Debug)]
pub(crate) struct LaneTable {
    /// `next[(state << CLASS_BITS) | class]`: the state after reading a byte of `class`.
    next: Box<[u16; TABLE_LEN]>,
    /// Each byte's class.
    classes: [u8; 256],
    /// States numbered this or higher are match states.
    first_match: u16,
    /// For each match state (from `first_match` on): the keywords that end there, as
    /// (pattern, length).
    matches: Box<[Ends]>,
}

impl LaneTable {
    /// The table of the unanchored search by `dfa` (an automaton of `patterns`,
    /// lowercase, ASCII case ignored; the keywords' NFA will do, as its unanchored
    /// moves follow failure links), when it fits.
    pub(crate) fn new(dfa: &impl Automaton, patterns: &[String]) -> Option<LaneTable> {
        // A byte in no keyword moves every state as every other such byte does (to
        // where the unmatched byte leaves the search), and a letter as its other case:
        // one class each for the bytes the keywords hold, case folded, one for the rest.
        let mut in_keyword = [false; 256];
        for b in patterns.iter().flat_map(|p| p.bytes()) {
            in_keyword[usize::from(b.to_ascii_lowercase())] = true;
        }
        let outside = (0..=255u8).find(|&b| !in_keyword[usize::from(b.to_ascii_lowercase())])?;
        let mut classes = [0u8; 256];
        let mut representatives = vec![outside];
        for b in 0..=255u8 {
            let folded = b.to_ascii_lowercase();
            if !in_keyword[usize::from(folded)] {
                continue;
            }
            let class = match representatives.iter().position(|&r| r == folded) {
                Some(c) => c,
                None => {
                    representatives.push(folded);
                    representatives.len() - 1
                }
            };
            classes[usize::from(b)] = u8::try_from(class).ok()?;
        }
        if representatives.len() > 1 << CLASS_BITS {
            return None;
        }
        // Every state the search can reach, breadth first from the start, with its
        // moves as positions in that order. A state id indexes the automaton's states
        // or transitions, so it is below its size in 4-byte ids.
        let start = dfa.start_state(Anchored::No).ok()?;
        let max_states = TABLE_LEN >> CLASS_BITS;
        let mut position = vec![u32::MAX; dfa.memory_usage() / 4 + 1];
        *position.get_mut(start.as_usize())? = 0;
        let mut order = vec![start];
        let mut moves: Vec<u32> = Vec::new();
        let mut i = 0;
        while i < order.len() {
            for &b in &representatives {
                let next = dfa.next_state(Anchored::No, order[i], b);
                let at = position.get_mut(next.as_usize())?;
                if *at == u32::MAX {
                    if order.len() == max_states {
                        return None;
                    }
                    *at = u32::try_from(order.len()).ok()?;
                    order.push(next);
                }
                moves.push(*at);
            }
            i += 1;
        }
        // Numbered with the match states last (the start, which matches nothing, is 0).
        let is_match: Vec<bool> = order.iter().map(|&s| dfa.is_match(s)).collect();
        let first_match = is_match.iter().filter(|&&m| !m).count();
        let mut number = vec![0u16; order.len()];
        let (mut plain, mut matching) = (0, first_match);
        for (n, &m) in number.iter_mut().zip(&is_match) {
            let counter = if m { &mut matching } else { &mut plain };
            *n = u16::try_from(*counter).ok()?;
            *counter += 1;
        }
        let mut next: Box<[u16; TABLE_LEN]> =
            vec![0u16; TABLE_LEN].into_boxed_slice().try_into().ok()?;
        let width = representatives.len();
        for (from, row) in moves.chunks(width).enumerate() {
            let base = usize::from(number[from]) << CLASS_BITS;
            for (class, &to) in row.iter().enumerate() {
                next[base + class] = number[to as usize];
            }
        }
        // Match states in the walk's order have increasing numbers: their keywords, in
        // number order.
        let matches = order
            .iter()
            .zip(&is_match)
            .filter(|&(_, &m)| m)
            .map(|(&s, _)| {
                (0..dfa.match_len(s))
                    .map(|k| {
                        let pattern = dfa.match_pattern(s, k);
                        let len = dfa.pattern_len(pattern);
                        Some((pattern.as_u32(), u32::try_from(len).ok()?))
                    })
                    .collect::<Option<Box<[_]>>>()
            })
            .collect::<Option<Box<[_]>>>()?;
        Some(LaneTable {
            next,
            classes,
            first_match: u16::try_from(first_match).ok()?,
            matches,
        })
    }
}

impl Step for LaneTable {
    type State = u16;

    fn start(&self) -> Option<u16> {
        Some(0)
    }

    #[inline(always)]
    fn next(&self, state: u16, byte: u8) -> u16 {
        let class = usize::from(self.classes[usize::from(byte)]);
        self.next[((usize::from(state) << CLASS_BITS) | class) & (TABLE_LEN - 1)]
    }

    /// Exactly the match states.
    #[inline(always)]
    fn may_match(&self, state: u16) -> bool {
        state >= self.first_match
    }

    #[cold]
    #[inline(never)]
    fn report(&self, found: &mut Vec<KeywordHit>, state: u16, at: usize) {
        for &(pattern, len) in self.matches[usize::from(state - self.first_match)].iter() {
            found.push(KeywordHit {
                pattern: pattern as usize,
                start: at + 1 - len as usize,
                end: at + 1,
            });
        }
    }
}
