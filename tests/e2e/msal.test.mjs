// Sign-in with MSAL, end to end: the built panel -> a local OpenID Connect authority (as a custom
// authority, over https) for tokens -> sentinel-proxy --simulate, which lets a request through only
// with a token of the test tenant for the right API. Under a strict Content-Security-Policy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serveStatic, ask, root, shots } from "./harness.mjs";
import { startAuthority, claimsOf } from "./oidc-authority.mjs";

const proxyBin = join(root, "target/debug/sentinel-proxy");
const TENANT = "7c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5";
const CLIENT = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
// The simulated tenant's analyst, so that "assigned to me" finds incidents.
const USER = { upn: "robin.okafor@lakeshoremills.example", name: "Robin Okafor", oid: "3d9a4c1e-5b6f-4a7d-8e2c-1f0b9a8d7c6e" };
const WORKSPACE = {
  subscriptionId: "6b1f0c9e-3a2d-4c5b-8e7f-0a1b2c3d4e5f",
  resourceGroup: "soc-rg",
  workspaceName: "soc-ws",
  workspaceId: "0f1e2d3c-4b5a-6978-8a9b-c0d1e2f3a4b5",
};
const ARM = "https://management.azure.com";
const LA = "https://api.loganalytics.io";
// Access tokens live this long: the renewal test waits it out.
const TOKEN_SECONDS = 8;

let server, authority, proxy, proxyChild, context;
const headers = {};

async function startProxy(origin) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const args = ["--simulate", "--listen", `127.0.0.1:${port}`, "--allow-origin", origin,
    "--allow-tenant", TENANT, "--allow-audience", ARM, "--allow-audience", LA];
  proxyChild = spawn(proxyBin, args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, SENTINEL_PROXY_LOG: "warn" },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return url;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("sentinel-proxy did not start");
}

before(async () => {
  server = await serveStatic(undefined, { headers });
  const origin = new URL(server.url).origin;
  authority = await startAuthority({
    tenantId: TENANT,
    clientId: CLIENT,
    redirectUris: [`${server.url}msal-redirect.html`],
    user: USER,
    accessTokenSeconds: TOKEN_SECONDS,
  });
  proxy = await startProxy(origin);
  // What a deployment would set: only the proxy and the sign-in authority besides the panel.
  const authorityOrigin = new URL(authority.authority).origin;
  headers["content-security-policy"] = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    `connect-src 'self' ${proxy} ${authorityOrigin}`,
    `frame-src 'self' ${authorityOrigin}`,
  ].join("; ");
  context = await launchContext();
});

/** Headless Chromium trusting the authority's self-signed certificate. */
function launchContext() {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "sc-e2e-msal-")), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
}

after(async () => {
  proxyChild?.kill();
  await context?.close();
  await authority?.close();
  await server?.close();
});

function panelUrl(extra = {}) {
  const params = { proxyUrl: proxy, ...WORKSPACE, tenantId: TENANT, clientId: CLIENT, authority: authority.authority, ...extra };
  return `${server.url}?${new URLSearchParams(params)}`;
}

/** Records what the page sends: every URL, and the bearer tokens sent to the proxy. */
function watch(page) {
  const seen = { urls: [], bearers: [], cspViolations: [], errors: [] };
  page.on("request", (r) => {
    seen.urls.push(r.url());
    const auth = r.headers().authorization;
    if (r.url().startsWith(proxy) && auth) seen.bearers.push({ url: r.url(), token: auth.replace(/^Bearer /, "") });
  });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.cspViolations.push(m.text());
  });
  page.on("pageerror", (e) => seen.errors.push(e.message));
  return seen;
}

const popups = () => context.pages().length;

test("demo mode never downloads the sign-in module", async () => {
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(server.url);
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").first().waitFor({ timeout: 60_000 });
  assert.equal(seen.urls.filter((u) => u.includes("msal-browser")).length, 0, "msal-browser.js was loaded in demo mode");
  assert.equal(await page.getByRole("button", { name: "Sign in" }).count(), 0);
  await page.close();
});

