// The built Worker (scripts/build-worker.sh -> worker/build) as Miniflare loads it;
// shared by the Worker tests (tests/worker/support.mjs) and scripts/serve-miniflare.mjs.
export const BUILT_WORKER = {
  modulesRoot: "worker/build",
  modules: [
    { type: "ESModule", path: "worker/build/index.js" },
    { type: "CompiledWasm", path: "worker/build/index_bg.wasm" },
  ],
};
