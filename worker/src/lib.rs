//! The edgeguard Worker: serves `/api/health` from a D1 connectivity check, the AI
//! provider configuration in KV and host-reported metrics, through the core's pure
//! health model. Routes parse the request, gather observations and build the
//! response; every decision lives in the core.

use serde_json::json;
use worker::{event, Context, Date, Env, Request, Response, Result, Router};

/// Answers every request that is not a static asset.
#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Router::new()
        .get_async(
            "/api/health",
            |_req, ctx| async move { health(&ctx.env).await },
        )
        .run(req, env)
        .await
}

async fn health(env: &Env) -> Result<Response> {
    let now = Date::now().as_millis() as f64;
    let started = Date::now().as_millis() as f64;
    let database = match env.d1("DB") {
        Ok(db) => {
            let t0 = Date::now().as_millis();
            match db
                .prepare("SELECT COUNT(*) AS hosts FROM host_metrics")
                .first::<serde_json::Value>(None)
                .await
            {
                Ok(_) => {
                    json!({"ok": true, "type": "D1", "latencyMs": (Date::now().as_millis() - t0) as f64})
                }
                Err(e) => json!({"ok": false, "type": "D1", "error": e.to_string()}),
            }
        }
        Err(e) => json!({"ok": false, "type": "D1", "error": e.to_string()}),
    };
    let providers = match env.kv("CONFIG") {
        Ok(kv) => kv
            .get("providers")
            .json::<serde_json::Value>()
            .await
            .ok()
            .flatten(),
        Err(_) => None,
    }
    .unwrap_or_else(|| json!({}));
    let input = json!({
        "now": now, "startedAt": started, "version": env!("CARGO_PKG_VERSION"),
        "platform": "edgeguard", "database": database, "providers": providers,
    });
    let input: edgeguard::health::HealthInput = match serde_json::from_value(input) {
        Ok(i) => i,
        Err(e) => return Response::error(format!("bad observations: {e}"), 500),
    };
    match edgeguard::health::evaluate(&input) {
        Ok(report) => Ok(Response::from_json(&report.body)?.with_status(report.http_status)),
        Err(e) => Response::error(e.to_string(), 500),
    }
}