test("without sign-in the analyst is told to sign in, and nothing is sent without a token", async () => {
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(panelUrl());
  await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 60_000 });
  const alert = page.getByRole("log").getByRole("alert");
  await alert.waitFor({ timeout: 60_000 });
  assert.match(await alert.textContent(), /Not signed in: choose Sign in at the top of the panel/);
  assert.equal(await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").count(), 0);
  assert.equal(seen.urls.filter((u) => u.startsWith(proxy)).length, 0, "a call went to the proxy without a token");
  assert.deepEqual(seen.errors, []);
  // The proxy itself refuses a call without a token: the gate is on.
  const bare = await fetch(`${proxy}/la/v1/workspaces/${WORKSPACE.workspaceId}/query`, { method: "POST", body: "{}" });
  assert.equal(bare.status, 401);
  await page.close();
});

test("sign in with a popup; tokens per API, renewed silently, one prompt when interaction is required", async () => {
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(panelUrl());
  const signIn = page.getByRole("button", { name: "Sign in" });
  await signIn.waitFor({ timeout: 60_000 });
  assert.ok(seen.urls.some((u) => u.endsWith("/msal-browser.js")), "the sign-in module is loaded when sign-in is configured");

  // Sign in: one popup to the authority, which lands on msal-redirect.html and closes itself.
  const popup = context.waitForEvent("page");
  await signIn.click();
  const win = await popup;
  if (!win.isClosed()) await win.waitForEvent("close", { timeout: 30_000 });
  await page.getByText(`Signed in as ${USER.upn}`).waitFor({ timeout: 30_000 });
  const items = page.getByRole("list", { name: "Incidents" }).getByRole("listitem");
  await items.nth(24).waitFor({ timeout: 60_000 });

  // The proxy saw the authority's tokens: for Resource Manager on /arm, and nothing else.
  assert.ok(seen.bearers.length > 0);
  for (const { url, token } of seen.bearers) {
    assert.ok(authority.issued.includes(token), `a bearer token the authority never issued went to ${url}`);
    const claims = claimsOf(token);
    assert.equal(claims.tid, TENANT);
    assert.equal(claims.aud, url.includes("/la/") ? LA : ARM, url);
  }
  const authorizeCalls = () => authority.log.filter((e) => e.endpoint === "authorize" && e.prompt !== "none");
  assert.equal(authorizeCalls().length, 1);
  const grants = authority.log.filter((e) => e.endpoint === "token" && e.ok);
  assert.equal(grants[0].grant, "authorization_code");

  // "Me" is the signed-in account.
  const { answer } = await ask(page, "What Sentinel incidents created in the last 24 hours are assigned to me? List them with highest priority incidents at the top.");
  const text = await answer.textContent();
  assert.doesNotMatch(text, /could not answer|did not understand|failed|not signed in/i, text.slice(0, 300));
  assert.match(text, new RegExp(USER.upn.replace(/\./g, "\\.")), text.slice(0, 400));

  // Renewal: once the tokens have expired (the proxy refuses expired ones), calls go on silently.
  const pagesBefore = popups();
  const issuedBefore = authority.issued.length;
  await page.waitForTimeout((TOKEN_SECONDS + 1) * 1000);
  const { answer: later } = await ask(page, "Show me Sentinel incidents that were closed as a false positive. Supply the Incident number, Incident Title, and the time they were created.");
  assert.doesNotMatch(await later.textContent(), /not signed in|expired|failed/i);
  assert.ok((await later.getByRole("row").count()) > 1);
  assert.ok(authority.issued.length > issuedBefore, "no token was renewed");
  assert.ok(authority.log.some((e) => e.grant === "refresh_token" && e.ok), "no refresh_token grant");
  assert.equal(popups(), pagesBefore, "renewal opened a window");
  assert.equal(authorizeCalls().length, 1);

  // Interaction required: silent renewal fails; two calls at once share exactly one popup.
  authority.requireInteraction();
  await page.waitForTimeout((TOKEN_SECONDS + 1) * 1000);
  let opened = 0;
  const countPopup = () => opened++;
  context.on("page", countPopup);
  await items.nth(3).click();
  const { answer: third } = await ask(page, "Top 5 high severity incidents");
  await page.waitForTimeout(1000);
  context.off("page", countPopup);
  assert.ok(authority.log.some((e) => e.grant === "refresh_token" && !e.ok), "silent renewal never failed");
  assert.equal(opened, 1, "interaction required should open exactly one popup");
  assert.equal(authorizeCalls().length, 2);
  assert.doesNotMatch(await third.textContent(), /not signed in|failed/i);
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.cspViolations, []);
  await page.getByText(`Signed in as ${USER.upn}`).waitFor();
  await page.screenshot({ path: join(shots, "msal-signed-in.png") });

  // Tokens were in memory only: not in storage, not in any URL.
  const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
  for (const t of authority.issued) assert.ok(!stored.includes(t), "an access token is in web storage");
  assert.doesNotMatch(stored, /eyJ[\w-]+\.[\w-]+\.[\w-]+/, "a JWT is in web storage");
  for (const t of authority.issued) assert.ok(!seen.urls.some((u) => u.includes(t)), "an access token is in a URL");

  // Sign out: the account is forgotten and calls ask for sign-in again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await page.close();
});

