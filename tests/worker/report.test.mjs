// POST /api/health/report on workerd (Miniflare) with real local D1: auth, validation,
// size limit, upsert, and the report showing up in /api/health.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, AUTH, bearer, assertNoSecrets, sleep, SECRETS } from "./support.mjs";

const CACHE_MS = 300;
let w;

before(async () => {
  w = await start({ hosts: [], vars: { HEALTH_CACHE_MS: String(CACHE_MS) } });
});
after(async () => {
  if (w) assertNoSecrets(assert, w);
  await w?.mf.dispose();
});

const REPORT_AUTH = { Authorization: `Bearer ${SECRETS.REPORT_TOKEN}`, "Content-Type": "application/json" };
const post = (body, headers = REPORT_AUTH) =>
  w.fetch("/api/health/report", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const rows = async () => (await w.db.prepare("SELECT * FROM host_metrics ORDER BY host").all()).results;

test("a good report is upserted and shows up in the next health report after the TTL", async () => {
  const before = (await w.fetch("/api/health", AUTH)).json();
  assert.equal(before.system.host, null);
  const t0 = Date.now();
  const res = await post({ host: "app-1.eu_west-2", memoryUsedPercent: 55.5, memoryAvailableMb: 4096, uptimeSeconds: 7200 });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json().stored, true);
  let r = await rows();
  assert.equal(r.length, 1);
  assert.equal(r[0].host, "app-1.eu_west-2");
  assert.equal(r[0].memory_used_percent, 55.5);
  assert.equal(r[0].memory_available_mb, 4096);
  assert.equal(r[0].uptime_seconds, 7200);
  assert.ok(r[0].reported_at >= t0 - 1000 && r[0].reported_at <= Date.now() + 1000);

  // Upsert: same host again, one row, new values; uptime is optional.
  const again = await post({ host: "app-1.eu_west-2", memoryUsedPercent: 91, memoryAvailableMb: 300 });
  assert.equal(again.status, 200, again.text);
  r = await rows();
  assert.equal(r.length, 1);
  assert.equal(r[0].memory_used_percent, 91);
  assert.equal(r[0].uptime_seconds, null);

  await sleep(CACHE_MS + 100);
  const after = (await w.fetch("/api/health", AUTH)).json();
  assert.equal(after.system.host, "app-1.eu_west-2");
  assert.equal(after.system.memory_used_percent, 91);
  assert.equal(after.status, "degraded");
});

test("401 without a token, with a wrong one, or with the health token", async () => {
  const body = { host: "x", memoryUsedPercent: 1, memoryAvailableMb: 1 };
  for (const headers of [
    { "Content-Type": "application/json" },
    { Authorization: "Bearer nope" },
    { Authorization: `Bearer ${SECRETS.REPORT_TOKEN.slice(0, -1)}` },
    { Authorization: `Basic ${SECRETS.REPORT_TOKEN}` },
    bearer(SECRETS.HEALTH_TOKEN).headers,
  ]) {
    const res = await post(body, headers);
    assert.equal(res.status, 401, JSON.stringify(headers));
    assert.match(res.json().error, /bearer token/);
  }
  assert.equal((await rows()).filter((r) => r.host === "x").length, 0);
});

test("400 with a message for bad JSON and bad fields", async () => {
  const cases = [
    ["{ not json", /invalid report body/],
    ["", /invalid report body/],
    [[], /invalid report body/],
    [{ memoryUsedPercent: 1, memoryAvailableMb: 1 }, /host/],
    [{ host: "", memoryUsedPercent: 1, memoryAvailableMb: 1 }, /host/],
    [{ host: "bad host!", memoryUsedPercent: 1, memoryAvailableMb: 1 }, /host/],
    [{ host: "h".repeat(129), memoryUsedPercent: 1, memoryAvailableMb: 1 }, /host/],
    [{ host: "h", memoryUsedPercent: 100.5, memoryAvailableMb: 1 }, /memoryUsedPercent/],
    [{ host: "h", memoryUsedPercent: -1, memoryAvailableMb: 1 }, /memoryUsedPercent/],
    [{ host: "h", memoryUsedPercent: "50", memoryAvailableMb: 1 }, /invalid type/],
    [{ host: "h", memoryUsedPercent: 5, memoryAvailableMb: -2 }, /memoryAvailableMb/],
    [{ host: "h", memoryUsedPercent: 5, memoryAvailableMb: 2, uptimeSeconds: -1 }, /uptimeSeconds/],
    [{ host: "h", memoryUsedPercent: 5, memoryAvailableMb: 2, extra: 1 }, /unknown field/],
  ];
  for (const [body, pattern] of cases) {
    const res = await post(body);
    assert.equal(res.status, 400, `${JSON.stringify(body)} -> ${res.text}`);
    assert.match(res.json().error, pattern, JSON.stringify(body));
  }
  assert.equal((await rows()).filter((r) => r.host === "h").length, 0);
});

test("413 for a 5 KiB body, with or without Content-Length", async () => {
  const big = JSON.stringify({ host: "big", memoryUsedPercent: 1, memoryAvailableMb: 1, pad: "x".repeat(5 * 1024) });
  const res = await post(big);
  assert.equal(res.status, 413);
  assert.match(res.json().error, /larger than 4096 bytes/);
  const bytes = new TextEncoder().encode(big);
  const stream = new ReadableStream({
    start(c) {
      c.enqueue(bytes.slice(0, 3000));
      c.enqueue(bytes.slice(3000));
      c.close();
    },
  });
  const chunked = await w.fetch("/api/health/report", { method: "POST", headers: REPORT_AUTH, body: stream, duplex: "half" });
  assert.equal(chunked.status, 413);
  assert.equal((await rows()).filter((r) => r.host === "big").length, 0);
});

test("401 when REPORT_TOKEN is unset; 503 with a message when D1 is missing", async () => {
  const noToken = await start({ vars: { REPORT_TOKEN: undefined } });
  try {
    const res = await noToken.fetch("/api/health/report", { method: "POST", headers: { Authorization: "Bearer " }, body: "{}" });
    assert.equal(res.status, 401);
    assert.ok(res.json().error);
  } finally {
    await noToken.mf.dispose();
  }
  const noDb = await start({ d1: false });
  try {
    const res = await noDb.fetch("/api/health/report", {
      method: "POST",
      headers: REPORT_AUTH,
      body: JSON.stringify({ host: "a", memoryUsedPercent: 1, memoryAvailableMb: 1 }),
    });
    assert.equal(res.status, 503);
    assert.match(res.json().error, /could not store the report: .*DB/);
  } finally {
    await noDb.mf.dispose();
  }
});
