//! Answers about short byte strings, remembered in a small table: structured logs
//! repeat the same key names and many of the same values (hosts, methods, routes,
//! user agents) in every record, and a look-up here costs a few dozen instructions
//! where working an answer out again costs hundreds.
//!
//! A string of up to `8 * W - 1` bytes is packed into `W` words (zero-padded, its
//! length in the last byte) and looked up in one pair of slots chosen by a
//! multiplicative hash of the words; an answer evicts the other way of its pair when
//! that one is taken, so two strings sharing a pair do not evict each other in turn.

/// A byte string of 1 to `8 * W - 1` bytes as compared and hashed in a [`Memo`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Packed<const W: usize>([u64; W]);

impl<const W: usize> Packed<W> {
    /// No string: what empty slots hold (a packed string has a non-zero length byte).
    const NONE: Packed<W> = Packed([0; W]);

    /// `bytes` packed, or `None` when empty or too long.
    #[inline]
    pub(crate) fn new(bytes: &[u8]) -> Option<Packed<W>> {
        if bytes.is_empty() || bytes.len() >= 8 * W {
            return None;
        }
        // Whole words read straight from the bytes, the last one byte by byte: a copy
        // into a padded buffer was a call to `memcpy` per string.
        let mut words = [0u64; W];
        let mut chunks = bytes.chunks_exact(8);
        for (word, chunk) in words.iter_mut().zip(&mut chunks) {
            *word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        }
        let tail = chunks.remainder();
        let last = tail
            .iter()
            .rev()
            .fold(0u64, |w, &b| (w << 8) | u64::from(b));
        words[bytes.len() / 8] = last;
        words[W - 1] |= (bytes.len() as u64) << 56;
        Some(Packed(words))
    }

    /// The first slot of the pair that may hold this string, in a table of
    /// `1 << slots_log2` slots.
    #[inline]
    fn pair(&self, slots_log2: u32) -> usize {
        let mixed = self
            .0
            .iter()
            .enumerate()
            .fold(0u64, |h, (i, &w)| h ^ w.rotate_left(16 * i as u32));
        let h = mixed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        ((h >> (64 - slots_log2)) as usize) & !1
    }
}

/// `N` remembered answers `V` about strings of up to `8 * W - 1` bytes (`N` a power
/// of two).
pub(crate) struct Memo<const W: usize, const N: usize, V: Copy> {
    slots: [(Packed<W>, V); N],
}

impl<const W: usize, const N: usize, V: Copy> Memo<W, N, V> {
    /// An empty table whose slots hold `empty` (never returned: no string matches an
    /// empty slot).
    pub(crate) const fn new(empty: V) -> Self {
        Memo {
            slots: [(Packed::NONE, empty); N],
        }
    }

    /// The answer remembered for `key`.
    #[inline]
    pub(crate) fn get(&self, key: &Packed<W>) -> Option<V> {
        let at = key.pair(N.trailing_zeros());
        self.slots[at..at + 2]
            .iter()
            .find(|(k, _)| k == key)
            .map(|&(_, v)| v)
    }

    /// Remembers `value` for `key`, in the way of its pair that is free, else the first.
    pub(crate) fn insert(&mut self, key: Packed<W>, value: V) {
        let at = key.pair(N.trailing_zeros());
        let pair = &mut self.slots[at..at + 2];
        let way = usize::from(pair[0].0 != Packed::NONE && pair[1].0 == Packed::NONE);
        pair[way] = (key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_only_strings_that_fit_and_tells_lengths_apart() {
        assert!(Packed::<2>::new(b"").is_none());
        assert!(Packed::<2>::new(&[b'a'; 16]).is_none());
        let a = Packed::<2>::new(&[b'a'; 15]).expect("fits");
        assert_ne!(Some(a), Packed::<2>::new(&[b'a'; 14]));
        // Zero bytes are padding only together with the length byte.
        assert_ne!(Packed::<2>::new(b"a\0"), Packed::<2>::new(b"a"));
    }

    #[test]
    fn remembers_answers_and_keeps_both_ways_of_a_pair() {
        let mut memo: Memo<2, 4, u32> = Memo::new(0);
        let keys: Vec<Packed<2>> = (0u8..40)
            .map(|i| Packed::new(&[b'k', i]).unwrap())
            .collect();
        assert_eq!(memo.get(&keys[0]), None);
        memo.insert(keys[0], 7);
        assert_eq!(memo.get(&keys[0]), Some(7));
        // Two keys that share a pair are both kept.
        let pair = |k: &Packed<2>| k.pair(2);
        let other = keys[1..]
            .iter()
            .find(|k| pair(k) == pair(&keys[0]))
            .expect("40 keys over 2 pairs share one");
        memo.insert(*other, 9);
        assert_eq!((memo.get(&keys[0]), memo.get(other)), (Some(7), Some(9)));
        // A key never inserted is not found, whatever its pair holds.
        assert!(keys[1..]
            .iter()
            .filter(|k| *k != other)
            .all(|k| memo.get(k).is_none()));
    }
}
