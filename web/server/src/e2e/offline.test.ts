// An unstable connection in a real browser (issue 14): the village operator
// saves a new household while the browser is offline; the console keeps the
// send in memory (the pending banner) and nowhere else (no web storage,
// IndexedDB or cookie holds the household), and sends it once the browser is
// back online. A resend after a lost answer reuses the request id, so the
// server holds exactly one proposal for each household entered.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { screenshot } from "./browser.js";
import { fillHousehold, signInAs, startConsole, stopConsole, type ConsoleRun } from "./console_steps.js";
import { call } from "./session.js";

let run: ConsoleRun;
let page: Page;
let web: string;

const households = [
  { kk: "3201010201260009", nik: "3201011901770025", name: "Komarudin", sex: "1", birth: "1977-01-19" },
  { kk: "3201010201260011", nik: "3201013007880028", name: "Usep Saepuloh", sex: "1", birth: "1988-07-30" },
];

async function fill(h: (typeof households)[number]): Promise<void> {
  await page.goto(`${web}/proposals/new`);
  await fillHousehold(page, {
    ...h, address: "Kampung Sukajaya RT 009 RW 004", job: "buruh tani",
    floorM2: "16", incomeIdr: "450000", expenditureIdr: "600000",
  });
}

// Every proposal of the operator's village, as the server has them.
async function proposalCount(): Promise<number> {
  const answer = await call(page, "ProposalService/ListProposals", { pageSize: 500 });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return ((answer.body["proposals"] as unknown[] | undefined) ?? []).length;
}

// What the browser keeps: web storage, IndexedDB's databases, and cookies.
async function browserStorage(): Promise<{ text: string; databases: number }> {
  const inPage = await page.evaluate(async () => {
    const dump = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i)!)]));
    const databases = await indexedDB.databases();
    return { text: JSON.stringify({ local: dump(localStorage), session: dump(sessionStorage), databases }), databases: databases.length };
  });
  return { text: inPage.text + JSON.stringify(await run.browser.context.cookies()), databases: inPage.databases };
}

before(async () => {
  run = await startConsole();
  ({ page, web } = run);
});

after(() => stopConsole(run));

describe("an unstable connection", () => {
  test("a household saved offline waits in memory only and is created once when back online", async () => {
    await signInAs(run, "operator.sukajaya");
    assert.equal(await proposalCount(), 0);
    const h = households[0]!;
    await fill(h);
    await run.browser.context.setOffline(true);
    await page.getByTestId("save-draft").click();
    await page.getByTestId("pending-sends").waitFor();
    await screenshot(page, "offline-pending");
    const kept = await browserStorage();
    for (const secret of [h.nik, h.kk, h.name]) assert.ok(!kept.text.includes(secret), `the browser's storage holds ${secret}: ${kept.text}`);
    assert.equal(kept.databases, 0, `no IndexedDB database: ${kept.text}`);
    await run.browser.context.setOffline(false);
    await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await page.getByTestId("pending-sends").waitFor({ state: "detached" });
    assert.equal(await proposalCount(), 1, "exactly one proposal for the household");
  });

  test("a resend after a lost answer does not create a second proposal", async () => {
    await fill(households[1]!);
    let lost = 0;
    await page.route("**/usulan.v1.ProposalService/CreateProposal", async (route) => {
      if (lost++ > 0) return route.continue();
      await route.fetch(); // the server creates it; its answer never reaches the page
      await route.abort("connectionreset");
    });
    await page.getByTestId("save-draft").click();
    await page.getByTestId("pending-sends").waitFor();
    await page.getByTestId("retry-now").click();
    await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await page.unroute("**/usulan.v1.ProposalService/CreateProposal");
    assert.ok(lost >= 2, `the create was sent again (${lost} sends)`);
    assert.equal(await proposalCount(), 2, "one proposal per household entered");
  });
});
