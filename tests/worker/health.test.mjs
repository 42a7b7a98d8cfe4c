// The Worker on workerd (Miniflare) with real local D1 and KV.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";

let mf;

before(async () => {
  mf = new Miniflare(convertV4MiniflareOptions({
    modulesRoot: "worker/build",
    modules: [
      { type: "ESModule", path: "worker/build/index.js" },
      { type: "CompiledWasm", path: "worker/build/index_bg.wasm" },
    ],
    compatibilityDate: "2025-09-01",
    d1Databases: { DB: "edgeguard-test" },
    kvNamespaces: ["CONFIG"],
    bindings: { VERSION: "0.1.0", PLATFORM: "edgeguard", HEALTH_TOKEN: "t0k3n", REPORT_TOKEN: "r3p0rt" },
  }));
  const db = await mf.getD1Database("DB");
  const schema = readFileSync("migrations/0001_host_metrics.sql", "utf8").replace(/--.*$/gm, "").replace(/\s+/g, " ");
  await db.exec(schema.trim());
  const kv = await mf.getKVNamespace("CONFIG");
  await kv.put("providers", JSON.stringify({ openai: { enabled: true, configured: false } }));
});

after(async () => {
  await mf?.dispose();
});

test("GET /api/health answers JSON from D1 and KV", async () => {
  const res = await mf.dispatchFetch("http://localhost/api/health");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /application\/json/);
  const body = await res.json();
  assert.equal(body.services.database.status, "connected");
  assert.equal(body.services.ai_providers.total, 1);
  assert.equal(body.status, "limited");
});
