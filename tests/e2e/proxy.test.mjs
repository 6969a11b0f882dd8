// The whole path on one machine: the built panel -> sentinel-proxy --simulate -> "Sentinel",
// including a throttled and a failing upstream.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveStatic, launch, ask, shots, startProxy as start } from "./harness.mjs";

const WORKSPACE = {
  subscriptionId: "6b1f0c9e-3a2d-4c5b-8e7f-0a1b2c3d4e5f",
  resourceGroup: "soc-rg",
  workspaceName: "soc-ws",
  workspaceId: "0f1e2d3c-4b5a-6978-8a9b-c0d1e2f3a4b5",
  // No sign-in in this test: the analyst says who "me" is (the simulated tenant's analyst).
  userPrincipalName: "robin.okafor@lakeshoremills.example",
};

let server, browser;
const proxies = [];

/** Starts `sentinel-proxy --simulate`, stopped when the tests end. */
async function startProxy(origin, extra = []) {
  const { url, child } = await start(origin, extra);
  proxies.push(child);
  return url;
}

function panelUrl(proxyUrl) {
  return `${server.url}?${new URLSearchParams({ proxyUrl, ...WORKSPACE })}`;
}

before(async () => {
  server = await serveStatic();
  browser = await launch();
});

after(async () => {
  for (const p of proxies) p.kill();
  await browser?.close();
  await server?.close();
});

test("the panel works through sentinel-proxy --simulate", async () => {
  const origin = new URL(server.url).origin;
  const proxy = await startProxy(origin);
  const page = await browser.newPage();
  await page.goto(panelUrl(proxy));
  await page.getByText("soc-ws", { exact: true }).waitFor({ timeout: 60_000 });
  const items = page.getByRole("list", { name: "Incidents" }).getByRole("listitem");
  await items.nth(24).waitFor({ timeout: 60_000 });
  // The four documented prompts, in order, answered from the simulated Sentinel over HTTP.
  const prompts = [
    "Show me Sentinel incidents that were closed as a false positive. Supply the Incident number, Incident Title, and the time they were created.",
    "What Sentinel incidents created in the last 24 hours are assigned to me? List them with highest priority incidents at the top.",
    "Tell me about the entities associated with that incident.",
    "Write an executive report summarizing this investigation. It should be suited for a nontechnical audience.",
  ];
  for (const [i, prompt] of prompts.entries()) {
    const { answer } = await ask(page, prompt);
    const text = await answer.textContent();
    assert.doesNotMatch(text, /could not answer|did not understand|failed/i, `prompt ${i + 1}: ${text.slice(0, 300)}`);
    if (i === 0) assert.ok((await answer.getByRole("row").count()) > 1, text);
  }
  await page.screenshot({ path: join(shots, "through-proxy.png") });
  await page.close();
});

test("a throttled upstream is waited out, as Retry-After says", async () => {
  const origin = new URL(server.url).origin;
  const proxy = await startProxy(origin, ["--fault-429-every", "2"]);
  const page = await browser.newPage();
  await page.goto(panelUrl(proxy));
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(24).waitFor({ timeout: 90_000 });
  await page.close();
});

test("a failing upstream gives the analyst a specific message", async () => {
  const origin = new URL(server.url).origin;
  const proxy = await startProxy(origin, ["--fault-500-every", "1"]);
  const page = await browser.newPage();
  await page.goto(panelUrl(proxy));
  const alert = page.getByRole("log").getByRole("alert");
  await alert.waitFor({ timeout: 60_000 });
  assert.match(await alert.textContent(), /service failed \(500\)/i);
  await page.close();
});
