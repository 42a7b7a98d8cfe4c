//! [`Trie`]: byte strings, walked anchored from a position of a text, ASCII case
//! ignored.
//!
//! The anchored walks of the keyword search (`keywords.rs`) and of the key-name
//! endings (`keys.rs`) need no failure transitions, which an Aho-Corasick automaton
//! computes whatever it is used for: for the built-in keywords, building one took
//! two thirds of the time of `Redactor::new`, and this trie is built in a small
//! fraction of that. The unanchored automaton of long texts (`lane_table.rs`) is built
//! from this trie at the first long text: its states, numbered breadth first, are the
//! automaton's.

/// No state: a walk that takes it has ended.
const NONE: u32 = u32::MAX;

/// Patterns as a trie: the root's transitions in a table by byte, every other state's
/// children in one run of `labels` and `targets`, sorted by label.
#[derive(Debug)]
pub(crate) struct Trie {
    root: Box<[u32; 256]>,
    states: Vec<State>,
    labels: Vec<u8>,
    targets: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct State {
    /// Where the children's labels and targets start.
    first: u32,
    /// How many children there are.
    children: u32,
    /// The pattern that ends here, or [`NONE`].
    pattern: u32,
}

impl Trie {
    /// The trie of `patterns` (ASCII case ignored); pattern ids are their indices. An
    /// empty pattern is never reported, and of patterns that are equal (case ignored),
    /// only the first.
    pub(crate) fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Trie {
        let lower: Vec<std::borrow::Cow<'_, [u8]>> = patterns
            .iter()
            .map(|p| {
                let p = p.as_ref();
                if p.iter().any(u8::is_ascii_uppercase) {
                    p.to_ascii_lowercase().into()
                } else {
                    p.into()
                }
            })
            .collect();
        let lower: Vec<&[u8]> = lower.iter().map(|p| &**p).collect();
        Trie::of_lowercase(&lower)
    }

    /// [`Trie::new`] of patterns in lower case.
    fn of_lowercase(patterns: &[&[u8]]) -> Trie {
        // Sorted, the patterns under a state are one run, and its children split that
        // run where the byte at its depth changes: the trie is laid out breadth first
        // from the runs, in a few allocations. Of patterns repeated, the first sorts
        // first and is the one reported.
        let mut sorted: Vec<usize> = (0..patterns.len())
            .filter(|&id| !patterns[id].is_empty())
            .collect();
        sorted.sort_unstable_by(|&x, &y| patterns[x].cmp(patterns[y]).then(x.cmp(&y)));
        // At most a state per pattern byte.
        let bytes: usize = patterns.iter().map(|p| p.len()).sum();
        let byte_at = |i: usize, depth: usize| patterns[sorted[i]][depth];
        let len_at = |i: usize| patterns[sorted[i]].len();
        let mut root = Box::new([NONE; 256]);
        let mut states = Vec::with_capacity(bytes);
        let (mut labels, mut targets) = (Vec::with_capacity(bytes), Vec::with_capacity(bytes));
        // The runs of the states, in their order: state `k` is `runs[k + 1]` (the
        // first run is the root's).
        let mut runs: Vec<(usize, usize, usize)> = Vec::with_capacity(bytes + 1);
        runs.push((0, sorted.len(), 0));
        let mut next = 0;
        while let Some(&(lo, hi, depth)) = runs.get(next) {
            // A pattern that ends here sorts first in its run (then its repeats).
            let mut i = lo;
            while i < hi && len_at(i) == depth {
                i += 1;
            }
            if next > 0 {
                states.push(State {
                    first: labels.len() as u32,
                    children: 0,
                    pattern: if i > lo { sorted[lo] as u32 } else { NONE },
                });
            }
            while i < hi {
                let b = byte_at(i, depth);
                let mut end = i + 1;
                while end < hi && byte_at(end, depth) == b {
                    end += 1;
                }
                let child = (runs.len() - 1) as u32;
                runs.push((i, end, depth + 1));
                if next == 0 {
                    root[usize::from(b)] = child;
                    root[usize::from(b.to_ascii_uppercase())] = child;
                } else {
                    labels.push(b);
                    targets.push(child);
                    states.last_mut().expect("pushed above").children += 1;
                }
                i = end;
            }
            next += 1;
        }
        Trie {
            root,
            states,
            labels,
            targets,
        }
    }

    /// How many states there are besides the root. They are numbered breadth first, so
    /// a state comes after every state nearer the root.
    pub(crate) fn len(&self) -> usize {
        self.states.len()
    }

