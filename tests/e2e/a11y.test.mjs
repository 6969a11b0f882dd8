// Accessibility and keyboard: axe-core on every main view in light, dark and high-contrast
// themes (no serious or critical violation), the KQL editor's completion by keyboard, and Escape
// stopping a slow answer.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { serveStatic, launch, ask, shots, startProxy } from "./harness.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let server, browser, page, proxy;

before(async () => {
  server = await serveStatic();
  browser = await launch();
  page = await browser.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
});

after(async () => {
  proxy?.child.kill();
  await browser?.close();
  await server?.close();
});

async function open(query = "") {
  await page.goto(server.url + query);
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(5).waitFor({ timeout: 60_000 });
}

/** Runs axe on the page and returns the serious and critical violations, described. */
async function audit(view) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ path: axePath });
  }
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }),
  );
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  return bad.map(
    (v) => `${view}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target?.join(" ")}: ${v.nodes[0]?.failureSummary?.split("\n").slice(0, 2).join(" ")}`,
  );
}

/** Every main view of the panel, in turn, in one theme. */
async function auditViews(theme) {
  await open(theme ? `?theme=${theme}` : "");
  if (theme) assert.equal(await page.locator(".sc-app").getAttribute("data-theme"), theme);
  const found = [];
  found.push(...(await audit(`${theme ?? "light"} start`)));

  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(0).getByRole("button").click();
  const pane = page.getByRole("region", { name: "Incident", exact: true });
  await pane.getByRole("heading", { level: 2 }).waitFor();
  // Each tab's code and the incident's evidence load after the click: audit the tab once its
  // content is there, not its loading line.
  const ready = {
    Summary: () => pane.getByRole("heading", { name: "Ask next" }),
    "Guided response": () => pane.getByRole("list", { name: "Guided response" }),
    Report: () => pane.getByRole("checkbox", { name: "Executive version" }),
  };
  for (const [tab, content] of Object.entries(ready)) {
    await pane.getByRole("tab", { name: tab }).click();
    await content().waitFor({ timeout: 30_000 });
    found.push(...(await audit(`${theme ?? "light"} incident ${tab}`)));
  }

  await ask(page, "Show me incidents closed as false positive, with number, title and created time");
  found.push(...(await audit(`${theme ?? "light"} chat answer`)));

  const editor = page.getByRole("textbox", { name: "KQL query" });
  await editor.fill("SigninLogs | summarize count() by bin(TimeGenerated, 1d) | render timechart");
  await editor.press("Control+Enter");
  await page.getByRole("complementary", { name: "KQL" }).getByRole("table", { name: "Query result" }).waitFor({ timeout: 60_000 });
  found.push(...(await audit(`${theme ?? "light"} KQL results`)));

  await editor.fill("SigninLogs | where Use");
  await editor.press("Control+Space");
  await page.getByRole("listbox", { name: "Completions" }).waitFor();
  found.push(...(await audit(`${theme ?? "light"} KQL completion`)));
  await editor.press("Escape");

  // The settings form is built when the disclosure is first opened.
  await page.locator(".sc-settings > summary").click();
  await page.getByRole("form", { name: "Settings" }).waitFor();
  found.push(...(await audit(`${theme ?? "light"} settings`)));
  await page.locator(".sc-settings > summary").click();
  await page.screenshot({ path: join(shots, `a11y-${theme ?? "light"}.png`) });
  return found;
}

test("axe finds no serious or critical violation on the main views, in every theme", async () => {
  const found = [];
  for (const theme of [undefined, "dark", "high-contrast"]) found.push(...(await auditViews(theme)));
  assert.deepEqual(found, []);
});

