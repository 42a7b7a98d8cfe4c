//! The keyword DFA of the lane walk (see `keywords.rs`) as a compact table: 16-bit
//! state numbers, 64 byte classes per state, and one table of a fixed power-of-two
//! size, so a step is a class lookup, a shift, an or and one load whose index needs
//! no bounds check, and a match is a comparison with one number (match states are
//! numbered last). About 13 % faster per byte than stepping the `aho-corasick` DFA,
//! in about half its memory (1 MiB instead of 1.8 MiB for the built-in keywords).
//! It is the keywords' Aho-Corasick automaton, built from their trie (`trie.rs`) the
//! textbook way: breadth first, a state's row is its failure state's with its own
//! children written over it, one copy per state. Stepping `aho-corasick`'s NFA for
//! every state and class instead (each step following failure links through sorted
//! transition lists) made the first long text wait 10-30 ms in wasm. Keyword sets that
//! do not fit (more than 63 distinct bytes, or more than 8,192 states) get that
//! crate's DFA.

use crate::keywords::{KeywordHit, Step};
use crate::trie::Trie;

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
    /// The table of the unanchored search for `patterns` (lowercase, ASCII case
    /// ignored, none empty), `trie` being their trie, when it fits.
    pub(crate) fn new(trie: &Trie, patterns: &[String]) -> Option<LaneTable> {
        let (classes, representatives) = byte_classes(patterns)?;
        let class = |b: u8| usize::from(classes[usize::from(b)]);
        let width = representatives.len();
        // The root is state 0, the trie's state k is k + 1: breadth first, as the trie
        // numbers them, so a state's failure state (nearer the root) comes before it.
        let states = trie.len() + 1;
        if states > TABLE_LEN >> CLASS_BITS {
            return None;
        }
        let mut rows = vec![0u32; states * width];
        for &b in &representatives {
            if let Some(child) = trie.root_child(b) {
                rows[class(b)] = child + 1;
            }
        }
        let mut fail = vec![0u32; states];
        // The keywords each state ends, as (pattern, length): its own, then its
        // failure state's.
        let mut ends: Vec<Vec<(u32, u32)>> = vec![Vec::new(); states];
        for s in 1..states {
            let f = fail[s] as usize;
            rows.copy_within(f * width..(f + 1) * width, s * width);
            for (b, child) in trie.children(s - 1) {
                let child = child as usize + 1;
                rows[s * width + class(b)] = child as u32;
                fail[child] = rows[f * width + class(b)];
            }
            let own = trie.pattern(s - 1).map(|p| {
                let len = patterns.get(p as usize).map_or(0, String::len);
                (p, u32::try_from(len).unwrap_or(u32::MAX))
            });
            let mut state_ends: Vec<(u32, u32)> = own.into_iter().collect();
            state_ends.extend_from_slice(&ends[f]);
            ends[s] = state_ends;
        }
        // Numbered with the match states last (the root, which ends nothing, is 0).
        let first_match = ends.iter().filter(|e| e.is_empty()).count();
        let mut number = vec![0u16; states];
        let (mut plain, mut matching) = (0, first_match);
        for (n, e) in number.iter_mut().zip(&ends) {
            let counter = if e.is_empty() {
                &mut plain
            } else {
                &mut matching
            };
            *n = u16::try_from(*counter).ok()?;
            *counter += 1;
        }
        let mut next: Box<[u16; TABLE_LEN]> =
            vec![0u16; TABLE_LEN].into_boxed_slice().try_into().ok()?;
        for (from, row) in rows.chunks(width).enumerate() {
            let base = usize::from(number[from]) << CLASS_BITS;
            for (class, &to) in row.iter().enumerate() {
                next[base + class] = number[to as usize];
            }
        }
        // Match states in number order are in state order.
        let matches = ends
            .into_iter()
            .filter(|e| !e.is_empty())
            .map(Vec::into_boxed_slice)
            .collect();
        Some(LaneTable {
            next,
            classes,
            first_match: u16::try_from(first_match).ok()?,
            matches,
        })
    }
}

/// Each byte's class and each class's representative (its lower-case byte; class 0 is
/// every byte in no keyword, which moves every state as every other such byte does, to
/// where the unmatched byte leaves the search), or `None` when there are more than 64.
fn byte_classes(patterns: &[String]) -> Option<([u8; 256], Vec<u8>)> {
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
    (representatives.len() <= 1 << CLASS_BITS).then_some((classes, representatives))
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
