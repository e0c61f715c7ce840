// A citizen in a real browser on a phone-sized screen (issue 15, "Citizens"):
// warga.siti signs in and lands on her own page (/warga) with no office screen
// reachable, files her own household (the KK comes from her account) with a
// house photo, and sees it "Menunggu diperiksa operator desa" under "Usulan
// saya"; the page fits 360 px, is axe-clean, switches to English, and nothing
// personal is left in the browser's storage. Then, on the same stack, the
// offices' screens of the new routes (route_steps.ts): the village takes her
// proposal up.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { axeScreens, dependentSteps, fileOwnHousehold, fitsWidth, signInAs, startConsole, stopConsole, type ConsoleRun } from "./console_steps.js";
import { routeSteps } from "./route_steps.js";
import { call } from "./session.js";

let run: ConsoleRun;
let page: Page;
let web: string;
const siti = { nik: "3201015203870040", name: "Siti Rahmawati", sex: "2", birth: "1987-03-12", kk: "3201010201260021" };
const step = dependentSteps(() => page, "citizen");
const { violations, check } = axeScreens("citizen");
let sitiFiling = "";

before(async () => {
  ({ page, web } = run = await startConsole({ width: 360, height: 780 }));
});

after(() => stopConsole(run));

step("warga.siti signs in and lands on her own page, with no office screen", async () => {
  await signInAs(run, "warga.siti");
  await page.waitForURL(/\/warga$/);
  await page.getByRole("heading", { name: "Usulkan rumah tangga" }).waitFor();
  assert.equal(await page.getByTestId("nav-home").count(), 0, "no office work queue in the navigation");
  // An office screen's address leads back to her page.
  await page.goto(`${web}/proposals/new`);
  await page.waitForURL(/\/warga$/);
  await page.getByRole("heading", { name: "Usulan saya" }).waitFor();
  await fitsWidth(page, 360);
  await check(page, "page");
});

step("she files her own household with a house photo and sees it waiting for the village", async () => {
  await page.getByTestId("citizen-own").check();
  assert.equal(await page.getByTestId("hh-kk").count(), 0, "her own KK comes from her account");
  await fileOwnHousehold(page, siti, "Atap bocor dan penghasilan tidak tetap");
  const status = page.getByTestId("filing-status").first();
  await status.waitFor();
  assert.equal(await status.innerText(), "Menunggu diperiksa operator desa");
  // Her own household: the names she filed are shown back, never a number.
  assert.ok((await page.getByTestId("filing").first().innerText()).includes(siti.name));

  const mine = await call(page, "CitizenService/ListMyFilings", {});
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  const filings = mine.body["filings"] as Array<Record<string, unknown>>;
  assert.equal(filings.length, 1);
  sitiFiling = filings[0]!["proposalId"] as string;
  assert.equal(filings[0]!["state"], "PROPOSAL_STATE_CITIZEN_PROPOSED");
  assert.equal(filings[0]!["route"], "PROPOSAL_ROUTE_CITIZEN_PROPOSAL");
  // The offices' calls are closed to her: her desa does not open its proposals.
  const queue = await call(page, "ProposalService/ListProposals", {});
  assert.equal(queue.status, 403, JSON.stringify(queue.body));

  const kept = await page.evaluate(async () => {
    const dump = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i), s.getItem(s.key(i)!)]));
    return JSON.stringify({ local: dump(localStorage), session: dump(sessionStorage), databases: await indexedDB.databases() });
  });
  for (const secret of [siti.nik, siti.kk, siti.name, "Atap bocor"]) {
    assert.ok(!kept.includes(secret), `the browser's storage holds ${secret}: ${kept}`);
  }
  await fitsWidth(page, 360);
  await check(page, "filed");
});

step("the page reads in English too (the server's status text stays in Bahasa)", async () => {
  await page.getByTestId("lang-switch").getByText("EN").click();
  await page.getByRole("heading", { name: "My proposals" }).waitFor();
  await page.getByRole("heading", { name: "Propose a household" }).waitFor();
  await fitsWidth(page, 360);
  await check(page, "english");
  await page.getByTestId("lang-switch").getByText("ID").click();
});

routeSteps({ run: () => run, step, check, siti: { nik: siti.nik, proposalId: () => sitiFiling } });

test("axe finds nothing serious or critical on the citizen's page and the new routes' screens", () => {
  assert.deepEqual(violations, Object.fromEntries(Object.keys(violations).map((k) => [k, []])));
});
