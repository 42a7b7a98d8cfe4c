// Fault injection on workerd (Miniflare): what health.test.mjs, report.test.mjs and
// cache.test.mjs do not already cover. Broken or hostile D1 rows, D1 and KV slower than
// their timeouts, oversized and huge KV values, a flood of host reports, hostile
// Authorization headers, bodies that are large, deep, binary or lie about their size,
// and bad vars. Every request has its own deadline; none may answer 500 or hang.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, AUTH, SECRETS, insertHost, assertNoSecrets } from "./support.mjs";

const DEADLINE_MS = 15_000;
const REPORT_AUTH = { Authorization: `Bearer ${SECRETS.REPORT_TOKEN}`, "Content-Type": "application/json" };
const FRESH = { host: "app-1", memoryUsedPercent: 41.5, memoryAvailableMb: 8192 };
const KEY = "sk-proj-" + "Zq3vT9wLmN4pR7sK2xY8bC1dF6gH0jA5eUq8Rz2Xw4Vb6Nm0Lk";

/** w.fetch with a deadline: a hang fails the test instead of stalling the run. */
async function call(w, path, init = {}) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${init.method ?? "GET"} ${path}: no answer within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  try {
    const res = await Promise.race([w.fetch(path, init), deadline]);
    assert.notEqual(res.status, 500, `${path}: 500 ${res.text}`);
    return res;
  } finally {
    clearTimeout(timer);
  }
}

async function scenario(opts, fn) {
  const w = await start(opts);
  try {
    await fn(w);
    assertNoSecrets(assert, w, [KEY]);
  } finally {
    await w.mf.dispose();
  }
}

const ROUTES = ["/api/health", "/api/health?format=ietf", "/api/health/ready", "/api/metrics", "/api/health/live"];

/** Every GET and HEAD route answers without a 500; returns the statuses by route. */
async function everyRoute(w) {
  const out = {};
  for (const path of ROUTES) {
    const get = await call(w, path, AUTH);
    const head = await call(w, path, { ...AUTH, method: "HEAD" });
    assert.equal(head.status, get.status, `HEAD ${path}`);
    out[path] = get.status;
  }
  return out;
}

test("D1 missing: every route answers (503 where D1 matters), reports 503", () =>
  scenario({ d1: false }, async (w) => {
    assert.deepEqual(await everyRoute(w), {
      "/api/health": 503,
      "/api/health?format=ietf": 503,
      "/api/health/ready": 503,
      "/api/metrics": 200,
      "/api/health/live": 200,
    });
    const metrics = await call(w, "/api/metrics", AUTH);
    assert.match(metrics.text, /edgeguard_health_status\{status="unhealthy"\} 1/);
    const res = await call(w, "/api/health/report", { method: "POST", headers: REPORT_AUTH, body: JSON.stringify(FRESH) });
    assert.equal(res.status, 503);
  }));

