// The incident experiences end to end: summary, guided response that really closes an incident,
// the report, the promptbook, and feedback that survives a reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { serveStatic, launch, ask, shots } from "./harness.mjs";

let server, browser, page;

before(async () => {
  server = await serveStatic();
  browser = await launch();
  page = await browser.newPage();
  await page.goto(server.url);
  await queue().getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const queue = () => page.getByRole("list", { name: "Incidents" });
const pane = () => page.getByRole("region", { name: "Incident", exact: true });

test("summary, guided response and report of an open incident; closing it through a card", async () => {
  // The first open incident in the queue.
  const open = queue().getByRole("button").filter({ hasText: /New ·|Active ·/ }).first();
  const title = await open.locator(".sc-incident-title").textContent();
  const number = title.match(/^#(\d+)/)[1];
  await open.click();
  await pane().getByText(/^Summary of incident/).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(shots, "summary.png"), fullPage: true });

  await pane().getByRole("tab", { name: "Guided response" }).click();
  const cards = pane().getByRole("list", { name: "Guided response" });
  const close = cards.getByRole("listitem").filter({ hasText: /Classify as \w+ and close/ }).first();
  await close.waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(shots, "guided-response.png"), fullPage: true });
  await close.getByRole("button", { name: "Apply…" }).click();
  // Nothing changes before the analyst confirms.
  const chosen = queue().getByRole("button").filter({ hasText: `#${number} ` });
  assert.match(await chosen.textContent(), /New ·|Active ·/);
  await close.getByRole("alertdialog", { name: "Confirm action" }).getByRole("button", { name: "Confirm" }).click();
  // The pane reloads the incident: its status reads Closed and the triage card is done.
  await pane().locator("dd", { hasText: /^Closed$/ }).waitFor({ timeout: 30_000 });
  await pane().getByText(/^Already closed as/).waitFor();

  // The queue shows it closed, and the log has a new SecurityIncident row saying so.
  await queue().getByRole("button").filter({ hasText: `#${number} ` }).filter({ hasText: "Closed ·" }).waitFor();
  const editor = page.getByRole("textbox", { name: "KQL query" });
  await editor.fill(
    `SecurityIncident | where IncidentNumber == ${number} | summarize arg_max(TimeGenerated, *) by IncidentNumber | project IncidentNumber, Status, Classification`,
  );
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const result = page.getByRole("complementary", { name: "KQL" }).getByRole("table");
  await result.getByRole("cell", { name: "Closed", exact: true }).waitFor({ timeout: 30_000 });

  await pane().getByRole("tab", { name: "Report" }).click();
  await pane().getByRole("checkbox", { name: "Executive version" }).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(shots, "report.png"), fullPage: true });
});

test("the incident investigation promptbook runs step by step", async () => {
  const first = await queue().getByRole("listitem").first().locator(".sc-incident-title").textContent();
  const number = first.match(/^#(\d+)/)[1];
  const { answer } = await ask(page, `investigate incident ${number}`);
  assert.doesNotMatch(await answer.textContent(), /could not answer/i);
  for (let step = 0; step < 5; step++) {
    const { answer: next } = await ask(page, "next");
    assert.ok((await next.textContent()).length > 20);
  }
  await page.screenshot({ path: join(shots, "promptbook.png"), fullPage: true });
});

test("feedback on an answer survives a reload", async () => {
  const { answer } = await ask(page, "How many incidents are there by severity?");
  await answer.waitFor();
  const log = page.getByRole("log");
  const bars = log.getByRole("group", { name: "Feedback on this answer" });
  const bar = bars.last();
  await bar.getByRole("textbox", { name: "Feedback comment" }).fill("the counts match the queue");
  await bar.getByRole("button", { name: "Needs improvement" }).click();
  await bar.getByText("Thanks — feedback saved.").waitFor();
  await page.reload();
  await queue().getByRole("listitem").nth(24).waitFor({ timeout: 60_000 });
  const stored = await page.evaluate(() => localStorage.getItem("sentinel-copilot.feedback"));
  assert.match(stored, /NeedsImprovement/);
  assert.match(stored, /the counts match the queue/);
});
