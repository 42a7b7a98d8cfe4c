// Browser and bundler entry (ES module). Call `await init()` once before anything
// else (it fetches edgeguard_bg.wasm next to this file; pass a URL or bytes to override).
import init, * as core from "./web/edgeguard.js";

export * from "./web/edgeguard.js";
export default init;

/** `Redactor.prototype.stream()`: a TransformStream<string, string> over a scrubber. */
core.Redactor.prototype.stream = function stream() {
  const scrubber = this.scrubber();
  return new TransformStream({
    transform(chunk, controller) {
      const out = scrubber.push(chunk);
      if (out) controller.enqueue(out);
    },
    flush(controller) {
      const out = scrubber.finish();
      scrubber.free();
      if (out) controller.enqueue(out);
    },
  });
};
