// Bounded load test of the Worker under `make dev` (issue 6, acceptance 3):
//   node bench/loadtest.mjs [--seconds 20] [--connections 8] [--server wrangler|miniflare]
//                           [--out target/bench/loadtest.json]
// `--server miniflare` serves the built Worker with Miniflare alone (DEV_SERVER=miniflare
// scripts/dev.sh: workerd without wrangler's dev proxy in front), which is what the
// Worker itself costs per request.
// Starts scripts/dev.sh in its own session and process group (setsid, via spawn's
// `detached`), waits for http://127.0.0.1:8787/api/health, pushes a fresh host report,
// runs autocannon against /api/health anonymously and with the HEALTH_TOKEN bearer from
// .dev.vars (each run bounded by --seconds and --connections), records requests/s,
// p50/p99 latency and non-2xx answers, then stops the whole process group and checks
// that no workerd of that session is left.
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import net from "node:net";

const require = createRequire(import.meta.url);
const autocannon = require("autocannon");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (n, d) => { const i = argv.indexOf(n); return i < 0 ? d : argv[i + 1]; };
const seconds = Math.min(30, Number(opt("--seconds", "20")));
const connections = Math.min(32, Number(opt("--connections", "8")));
const server = opt("--server", "wrangler");
if (!["wrangler", "miniflare"].includes(server)) {
  console.error(`[loadtest] --server must be wrangler or miniflare, not ${JSON.stringify(server)}`);
  process.exit(2);
}
const outFile = path.resolve(root, opt("--out", server === "wrangler" ? "target/bench/loadtest.json" : "target/bench/loadtest-miniflare.json"));
const HOST = "127.0.0.1", PORT = 8787, BASE = `http://${HOST}:${PORT}`;

const portBusy = () => new Promise((res) => {
  const s = net.connect(PORT, HOST, () => { s.destroy(); res(true); });
  s.on("error", () => res(false));
});
if (await portBusy()) {
  console.error(`[loadtest] ${HOST}:${PORT} is already in use; stop that server first.`);
  process.exit(1);
}

function devVars() {
  let file = path.join(root, ".dev.vars");
  let text;
  try { text = readFileSync(file, "utf8"); } catch { text = readFileSync(path.join(root, ".dev.vars.example"), "utf8"); }
  const vars = {};
  for (const line of text.split("\n")) { const m = /^([A-Z_]+)=(.*)$/.exec(line.trim()); if (m) vars[m[1]] = m[2]; }
  return vars;
}

mkdirSync(path.dirname(outFile), { recursive: true });
const logFile = path.join(path.dirname(outFile), `loadtest-${server}.log`);
const log = openSync(logFile, "w");
const dev = spawn("bash", ["scripts/dev.sh"], {
  cwd: root, detached: true, stdio: ["ignore", log, log], env: { ...process.env, DEV_SERVER: server },
});
const pgid = dev.pid; // detached: setsid() in the child, so its pid is the group and session id
console.error(`[loadtest] started scripts/dev.sh as process group ${pgid} (log: ${path.relative(root, logFile)})`);

const sessionProcs = () => {
  try {
    return execFileSync("ps", ["-eo", "pid=,sid=,comm="], { encoding: "utf8" }).split("\n")
      .map((l) => l.trim().split(/\s+/)).filter((p) => p.length >= 3 && Number(p[1]) === pgid);
  } catch { return []; }
};
async function stop() {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  try { process.kill(-pgid, "SIGTERM"); } catch {}
  for (let i = 0; i < 20 && sessionProcs().length; i++) await sleep(250);
  if (sessionProcs().length) { try { process.kill(-pgid, "SIGKILL"); } catch {} await sleep(500); }
  // Anything of the session that left the process group (none expected).
  for (const [pid] of sessionProcs()) { try { process.kill(Number(pid), "SIGKILL"); } catch {} }
  await sleep(300);
  const left = sessionProcs();
  const workerd = left.filter((p) => p[2].includes("workerd"));
  return { left: left.length, workerdLeft: workerd.length, portFree: !(await portBusy()) };
}
process.on("SIGINT", async () => { await stop(); process.exit(130); });

let result;
try {
  const t0 = Date.now();
  let up = false;
  while (Date.now() - t0 < 180_000) {
    if (dev.exitCode !== null) throw new Error(`scripts/dev.sh exited with ${dev.exitCode}; see ${logFile}`);
    try { const r = await fetch(`${BASE}/api/health`); await r.arrayBuffer(); up = true; break; } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!up) throw new Error(`no answer from ${BASE}/api/health within 180 s; see ${logFile}`);
  const readyMs = Date.now() - t0;
  const vars = devVars();
  // A fresh host report, so the seeded one is not stale during the test.
  const rep = await fetch(`${BASE}/api/health/report`, { method: "POST",
    headers: { authorization: `Bearer ${vars.REPORT_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ host: "dev-host", memoryUsedPercent: 41.5, memoryAvailableMb: 8192, uptimeSeconds: 3600 }) });
  await rep.arrayBuffer();
  const anon = await (await fetch(`${BASE}/api/health`)).text();
  const fullRes = await fetch(`${BASE}/api/health`, { headers: { authorization: `Bearer ${vars.HEALTH_TOKEN}` } });
  const full = await fullRes.json();
  console.error(`[loadtest] up after ${readyMs} ms; report POST ${rep.status}; anonymous: ${anon.trim()}; authorized: ${fullRes.status} status=${full.status}`);

  const run = (title, headers) => new Promise((res, rej) => {
    autocannon({ url: `${BASE}/api/health`, connections, duration: seconds, headers, timeout: 10 }, (err, r) => err ? rej(err) : res({
      title, connections, seconds,
      requests: r.requests.total, rps: Math.round(r.requests.average),
      p50ms: r.latency.p50, p99ms: r.latency.p99, maxMs: r.latency.max,
      non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
    }));
  });
  const runs = [];
  runs.push(await run("GET /api/health (anonymous)", {}));
  runs.push(await run("GET /api/health (Bearer HEALTH_TOKEN, full report)", { authorization: `Bearer ${vars.HEALTH_TOKEN}` }));
  result = { date: new Date().toISOString(), node: process.version, server, readyMs, statusBefore: full.status, runs };
} catch (e) {
  console.error(`[loadtest] ${e.message}`);
  result = { error: e.message };
}
const stopped = await stop();
result.stopped = stopped;
writeFileSync(outFile, JSON.stringify(result, null, 1) + "\n");
if (result.runs) {
  console.log(`| Load (127.0.0.1, ${server === "wrangler" ? "make dev: wrangler dev" : "Miniflare alone"}) | Connections | Seconds | Requests | Req/s | p50 ms | p99 ms | Max ms | Non-2xx | Errors |`);
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of result.runs) console.log(`| ${r.title} | ${r.connections} | ${r.seconds} | ${r.requests} | ${r.rps} | ${r.p50ms} | ${r.p99ms} | ${r.maxMs} | ${r.non2xx} | ${r.errors + r.timeouts} |`);
}
console.log(`[loadtest] stopped process group ${pgid}: ${stopped.left} processes of the session left, ${stopped.workerdLeft} workerd left, port ${PORT} ${stopped.portFree ? "free" : "STILL IN USE"}`);
const ok = result.runs && stopped.workerdLeft === 0 && stopped.portFree && result.runs.every((r) => r.non2xx === 0);
process.exit(ok ? 0 : 1);
