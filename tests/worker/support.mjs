// Shared set-up of the Worker tests: one Miniflare (workerd) per scenario, with real
// local D1 and KV, the built Worker from worker/build, and every log line captured.
import { readFileSync } from "node:fs";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { BUILT_WORKER } from "../../scripts/worker-modules.mjs";

export const SECRETS = {
  HEALTH_TOKEN: "health-t0k3n-abcdef0123456789",
  REPORT_TOKEN: "report-t0k3n-abcdef0123456789",
  OPENAI_API_KEY: "sk-proj-Zq3vT9wLmN4pR7sK2xY8bC1dF6gH0jA5eU",
  ANTHROPIC_API_KEY: "sk-ant-api03-Xw2Yv3Zu4Tt5Ss6Rr7Qq8Pp9Oo0Nn1Mm2Ll3Kk4Jj5",
};

export const PROVIDERS = {
  openai: { enabled: true, secret: "OPENAI_API_KEY" },
  anthropic: { enabled: true, secret: "ANTHROPIC_API_KEY" },
  perplexity: { enabled: false, secret: "PERPLEXITY_API_KEY" },
};

const SCHEMA = readFileSync("migrations/0001_host_metrics.sql", "utf8")
  .replace(/--.*$/gm, "")
  .replace(/\s+/g, " ")
  .trim();

/**
 * Starts the Worker. Options:
 * - vars: extra bindings (strings), merged over the defaults and SECRETS;
 * - d1 (default true): bind D1 `DB`; schema (default true): create host_metrics;
 * - kv (default true): bind KV `CONFIG`; providers: a value for the `providers` key
 *   (object -> JSON, string as is, undefined -> PROVIDERS, null -> no key);
 * - hosts: rows [{host, memoryUsedPercent, memoryAvailableMb, ageMs}] to insert.
 */
export async function start(opts = {}) {
  const logs = [];
  const bindings = {
    VERSION: "9.8.7",
    PLATFORM: "edgeguard-test",
    DEBUG: "false",
    LOG_LEVEL: "INFO",
    HEALTH_CACHE_MS: "0",
    ...SECRETS,
    ...(opts.vars ?? {}),
  };
  for (const [k, v] of Object.entries(bindings)) if (v === undefined) delete bindings[k];
  const mf = new Miniflare({
    ...convertV4MiniflareOptions({
      ...BUILT_WORKER,
      compatibilityDate: "2025-09-01",
      d1Databases: opts.d1 === false ? undefined : { DB: "edgeguard-test" },
      kvNamespaces: opts.kv === false ? undefined : ["CONFIG"],
      bindings,
    }),
    handleStructuredLogs: (log) => logs.push(log.message),
  });
  let db = null;
  if (opts.d1 !== false) {
    db = await mf.getD1Database("DB");
    if (opts.schema !== false) await db.exec(SCHEMA);
    for (const h of opts.hosts ?? []) await insertHost(db, h);
  }
  if (opts.kv !== false) {
    const kv = await mf.getKVNamespace("CONFIG");
    const p = opts.providers === undefined ? PROVIDERS : opts.providers;
    if (p !== null) await kv.put("providers", typeof p === "string" ? p : JSON.stringify(p));
  }
  const bodies = [];
  const fetch = async (path, init = {}) => {
    const res = await mf.dispatchFetch(`http://localhost${path}`, init);
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  };
  return { mf, db, logs, bodies, fetch, bindings };
}

export async function insertHost(db, { host, memoryUsedPercent, memoryAvailableMb, ageMs = 0, uptimeSeconds = null }) {
  await db
    .prepare(
      "INSERT INTO host_metrics (host, memory_used_percent, memory_available_mb, uptime_seconds, reported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(host, memoryUsedPercent, memoryAvailableMb, uptimeSeconds, Date.now() - ageMs)
    .run();
}

export const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });
export const AUTH = bearer(SECRETS.HEALTH_TOKEN);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Fails if any secret value (or `extra` string) occurs in a response body or log line. */
export function assertNoSecrets(assert, worker, extra = []) {
  const needles = [...Object.values(SECRETS), ...extra];
  const haystacks = [...worker.bodies.map((b) => ["body", b]), ...worker.logs.map((l) => ["log", l])];
  for (const [kind, text] of haystacks) {
    for (const n of needles) assert.ok(!text.includes(n), `a secret appears in a ${kind}: ${text}`);
  }
}
