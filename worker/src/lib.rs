//! The edgeguard Worker: serves `/api/health` from a D1 connectivity check, the AI
//! provider configuration in KV and host-reported metrics, through the core's pure
//! health model. Routes parse the request, gather observations (cached per isolate)
//! and build the response; every status decision lives in the core.
//!
//! Routes (static assets from `www/` are served by the runtime before this runs):
//! - `GET`/`HEAD /api/health`: the report; full for `Authorization: Bearer
//!   <HEALTH_TOKEN>` or with `HEALTH_DETAILS=public`, `{"status"}` otherwise.
//!   `?format=ietf` or `Accept: application/health+json` gives the IETF form.
//! - `GET`/`HEAD /api/health/live`: no I/O, always 200.
//! - `GET`/`HEAD /api/health/ready`: the critical check (D1) only; 503 when it fails.
//! - `GET`/`HEAD /api/metrics`: Prometheus text (same access rule as the full report).
//! - `POST /api/health/report`: a host's metrics (bearer `REPORT_TOKEN`).

mod cache;
mod log;
mod observe;
mod report;
mod respond;
mod settings;

use edgeguard::health::{
    evaluate, Environment, HealthInput, HealthReport, Policy, IETF_CONTENT_TYPE,
    PROMETHEUS_CONTENT_TYPE,
};
use serde_json::json;
use worker::{event, Context, Env, Method, Request, Response, Result};

use crate::observe::{now_ms, Observations};
use crate::respond::{Format, JSON};
use crate::settings::Settings;

/// Answers every request that is not a static asset.
#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let started = now_ms();
    cache::isolate_started_at(started);
    let settings = Settings::from_env(&env);
    log::set_threshold(log::Level::parse(&settings.log_level));
    let method = req.method();
    let path = req.path();
    let response = route(req, &env, &settings, &method, &path).await?;
    log::info(
        "request",
        &[
            ("method", method.to_string().into()),
            ("path", path.into()),
            ("status", response.status_code().into()),
            ("duration_ms", ((now_ms() - started).max(0.0) as u64).into()),
        ],
    );
    Ok(response)
}

async fn route(
    req: Request,
    env: &Env,
    settings: &Settings,
    method: &Method,
    path: &str,
) -> Result<Response> {
    let head = *method == Method::Head;
    let get_or_head = head || *method == Method::Get;
    match path {
        "/api/health" if get_or_head => health(&req, env, settings, head).await,
        "/api/health/live" if get_or_head => {
            respond::json(&json!({ "status": "alive" }), 200, JSON, head)
        }
        "/api/health/ready" if get_or_head => ready(&req, env, settings, head).await,
        "/api/metrics" if get_or_head => metrics(&req, env, settings, head).await,
        "/api/health/report" if *method == Method::Post => report::handle(req, env).await,
        "/api/health" | "/api/health/live" | "/api/health/ready" | "/api/metrics" => {
            not_allowed(method, path, "GET, HEAD")
        }
        "/api/health/report" => not_allowed(method, path, "POST"),
        _ => respond::error(&format!("no route for {method} {path}"), 404),
    }
}

fn not_allowed(method: &Method, path: &str, allow: &str) -> Result<Response> {
    let mut res = respond::error(
        &format!("{method} is not allowed on {path}; use {allow}"),
        405,
    )?;
    res.headers_mut().set("Allow", allow)?;
    Ok(res)
}

/// The core's input for these observations, evaluated at the current instant.
fn input(obs: &Observations, settings: &Settings) -> HealthInput {
    let now = now_ms().max(obs.observed_at);
    HealthInput {
        now,
        started_at: cache::isolate_started_at(now).min(now),
        version: settings.version.clone(),
        platform: settings.platform.clone(),
        service_id: None,
        database: obs.database.clone(),
        providers: obs.providers.clone(),
        hosts: Some(obs.hosts.clone()),
        environment: Some(Environment {
            debug: settings.debug,
            log_level: settings.log_level.clone(),
        }),
        checks: Some([("config".to_owned(), obs.config.clone())].into()),
        policy: Some(Policy {
            stale_after_ms: settings.stale_after_ms,
            ..Policy::default()
        }),
    }
}

/// Gathers (or reuses) the observations and evaluates them.
async fn report(env: &Env, settings: &Settings) -> std::result::Result<HealthReport, String> {
    let obs = cache::observations(env, settings).await;
    evaluate(&input(&obs, settings)).map_err(|e| {
        let msg = format!("health evaluation failed: {e}");
        log::warn("evaluate_failed", &[("error", msg.clone().into())]);
        msg
    })
}

fn full_view(req: &Request, env: &Env, settings: &Settings) -> bool {
    settings.details_public || respond::authorized(req, env, "HEALTH_TOKEN")
}

async fn health(req: &Request, env: &Env, settings: &Settings, head: bool) -> Result<Response> {
    let report = match report(env, settings).await {
        Ok(r) => r,
        Err(msg) => return respond::error(&msg, 500),
    };
    let full = full_view(req, env, settings);
    let status = report.http_status;
    match (respond::format(req), full) {
        (Format::Seed, true) => respond::json(&report.body, status, JSON, head),
        (Format::Seed, false) => {
            respond::json(&json!({ "status": report.status }), status, JSON, head)
        }
        (Format::Ietf, true) => respond::json(&report.ietf, status, IETF_CONTENT_TYPE, head),
        (Format::Ietf, false) => respond::json(
            &json!({ "status": report.status.ietf() }),
            status,
            IETF_CONTENT_TYPE,
            head,
        ),
    }
}

async fn ready(req: &Request, env: &Env, settings: &Settings, head: bool) -> Result<Response> {
    let obs = cache::observations(env, settings).await;
    let db = &obs.database;
    let up = db.ok && db.error.is_none() && db.timed_out != Some(true);
    let (status, code) = if up {
        ("ready", 200)
    } else {
        ("not_ready", 503)
    };
    let body = if full_view(req, env, settings) {
        json!({
            "status": status,
            "checks": { "database": {
                "ok": up,
                "latency_ms": db.latency_ms,
                "timed_out": db.timed_out.unwrap_or(false),
                "error": db.error.as_deref().map(edgeguard::sanitize_log_message),
            }},
        })
    } else {
        json!({ "status": status })
    };
    respond::json(&body, code, JSON, head)
}

async fn metrics(req: &Request, env: &Env, settings: &Settings, head: bool) -> Result<Response> {
    if !full_view(req, env, settings) {
        return respond::error(
            "metrics need Authorization: Bearer <HEALTH_TOKEN> (or HEALTH_DETAILS=public)",
            401,
        );
    }
    match report(env, settings).await {
        Ok(r) => {
            let text = format!(
                "{}# HELP edgeguard_worker_wasm_memory_bytes Linear memory of this isolate's Worker module (it only grows).\n\
                 # TYPE edgeguard_worker_wasm_memory_bytes gauge\n\
                 edgeguard_worker_wasm_memory_bytes {}\n",
                r.prometheus,
                wasm_memory_bytes()
            );
            respond::text(text, 200, PROMETHEUS_CONTENT_TYPE, head)
        }
        Err(msg) => respond::error(&msg, 500),
    }
}

/// The Worker module's wasm linear memory in bytes: a leak in the Worker's own code
/// shows here, the isolate's JS heap does not (the soak watches both).
fn wasm_memory_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) * 65536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}
