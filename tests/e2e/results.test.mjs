// Query results end to end on the demo workspace: a 100,000-row result stays a small DOM while
// scrolling, sorts, copies as CSV; `render timechart` draws an SVG; a dropped CSV becomes a table;
// a slow query (through a stalled fake proxy) shows progress and can be cancelled.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveStatic, launch, ask, shots } from "./harness.mjs";

let server, browser, page;
const figures = {};

before(async () => {
  server = await serveStatic();
  browser = await launch();
  page = await browser.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  // Copies land here instead of the system clipboard.
  await page.addInitScript(() => {
    window.__copied = [];
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: async (text) => void window.__copied.push(text) },
    });
  });
  await page.goto(server.url);
  await page.getByRole("list", { name: "Incidents" }).getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });
});

after(async () => {
  console.log("results figures:", JSON.stringify(figures));
  await browser?.close();
  await server?.close();
});

const sidebar = () => page.getByRole("complementary", { name: "KQL" });
const grid = () => sidebar().getByRole("table", { name: "Query result" });

/** Types a query and runs it; resolves with the ms from the click until `ready` holds in the page. */
async function run(query, ready) {
  await page.getByRole("textbox", { name: "KQL query" }).fill(query);
  return page.evaluate(async (ready) => {
    const done = new Function(`return (${ready})`);
    const t0 = performance.now();
    const button = [...document.querySelectorAll(".sc-kql button")].find((b) => b.textContent.trim() === "Run");
    button.click();
    while (!done()) {
      if (performance.now() - t0 > 120_000) throw new Error(`not ready after 2 minutes: ${ready}`);
      await new Promise((r) => requestAnimationFrame(r));
    }
    return performance.now() - t0;
  }, ready);
}

