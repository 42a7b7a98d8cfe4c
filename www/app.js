// edgeguard demo page: masks logs in the browser. The masking itself runs in a module
// worker (worker.js) with edgeguard's WebAssembly build, so even a 10 MB log leaves the
// page responsive; this file only handles the UI. User text is only ever put into the
// page through textContent / text nodes, never as HTML.

/** Characters of masked output drawn on the page; Copy and Download give everything. */
const DISPLAY_LIMIT = 1_000_000;
/** Line height of the output box (style.css: 13px font, line-height 1.55). */
const LINE_HEIGHT_PX = 20;
/** Findings listed; the rest are counted. */
const FINDINGS_LIMIT = 1000;
/** Files up to this size are loaded into the text box; larger ones are masked from the file. */
const INLINE_FILE_LIMIT = 2 * 1024 * 1024;

const $ = (id) => document.getElementById(id);
const el = {
  status: $("status"),
  input: $("log-input"),
  dropzone: $("dropzone"),
  fileInput: $("file-input"),
  fileInfo: $("file-info"),
  fileName: $("file-name"),
  fileClear: $("file-clear"),
  sample: $("sample"),
  form: $("options"),
  method: $("method"),
  ruleId: $("rule-id"),
  ruleKeyword: $("rule-keyword"),
  ruleRegex: $("rule-regex"),
  ruleError: $("rule-error"),
  run: $("run"),
  cancel: $("cancel"),
  progress: $("progress"),
  throughput: $("throughput"),
  copy: $("copy"),
  download: $("download"),
  summary: $("summary"),
  wrap: $("wrap"),
  output: $("log-output"),
  truncated: $("truncated"),
  findings: $("findings"),
  findingsEmpty: $("findings-empty"),
};

const defaultPlaceholder = el.input.placeholder;

let worker = null;
let engine = "loading"; // "loading" | "ready" | "failed"
let ruleCount = 0;
let quietReady = false; // a restarted worker does not announce itself
let runSeq = 0;
let run = null; // the run in progress
let last = null; // the last finished run: { parts, name, ... }
/** Where the input comes from: the text box, or a large file masked straight from disk. */
const source = { file: null, name: null };

// ---------------------------------------------------------------- worker

function startWorker() {
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module", name: "edgeguard" });
  worker.addEventListener("message", onWorkerMessage);
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    engine = "failed";
    endRun();
    setStatus(`The masking engine could not start${event.message ? `: ${event.message}` : "."}`, "error");
  });
}

function onWorkerMessage({ data: msg }) {
  switch (msg.type) {
    case "ready":
      engine = "ready";
      ruleCount = msg.ruleCount;
      if (!quietReady && !run) {
        setStatus(`Ready: ${ruleCount} built-in rules loaded. Nothing you paste leaves this page.`);
      }
      quietReady = false;
      return;
    case "fatal":
      engine = "failed";
      endRun();
      setStatus(`The masking engine could not start: ${msg.message}`, "error");
      return;
  }
  if (!run || msg.id !== run.id) return; // a cancelled run
  switch (msg.type) {
    case "chunk":
      run.parts.push(msg.text);
      render(msg.text, msg.marks, msg.findings);
      setProgress(msg.progress);
      break;
    case "done":
      finish(msg);
      break;
    case "error":
      if (msg.config) showRuleError(msg.message);
      endRun();
      setStatus(`Could not mask: ${msg.message}`, "error");
      break;
  }
}

// ---------------------------------------------------------------- runs

