//! A per-isolate cache of the latest [`Observations`]: within `HEALTH_CACHE_MS` every
//! probe reuses them, and probes arriving while a round is running share that round
//! (one in-flight future) instead of starting their own. Wasm is single-threaded, so a
//! thread-local `RefCell` is the whole synchronisation story; no borrow is held across
//! an `.await`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use worker::Env;

use crate::observe::{gather, now_ms, Observations};
use crate::settings::Settings;

type Round = Shared<LocalBoxFuture<'static, Rc<Observations>>>;

#[derive(Default)]
struct State {
    fresh: Option<Rc<Observations>>,
    in_flight: Option<Round>,
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

/// The observations to evaluate now: cached ones younger than `settings.cache_ms`,
/// else the running round's, else a new round's.
pub async fn observations(env: &Env, settings: &Settings) -> Rc<Observations> {
    let now = now_ms();
    let round = STATE.with(|state| {
        let mut state = state.borrow_mut();
        if let Some(fresh) = &state.fresh {
            if now - fresh.observed_at < settings.cache_ms as f64 && now >= fresh.observed_at {
                return Err(fresh.clone());
            }
        }
        if let Some(round) = &state.in_flight {
            return Ok(round.clone());
        }
        let env = env.clone();
        let settings = settings.clone();
        let round: Round = async move {
            let obs = Rc::new(gather(&env, &settings).await);
            STATE.with(|state| {
                let mut state = state.borrow_mut();
                state.fresh = Some(obs.clone());
                state.in_flight = None;
            });
            obs
        }
        .boxed_local()
        .shared();
        state.in_flight = Some(round.clone());
        Ok(round)
    });
    match round {
        Err(fresh) => fresh,
        Ok(round) => round.await,
    }
}
