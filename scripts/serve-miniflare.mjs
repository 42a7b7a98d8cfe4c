// `DEV_SERVER=miniflare scripts/dev.sh`: serves the built Worker (worker/build) on
// 127.0.0.1:8787 with Miniflare alone, on the same local D1 and KV state as
// `wrangler dev --persist-to .dev-state`, without wrangler's dev tooling (inspector,
// log forwarding, asset server). The soak uses it to tell the Worker's memory from
// the tooling's. Bindings come from wrangler.toml [vars] and .dev.vars.
import { readFileSync } from "node:fs";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { BUILT_WORKER } from "./worker-modules.mjs";

const toml = readFileSync("wrangler.toml", "utf8");
const field = (name) => new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m").exec(toml)?.[1];
const vars = {};
const varsSection = /^\[vars\]\n([\s\S]*?)(?=^\[)/m.exec(toml)?.[1] ?? "";
for (const m of varsSection.matchAll(/^([A-Z_]+)\s*=\s*"([^"]*)"/gm)) vars[m[1]] = m[2];
for (const line of readFileSync(".dev.vars", "utf8").split("\n")) {
  const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
  if (m) vars[m[1]] = m[2];
}
const d1Id = /\[\[d1_databases\]\][\s\S]*?database_id\s*=\s*"([^"]+)"/.exec(toml)?.[1];
const kvId = /\[\[kv_namespaces\]\][\s\S]*?\bid\s*=\s*"([^"]+)"/.exec(toml)?.[1];
if (!d1Id || !kvId) throw new Error("wrangler.toml: no d1_databases database_id or kv_namespaces id");

const mf = new Miniflare({
  ...convertV4MiniflareOptions({
    ...BUILT_WORKER,
    compatibilityDate: field("compatibility_date"),
    d1Databases: { DB: d1Id },
    kvNamespaces: { CONFIG: kvId },
    bindings: vars,
  }),
  host: "127.0.0.1",
  port: 8787,
  // wrangler's --persist-to .dev-state keeps each plugin's state under .dev-state/v3.
  resourcePersistencePath: ".dev-state/v3",
});
await mf.ready;
console.log("[dev] Miniflare serving worker/build on http://127.0.0.1:8787");
const stop = async () => {
  await mf.dispose();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
