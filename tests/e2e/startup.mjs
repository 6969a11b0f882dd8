// Start-up time: navigation to an interactive panel, next to a one-component Leptos page built
// with the same profile, each served statically and loaded cold in headless Chromium.
// Run by `cargo xtask startup` (which builds both); prints medians and every run, in ms.
//
// The panel is interactive when its prompt box has the focus (typing works; a question asked
// before the demo is ready waits for it). The demo tenant is generated in the panel's worker; when
// its incidents fill the queue is reported beside it.
import { serveStatic, launch } from "./harness.mjs";

const [panelDir, baselineDir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);

/** Milliseconds from navigation start until `ready` resolves, in a fresh browser profile; `later`
 * (optional) is a second milestone, recorded in `laterTimes`. */
async function measure(dir, ready, later, laterTimes) {
  const server = await serveStatic(dir);
  const times = [];
  try {
    for (let i = 0; i < runs; i++) {
      const browser = await launch();
      const page = await browser.newPage();
      await page.goto(server.url, { waitUntil: "commit" });
      await ready(page);
      times.push(await page.evaluate(() => performance.now()));
      if (later) {
        await later(page);
        laterTimes.push(await page.evaluate(() => performance.now()));
      }
      // Where the panel's time goes: the wasm download and compile, and generating the demo tenant.
      const parts = await page.evaluate(() => ({
        wasm: performance
          .getEntriesByType("resource")
          .find((e) => e.name.endsWith(".wasm") && !e.name.includes("worker"))?.responseEnd,
        demo: performance.getEntriesByName("sc-demo-generate")[0]?.duration,
      }));
      if (parts.demo !== undefined) breakdown.push(parts);
      await browser.close();
    }
  } finally {
    await server.close();
  }
  return times;
}

const breakdown = [];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const queue = [];
const panel = await measure(
  panelDir,
  (page) =>
    page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Ask Copilot", null, {
      timeout: 60_000,
      polling: "raf",
    }),
  (page) => page.getByRole("list", { name: "Incidents" }).getByRole("listitem").first().waitFor({ timeout: 60_000 }),
  queue,
);
const baseline = await measure(baselineDir, (page) => page.getByRole("button", { name: /Clicked/ }).waitFor());
const round = (xs) => xs.map((x) => Math.round(x));
console.log(JSON.stringify({ runs, panel: round(panel), queue: round(queue), baseline: round(baseline) }));
console.log(
  `panel: wasm fetched at ${Math.round(median(breakdown.map((b) => b.wasm ?? 0)))} ms, ` +
    `demo tenant started in the worker and generated in ${Math.round(median(breakdown.map((b) => b.demo)))} ms, ` +
    `queue filled at ${Math.round(median(queue))} ms (medians)`,
);
console.log(
  `navigation -> interactive, median of ${runs}: panel ${Math.round(median(panel))} ms, ` +
    `one-component Leptos page ${Math.round(median(baseline))} ms, ratio ${(median(panel) / median(baseline)).toFixed(2)}x`,
);