test("after a reload the analyst is signed in again without a prompt, while the authority has their session", async () => {
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(panelUrl());
  await page.getByRole("button", { name: "Sign in" }).click({ timeout: 60_000 });
  await page.getByText(`Signed in as ${USER.upn}`).waitFor({ timeout: 30_000 });
  const interactive = () => authority.log.filter((e) => e.endpoint === "authorize" && e.prompt !== "none").length;
  const silent = () => authority.log.filter((e) => e.endpoint === "authorize" && e.prompt === "none");
  const prompts = interactive();
  const silentBefore = silent().length;
  const pagesBefore = popups();

  await page.reload();
  await page.getByText(`Signed in as ${USER.upn}`).waitFor({ timeout: 60_000 });
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });
  assert.equal(interactive(), prompts, "the reload asked for a prompt");
  assert.equal(popups(), pagesBefore, "the reload opened a window");
  const asked = silent().slice(silentBefore);
  assert.equal(asked.length, 1);
  assert.equal(asked[0].loginHint, USER.upn, "the silent sign-in names who signed in before");
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.doesNotMatch(stored, /eyJ[\w-]+\.[\w-]+\.[\w-]+/, "a JWT is in web storage");

  // The authority's session is over: the reload shows Sign in, with no prompt and no problem.
  authority.endSession();
  await page.reload();
  await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 60_000 });
  assert.equal(await page.getByRole("group", { name: "Account" }).getByRole("alert").count(), 0);
  assert.equal(interactive(), prompts);
  assert.equal(popups(), pagesBefore);

  // Signing out forgets who signed in: the next reload does not even try.
  await page.getByRole("button", { name: "Sign in" }).click({ timeout: 60_000 });
  await page.getByText(`Signed in as ${USER.upn}`).waitFor({ timeout: 30_000 });
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  const silentAfterSignOut = silent().length;
  await page.reload();
  await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500);
  assert.equal(silent().length, silentAfterSignOut, "a signed-out analyst was signed in silently");
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.cspViolations, []);
  await page.close();
});

