// Types of the browser entry: call the default export (init) once before use.
export * from "./web/edgeguard.js";
export { default } from "./web/edgeguard.js";

declare module "./web/edgeguard.js" {
  interface Redactor {
    /** A TransformStream that masks secrets, even those split across chunks. */
    stream(): TransformStream<string, string>;
  }
}
