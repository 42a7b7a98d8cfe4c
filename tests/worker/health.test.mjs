// GET/HEAD /api/health, live, ready and metrics on workerd (Miniflare) with real local
// D1 and KV: every status, both views, both renderings, and no secret anywhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, AUTH, bearer, assertNoSecrets, SECRETS } from "./support.mjs";

const FRESH_HOST = { host: "app-1", memoryUsedPercent: 41.5, memoryAvailableMb: 8192 };
const PG_URL = "postgres://admin:Hunt3r2-pg-pass@db.internal:5432/prod";

async function scenario(opts, fn) {
  const w = await start(opts);
  try {
    await fn(w);
    assertNoSecrets(assert, w, [PG_URL, "Hunt3r2-pg-pass"]);
  } finally {
    await w.mf.dispose();
  }
}

test("healthy: D1 answers, providers configured through secret bindings, fresh host", () =>
  scenario({ hosts: [FRESH_HOST] }, async (w) => {
    const res = await w.fetch("/api/health", AUTH);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.match(res.headers.get("content-type"), /^application\/json/);
    const body = res.json();
    assert.equal(body.status, "healthy", JSON.stringify(body.reasons));
    assert.equal(body.version, "9.8.7");
    assert.equal(body.platform, "edgeguard-test");
    assert.equal(body.services.database.status, "connected");
    assert.equal(body.services.database.type, "D1");
    assert.equal(typeof body.services.database.latency_ms, "number");
    assert.deepEqual(body.services.ai_providers.status, { anthropic: true, openai: true, perplexity: false });
    assert.equal(body.services.ai_providers.configured, 2);
    assert.equal(body.system.host, "app-1");
    assert.equal(body.system.memory_used_percent, 41.5);
    assert.deepEqual(body.environment, { debug: false, log_level: "INFO" });
    assert.equal(body.checks.config.status, "healthy");
    assert.equal(typeof body.uptime_seconds, "number");
    assert.deepEqual(body.reasons, []);
  }));

test("limited: providers enabled but no secret bound (the seed's example)", () =>
  scenario(
    { hosts: [FRESH_HOST], vars: { OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: undefined } },
    async (w) => {
      const res = await w.fetch("/api/health", AUTH);
      assert.equal(res.status, 200);
      const body = res.json();
      assert.equal(body.status, "limited");
      assert.equal(body.services.ai_providers.configured, 0);
      assert.deepEqual(body.services.ai_providers.status, { anthropic: false, openai: false, perplexity: false });
      assert.equal((await w.fetch("/api/health")).json().status, "limited");
    },
  ));

test("limited: no host report, and a stale one after STALE_AFTER_MS", () =>
  scenario(
    { hosts: [{ ...FRESH_HOST, ageMs: 120_000 }], vars: { STALE_AFTER_MS: "60000" } },
    async (w) => {
      const body = (await w.fetch("/api/health", AUTH)).json();
      assert.equal(body.status, "limited");
      assert.equal(body.system.stale, true);
      await w.db.exec("DELETE FROM host_metrics");
      const none = (await w.fetch("/api/health", AUTH)).json();
      assert.equal(none.status, "limited");
      assert.equal(none.system.host, null);
    },
  ));

test("degraded: a host at 92 % memory", () =>
  scenario({ hosts: [{ host: "big-1", memoryUsedPercent: 92, memoryAvailableMb: 512 }] }, async (w) => {
    const res = await w.fetch("/api/health", AUTH);
    assert.equal(res.status, 200);
    const body = res.json();
    assert.equal(body.status, "degraded");
    assert.equal(body.hosts[0].status, "degraded");
    assert.ok(body.reasons.some((r) => r.includes("92")), JSON.stringify(body.reasons));
  }));

test("degraded: malformed KV config is reported, never a 500", () =>
  scenario({ hosts: [FRESH_HOST], providers: "{ not json" }, async (w) => {
    const res = await w.fetch("/api/health", AUTH);
    assert.equal(res.status, 200);
    const body = res.json();
    assert.equal(body.status, "degraded");
    assert.equal(body.checks.config.status, "degraded");
    assert.match(body.checks.config.error, /not valid JSON/);
  }));

test("degraded: KV binding missing, or the providers key missing or mis-shaped", async () => {
  await scenario({ hosts: [FRESH_HOST], kv: false }, async (w) => {
    const body = (await w.fetch("/api/health", AUTH)).json();
    assert.equal(body.status, "degraded");
    assert.match(body.checks.config.error, /CONFIG/);
  });
  await scenario({ hosts: [FRESH_HOST], providers: null }, async (w) => {
    const body = (await w.fetch("/api/health", AUTH)).json();
    assert.equal(body.status, "degraded");
    assert.match(body.checks.config.error, /no `providers` key/);
  });
  await scenario({ hosts: [FRESH_HOST], providers: { openai: { enabled: "yes", secret: "OPENAI_API_KEY" } } }, async (w) => {
    const body = (await w.fetch("/api/health", AUTH)).json();
    assert.equal(body.status, "degraded");
    assert.match(body.checks.config.error, /must map provider names/);
  });
});

