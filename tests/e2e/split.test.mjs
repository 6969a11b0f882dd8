// The page's wasm split (src/chunks.rs): the chat's answering is a chunk fetched when the
// analyst starts typing the first question (not with the page), under a strict CSP and from a
// sub-path.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveStatic, launch, ask } from "./harness.mjs";

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'";

let server, browser;

before(async () => {
  server = await serveStatic(undefined, { prefix: "/cdn/split/", headers: { "content-security-policy": CSP } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the chat's answering is fetched as the first question is typed, then answers", async () => {
  const page = await browser.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname.split("/").pop()));
  const violations = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(server.url);
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });
  // The KQL sidebar is a chunk of its own, fetched once the first view is up.
  await page.getByRole("textbox", { name: "KQL query" }).waitFor({ timeout: 30_000 });
  const chunks = fetched.filter((n) => /^sc-split-.*\.wasm$/.test(n));
  assert.ok(chunks.some((n) => n.includes("kql_sidebar")), `chunks fetched at start: ${chunks}`);
  const answering = (n) => /^sc-split-.*respond.*\.wasm$/.test(n);
  assert.ok(!fetched.some(answering), `the answering chunk was fetched before any question: ${chunks}`);

  // Typing the first question starts fetching it, so that the answer does not wait for it.
  const fetching = page.waitForRequest((r) => answering(new URL(r.url()).pathname.split("/").pop()), { timeout: 30_000 });
  await page.getByRole("textbox", { name: "Ask Copilot" }).pressSequentially("Show");
  await fetching;
  const { answer } = await ask(page, "Show me the incidents created in the last 7 days");
  assert.ok(fetched.some(answering), `no answering chunk after a question: ${fetched.filter((n) => n.startsWith("sc-split-"))}`);
  assert.ok((await answer.textContent()).length > 0);
  assert.deepEqual(violations, []);
  await page.close();
});

test("a chunk that cannot be downloaded shows an error with Retry, and the rest of the panel works", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // The KQL sidebar's own chunk fails (as a dropped connection or a CDN error would).
  const sidebarChunk = (url) => /sc-split-[^/]*kql_sidebar[^/]*\.wasm$/.test(url.pathname);
  await page.route(sidebarChunk, (route) => route.abort("connectionreset"));
  await page.goto(server.url);
  // The error sits where the editor would be: in the KQL landmark.
  const alert = page
    .getByRole("complementary", { name: "KQL" })
    .getByRole("alert")
    .filter({ hasText: "Could not load the KQL editor" });
  await alert.waitFor({ timeout: 30_000 });
  // The panel did not abort: the queue fills and the chat answers.
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });
  const { answer } = await ask(page, "How many incidents are there?");
  assert.ok((await answer.textContent()).length > 0);
  // Once the network is back, Retry downloads it and the editor appears.
  await page.unroute(sidebarChunk);
  await alert.getByRole("button", { name: "Retry" }).click();
  await page.getByRole("textbox", { name: "KQL query" }).waitFor({ timeout: 30_000 });
  assert.equal(await alert.count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
