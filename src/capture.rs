//! Capture groups of an anchored search, straight from the bounded backtracker.
//!
//! The meta regex answers a search with captures in two passes: a lazy DFA finds where
//! the match ends, then a capture engine runs over the match again for its groups.
//! Where a match is likely (a generic rule's pattern after a key whose name passed the
//! credential check), the backtracker can run at once over the rest of the window and
//! stop at the match: one pass. Its bookkeeping (a bit per NFA state per byte of the
//! span, cleared per search) grows with the span, so it runs only while that stays
//! small; longer spans take the meta regex.

use std::panic::{RefUnwindSafe, UnwindSafe};

use regex_automata::nfa::thompson::{self, backtrack};
use regex_automata::util::pool::Pool;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::Input;
use regex_syntax::hir::Hir;

/// Most bits of bookkeeping a search may clear (states times span).
const MAX_VISITED_BITS: usize = 64 * 1024;

type NewCache = Box<dyn Fn() -> backtrack::Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A pattern's backtracker, with a cache per thread that uses it.
pub(crate) struct Backtracker {
    engine: backtrack::BoundedBacktracker,
    caches: Pool<backtrack::Cache, NewCache>,
    /// Longest span a search takes here.
    max_span: usize,
}

impl std::fmt::Debug for Backtracker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Backtracker")
            .field("max_span", &self.max_span)
            .finish_non_exhaustive()
    }
}

impl Backtracker {
    /// The backtracker of `hir`, compiled as the meta regex compiles it (bytes, no
    /// UTF-8 rules for empty matches); `None` when it does not fit `size_limit`.
    pub(crate) fn new(hir: &Hir, size_limit: usize) -> Option<Backtracker> {
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .utf8(false)
                    .nfa_size_limit(Some(size_limit)),
            )
            .build_from_hir(hir)
            .ok()?;
        let max_span = (MAX_VISITED_BITS / nfa.states().len().max(1)).saturating_sub(1);
        let engine = backtrack::BoundedBacktracker::new_from_nfa(nfa).ok()?;
        let for_caches = engine.clone();
        Some(Backtracker {
            engine,
            caches: Pool::new(Box::new(move || for_caches.create_cache())),
            max_span,
        })
    }

    /// An anchored search of `input` filling `slots`: `Some(found)` when the span is
    /// short enough to search here, `None` when the caller should search otherwise.
    pub(crate) fn search(
        &self,
        input: &Input<'_>,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<bool> {
        if input.get_span().len() > self.max_span {
            return None;
        }
        let mut cache = self.caches.get();
        match self.engine.try_search_slots(&mut cache, input, slots) {
            Ok(found) => Some(found.is_some()),
            Err(_) => None,
        }
    }
}
