// The panel end to end, in a real Chromium, on the demo workspace built into dist/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveStatic, launch, ask, shots } from "./harness.mjs";

let server, browser, page;
const timings = {};

before(async () => {
  // Served under a sub-path: dist/ must work from anywhere.
  server = await serveStatic(undefined, { prefix: "/some/sub/path/" });
  browser = await launch();
  page = await browser.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(server.url);
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });
});

after(async () => {
  console.log("prompt -> rendered answer (ms):", JSON.stringify(timings));
  await browser?.close();
  await server?.close();
});

test("the queue shows the demo incidents and selecting one shows it", async () => {
  const items = page.getByRole("list", { name: "Incidents" }).getByRole("listitem");
  assert.ok((await items.count()) >= 25);
  const first = items.nth(0).getByRole("button");
  const title = await first.locator(".sc-incident-title").textContent();
  await first.click();
  const pane = page.getByRole("region", { name: "Incident", exact: true });
  await pane.getByRole("heading", { level: 2 }).waitFor();
  assert.ok((await pane.getByRole("heading", { level: 2 }).textContent()).endsWith(title.split(" ").slice(1).join(" ")));
  await page.screenshot({ path: join(shots, "panel.png") });
});

test("the four documented prompts, in order", async () => {
  const prompts = [
    "Show me Sentinel incidents that were closed as a false positive. Supply the Incident number, Incident Title, and the time they were created.",
    "What Sentinel incidents created in the last 24 hours are assigned to me? List them with highest priority incidents at the top.",
    "Tell me about the entities associated with that incident.",
    "Write an executive report summarizing this investigation. It should be suited for a nontechnical audience.",
  ];
  const answers = [];
  for (const [i, prompt] of prompts.entries()) {
    const { answer, ms } = await ask(page, prompt);
    timings[`prompt ${i + 1}`] = Math.round(ms * 10) / 10;
    const text = await answer.textContent();
    answers.push(text);
    assert.ok(!/could not answer|did not understand/i.test(text), `prompt ${i + 1} was not understood: ${text.slice(0, 300)}`);
    await page.screenshot({ path: join(shots, `prompt-${i + 1}.png`), fullPage: true });
  }
  // 1: a table of false positives with number, title and created time.
  const table1 = page.getByRole("log").getByRole("article").nth(0).getByRole("table");
  const headers = (await table1.getByRole("columnheader").allTextContents()).join("|").toLowerCase();
  for (const h of ["number", "title", "created"]) assert.ok(headers.includes(h), `headers: ${headers}`);
  assert.ok((await table1.getByRole("row").count()) > 1, "at least one false positive");
  // 3: entities of the incident in focus.
  assert.match(answers[2], /account|user|host|device|ip/i);
  // 4: an executive report in plain language.
  assert.match(answers[3], /report|summary/i);
});

test("a worker that cannot load is named at once, not waited for", async () => {
  const { cpSync, mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { dist } = await import("./harness.mjs");
  const copy = mkdtempSync(join(tmpdir(), "sc-broken-"));
  cpSync(dist, copy, { recursive: true, filter: (src) => !src.endsWith("sentinel-copilot-worker_bg.wasm") });
  const broken = await serveStatic(copy);
  const other = await browser.newPage();
  try {
    await other.goto(broken.url);
    const log = other.getByRole("log");
    await log.getByText("Could not start the demo workspace").waitFor({ timeout: 20_000 });
    const text = await log.textContent();
    assert.match(text, /worker could not load its module/);
    // The panel itself still works: the prompt box takes input.
    await other.getByRole("textbox", { name: "Ask Copilot" }).fill("still here");
  } finally {
    await other.close();
    await broken.close();
    rmSync(copy, { recursive: true, force: true });
  }
});