test("the KQL editor highlights, completes by keyboard, explains problems and keeps a history", async () => {
  await open();
  const editor = page.getByRole("textbox", { name: "KQL query" });
  const completions = page.getByRole("listbox", { name: "Completions" });
  await editor.fill("");
  await editor.pressSequentially("Sig");
  await completions.getByRole("option", { name: /SigninLogs/ }).first().waitFor();
  await editor.press("Enter");
  await editor.pressSequentially(" | wh");
  await completions.getByRole("option", { name: /^where/ }).waitFor();
  await editor.press("Tab");
  await editor.pressSequentially("ResultT");
  const first = completions.getByRole("option").first();
  assert.match(await first.textContent(), /ResultType/);
  await editor.press("Enter");
  assert.equal(await editor.inputValue(), "SigninLogs | where ResultType");
  await editor.pressSequentially(' == "0" | take 3');
  // Escape closes the list and leaves the text alone.
  await editor.pressSequentially(" | summ");
  await completions.waitFor();
  await editor.press("Escape");
  assert.equal(await completions.isHidden(), true);
  await editor.press("Backspace");
  for (let i = 0; i < 6; i++) await editor.press("Backspace");

  // Highlighting: tables, keywords and strings are coloured pieces of the same text.
  const layer = page.locator(".sc-editor-layer");
  assert.equal(await layer.locator(".sc-hl-tbl").first().textContent(), "SigninLogs");
  assert.equal(await layer.locator(".sc-hl-kw").first().textContent(), "where");
  assert.equal(await layer.locator(".sc-hl-str").first().textContent(), '"0"');
  assert.equal((await layer.textContent()).trimEnd(), (await editor.inputValue()).trimEnd());

  // Ctrl+Enter runs it and remembers it.
  await editor.press("Control+Enter");
  await page.locator(".sc-kql").getByText(/3 rows/).first().waitFor();
  const history = page.getByRole("combobox", { name: "Query history" });
  assert.match(await history.locator("option").nth(1).textContent(), /SigninLogs \| where ResultType/);

  // A misspelt column is reported under the text, with its place, and underlined.
  await editor.fill("SigninLogs\n| where ResultTyp == 1");
  const problems = page.getByRole("list", { name: "Query problems" });
  await problems.getByText(/line 2, column 9/).waitFor();
  assert.match(await problems.textContent(), /ResultType/);
  await layer.locator(".sc-hl-error").first().waitFor();

  // The history survives a reload and brings a query back.
  await open();
  await history.selectOption({ index: 1 });
  assert.match(await editor.inputValue(), /^SigninLogs \| where ResultType == "0" \| take 3/);
  await page.screenshot({ path: join(shots, "kql-editor.png") });

  // Format lays the query out one operator per line.
  await editor.fill("SigninLogs|where ResultType=='0'|take 3");
  await page.getByRole("button", { name: "Format", exact: true }).click();
  assert.equal(await editor.inputValue(), 'SigninLogs\n| where ResultType == "0"\n| take 3');
});

test("the panel opens with the caret in the prompt box, and Escape stops a slow answer", async () => {
  proxy = await startProxy(new URL(server.url).origin);
  const params = new URLSearchParams({
    proxyUrl: proxy.url,
    subscriptionId: "6b1f0c9e-3a2d-4c5b-8e7f-0a1b2c3d4e5f",
    resourceGroup: "soc-rg",
    workspaceName: "soc-ws",
    workspaceId: "0f1e2d3c-4b5a-6978-8a9b-c0d1e2f3a4b5",
    userPrincipalName: "robin.okafor@lakeshoremills.example",
  });
  await page.goto(`${server.url}?${params}`);
  const box = page.getByRole("textbox", { name: "Ask Copilot" });
  await box.waitFor();
  assert.equal(await box.evaluate((el) => el === document.activeElement), true);

  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").first().waitFor({ timeout: 60_000 });
  const log = page.getByRole("log");
  const before = await log.getByRole("article").count();
  // The proxy's answers wait until the test has stopped the question, however slow the machine.
  let release;
  const held = new Promise((r) => (release = r));
  const hold = (route) => held.then(() => route.continue()).catch(() => {});
  await page.route(`${proxy.url}/**`, hold);
  await box.fill("Show me incidents closed as false positive");
  await box.press("Enter");
  // After 200 ms the elapsed time and a Stop button show.
  await page.getByRole("button", { name: "Stop" }).waitFor({ timeout: 10_000 });
  assert.match(await page.locator(".sc-prompt-bar .sc-progress").textContent(), /Working… \d+\.\d s/);
  await box.press("Escape");
  const stopped = log.getByRole("article").nth(before);
  await stopped.waitFor();
  assert.equal(await stopped.getByRole("heading").first().textContent(), "Stopped");
  assert.equal(await page.getByRole("status").filter({ hasText: "Stopped." }).count(), 1);
  // The late answer is dropped, and the next question is answered normally.
  release();
  await page.unroute(`${proxy.url}/**`, hold);
  await page.waitForTimeout(1500);
  assert.equal(await log.getByRole("article").count(), before + 1);
  const { answer } = await ask(page, "Show me incidents closed as false positive");
  assert.notEqual(await answer.getByRole("heading").first().textContent(), "Stopped");
});

test("Up and Down bring back earlier prompts; an answer is announced and the caret returns to the prompt box", async () => {
  await open();
  const box = page.getByRole("textbox", { name: "Ask Copilot" });
  await ask(page, "Show me incidents closed as false positive");
  // Sent with the mouse: the Send button had the focus and was disabled while the answer came.
  await box.fill("How many incidents are open?");
  const log = page.getByRole("log");
  const before = await log.getByRole("article").count();
  await page.getByRole("button", { name: "Send" }).click();
  await log.getByRole("article").nth(before).waitFor({ timeout: 60_000 });
  await page.getByRole("status").filter({ hasText: "Answer ready." }).waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Ask Copilot");
  // History, newest first, and back to the (empty) new prompt.
  await box.press("ArrowUp");
  assert.equal(await box.inputValue(), "How many incidents are open?");
  await box.press("ArrowUp");
  assert.equal(await box.inputValue(), "Show me incidents closed as false positive");
  await box.press("ArrowUp");
  assert.equal(await box.inputValue(), "Show me incidents closed as false positive");
  await box.press("ArrowDown");
  assert.equal(await box.inputValue(), "How many incidents are open?");
  await box.press("ArrowDown");
  assert.equal(await box.inputValue(), "");
});