test("unhealthy 503: D1 binding missing", () =>
  scenario({ d1: false }, async (w) => {
    const res = await w.fetch("/api/health", AUTH);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get("cache-control"), "no-store");
    const body = res.json();
    assert.equal(body.status, "unhealthy");
    assert.equal(body.services.database.status, "disconnected");
    assert.match(body.services.database.error, /DB/);
    assert.deepEqual((await w.fetch("/api/health")).json(), { status: "unhealthy" });
    const ready = await w.fetch("/api/health/ready");
    assert.equal(ready.status, 503);
    assert.deepEqual(ready.json(), { status: "not_ready" });
    assert.equal((await w.fetch("/api/health/live")).status, 200);
  }));

test("unhealthy 503: host_metrics table missing, so the query errors", () =>
  scenario({ schema: false }, async (w) => {
    const res = await w.fetch("/api/health", AUTH);
    assert.equal(res.status, 503);
    const body = res.json();
    assert.equal(body.status, "unhealthy");
    assert.match(body.services.database.error, /no such table/);
  }));

test("unhealthy 503: a D1 error naming a postgres URL with a password is redacted", () =>
  scenario({ schema: false }, async (w) => {
    await w.db.exec(`CREATE TABLE "${PG_URL}" (x INTEGER);`);
    await w.db.exec(
      `CREATE VIEW host_metrics AS SELECT x AS host, x AS memory_used_percent, x AS memory_available_mb, x AS uptime_seconds, x AS reported_at FROM "${PG_URL}";`,
    );
    await w.db.exec(`DROP TABLE "${PG_URL}";`);
    const res = await w.fetch("/api/health", AUTH);
    assert.equal(res.status, 503);
    const body = res.json();
    assert.equal(body.status, "unhealthy");
    // The error did name the URL (minus its password), so redaction had work to do.
    assert.match(body.services.database.error, /no such table/);
    assert.match(body.services.database.error, /db\.internal/);
    const failed = w.logs.filter((l) => l.includes("check_failed"));
    assert.ok(failed.length > 0, "the failure was logged");
    // Logged as valid JSON naming the URL, whose password `scenario` checks is gone.
    for (const line of failed) assert.match(JSON.parse(line).error, /db\.internal/);
  }));

test("unhealthy 503: a D1 query slower than DB_TIMEOUT_MS times out", () =>
  scenario({ schema: false, vars: { DB_TIMEOUT_MS: "150" } }, async (w) => {
    // host_metrics as a view that takes far longer than 150 ms to compute.
    await w.db.exec(
      "CREATE VIEW host_metrics AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 20000000) SELECT 'slow' AS host, 1.0 AS memory_used_percent, 1.0 AS memory_available_mb, NULL AS uptime_seconds, MAX(n) AS reported_at FROM c;",
    );
    // Local D1 runs SQLite on workerd's own thread, so the timer cannot interrupt it
    // here; the Worker still reports the late answer as a timeout.
    const res = await w.fetch("/api/health", AUTH);
    assert.equal(res.status, 503);
    const body = res.json();
    assert.equal(body.services.database.status, "timeout");
    assert.equal(body.checks.database.timed_out, true);
    assert.match(body.services.database.error, /timed out after 150 ms/);
  }));

test("views: anonymous gets the status only, bearer gets everything, wrong bearer is anonymous", () =>
  scenario({ hosts: [FRESH_HOST] }, async (w) => {
    const anon = await w.fetch("/api/health");
    assert.equal(anon.status, 200);
    assert.deepEqual(anon.json(), { status: "healthy" });
    assert.equal(anon.headers.get("cache-control"), "no-store");
    assert.deepEqual((await w.fetch("/api/health", bearer("wrong"))).json(), { status: "healthy" });
    assert.deepEqual((await w.fetch("/api/health", bearer(SECRETS.HEALTH_TOKEN + "x"))).json(), { status: "healthy" });
    assert.deepEqual((await w.fetch("/api/health", bearer(SECRETS.REPORT_TOKEN))).json(), { status: "healthy" });
    const full = (await w.fetch("/api/health", AUTH)).json();
    assert.ok(full.services && full.checks && full.system);
  }));

test("views: HEALTH_DETAILS=public shows everything to anonymous callers", () =>
  scenario({ hosts: [FRESH_HOST], vars: { HEALTH_DETAILS: "public" } }, async (w) => {
    const body = (await w.fetch("/api/health")).json();
    assert.equal(body.status, "healthy");
    assert.equal(body.services.database.status, "connected");
  }));