function readConfig() {
  const id = el.ruleId.value.trim();
  const regex = el.ruleRegex.value.trim();
  const keyword = el.ruleKeyword.value.trim();
  clearRuleError();
  const config = { method: el.method.value };
  if (!id && !regex && !keyword) return config;
  const problems = [];
  if (!/^[a-z0-9-]{1,64}$/.test(id)) {
    problems.push("the id needs 1 to 64 lowercase letters, digits or “-”");
    el.ruleId.setAttribute("aria-invalid", "true");
  }
  if (!regex) {
    problems.push("the regex is empty");
    el.ruleRegex.setAttribute("aria-invalid", "true");
  }
  if (keyword && (keyword.length < 3 || !/^[\x20-\x7e]+$/.test(keyword))) {
    problems.push("the keyword needs at least 3 ASCII characters");
    el.ruleKeyword.setAttribute("aria-invalid", "true");
  }
  if (problems.length) {
    showRuleError(`Custom rule: ${problems.join("; ")}.`);
    el.form.querySelector("[aria-invalid=true]")?.focus();
    return null;
  }
  return { ...config, rules: [{ id, regex, keywords: keyword ? [keyword] : [] }] };
}

function startRun() {
  if (engine === "failed") {
    setStatus("The masking engine is not available in this browser.", "error");
    return;
  }
  const config = readConfig();
  if (!config) {
    setStatus("Fix the custom rule first.", "error");
    return;
  }
  const text = el.input.value;
  if (!source.file && !text) {
    setStatus("Paste a log, drop a file or load the sample first.");
    el.input.focus();
    return;
  }
  if (run) cancelRun({ quiet: true });
  run = {
    id: ++runSeq,
    parts: [],
    rendered: 0,
    found: 0,
    listed: 0,
    truncated: false,
    perRule: new Map(),
    customId: config.rules?.[0]?.id ?? null,
    name: source.file?.name ?? source.name,
  };
  clearOutput();
  setProgress(0);
  el.cancel.hidden = false;
  el.form.setAttribute("aria-busy", "true");
  setStatus(source.file ? `Masking ${source.file.name} (${formatBytes(source.file.size)})…` : "Masking…");
  worker.postMessage(
    source.file ? { type: "run", id: run.id, config, file: source.file } : { type: "run", id: run.id, config, text },
  );
}

function cancelRun({ quiet = false } = {}) {
  if (!run) return;
  // The worker may be deep in a chunk: replace it rather than wait for it.
  worker.terminate();
  quietReady = true;
  startWorker();
  endRun();
  setProgress(0);
  if (!quiet) setStatus("Cancelled. The output shows what was masked before cancelling.");
}

function endRun() {
  run = null;
  el.cancel.hidden = true;
  el.form.removeAttribute("aria-busy");
}

function finish({ bytes, ms, engineMs, count }) {
  const done = run;
  endRun();
  last = done;
  setProgress(1);
  const mbps = bytes / 1e6 / Math.max(ms / 1000, 1e-6);
  el.throughput.textContent = `${formatRate(mbps)} (${formatBytes(bytes)} in ${formatMs(ms)})`;
  el.throughput.title =
    `Masking engine alone: ${formatRate(bytes / 1e6 / Math.max(engineMs / 1000, 1e-6))}; the rest is reading ` +
    "the input and passing chunks between threads. A first run also compiles the rules it needs.";
  el.copy.disabled = false;
  el.download.disabled = false;
  if (done.found > done.listed) {
    const li = document.createElement("li");
    li.className = "more";
    li.textContent = `…and ${(done.found - done.listed).toLocaleString("en")} more (all masked in Copy and Download).`;
    el.findings.append(li);
  }
  if (done.truncated) {
    const total = done.parts.reduce((n, p) => n + p.length, 0);
    el.truncated.textContent = `Showing the first ${DISPLAY_LIMIT.toLocaleString("en")} of ${total.toLocaleString("en")} characters. Copy and Download give the whole masked log.`;
    el.truncated.hidden = false;
  }
  const rules = [...done.perRule.keys()];
  el.summary.textContent = count
    ? `${plural(count, "secret")} masked by ${plural(rules.length, "rule")}`
    : "No secrets found";
  el.findingsEmpty.hidden = count > 0;
  el.findingsEmpty.textContent = "No secrets found.";
  setStatus(
    count
      ? `Done: masked ${plural(count, "secret")} in ${formatBytes(bytes)} at ${formatRate(mbps)}.`
      : `Done: no secrets found in ${formatBytes(bytes)} (${formatRate(mbps)}).`,
  );
}

