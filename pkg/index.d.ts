// Types of the Node entry (require and import).
export * from "./node/edgeguard.js";

declare module "./node/edgeguard.js" {
  interface Redactor {
    /** A TransformStream that masks secrets, even those split across chunks. */
    stream(): TransformStream<string, string>;
  }
}