// Fixed (docs/RELIABILITY.md, bug 3): when the D1 write failed, the request hung and
// workerd answered 500; it is now a 503 with a message.
test("D1 throws on write: a report is 503 with a message", async () => {
  await scenario({ schema: false }, async (w) => {
    await w.db.exec(
      "CREATE VIEW host_metrics AS SELECT 'v' AS host, 1.0 AS memory_used_percent, 1.0 AS memory_available_mb, NULL AS uptime_seconds, 0 AS reported_at;",
    );
    const res = await call(w, "/api/health/report", { method: "POST", headers: REPORT_AUTH, body: JSON.stringify(FRESH) });
    assert.equal(res.status, 503);
    assert.match(res.json().error, /could not store the report/);
  });
  await scenario({}, async (w) => {
    await w.db.exec("CREATE TRIGGER full BEFORE INSERT ON host_metrics BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    const res = await call(w, "/api/health/report", { method: "POST", headers: REPORT_AUTH, body: JSON.stringify(FRESH) });
    assert.equal(res.status, 503);
    assert.match(res.json().error, /disk full/);
  });
});

test("D1 rows of the wrong type or out of range: never a 500, never a crash", () =>
  scenario({ schema: false }, async (w) => {
    // A table without the NOT NULL / REAL constraints, holding hostile rows.
    await w.db.exec(
      "CREATE TABLE host_metrics (host TEXT, memory_used_percent, memory_available_mb, uptime_seconds, reported_at);",
    );
    const rows = [
      `('pct-high', 250, 1, NULL, ${Date.now()})`,
      `('pct-neg', -3, 1, NULL, ${Date.now()})`,
      `('future', 10, 1, NULL, 253402300799999)`,
      `('ancient', 10, 1, NULL, 0)`,
      `('${KEY}', 10, 1, NULL, ${Date.now()})`,
    ];
    await w.db.exec(`INSERT INTO host_metrics VALUES ${rows.join(", ")};`);
    let statuses = await everyRoute(w);
    assert.ok([200, 503].includes(statuses["/api/health"]), JSON.stringify(statuses));
    const body = (await call(w, "/api/health", AUTH)).json();
    const hosts = (body.hosts ?? []).map((h) => h.host);
    assert.ok(!hosts.includes("pct-high") && !hosts.includes("pct-neg"), `out-of-range rows ignored: ${hosts}`);
    // Text where a number belongs: the rows cannot be read; D1 is reported broken (503).
    await w.db.exec(`INSERT INTO host_metrics VALUES ('text', 'lots', 'none', 'x', 'yesterday');`);
    statuses = await everyRoute(w);
    assert.equal(statuses["/api/health"], 503);
    const broken = (await call(w, "/api/health", AUTH)).json();
    assert.equal(broken.status, "unhealthy");
    assert.match(broken.services.database.error, /host_metrics|invalid type|expected/);
    // NULL where a number belongs: the same, and recovery once the row is gone.
    await w.db.exec("DELETE FROM host_metrics WHERE host = 'text';");
    await w.db.exec(`INSERT INTO host_metrics VALUES ('null', NULL, NULL, NULL, NULL);`);
    assert.equal((await call(w, "/api/health", AUTH)).status, 503);
    await w.db.exec("DELETE FROM host_metrics;");
    await insertHost(w.db, FRESH);
    const healed = await call(w, "/api/health", AUTH);
    assert.equal(healed.status, 200);
    assert.equal(healed.json().status, "healthy");
  }));

test("D1 and KV slower than their timeouts (0 ms): unhealthy and degraded, no hang", () =>
  scenario({ hosts: [FRESH], vars: { DB_TIMEOUT_MS: "0", KV_TIMEOUT_MS: "0" } }, async (w) => {
    const res = await call(w, "/api/health", AUTH);
    assert.equal(res.status, 503);
    const body = res.json();
    assert.equal(body.services.database.status, "timeout");
    assert.equal(body.checks.config.timed_out, true);
    assert.match(body.checks.config.error, /KV CONFIG read timed out after 0 ms/);
    assert.equal((await call(w, "/api/health/ready")).status, 503);
  }));

test("KV slower than its timeout alone: degraded (200), D1 still healthy", () =>
  scenario({ hosts: [FRESH], vars: { KV_TIMEOUT_MS: "0" } }, async (w) => {
    const res = await call(w, "/api/health", AUTH);
    assert.equal(res.status, 200);
    const body = res.json();
    assert.equal(body.status, "degraded");
    assert.equal(body.services.database.status, "connected");
    assert.equal(body.checks.config.status, "degraded");
  }));

test("KV hostile values: deep JSON, huge JSON, a secret in it, wrong shapes", async () => {
  const many = {};
  for (let i = 0; i < 5000; i++) many[`p${i}`] = { enabled: i % 2 === 0, secret: `S_${i}` };
  const cases = [
    ["[".repeat(5000) + "]".repeat(5000), 200, /not valid JSON.*recursion limit/],
    [`{"openai": {"enabled": true, "secret": "${KEY}"}}`, 200, null],
    [`{"openai": {"enabled": true, "secret": "OPENAI_API_KEY", "key": "${KEY}"}}`, 200, /unknown field/],
    ["null", 200, /must map provider names/],
    ['"just a string"', 200, /must map provider names/],
    ["\u0000\u0001\u0002", 200, /not valid JSON/],
    [JSON.stringify(many), 200, null],
  ];
  for (const [value, status, pattern] of cases) {
    await scenario({ hosts: [FRESH], providers: value }, async (w) => {
      const res = await call(w, "/api/health", AUTH);
      assert.equal(res.status, status, value.slice(0, 40));
      const body = res.json();
      if (pattern) {
        assert.equal(body.checks.config.status, "degraded", value.slice(0, 40));
        assert.match(body.checks.config.error, pattern);
      }
      assert.ok(!res.text.includes(KEY), "a secret from KV reached the response");
    });
  }
});

test("a flood of 200 host reports, 20 at a time: every one stored, none 500", () =>
  scenario({ hosts: [], vars: { HEALTH_CACHE_MS: "0" } }, async (w) => {
    const statuses = {};
    const post = (i) =>
      call(w, "/api/health/report", {
        method: "POST",
        headers: REPORT_AUTH,
        body: JSON.stringify({ host: `flood-${i}`, memoryUsedPercent: i % 100, memoryAvailableMb: 1024 + i }),
      });
    for (let i = 0; i < 200; i += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => post(i + j)));
      for (const r of batch) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
    assert.deepEqual(statuses, { 200: 200 });
    const count = (await w.db.prepare("SELECT COUNT(*) AS n FROM host_metrics").first()).n;
    assert.equal(count, 200);
    const body = (await call(w, "/api/health", AUTH)).json();
    assert.equal(body.hosts.length, 200);
    assert.equal(body.status, "degraded", "flood-90..99 report >= 90 % memory");
    // The same host 100 times concurrently: one row, last write wins, no error.
    const same = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(w, "/api/health/report", {
          method: "POST",
          headers: REPORT_AUTH,
          body: JSON.stringify({ host: "same", memoryUsedPercent: 1, memoryAvailableMb: i }),
        }),
      ),
    );
    assert.ok(same.every((r) => r.status === 200));
    assert.equal((await w.db.prepare("SELECT COUNT(*) AS n FROM host_metrics WHERE host = 'same'").first()).n, 1);
  }));

