// Start-up time: navigation to an interactive panel, next to a one-component Leptos page built
// with the same profile, each served statically and loaded cold in headless Chromium.
// Run by `cargo xtask startup` (which builds both); prints medians and every run, in ms.
//
// The panel is interactive when its prompt box has the focus (typing works; a question asked
// before the demo is ready waits for it), the baseline when its button is in the page; each is
// timed at the first frame painted after that (so both pay their style, layout and paint). The
// demo tenant is generated in the panel's worker; when its incidents fill the queue is reported
// beside it.
//
// Nothing is injected into the page while it loads: Playwright's polling helpers parse a large
// script on the page's main thread (about 35 ms here), which would land inside the measured time.
// The page records its own milestones; the driver reads them once they are all there.
import { serveStatic, launch } from "./harness.mjs";

const [panelDir, baselineDir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 7);

/** Records, in the page, when each named condition first holds (checked on every DOM change and
 * focus change), and when the next frame after that is painted (`<name>Painted`), so that the
 * times do not include the test driver's polling and round trips. */
function recordMilestones(conditions) {
  window.__milestones = {};
  const check = () => {
    for (const [name, holds] of Object.entries(conditions)) {
      if (!(name in window.__milestones) && holds()) {
        window.__milestones[name] = performance.now();
        // rAF runs just before the frame's style, layout and paint; the task after it, once the
        // frame is done.
        requestAnimationFrame(() => setTimeout(() => (window.__milestones[`${name}Painted`] = performance.now())));
      }
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  document.addEventListener("focusin", check, true);
}

/** Milliseconds from navigation start to each milestone (`{name: condition source}`) of one cold
 * load of `url` in a fresh browser profile. */
async function loadOnce(url, milestones) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const conditions = Object.entries(milestones)
      .map(([name, source]) => `${JSON.stringify(name)}: () => (${source})`)
      .join(", ");
    await page.addInitScript(`(${recordMilestones})({ ${conditions} })`);
    await page.goto(url, { waitUntil: "commit" });
    // Read the milestones only after the measured part of the load (no driver work in the page
    // before then), then every 100 ms until they are all recorded.
    const wanted = Object.keys(milestones).flatMap((n) => [n, `${n}Painted`]);
    await page.waitForTimeout(1500);
    let times = {};
    for (const started = Date.now(); Date.now() - started < 60_000; await page.waitForTimeout(100)) {
      times = await page.evaluate(() => window.__milestones ?? {});
      if (wanted.every((n) => n in times)) break;
    }
    const missing = wanted.filter((n) => !(n in times));
    if (missing.length) throw new Error(`${url}: no ${missing.join(", ")} within a minute`);
    // Where the panel's time goes: the wasm download and compile, and generating the demo tenant.
    const parts = await page.evaluate(() => ({
      wasm: performance
        .getEntriesByType("resource")
        .find((e) => e.name.endsWith(".wasm") && !e.name.includes("worker"))?.responseEnd,
      demo: performance.getEntriesByName("sc-demo-generate")[0]?.duration,
      // The panel's own marks: its code starts running, its first view is built.
      start: performance.getEntriesByName("sc-start")[0]?.startTime,
      mounted: performance.getEntriesByName("sc-mounted")[0]?.startTime,
    }));
    if (parts.demo !== undefined) breakdown.push(parts);
    return times;
  } finally {
    await browser.close();
  }
}

const breakdown = [];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const panelMilestones = {
  interactive: `document.activeElement?.getAttribute("aria-label") === "Ask Copilot"`,
  queue: `document.querySelector('[aria-label="Incidents"] li') !== null`,
};
const baselineMilestones = {
  interactive: `[...document.querySelectorAll("button")].some((b) => /Clicked/.test(b.textContent))`,
};
// Panel and baseline loads alternate (the order flips every pair), so that whatever else the
// machine is doing weighs on both alike; each pair also gives a ratio of its own.
const panelServer = await serveStatic(panelDir);
const baselineServer = await serveStatic(baselineDir);
const panel = [];
const panelReady = [];
const queue = [];
const baseline = [];
const baselineReady = [];
const pairRatios = [];
try {
  for (let i = 0; i < runs; i++) {
    const loadPanel = async () => {
      const t = await loadOnce(panelServer.url, panelMilestones);
      panel.push(t.interactivePainted);
      panelReady.push(t.interactive);
      queue.push(t.queue);
      return t.interactivePainted;
    };
    const loadBaseline = async () => {
      const t = await loadOnce(baselineServer.url, baselineMilestones);
      baseline.push(t.interactivePainted);
      baselineReady.push(t.interactive);
      return t.interactivePainted;
    };
    let p, b;
    if (i % 2 === 0) {
      p = await loadPanel();
      b = await loadBaseline();
    } else {
      b = await loadBaseline();
      p = await loadPanel();
    }
    pairRatios.push(p / b);
  }
} finally {
  await panelServer.close();
  await baselineServer.close();
}
const round = (xs) => xs.map((x) => Math.round(x));
console.log(JSON.stringify({ runs, panel: round(panel), queue: round(queue), baseline: round(baseline) }));
console.log(
  `panel: wasm fetched at ${Math.round(median(breakdown.map((b) => b.wasm ?? 0)))} ms, ` +
    `demo tenant started in the worker and generated in ${Math.round(median(breakdown.map((b) => b.demo)))} ms, ` +
    `queue filled at ${Math.round(median(queue))} ms (medians)`,
);
console.log(
  `panel, medians: wasm fetched ${Math.round(median(breakdown.map((b) => b.wasm ?? 0)))} ms -> ` +
    `code running (compiled, instantiated, after the page's scripts) ${Math.round(median(breakdown.map((b) => b.start ?? 0)))} ms -> ` +
    `first view built ${Math.round(median(breakdown.map((b) => b.mounted ?? 0)))} ms -> ` +
    `prompt focused (style and layout) ${Math.round(median(panelReady))} ms -> ` +
    `painted ${Math.round(median(panel))} ms`,
);
console.log(
  `baseline, medians: button in the page ${Math.round(median(baselineReady))} ms -> painted ${Math.round(median(baseline))} ms`,
);
console.log(
  `navigation -> interactive and painted, median of ${runs}: panel ${Math.round(median(panel))} ms, ` +
    `one-component Leptos page ${Math.round(median(baseline))} ms, ratio ${(median(panel) / median(baseline)).toFixed(2)}x ` +
    `(median of the ${runs} alternating pairs' ratios: ${median(pairRatios).toFixed(2)}x)`,
);