// ---------------------------------------------------------------- output

function clearOutput() {
  el.output.replaceChildren();
  el.findings.replaceChildren();
  el.findingsEmpty.hidden = false;
  el.findingsEmpty.textContent = "Looking for secrets…";
  el.summary.textContent = "";
  el.truncated.hidden = true;
  el.copy.disabled = true;
  el.download.disabled = true;
  last = null;
}

/**
 * Draws one masked chunk: text nodes, and a <mark> per masked secret. The text goes into
 * blocks of BLOCK_LINES lines that the browser skips laying out while they are off
 * screen (content-visibility), so appending to a long output stays cheap.
 */
function render(text, marks, findings) {
  const out = new BlockWriter();
  const limit = Math.min(text.length, Math.max(0, DISPLAY_LIMIT - run.rendered));
  let at = 0;
  findings.forEach((finding, i) => {
    const index = run.found + i;
    const span = marks?.[i];
    let target = null;
    if (span && span[0] < limit) {
      out.text(text.slice(at, span[0]));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(span[0], span[1]);
      mark.dataset.rule = finding.ruleId;
      mark.title = `${finding.ruleId} (line ${finding.line})`;
      mark.id = target = `finding-${index}`;
      mark.tabIndex = -1;
      if (finding.ruleId === run.customId) mark.classList.add("custom");
      out.node(mark);
      at = span[1];
    }
    run.perRule.set(finding.ruleId, (run.perRule.get(finding.ruleId) ?? 0) + 1);
    listFinding(finding, target);
  });
  const end = Math.max(at, limit);
  out.text(text.slice(at, end));
  if (end < text.length) run.truncated = true;
  run.rendered += end;
  run.found += findings.length;
  out.flushTo(el.output);
  if (findings.length) el.findingsEmpty.hidden = true;
}

/** Lines per block of the output (see render), and blocks always laid out. */
const BLOCK_LINES = 200;
const EAGER_BLOCKS = 3;

/** Appends text and nodes to the output in blocks of BLOCK_LINES lines. */
class BlockWriter {
  constructor() {
    this.frag = document.createDocumentFragment();
    this.block = null;
    this.lines = 0; // line breaks in the current block
    this.endsWithBreak = false;
  }
  open() {
    if (!this.block) {
      this.block = document.createElement("span");
      this.block.className = el.output.childElementCount + this.frag.childElementCount < EAGER_BLOCKS ? "chunk" : "chunk lazy";
      this.endsWithBreak = false;
    }
    return this.block;
  }
  close() {
    if (!this.block) return;
    // The space a block keeps while it is not laid out: the height of its lines.
    const lines = this.lines + (this.endsWithBreak ? 0 : 1);
    this.block.style.containIntrinsicBlockSize = `auto ${Math.max(1, lines) * LINE_HEIGHT_PX}px`;
    this.frag.append(this.block);
    this.block = null;
    this.lines = 0;
  }
  text(s) {
    let from = 0;
    while (from < s.length) {
      let i = from - 1;
      let need = BLOCK_LINES - this.lines;
      while (need > 0 && (i = s.indexOf("\n", i + 1)) !== -1) need--;
      if (need > 0) {
        this.open().append(s.slice(from));
        this.lines = BLOCK_LINES - need;
        this.endsWithBreak = s.endsWith("\n");
        return;
      }
      this.open().append(s.slice(from, i + 1));
      this.lines = BLOCK_LINES;
      this.endsWithBreak = true;
      this.close();
      from = i + 1;
    }
  }
  node(n) {
    this.open().append(n);
    this.endsWithBreak = false;
  }
  flushTo(parent) {
    this.close();
    if (this.frag.hasChildNodes()) parent.append(this.frag);
  }
}

