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

/** Records, in the page, when each named condition first holds (checked on every DOM change and
 * focus change), so that the times do not include the test driver's polling and round trips. */
function recordMilestones(conditions) {
  window.__milestones = {};
  const check = () => {
    for (const [name, holds] of Object.entries(conditions)) {
      if (!(name in window.__milestones) && holds()) window.__milestones[name] = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener("focusin", check, true);
}

/** Milliseconds from navigation start to each milestone (`{name: condition source}`), per cold load
 * in a fresh browser profile. */
async function measure(dir, milestones) {
  const server = await serveStatic(dir);
  const times = Object.fromEntries(Object.keys(milestones).map((k) => [k, []]));
  try {
    for (let i = 0; i < runs; i++) {
      const browser = await launch();
      const page = await browser.newPage();
      const conditions = Object.entries(milestones)
        .map(([name, source]) => `${JSON.stringify(name)}: () => (${source})`)
        .join(", ");
      await page.addInitScript(`(${recordMilestones})({ ${conditions} })`);
      await page.goto(server.url, { waitUntil: "commit" });
      for (const name of Object.keys(milestones)) {
        await page.waitForFunction((n) => window.__milestones && n in window.__milestones, name, {
          timeout: 60_000,
        });
        times[name].push(await page.evaluate((n) => window.__milestones[n], name));
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

const panelTimes = await measure(panelDir, {
  interactive: `document.activeElement?.getAttribute("aria-label") === "Ask Copilot"`,
  queue: `document.querySelector('[aria-label="Incidents"] li') !== null`,
});
const panel = panelTimes.interactive;
const queue = panelTimes.queue;
const baseline = (
  await measure(baselineDir, {
    interactive: `[...document.querySelectorAll("button")].some((b) => /Clicked/.test(b.textContent))`,
  })
).interactive;
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
