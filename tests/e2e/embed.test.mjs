// The panel as a guest: under a strict Content-Security-Policy, and embedded in a host page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveStatic, launch, shots } from "./harness.mjs";

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'";

let server, browser;

before(async () => {
  server = await serveStatic(undefined, { prefix: "/cdn/copilot/", headers: { "content-security-policy": CSP } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page and records every CSP violation the browser reports. */
async function open(path) {
  const page = await browser.newPage();
  const violations = [];
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(server.url + path);
  return { page, violations };
}

test("the standalone page boots and works under a strict CSP with no violation", async () => {
  const { page, violations } = await open("");
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });
  // Completions, a query in the worker, its chart and a chat answer: all within the policy.
  const editor = page.getByRole("textbox", { name: "KQL query" });
  await editor.waitFor({ timeout: 60_000 });
  await editor.fill("");
  await editor.pressSequentially("Sig");
  await page.getByRole("listbox", { name: "Completions" }).getByRole("option", { name: /SigninLogs/ }).first().waitFor();
  await editor.fill("SigninLogs | summarize count() by bin(TimeGenerated, 1d) | render timechart");
  await editor.press("Control+Enter");
  await page.getByRole("complementary", { name: "KQL" }).getByRole("img", { name: /^Time chart/ }).waitFor({ timeout: 60_000 });
  await page.getByRole("textbox", { name: "Ask Copilot" }).fill("Show me incidents closed as false positive");
  await page.getByRole("textbox", { name: "Ask Copilot" }).press("Enter");
  await page.getByRole("log").getByRole("article").first().waitFor({ timeout: 60_000 });
  const reported = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual([...violations, ...reported], []);
  await page.close();
});

test("a host page embeds the panel with one module script and steers it", async () => {
  const { page, violations } = await open("host.html");
  const panel = page.locator("sentinel-copilot");
  const list = panel.getByRole("list", { name: "Incidents" });
  await list.getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });

  // The host focuses an incident by number through the element's attribute.
  const second = await list.getByRole("listitem").nth(1).locator(".sc-incident-title").textContent();
  const number = second.match(/^#(\d+)/)[1];
  await page.getByLabel("Focus incident").fill(number);
  await page.getByLabel("Focus incident").press("Enter");
  await panel.getByRole("region", { name: "Incident", exact: true }).getByRole("heading", { name: new RegExp(`#${number}:`) }).waitFor();

  // The host switches the theme.
  await page.getByRole("button", { name: "Toggle dark theme" }).click();
  await page.waitForFunction(() => document.querySelector("sentinel-copilot .sc-app")?.dataset.theme === "dark");
  await page.screenshot({ path: join(shots, "embedded-dark.png") });

  // Closing the panel unmounts it.
  await page.getByRole("button", { name: "Close panel" }).click();
  assert.equal(await page.locator(".sc-app").count(), 0);
  const reported = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual([...violations, ...reported], []);
  await page.close();
});
