// The soak run's load and fault schedule (started by scripts/soak.sh against `make dev`
// on 127.0.0.1:8787). Bounded load: CONCURRENCY loops, each pausing PAUSE_MS between
// requests, each request with its own timeout. Meanwhile D1 is made to fail (the
// host_metrics table is dropped: the query errors -> 503) and to recover (the table is
// recreated from migrations/), twice. A poller records every status transition; workerd
// RSS is sampled from /proc. Prints a Markdown summary and writes target/soak/result-<server>.json.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";

const BASE = process.env.SOAK_URL ?? "http://127.0.0.1:8787";
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const PGID = Number(process.env.SOAK_PGID ?? 0);
const STATE = process.env.SOAK_STATE ?? ".dev-state";
const CONCURRENCY = 4;
const PAUSE_MS = 10;
const REQUEST_TIMEOUT_MS = 10_000;
const TTL_MS = 2000; // HEALTH_CACHE_MS in wrangler.toml
const vars = Object.fromEntries(
  readFileSync(".dev.vars", "utf8")
    .split("\n")
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1).trim()]),
);
const AUTH = { Authorization: `Bearer ${vars.HEALTH_TOKEN}` };
const SCHEMA = readFileSync("migrations/0001_host_metrics.sql", "utf8").replace(/--.*$/gm, "").replace(/\s+/g, " ").trim();

const t0 = Date.now();
const since = () => (Date.now() - t0) / 1000;

/**
 * RSS (MiB) of the soak's process group, by process name: `workerd` (the Worker's
 * runtime, with local D1 and KV) and `node` (wrangler's or Miniflare's own process).
 * Processes of one-off `wrangler d1 execute` runs are in other groups.
 */
