// Start-up time: navigation to an interactive panel, next to a one-component Leptos page built
// with the same profile, each served statically and loaded cold in headless Chromium.
// Run by `cargo xtask startup` (which builds both); prints medians and every run, in ms.
import { serveStatic, launch } from "./harness.mjs";

const [panelDir, baselineDir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);

/** Milliseconds from navigation start until `ready` resolves, in a fresh browser profile. */
async function measure(dir, ready) {
  const server = await serveStatic(dir);
  const times = [];
  try {
    for (let i = 0; i < runs; i++) {
      const browser = await launch();
      const page = await browser.newPage();
      await page.goto(server.url, { waitUntil: "commit" });
      await ready(page);
      times.push(await page.evaluate(() => performance.now()));
      // Where the panel's time goes: the wasm download and compile, and generating the demo tenant.
      const parts = await page.evaluate(() => ({
        wasm: performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"))?.responseEnd,
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

const panel = await measure(panelDir, (page) =>
  page.getByRole("list", { name: "Incidents" }).getByRole("listitem").first().waitFor({ timeout: 60_000 }),
);
const baseline = await measure(baselineDir, (page) => page.getByRole("button", { name: /Clicked/ }).waitFor());
const round = (xs) => xs.map((x) => Math.round(x));
console.log(JSON.stringify({ runs, panel: round(panel), baseline: round(baseline) }));
console.log(
  `panel: wasm fetched at ${Math.round(median(breakdown.map((b) => b.wasm ?? 0)))} ms, ` +
    `demo tenant generated in ${Math.round(median(breakdown.map((b) => b.demo)))} ms (medians)`,
);
console.log(
  `navigation -> interactive, median of ${runs}: panel ${Math.round(median(panel))} ms, ` +
    `one-component Leptos page ${Math.round(median(baseline))} ms, ratio ${(median(panel) / median(baseline)).toFixed(2)}x`,
);