    /// The root's child by `byte` (either case of a letter).
    pub(crate) fn root_child(&self, byte: u8) -> Option<u32> {
        Some(self.root[usize::from(byte)]).filter(|&s| s != NONE)
    }

    /// The children of `state` (below [`Trie::len`]): lower-case label and state each.
    pub(crate) fn children(&self, state: usize) -> impl Iterator<Item = (u8, u32)> + '_ {
        let s = self.states[state];
        let (from, to) = (s.first as usize, (s.first + s.children) as usize);
        self.labels[from..to]
            .iter()
            .copied()
            .zip(self.targets[from..to].iter().copied())
    }

    /// The pattern that ends at `state`, if any.
    pub(crate) fn pattern(&self, state: usize) -> Option<u32> {
        Some(self.states[state].pattern).filter(|&p| p != NONE)
    }

    /// Walks the trie over `bytes` (ASCII case ignored) until it dies, calling `f` with
    /// each pattern that spans exactly the first `len` bytes read, and `len`.
    #[inline]
    pub(crate) fn for_each_prefix_match(
        &self,
        bytes: impl IntoIterator<Item = u8>,
        mut f: impl FnMut(usize, usize),
    ) {
        let mut bytes = bytes.into_iter();
        let Some(first) = bytes.next() else {
            return;
        };
        let mut s = self.root[usize::from(first)];
        let mut len = 1;
        while let Some(state) = self.states.get(s as usize) {
            if state.pattern != NONE {
                f(state.pattern as usize, len);
            }
            let Some(b) = bytes.next() else {
                return;
            };
            let b = b.to_ascii_lowercase();
            let (from, to) = (
                state.first as usize,
                (state.first + state.children) as usize,
            );
            s = match self.labels[from..to].iter().position(|&l| l == b) {
                Some(i) => self.targets[from + i],
                None => return,
            };
            len += 1;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn prefix_matches(t: &Trie, text: &[u8]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        t.for_each_prefix_match(text.iter().copied(), |p, len| found.push((p, len)));
        found
    }

    #[test]
    fn reports_every_pattern_that_starts_the_text() {
        let t = Trie::new(&["ab", "abc", "b", "abcde", "x\u{e9}"]);
        assert_eq!(prefix_matches(&t, b"abcdef"), [(0, 2), (1, 3), (3, 5)]);
        assert_eq!(prefix_matches(&t, b"ABCd"), [(0, 2), (1, 3)]);
        assert_eq!(prefix_matches(&t, b"bab"), [(2, 1)]);
        assert_eq!(prefix_matches(&t, b"a"), []);
        assert_eq!(prefix_matches(&t, b""), []);
        assert_eq!(prefix_matches(&t, "X\u{e9}!".as_bytes()), [(4, 3)]);
        assert_eq!(prefix_matches(&t, "x\u{c9}".as_bytes()), []);
    }

    #[test]
    fn a_repeated_pattern_is_reported_once_under_its_first_id() {
        let t = Trie::new(&["ab", "a", "AB", "ab", "abc"]);
        assert_eq!(prefix_matches(&t, b"abcd"), [(1, 1), (0, 2), (4, 3)]);
    }

    #[test]
    fn an_empty_pattern_or_none_finds_nothing() {
        assert_eq!(prefix_matches(&Trie::new(&[""]), b"abc"), []);
        assert_eq!(prefix_matches(&Trie::new::<&str>(&[]), b"abc"), []);
    }

    /// `patterns` in lower case, each once, sorted: a keyword set as a redactor makes it.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn distinct_lowercase(patterns: impl IntoIterator<Item = String>) -> Vec<String> {
        let lower: std::collections::BTreeSet<String> = patterns
            .into_iter()
            .map(|p| p.to_ascii_lowercase())
            .collect();
        lower.into_iter().collect()
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn agrees_with_reading_each_pattern(
            patterns in proptest::collection::btree_set("[abAB_\u{e9}-]{0,5}", 0..12),
            text in "[abAB_\u{e9}-]{0,8}",
        ) {
            let patterns = distinct_lowercase(patterns);
            let t = Trie::new(&patterns);
            let text = text.as_bytes();
            let mut expected: Vec<(usize, usize)> = patterns
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.is_empty() && text.len() >= p.len() && text[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
                .map(|(i, p)| (i, p.len()))
                .collect();
            expected.sort_by_key(|&(_, len)| len);
            proptest::prop_assert_eq!(prefix_matches(&t, text), expected);
        }
    }
}
