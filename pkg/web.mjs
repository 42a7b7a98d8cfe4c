// Browser and bundler entry (ES module). Call `await init()` once before anything
// else (it fetches edgeguard_bg.wasm next to this file; pass a URL or bytes to override).
import init, * as core from "./web/edgeguard.js";
import { install } from "./extras.mjs";

export * from "./web/edgeguard.js";
export default init;

const extras = install(core);
/** A masked copy of `value` (see the package README). */
export const maskSensitiveData = extras.maskSensitiveData;
/** `JSON.stringify(maskSensitiveData(value, options))`, without the copy. */
export const maskSensitiveJson = extras.maskSensitiveJson;
/** `message` with every secret masked. */
export const sanitizeLogMessage = extras.sanitizeLogMessage;
