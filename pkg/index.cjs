"use strict";
// Node entry (CommonJS): the wasm is loaded synchronously on require.
const core = require("./node/edgeguard.js");

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

module.exports = core;
