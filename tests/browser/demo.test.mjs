// Browser tests of the demo page (www/) in Debian's Chromium, driven by playwright-core.
// Run: `source scripts/env.sh && node --test tests/browser/*.test.mjs` (needs `make pkg`,
// which copies the web build to www/vendor/edgeguard/). Never downloads a browser.
//
// www/ is served by a tiny static server started here on 127.0.0.1 (random port); it
// sends the page's own Content-Security-Policy as a header too, so the module worker
// (which does not inherit the page's <meta> policy) runs under the same policy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WWW = path.join(ROOT, "www");
const SCREENSHOT = path.join(ROOT, "docs", "demo.png");
const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

let server; // serves www/ with its CSP as a header too
let plainServer; // serves www/ with no CSP header (for the no-network test, with CSP off)
let browser;

/** The CSP of index.html's <meta> tag, also sent as a header for every file. */
function pageCsp() {
  const html = readFileSync(path.join(WWW, "index.html"), "utf8");
  const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  assert.ok(m, "index.html has a CSP <meta> tag");
  return m[1];
}

function startServer({ csp = pageCsp() } = {}) {
  const srv = http.createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, "http://localhost");
      let file = path.resolve(WWW, `.${decodeURIComponent(pathname)}`);
      if (file !== WWW && !file.startsWith(WWW + path.sep)) throw new Error("outside www");
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": MIME[path.extname(file)] ?? "application/octet-stream",
        ...(csp ? { "content-security-policy": csp } : {}),
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  return new Promise((resolve) => srv.listen(0, "127.0.0.1", () => resolve(srv)));
}

before(async () => {
  assert.ok(
    existsSync(path.join(WWW, "vendor/edgeguard/web/edgeguard_bg.wasm")),
    "www/vendor/edgeguard/ is missing: run `make pkg` (scripts/build-pkg.sh copies the web build there)",
  );
  server = await startServer();
  plainServer = await startServer({ csp: null });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  for (const srv of [server, plainServer]) await new Promise((resolve) => (srv ? srv.close(resolve) : resolve()));
});

/**
 * A fresh page on the demo. Every request the page or its worker makes is recorded
 * (and anything not for the test server is aborted); console errors and page errors,
 * including CSP violations, are collected.
 */