test("100,000 rows: a window of rows in the page, scrolling, sorting, copying as CSV", async () => {
  const ms = await run(
    "range x from 1 to 100000 step 1 | extend Host = strcat('host-', x % 7), Seen = datetime(2026-11-01) + x * 1m",
    `document.querySelector('.sc-kql [role=table][aria-rowcount="100001"] .sc-grid-body [role=row]')`,
  );
  figures["run + render 100k rows (ms)"] = Math.round(ms);
  const table = grid();
  assert.equal(await table.getAttribute("aria-rowcount"), "100001");
  const rendered = await table.locator(".sc-grid-body [role=row]").count();
  assert.ok(rendered > 5 && rendered < 100, `${rendered} rows in the DOM`);
  await sidebar().getByText(/^Showing 1–\d+ of 100,000 rows$/).waitFor();

  // Scroll through the result; every jump renders the rows at the new offset.
  const scrolls = await page.evaluate(async () => {
    const el = document.querySelector('.sc-kql [role=table][aria-rowcount="100001"]');
    const times = [];
    for (const f of [0.1, 0.5, 0.9, 1]) {
      const t0 = performance.now();
      el.scrollTop = f * (el.scrollHeight - el.clientHeight);
      const want = Math.floor(el.scrollTop / 24) + 2;
      const has = () => [...el.querySelectorAll(".sc-grid-body [role=row]")].some((r) => +r.getAttribute("aria-rowindex") === want);
      while (!has()) await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      times.push(performance.now() - t0);
    }
    return times;
  });
  figures["scroll jump to render (ms)"] = scrolls.map((t) => Math.round(t));
  await table.locator('[role=row][aria-rowindex="100001"]').waitFor();
  assert.equal(await table.locator('[role=row][aria-rowindex="100001"] [role=cell]').first().textContent(), "100000");
  assert.ok((await table.locator(".sc-grid-body [role=row]").count()) < 100);

  // Sort by x: ascending, then descending (numbers, not text: 100000 first, not 99999).
  const header = table.getByRole("columnheader", { name: /^x/ });
  await header.getByRole("button").click();
  assert.equal(await header.getAttribute("aria-sort"), "ascending");
  const t0 = Date.now();
  await header.getByRole("button").click();
  assert.equal(await header.getAttribute("aria-sort"), "descending");
  await table.locator('[role=row][aria-rowindex="2"] [role=cell]').first().filter({ hasText: /^100000$/ }).waitFor();
  figures["sort 100k rows, click to rows (ms, incl. driver)"] = Date.now() - t0;
  assert.equal(await table.locator('[role=row][aria-rowindex="3"] [role=cell]').first().textContent(), "99999");

  // Resize a column with the keyboard.
  const handle = table.getByRole("separator", { name: "Resize column Host" });
  const before = Number(await handle.getAttribute("aria-valuenow"));
  await handle.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(Number(await handle.getAttribute("aria-valuenow")), before + 32);

  // And by dragging its handle.
  const box = await handle.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  assert.equal(Number(await handle.getAttribute("aria-valuenow")), before + 72);

  // Copy as CSV, in the sorted order.
  await sidebar().getByRole("combobox", { name: "Copy or download as" }).selectOption("csv");
  await sidebar().getByRole("button", { name: "Copy", exact: true }).click();
  await sidebar().getByText("Copied 100,000 rows as CSV.").waitFor();
  const csv = await page.evaluate(() => window.__copied.at(-1));
  const lines = csv.split("\r\n");
  assert.equal(lines[0], "x,Host,Seen");
  assert.equal(lines[1], "100000,host-5,2027-01-09T10:40:00Z");
  assert.equal(lines.length, 100_002); // header, rows, and the empty string after the last CRLF

  // JSON: typed objects; Markdown: a pipe table; Download: a file.
  await sidebar().getByRole("combobox", { name: "Copy or download as" }).selectOption("json");
  await sidebar().getByRole("button", { name: "Copy", exact: true }).click();
  await sidebar().getByText("Copied 100,000 rows as JSON.").waitFor();
  const json = JSON.parse(await page.evaluate(() => window.__copied.at(-1)));
  assert.deepEqual(json[0], { x: 100000, Host: "host-5", Seen: "2027-01-09T10:40:00.0000000Z" });
  await sidebar().getByRole("combobox", { name: "Copy or download as" }).selectOption("md");
  await sidebar().getByRole("button", { name: "Copy", exact: true }).click();
  await sidebar().getByText("Copied 100,000 rows as Markdown.").waitFor();
  const md = (await page.evaluate(() => window.__copied.at(-1))).split("\n");
  assert.equal(md[0], "| x | Host | Seen |");
  assert.equal(md[1], "| ---: | --- | --- |");
  const download = page.waitForEvent("download");
  await sidebar().getByRole("button", { name: "Download", exact: true }).click();
  assert.equal((await download).suggestedFilename(), "query-result.md");
  await page.screenshot({ path: join(shots, "results-100k.png") });
});