function groupRss() {
  const kb = { workerd: 0, node: 0 };
  const pids = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (PGID && Number(fields[2]) !== PGID) continue;
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const name = /^Name:\s+(\S+)/m.exec(status)?.[1] ?? "";
      const kind = name.startsWith("workerd") ? "workerd" : name.startsWith("node") || name.startsWith("MainThread") ? "node" : null;
      if (!kind) continue;
      kb[kind] += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      pids.push(Number(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return { mib: Math.round(kb.workerd / 1024), nodeMib: Math.round(kb.node / 1024), pids };
}

function d1(sql) {
  const started = since();
  execFileSync("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", STATE, "--command", sql], {
    stdio: "ignore",
    env: { ...process.env, CI: "true" },
  });
  return { started, done: since() };
}

const stats = { requests: 0, byRoute: {}, errors: {}, unexpected: [] };
const count = (route, key) => {
  stats.byRoute[route] ??= {};
  stats.byRoute[route][key] = (stats.byRoute[route][key] ?? 0) + 1;
};
// D1-down windows [start, end) in seconds, widened by one TTL when judging a 503.
const downWindows = [];
const inDown = (t) => downWindows.some(([s, e]) => t >= s && t < (e ?? Infinity) + TTL_MS / 1000 + 1);

const ROUTES = [
  ["health-anon", () => ["/api/health", {}]],
  ["health-auth", () => ["/api/health", { headers: AUTH }]],
  ["ready", () => ["/api/health/ready", {}]],
  ["live", () => ["/api/health/live", {}]],
  ["metrics", () => ["/api/metrics", { headers: AUTH }]],
  [
    "report",
    (i) => [
      "/api/health/report",
      {
        method: "POST",
        headers: { Authorization: `Bearer ${vars.REPORT_TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify({ host: `soak-${i % 5}`, memoryUsedPercent: 40 + (i % 10), memoryAvailableMb: 4096 }),
      },
    ],
  ],
];

async function one(name, path, init) {
  const sent = since();
  stats.requests++;
  try {
    const res = await fetch(BASE + path, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    await res.arrayBuffer();
    count(name, res.status);
    const ok = res.status === 200 || (res.status === 503 && name !== "live" && name !== "metrics" && inDown(sent));
    if (!ok) stats.unexpected.push({ t: +sent.toFixed(2), route: name, status: res.status });
  } catch (e) {
    const kind = e.name === "TimeoutError" ? "timeout" : `network:${e.cause?.code ?? e.name}`;
    stats.errors[kind] = (stats.errors[kind] ?? 0) + 1;
    count(name, kind);
    stats.unexpected.push({ t: +sent.toFixed(2), route: name, error: kind });
  }
}

let running = true;
async function loadLoop(id) {
  let i = id;
  while (running) {
    const [name, make] = ROUTES[i % ROUTES.length];
    const [path, init] = make(i);
    await one(name, path, init);
    i += CONCURRENCY;
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
}

const transitions = [];
async function poller() {
  let last = null;
  while (running) {
    try {
      const res = await fetch(`${BASE}/api/health`, { headers: AUTH, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = await res.json();
      const now = `${body.status}/${res.status}`;
      if (now !== last) transitions.push({ t: +since().toFixed(2), status: body.status, http: res.status });
      last = now;
    } catch (e) {
      transitions.push({ t: +since().toFixed(2), status: `error:${e.name}` });
      last = null;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const memory = [{ t: 0, ...groupRss() }];
const events = [];
const sleepUntil = (s) => new Promise((r) => setTimeout(r, Math.max(0, t0 + s * 1000 - Date.now())));

const loops = [...Array.from({ length: CONCURRENCY }, (_, i) => loadLoop(i)), poller()];
/** The Worker's wasm memory (MiB) from /api/metrics: a leak in its own code shows there. */
async function wasmMib() {
  try {
    const res = await fetch(`${BASE}/api/metrics`, { headers: AUTH, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const m = /^edgeguard_worker_wasm_memory_bytes (\d+)/m.exec(await res.text());
    return m ? +(Number(m[1]) / 1048576).toFixed(1) : null;
  } catch {
    return null;
  }
}
memory[0].wasmMib = await wasmMib();
const sampler = setInterval(async () => {
  const sample = { t: Math.round(since()), ...groupRss() };
  memory.push(sample);
  sample.wasmMib = await wasmMib();
}, 30_000);

const schedule = [
  [0.2, "drop", "DROP TABLE IF EXISTS host_metrics"],
  [0.4, "recreate", SCHEMA],
  [0.6, "drop", "DROP TABLE IF EXISTS host_metrics"],
  [0.8, "recreate", SCHEMA],
];
for (const [frac, kind, sql] of schedule) {
  await sleepUntil(SECONDS * frac);
  if (kind === "drop") downWindows.push([since(), null]);
  const ev = d1(sql);
  if (kind === "recreate") downWindows[downWindows.length - 1][1] = ev.done;
  events.push({ kind, ...ev });
  console.error(`[soak] ${since().toFixed(1)} s: ${kind} done (${(ev.done - ev.started).toFixed(1)} s)`);
}
await sleepUntil(SECONDS);
running = false;
await Promise.all(loops);
clearInterval(sampler);
memory.push({ t: Math.round(since()), ...groupRss(), wasmMib: await wasmMib() });

// How long after each event (its wrangler command finishing) the status followed.
const follow = events.map((ev) => {
  const want = ev.kind === "drop" ? "unhealthy" : ["healthy", "limited", "degraded"];
  const hit = transitions.find((tr) => tr.t >= ev.started && (Array.isArray(want) ? want.includes(tr.status) : tr.status === want));
  return { ...ev, followedAt: hit?.t ?? null, lagAfterDoneS: hit ? +(hit.t - ev.done).toFixed(2) : null };
});

const result = {
  seconds: SECONDS,
  concurrency: CONCURRENCY,
  requests: stats.requests,
  rps: +(stats.requests / SECONDS).toFixed(1),
  byRoute: stats.byRoute,
  errors: stats.errors,
  unexpected: stats.unexpected.slice(0, 50),
  unexpectedCount: stats.unexpected.length,
  transitions,
  follow,
  server: process.env.SOAK_SERVER ?? "wrangler",
  memory: memory.map(({ t, mib, nodeMib, wasmMib, pids }) => ({ t, mib, nodeMib, wasmMib, processes: pids.length })),
};
mkdirSync("target/soak", { recursive: true });
writeFileSync(`target/soak/result-${result.server}.json`, JSON.stringify(result, null, 2));

const md = [];
md.push(`- ${SECONDS} s, ${CONCURRENCY} concurrent loops (pause ${PAUSE_MS} ms), per-request timeout ${REQUEST_TIMEOUT_MS} ms`);
md.push(`- requests: ${result.requests} (${result.rps}/s); transport errors: ${JSON.stringify(stats.errors)}; unexpected answers: ${result.unexpectedCount}`);
md.push("", "| route | " + ["200", "401", "503", "500", "other"].join(" | ") + " |", "|---|---|---|---|---|---|");
for (const [route, by] of Object.entries(stats.byRoute)) {
  const other = Object.entries(by).filter(([k]) => !["200", "401", "503", "500"].includes(k)).map(([k, v]) => `${k}:${v}`).join(" ");
  md.push(`| ${route} | ${by[200] ?? 0} | ${by[401] ?? 0} | ${by[503] ?? 0} | ${by[500] ?? 0} | ${other || 0} |`);
}
md.push("", "| event | command ran (s) | status followed at (s) | lag after the command (s) |", "|---|---|---|---|");
for (const f of follow) md.push(`| ${f.kind} | ${f.started.toFixed(1)}-${f.done.toFixed(1)} | ${f.followedAt ?? "never"} | ${f.lagAfterDoneS ?? "-"} |`);
md.push("", "Status transitions (poller, 100 ms): " + transitions.map((t) => `${t.t}s ${t.status}${t.http ? `/${t.http}` : ""}`).join(", "));
md.push("", `Server: ${result.server === "miniflare" ? "Miniflare alone (scripts/serve-miniflare.mjs)" : "wrangler dev"}.`);
md.push("", "workerd RSS (MiB): " + result.memory.map((m) => `${m.t}s ${m.mib}`).join(", "));
md.push("", "Worker wasm memory (MiB, from /api/metrics; one isolate): " + result.memory.map((m) => `${m.t}s ${m.wasmMib ?? "?"}`).join(", "));
md.push("", "node RSS (MiB, wrangler or Miniflare): " + result.memory.map((m) => `${m.t}s ${m.nodeMib}`).join(", "));
console.log(md.join("\n"));
