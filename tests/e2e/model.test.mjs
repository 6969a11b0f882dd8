// The optional language model, end to end: the built panel -> sentinel-proxy --simulate (which
// holds the model's key) -> a mock OpenAI-compatible endpoint (node http). The model's query is
// repaired and run, or replaced by the deterministic one when it cannot be made to check; the
// mock sees fenced untrusted text and the proxy's key, never the browser's token; the browser
// never sees the key and cannot steer the upstream.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { serveStatic, launch, ask, shots, root } from "./harness.mjs";

const KEY = "sk-e2e-proxy-held-KEY-7f3a";
const DEPLOYMENT_PATH = "/openai/deployments/sc-e2e/chat/completions?api-version=2024-10-21";
const WORKSPACE = {
  subscriptionId: "6b1f0c9e-3a2d-4c5b-8e7f-0a1b2c3d4e5f",
  resourceGroup: "soc-rg",
  workspaceName: "soc-ws",
  workspaceId: "0f1e2d3c-4b5a-6978-8a9b-c0d1e2f3a4b5",
  userPrincipalName: "robin.okafor@lakeshoremills.example",
};

let server, browser, mock, proxy;
const children = [];

/** A mock OpenAI-compatible chat endpoint: answers from `answers` in turn, records every request. */
async function startMockModel() {
  const state = { seen: [], answers: [] };
  const http = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      state.seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const content = state.answers.shift() ?? "CANNOT_ANSWER";
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${state.seen.length}`,
          object: "chat.completion",
          choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
        }),
      );
    });
  });
  await new Promise((ok) => http.listen(0, "127.0.0.1", ok));
  state.url = `http://127.0.0.1:${http.address().port}`;
  state.close = () => new Promise((ok) => http.close(ok));
  return state;
}

/** `sentinel-proxy --simulate` with the model route pointed at the mock, the key in its env. */
async function startModelProxy(origin, modelUrl) {
  const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
  const bin = join(target, "debug/sentinel-proxy");
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(
    bin,
    ["--simulate", "--listen", `127.0.0.1:${port}`, "--allow-origin", origin, "--model-url", modelUrl],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, SENTINEL_PROXY_LOG: "warn", SENTINEL_PROXY_MODEL_API_KEY: KEY },
    },
  );
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const health = await fetch(`${url}/healthz`);
      if (health.ok) {
        assert.equal((await health.json()).model, true, "the proxy has the model route");
        return url;
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("sentinel-proxy did not start");
}

const fenced = (kql) => "```kql\n" + kql + "\n```";
const lastUserMessage = (seen) => JSON.parse(seen.body).messages.at(-1).content;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

before(async () => {
  server = await serveStatic();
  browser = await launch();
  mock = await startMockModel();
  proxy = await startModelProxy(new URL(server.url).origin, mock.url + DEPLOYMENT_PATH);
});

after(async () => {
  for (const c of children) c.kill();
  await browser?.close();
  await mock?.close();
  await server?.close();
});

/** The panel on the proxy, with the model on; records what the browser sends. */
async function openPanel(model = "on") {
  const page = await browser.newPage();
  const sent = [];
  page.on("request", (r) => sent.push({ url: r.url(), headers: r.headers(), body: r.postData() ?? "" }));
  await page.goto(`${server.url}?${new URLSearchParams({ proxyUrl: proxy, ...WORKSPACE, model })}`);
  const items = page.getByRole("list", { name: "Incidents" }).getByRole("listitem");
  await items.nth(5).waitFor({ timeout: 90_000 });
  return { page, sent, items };
}

