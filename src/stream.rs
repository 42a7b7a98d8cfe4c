//! Streaming: mask text that arrives in chunks, holding back only what could still
//! be the start of a secret.

use std::borrow::Borrow;

use crate::redactor::Redactor;
use crate::scan::line_start;

/// Longest run without a line break that is held back before part of it is emitted.
pub const MAX_HOLD: usize = 64 * 1024;
/// What stays held back when an over-long line is cut: longer than any secret.
const KEEP_TAIL: usize = 16 * 1024;
/// How far past its keyword an unfinished multi-line secret is held back at most: as far
/// as a multi-line rule may reach (each rule's `reach`, at most this).
const MULTILINE_HOLD: usize = crate::rule::MULTILINE_REACH;
/// Most text held back with complete lines in it (an open PEM block followed by a line
/// that does not end): past this, it goes out as an over-long line would.
const MAX_PENDING: usize = MULTILINE_HOLD + 2 * MAX_HOLD;

/// Masks a stream of text chunks. Rules see whole lines, so the output is the same as
/// masking the whole text at once, whatever the chunk boundaries; a line longer than
/// [`MAX_HOLD`] is emitted in parts once that much of it is buffered, and a PEM
/// block is held back until 64 KiB have arrived after its BEGIN line (or the stream ends).
#[derive(Debug)]
pub struct StreamRedactor<R: Borrow<Redactor>> {
    redactor: R,
    pending: String,
    /// The start of a UTF-8 character split by the last byte chunk (`push_bytes`).
    partial: Vec<u8>,
    /// While a multi-line secret may still be arriving: how much of `pending` must be
    /// complete lines before anything is emitted (0: no hold).
    hold_until: usize,
    found: usize,
}

impl<R: Borrow<Redactor>> StreamRedactor<R> {
    /// A stream over `redactor`.
    pub fn new(redactor: R) -> Self {
        StreamRedactor {
            redactor,
            pending: String::new(),
            partial: Vec::new(),
            hold_until: 0,
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
        let lines_end = self.pending.rfind('\n').map_or(0, |i| i + 1);
        // Held back text (an open PEM block, or one over-long line) may only grow so far.
        let too_long = if lines_end == 0 {
            self.pending.len() > MAX_HOLD
        } else {
            self.pending.len() > MAX_PENDING
        };
        if lines_end < self.hold_until && !too_long {
            // A multi-line secret may still be arriving: nothing can go out yet.
            return String::new();
        }
        let mut cut = lines_end;
        let mut ready = Vec::new();
        self.hold_until = 0;
        if cut > 0 {
            // Hold back from the line of the first multi-line rule's keyword (a PEM
            // block) whose reach has not all arrived yet; an earlier block may be
            // complete while a later one is still open. Secrets found before it go out.
            let text = &self.pending.as_bytes()[..cut];
            let (hits, open) = r.hits_open(text);
            match open.keywords.iter().find(|&&(_, reach)| cut < reach) {
                Some(&(keyword, reach)) => {
                    cut = line_start(text, keyword);
                    // Never cut through a secret found so far, nor between a multi-line
                    // secret held back and the line its rule's window began on (the
                    // name line of a YAML pair whose value holds a later keyword):
                    // scanned without that line, the secret would not be found again.
                    loop {
                        let before = cut;
                        if let Some(h) = hits.iter().find(|h| h.start < cut && cut < h.end) {
                            cut = line_start(text, h.start);
                        }
                        if let Some(&(line, _)) = open
                            .found
                            .iter()
                            .find(|&&(line, start)| line < cut && cut <= start)
                        {
                            cut = line;
                        }
                        if cut == before {
                            break;
                        }
                    }
                    self.hold_until = reach - cut;
                    ready = hits.into_iter().filter(|h| h.end <= cut).collect();
                }
                None => ready = hits,
            }
        }
        if cut == 0 && too_long {
            // One over-long line (or text held past all bounds): emit all but a tail,
            // never cutting through a secret.
            self.hold_until = 0;
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
        self.found += ready.len();
        let out = r.apply(&self.pending[..cut], &ready);
        self.pending.drain(..cut);
        out
    }

    /// [`push`](Self::push) for raw bytes, such as a file or socket read: a character
    /// split across chunks is joined, invalid UTF-8 becomes U+FFFD (as a lossy decoder
    /// would make it).
    pub fn push_bytes(&mut self, chunk: &[u8]) -> String {
        let joined;
        let bytes = if self.partial.is_empty() {
            chunk
        } else {
            joined = [std::mem::take(&mut self.partial).as_slice(), chunk].concat();
            &joined
        };
        let (body, tail) = bytes.split_at(bytes.len() - incomplete_tail(bytes));
        self.partial.extend_from_slice(tail);
        let out = self.push(&String::from_utf8_lossy(body));
        out
    }

    /// Ends the stream; returns the rest, masked.
    pub fn finish(&mut self) -> String {
        self.hold_until = 0;
        if !self.partial.is_empty() {
            self.partial.clear();
            self.pending.push(char::REPLACEMENT_CHARACTER);
        }
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

/// How many bytes at the end of `b` begin a UTF-8 character that the next chunk may
/// complete (0 to 3).
fn incomplete_tail(b: &[u8]) -> usize {
    for back in 1..=b.len().min(3) {
        let lead = b[b.len() - back];
        if lead & 0xC0 == 0x80 {
            continue;
        }
        let needs = match lead {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return 0,
        };
        return if back < needs { back } else { 0 };
    }
    0
}

impl Redactor {
    /// A stream scrubber over this redactor.
    pub fn stream(&self) -> StreamRedactor<&Redactor> {
        StreamRedactor::new(self)
    }
}