test("sign-in problems are told plainly: wrong tenant, consent needed, cancelled", async () => {
  const page = await context.newPage();
  const seen = watch(page);
  // The configured tenant is not the one the account belongs to.
  await page.goto(panelUrl({ tenantId: "00000000-1111-4222-8333-444444444444" }));
  const signIn = page.getByRole("button", { name: "Sign in" });
  await signIn.waitFor({ timeout: 60_000 });
  const account = page.getByRole("group", { name: "Account" });
  const problem = account.getByRole("alert");
  await signIn.click();
  await problem.waitFor({ timeout: 30_000 });
  assert.match(await problem.textContent(), /another tenant \(7c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5\)/);
  assert.equal(await account.getByRole("status").textContent(), "Not signed in");

  await page.goto(panelUrl());
  await signIn.waitFor({ timeout: 60_000 });
  authority.failNextAuthorize("consent_required", "AADSTS65001: The user or administrator has not consented to use the application.");
  await signIn.click();
  await problem.waitFor({ timeout: 30_000 });
  assert.match(await problem.textContent(), /no consent for the Azure APIs yet; ask an administrator/);

  // The analyst closes the sign-in window.
  authority.holdNextAuthorize();
  const asked = authority.log.length;
  const popup = context.waitForEvent("page");
  await signIn.click();
  const win = await popup;
  while (!authority.log.slice(asked).some((e) => e.endpoint === "authorize")) await page.waitForTimeout(100);
  await win.close();
  await page.getByText("sign-in was cancelled").waitFor({ timeout: 30_000 });
  await signIn.waitFor();
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test("sign in with a redirect of the page", async () => {
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(panelUrl({ loginMode: "redirect" }));
  const signIn = page.getByRole("button", { name: "Sign in" });
  await signIn.waitFor({ timeout: 60_000 });
  const pagesBefore = context.pages().length;
  await signIn.click();
  // Authority -> msal-redirect.html -> back to the panel, with its query (its settings) intact.
  await page.getByText(`Signed in as ${USER.upn}`).waitFor({ timeout: 60_000 });
  assert.equal(context.pages().length, pagesBefore, "redirect mode opened a window");
  assert.match(page.url(), /loginMode=redirect/);
  assert.doesNotMatch(page.url(), /code=|state=/);
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });
  const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
  for (const t of authority.issued) assert.ok(!stored.includes(t), "an access token is in web storage");
  assert.doesNotMatch(stored, /eyJ[\w-]+\.[\w-]+\.[\w-]+/, "a JWT is in web storage");
  assert.ok(seen.urls.some((u) => u.includes("/msal-redirect.html")));
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await page.close();
});

test("a sign-in window the browser blocks is named, and Sign in recovers", async () => {
  const page = await context.newPage();
  // A pop-up blocker, as in an analyst's browser: window.open gives null (headless Chromium blocks
  // nothing by itself).
  await page.addInitScript(() => {
    const open = window.open.bind(window);
    window.open = (...args) => (window.blockPopups ? null : open(...args));
  });
  await page.goto(panelUrl());
  const signIn = page.getByRole("button", { name: "Sign in" });
  await signIn.waitFor({ timeout: 60_000 });
  await signIn.click();
  await page.getByText(`Signed in as ${USER.upn}`).waitFor({ timeout: 30_000 });
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });

  // Renewal now needs the analyst, and the browser blocks the window that asks.
  authority.requireInteraction();
  await page.evaluate(() => (window.blockPopups = true));
  await page.waitForTimeout((TOKEN_SECONDS + 1) * 1000);
  const pagesBefore = popups();
  const { answer } = await ask(page, "Sign-ins in SigninLogs in the last 7 days");
  assert.match(await answer.textContent(), /Not signed in: the browser blocked the sign-in window; allow pop-ups for this page, then choose Sign in/);
  const problem = page.getByRole("group", { name: "Account" }).getByRole("alert");
  assert.match(await problem.textContent(), /blocked the sign-in window/);
  assert.equal(popups(), pagesBefore);

  // Pop-ups allowed again, Sign in opens the window and the panel goes on.
  await page.evaluate(() => (window.blockPopups = false));
  // Wait for the sign-in window to finish (it is slow on a loaded machine) before asking again.
  const opened = page.waitForEvent("popup", { timeout: 30_000 });
  await page.getByRole("button", { name: "Sign in" }).click();
  const popup = await opened;
  if (!popup.isClosed()) await popup.waitForEvent("close", { timeout: 30_000 });
  await problem.waitFor({ state: "detached", timeout: 30_000 });
  await page.getByText(`Signed in as ${USER.upn}`).waitFor({ timeout: 30_000 });
  const { answer: after } = await ask(page, "Sign-ins in SigninLogs in the last 7 days");
  assert.ok((await after.getByRole("row").count()) > 1, (await after.textContent()).slice(0, 300));
  await page.close();
});