async function openDemo({ viewport = { width: 1280, height: 900 }, csp = true } = {}) {
  const origin = originOf(csp ? server : plainServer);
  const context = await browser.newContext({
    viewport,
    colorScheme: "light",
    acceptDownloads: true,
    bypassCSP: !csp,
  });
  const requests = [];
  const foreign = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requests.push(url);
    if (new URL(url).origin !== origin) {
      foreign.push(url);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  context.on("request", (req) => requests.push(req.url()));
  const page = await context.newPage();
  const errors = [];
  page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
  page.on("pageerror", (err) => errors.push(String(err)));
  await page.goto(`${origin}/`);
  await page.getByTestId("status").filter({ hasText: /Ready: \d+ built-in rules/ }).waitFor({ timeout: 20_000 });
  return { context, page, requests, foreign, errors, origin };
}

const originOf = (srv) => `http://127.0.0.1:${srv.address().port}`;

/** Waits until the run started by `action` has finished (the status says "Done"). */
async function masked(page, action) {
  await page.getByTestId("status").evaluate((el) => {
    el.textContent = ""; // so an earlier "Done" does not count
  });
  await action();
  await page.getByTestId("status").filter({ hasText: /^Done/ }).waitFor({ timeout: 60_000 });
}

// Made-up secrets, random on every run: they can never be real ones.
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const rand = (alphabet, n) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join("");
const openaiKey = () => `sk-proj-${rand(ALNUM, 56)}`;
const awsKeyId = () => `AKIA${rand(B32, 16)}`;
const password = () => `${rand(ALNUM, 18)}`;

test("a log with an OpenAI key, an AWS key id and a postgres password comes out masked", { timeout: 90_000 }, async () => {
  const { context, page, errors } = await openDemo();
  try {
    const key = openaiKey();
    const aws = awsKeyId();
    const pw = password();
    const log = [
      "2025-11-26T10:00:00.000Z INFO  api   starting checkout-service v1.4.2",
      `2025-11-26T10:00:01.000Z DEBUG ai    openai client ready, key ${key}`,
      `2025-11-26T10:00:02.000Z DEBUG aws   using AWS_ACCESS_KEY_ID=${aws} in eu-west-1`,
      `2025-11-26T10:00:03.000Z INFO  db    connecting to postgres://app_user:${pw}@db.internal:5432/app`,
      "2025-11-26T10:00:04.000Z INFO  api   ready in 412 ms",
    ].join("\n");
    await page.getByTestId("log-input").fill(log);
    await masked(page, () => page.getByTestId("run").click());

    const output = page.getByTestId("log-output");
    const text = await output.textContent();
    for (const secret of [key, aws, pw]) assert.ok(!text.includes(secret), `the output still holds ${secret}`);
    // Everything around the secrets is kept as it was.
    assert.match(text, /^2025-11-26T10:00:00\.000Z INFO {2}api {3}starting checkout-service v1\.4\.2\n/);
    assert.ok(text.includes("postgres://app_user:[REDACTED:"), text);
    assert.ok(text.includes("]@db.internal:5432/app\n"), text);
    assert.ok(text.endsWith("ready in 412 ms"), text);

    // Each masked secret is highlighted, labelled with its rule.
    const marks = await output.locator("mark").evaluateAll((els) =>
      els.map((m) => ({ rule: m.dataset.rule, title: m.title, text: m.textContent })),
    );
    assert.equal(marks.length, 3, JSON.stringify(marks));
    const [openai, awsMark, url] = marks;
    assert.match(openai.rule, /openai/);
    assert.match(awsMark.rule, /aws/);
    assert.match(url.rule, /password|url|postgres|database/);
    for (const m of marks) {
      assert.equal(m.text, `[REDACTED:${m.rule}]`);
      assert.ok(m.title.includes(m.rule));
    }

    // The findings list names each rule with its line.
    const findings = await page
      .getByTestId("findings")
      .locator(".finding")
      .evaluateAll((els) => els.map((e) => e.textContent));
    assert.deepEqual(findings, [`${openai.rule}line 2`, `${awsMark.rule}line 3`, `${url.rule}line 4`]);
    assert.match(await page.getByTestId("throughput").textContent(), /^\d+(\.\d+)? MB\/s/);

    // Partial masking keeps the public prefix and nothing of the secret's middle.
    await masked(page, () => page.getByTestId("method").selectOption("partial"));
    const partial = await output.textContent();
    assert.ok(partial.includes(`sk-proj-****${key.slice(-4)}`), partial);
    for (const secret of [key, aws, pw]) assert.ok(!partial.includes(secret), `partial output holds ${secret}`);
    assert.equal(await output.locator("mark").count(), 3);

    // Hash masking: a fingerprint per secret.
    await masked(page, () => page.getByTestId("method").selectOption("hash"));
    const hashed = await output.locator("mark").allTextContents();
    assert.equal(hashed.length, 3);
    for (const h of hashed) assert.match(h, /^\[REDACTED:[a-z0-9-]+:[0-9a-f]{16}\]$/);

    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a custom rule masks its own pattern, and a broken one is reported", { timeout: 60_000 }, async () => {
  const { context, page, errors } = await openDemo();
  try {
    const token = `ord_${rand(ALNUM, 16)}`;
    await page.getByTestId("log-input").fill(`order created token ${token} total=12.50`);
    await page.getByLabel("Rule id").fill("order-token");
    await page.getByLabel("Keyword").fill("ord_");
    await page.getByLabel("Regex").fill("ord_[A-Za-z0-9]{16}");
    await masked(page, () => page.getByTestId("run").click());
    const mark = page.getByTestId("log-output").locator("mark");
    assert.equal(await mark.count(), 1);
    assert.equal(await mark.getAttribute("data-rule"), "order-token");
    assert.equal(await page.getByTestId("log-output").textContent(), "order created token [REDACTED:order-token] total=12.50");

    await page.getByLabel("Regex").fill("ord_[A-Z");
    await page.getByTestId("run").click();
    const error = page.getByTestId("rule-error");
    await error.waitFor({ state: "visible", timeout: 10_000 });
    assert.match(await error.textContent(), /order-token/);
    assert.match(await page.getByTestId("status").textContent(), /Could not mask/);
    // The engine stays usable after a bad rule.
    await page.getByLabel("Regex").fill("ord_[A-Za-z0-9]{16}");
    await masked(page, () => page.getByTestId("run").click());
    assert.equal(await page.getByTestId("log-output").locator("mark").count(), 1);
    assert.ok(await error.isHidden());
    assert.deepEqual(errors.filter((e) => !/order-token/.test(e)), []);
  } finally {
    await context.close();
  }
});

/** About `bytes` of boring log lines with secrets planted at known lines. */
function bigLog(bytes) {
  const lines = [];
  const planted = []; // { line, secrets }
  let size = 0;
  let lineCount = 0;
  const plant = (kind) => {
    const line = lineCount + 1;
    let text;
    let secrets;
    if (kind === 0) {
      secrets = [openaiKey(), awsKeyId()];
      text = `2025-11-26T11:00:00.000Z WARN  cfg   openai client key ${secrets[0]}, AWS_ACCESS_KEY_ID=${secrets[1]}`;
    } else if (kind === 1) {
      secrets = [password()];
      text = `2025-11-26T11:00:00.000Z INFO  db    dsn=postgres://svc:${secrets[0]}@10.0.3.7:5432/orders`;
    } else {
      // A private key across lines: the worker must not cut a chunk inside it.
      const body = randomBytes(900).toString("base64").match(/.{1,64}/g);
      secrets = [body[5], body[10]];
      text = ["-----BEGIN RSA PRIVATE KEY-----", ...body, "-----END RSA PRIVATE KEY-----"].join("\n");
    }
    planted.push({ line, secrets, pem: kind === 2 });
    lines.push(text);
    lineCount += text.split("\n").length;
    size += text.length + 1;
  };
  let i = 0;
  let pem = false;
  while (size < bytes) {
    if (i === 2) plant(0);
    else if (i === 4) plant(1);
    else if (!pem && size > 256 * 1024 - 600) {
      plant(2); // straddles the first 256 KiB chunk boundary
      pem = true;
    } else if (i > 0 && i % 9000 === 0) plant(i % 18000 ? 0 : 1);
    else {
      const text = `2025-11-26T11:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}.${String(i % 1000).padStart(3, "0")}Z INFO  http  GET /api/v1/items/${i}?page=${i % 50} 200 ${i % 97}ms user=u${i % 5000} bytes=${(i * 37) % 90000}`;
      lines.push(text);
      lineCount++;
      size += text.length + 1;
    }
    i++;
  }
  plant(0); // the very last line
  return { text: lines.join("\n") + "\n", planted, lines: lineCount };
}

test("a 10 MB file is masked in a worker, with progress, and the page stays responsive", { timeout: 180_000 }, async (t) => {
  const { context, page, errors } = await openDemo();
  try {
    const { text, planted, lines } = bigLog(10 * 1024 * 1024);
    const secrets = planted.flatMap((p) => p.secrets);
    const expected = planted.reduce((n, p) => n + (p.pem ? 1 : p.secrets.length), 0);
    assert.ok(Buffer.byteLength(text) >= 10 * 1024 * 1024);

    // Record every value the progress bar takes, and how long the main thread stalls
    // while the file is masked (from the moment the run starts: setting a 10 MB file
    // through the DevTools protocol blocks the page by itself, before the app sees it).
    await page.evaluate(() => {
      const progress = document.querySelector("[data-testid=progress]");
      const status = document.querySelector("[data-testid=status]");
      window.__seen = [];
      new MutationObserver(() => window.__seen.push(progress.value)).observe(progress, {
        attributes: true,
        attributeFilter: ["value"],
      });
      window.__maxGap = 0;
      let lastTick = 0;
      window.__ticker = setInterval(() => {
        const now = performance.now();
        if (!status.textContent.startsWith("Masking")) return;
        if (lastTick) window.__maxGap = Math.max(window.__maxGap, now - lastTick);
        lastTick = now;
      }, 20);
    });

    await masked(page, () =>
      page.getByTestId("file-input").setInputFiles({ name: "big.log", mimeType: "text/plain", buffer: Buffer.from(text) }),
    );
    const { seen, maxGap } = await page.evaluate(() => {
      clearInterval(window.__ticker);
      return { seen: window.__seen, maxGap: window.__maxGap };
    });
    assert.ok(seen.some((v) => v > 0 && v < 1), `progress took no intermediate value: ${JSON.stringify(seen)}`);
    assert.ok(seen.length >= 10, `progress was updated only ${seen.length} times for ~40 chunks`);
    assert.equal(await page.getByTestId("progress").evaluate((p) => p.value), 1);
    assert.ok(maxGap < 500, `the main thread stalled for ${Math.round(maxGap)} ms`);
    // The masking ran in the page's module worker (the main thread never loads the wasm).
    assert.deepEqual(page.workers().map((w) => new URL(w.url()).pathname), ["/worker.js"]);
    t.diagnostic(`10 MB: progress updates ${seen.length}, longest main-thread stall ${Math.round(maxGap)} ms, ${await page.getByTestId("throughput").textContent()}; ${await page.getByTestId("throughput").getAttribute("title")}`);

    // What is drawn: the first planted secrets are masked and highlighted.
    const output = page.getByTestId("log-output");
    const shown = await output.evaluate((el) => el.textContent);
    for (const s of planted[0].secrets.concat(planted[1].secrets)) assert.ok(!shown.includes(s), `shown output holds ${s}`);
    const firstMarks = await output.locator("mark").evaluateAll((els) => els.slice(0, 3).map((m) => m.dataset.rule));
    assert.equal(firstMarks.length, 3);
    assert.match(firstMarks[0], /openai/);
    assert.match(firstMarks[1], /aws/);
    assert.ok(await page.getByTestId("truncated").isVisible(), "a 10 MB output is shown in part, with a note");
    assert.match(await page.getByTestId("summary").textContent(), new RegExp(`^${expected} secrets masked`));
    const findings = page.getByTestId("findings").locator(".finding");
    assert.equal(await findings.count(), expected);
    const lastFinding = await findings.last().textContent();
    assert.match(lastFinding, new RegExp(`line ${lines.toLocaleString("en")}$`));

    // What is downloaded: the whole log, every planted secret masked, nothing else touched.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
    assert.equal(download.suggestedFilename(), "big.masked.log");
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const out = Buffer.concat(chunks).toString("utf8");
    for (const s of secrets) assert.ok(!out.includes(s), `the download holds ${s}`);
    assert.equal(out.match(/\[REDACTED:[a-z0-9-]+\]/g)?.length, expected);
    const inLines = text.split("\n");
    const outLines = out.split("\n");
    const pem = planted.find((p) => p.pem);
    assert.ok(pem, "a PEM block was planted at the first chunk boundary");
    const pemLines = inLines.slice(pem.line - 1).findIndex((l) => l.startsWith("-----END")) + 1;
    // The whole block is one mask, and its line breaks stay: line numbers do not move.
    assert.match(outLines[pem.line - 1], /^\[REDACTED:private-key[a-z-]*\]$/);
    assert.deepEqual(outLines.slice(pem.line, pem.line - 1 + pemLines), Array(pemLines - 1).fill(""));
    assert.equal(outLines.length, inLines.length);
    // Every other line is byte for byte the same, except the planted ones (sampled).
    const planted1 = new Set(planted.map((p) => p.line - 1));
    let compared = 0;
    for (let o = 0; o < outLines.length; o += 101) {
      if ((o >= pem.line - 1 && o < pem.line - 1 + pemLines) || planted1.has(o)) continue;
      assert.equal(outLines[o], inLines[o]);
      compared++;
    }
    assert.ok(compared > 1000);
    for (const p of planted.filter((p) => !p.pem)) assert.match(outLines[p.line - 1], /\[REDACTED:/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a long run can be cancelled, and the page masks again afterwards", { timeout: 120_000 }, async () => {
  const { context, page, errors } = await openDemo();
  try {
    const { text } = bigLog(10 * 1024 * 1024);
    // Press Cancel as soon as the first chunk is in, wherever the race would otherwise go.
    await page.evaluate(() => {
      const progress = document.querySelector("[data-testid=progress]");
      const observer = new MutationObserver(() => {
        if (progress.value > 0 && progress.value < 1) {
          observer.disconnect();
          document.querySelector("[data-testid=cancel]").click();
        }
      });
      observer.observe(progress, { attributes: true, attributeFilter: ["value"] });
    });
    await page.getByTestId("file-input").setInputFiles({ name: "big.log", mimeType: "text/plain", buffer: Buffer.from(text) });
    await page.getByTestId("status").filter({ hasText: /^Cancelled/ }).waitFor({ timeout: 30_000 });
    const cancel = page.getByTestId("cancel");
    const shown = await page.getByTestId("log-output").evaluate((el) => el.textContent.length);
    assert.ok(shown > 0 && shown < text.length, `the output shows what was masked before cancelling (${shown})`);
    assert.ok(await cancel.isHidden());
    assert.ok(await page.getByTestId("download").isDisabled(), "a cancelled run offers no download");
    await page.getByText("Clear file").click();
    await masked(page, () => page.getByTestId("sample").click());
    assert.ok((await page.getByTestId("log-output").locator("mark").count()) >= 5);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("no request leaves for another origin", { timeout: 90_000 }, async () => {
  // First with the CSP switched off (no header, bypassCSP): the page itself must not try
  // to reach anywhere else. Every request of the page and its worker is recorded.
  {
    const { context, page, requests, foreign, errors, origin } = await openDemo({ csp: false });
    try {
      await masked(page, () => page.getByTestId("sample").click());
      assert.ok((await page.getByTestId("log-output").locator("mark").count()) >= 3);
      await page.getByTestId("copy").click();
      await masked(page, () => page.getByTestId("method").selectOption("hash"));
      await masked(page, () =>
        page.getByTestId("file-input").setInputFiles({
          name: "small.log",
          mimeType: "text/plain",
          buffer: Buffer.from(`db=postgres://u:${password()}@h/db\n`),
        }),
      );
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
      await download.path();
      await page.waitForTimeout(300); // let anything queued go out

      const seen = [...new Set(requests)].filter((u) => !u.startsWith("data:") && !u.startsWith("blob:"));
      const paths = seen.map((u) => new URL(u).pathname);
      // The recording sees the page, its module graph, the worker and the wasm the worker loads.
      for (const p of ["/", "/app.js", "/style.css", "/worker.js", "/vendor/edgeguard/web.mjs", "/vendor/edgeguard/web/edgeguard.js", "/vendor/edgeguard/web/edgeguard_bg.wasm"]) {
        assert.ok(paths.includes(p), `no request for ${p} was recorded: ${paths.join(", ")}`);
      }
      assert.deepEqual(seen.filter((u) => new URL(u).origin !== origin), [], "requests to other origins");
      assert.deepEqual(foreign, []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  // Then as served: the CSP lets nothing through that is not the page's own.
  {
    const { context, page, requests, errors, origin } = await openDemo();
    try {
      await masked(page, () => page.getByTestId("sample").click());
      assert.deepEqual(errors, [], "nothing the page loads is refused by its CSP");
      const blocked = await page.evaluate(() =>
        fetch("https://example.com/collect", { method: "POST", body: "x" }).then(
          () => "sent",
          (err) => `blocked: ${err.message}`,
        ),
      );
      assert.match(blocked, /^blocked/);
      assert.ok(errors.some((e) => e.includes("Content Security Policy")), errors.join("\n"));
      assert.deepEqual(requests.filter((u) => u.startsWith("http") && new URL(u).origin !== origin), []);
    } finally {
      await context.close();
    }
  }
});

test("screenshot of the page with masked output (docs/demo.png)", { timeout: 60_000 }, async () => {
  const { context, page, errors } = await openDemo({ viewport: { width: 1280, height: 860 } });
  try {
    await masked(page, () => page.getByTestId("sample").click());
    const marks = await page.getByTestId("log-output").locator("mark").count();
    assert.ok(marks >= 5, `the sample shows ${marks} masked secrets`);
    await page.getByTestId("findings").locator("button.finding").first().focus();
    await page.evaluate(() => document.activeElement?.blur());
    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    const png = await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.equal(png.subarray(1, 4).toString(), "PNG");
    assert.ok((await stat(SCREENSHOT)).size > 20_000);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