function listFinding(finding, target) {
  if (run.listed >= FINDINGS_LIMIT) return;
  run.listed++;
  const li = document.createElement("li");
  const item = document.createElement(target ? "button" : "span");
  item.className = "finding";
  if (target) {
    item.type = "button";
    item.dataset.target = target;
    item.setAttribute("aria-label", `${finding.ruleId} on line ${finding.line}: show in the output`);
  }
  item.dataset.rule = finding.ruleId;
  const rule = document.createElement("span");
  rule.className = "rule";
  rule.textContent = finding.ruleId;
  const line = document.createElement("span");
  line.className = "line";
  line.textContent = `line ${finding.line.toLocaleString("en")}`;
  item.append(rule, line);
  li.append(item);
  el.findings.append(li);
}

el.findings.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-target]");
  const mark = button && $(button.dataset.target);
  if (!mark) return;
  mark.scrollIntoView({ block: "center", inline: "nearest", behavior: "smooth" });
  mark.focus({ preventScroll: true });
  mark.classList.remove("flash");
  void mark.offsetWidth; // restart the animation
  mark.classList.add("flash");
});

// ---------------------------------------------------------------- copy, download

el.copy.addEventListener("click", async () => {
  if (!last) return;
  const text = last.parts.join("");
  try {
    await navigator.clipboard.writeText(text);
    setStatus(`Copied the masked log (${formatBytes(new Blob([text]).size)}).`);
  } catch {
    window.getSelection()?.selectAllChildren(el.output);
    el.output.focus();
    setStatus(
      last.truncated
        ? "Copying is blocked here: use Download for the whole masked log."
        : "Copying is blocked here: the output is selected, press Ctrl+C.",
      "error",
    );
  }
});