test("views: HEALTH_TOKEN unset authorizes nobody, not even an empty bearer", () =>
  scenario({ hosts: [FRESH_HOST], vars: { HEALTH_TOKEN: undefined } }, async (w) => {
    assert.deepEqual((await w.fetch("/api/health", bearer(""))).json(), { status: "healthy" });
    assert.deepEqual((await w.fetch("/api/health", bearer("undefined"))).json(), { status: "healthy" });
  }));

test("IETF rendering by ?format=ietf or Accept, for both views", () =>
  scenario({ hosts: [{ host: "big-1", memoryUsedPercent: 95, memoryAvailableMb: 100 }] }, async (w) => {
    const q = await w.fetch("/api/health?format=ietf", AUTH);
    assert.equal(q.status, 200);
    assert.match(q.headers.get("content-type"), /^application\/health\+json/);
    assert.equal(q.headers.get("cache-control"), "no-store");
    const doc = q.json();
    assert.equal(doc.status, "warn");
    assert.ok(doc.checks, "full IETF document has checks");
    const a = await w.fetch("/api/health", { headers: { Accept: "application/health+json" } });
    assert.match(a.headers.get("content-type"), /^application\/health\+json/);
    assert.deepEqual(a.json(), { status: "warn" });
  }));

test("HEAD answers like GET without a body, for every status", async () => {
  for (const opts of [{ hosts: [FRESH_HOST] }, { d1: false }]) {
    await scenario(opts, async (w) => {
      const get = await w.fetch("/api/health", AUTH);
      const head = await w.fetch("/api/health", { method: "HEAD", ...AUTH });
      assert.equal(head.status, get.status);
      assert.equal(head.text, "");
      assert.equal(head.headers.get("content-type"), get.headers.get("content-type"));
      assert.equal(head.headers.get("cache-control"), "no-store");
      for (const path of ["/api/health/live", "/api/health/ready", "/api/health?format=ietf"]) {
        const h = await w.fetch(path, { method: "HEAD" });
        assert.equal(h.status, (await w.fetch(path)).status, path);
        assert.equal(h.text, "", path);
      }
    });
  }
});

test("live needs no I/O; ready reflects only the critical D1 check", async () => {
  await scenario({ d1: false, kv: false }, async (w) => {
    const live = await w.fetch("/api/health/live");
    assert.equal(live.status, 200);
    assert.deepEqual(live.json(), { status: "alive" });
    assert.equal(live.headers.get("cache-control"), "no-store");
  });
  // KV broken and no providers configured: not ready-relevant.
  await scenario({ providers: "][", vars: { OPENAI_API_KEY: undefined } }, async (w) => {
    const ready = await w.fetch("/api/health/ready");
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json(), { status: "ready" });
    const full = (await w.fetch("/api/health/ready", AUTH)).json();
    assert.equal(full.checks.database.ok, true);
    assert.equal(typeof full.checks.database.latency_ms, "number");
  });
  await scenario({ schema: false }, async (w) => {
    const ready = await w.fetch("/api/health/ready", AUTH);
    assert.equal(ready.status, 503);
    assert.match(ready.json().checks.database.error, /no such table/);
  });
});

test("metrics: Prometheus text for the token holder, 401 JSON otherwise", () =>
  scenario({ hosts: [{ host: "big-1", memoryUsedPercent: 92, memoryAvailableMb: 512 }] }, async (w) => {
    const res = await w.fetch("/api/metrics", AUTH);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    assert.match(res.text, /edgeguard_health_status\{status="degraded"\} 1/);
    assert.match(res.text, /edgeguard_host_memory_used_percent\{host="big-1"\} 92/);
    assert.match(res.text, /edgeguard_check_up\{check="database"[^}]*\} 1/);
    const anon = await w.fetch("/api/metrics");
    assert.equal(anon.status, 401);
    assert.match(anon.json().error, /HEALTH_TOKEN/);
  }));

test("unknown routes and wrong methods get JSON errors", () =>
  scenario({}, async (w) => {
    const nf = await w.fetch("/api/nope");
    assert.equal(nf.status, 404);
    assert.match(nf.json().error, /no route/);
    const na = await w.fetch("/api/health", { method: "POST", body: "{}" });
    assert.equal(na.status, 405);
    assert.equal(na.headers.get("allow"), "GET, HEAD");
    assert.match(na.json().error, /not allowed/);
    const nr = await w.fetch("/api/health/report");
    assert.equal(nr.status, 405);
    assert.equal(nr.headers.get("allow"), "POST");
  }));

test("logs are JSON lines and carry no secret", () =>
  scenario({ hosts: [FRESH_HOST] }, async (w) => {
    await w.fetch("/api/health", AUTH);
    await w.fetch(`/api/health?token=${SECRETS.OPENAI_API_KEY}`);
    assert.ok(w.logs.length >= 2, "request lines were logged");
    for (const line of w.logs) {
      const entry = JSON.parse(line);
      assert.ok(entry.ts && entry.level && entry.event, line);
    }
  }));
