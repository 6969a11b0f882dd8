// Starts the panel's worker (copied beside the panel's files by Trunk): loads the wasm-bindgen
// glue, then the module. A module that cannot be fetched or compiled is reported to the panel,
// which would otherwise wait for a worker that never says it is ready.
try {
  importScripts("./sentinel-copilot-worker.js");
  wasm_bindgen({ module_or_path: "./sentinel-copilot-worker_bg.wasm" }).catch((e) =>
    postMessage({ kind: "failed", message: String((e && e.message) || e) }),
  );
} catch (e) {
  postMessage({ kind: "failed", message: String((e && e.message) || e) });
}