el.download.addEventListener("click", () => {
  if (!last) return;
  const blob = new Blob(last.parts, { type: "text/plain;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = maskedName(last.name);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  setStatus(`Downloading ${a.download} (${formatBytes(blob.size)}).`);
});

el.wrap.addEventListener("change", () => el.output.classList.toggle("wrap", el.wrap.checked));

function maskedName(name) {
  if (!name) return "masked.log";
  const base = name.replace(/[\\/:*?"<>|\x00-\x1f]+/g, "_");
  const dot = base.lastIndexOf(".");
  return dot > 0 ? `${base.slice(0, dot)}.masked${base.slice(dot)}` : `${base}.masked.log`;
}

// ---------------------------------------------------------------- input

async function useFile(file) {
  if (!file) return;
  if (file.size <= INLINE_FILE_LIMIT) {
    clearFile();
    try {
      el.input.value = await file.text();
    } catch (err) {
      setStatus(`Could not read ${file.name}: ${err.message}`, "error");
      return;
    }
    source.name = file.name;
  } else {
    source.file = file;
    source.name = file.name;
    el.input.value = "";
    el.input.readOnly = true;
    el.input.placeholder = `${file.name} (${formatBytes(file.size)}) is masked straight from the file, in a background worker; it is not loaded into this box.`;
    el.fileName.textContent = `${file.name} · ${formatBytes(file.size)}`;
    el.fileInfo.hidden = false;
  }
  startRun();
}

function clearFile() {
  source.file = null;
  source.name = null;
  el.input.readOnly = false;
  el.input.placeholder = defaultPlaceholder;
  el.fileInfo.hidden = true;
  el.fileName.textContent = "";
}

el.fileInput.addEventListener("change", () => {
  const file = el.fileInput.files?.[0];
  el.fileInput.value = ""; // choosing the same file again runs again
  useFile(file);
});

el.fileClear.addEventListener("click", () => {
  if (run) cancelRun({ quiet: true });
  clearFile();
  el.input.focus();
  setStatus("File cleared.");
});

const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
el.dropzone.addEventListener("dragover", (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "copy";
  el.dropzone.classList.add("dragging");
});
el.dropzone.addEventListener("dragleave", (event) => {
  if (!el.dropzone.contains(event.relatedTarget)) el.dropzone.classList.remove("dragging");
});
el.dropzone.addEventListener("drop", (event) => {
  if (!hasFiles(event)) return;
  event.preventDefault();
  el.dropzone.classList.remove("dragging");
  useFile(event.dataTransfer.files[0]);
});
// A file dropped next to the box must not navigate away from the page.
window.addEventListener("dragover", (event) => hasFiles(event) && event.preventDefault());
window.addEventListener("drop", (event) => hasFiles(event) && event.preventDefault());

el.input.addEventListener("input", () => {
  if (!el.input.value) source.name = null;
});

el.form.addEventListener("submit", (event) => {
  event.preventDefault();
  startRun();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
    event.preventDefault();
    startRun();
  }
});
el.cancel.addEventListener("click", () => {
  cancelRun();
  el.run.focus();
});

// Changing the method re-masks what was masked last.
el.method.addEventListener("change", () => {
  if (last || run) startRun();
});

for (const input of [el.ruleId, el.ruleKeyword, el.ruleRegex]) {
  input.addEventListener("input", () => input.removeAttribute("aria-invalid"));
}

function showRuleError(message) {
  el.ruleError.textContent = message;
  el.ruleError.hidden = false;
}

function clearRuleError() {
  el.ruleError.hidden = true;
  el.ruleError.textContent = "";
  for (const input of [el.ruleId, el.ruleKeyword, el.ruleRegex]) input.removeAttribute("aria-invalid");
}

// ---------------------------------------------------------------- sample

el.sample.addEventListener("click", () => {
  if (run) cancelRun({ quiet: true });
  clearFile();
  el.input.value = sampleLog();
  source.name = "sample.log";
  startRun();
});

/** A short service log with freshly made-up secrets (random, so never real ones). */
function sampleLog() {
  const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const B64URL = `${ALNUM}-_`;
  const rand = (alphabet, n) =>
    Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => alphabet[b % alphabet.length]).join("");
  const b64url = (obj) => btoa(JSON.stringify(obj)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  const jwt = [b64url({ alg: "HS256", typ: "JWT" }), b64url({ sub: "u_1842", exp: 1767225600 }), rand(B64URL, 43)].join(".");
  const t = (s) => `2025-11-26T09:14:${s}Z`;
  return [
    `${t("02.118")} INFO  api      starting checkout-service v1.4.2 on :8080 (pid 4121)`,
    `${t("02.304")} DEBUG ai       OpenAI client ready (key ${["sk", "proj", rand(ALNUM, 56)].join("-")})`,
    `${t("02.305")} DEBUG config   AWS_ACCESS_KEY_ID=${"AKIA" + rand(B32, 16)} region=eu-west-1`,
    `${t("02.412")} INFO  db       connecting to postgres://billing:${rand(ALNUM, 14)}@db.internal:5432/billing?sslmode=require`,
    `${t("03.020")} INFO  http     GET /api/v1/orders?page=2 200 14ms`,
    `${t("03.511")} WARN  auth     login failed user=alice password=${rand(ALNUM, 12)} attempts=3`,
    `${t("04.002")} INFO  git      fetching plugins with token ${"ghp_" + rand(ALNUM, 36)}`,
    `${t("04.310")} ERROR billing  charge failed (key ${["sk", "live", rand(ALNUM, 24)].join("_")}): card_declined`,
    `${t("05.871")} INFO  http     GET /api/v1/profile 200 9ms authorization="Bearer ${jwt}"`,
    `${t("06.004")} INFO  queue    processed 128 jobs in 2.1s (task_queues=4, max_tokens=512)`,
    "",
  ].join("\n");
}

// ---------------------------------------------------------------- helpers

function setStatus(text, kind = "info") {
  el.status.textContent = text;
  el.status.dataset.kind = kind;
}

function setProgress(fraction) {
  el.progress.value = Math.max(0, Math.min(1, fraction));
}

function plural(n, word) {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}

function formatBytes(n) {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}

function formatRate(mbps) {
  if (mbps >= 100) return `${mbps.toFixed(0)} MB/s`;
  if (mbps >= 1) return `${mbps.toFixed(1)} MB/s`;
  return `${mbps.toPrecision(2)} MB/s`;
}

function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

startWorker();
