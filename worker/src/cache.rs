//! A per-isolate cache of the latest [`Observations`]: within `HEALTH_CACHE_MS` every
//! probe reuses them, and probes arriving while a round is running wait for that round
//! instead of starting their own.
//!
//! Waiting is done with a JS promise that each waiter creates in its own request, and
//! that the leading request resolves. A shared Rust future would not do: workerd runs a
//! woken task in the context of whoever woke it, and a response built there belongs to
//! the wrong request ("Cannot perform I/O on behalf of a different request"). Wasm is
//! single-threaded, so a thread-local `RefCell` is the whole synchronisation story; no
//! borrow is held across an `.await`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use worker::js_sys::{Function, Promise};
use worker::wasm_bindgen::JsValue;
use worker::wasm_bindgen_futures::JsFuture;
use worker::Env;

use crate::observe::{gather, now_ms, with_timeout, Observations};
use crate::settings::Settings;

#[derive(Default)]
struct State {
    fresh: Option<Rc<Observations>>,
    /// The number of the latest round started, and of the round `fresh` came from.
    round: u64,
    fresh_round: u64,
    in_flight: bool,
    /// `resolve` functions of the requests waiting for the running round.
    waiters: Vec<Function>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
    static STARTED_AT: Cell<Option<f64>> = const { Cell::new(None) };
}

/// When this isolate served its first request (ms since the epoch). Captured lazily:
/// at global scope a deployed Worker's clock reads 0.
pub fn isolate_started_at(now: f64) -> f64 {
    STARTED_AT.with(|s| match s.get() {
        Some(t) => t,
        None => {
            s.set(Some(now));
            now
        }
    })
}

/// Ends the running round, also when the leading request is dropped half-way: clears
/// the in-flight flag and wakes every waiter (who then find fresh observations, or run
/// their own round).
struct Lead;

impl Drop for Lead {
    fn drop(&mut self) {
        let waiters = STATE.with(|state| {
            let mut state = state.borrow_mut();
            state.in_flight = false;
            std::mem::take(&mut state.waiters)
        });
        for resolve in waiters {
            // A waiter whose request is gone cannot be resolved; nothing to do then.
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    }
}

enum Plan {
    Fresh(Rc<Observations>),
    Wait(Promise, u64),
    Lead(u64),
}

fn fresh_at(state: &State, now: f64, ttl_ms: u64) -> Option<Rc<Observations>> {
    state
        .fresh
        .as_ref()
        .filter(|o| now >= o.observed_at && now - o.observed_at < ttl_ms as f64)
        .cloned()
}

async fn lead(env: &Env, settings: &Settings, round: u64) -> Rc<Observations> {
    let guard = Lead;
    let obs = Rc::new(gather(env, settings).await);
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        state.fresh = Some(obs.clone());
        state.fresh_round = round;
    });
    drop(guard);
    obs
}

/// The observations to evaluate now: cached ones younger than `settings.cache_ms`,
/// else the running round's, else a new round's.
pub async fn observations(env: &Env, settings: &Settings) -> Rc<Observations> {
    let now = now_ms();
    let plan = STATE.with(|state| {
        let mut state = state.borrow_mut();
        if let Some(fresh) = fresh_at(&state, now, settings.cache_ms) {
            return Plan::Fresh(fresh);
        }
        if state.in_flight {
            let mut resolve = None;
            let promise = Promise::new(&mut |res, _rej| resolve = Some(res));
            if let Some(resolve) = resolve {
                state.waiters.push(resolve);
                return Plan::Wait(promise, state.round);
            }
        }
        state.in_flight = true;
        state.round += 1;
        Plan::Lead(state.round)
    });
    match plan {
        Plan::Fresh(obs) => obs,
        Plan::Lead(round) => lead(env, settings, round).await,
        Plan::Wait(promise, round) => {
            // The round has its own timeouts; this bound only guards against a leader
            // that never finishes.
            let bound = settings.db_timeout_ms.max(settings.kv_timeout_ms) + 1000;
            let _ = with_timeout(JsFuture::from(promise), bound).await;
            let shared = STATE.with(|state| {
                let state = state.borrow();
                state.fresh.clone().filter(|_| state.fresh_round == round)
            });
            match shared {
                Some(obs) => obs,
                // The leader was dropped before it finished: run an own round.
                None => Rc::new(gather(env, settings).await),
            }
        }
    }
}