test("render timechart draws an SVG chart with a line per series, a legend and a data table", async () => {
  await run(
    `range i from 0 to 47 step 1
| extend TimeGenerated = datetime(2026-11-26) + i * 30m, Host = iff(i % 3 == 0, 'ws-01', 'ws-02')
| summarize Events = count() by bin(TimeGenerated, 1h), Host
| render timechart with (title='Events per hour', ytitle='Events')`,
    `document.querySelector('.sc-kql svg[role=img]')`,
  );
  const chart = sidebar().getByRole("img", { name: /^Time chart “Events per hour”/ });
  await chart.waitFor();
  assert.match(await chart.getAttribute("aria-label"), /2 series \(ws-01, ws-02\)/);
  assert.equal(await chart.locator("path.sc-chart-line").count(), 2);
  assert.ok((await chart.locator("text.sc-chart-tick").count()) >= 4, "axis ticks");
  await sidebar().getByRole("list", { name: "Legend" }).getByText("ws-02").waitFor();
  await sidebar().getByRole("button", { name: "Show data as table" }).click();
  await sidebar().locator("table.sc-chart-data").getByRole("columnheader", { name: "ws-01" }).waitFor();
  // The grid is still there beside the chart: one row per hour and host, and a header.
  const rows = Number(await grid().getAttribute("aria-rowcount"));
  assert.ok(rows > 24 && rows <= 49, `${rows} rows`);
  await page.screenshot({ path: join(shots, "results-timechart.png") });

  await run(
    "datatable(Country:string, SignIns:long)['US', 45, 'DE', 30, 'FR', 25] | render piechart",
    `document.querySelector('.sc-kql svg[role=img] path.sc-chart-slice')`,
  );
  const pie = sidebar().getByRole("img", { name: /^Pie chart/ });
  assert.equal(await pie.locator("path.sc-chart-slice").count(), 3);
  assert.match(await pie.getAttribute("aria-label"), /US 45%/);

  // A query asked in the chat draws its chart in the answer too.
  const { answer } = await ask(page, "SigninLogs | summarize SignIns = count() by bin(TimeGenerated, 1d) | render columnchart with (title='Sign-ins per day')");
  const column = answer.getByRole("img", { name: /^Column chart “Sign-ins per day”/ });
  await column.waitFor();
  assert.ok((await column.locator("rect.sc-chart-bar").count()) >= 7, "a column per day");
  await answer.getByRole("table", { name: "Query result" }).waitFor();
});

test("a CSV picked with the file button becomes a table to query, and joins demo tables", async () => {
  const csv = [
    "Timestamp,DeviceName,ActionType,RemotePort,Score",
    "2026-11-27T07:00:00Z,ws-01,ConnectionSuccess,443,0.5",
    '2026-11-27T07:05:00Z,"ws-02, lab",ConnectionFailed,443,1',
    "2026-11-27T07:09:00Z,ws-03,ConnectionSuccess,,2",
  ].join("\r\n");
  await sidebar().getByLabel("Open file…").setInputFiles({ name: "hunt-export.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await sidebar().getByText(/hunt-export\.csv is now the table hunt_export: 3 rows, 5 columns/).waitFor();
  await sidebar().getByRole("list", { name: "Tables from your files" }).getByRole("button", { name: "Query hunt_export" }).waitFor();

  await run(
    "hunt_export | where RemotePort == 443 and Timestamp > datetime(2026-11-27T07:01:00Z) | project DeviceName, Score",
    `document.querySelector('.sc-kql [role=table][aria-rowcount="2"]')`,
  );
  await grid().getByRole("cell", { name: "ws-02, lab", exact: true }).waitFor();

  // Joined with a demo table, in the browser.
  await run(
    "hunt_export | extend k = 1 | join kind=inner (SigninLogs | summarize SignIns = count() | extend k = 1) on k | project DeviceName, SignIns",
    `document.querySelector('.sc-kql [role=table][aria-rowcount="4"]')`,
  );
  const signIns = Number(await grid().locator('[role=row][aria-rowindex="2"] [role=cell]').nth(1).textContent());
  assert.ok(signIns > 0, `demo sign-ins: ${signIns}`);

  // Dropped onto the sidebar, as a drag and drop does it.
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{"User":"a@contoso.com","Risk":3}\n{"User":"b@contoso.com","Tags":["x"]}\n'], "risky users.jsonl"));
    return dt;
  });
  await sidebar().dispatchEvent("drop", { dataTransfer: transfer });
  await sidebar().getByText(/risky users\.jsonl is now the table risky_users: 2 rows, 3 columns/).waitFor();

  // A malformed file says where and what.
  await sidebar().getByLabel("Open file…").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n3\n") });
  await sidebar().getByText(/bad\.csv could not be read\. Line 3: this row has 1 field, but the header/).waitFor();
  await page.screenshot({ path: join(shots, "results-file.png"), fullPage: true });
});

