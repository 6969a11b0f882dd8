// The panel's worker (sentinel-copilot-worker): the demo workspace and the KQL engine run there, off
// the page's thread. One per page, started on first use and shared by the panels on it; each panel
// sends in its own group, so that cancelling in one panel leaves the others' requests alone.
// wasm-bindgen copies this file to snippets/<crate>/src/worker_link.js, and the build bundles it
// into the panel's module (see xtask/src/bundle.rs); `base` is the panel's directory either way.
//
// A query running in the worker cannot be interrupted from outside (the worker does nothing else
// until it returns), so cancelling one replaces the worker: the new one is brought to the same
// state (the demo, with the changes made to it, and the panels' files) and the other panels'
// waiting requests are sent to it again.
const base = panelDirectory(import.meta.url);
const STARTUP_LIMIT_MS = 120000;
let link = null;

/** Starts a worker; `handlers` get its answers. Returns null when no worker can be made. */
function spawn(handlers) {
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
      handlers.fail(`the panel's worker could not be started (${e?.message ?? e})`);
      return null;
    }
  }
  const limit = setTimeout(
    () => handlers.fail(`the panel's worker did not start within ${STARTUP_LIMIT_MS / 1000} s`),
    STARTUP_LIMIT_MS,
  );
  worker.onmessage = (event) => {
    const m = event.data;
    if (m && m.kind === "ready") {
      clearTimeout(limit);
      handlers.ready();
    } else if (m && m.kind === "failed") {
      clearTimeout(limit);
      handlers.fail(`the panel's worker could not load its module (${m.message})`);
    } else {
      handlers.answer(m);
    }
  };
  worker.onerror = (e) => {
    e.preventDefault();
    clearTimeout(limit);
    handlers.fail(`the panel's worker failed: ${e.message || "its script could not be loaded"}`);
  };
  worker.onmessageerror = () => handlers.fail("a message from the panel's worker could not be read");
  worker.stop = () => {
    clearTimeout(limit);
    worker.terminate();
  };
  return worker;
}

/** The operation of a workspace call (`query`, `addComment`...), or null. */
function callOp(message) {
  if (message.kind !== "call") return null;
  try {
    return JSON.parse(message.json).op ?? null;
  } catch {
    return null;
  }
}

/** Whether a request can run long: a query, on the workspace or over a panel's files, or the
 * reading of a dropped file. */
function runsLong(message) {
  return message.kind === "local" || message.kind === "add-file" || callOp(message) === "query";
}

/** Whether a request changes what the worker holds, so that a new worker must be told again. */
function changesState(message) {
  const op = callOp(message);
  return message.kind === "demo" || message.kind === "add-file" || op === "updateIncident" || op === "addComment";
}

/** Whether the worker's answer is a success (`{"ok": ...}`), not an error. */
function succeeded(answer) {
  try {
    return !("err" in JSON.parse(answer.json));
  } catch {
    return false;
  }
}

function open() {
  /** Requests sent and not answered yet, by id (in the order sent). */
  const pending = new Map();
  /** The requests that made the worker's state, in order, to bring a new worker to it. */
  const journal = [];
  let next = 1;
  let failure = null;
  let worker = null;
  let ready = null;

  const fail = (message) => {
    failure = message;
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  };
  const answer = (m) => {
    const p = pending.get(m && m.id);
    if (!p) return;
    pending.delete(m.id);
    if (p.group !== null && changesState(p.message) && succeeded(m)) journal.push(p);
    if (p.message.kind === "forget-file" && succeeded(m)) {
      const gone = p.message;
      for (let i = journal.length - 1; i >= 0; i--) {
        const j = journal[i].message;
        if (j.kind === "add-file" && j.panel === gone.panel && j.table === gone.table) journal.splice(i, 1);
      }
    }
    p.resolve(m);
  };
  /** Sends a request as it was first sent (a file's bytes again from the kept copy). */
  const post = async (p) => {
    const message = { ...p.message, id: p.id };
    let transfer = [];
    if (p.copy) {
      message.bytes = await p.copy.arrayBuffer();
      transfer = [message.bytes];
    }
    worker.postMessage(message, transfer);
  };
  const start = () => {
    let started;
    ready = new Promise((resolve) => (started = resolve));
    worker = spawn({
      ready: started,
      fail: (message) => {
        fail(message);
        started();
      },
      answer,
    });
    if (!worker) started();
  };
  /** Replaces the worker with a new one in the same state; the others' requests go to it. */
  const restart = () => {
    worker.stop();
    start();
    const replayed = ready.then(async () => {
      if (failure) return;
      for (const entry of journal.slice()) {
        const id = next++;
        await new Promise((resolve) => {
          pending.set(id, { group: null, message: entry.message, copy: entry.copy, resolve, reject: resolve, id });
          post(pending.get(id));
        });
      }
      for (const p of [...pending.values()]) if (p.group !== null) await post(p);
    });
    ready = replayed;
  };
  start();

  return {
    async send(group, message, transfer) {
      await ready;
      if (failure) throw new Error(failure);
      const id = next++;
      // A file's bytes are handed over without a copy; a copy is kept to give a new worker.
      const copy = transfer && message.kind === "add-file" ? new Blob([transfer]) : null;
      return new Promise((resolve, reject) => {
        const p = { group, message: { ...message }, copy, resolve, reject, id };
        pending.set(id, p);
        message.id = id;
        worker.postMessage(message, transfer ? [transfer] : []);
      });
    },
    /** Forgets a panel that left the page: its files, here and in the worker. */
    forgetPanel(panel) {
      for (let i = journal.length - 1; i >= 0; i--) {
        const j = journal[i].message;
        if (j.kind === "add-file" && j.panel === panel) {
          journal.splice(i, 1);
          if (!failure) worker.postMessage({ kind: "forget-file", panel, table: j.table, id: next++ });
        }
      }
    },
    /** Stops the worker: the last panel left the page. */
    close() {
      fail("the panel was closed");
      worker?.stop();
    },
    cancel(group) {
      // The worker answers in the order it was asked: the first pending request is running.
      const running = pending.values().next().value;
      let stopped = false;
      for (const [id, p] of pending) {
        if (p.group === group) {
          pending.delete(id);
          p.reject(new Error("stopped"));
          stopped = true;
        }
      }
      if (stopped && running && running.group === group && runsLong(running.message) && !failure) restart();
    },
  };
}

/** The panels mounted on the page; the worker stops when the last one leaves. */
let panels = 0;

export function workerSend(group, message, transfer) {
  if (panels === 0) return Promise.reject(new Error("the panel was closed"));
  if (!link) link = open();
  return link.send(group, message, transfer);
}

/** A panel was mounted. */
export function panelOpened() {
  panels += 1;
}

/** A panel left the page (`panel`: its files' id): its files are forgotten, and with the last
 * panel the worker stops. */
export function panelClosed(panel) {
  panels = Math.max(0, panels - 1);
  if (!link) return;
  link.forgetPanel(panel);
  if (panels === 0) {
    link.close();
    link = null;
  }
}

export function workerCancel(group) {
  if (link) link.cancel(group);
}

/** The directory of the panel's files, from the URL of this code: above `snippets/` where
 * wasm-bindgen puts it, or beside the bundle it is part of. */
export function panelDirectory(here) {
  const at = here.lastIndexOf("/snippets/");
  return at >= 0 ? here.slice(0, at + 1) : new URL("./", here).href;
}
