// The panel's worker (sentinel-copilot-worker): the demo workspace and the KQL engine run there, off
// the page's thread. One per page, started on first use and shared by the panels on it; each panel
// sends in its own group, so that cancelling in one panel leaves the others' requests alone.
// wasm-bindgen copies this file to snippets/<crate>/src/worker_link.js: three levels below the
// panel's files, where the worker's files are.
const base = new URL("../../../", import.meta.url).href;
const STARTUP_LIMIT_MS = 120000;
let link = null;

function open() {
  let worker;
  try {
    worker = new Worker(base + "sentinel-copilot-worker_loader.js");
  } catch (e) {
    // The panel's files are on another origin (a CDN), and a worker script must come from the
    // page's: start one from a blob that loads them (a CSP then needs `worker-src blob:`).
    const report = 'postMessage({ kind: "failed", message: String((e && e.message) || e) })';
    const src =
      `try { importScripts(${JSON.stringify(base + "sentinel-copilot-worker.js")}); ` +
      `wasm_bindgen({ module_or_path: ${JSON.stringify(base + "sentinel-copilot-worker_bg.wasm")} })` +
      `.catch((e) => ${report}); } catch (e) { ${report}; }`;
    try {
      worker = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })));
    } catch (e2) {
      const message = `the panel's worker could not be started (${e?.message ?? e})`;
      return { send: () => Promise.reject(new Error(message)), cancel() {} };
    }
  }
  const pending = new Map();
  let next = 1;
  let failure = null;
  let started;
  const ready = new Promise((resolve) => (started = resolve));
  const fail = (message) => {
    failure = message;
    started();
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  };
  const limit = setTimeout(
    () => fail(`the panel's worker did not start within ${STARTUP_LIMIT_MS / 1000} s`),
    STARTUP_LIMIT_MS,
  );
  worker.onmessage = (event) => {
    const m = event.data;
    if (m && m.kind === "ready") {
      clearTimeout(limit);
      started();
      return;
    }
    if (m && m.kind === "failed") {
      clearTimeout(limit);
      fail(`the panel's worker could not load its module (${m.message})`);
      return;
    }
    const p = pending.get(m && m.id);
    if (p) {
      pending.delete(m.id);
      p.resolve(m);
    }
  };
  worker.onerror = (e) => {
    e.preventDefault();
    fail(`the panel's worker failed: ${e.message || "its script could not be loaded"}`);
  };
  worker.onmessageerror = () => fail("a message from the panel's worker could not be read");
  return {
    async send(group, message, transfer) {
      await ready;
      if (failure) throw new Error(failure);
      const id = next++;
      message.id = id;
      return new Promise((resolve, reject) => {
        pending.set(id, { group, resolve, reject });
        worker.postMessage(message, transfer ? [transfer] : []);
      });
    },
    cancel(group) {
      for (const [id, p] of pending) {
        if (p.group === group) {
          pending.delete(id);
          p.reject(new Error("stopped"));
        }
      }
    },
  };
}

export function workerSend(group, message, transfer) {
  if (!link) link = open();
  return link.send(group, message, transfer);
}

export function workerCancel(group) {
  if (link) link.cancel(group);
}