test("the model's misspelled column is repaired and the query runs", async () => {
  const { page, sent, items } = await openPanel();
  // An incident in focus: its title (untrusted, from the alerts) goes into the prompt as data.
  await items.first().getByRole("button").first().click();
  await page.getByRole("heading", { name: /^Incident #\d+/ }).waitFor({ timeout: 30_000 });
  mock.seen.length = 0;
  mock.answers = [
    fenced(
      'SigninLogs\n| where TimeGenerated > ago(30d)\n| where ResultTyp != "0"\n| summarize Failures = count() by UserPrincipalName\n| top 10 by Failures',
    ),
  ];
  const { answer, ms } = await ask(page, "Which users had the most failed sign-ins in the last 30 days?");
  const text = await answer.textContent();
  assert.match(text, /ResultType != "0"/, text.slice(0, 600));
  assert.doesNotMatch(text, /ResultTyp !=/, "the misspelled column is gone");
  assert.match(text, /language model/i, "the logic says the model wrote it");
  assert.match(text, /replaced unknown columns with the closest real ones \(ResultTyp -> ResultType\)/, "and what was repaired");
  assert.ok((await answer.getByRole("row").count()) > 1, `the repaired query ran: ${text.slice(0, 600)}`);
  assert.equal(mock.seen.length, 1, "no retry was needed");
  const [call] = mock.seen;
  assert.equal(call.method, "POST");
  assert.equal(call.url, DEPLOYMENT_PATH, "the proxy's configured endpoint");
  assert.equal(call.headers["api-key"], KEY, "the proxy adds its key");
  assert.equal(call.headers.authorization, undefined, "no bearer token reaches the model");
  assert.equal(call.headers.cookie, undefined);
  assert.equal(call.headers.origin, undefined);
  const prompt = lastUserMessage(call);
  assert.match(prompt, /<<<DATA title of the incident in focus \(untrusted text/, prompt);
  assert.match(prompt, /<<<DATA question[^\n]*\nWhich users had the most failed sign-ins/, prompt);
  // The browser never held the key, and spoke only to the proxy.
  for (const r of sent) {
    assert.ok(!JSON.stringify(r).includes(KEY), `the browser saw the key in ${r.url}`);
    assert.ok(!r.url.startsWith(mock.url), `the browser called the model directly: ${r.url}`);
  }
  assert.ok(sent.some((r) => r.url === `${proxy}/model/chat/completions`));
  console.log(`# model path (mock model, repair, query on the simulated workspace): ${ms.toFixed(0)} ms`);
  await page.screenshot({ path: join(shots, "model-repaired.png") });
  await page.close();
});

test("an invented table falls back to the deterministic query, and the answer says so", async () => {
  const question = "Failed sign-ins per user in the last 7 days";
  // The deterministic answer, with the model off, for comparison.
  const plain = await openPanel("off");
  mock.seen.length = 0;
  const { answer: expected, ms: plainMs } = await ask(plain.page, question);
  const expectedQuery = await expected.locator("pre").first().textContent();
  assert.equal(mock.seen.length, 0, "with the model off nothing is asked");
  await plain.page.close();

  const { page } = await openPanel("on");
  const invented = fenced("SuspiciousSignIns\n| where RiskScore > 80\n| summarize count() by Account");
  mock.answers = [invented, invented];
  const { answer, ms } = await ask(page, question);
  const text = await answer.textContent();
  assert.equal(await answer.locator("pre").first().textContent(), expectedQuery, "the deterministic query");
  assert.match(text, /built without the model: the model's query did not pass the schema check/, text.slice(0, 800));
  assert.doesNotMatch(text, /SuspiciousSignIns/);
  assert.equal(mock.seen.length, 2, "one retry, with the checker's diagnostics");
  assert.match(lastUserMessage(mock.seen[1]), /does not pass the schema check/);
  for (const call of mock.seen) {
    assert.equal(call.headers["api-key"], KEY);
    assert.equal(call.headers.authorization, undefined);
  }
  console.log(`# deterministic answer ${plainMs.toFixed(0)} ms; model path with retry and fallback ${ms.toFixed(0)} ms`);
  await page.close();
});

test("the proxy adds the key, drops the browser's token, and cannot be pointed elsewhere", async () => {
  const origin = new URL(server.url).origin;
  const route = `${proxy}/model/chat/completions`;
  const token = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJtYXJrZXIiOiJCUk9XU0VSLVRPS0VOIn0.c2ln";
  const chat = { messages: [{ role: "user", content: "failed sign-ins" }] };
  mock.seen.length = 0;
  mock.answers = [fenced("SigninLogs | take 1")];
  const ok = await fetch(route, {
    method: "POST",
    headers: { origin, authorization: token, "content-type": "application/json", cookie: "s=1" },
    body: JSON.stringify(chat),
  });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get("access-control-allow-origin"), origin);
  assert.ok(!(await ok.text()).includes(KEY), "the key is not echoed");
  assert.equal(mock.seen.length, 1);
  assert.equal(mock.seen[0].headers["api-key"], KEY);
  assert.equal(mock.seen[0].headers.authorization, undefined, "the browser's token stayed in the proxy");
  assert.equal(mock.seen[0].headers.cookie, undefined);
  assert.equal(mock.seen[0].url, DEPLOYMENT_PATH);

  // Attempts to choose the upstream: refused before any call to the model.
  mock.seen.length = 0;
  const attempts = [
    [`${route}?url=${encodeURIComponent("http://169.254.169.254/")}`, JSON.stringify(chat), 403],
    [`${route}?api-version=2099-01-01`, JSON.stringify(chat), 403],
    [`${proxy}/model/v1/chat/completions`, JSON.stringify(chat), 403],
    [`${proxy}/model/embeddings`, JSON.stringify(chat), 403],
    [route, JSON.stringify({ ...chat, url: "https://evil.example/v1/chat/completions" }), 400],
    [route, JSON.stringify({ ...chat, model: { url: "https://evil.example" } }), 400],
    [route, JSON.stringify({ ...chat, stream: true }), 400],
  ];
  for (const [url, body, status] of attempts) {
    const r = await fetch(url, {
      method: "POST",
      headers: { origin, "content-type": "application/json", "x-forwarded-host": "evil.example" },
      body,
    });
    assert.equal(r.status, status, `${url} ${body}`);
  }
  const foreign = await fetch(route, {
    method: "POST",
    headers: { origin: "https://evil.example", "content-type": "application/json" },
    body: JSON.stringify(chat),
  });
  assert.equal(foreign.status, 403, "other origins are refused");
  assert.equal(mock.seen.length, 0, "none of them reached the model endpoint");

  // Overhead of the proxy on the model route (local mock, so this is the proxy's own cost).
  const body = JSON.stringify(chat);
  const time = async (url, headers) => {
    const out = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      await r.text();
      out.push(performance.now() - t0);
    }
    return median(out.slice(5));
  };
  const direct = await time(mock.url + DEPLOYMENT_PATH, { "api-key": KEY });
  const proxied = await time(route, { origin });
  console.log(`# model route: direct to the mock ${direct.toFixed(2)} ms, through the proxy ${proxied.toFixed(2)} ms (median of 35)`);
});