test("hostile Authorization headers are 401 (report) or the anonymous view (health)", () =>
  scenario({ hosts: [FRESH] }, async (w) => {
    const body = JSON.stringify(FRESH);
    for (const auth of [
      "Bearer",
      "Bearer ",
      "bearer" + " ".repeat(1000),
      `Bearer ${"x".repeat(8000)}`,
      `Bearer ${SECRETS.REPORT_TOKEN}${SECRETS.REPORT_TOKEN}`,
      `Bearer ${SECRETS.REPORT_TOKEN.toUpperCase()}`,
      `Bearer  ${SECRETS.REPORT_TOKEN} extra`,
      `Token ${SECRETS.REPORT_TOKEN}`,
      `Bearer ${encodeURIComponent("tök€n")}`,
    ]) {
      const res = await call(w, "/api/health/report", { method: "POST", headers: { Authorization: auth }, body });
      assert.equal(res.status, 401, auth.slice(0, 40));
      const health = await call(w, "/api/health", { headers: { Authorization: auth } });
      assert.equal(health.status, 200);
      assert.deepEqual(health.json(), { status: "healthy" }, "anonymous view only");
      assert.equal((await call(w, "/api/metrics", { headers: { Authorization: auth } })).status, 401);
    }
    // Case-insensitive scheme with the right token is accepted.
    const ok = await call(w, "/api/health/report", {
      method: "POST",
      headers: { Authorization: `bearer ${SECRETS.REPORT_TOKEN}` },
      body,
    });
    assert.equal(ok.status, 200);
  }));

test("bodies: 1 MB (413 fast), deep, binary, huge numbers, duplicate fields (400)", () =>
  scenario({ hosts: [] }, async (w) => {
    for (const [body, pattern] of [
      ["[".repeat(2000) + "]".repeat(2000), /invalid report body/],
      [new Uint8Array([0xff, 0xfe, 0x00, 0x7b, 0x22]), /invalid report body/],
      ['{"host": "h", "memoryUsedPercent": 1e400, "memoryAvailableMb": 1}', /invalid report body|memoryUsedPercent/],
      ['{"host": "h", "memoryUsedPercent": 1, "memoryAvailableMb": 1e308, "uptimeSeconds": 1e309}', /invalid report body|uptimeSeconds/],
      ['{"host": "h\\u0000", "memoryUsedPercent": 1, "memoryAvailableMb": 1}', /host/],
      [`{"host": "${KEY}", "memoryUsedPercent": 1, "memoryAvailableMb": 1, "bad": 1}`, /unknown field/],
      ['{"host": "h", "host": "i", "memoryUsedPercent": 1, "memoryAvailableMb": 1}', /duplicate field/],
    ]) {
      const res = await call(w, "/api/health/report", { method: "POST", headers: REPORT_AUTH, body });
      assert.equal(res.status, 400, `${String(body).slice(0, 40)} -> ${res.text}`);
      assert.match(res.json().error, pattern);
      assert.ok(!res.text.includes(KEY), "a secret echoed in an error");
    }
    assert.equal((await w.db.prepare("SELECT COUNT(*) AS n FROM host_metrics").first()).n, 0);
    // Last: the Worker answers 413 without reading the 1 MB body, and the connection it
    // came on may be closed under the client's pool, which failed the next request now
    // and then ("fetch failed", once in a clean-clone run of session 8).
    const t0 = Date.now();
    const huge = await call(w, "/api/health/report", { method: "POST", headers: REPORT_AUTH, body: "x".repeat(1 << 20) });
    assert.equal(huge.status, 413);
    assert.ok(Date.now() - t0 < DEADLINE_MS);
  }));

test("bad vars fall back to defaults: no 500", () =>
  scenario(
    { hosts: [FRESH], vars: { DB_TIMEOUT_MS: "soon", KV_TIMEOUT_MS: "-5", HEALTH_CACHE_MS: "1e99", STALE_AFTER_MS: "x" } },
    async (w) => {
      const statuses = await everyRoute(w);
      assert.equal(statuses["/api/health"], 200);
      assert.equal((await call(w, "/api/health", AUTH)).json().status, "healthy");
      assert.ok(w.logs.some((l) => l.includes("bad_var")), "the bad vars were logged");
    },
  ));
