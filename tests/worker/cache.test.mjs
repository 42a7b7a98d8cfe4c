// The per-isolate cache: within HEALTH_CACHE_MS a flood of probes is answered from one
// round of checks (one D1 query); after it, the next probe queries again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { start, AUTH, insertHost, sleep } from "./support.mjs";

const hostsIn = (res) => res.json().hosts.map((h) => h.host).sort();

test("many probes within one TTL cause one D1 query", async () => {
  const TTL = 1500;
  const w = await start({
    hosts: [{ host: "a", memoryUsedPercent: 10, memoryAvailableMb: 100 }],
    vars: { HEALTH_CACHE_MS: String(TTL) },
  });
  try {
    const t0 = Date.now();
    assert.deepEqual(hostsIn(await w.fetch("/api/health", AUTH)), ["a"]);
    // A row written straight into D1 after the first probe...
    await insertHost(w.db, { host: "b", memoryUsedPercent: 10, memoryAvailableMb: 100 });
    // ...is invisible to every probe within the TTL, sequential or concurrent, on every
    // route that reads the observations: they did not query D1 again.
    for (let i = 0; i < 10; i++) assert.deepEqual(hostsIn(await w.fetch("/api/health", AUTH)), ["a"]);
    const burst = await Promise.all(Array.from({ length: 25 }, () => w.fetch("/api/health", AUTH)));
    for (const res of burst) assert.deepEqual(hostsIn(res), ["a"]);
    const metrics = await w.fetch("/api/metrics", AUTH);
    assert.doesNotMatch(metrics.text, /host="b"/);
    assert.ok(Date.now() - t0 < TTL, "the probes ran within one TTL (machine too slow?)");
    // After the TTL the next probe queries D1 and sees the new row.
    await sleep(TTL - (Date.now() - t0) + 200);
    assert.deepEqual(hostsIn(await w.fetch("/api/health", AUTH)), ["a", "b"]);
  } finally {
    await w.mf.dispose();
  }
});

test("HEALTH_CACHE_MS=0 queries on every probe", async () => {
  const w = await start({ hosts: [], vars: { HEALTH_CACHE_MS: "0" } });
  try {
    assert.deepEqual(hostsIn(await w.fetch("/api/health", AUTH)), []);
    await insertHost(w.db, { host: "c", memoryUsedPercent: 10, memoryAvailableMb: 100 });
    assert.deepEqual(hostsIn(await w.fetch("/api/health", AUTH)), ["c"]);
  } finally {
    await w.mf.dispose();
  }
});

test("a cold burst of concurrent probes shares one in-flight round and all answer", async () => {
  const w = await start({
    hosts: [{ host: "a", memoryUsedPercent: 10, memoryAvailableMb: 100 }],
    vars: { HEALTH_CACHE_MS: "60000" },
  });
  try {
    const burst = await Promise.all(Array.from({ length: 30 }, () => w.fetch("/api/health", AUTH)));
    for (const res of burst) {
      assert.equal(res.status, 200);
      assert.deepEqual(hostsIn(res), ["a"]);
    }
    // One shared round: every answer carries the same measured latencies.
    const latencies = new Set(burst.map((r) => JSON.stringify([r.json().checks.database.latency_ms, r.json().checks.config.latency_ms])));
    assert.equal(latencies.size, 1, [...latencies].join(" "));
  } finally {
    await w.mf.dispose();
  }
});

test("concurrent probes on every route answer from their own request, also with no TTL", async () => {
  // Waiters resume in their own request: a response built in the leader's request
  // context would fail with "Cannot perform I/O on behalf of a different request".
  const w = await start({ hosts: [{ host: "a", memoryUsedPercent: 10, memoryAvailableMb: 100 }], vars: { HEALTH_CACHE_MS: "0" } });
  try {
    const routes = [
      ["/api/health", AUTH, 200],
      ["/api/health", {}, 200],
      ["/api/health", { method: "HEAD" }, 200],
      ["/api/health/ready", {}, 200],
      ["/api/metrics", AUTH, 200],
      ["/api/health?format=ietf", AUTH, 200],
    ];
    const burst = await Promise.all(
      Array.from({ length: 36 }, (_, i) => routes[i % routes.length]).map(async ([path, init, want]) => [path, want, await w.fetch(path, init)]),
    );
    for (const [path, want, res] of burst) assert.equal(res.status, want, `${path}: ${res.text.slice(0, 300)}`);
  } finally {
    await w.mf.dispose();
  }
});
