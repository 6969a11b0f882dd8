// Shared set-up for the end-to-end tests: a static server for dist/ and headless Chromium.
import { createServer } from "node:http";
import { readFile, mkdir, rm } from "node:fs/promises";
import { existsSync, mkdtempSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { tmpdir } from "node:os";
import { spawn } from "node:child_process";
import { chromium } from "playwright-core";

export const root = resolve(import.meta.dirname, "../..");
export const dist = process.env.E2E_DIST ?? join(root, "dist");
export const shots = join(root, "target/e2e");

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Serves `dir` on an ephemeral port under `prefix`, with extra response `headers`. */
export async function serveStatic(dir = dist, { prefix = "/", headers = {} } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || "index.html";
    if (rel.endsWith("/")) rel += "index.html";
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", ...headers });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Headless Debian Chromium with the flags this machine needs. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "sc-e2e-"));
  await mkdir(shots, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  // The profile (about 18 MB) goes with the browser: a test run launches hundreds.
  const close = context.close.bind(context);
  context.close = async (...args) => {
    await close(...args);
    await rm(profile, { recursive: true, force: true });
  };
  return context;
}

/** Sends a prompt through the "Ask Copilot" textbox and waits for one more answer article. */
export async function ask(page, prompt) {
  const log = page.getByRole("log");
  const before = await log.getByRole("article").count();
  const box = page.getByRole("textbox", { name: "Ask Copilot" });
  await box.fill(prompt);
  const t0 = await page.evaluate(() => performance.now());
  await box.press("Enter");
  // A page's first answer also fetches the chat's code and may wait for the demo's logs.
  await log.getByRole("article").nth(before).waitFor({ timeout: 60_000 });
  const t1 = await page.evaluate(() => performance.now());
  return { answer: log.getByRole("article").nth(before), ms: t1 - t0 };
}

/** Starts `sentinel-proxy --simulate` (built by `cargo xtask test`) on a free port, allowing
 * `origin`, and resolves with its URL and process once it answers /healthz. */
export async function startProxy(origin, extra = []) {
  const bin = join(root, "target/debug/sentinel-proxy");
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(bin, ["--simulate", "--listen", `127.0.0.1:${port}`, "--allow-origin", origin, ...extra], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, SENTINEL_PROXY_LOG: "warn" },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("sentinel-proxy did not start");
}
