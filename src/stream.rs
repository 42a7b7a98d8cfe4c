//! Streaming: mask text that arrives in chunks, holding back only what could still
//! be the start of a secret.

use std::borrow::Borrow;

use crate::redactor::Redactor;

/// Longest run without a line break that is held back before part of it is emitted.
pub const MAX_HOLD: usize = 64 * 1024;
/// What stays held back when an over-long line is cut: longer than any secret.
const KEEP_TAIL: usize = 16 * 1024;
/// How far past its keyword an unfinished multi-line secret is held back: as far as a
/// multi-line rule may reach (`scan::MULTILINE_REACH`).
const MULTILINE_HOLD: usize = 64 * 1024;

/// Masks a stream of text chunks. Rules see whole lines, so the output is the same as
/// masking the whole text at once, whatever the chunk boundaries; a line longer than
/// [`MAX_HOLD`] is emitted in parts once that much of it is buffered, and a PEM
/// block is held back until 64 KiB have arrived after its BEGIN line (or the stream ends).
#[derive(Debug)]
pub struct StreamRedactor<R: Borrow<Redactor>> {
    redactor: R,
    pending: String,
    found: usize,
}

impl<R: Borrow<Redactor>> StreamRedactor<R> {
    /// A stream over `redactor`.
    pub fn new(redactor: R) -> Self {
        StreamRedactor {
            redactor,
            pending: String::new(),
            found: 0,
        }
    }

    /// Secrets masked so far.
    pub fn found(&self) -> usize {
        self.found
    }

    /// Bytes currently held back.
    pub fn held(&self) -> usize {
        self.pending.len()
    }

    /// Takes a chunk; returns the masked text that is now safe to emit (maybe empty).
    pub fn push(&mut self, chunk: &str) -> String {
        self.pending.push_str(chunk);
        let r = self.redactor.borrow();
        let mut cut = self.pending.rfind('\n').map_or(0, |i| i + 1);
        let mut ready = None;
        if cut > 0 {
            // Hold back from the first keyword of a multi-line rule (a PEM block) until
            // everything that rule could still match has arrived.
            let (hits, open) = r.hits_open(&self.pending.as_bytes()[..cut]);
            match open {
                Some((line, keyword_end)) if cut < keyword_end + MULTILINE_HOLD => cut = line,
                _ => ready = Some(hits),
            }
        }
        if cut == 0 && self.pending.len() > MAX_HOLD {
            // One over-long line: emit all but a tail, never cutting through a secret.
            let hits = r.hits(self.pending.as_bytes());
            let mut at = self.pending.len() - KEEP_TAIL;
            while !self.pending.is_char_boundary(at) {
                at -= 1;
            }
            if let Some(h) = hits.iter().find(|h| h.start < at && at < h.end) {
                at = h.start;
            }
            let done: Vec<_> = hits.into_iter().filter(|h| h.end <= at).collect();
            self.found += done.len();
            let out = r.apply(&self.pending[..at], &done);
            self.pending.drain(..at);
            return out;
        }
        if cut == 0 {
            return String::new();
        }
        let out = match ready {
            Some(hits) => {
                self.found += hits.len();
                r.apply(&self.pending[..cut], &hits)
            }
            None => self.mask(cut),
        };
        self.pending.drain(..cut);
        out
    }

    /// Ends the stream; returns the rest, masked.
    pub fn finish(&mut self) -> String {
        let out = self.mask(self.pending.len());
        self.pending.clear();
        out
    }

    /// The first `len` bytes of what is pending, masked, counting what was found.
    fn mask(&mut self, len: usize) -> String {
        let r = self.redactor.borrow();
        let text = &self.pending[..len];
        let hits = r.hits(text.as_bytes());
        self.found += hits.len();
        r.apply(text, &hits)
    }
}

impl Redactor {
    /// A stream scrubber over this redactor.
    pub fn stream(&self) -> StreamRedactor<&Redactor> {
        StreamRedactor::new(self)
    }
}
