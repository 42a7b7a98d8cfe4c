// Types of the Node entry (require and import).
export * from "./node/edgeguard.js";
import type { RedactOptions } from "./node/edgeguard.js";

declare module "./node/edgeguard.js" {
  interface Redactor {
    /** A TransformStream that masks secrets, even those split across chunks. */
    stream(): TransformStream<string, string>;
    /** A masked copy of `value`, as `maskSensitiveData` makes it with this redactor. */
    redactValue<T>(value: T): T;
    /** `JSON.stringify(this.redactValue(value))`, without the copy (see `maskSensitiveJson`). */
    redactJson(value: unknown): string;
  }
}

/**
 * A masked copy of `value` (the input is not modified), as
 * `JSON.parse(JSON.stringify(value))` would copy it: the values of sensitive keys
 * (`password`, `api_key`, `X-Api-Key`, `client_secret`, ...; see `isSensitiveKey`) masked
 * whole, as is the `value` of a name/value pair whose `name` (or `key`) is such a key
 * (`{name: "DB_PASSWORD", value: "…"}`), every other string scanned for secrets. Throws a `TypeError` on a cycle or a
 * BigInt, an `Error` when nested deeper than `maxDepth`.
 */
export declare function maskSensitiveData<T>(value: T, options?: RedactOptions): T;

/**
 * `JSON.stringify(maskSensitiveData(value, options))`, the same text, made without
 * copying `value`: `JSON.stringify(value)` is masked in one pass in wasm. For logs
 * written as JSON lines. Like `JSON.stringify`, gives `undefined` for `undefined`, a
 * function or a symbol; throws what `maskSensitiveData` throws.
 */
export declare function maskSensitiveJson(value: unknown, options?: RedactOptions): string;