test("a 10 MB CSV export is read in the browser and queried", async () => {
  const actions = ["ConnectionSuccess", "ConnectionFailed", "InboundConnectionAccepted", "ListeningConnectionCreated"];
  const lines = ["Timestamp,DeviceName,ActionType,RemoteIP,RemotePort,InitiatingProcessFileName,InitiatingProcessCommandLine"];
  let size = lines[0].length;
  for (let i = 0; size < 10 * 1024 * 1024; i++) {
    const t = new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString();
    const line = `${t},ws-${String(i % 500).padStart(4, "0")}.lakeshoremills.example,${actions[i % 4]},10.${i % 250}.${(i * 7) % 250}.${i % 200},${[443, 80, 3389, 445][i % 4]},powershell.exe,"powershell.exe -nop -c ""iwr http://x/${i}"""`;
    lines.push(line);
    size += line.length + 2;
  }
  const csv = lines.join("\r\n");
  await sidebar().getByLabel("Open file…").setInputFiles({ name: "device-network-events.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await sidebar().getByText(/device-network-events\.csv is now the table device_network_events: [\d,]+ rows, 7 columns/).waitFor({ timeout: 120_000 });
  const parse = await page.evaluate(() => performance.getEntriesByName("sc-file-parse").at(-1).duration);
  figures["parse 10 MB CSV (ms)"] = Math.round(parse);
  figures["10 MB CSV rows"] = lines.length - 1;
  const ms = await run(
    "device_network_events | where RemotePort == 3389 | summarize Connections = count(), Devices = dcount(DeviceName) by ActionType",
    `document.querySelector('.sc-kql [role=table][aria-rowcount="2"]')`,
  );
  figures["query over the 10 MB file (ms)"] = Math.round(ms);
  await grid().getByRole("cell", { name: "InboundConnectionAccepted", exact: true }).waitFor();
});

test("Cancel stops a long query in the worker: the next query answers at once, the panel's files are still there", async () => {
  const side = sidebar();
  await side.getByLabel("Open file…").setInputFiles({ name: "cancel-probe.csv", mimeType: "text/csv", buffer: Buffer.from("Host,Seen\nws-01,3\nws-02,5\n") });
  await side.getByText(/cancel-probe\.csv is now the table cancel_probe: 2 rows/).waitFor();
  const editor = page.getByRole("textbox", { name: "KQL query" });
  // Minutes of work for the engine (half a billion list items, nothing kept), so that only
  // stopping it lets the next query through within the waits below.
  await editor.fill('range x from 1 to 1000000 step 1 | where strlen(strcat_array(range(x, x + 500, 1), ",")) < 0 | count');
  await side.getByRole("button", { name: "Run", exact: true }).click();
  await side.getByRole("button", { name: "Cancel", exact: true }).click({ timeout: 30_000 });
  await side.getByText(/^Cancelled\./).waitFor();
  const runNow = async (query) => {
    await editor.fill(query);
    await side.getByRole("button", { name: "Run", exact: true }).click();
  };
  await runNow("cancel_probe | summarize ProbeTotal = sum(Seen)");
  await grid().getByRole("columnheader", { name: /ProbeTotal/ }).waitFor({ timeout: 60_000 });
  await grid().getByRole("cell", { name: "8", exact: true }).waitFor();
  await runNow("SecurityIncident | summarize DemoIncidents = dcount(IncidentNumber)");
  await grid().getByRole("columnheader", { name: /DemoIncidents/ }).waitFor({ timeout: 60_000 });
  const incidents = Number(await grid().locator('[role=row][aria-rowindex="2"] [role=cell]').first().textContent());
  assert.ok(incidents > 20, `demo incidents after the worker was replaced: ${incidents}`);
});

test("a file that takes long to read shows progress and Cancel; nothing of it is added", async () => {
  const side = sidebar();
  const editor = page.getByRole("textbox", { name: "KQL query" });
  // The worker is busy with a long query, so the file waits its turn (longer than 200 ms).
  await editor.fill('range x from 1 to 1000000 step 1 | where strlen(strcat_array(range(x, x + 500, 1), ",")) < 0 | count');
  await side.getByRole("button", { name: "Run", exact: true }).click();
  await side.getByLabel("Open file…").setInputFiles({ name: "late-file.csv", mimeType: "text/csv", buffer: Buffer.from("Host,Seen\nws-09,1\n") });
  await side.getByText(/Reading… \d+\.\d s/).waitFor({ timeout: 30_000 });
  await side.getByRole("button", { name: "Cancel reading" }).click();
  await side.getByText("Stopped reading; nothing was added from the file.").waitFor();
  await side.getByRole("button", { name: "Cancel", exact: true }).click({ timeout: 30_000 });
  await side.getByText(/^Cancelled\./).waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await side.getByRole("list", { name: "Tables from your files" }).getByText("late_file").count(), 0);
  assert.equal(await side.getByRole("button", { name: "Cancel reading" }).isVisible(), false);
});

test("a slow query shows progress and Cancel, which keeps the earlier result", async () => {
  const slow = await browser.newPage();
  const fake = "http://127.0.0.1:9/fake-proxy";
  let queries = 0;
  // Later queries answer only when the test lets them (after it has cancelled them), however
  // slow the machine.
  const held = [];
  const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "*" };
  await slow.route(`${fake}/**`, async (route) => {
    const req = route.request();
    if (req.method() === "OPTIONS") return route.fulfill({ status: 204, headers: cors });
    if (req.url().includes("/la/")) {
      const n = ++queries;
      if (n > 1) await new Promise((r) => held.push(r));
      return route
        .fulfill({
          headers: { ...cors, "content-type": "application/json" },
          body: JSON.stringify({ tables: [{ name: "PrimaryResult", columns: [{ name: "RunNumber", type: "long" }], rows: [[n]] }] }),
        })
        .catch(() => {});
    }
    return route.fulfill({ headers: { ...cors, "content-type": "application/json" }, body: JSON.stringify({ value: [] }) });
  });
  const params = new URLSearchParams({
    proxyUrl: fake,
    subscriptionId: "6b1f0c9e-3a2d-4c5b-8e7f-0a1b2c3d4e5f",
    resourceGroup: "soc-rg",
    workspaceName: "soc-ws",
    workspaceId: "0f1e2d3c-4b5a-6978-8a9b-c0d1e2f3a4b5",
  });
  await slow.goto(`${server.url}?${params}`);
  const side = slow.getByRole("complementary", { name: "KQL" });
  const editor = slow.getByRole("textbox", { name: "KQL query" });
  const runButton = side.getByRole("button", { name: "Run", exact: true });
  await editor.fill("SecurityEvent | take 1");
  await runButton.click();
  await side.getByRole("table", { name: "Query result" }).getByRole("cell", { name: "1", exact: true }).waitFor({ timeout: 30_000 });

  await editor.fill("SecurityEvent | take 2");
  await runButton.click();
  await side.getByText(/^Running… \d+\.\d s$/).waitFor({ timeout: 30_000 });
  assert.ok(await runButton.isDisabled(), "Run is disabled while a query runs");
  await side.getByRole("button", { name: "Cancel" }).click();
  await side.getByText("Cancelled. The earlier result is still shown.").waitFor();
  // Escape in the sidebar cancels too.
  await runButton.click();
  await side.getByRole("button", { name: "Cancel" }).waitFor();
  await editor.focus();
  await slow.keyboard.press("Escape");
  await side.getByText("Cancelled. The earlier result is still shown.").waitFor();
  assert.ok(!(await runButton.isDisabled()), "Run is enabled again");
  assert.equal(await editor.inputValue(), "SecurityEvent | take 2");
  await side.getByRole("table", { name: "Query result" }).getByRole("cell", { name: "1", exact: true }).waitFor();
  // The abandoned answers, when they come, do not replace the result.
  held.forEach((release) => release());
  await slow.waitForTimeout(1500);
  assert.equal(await side.getByRole("table", { name: "Query result" }).getByRole("cell", { name: /^[23]$/ }).count(), 0);
  await slow.close();
});
